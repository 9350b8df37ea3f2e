package onekosmos

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestDecryptResponseErrors(t *testing.T) {
	caller := mustPriv(t, Secp256k1, ixClientPriv)
	service := mustPub(t, Secp256k1, ixServicePub)
	wrong := mustPub(t, Secp256k1, katRespPub)
	tampered := []byte(ixResponse)
	tampered[30] ^= 1
	tests := []struct {
		name string
		body string
		svc  *PublicKey
		want error
	}{
		{"not JSON", `data=abc`, service, ErrResponse},
		{"empty", ``, service, ErrResponse},
		{"array", `[1,2]`, service, ErrResponse},
		{"null", `null`, service, ErrResponse},
		{"no data", `{"sessionId":"x","url":"https://example.com"}`, service, ErrResponse},
		{"data null", `{"data":null}`, service, ErrResponse},
		{"data number", `{"data":12}`, service, ErrResponse},
		{"data object", `{"data":{"a":1}}`, service, ErrResponse},
		{"publicKey number, no service key", `{"data":"` + ixResponse + `","publicKey":5}`, nil, ErrResponse},
		{"publicKey garbage, no service key", `{"data":"` + ixResponse + `","publicKey":"AAAA"}`, nil, ErrInvalidKey},
		{"no key at all", `{"data":"` + ixResponse + `"}`, nil, ErrNoPeerKey},
		{"wrong publicKey, no service key", `{"data":"` + ixResponse + `","publicKey":"` + katRespPub + `"}`, nil, ErrDecrypt},
		{"wrong publicKey and wrong service key", `{"data":"` + ixResponse + `","publicKey":"` + katRespPub + `"}`, wrong, ErrDecrypt},
		{"wrong service key (v1)", `{"data":"` + ixResponse + `"}`, wrong, ErrDecrypt},
		{"tampered", `{"data":"` + string(tampered) + `","publicKey":"` + ixServicePub + `"}`, service, ErrDecrypt},
		{"truncated envelope", `{"data":"` + ixResponse[:40] + `","publicKey":"` + ixServicePub + `"}`, service, ErrDecrypt},
		{"empty envelope", `{"data":"","publicKey":"` + ixServicePub + `"}`, service, ErrDecrypt},
		{"service error", `{"code":400,"message":"dvcID is required"}`, service, ErrService},
		{"too large", `{"data":"` + strings.Repeat("A", MaxResponseSize) + `"}`, service, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, err := DecryptResponse([]byte(tt.body), caller, tt.svc, nil)
			if !errors.Is(err, tt.want) || pt != nil {
				t.Fatalf("pt=%q err=%v, want %v", pt, err, tt.want)
			}
		})
	}
	if _, err := DecryptResponse([]byte(`{}`), caller, mustPub(t, P256, ixP256ServicePub), nil); !errors.Is(err, ErrCurveMismatch) {
		t.Fatalf("service key on the other curve: err = %v", err)
	}
	if _, err := DecryptResponse([]byte(`{}`), nil, service, nil); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("nil caller: err = %v", err)
	}
}

