// Photos and documents: base64 images, PDFs and ZIPs recognised by the
// magic bytes of their decoded start.

package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"math/bits"
)

// photo magics, as the base64 of their first bytes.
var photoMagic = []struct {
	b64  string // first base64 characters, for a cheap pre-check
	raw  []byte
	name string
}{
	{"/9j/", []byte{0xFF, 0xD8, 0xFF}, "jpeg"},
	{"iVBORw0KGgo", []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, "png"},
	{"AAAADGpQ", []byte{0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', '\r', '\n', 0x87, '\n'}, "jp2"},
	{"/0//UQ", []byte{0xFF, 0x4F, 0xFF, 0x51}, "j2k"},
	{"JVBERi0", []byte("%PDF-"), "pdf"},
	{"UEsDB", []byte{'P', 'K', 3, 4}, "zip"},
}

// photoAt matches a base64 photo or document at s[i], recognised by the
// magic bytes of its decoded start, whose decoded size is at least
// MinPhotoBytes. Line breaks inside the base64 are allowed.
func (r *Redactor) photoAt(s []byte, i, hi int) (match, bool) {
	name, n, k := photoRun(s, i, hi)
	if name == "" || n < 16 || n*3/4 < r.minPhoto {
		return match{}, false
	}
	var dec [12]byte
	if _, err := base64.StdEncoding.Decode(dec[:], s[i:i+16]); err != nil {
		return match{}, false
	}
	for _, m := range photoMagic {
		if m.name == name && !bytes.HasPrefix(dec[:], m.raw) {
			return match{}, false
		}
	}
	return match{kind: Photo, start: i, end: k}, true
}

// photoRun reads the base64 run at s[i] that may be a photo: the name of
// the type its first characters announce ("" when none, and then nothing
// more is read), how many base64 characters it holds, and its end after
// up to two '=' of padding. On the bytes of a match it reads the same
// again, which is how the tag learns the type and size (see render).
func photoRun(s []byte, i, hi int) (name string, n, k int) {
	for _, m := range photoMagic {
		if s[i] == m.b64[0] && bytes.HasPrefix(s[i:hi], []byte(m.b64)) {
			name = m.name
			break
		}
	}
	if name == "" {
		return "", 0, i
	}
	// Walk the base64 run, counting data characters.
	k = i
	for k < hi {
		if k+8 <= hi {
			// Eight bytes at a time to the first that is not base64.
			if t := bits.TrailingZeros64(nonB64Std8(binary.LittleEndian.Uint64(s[k:]))) >> 3; t > 0 {
				n += t
				k += t
				continue
			}
		}
		c := s[k]
		if isB64Std(c) {
			n++
			k++
			continue
		}
		if (c == '\n' || c == '\r') && k+1 < hi && (isB64Std(s[k+1]) || s[k+1] == '\n') {
			k++
			continue
		}
		break
	}
	for pad := 0; k < hi && s[k] == '=' && pad < 2; pad++ {
		k++
	}
	return name, n, k
}
