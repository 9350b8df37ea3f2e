package onekosmos

// The fixture generator for testdata/ecdsa/ at the repository root (used by
// the CLI tests and the demo). Everything is deterministic: keys come from
// SHA-256 of fixed labels, IVs from SHA-256 of the file name, and the
// person is invented. Regenerate with
//
//	go test ./onekosmos -run TestFixtures -update
//
// Without -update the test regenerates everything in memory and checks the
// files are identical and decrypt to the expected results.

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the fixtures under ../testdata/ecdsa")

var fixtureDir = filepath.Join("..", "testdata", "ecdsa")

// Tiny synthetic JPEGs (gradients and a disc, 24×16 and 12×12 pixels), made
// once with image/jpeg at quality 50 and kept as constants so that the
// fixtures do not depend on the Go version's JPEG encoder.
const (
	fixtureImageFront = "" +
		"/9j/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2MB" +
		"ERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY//AABEIABAA" +
		"GAMBIgACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFB" +
		"BhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0" +
		"dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz" +
		"9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIy" +
		"gQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqC" +
		"g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/" +
		"2gAMAwEAAhEDEQA/AKccVWY4qljiq1HFXTOoc2HqkUcXtUnle1Wo4qk8r2rmdTU9qnV0P//Z"
	fixtureImageBack = "" +
		"/9j/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2MB" +
		"ERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY//AABEIABAA" +
		"GAMBIgACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFB" +
		"BhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0" +
		"dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz" +
		"9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIy" +
		"gQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqC" +
		"g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/" +
		"2gAMAwEAAhEDEQA/ANoS04S1niWnCWsqdM63SNAS0vm1QEtL5tdsaehPsj//2Q=="
	fixtureFace = "" +
		"/9j/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2MB" +
		"ERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY//AABEIAAwA" +
		"DAMBIgACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFB" +
		"BhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0" +
		"dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz" +
		"9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIy" +
		"gQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqC" +
		"g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/" +
		"2gAMAwEAAhEDEQA/AOnurl0k2RnGOpxU9tKZotxGCDg4omt0mILZBHcGpERUUKowBWcYzU229C248tluf//Z"
)

// fixtureKey derives a private key from a label.
func fixtureKey(t testing.TB, c Curve, label string) *PrivateKey {
	t.Helper()
	d := sha256.Sum256([]byte(label))
	k, err := NewPrivateKey(c, d[:])
	if err != nil {
		t.Fatalf("fixture key %q: %v", label, err)
	}
	return k
}

func fixtureIV(name string) []byte {
	h := sha256.Sum256([]byte("kyckit testdata/ecdsa iv " + name))
	return h[:IVSize]
}

// The invented person and session of the final result.
const (
	fixtureSessionID = "5e55a0f1-7c1d-4b7e-9a39-0c5f3f1d2a61"
	fixtureFirstName = "Nila"
	fixtureLastName  = "Varadarajan"
	fixtureDLNumber  = "TN0020190000001" // RTO code 00 does not exist
)

// fixtureFinal is the plaintext of poll-final.json: a SUCCESS result with a
// driving licence, in the member order 1Kosmos uses.
func fixtureFinal() []byte {
	proofedBy := sha512.Sum512([]byte("kyckit fixture proofedBy"))
	doc := map[string]any{
		"category":       "identity_document",
		"proofedBy":      hex.EncodeToString(proofedBy[:]),
		"documentType":   "dl_object",
		"type":           "dl",
		"country":        "IND",
		"state":          "TN",
		"image":          fixtureImageFront,
		"imageBack":      fixtureImageBack,
		"face":           fixtureFace,
		"documentId":     fixtureDLNumber,
		"id":             fixtureDLNumber,
		"firstName":      fixtureFirstName,
		"familyName":     fixtureLastName,
		"lastName":       fixtureLastName,
		"fullName":       fixtureFirstName + " " + fixtureLastName,
		"complianceType": "REAL_ID",
		"dob":            "1991-07-23",
		"doe":            "2039-07-22",
		"doi":            "2019-03-11",
		"gender":         "F",
		// Not a real 1Kosmos token: header {"alg":"HS256","typ":"JWT"}, an
		// invented payload and the signature bytes "synthetic signature".
		"proof_jwt": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL3RlbmFudC5leGFtcGxlL2lkcHJvb2ZpbmciLCJzdWIiOiJmaXh0dXJlIn0.c3ludGhldGljIHNpZ25hdHVyZQ",
	}
	v := struct {
		SessionResult string         `json:"sessionResult"`
		SessionID     string         `json:"sessionId"`
		SessionData   map[string]any `json:"sessionData"`
		ExtractedInfo map[string]any `json:"extractedInfo"`
		Document      map[string]any `json:"document"`
	}{
		SessionResult: "SUCCESS",
		SessionID:     fixtureSessionID,
		SessionData: map[string]any{
			"user":         map[string]any{"username": "nila.v", "firstname": fixtureFirstName, "lastname": fixtureLastName},
			"documentType": "dl_object",
		},
		ExtractedInfo: map[string]any{
			"documentType": "dl_object", "documentId": fixtureDLNumber,
			"firstName": fixtureFirstName, "lastName": fixtureLastName, "doe": "2039-07-22",
		},
		Document: doc,
	}
	b, err := json.Marshal(v) // map keys are sorted: deterministic
	if err != nil {
		panic(err)
	}
	return b
}

