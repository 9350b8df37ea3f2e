package redisstore

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/kyckit/kyckit/retention"
)

// fields renders r as the server holds it: r s o e z x m k d (nil for an
// absent key or data).
func fields(r *retention.Record) []any {
	v := []any{
		strconv.FormatUint(r.Rev, 10), strconv.Itoa(int(r.State)), flag(r.ReadOnce),
		msArg(r.ExpiresAt), msArg(r.ErasedAt), r.Token, string(r.Meta), nil, nil,
	}
	if r.Key != nil {
		v[7] = string(r.Key)
	}
	if r.Data != nil {
		v[8] = string(r.Data)
	}
	return v
}

// FuzzDecode: whatever a (corrupted or hostile) server returns for a
// record never panics the decoder and fails only with ErrCorrupt, and a
// decoded record, written back, decodes to the same record.
func FuzzDecode(f *testing.F) {
	r := &retention.Record{
		ID: "x", Rev: 3, State: retention.StateClaimed, ReadOnce: true, Token: "0123456789abcdef",
		ExpiresAt: time.UnixMilli(1_800_000_000_000).UTC(), Meta: []byte(`{"c":"ekyc"}`), Key: []byte("k"), Data: []byte{},
	}
	add := func(v []any, nilMask uint16) {
		s := make([]string, 9)
		for i, x := range v {
			if x != nil {
				s[i] = x.(string)
			}
		}
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6], []byte(s[7]), []byte(s[8]), nilMask)
	}
	add(fields(r), 0)
	add(fields(&retention.Record{Rev: 1, State: retention.StateErased, ErasedAt: time.UnixMilli(5).UTC(), Meta: []byte("{}")}), 3<<7)
	add([]any{"01", "2", "x", "1e3", "-0", "", "", "", ""}, 0)
	f.Fuzz(func(t *testing.T, rev, state, once, exp, erased, tok, meta string, k, d []byte, nilMask uint16) {
		v := []any{rev, state, once, exp, erased, tok, meta, string(k), string(d)}
		for i := range v {
			if nilMask&(1<<i) != 0 {
				v[i] = nil
			}
		}
		got, err := decode("x", v)
		if err != nil {
			if !errors.Is(err, retention.ErrCorrupt) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		again, err := decode("x", fields(got))
		if err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
		if !reflect.DeepEqual(got, again) {
			t.Fatalf("round trip differs:\n%+v\n%+v", got, again)
		}
	})
}

// FuzzDecodeEntry: a log entry from the server never panics the decoder,
// and what decodes re-encodes to the same bytes.
func FuzzDecodeEntry(f *testing.F) {
	e := &retention.LogEntry{Seq: 7, At: time.UnixMilli(1_800_000_000_000).UTC(), Hash: retention.EntryHash([]byte("d")), Data: []byte("d")}
	f.Add(string(encodeEntry(e)))
	f.Add("")
	f.Add("\x00\x00\x00\x00\x00\x00\x00\x00\xff")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := decodeEntry(1, s)
		if err != nil {
			if !errors.Is(err, retention.ErrCorrupt) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		if again := encodeEntry(&got); !bytes.Equal(again, []byte(s)) {
			t.Fatalf("re-encoding differs:\n%x\n%x", s, again)
		}
	})
}
