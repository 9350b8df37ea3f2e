package boltstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/kyckit/kyckit/retention"
)

// The key-slot file (PATH.keyslots) holds every wrapped data key, one per
// fixed-size slot, so that no key ever enters the bbolt file. bbolt is
// copy-on-write: a value overwritten or deleted stays in a freed page until
// bbolt happens to reuse the page, and with the key-encryption key still in
// use the old wrapped key would open a ciphertext also left behind. A
// slot, by contrast, is overwritten in place: erasure writes zeros over it
// and syncs the file before the transaction that tombstones the record
// commits.
//
// Layout: a 512-byte header (slotMagic, then zeros), then slots of
// slotSize bytes: used(1)=1, reserved(1)=0, length(2, big endian),
// CRC-32C of the key(4), the key, zeros. A free slot is all zeros.
const (
	slotSize   = 512
	slotHeader = 512
	slotMeta   = 8
	// MaxKeyLen caps a wrapped data key (Record.Key), in bytes: the room in
	// one slot. Tink AES-256-GCM keysets wrap a data key into 65 bytes,
	// cloud KMS ciphertexts into about 100 to 200.
	MaxKeyLen = slotSize - slotMeta
)

var (
	slotMagic = []byte("kyckit retention key slots v1\n")
	crcTable  = crc32.MakeTable(crc32.Castagnoli)
)

type slotFile struct {
	f      *os.File
	noSync bool
}

func openSlots(path string, noSync bool) (*slotFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	sf := &slotFile{f: f, noSync: noSync}
	hdr := make([]byte, slotHeader)
	n, err := f.ReadAt(hdr, 0)
	switch {
	case n == 0 && err == io.EOF:
		copy(hdr, slotMagic)
		if _, err := f.WriteAt(hdr, 0); err != nil {
			f.Close()
			return nil, err
		}
		if err := sf.sync(); err != nil {
			f.Close()
			return nil, err
		}
	case err != nil && err != io.EOF, !bytes.HasPrefix(hdr[:n], slotMagic):
		f.Close()
		return nil, fmt.Errorf("%w: key-slot file header", retention.ErrCorrupt)
	}
	return sf, nil
}

func (sf *slotFile) close() error { return sf.f.Close() }

func slotOff(n uint64) int64 { return slotHeader + int64(n)*slotSize }

// read returns the key in slot n, or nil for a free slot.
func (sf *slotFile) read(n uint64) ([]byte, error) {
	b := make([]byte, slotSize)
	got, err := sf.f.ReadAt(b, slotOff(n))
	if err != nil && (err != io.EOF || got != 0) {
		if err == io.EOF {
			return nil, fmt.Errorf("%w: key slot truncated", retention.ErrCorrupt)
		}
		return nil, err
	}
	if got == 0 || b[0] == 0 {
		return nil, nil
	}
	l := int(binary.BigEndian.Uint16(b[2:4]))
	if b[0] != 1 || b[1] != 0 || l > MaxKeyLen || crc32.Checksum(b[slotMeta:slotMeta+l], crcTable) != binary.BigEndian.Uint32(b[4:8]) {
		return nil, fmt.Errorf("%w: key slot", retention.ErrCorrupt)
	}
	return b[slotMeta : slotMeta+l : slotMeta+l], nil
}

// write overwrites slot n with key in place.
func (sf *slotFile) write(n uint64, key []byte) error {
	if len(key) > MaxKeyLen {
		return fmt.Errorf("%w: wrapped key longer than %d bytes", retention.ErrInput, MaxKeyLen)
	}
	b := make([]byte, slotSize)
	b[0] = 1
	binary.BigEndian.PutUint16(b[2:4], uint16(len(key)))
	binary.BigEndian.PutUint32(b[4:8], crc32.Checksum(key, crcTable))
	copy(b[slotMeta:], key)
	_, err := sf.f.WriteAt(b, slotOff(n))
	return err
}

// zero overwrites slot n with zeros in place.
func (sf *slotFile) zero(n uint64) error {
	_, err := sf.f.WriteAt(make([]byte, slotSize), slotOff(n))
	return err
}

func (sf *slotFile) sync() error {
	if sf.noSync {
		return nil
	}
	return fdatasync(sf.f)
}

// count returns the number of slots the file has room for.
func (sf *slotFile) count() (uint64, error) {
	st, err := sf.f.Stat()
	if err != nil {
		return 0, err
	}
	if st.Size() <= slotHeader {
		return 0, nil
	}
	return uint64((st.Size() - slotHeader + slotSize - 1) / slotSize), nil
}
