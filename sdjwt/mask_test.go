package sdjwt_test

import (
	"bytes"
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
