package normalize

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
)

// Media types a photo may be detected as.
const (
	MediaJPEG     = "image/jpeg"
	MediaPNG      = "image/png"
	MediaJPEG2000 = "image/jp2" // JP2 container or a raw J2K codestream
)

// DefaultMaxPhotoBytes is the default cap on a decoded photo (1 MiB).
// Aadhaar photos are 2–40 KB; 1Kosmos document images reach ~300 KB.
const DefaultMaxPhotoBytes = 1 << 20

// A PhotoValue is a photo as found in a source: either image bytes with a
// media type detected from their magic bytes, or a URL (never fetched).
type PhotoValue struct {
	MediaType string // MediaJPEG, MediaPNG or MediaJPEG2000; "" for a URL
	Data      []byte // decoded image bytes; nil for a URL
	URL       string // an http(s) URL, as given
	// base64 is the canonical standard base64 of Data when it could be
	// reused from the input without re-encoding.
	base64 string
}

// DataURI renders the photo as an RFC 2397 data: URI with base64 content,
// the form the EU PID uses for portraits ("" for a URL).
func (p PhotoValue) DataURI() string {
	if p.Data == nil {
		return ""
	}
	b64 := p.base64
	if b64 == "" {
		b64 = base64.StdEncoding.EncodeToString(p.Data)
	}
	return "data:" + p.MediaType + ";base64," + b64
}

// Photo reads a photo given as standard or URL-safe base64 (with or without
// padding, line breaks allowed), as a data: URI (its declared type is
// ignored; the bytes decide), or as an http(s) URL. The decoded bytes must
// start with the magic of JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A),
// a JPEG 2000 codestream (FF 4F FF 51) or a JP2 container. JPEG 2000 is
// detected, never decoded or transcoded. Placeholders such as
// "<base64 encoded image>", "base64_image" or "...base64..." give
// [ErrEmpty]; bad base64, unknown types and photos over maxBytes (0 means
// [DefaultMaxPhotoBytes]) give [ErrPhoto].
func Photo(s string, maxBytes int) (PhotoValue, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxPhotoBytes
	}
	s = strings.TrimSpace(s)
	if isPlaceholder(s) {
		return PhotoValue{}, ErrEmpty
	}
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
		if strings.ContainsAny(s, " <>\"") {
			return PhotoValue{}, fmt.Errorf("%w: field %q", ErrPhoto, "photo")
		}
		return PhotoValue{URL: s}, nil
	}
	if strings.HasPrefix(s, "data:") {
		i := strings.Index(s, ";base64,")
		if i < 0 {
			return PhotoValue{}, fmt.Errorf("%w: data uri is not base64", ErrPhoto)
		}
		s = s[i+len(";base64,"):]
	}
	if base64.StdEncoding.DecodedLen(len(s)) > maxBytes+3 {
		return PhotoValue{}, fmt.Errorf("%w: larger than %d bytes", ErrPhoto, maxBytes)
	}
	data, canonical, err := decodeBase64(s)
	if err != nil {
		return PhotoValue{}, fmt.Errorf("%w: bad base64", ErrPhoto)
	}
	if len(data) > maxBytes {
		return PhotoValue{}, fmt.Errorf("%w: larger than %d bytes", ErrPhoto, maxBytes)
	}
	mt := SniffImage(data)
	if mt == "" {
		return PhotoValue{}, fmt.Errorf("%w: unknown image type", ErrPhoto)
	}
	p := PhotoValue{MediaType: mt, Data: data}
	if canonical {
		p.base64 = s
	}
	return p, nil
}

// SniffImage returns the media type of image bytes from their magic
// number, or "" when the type is not one a KYC source uses.
func SniffImage(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return MediaJPEG
	case len(b) >= 8 && bytes.Equal(b[:8], []byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}):
		return MediaPNG
	case len(b) >= 4 && bytes.Equal(b[:4], []byte{0xFF, 0x4F, 0xFF, 0x51}):
		return MediaJPEG2000
	case len(b) >= 12 && bytes.Equal(b[:12], []byte{0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A}):
		return MediaJPEG2000
	}
	return ""
}

// decodeBase64 decodes standard or URL-safe base64, padded or not, with
// white space anywhere. canonical reports whether s already was padded
// standard base64 without white space (so it can be reused verbatim).
func decodeBase64(s string) (data []byte, canonical bool, err error) {
	if s == "" {
		return nil, false, ErrEmpty
	}
	data, err = base64.StdEncoding.DecodeString(s)
	if err == nil {
		return data, !strings.ContainsAny(s, "\r\n"), nil
	}
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\r', '\t':
			return -1
		case '-':
			return '+'
		case '_':
			return '/'
		}
		return r
	}, s)
	clean = strings.TrimRight(clean, "=")
	data, err = base64.RawStdEncoding.DecodeString(clean)
	return data, false, err
}

func isPlaceholder(s string) bool {
	if s == "" || s[0] == '<' || strings.Contains(s, "...") {
		return true
	}
	if len(s) > 16 {
		return false
	}
	switch strings.ToLower(s) {
	case "base64_image", "photo_link", "base64", "null", "string":
		return true
	}
	return false
}

// b64std marks the characters of the standard base64 alphabet.
var b64std = func() (t [256]bool) {
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = true
	}
	return t
}()

// photoDataURI is the builder's fast path for the common case, canonical
// padded standard base64: it checks the alphabet and padding in one pass
// and decodes only the first bytes for the magic number, so a 40 KB photo
// is neither decoded nor copied more than once (into the data: URI). Other
// forms go through [Photo].
func photoDataURI(s string, maxBytes int) (uri string, p PhotoValue, err error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxPhotoBytes
	}
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "data:") {
		if i := strings.Index(s, ";base64,"); i >= 0 {
			s = s[i+len(";base64,"):]
		}
	}
	if n := len(s); n >= 16 && n%4 == 0 && !isPlaceholder(s) {
		pad := 0
		if s[n-1] == '=' {
			pad++
			if s[n-2] == '=' {
				pad++
			}
		}
		ok := true
		for i := 0; i < n-pad; i++ {
			if !b64std[s[i]] {
				ok = false
				break
			}
		}
		if ok {
			if n/4*3-pad > maxBytes {
				return "", PhotoValue{}, fmt.Errorf("%w: larger than %d bytes", ErrPhoto, maxBytes)
			}
			head, err := base64.StdEncoding.DecodeString(s[:16])
			if err != nil {
				return "", PhotoValue{}, fmt.Errorf("%w: bad base64", ErrPhoto)
			}
			mt := SniffImage(head)
			if mt == "" {
				return "", PhotoValue{}, fmt.Errorf("%w: unknown image type", ErrPhoto)
			}
			return "data:" + mt + ";base64," + s, PhotoValue{MediaType: mt}, nil
		}
	}
	p, err = Photo(s, maxBytes)
	if err != nil || p.URL != "" {
		return "", p, err
	}
	return p.DataURI(), p, nil
}
