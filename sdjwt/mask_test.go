package sdjwt_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

// TestTypesMaskUnderEveryVerb prints every type that holds claim values
// with each fmt verb and both slog handlers; none may show a value.
func TestTypesMaskUnderEveryVerb(t *testing.T) {
	const secret = "Meera-SECRET"
	claims := map[string]any{"iss": "https://issuer.example", "name": secret}
	d := sdjwt.Disclosure{Encoded: secret, Salt: secret, Name: "name", Value: secret}
	vals := []any{
		&sdjwt.Credential{Verified: true, Claims: claims, Header: map[string]any{"kid": secret},
			Disclosures: []sdjwt.Disclosure{d}, KeyBinding: &sdjwt.KeyBinding{Nonce: secret, Claims: map[string]any{"nonce": secret}}},
		&sdjwt.Token{Payload: claims, Disclosures: []sdjwt.Disclosure{d}, IssuerJWT: secret},
		d,
		&sdjwt.Resident{Name: secret, Photo: secret, Result: claims},
		&sdjwt.Callback{Txn: "t1", Response: secret, ErrInfo: secret},
		&sdjwt.Callback{Txn: "t1", ErrCode: "name " + secret},
		&sdjwt.KeyBinding{Nonce: secret, Claims: map[string]any{"nonce": secret}, IssuedAt: time.Unix(0, 0)},
	}
	for _, v := range vals {
		var buf bytes.Buffer
		slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", v)
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
		fmt.Fprintf(&buf, " %v %+v %s %#v", v, v, v, v)
		if strings.Contains(buf.String(), "SECRET") {
			t.Errorf("%T leaks a value:\n%s", v, buf.String())
		}
	}
}

func TestCallbackErrNamesCodesOnly(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"E42", `sdjwt: uidai callback: app returned error code "E42"`},
		{"K-100.2", `sdjwt: uidai callback: app returned error code "K-100.2"`},
		{"resident Meera-SECRET not found", "sdjwt: uidai callback: app returned an error code that is not a short code"},
	} {
		err := (&sdjwt.Callback{Txn: "t", ErrCode: tc.code}).Err()
		if err == nil || err.Error() != tc.want || !errors.Is(err, sdjwt.ErrCallback) {
			t.Errorf("Err(%q) = %v, want %s", tc.code, err, tc.want)
		}
	}
}
