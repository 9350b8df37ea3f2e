package kyc_test

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/sdjwt"
)

// An OVSE session from init to the resident, in memory: the Aadhaar app's
// callback carries an SD-JWT (here issued with kyckit's TEST issuer key),
// and the first status poll after it receives the resident, once.
func ExampleOVSE() {
	ctx := context.Background()
	dir := filepath.Join("..", "testdata", "sdjwt")
	jwks, _ := os.ReadFile(filepath.Join(dir, "issuer.jwks.json"))
	keys, err := sdjwt.ParseJWKSet(jwks) // in production: UIDAI's keys
	if err != nil {
		panic(err)
	}
	kek, _ := retention.GenerateKeyset() // in production: a KMS-backed Tink AEAD
	vault, _ := retention.New(retention.NewMemoryStore(), kek, nil)
	sessions := kyc.StoreSessions(retention.NewMemoryStore(), 0) // boltstore or redisstore for real
	now := func() time.Time { return time.Unix(1750000100, 0) }
	svc, err := kyc.NewOVSE(sessions, vault, keys, &kyc.OVSEOptions{Now: now}) // read once by default
	if err != nil {
		panic(err)
	}

	init, _ := svc.Init(ctx, "acme", kyc.InitRequest{ClientReferenceID: "loan-42"})
	// ... the resident approves in the Aadhaar app, which posts:
	cb, _ := json.Marshal(map[string]string{"txn": init.Txn, "response": exampleCredential(dir)})
	if _, err := svc.Callback(ctx, cb, "application/json"); err != nil {
		fmt.Println("callback refused:", err)
		return
	}
	first, _ := svc.Status(ctx, "acme", init.SessionID)
	second, _ := svc.Status(ctx, "acme", init.SessionID)
	fmt.Println(first.SessionStatus, first.PII, first.DOB, first.ClientReferenceID)
	fmt.Println(second.SessionStatus, second.PII, second.DOB == "")
	_, err = svc.Status(ctx, "other-tenant", init.SessionID)
	fmt.Println(err)
	// Output:
	// completed delivered 1985-02-01 loan-42
	// completed consumed true
	// kyc: session not found
}

// exampleCredential issues a UIDAI-style credential of the invented
// resident in testdata/sdjwt with the TEST issuer key.
func exampleCredential(dir string) string {
	var claims map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, "uidai-claims.json"))
	_ = json.Unmarshal(b, &claims)
	var paths []sdjwt.Path
	for k := range claims {
		if !strings.Contains(" iss id iat exp status ", " "+k+" ") {
			paths = append(paths, sdjwt.Path{k})
		}
	}
	pk, _ := os.ReadFile(filepath.Join(dir, "issuer-private.pem"))
	blk, _ := pem.Decode(pk)
	key, _ := x509.ParsePKCS8PrivateKey(blk.Bytes)
	hp, _ := os.ReadFile(filepath.Join(dir, "holder.pub.pem"))
	hblk, _ := pem.Decode(hp)
	holder, _ := x509.ParsePKIXPublicKey(hblk.Bytes) // the Aadhaar app's key (cnf.jwk)
	tok, err := sdjwt.Issue(key.(crypto.Signer), claims, paths,
		&sdjwt.IssueOptions{Type: "vc+sd-jwt", KeyID: "kyckit-test-uidai-1", HolderKey: holder})
	if err != nil {
		panic(err)
	}
	return tok
}

// Poll a KwikID-style OVSE status API until the session ends.
func ExampleStatusPoller() {
	// A stand-in for the API: pending twice, then completed.
	polls := 0
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer t0ken-t0ken-t0ken" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if polls++; polls < 3 {
			fmt.Fprint(w, `{"session_id":"ovse_sess_abc123","session_status":"pending","success":false}`)
			return
		}
		fmt.Fprint(w, `{"session_id":"ovse_sess_abc123","session_status":"completed","success":true,"verified_at":1749456100,"dob":"1990-01-15"}`)
	}))
	defer api.Close()

	p := &kyc.StatusPoller{Client: api.Client(), BaseURL: api.URL, Token: "t0ken-t0ken-t0ken",
		Backoff: &kyc.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond}} // default: 2 s, 4 s, 8 s, ceiling 15 s
	r, err := p.Poll(context.Background(), "ovse_sess_abc123", time.Now().Add(time.Minute))
	if err != nil {
		fmt.Println("poll:", err)
		return
	}
	rec, _ := r.Normalize(nil) // Result.Decision: what to do next, the same for every vendor
	fmt.Println(polls, r.SessionStatus, rec.Result.Decision, r.VerifiedAt.UTC().Format(time.RFC3339))
	// Output: 3 completed clear 2025-06-09T08:01:40Z
}