const (
	fixturePending = `{"responseStatus":"INPROGRESS","id":"` + fixtureSessionID + `"}`
	fixtureFailed  = `{"sessionResult":"FAILED","sessionId":"0b7e2c44-3f0a-4c1e-8d2b-6a9f1e4c7d10","sessionData":{"user":{"firstname":"Arjun","lastname":"Mehta"}},"extractedInfo":{},"errorInfo":{"type":"dl","docType":"DL","docId":"0b7e2c44-3f0a-4c1e-8d2b-6a9f1e4c7d10","ts":1763780400000,"status":400,"message":"Module 'firstname check' failed","reason":"Module 'firstname check' failed","reason_code":"IDV0010"}}`
	fixtureV1      = `{"responseStatus":"success","sessionId":"` + fixtureSessionID + `","dl_object":{"firstName":"` + fixtureFirstName + `","lastName":"` + fixtureLastName + `","documentId":"` + fixtureDLNumber + `"},"liveid_object":{"face":"` + fixtureFace + `"},"token":"synthetic-token","metadata":{"source":"kyckit fixture"}}`
	fixtureError   = `{"code":400,"message":"dvcID is required"}`
)

// fixtureFiles builds every file of testdata/ecdsa (except README.md).
func fixtureFiles(t testing.TB) map[string][]byte {
	t.Helper()
	caller := fixtureKey(t, Secp256k1, "kyckit testdata/ecdsa caller key v1")
	service := fixtureKey(t, Secp256k1, "kyckit testdata/ecdsa service key v1")
	callerP := fixtureKey(t, P256, "kyckit testdata/ecdsa caller key v1")
	serviceP := fixtureKey(t, P256, "kyckit testdata/ecdsa service key v1")

	seal := func(name string, priv *PrivateKey, pub *PublicKey, pt []byte) string {
		k := mustShared(t, priv, pub)
		env, err := sealIV(k, fixtureIV(name), pt)
		if err != nil {
			t.Fatal(err)
		}
		return env
	}
	// response is what the service sends: data sealed under
	// ECDH(servicePriv, callerPub), plus the service's publicKey when v3.
	response := func(name string, svc, caller *PrivateKey, pt []byte, withKey bool) []byte {
		env := seal(name, svc, caller.Public(), pt)
		if !withKey {
			return []byte(`{"data":"` + env + `"}` + "\n")
		}
		return []byte(`{"data":"` + env + `","publicKey":"` + svc.Public().Encode() + `"}` + "\n")
	}
	line := func(s string) []byte { return []byte(s + "\n") }
	return map[string][]byte{
		"caller.key":            line(caller.Encode()),
		"caller.pub":            line(caller.Public().Encode()),
		"service.key":           line(service.Encode()),
		"service.pub":           line(service.Public().Encode()),
		"caller-p256.key":       line(callerP.Encode()),
		"caller-p256.pub":       line(callerP.Public().Encode()),
		"service-p256.key":      line(serviceP.Encode()),
		"service-p256.pub":      line(serviceP.Public().Encode()),
		"poll-pending.json":     response("poll-pending.json", service, caller, []byte(fixturePending), true),
		"poll-final.json":       response("poll-final.json", service, caller, fixtureFinal(), true),
		"poll-failed.json":      response("poll-failed.json", service, caller, []byte(fixtureFailed), true),
		"poll-v1.json":          response("poll-v1.json", service, caller, []byte(fixtureV1), false),
		"poll-final-p256.json":  response("poll-final-p256.json", serviceP, callerP, fixtureFinal(), true),
		"poll-pending.envelope": line(seal("poll-pending.envelope", service, caller.Public(), []byte(fixturePending))),
		"poll-final.plain.json": append(fixtureFinal(), '\n'),
		"error.json":            line(fixtureError),
	}
}

func TestFixtures(t *testing.T) {
	files := fixtureFiles(t)
	if *update {
		if err := os.MkdirAll(fixtureDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(fixtureDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatalf("%v (run go test ./onekosmos -run TestFixtures -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator (run with -update)", name)
		}
	}

	// The fixtures decrypt as documented in testdata/ecdsa/README.md.
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, c := range []struct {
		curve             Curve
		key, service, res string
		want              string
	}{
		{Secp256k1, "caller.key", "service.pub", "poll-pending.json", fixturePending},
		{Secp256k1, "caller.key", "service.pub", "poll-final.json", string(fixtureFinal())},
		{Secp256k1, "caller.key", "service.pub", "poll-failed.json", fixtureFailed},
		{Secp256k1, "caller.key", "service.pub", "poll-v1.json", fixtureV1},
		{P256, "caller-p256.key", "service-p256.pub", "poll-final-p256.json", string(fixtureFinal())},
	} {
		caller := mustPriv(t, c.curve, read(c.key))
		svc := mustPub(t, c.curve, read(c.service))
		pt, err := DecryptResponse([]byte(read(c.res)), caller, svc, nil)
		if err != nil || string(pt) != c.want {
			t.Fatalf("%s: %v", c.res, err)
		}
		if _, err := ParsePollResult(pt); err != nil {
			t.Fatalf("%s: %v", c.res, err)
		}
	}
	r, _ := ParsePollResult(fixtureFinal())
	if r.Final == nil || r.Final.Document == nil || r.Final.Document.FirstName != fixtureFirstName || r.Final.Document.Face != fixtureFace {
		t.Fatal("final fixture does not parse to the invented person")
	}
	r, _ = ParsePollResult([]byte(fixtureFailed))
	if r.Final.ErrorInfo.ReasonCode != "IDV0010" {
		t.Fatal("reason_code spelling not read")
	}
	if _, err := DecryptResponse([]byte(read("error.json")), mustPriv(t, Secp256k1, read("caller.key")), nil, nil); !isOneOf(err, ErrService) {
		t.Fatalf("error.json: %v", err)
	}
}
