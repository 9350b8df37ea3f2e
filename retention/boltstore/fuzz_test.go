package boltstore

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
)

// FuzzDecode: a corrupted file never panics the decoder, fails only with
// ErrCorrupt, and what decodes re-encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	r := &retention.Record{
		ID: "x", Rev: 3, State: retention.StateReady, ReadOnce: true,
		ExpiresAt: time.UnixMilli(1_800_000_000_000), TombstoneUntil: time.UnixMilli(1_800_000_100_000),
		Meta: []byte(`{"c":"ekyc"}`), Key: []byte("wrapped"), Data: []byte("sealed"),
	}
	f.Add(encode(r))
	f.Add(encode(&retention.Record{ID: "t", State: retention.StateErased, Meta: []byte("{}")}))
	f.Add([]byte{1, 2, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decode("x", b)
		if err != nil {
			if !errors.Is(err, retention.ErrCorrupt) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		if again := encode(got); !bytes.Equal(again, b) {
			t.Fatalf("re-encoding differs:\n%x\n%x", b, again)
		}
	})
}
