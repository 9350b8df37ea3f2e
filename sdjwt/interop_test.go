package sdjwt_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/testvectors"
	"github.com/kyckit/kyckit/sdjwt"
)

// interopDir is the npm package pinning @sd-jwt/core@0.19.0 and
// @sd-jwt/crypto-nodejs@0.19.0 (install with npm ci --prefix testdata/interop).
const interopDir = "../testdata/interop"

func interopNode(t *testing.T) string {
	t.Helper()
	node := testvectors.Node(t)
	if _, err := os.Stat(filepath.Join(interopDir, "node_modules", "@sd-jwt", "core")); err != nil {
		if os.Getenv(testvectors.EnvRequireNode) != "" {
			t.Fatalf("%s set but %s/node_modules is missing: run npm ci --prefix testdata/interop", testvectors.EnvRequireNode, interopDir)
		}
		t.Skipf("%s/node_modules missing (npm ci --prefix testdata/interop)", interopDir)
	}
	return node
}

func runNode(t *testing.T, node string, stdin string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(node, append([]string{"interop.js"}, args...)...)
	cmd.Dir = interopDir
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %v: %v: %s", args, err, stderr.String())
	}
	return out
}

// TestInteropReferenceIssues: tokens issued and presented by @sd-jwt/core
// pass our Verify with every check on.
func TestInteropReferenceIssues(t *testing.T) {
	node := interopNode(t)
	const aud, nonce, iat = "https://verifier.example", "n-interop-1", 1750000000
	var res struct {
		IssuerJWK    json.RawMessage `json:"issuer_jwk"`
		Issued       string          `json:"issued"`
		Presentation string          `json:"presentation"`
	}
	if err := json.Unmarshal(runNode(t, node, "", "issue", aud, nonce, strconv.Itoa(iat)), &res); err != nil {
		t.Fatal(err)
	}
	pub, err := sdjwt.ParseJWK(res.IssuerJWK)
	if err != nil {
		t.Fatal(err)
	}
	o := &sdjwt.VerifyOptions{Now: fixedNow(iat + 1), VC: &sdjwt.VCOptions{Types: []string{"urn:example:kyc"}}}
	cred, err := sdjwt.Verify(res.Issued, sdjwt.PublicKey(pub), o)
	if err != nil {
		t.Fatalf("issued: %v", err)
	}
	if addr := cred.Claims["address"].(map[string]any); addr["pincode"] != "411001" || cred.Claims["name"] != "Test Person" {
		t.Fatalf("issued claims = %v", cred.Claims)
	}
	o.RequireKeyBinding, o.Audience, o.Nonce = true, aud, nonce
	cred, err = sdjwt.Verify(res.Presentation, sdjwt.PublicKey(pub), o)
	if err != nil {
		t.Fatalf("presentation: %v", err)
	}
	want := map[string]any{"iss": "https://issuer.example", "vct": "urn:example:kyc", "iat": iat, "exp": iat + 3600,
		"address":       map[string]any{"house": "12", "district": "Pune", "pincode": "411001"},
		"nationalities": []any{"IN", "GB"}, "cnf": cred.Claims["cnf"]}
	if !jsonEqual(t, cred.Claims, want) {
		t.Fatalf("presentation claims:\n got %v\nwant %v", cred.Claims, want)
	}
	// Negative beside the positive: the wrong nonce fails.
	o.Nonce = "other"
	if _, err := sdjwt.Verify(res.Presentation, sdjwt.PublicKey(pub), o); err == nil {
		t.Fatal("wrong nonce accepted")
	}
}

// TestInteropReferenceVerifies: tokens our Issue/Present made pass the
// reference verifier with the same processed payload.
func TestInteropReferenceVerifies(t *testing.T) {
	node := interopNode(t)
	issuer, holder := newP256(t), newP256(t)
	jwk, _ := sdjwt.JWK(issuer.Public(), "")
	jwkFile := filepath.Join(t.TempDir(), "issuer.jwk.json")
	if err := os.WriteFile(jwkFile, jwk, 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1750000100, 0)
	tok, err := sdjwt.Issue(issuer, sampleClaims(), samplePaths, &sdjwt.IssueOptions{HolderKey: holder.Public(), Decoys: 3})
	if err != nil {
		t.Fatal(err)
	}
	pres, err := sdjwt.Present(tok, []sdjwt.Path{{"address", "pincode"}, {"nationalities", "1"}, {"given_name"}},
		&sdjwt.PresentOptions{HolderKey: holder, Audience: "https://verifier.example", Nonce: "n-go-1", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	o := &sdjwt.VerifyOptions{Now: func() time.Time { return now }}
	for name, token := range map[string]string{"issued": tok, "presentation": pres} {
		t.Run(name, func(t *testing.T) {
			ours, err := sdjwt.Verify(token, sdjwt.PublicKey(issuer.Public()), o)
			if err != nil {
				t.Fatal(err)
			}
			out := runNode(t, node, token, "verify", jwkFile, "n-go-1", strconv.FormatInt(now.Unix(), 10))
			var theirs map[string]any
			if err := json.Unmarshal(out, &theirs); err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(t, ours.Claims, theirs) {
				t.Fatalf("reference processed payload differs:\n ours   %v\n theirs %v", ours.Claims, theirs)
			}
		})
	}
}
