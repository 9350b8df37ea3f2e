package boltstore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
)

// encodeV1 writes the version 1 encoding (wrapped key inline), which the
// store still reads; only tests write it.
func encodeV1(r *retention.Record) []byte {
	b := []byte{1, byte(r.State), 0}
	if r.ReadOnce {
		b[2] |= 1
	}
	if r.Key != nil {
		b[2] |= 2
	}
	if r.Data != nil {
		b[2] |= 4
	}
	b = binary.BigEndian.AppendUint64(b, r.Rev)
	for _, t := range []time.Time{r.ExpiresAt, {}, r.ErasedAt} {
		b = binary.BigEndian.AppendUint64(b, uint64(msOf(t)))
	}
	for _, f := range [][]byte{r.Meta, r.Key, r.Data} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// FuzzDecode: a corrupted file never panics the decoder, fails only with
// ErrCorrupt, and what decodes re-encodes to the same bytes (version 1
// records in the version 1 encoding).
func FuzzDecode(f *testing.F) {
	r := &retention.Record{
		ID: "x", Rev: 3, State: retention.StateReady, ReadOnce: true, Token: "0123456789abcdef",
		ExpiresAt: time.UnixMilli(1_800_000_000_000), ErasedAt: time.UnixMilli(1_800_000_100_000),
		Meta: []byte(`{"c":"ekyc"}`), Data: []byte("sealed"),
	}
	f.Add(encode(&stored{rec: r, slot: 300, hasSlot: true}))
	f.Add(encode(&stored{rec: &retention.Record{ID: "t", State: retention.StateErased, Meta: []byte("{}")}}))
	r1 := r.Clone()
	r1.Token, r1.Key = "", []byte("wrapped")
	f.Add(encodeV1(r1))
	f.Add([]byte{1, 2, 0})
	f.Add([]byte{2, 7, 6})
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := decode("x", b)
		if err != nil {
			if !errors.Is(err, retention.ErrCorrupt) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		again := encode(st)
		if b[0] == 1 {
			if st.hasSlot {
				t.Fatal("version 1 record with a slot")
			}
			again = encodeV1(st.rec)
			copy(again[19:27], b[19:27]) // the dropped tombstone-until field
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("re-encoding differs:\n%x\n%x", b, again)
		}
	})
}

// FuzzSlot: any 512 bytes in a key slot read as a key, a free slot, or
// ErrCorrupt, and a key read back re-encodes to the same slot.
func FuzzSlot(f *testing.F) {
	dir := f.TempDir()
	sf, err := openSlots(dir+"/s", true)
	if err != nil {
		f.Fatal(err)
	}
	defer sf.close()
	if err := sf.write(0, []byte("wrapped key")); err != nil {
		f.Fatal(err)
	}
	seed := make([]byte, slotSize)
	if _, err := sf.f.ReadAt(seed, slotOff(0)); err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(make([]byte, slotSize))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) != slotSize {
			return
		}
		if _, err := sf.f.WriteAt(b, slotOff(1)); err != nil {
			t.Fatal(err)
		}
		k, err := sf.read(1)
		switch {
		case err != nil && !errors.Is(err, retention.ErrCorrupt):
			t.Fatalf("undocumented error: %v", err)
		case err != nil:
		case k == nil && b[0] != 0:
			t.Fatal("used slot read as free")
		case k != nil:
			if err := sf.write(2, k); err != nil {
				t.Fatal(err)
			}
			back := make([]byte, slotSize)
			if _, err := sf.f.ReadAt(back, slotOff(2)); err != nil {
				t.Fatal(err)
			}
			if k2, err := sf.read(2); err != nil || !bytes.Equal(k, k2) {
				t.Fatalf("slot round trip: %v", err)
			}
		}
	})
}