func TestServiceError(t *testing.T) {
	caller := mustPriv(t, Secp256k1, ixClientPriv)
	tests := []struct {
		body string
		code int
		msg  string
	}{
		{`{"code":400,"message":"dvcID is required"}`, 400, "dvcID is required"},
		{`{"code":"401","message":"unauthorized"}`, 401, "unauthorized"},
		{`{"message":"no code"}`, 0, "no code"},
		{`{"code":500}`, 500, ""},
		{`{"code":"E_BAD","message":7}`, 0, ""},
	}
	for _, tt := range tests {
		_, err := DecryptResponse([]byte(tt.body), caller, nil, nil)
		var se *ServiceError
		if !errors.As(err, &se) || !errors.Is(err, ErrService) {
			t.Fatalf("%s: err = %v, want *ServiceError", tt.body, err)
		}
		if se.Code != tt.code || se.Message != tt.msg {
			t.Fatalf("%s: got %+v", tt.body, se)
		}
		if tt.msg != "" && strings.Contains(err.Error(), tt.msg) {
			t.Fatalf("%s: message leaked into the error string: %s", tt.body, err)
		}
		if s := fmt.Sprintf("%v %+v %#v %s", se, se, se, se); tt.msg != "" && strings.Contains(s, tt.msg) {
			t.Fatalf("%s: message leaked when printed: %s", tt.body, s)
		}
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestRequestHeaders(t *testing.T) {
	for _, c := range curves {
		caller, _ := GenerateKey(c)
		service, _ := GenerateKey(c)
		now := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
		h, err := RequestHeaders("00000000-1111-2222-3333-444444444444", "com.example.app", caller, service.Public(), now)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 3 || len(h.Values(HeaderPublicKey)) != 1 || len(h.Values(HeaderLicenseKey)) != 1 || len(h.Values(HeaderRequestID)) != 1 {
			t.Fatalf("headers = %v", h)
		}
		if h.Get(HeaderPublicKey) != caller.Public().Encode() {
			t.Fatal("publickey is not the caller's public key")
		}
		// The service decrypts with its own key and the caller's public key.
		k := mustShared(t, service, mustPub(t, c, h.Get(HeaderPublicKey)))
		lic, err := Open(k, h.Get(HeaderLicenseKey))
		if err != nil || string(lic) != "00000000-1111-2222-3333-444444444444" {
			t.Fatalf("licensekey: %q %v", lic, err)
		}
		ridJSON, err := Open(k, h.Get(HeaderRequestID))
		if err != nil {
			t.Fatal(err)
		}
		var rid struct {
			TS    int64  `json:"ts"`
			AppID string `json:"appid"`
			UUID  string `json:"uuid"`
		}
		if err := json.Unmarshal(ridJSON, &rid); err != nil {
			t.Fatal(err)
		}
		if rid.TS != now.Unix() || rid.AppID != "com.example.app" || !uuidV4.MatchString(rid.UUID) {
			t.Fatalf("requestid = %s", ridJSON)
		}
		if !strings.HasPrefix(string(ridJSON), `{"ts":1795316400,"appid":`) {
			t.Fatalf("requestid member order: %s", ridJSON)
		}
		// Negative twin: another service cannot read it.
		other, _ := GenerateKey(c)
		if _, err := Open(mustShared(t, other, caller.Public()), h.Get(HeaderLicenseKey)); !errors.Is(err, ErrDecrypt) {
			t.Fatal("another key opened the licensekey")
		}
	}
	k1, _ := GenerateKey(Secp256k1)
	p2, _ := GenerateKey(P256)
	if _, err := RequestHeaders("l", "a", k1, p2.Public(), time.Now()); !errors.Is(err, ErrCurveMismatch) {
		t.Fatalf("mixed curves: err = %v", err)
	}
	if _, err := requestHeaders(bytes.NewReader(nil), "l", "a", k1, k1.Public(), time.Now()); err == nil {
		t.Fatal("empty random source: no error")
	}
}

func TestEncryptBody(t *testing.T) {
	for _, c := range curves {
		caller, _ := GenerateKey(c)
		service, _ := GenerateKey(c)
		body, err := EncryptBody([]byte(ixBodyPlain), caller, service.Public())
		if err != nil {
			t.Fatal(err)
		}
		var wire map[string]string
		if err := json.Unmarshal(body, &wire); err != nil || len(wire) != 1 {
			t.Fatalf("body %s: %v", body, err)
		}
		// A service answers a request body like a v1 response: DecryptResponse
		// with the caller's public key as the "service" key reads it.
		pt, err := DecryptResponse(body, service, caller.Public(), nil)
		if err != nil || string(pt) != ixBodyPlain {
			t.Fatalf("decrypting the body: %q %v", pt, err)
		}
		if _, err := DecryptResponse(body, caller, caller.Public(), nil); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("wrong key opened the body: %v", err)
		}
	}
}

func TestScanFlat(t *testing.T) {
	tests := []struct {
		body      string
		ok        bool
		data, pub string
	}{
		{`{"data":"QUJD","publicKey":"S0VZ"}`, true, "QUJD", "S0VZ"},
		{" \r\n{ \"data\" :\t\"QUJD\" }\n", true, "QUJD", ""},
		{`{"publicKey":"a","data":"b","data":"c"}`, true, "c", "a"},
		{`{"data":"a\"b"}`, false, "", ""},
		{`{"data":"a\u0041"}`, false, "", ""},
		{`{"data":"é"}`, false, "", ""},
		{"{\"data\":\"a\tb\"}", false, "", ""},
		{`{"Data":"a"}`, false, "", ""},
		{`{"data":"a","x":"b"}`, false, "", ""},
		{`{"data":"a",}`, false, "", ""},
		{`{"data":"a"} x`, false, "", ""},
		{`{"data":"a"`, false, "", ""},
		{`{"data":1}`, false, "", ""},
		{`{"publicKey":"a"}`, false, "", ""},
		{`{}`, false, "", ""},
		{`{"data":"a"}{}`, false, "", ""},
		{`{"data" "a"}`, false, "", ""},
		{`{"data":"a" "publicKey":"b"}`, false, "", ""},
	}
	for _, tt := range tests {
		data, pub, _, ok := scanFlat([]byte(tt.body))
		if ok != tt.ok || string(data) != tt.data || string(pub) != tt.pub {
			t.Errorf("scanFlat(%q) = %q, %q, %v; want %q, %q, %v", tt.body, data, pub, ok, tt.data, tt.pub, tt.ok)
		}
		checkScanFlat(t, []byte(tt.body))
	}
}

// TestPlainASCII compares the word-at-a-time check with the plain loop on
// every byte value at every position of a 17-byte string.
func TestPlainASCII(t *testing.T) {
	naive := func(s []byte) bool {
		for _, c := range s {
			if c < 0x20 || c >= 0x7f || c == '\\' {
				return false
			}
		}
		return true
	}
	base := []byte("QUJDREVGR0hJSktMTU5PUA")
	for n := range len(base) + 1 {
		for pos := range n {
			for c := range 256 {
				s := append([]byte(nil), base[:n]...)
				s[pos] = byte(c)
				if got, want := plainASCII(s), naive(s); got != want {
					t.Fatalf("plainASCII(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
	// Two bad bytes in one word, and a bad byte after a borrow.
	for _, s := range []string{"AB\x00\x00CDEFGH", "\x1f\x20AAAAAA", "AAAAAAA\x7f", "\x00\x5cAAAAAA", "AAAAAAAA\\"} {
		if plainASCII([]byte(s)) != naive([]byte(s)) {
			t.Fatalf("plainASCII(%q) differs", s)
		}
	}
}

// TestDecryptResponsePinned: with PinServiceKey only the pinned service
// key decrypts, and a response sealed under any other key pair, which
// decrypts fine without pinning, is refused before decryption.
func TestDecryptResponsePinned(t *testing.T) {
	pin := &DecryptOptions{PinServiceKey: true}
	for _, c := range curves {
		t.Run(c.String(), func(t *testing.T) {
			caller, _ := GenerateKey(c)
			service, _ := GenerateKey(c)
			attacker, _ := GenerateKey(c)
			const plain = `{"sessionResult":"SUCCESS","sessionId":"s-1"}`
			sealed := func(from *PrivateKey, pub string) []byte {
				k, err := SharedKey(from, caller.Public())
				if err != nil {
					t.Fatal(err)
				}
				env, err := Seal(k, []byte(plain))
				if err != nil {
					t.Fatal(err)
				}
				if pub == "" {
					return []byte(`{"data":"` + env + `"}`)
				}
				return []byte(`{"data":"` + env + `","publicKey":"` + pub + `"}`)
			}
			b64 := func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
			svc := service.Public()
			// Accepted: the service's own key, in any encoding of it, and
			// a v1 body without publicKey.
			for name, body := range map[string][]byte{
				"X‖Y":          sealed(service, svc.Encode()),
				"uncompressed": sealed(service, b64(svc.Uncompressed())),
				"compressed":   sealed(service, b64(svc.Compressed())),
				"v1 no key":    sealed(service, ""),
				"padded JSON":  append([]byte(" "), sealed(service, svc.Encode())...),
			} {
				pt, err := DecryptResponse(body, caller, svc, pin)
				if err != nil || string(pt) != plain {
					t.Errorf("%s: %q %v", name, pt, err)
				}
			}
			// The attack pinning stops: a body sealed by another key pair
			// and naming it decrypts without pinning...
			forged := sealed(attacker, attacker.Public().Encode())
			if pt, err := DecryptResponse(forged, caller, svc, nil); err != nil || string(pt) != plain {
				t.Fatalf("unpinned forged body: %q %v (the test's premise)", pt, err)
			}
			// ... and is refused with pinning, in both parsers.
			slow := []byte(`{"publicKey":"` + attacker.Public().Encode() + `","data":` + string(forged[8:bytes.IndexByte(forged, ',')]) + `,"x":1}`)
			for name, body := range map[string][]byte{
				"forged":                          forged,
				"forged, slow path":               slow,
				"service sealed, other key named": sealed(service, attacker.Public().Encode()),
				"invalid key":                     sealed(service, "AAAA"),
				"key not a string":                []byte(`{"data":"` + string(forged[9:bytes.IndexByte(forged[9:], '"')+9]) + `","publicKey":5}`),
				"key on other curve":              sealed(service, otherCurveKey(t, c)),
			} {
				pt, err := DecryptResponse(body, caller, svc, pin)
				if !errors.Is(err, ErrUnpinnedKey) || pt != nil {
					t.Errorf("%s: %q %v, want ErrUnpinnedKey", name, pt, err)
				}
			}
			// A v1 body sealed by someone else fails like any wrong key.
			if _, err := DecryptResponse(sealed(attacker, ""), caller, svc, pin); !errors.Is(err, ErrDecrypt) {
				t.Errorf("v1 forged: %v, want ErrDecrypt", err)
			}
			// Pinning needs the service key.
			if _, err := DecryptResponse(sealed(service, svc.Encode()), caller, nil, pin); !errors.Is(err, ErrNoPeerKey) {
				t.Errorf("pin without a service key: %v, want ErrNoPeerKey", err)
			}
			// An unencrypted error body is still a ServiceError.
			if _, err := DecryptResponse([]byte(`{"code":404,"message":"x"}`), caller, svc, pin); !errors.Is(err, ErrService) {
				t.Errorf("service error under pinning: %v", err)
			}
		})
	}
}

// otherCurveKey returns a public key of the curve other than c.
func otherCurveKey(t *testing.T, c Curve) string {
	t.Helper()
	other := P256
	if c == P256 {
		other = Secp256k1
	}
	k, err := GenerateKey(other)
	if err != nil {
		t.Fatal(err)
	}
	return k.Public().Encode()
}
