package kyc

import (
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"github.com/kyckit/kyckit/sdjwt"
)

// TestCredentialClaimKey: the claim key is the credential's issuer and
// "id"; without an id it is the issuer-signed JWT, whatever disclosures
// come with it; the hold ends at exp plus the clock skew, at most
// CredentialHold from now.
func TestCredentialClaimKey(t *testing.T) {
	now := time.Unix(1750000100, 0)
	s := &OVSE{o: OVSEOptions{CredentialHold: time.Hour}, now: func() time.Time { return now }}
	res := func(claims map[string]any) *sdjwt.Resident {
		return &sdjwt.Resident{Credential: &sdjwt.Credential{Verified: true, Claims: claims}}
	}
	// Issuer-signed JWTs (Parse checks their form, not the signature) and
	// two disclosures.
	const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL3VpZGFpLmdvdi5pbiJ9.c2ln"
	const jwt2 = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL3VpZGFpLmdvdi5pbiJ9.c2lo"
	d1 := base64.RawURLEncoding.EncodeToString([]byte(`["c2FsdHNhbHRzYWx0MQ","name","A"]`))
	d2 := base64.RawURLEncoding.EncodeToString([]byte(`["c2FsdHNhbHRzYWx0Mg","dob","B"]`))
	withID := map[string]any{"iss": sdjwt.UIDAIIssuer, "id": "u-1", "exp": json.Number("1750000400")}
	noID := map[string]any{"iss": sdjwt.UIDAIIssuer, "exp": json.Number("1750999999")}

	k1, until := s.credentialClaim(res(withID), jwt+"~")
	if k2, _ := s.credentialClaim(res(withID), jwt2+"~"); k1 != k2 {
		t.Error("with an id, the key depends on the JWT")
	}
	if want := time.Unix(1750000400, 0).Add(sdjwt.DefaultClockSkew); !until.Equal(want) {
		t.Errorf("hold until %v, want exp plus skew %v", until, want)
	}
	other := map[string]any{"iss": "https://staging.example", "id": "u-1"}
	if k, _ := s.credentialClaim(res(other), jwt+"~"); k == k1 {
		t.Error("the same id of another issuer gives the same key")
	}

	n1, until := s.credentialClaim(res(noID), jwt+"~")
	if !until.Equal(now.Add(time.Hour)) {
		t.Errorf("hold until %v, want now plus CredentialHold", until)
	}
	if n2, _ := s.credentialClaim(res(noID), jwt+"~"+d1+"~"+d2+"~"); n1 != n2 || n1 == k1 || len(n1) != 64 {
		t.Errorf("keys %q %q %q", n1, n2, k1)
	}
	if n3, _ := s.credentialClaim(res(noID), jwt2+"~"+d1+"~"); n3 == n1 {
		t.Error("without an id, two issuer-signed JWTs give one key")
	}
	// No exp: the hold alone.
	if _, until := s.credentialClaim(res(map[string]any{"id": "u-2"}), jwt+"~"); !until.Equal(now.Add(time.Hour)) {
		t.Errorf("no exp: until %v", until)
	}
}
