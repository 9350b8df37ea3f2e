package onekosmos

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// isOneOf reports whether err wraps one of the sentinels.
func isOneOf(err error, sentinels ...error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzOpen: no panic; every failure is exactly ErrDecrypt; a success
// re-seals with the same IV to the same envelope, trimmed and without the
// line breaks Open ignores.
func FuzzOpen(f *testing.F) {
	for _, s := range []string{katAData, katBData, e1Envelope, e2Envelope, "", "AAAA", katAData[:44], " " + katAData + "\n"} {
		f.Add(s)
	}
	keyA := unhex(f, katAKey)
	keyE1 := unhex(f, e1Shared)
	f.Fuzz(func(t *testing.T, env string) {
		for _, key := range [][]byte{keyA, keyE1} {
			pt, err := Open(key, env)
			if err != nil {
				if err != ErrDecrypt || pt != nil {
					t.Fatalf("err = %v, pt = %q", err, pt)
				}
				continue
			}
			canon := strings.NewReplacer("\r", "", "\n", "").Replace(strings.TrimSpace(env))
			raw, _ := base64.StdEncoding.DecodeString(canon)
			again, err := sealIV(key, raw[:IVSize], pt)
			if err != nil || again != canon {
				t.Fatalf("re-seal differs: %v", err)
			}
		}
	})
}

// FuzzParsePublicKey: no panic; only documented sentinels; every accepted
// key round-trips through every encoding.
func FuzzParsePublicKey(f *testing.F) {
	k1 := mustPub(f, Secp256k1, ixClientPub)
	p2 := mustPub(f, P256, ixP256ClientPub)
	for _, s := range []string{ixClientPub, katRespPub, b64(k1.Uncompressed()), b64(k1.Compressed()), string(k1.PEM()), string(k1.JWK()),
		ixP256ClientPub, b64(p2.Compressed()), string(p2.PEM()), string(p2.JWK()), "", "{}", "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"} {
		f.Add(uint8(1), s)
		f.Add(uint8(2), s)
	}
	f.Fuzz(func(t *testing.T, c uint8, s string) {
		pub, err := ParsePublicKey(Curve(c), s)
		if err != nil {
			if !isOneOf(err, ErrInvalidKey, ErrCurveMismatch, ErrTooLarge, ErrUnknownCurve) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		for _, enc := range []string{pub.Encode(), b64(pub.Uncompressed()), b64(pub.Compressed()), string(pub.PEM()), string(pub.JWK())} {
			back, err := ParsePublicKey(Curve(c), enc)
			if err != nil || !back.Equal(pub) {
				t.Fatalf("round trip of %q: %v", enc, err)
			}
		}
	})
}

// FuzzParsePrivateKey: no panic; only documented sentinels; an accepted key
// re-encodes to 32 bytes and parses back to the same key.
func FuzzParsePrivateKey(f *testing.F) {
	for _, s := range []string{ixClientPriv, e1Priv31, postmanPriv, b64(append([]byte{0}, make([]byte, 32)...)), "", "AA==", b64(hexb(k1N))} {
		f.Add(uint8(1), s)
		f.Add(uint8(2), s)
	}
	f.Fuzz(func(t *testing.T, c uint8, s string) {
		k, err := ParsePrivateKey(Curve(c), s)
		if err != nil {
			if !isOneOf(err, ErrInvalidKey, ErrTooLarge, ErrUnknownCurve) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		if len(k.Bytes()) != KeySize {
			t.Fatal("scalar not 32 bytes")
		}
		back, err := ParsePrivateKey(Curve(c), k.Encode())
		if err != nil || !back.Equal(k) || !back.Public().Equal(k.Public()) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzDecryptResponse: no panic; only documented sentinels.
func FuzzDecryptResponse(f *testing.F) {
	for _, s := range []string{
		`{"data":"` + katAData + `","publicKey":"` + katRespPub + `"}`,
		`{"data":"` + ixResponse + `"}`,
		`{"data":"` + ixResponse + `","publicKey":"AAAA"}`,
		`{"code":400,"message":"dvcID is required"}`,
		`{"code":"x"}`, `{}`, `null`, `{"data":1}`, `{"data":null,"publicKey":null}`,
		`{"data":"` + ixResponse + `","publicKey":"` + ixServicePub + `"}`,
	} {
		f.Add([]byte(s))
	}
	caller := mustPriv(f, Secp256k1, postmanPriv)
	service := mustPub(f, Secp256k1, ixServicePub)
	f.Fuzz(func(t *testing.T, body []byte) {
		checkScanFlat(t, body)
		for _, svc := range []*PublicKey{nil, service} {
			pt, err := DecryptResponse(body, caller, svc, nil)
			if err != nil {
				if pt != nil || !isOneOf(err, ErrResponse, ErrDecrypt, ErrNoPeerKey, ErrService, ErrInvalidKey, ErrTooLarge) {
					t.Fatalf("undocumented error: %v", err)
				}
			}
		}
		// Pinned: plaintext only from the service key; a body naming any
		// other key gives nothing.
		pt, err := DecryptResponse(body, caller, service, &DecryptOptions{PinServiceKey: true})
		if err != nil {
			if pt != nil || !isOneOf(err, ErrResponse, ErrDecrypt, ErrService, ErrUnpinnedKey, ErrTooLarge) {
				t.Fatalf("undocumented error (pinned): %v", err)
			}
			return
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil {
			if raw, ok := m["publicKey"]; ok && string(raw) != "null" {
				var s string
				if json.Unmarshal(raw, &s) != nil {
					t.Fatal("pinned decryption accepted a publicKey that is not a string")
				}
				if k, err := ParsePublicKey(Secp256k1, s); err != nil || !k.Equal(service) {
					t.Fatal("pinned decryption accepted a publicKey other than the service key")
				}
			}
		}
	})
}

// FuzzParsePollResult: no panic; only documented sentinels; printing a
// result never panics.
func FuzzParsePollResult(f *testing.F) {
	for _, s := range []string{katAPlain, katBPlain, ixResponsePlain, `{"responseStatus":"success","sessionId":"s"}`,
		`{"sessionResult":"FAILED","errorInfo":{"reason_code":"IDV0010","status":"400"}}`, `{}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParsePollResult(b)
		if err != nil {
			if !isOneOf(err, ErrResponse, ErrTooLarge) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		if (r.Pending != nil) == (r.Final != nil) && (r.Final != nil) == (r.V1 != nil) {
			t.Fatal("not exactly one shape set")
		}
		_ = r.String()
		_ = r.Done()
	})
}

// checkScanFlat: whenever the fast path accepts a body, encoding/json
// accepts it too and reads the same members.
func checkScanFlat(t *testing.T, body []byte) {
	t.Helper()
	data, pub, hasPub, ok := scanFlat(body)
	if !ok {
		return
	}
	var m map[string]string
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("fast path accepted what encoding/json rejects: %v", err)
	}
	gotPub, inJSON := m["publicKey"]
	if m["data"] != string(data) || gotPub != string(pub) || inJSON != hasPub {
		t.Fatalf("fast path read data=%q pub=%q, encoding/json %q", data, pub, m)
	}
}
