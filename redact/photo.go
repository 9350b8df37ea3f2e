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
	name := photoName(s[i:hi])
	if name == "" {
		return match{}, false
	}
	// Walk the base64 run, counting data characters.
	n := 0
	k := i
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
	pad := 0
	for k < hi && s[k] == '=' && pad < 2 {
		k++
		pad++
	}
	if n < 16 {
		return match{}, false
	}
	size := n * 3 / 4
	if size < r.minPhoto {
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

// photoName returns the type whose base64 magic b starts with, or "".
func photoName(b []byte) string {
	for _, m := range photoMagic {
		if len(b) > 0 && b[0] == m.b64[0] && bytes.HasPrefix(b, []byte(m.b64)) {
			return m.name
		}
	}
	return ""
}

// photoLabel returns the type and decoded size of a match of photoAt, v,
// for its tag: v holds the base64 characters photoAt counted, the line
// breaks it let through and up to two '=' of padding, so the count is its
// length less those (counted by bytes.Count, faster than a second walk).
func photoLabel(v []byte) (name string, size int) {
	n := len(v) - bytes.Count(v, []byte{'\n'}) - bytes.Count(v, []byte{'\r'})
	for k := len(v); k > 0 && v[k-1] == '='; k-- {
		n--
	}
	return photoName(v), n * 3 / 4
}
