package retention_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/retention"
)

// FuzzParsePolicy: no panic, every error wraps ErrPolicy, and an accepted
// policy survives Marshal + ParsePolicy unchanged.
func FuzzParsePolicy(f *testing.F) {
	for _, s := range []string{
		`{"mode":"read-once"}`,
		`{"mode":"delete-on-completion","citation":"x"}`,
		`{"name":"kyc","mode":"keep-for","ttl_seconds":604800,"category_ttl_seconds":{"selfie":3600},"max_wait_seconds":7200}`,
		`{"mode":"keep-for","ttl_seconds":60,"holds":[{"category":"kyc-record","min_seconds":157680000,"citation":"PMLA s.12"},{"until":"2027-01-01T00:00:00Z","citation":"order"}]}`,
		`{"mode":"keep-for","ttl_seconds":-1}`, `{"mode":"x"}`, `[]`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := retention.ParsePolicy(data)
		if err != nil {
			if !errors.Is(err, retention.ErrPolicy) {
				t.Fatalf("error without ErrPolicy: %v", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted policy fails Validate: %v", err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := retention.ParsePolicy(b)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, b)
		}
		b2, _ := json.Marshal(q)
		if !bytes.Equal(b, b2) {
			t.Fatalf("round trip differs:\n%s\n%s", b, b2)
		}
		_ = p.Explain()
	})
}

// FuzzVerifyReceipt: no panic, only ErrReceipt or ErrSignature, nothing
// verifies except what the key signed, and unverified parsing round-trips.
func FuzzVerifyReceipt(f *testing.F) {
	f.Add([]byte(receiptKAT))
	f.Add([]byte(receiptKATv1))
	unsigned, _ := sampleReceipt().Sign(nil)
	f.Add(unsigned)
	f.Add([]byte("e30."))
	f.Add([]byte("."))
	f.Fuzz(func(t *testing.T, text []byte) {
		r, err := retention.VerifyReceipt(text, testPub)
		if err != nil {
			if !errors.Is(err, retention.ErrReceipt) && !errors.Is(err, retention.ErrSignature) {
				t.Fatalf("undocumented error: %v", err)
			}
		} else if r.Signer != retention.KeyID(testPub) {
			t.Fatal("verified receipt with foreign signer id")
		}
		u, err := retention.ParseReceiptUnverified(text)
		if err != nil {
			if !errors.Is(err, retention.ErrReceipt) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		again, err := u.Sign(nil)
		if err != nil {
			t.Fatal(err)
		}
		u2, err := retention.ParseReceiptUnverified(again)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		u.Signer, u.Version = "", u2.Version // Sign writes version 2
		a, _ := json.Marshal(u)
		b, _ := json.Marshal(u2)
		if !bytes.Equal(a, b) {
			t.Fatalf("round trip differs:\n%s\n%s", a, b)
		}
	})
}

// FuzzParseKeyset: keyset input never panics and fails only with ErrKeyset.
func FuzzParseKeyset(f *testing.F) {
	k, _ := retention.GenerateKeyset()
	plain, _ := k.MarshalInsecureCleartext()
	f.Add(plain)
	f.Add([]byte(`{"primaryKeyId":1,"key":[]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ks, err := retention.ParseKeysetInsecureCleartext(data)
		if err != nil {
			if !errors.Is(err, retention.ErrKeyset) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		ct, err := ks.Encrypt([]byte("x"), []byte("ad"))
		if err != nil {
			return // e.g. a keyset whose primary key is disabled
		}
		if pt, err := ks.Decrypt(ct, []byte("ad")); err != nil || string(pt) != "x" {
			t.Fatalf("accepted keyset does not round-trip: %v", err)
		}
	})
}

// FuzzParseAnchor: anchors (CLI input) never panic, fail only with
// ErrReceipt, and what parses formats back to the same text.
func FuzzParseAnchor(f *testing.F) {
	f.Add("5:" + strings.Repeat("0a", 32))
	f.Add("18446744073709551615:" + strings.Repeat("ff", 32))
	f.Add("0:")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := retention.ParseAnchor(s)
		if err != nil {
			if !errors.Is(err, retention.ErrReceipt) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		if back := retention.FormatAnchor(h); back != s {
			t.Fatalf("round trip: %q → %q", s, back)
		}
	})
}
