package aadhaarxml

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"regexp"
)

// Default caps for [OpenZIP].
const (
	// DefaultMaxZIPSize caps the ZIP file itself (real files are 3–8 KB).
	DefaultMaxZIPSize = 2 << 20
	// DefaultMaxXMLSize caps the decompressed XML and the input of
	// [Verifier.VerifyXML] (real files are 5–10 KB).
	DefaultMaxXMLSize = 1 << 20
)

// ZIPOptions holds the optional limits of [OpenZIP]. A nil *ZIPOptions, or a
// zero field, means the default.
type ZIPOptions struct {
	// MaxZIPSize caps the ZIP size and the entry's compressed size.
	// Default [DefaultMaxZIPSize].
	MaxZIPSize int64
	// MaxXMLSize caps the entry's uncompressed size (zip bombs are cut off
	// while inflating, whatever the headers claim). Default
	// [DefaultMaxXMLSize].
	MaxXMLSize int64
}

func (o *ZIPOptions) limits() (zipMax, xmlMax int64) {
	zipMax, xmlMax = DefaultMaxZIPSize, DefaultMaxXMLSize
	if o != nil && o.MaxZIPSize > 0 {
		zipMax = o.MaxZIPSize
	}
	if o != nil && o.MaxXMLSize > 0 {
		xmlMax = o.MaxXMLSize
	}
	return
}

var entryName = regexp.MustCompile(`^offlineaadhaar[0-9]{1,32}\.xml$`)

// ZIP general-purpose flag bits and methods.
const (
	flagEncrypted      = 0x1
	flagDataDescriptor = 0x8
	flagStrongEncrypt  = 0x40
	methodAES          = 99
	zipCryptoHeaderLen = 12
)

// OpenZIP decrypts UIDAI's share-code-protected Offline e-KYC ZIP and returns
// the XML inside it, unverified (pass it to [Verifier.VerifyXML], or use
// [Verifier.VerifyZIP]).
//
// The ZIP must hold exactly one entry named offlineaadhaar<digits>.xml,
// encrypted with traditional PKWARE encryption ("ZipCrypto", which UIDAI
// uses) and stored or Deflate-compressed. The share code may be any string
// (UIDAI has used 4 digits as well as phrases like "Abc@123"). The
// encryption header's check byte is compared with the high byte of the DOS
// modification time when the entry has a data descriptor (general-purpose
// bit 3, as UIDAI's files do) and with the CRC's high byte otherwise. A
// decrypted entry must inflate within the size cap and match its CRC-32.
//
// WinZip AES entries (method 99) are reported as [ErrUnsupportedZip], not
// decrypted: UIDAI does not produce them. Errors wrap [ErrTooLarge],
// [ErrUnsupportedZip], [ErrWrongShareCode] or [ErrMalformed].
func OpenZIP(data []byte, shareCode string, opts *ZIPOptions) ([]byte, error) {
	zipMax, xmlMax := opts.limits()
	if int64(len(data)) > zipMax {
		return nil, fmt.Errorf("%w: zip larger than %d bytes", ErrTooLarge, zipMax)
	}
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: not a zip archive", ErrMalformed)
	}
	if r == nil || len(r.File) != 1 {
		return nil, fmt.Errorf("%w: want exactly one entry", ErrUnsupportedZip)
	}
	f := r.File[0]
	if !entryName.MatchString(f.Name) {
		return nil, fmt.Errorf("%w: entry is not named offlineaadhaar<digits>.xml", ErrUnsupportedZip)
	}
	switch {
	case f.Method == methodAES:
		return nil, fmt.Errorf("%w: winzip aes encryption (method 99) is not used by uidai and not supported", ErrUnsupportedZip)
	case f.Flags&flagStrongEncrypt != 0:
		return nil, fmt.Errorf("%w: pkware strong encryption", ErrUnsupportedZip)
	case f.Flags&flagEncrypted == 0:
		return nil, fmt.Errorf("%w: entry is not encrypted", ErrUnsupportedZip)
	case f.Method != zip.Store && f.Method != zip.Deflate:
		return nil, fmt.Errorf("%w: compression method %d", ErrUnsupportedZip, f.Method)
	}
	if f.CompressedSize64 > uint64(zipMax) {
		return nil, fmt.Errorf("%w: compressed entry larger than %d bytes", ErrTooLarge, zipMax)
	}
	if f.UncompressedSize64 > uint64(xmlMax) {
		return nil, fmt.Errorf("%w: entry larger than %d bytes", ErrTooLarge, xmlMax)
	}
	if f.CompressedSize64 < zipCryptoHeaderLen {
		return nil, fmt.Errorf("%w: encrypted entry too short", ErrMalformed)
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, fmt.Errorf("%w: entry data", ErrMalformed)
	}
	enc := make([]byte, f.CompressedSize64)
	if _, err := io.ReadFull(raw, enc); err != nil {
		return nil, fmt.Errorf("%w: truncated entry", ErrMalformed)
	}

	var z zipCrypto
	z.init(shareCode)
	z.decrypt(enc[:zipCryptoHeaderLen])
	check := byte(f.CRC32 >> 24)
	if f.Flags&flagDataDescriptor != 0 {
		check = byte(f.ModifiedTime >> 8)
	}
	if enc[zipCryptoHeaderLen-1] != check {
		return nil, ErrWrongShareCode
	}
	body := enc[zipCryptoHeaderLen:]
	z.decrypt(body)

	var out []byte
	if f.Method == zip.Store {
		if int64(len(body)) > xmlMax {
			return nil, fmt.Errorf("%w: entry larger than %d bytes", ErrTooLarge, xmlMax)
		}
		out = body
	} else {
		fr := flate.NewReader(bytes.NewReader(body))
		out, err = io.ReadAll(io.LimitReader(fr, xmlMax+1))
		if err != nil {
			return nil, ErrWrongShareCode
		}
		if int64(len(out)) > xmlMax {
			return nil, fmt.Errorf("%w: entry inflates beyond %d bytes", ErrTooLarge, xmlMax)
		}
	}
	if crc32.ChecksumIEEE(out) != f.CRC32 || uint64(len(out)) != f.UncompressedSize64 {
		return nil, ErrWrongShareCode
	}
	return out, nil
}

// zipCrypto is the traditional PKWARE stream cipher (APPNOTE.TXT 6.1). It is
// weak and only used because UIDAI's ZIPs use it; the XML signature, not the
// share code, is what makes a document trustworthy.
type zipCrypto struct{ k0, k1, k2 uint32 }

var crcTable = crc32.MakeTable(crc32.IEEE)

func crc32Byte(crc uint32, b byte) uint32 { return crcTable[byte(crc)^b] ^ (crc >> 8) }

func (z *zipCrypto) init(password string) {
	z.k0, z.k1, z.k2 = 0x12345678, 0x23456789, 0x34567890
	for i := 0; i < len(password); i++ {
		z.update(password[i])
	}
}

func (z *zipCrypto) update(p byte) {
	z.k0 = crc32Byte(z.k0, p)
	z.k1 = (z.k1+(z.k0&0xff))*134775813 + 1
	z.k2 = crc32Byte(z.k2, byte(z.k1>>24))
}

func (z *zipCrypto) stream() byte {
	t := uint16(z.k2 | 2)
	return byte((uint32(t) * uint32(t^1)) >> 8)
}

func (z *zipCrypto) decrypt(b []byte) {
	for i, c := range b {
		p := c ^ z.stream()
		z.update(p)
		b[i] = p
	}
}
