package sdjwt_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/internal/testvectors"
	"github.com/kyckit/kyckit/sdjwt"
)

type uidaiFile struct {
	Keys struct {
		Issuer map[string]any `json:"issuer_public_jwk"`
	} `json:"keys"`
	Verify struct {
		At    int64  `json:"verify_at"`
		Iss   string `json:"expected_iss"`
		Aud   string `json:"kb_expected_aud"`
		Nonce string `json:"kb_expected_nonce"`
	} `json:"verify"`
	All        string          `json:"issuance_all_disclosures"`
	Subset     string          `json:"presentation_kyc_subset_with_kb"`
	Upper      string          `json:"presentation_sd_alg_uppercase_with_kb"`
	Processed  map[string]any  `json:"expected_processed_payload"`
	Normalized map[string]any  `json:"expected_normalized_output"`
	Callback   json.RawMessage `json:"callback_envelope_example"`
}

func TestUIDAISynthetic(t *testing.T) {
	var f uidaiFile
	if err := json.Unmarshal(testvectors.Read(t, "sdjwt", "crafted", "uidai-synthetic.json"), &f); err != nil {
		t.Fatal(err)
	}
	set, _ := json.Marshal(map[string]any{"keys": []any{f.Keys.Issuer}})
	jwks, err := sdjwt.ParseJWKSet(set)
	if err != nil {
		t.Fatal(err)
	}
	opts := func() *sdjwt.UIDAIOptions {
		return &sdjwt.UIDAIOptions{Audience: f.Verify.Aud, Nonce: f.Verify.Nonce, Now: fixedNow(f.Verify.At)}
	}
	total, passed := 0, 0
	run := func(name string, fn func(t *testing.T)) {
		total++
		if t.Run(name, fn) {
			passed++
		}
	}
	ctx := context.Background()
	run("subset_with_kb", func(t *testing.T) {
		r, err := sdjwt.VerifyUIDAI(ctx, f.Subset, jwks, opts())
		if err != nil {
			t.Fatal(err)
		}
		if !jsonEqual(t, r.Result, f.Processed) {
			t.Fatalf("processed mismatch:\n got %v\nwant %v", r.Result, f.Processed)
		}
		b, _ := json.Marshal(r)
		var got map[string]any
		_ = json.Unmarshal(b, &got)
		if !jsonEqual(t, got, f.Normalized) {
			t.Fatalf("normalized mismatch:\n got %v\nwant %v", got, f.Normalized)
		}
		if r.DOBISO != "1990-01-15" {
			t.Fatalf("DOBISO = %q", r.DOBISO)
		}
		s := fmt.Sprint(r) + r.LogValue().String()
		for _, pii := range []string{r.Name, r.Mobile, r.DOB, r.Photo, "Sunrise"} {
			if strings.Contains(s, pii) {
				t.Fatalf("String/LogValue leaks a value: %s", s)
			}
		}
	})
	run("single_byte_change_in_disclosure", func(t *testing.T) {
		i := strings.IndexByte(f.Subset, '~') + 10
		c := byte('A')
		if f.Subset[i] == 'A' {
			c = 'B'
		}
		bad := f.Subset[:i] + string(c) + f.Subset[i+1:]
		if _, err := sdjwt.VerifyUIDAI(ctx, bad, jwks, opts()); err == nil {
			t.Fatal("accepted a modified disclosure")
		}
	})
	run("issuance_without_kb_rejected", func(t *testing.T) {
		if _, err := sdjwt.VerifyUIDAI(ctx, f.All, jwks, opts()); !errors.Is(err, sdjwt.ErrKeyBindingMissing) {
			t.Fatalf("err = %v, want ErrKeyBindingMissing", err)
		}
	})
	run("uppercase_sd_alg", func(t *testing.T) {
		if _, err := sdjwt.VerifyUIDAI(ctx, f.Upper, jwks, opts()); !errors.Is(err, sdjwt.ErrHashAlgorithm) {
			t.Fatalf("strict: err = %v, want ErrHashAlgorithm", err)
		}
		o := opts()
		o.AllowUppercaseHashName = true
		if _, err := sdjwt.VerifyUIDAI(ctx, f.Upper, jwks, o); err != nil {
			t.Fatalf("lenient: %v", err)
		}
	})
	run("wrong_nonce_and_issuer", func(t *testing.T) {
		o := opts()
		o.Nonce = "other-txn"
		if _, err := sdjwt.VerifyUIDAI(ctx, f.Subset, jwks, o); !errors.Is(err, sdjwt.ErrKeyBinding) {
			t.Fatalf("nonce: err = %v", err)
		}
		o = opts()
		o.Issuer = "https://staging.example"
		if _, err := sdjwt.VerifyUIDAI(ctx, f.Subset, jwks, o); !errors.Is(err, sdjwt.ErrIssuer) {
			t.Fatalf("issuer: err = %v", err)
		}
	})
	run("callback_envelope", func(t *testing.T) {
		cb, err := sdjwt.ParseCallback(f.Callback)
		if err != nil {
			t.Fatal(err)
		}
		if cb.Txn != f.Verify.Nonce || cb.Err() != nil || cb.DateTime.IsZero() {
			t.Fatalf("callback = %+v", cb)
		}
		if _, err := sdjwt.VerifyUIDAI(ctx, cb.Response, jwks, opts()); err != nil {
			t.Fatalf("callback response: %v", err)
		}
	})
	t.Logf("UIDAI synthetic vectors: %d/%d passed", passed, total)
}

func TestParseCallback(t *testing.T) {
	for _, tc := range []struct {
		body    string
		wantErr bool
		code    string
	}{
		{`{"txn":"t1","response":"x~","dateTime":"2025-06-15T15:06:40+05:30"}`, false, ""},
		{`{"txn":"t1","errCode":417,"errInfo":"user declined"}`, false, "417"},
		{`{"txn":"t1"}`, true, ""},
		{`{"response":"x~"}`, true, ""},
		{`{"txn":"t1","response":"x~","errCode":"E1"}`, true, ""},
		{`{"txn":"t1","response":"x~","dateTime":"yesterday"}`, true, ""},
		{`{"txn":["t1"],"response":"x~"}`, true, ""},
		{`[]`, true, ""},
		{`{"txn":"t1","response":"x~"} trailing`, true, ""},
	} {
		cb, err := sdjwt.ParseCallback([]byte(tc.body))
		if tc.wantErr {
			if !errors.Is(err, sdjwt.ErrCallback) {
				t.Errorf("%s: err = %v, want ErrCallback", tc.body, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.body, err)
			continue
		}
		if tc.code != "" && (cb.ErrCode != tc.code || !errors.Is(cb.Err(), sdjwt.ErrCallback) || strings.Contains(cb.Err().Error(), "declined")) {
			t.Errorf("%s: Err() = %v", tc.body, cb.Err())
		}
	}
}
