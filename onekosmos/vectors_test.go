package onekosmos

// Known-answer tests. The values are facts taken from public sources, kept
// here as a Go table (no sample files are checked in):
//
//   - KAT-A, KAT-B: real 1Kosmos server output, v3 poll samples of 1Kosmos's
//     first-party public Postman collection ("1Kosmos Postman Collection"),
//     decrypted with the sample private key published in that collection.
//     The samples that carry document images are deliberately not used.
//   - KAT-C: real 1Kosmos IAL output from the same collection, with a
//     Java-style ASCII-hex IV.
//   - interop: a deterministic request/response exchange made by our own
//     independent node:crypto generator (research report §3.3), with fixed
//     keys and IVs, on secp256k1 and P-256.
//   - E1, E2: edge vectors from the same generator: a 31-byte private key,
//     and a shared x-coordinate with a leading zero byte.

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

const (
	postmanPriv = "cGB/g7jd/jw1v4z8FDfoeppYQ6y1IJAYzPPkzKkCc4w="
	postmanPub  = "os9skQhJpyJIz7g5xgopwlN3N7eqMR9XMupvIIZf+CkB0V5ADDDdQ0wfA8KqH98NuFch4cIm6qwfuLGwoPCk+A=="
	katRespPub  = "4tW63RBUPYX7Vo0pUUCbgacZd1kCbq18mbSKJskOFGqmegPjRqIZg5Z+3JJNQCDWCo0CMDI/RDke+cKyWKx2nw=="
	katAKey     = "33d825c6ecd5a5012d7cd2c88e131c01e2d69e8e32c7d3b10684e26dd2c76365"
	katAData    = "vlTj05byMjznI/UuAcQt8um1mlHPh4cvSabjsKOyPuYYaXimOUCHMSPKy6T/5rcsHu5CN7AmHbAseP2MA96I+1YOt0iSeFi/qneFAFJBy2i3XpefqkyO+M/bj0tusgHi48y59W7DiRs37d4="
	katAPlain   = `{"responseStatus":"INPROGRESS","id":"4f7daced-f8d8-4309-961a-c80f8e8d5829"}`
	katBData    = "Vrif9H3SG4ic5rRr/jigg1lzKbE1O+JV0dvTieJ97y/QCQM/tK5tmx2sWkGwSUuhj4LHtsN3G0YMhdF/m6ywlttLW9B5RHw0ZZXpQ1+VWIY7EOz43Hrhk503qzuu4X1WL7hTH+WuKnPAJwKoGfhMRuGigKhA7XfrGpI8UeYQFaSQZ0KkZtO2BsYAJzlaqYHrV6/GrauRw6s1YKut+6oMVFYYk2q1HriBrpH0Bf3rdwiOeSZiyKF15uuQz70Y4tUJeeybQJ2ZVrrt6tCNTFnJEDesNDV9i2FP8ilxeVl1mSd2nWjyiFRp40x6yLPPplhtiZwoVCdCPPem+iCTV2msE9T+/ox5bMGitnPgTnUw/guaOe9lYXf94rFO5zYD7Kzt/6RzLfkBtt0UD3XzncZYPku6RZ9qiqSDqfZ9xlhmu90+3+ucGSNVf7481+pJg5LjVi/S5TmiqHg1Xs6iqaGFpdL1tqR6DDb622YzNJtUsKP4EIoZrus9HzCqQ7ifRfJIMLsyvoif0NkPFGZqB6qXmTH1BY8/w6vcF3s/s9YybEFWvLIC/uBlL4wKNWs7xyWnsAe5GUlGHU1x6TMYgoDxdstokA=="
	katBPlain   = `{"sessionResult":"FAILED","sessionId":"82f67f10-b4e4-4680-9970-5dfcc04ea39e","sessionData":{"user":{"firstname":"sd","lastname":"sd"}},"extractedInfo":{},"errorInfo":{"type":"ppt","docType":"PPT","docId":"82f67f10-b4e4-4680-9970-5dfcc04ea39e","ts":1743703637257,"status":400,"message":"Unsupported document scanned. Verification could not be done.","reason":"Unsupported document was presented","reasonCode":"IDV0006"}}`
	katCPriv    = "GhgpEmo301rp6cVgofPo9MKspzyyhtwxOb9ewY44atE="
	katCPeer    = "dkW7xYymDr4Rh4wEGazMdtiDzaGQtzgfby7F/z1eJchUjebTmYxkKcW7cHAg12zFWYEeJF9erjwoKw0BOHqtYw=="
	katCKey     = "8e243e2ff0f64a96008039d170a73c63e79d0da994c8c6d81b1a3c073e631a46"
	katCData    = "NGIxNzliMmExZjgyODYwZEDIEOv09F5iFXpjoe5/NiDR8ZN6CV/YasOcN6nGtsSx52njhWfIbDEibNwDqfnDwicC8dIXkbx3i+Kr9i+VdVvPa7rWC5ckefbcu55MwfgcVOEpOjHXuLO3tGEB6bvRa8YZuW1/U7K87EvkjWRonalZ+N1Zq+fNIg50xkZ4+4xvrlUIUjvxjp+IJ+QYE5P+"
	katCIV      = "4b179b2a1f82860d"
)

// The deterministic interop exchange (research §3.3).
const (
	ixClientPriv  = "j0tcbpYGUYFOalpO/GM+x3aTWQL4V/eg1BNQi0JytMg="
	ixClientPub   = "JXPXq/KL5fATOh0WnH3463StTQ8XbmnGkORhE6+pkswZSeyIPW9Sw1pUxC/F7IHglxU721n+w/STNvQhPdmTFQ=="
	ixServicePriv = "oeHbMKaU5fXQvugmnO+p+NEvHrEvM/azVOZkWFSmFNs="
	ixServicePub  = "9KRW9DURilsJQwprR9OaiZI0m+pVxheR7ZNN/ow44av9C5O5sP8sKIOAuxhrb0h/R23nW89smZU8VYqyGtpaLw=="
	ixKey         = "68556c4c29c0dddfecf4e697ab1605a0cfdb597b7acb3a0781c0840d465015af"
	ixLicense     = "sPfvgbCKSor5KNKLwuTbYl7nW/RgXCpmOl1IBO35XMlCKNr4gtkD5BBNjUB8OnvRkvyXY9NuStc5ZSClGZIyLb/e56Q="
	ixRequestID   = "DIstHXopglnDCKmzv/moQovPZljNZ4mOTCEjccw5SFosXnjMIaXtEVoC7vk2k+g5yZyRfkb2+y800O7CTRQal4Qsb1u8sVHgqE1UFF+qho2Cdq3WhY866daTnfiopAjFxPj3LjQbjW/6P5bkLwMFQI8E7XzAWIYcpdPG98A="
	ixBody        = "AZWK00f/xwkNBg3IU3PRdQaBVCJ089PRF6ypXSCRnkQY9PoWv63AKf+eGCH2EjVKcTd1jdjBUY6PsocEs30aOOTvwGssfn15K0EvPzNuwK1WTK8RTa6G8B5HgaaEnXpuoFGPNDXpVRH1Z40g"
	ixResponse    = "kqkdP+I7frlkJ6qZYyrlrJibrJm3Rx3uzantcTSrJTHigbWJFI3YED51VKlU/aBIYUGkHIR6hnAcc9acoCou3aRrSq3glompeBZ3iGiiRRY0S8qfMuKX2BX2+S6vSNW9I04Q4Q4ThXU/AiRQxealxrEuGXpZyJG52Y3dPFdWnDvyahHJEwmd8EPYRn7qQjkVSg1usMrKYgPL"

	ixLicensePlain   = "00000000-1111-2222-3333-444444444444"
	ixRequestIDPlain = `{"ts":1700000000,"appid":"com.example.interop","uuid":"5f1d3c1e-0000-4000-8000-000000000001"}`
	ixBodyPlain      = `{"dvcID":"example_dvcid","sessionId":"82f67f10-0000-4000-8000-000000000002"}`
	ixResponsePlain  = `{"sessionResult":"SUCCESS","sessionId":"82f67f10-0000-4000-8000-000000000002","sessionData":{"documentType":"dl_object"}}`

	// P-256 run: same private key bytes, same IVs.
	ixP256ClientPub  = "8YekKSLs7K4nBDYaxDoC9MdfKC1T0HQSJW5Bnbnw+uF63aW+RtL+5GKYJFlBcqNMhHtPuAWOfNsFGFY0jYQxJQ=="
	ixP256ServicePub = "2pCJR/7mn5llLhzAwDArUgBDRZQNbg3vD5JH5GMFQxn4lDsCx5AAxOqp0jIY3DTT331zc1lPHx0y8xC9NDGUQw=="
	ixP256Key        = "55b27e6c01651cfac236626ce9eadd83ae316d6279b60d818c0f9e03989ed98d"
	ixP256Response   = "kqkdP+I7frlkJ6qZYyrlrLvLbKgIrQybDlhy3iSOchPCDn/+zeN6e1GsZpESHFa3DKMDdpaT/+JMKWWXSuAroWzpSDdQeKmKXXvzoX1wl3ypkYmX5Tdkiy7vPZBLvjBIOUfmdfcjKiU29ROTsfswlGmWfGVsfccNjQQ+DjDwBwlMn6kdC9DzZIjBXLy6eCyqdBXlGMo5qLuQ"
)

// Edge vectors (research §3.4), IV = 16 × 0x07.
const (
	e1Priv31   = "fQNyQpIsMOa2rQLmQ2YoAL0qHC5XBiUYSejFrCOvSg=="
	e1Pub      = "JPZTKBgtcOxycX5Cpfk4W1b8Hol6JtTybRyVh6AqLcZjv/G+kpJ7O5sj1a/7izGs8f+wdLNiOfP79tf+vrJDgg=="
	e1Peer     = ixServicePub
	e1Shared   = "6ce79fd222c3a2c9ea2bbd3620427fb7ac34f0689c72231e451674b16291ddda"
	e1Envelope = "BwcHBwcHBwcHBwcHBwcHB7ANkX/N/i6CH20j1i5f2E4d5iH9XjnEULBPReFOaA=="
	e1Plain    = "short-key test"

	e2Priv     = "i068dxDocCd0Pl13fQ4JQv566hfqHBi/dx9BitZ+v7o="
	e2Peer     = "HJPnalGbLq8WCXnJNaXemZCEorMBt6jPxNS2g6CCmQ0JBLcSTWLkyE4Z0iR4OI8u4ADKFP7a8CTvAz8AjuQfRw=="
	e2Shared   = "00f72f7cb4ee29345a5cf1797a9150ed3b89fb48f8ebb3c62955cc3a645cf83c"
	e2Envelope = "BwcHBwcHBwcHBwcHBwcHB1F3CI+0nTF4DzJ18/gLIn1VVKOw3okYyvMPuPJ63g=="
	e2Plain    = "leading-zero x"
)

// ixIV is the generator's fixed IV n: sha256("iv-" + n)[:16].
func ixIV(n int) []byte {
	h := sha256.Sum256([]byte("iv-" + strconv.Itoa(n)))
	return h[:IVSize]
}

var sevens = bytes.Repeat([]byte{7}, IVSize)

func mustPriv(t testing.TB, c Curve, s string) *PrivateKey {
	t.Helper()
	k, err := ParsePrivateKey(c, s)
	if err != nil {
		t.Fatalf("ParsePrivateKey: %v", err)
	}
	return k
}

func mustPub(t testing.TB, c Curve, s string) *PublicKey {
	t.Helper()
	k, err := ParsePublicKey(c, s)
	if err != nil {
		t.Fatalf("ParsePublicKey: %v", err)
	}
	return k
}

func mustShared(t testing.TB, priv *PrivateKey, pub *PublicKey) []byte {
	t.Helper()
	k, err := SharedKey(priv, pub)
	if err != nil {
		t.Fatalf("SharedKey: %v", err)
	}
	return k
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKnownAnswers decrypts every envelope of the report with the key
// derived from the given key pair, and checks the shared key.
func TestKnownAnswers(t *testing.T) {
	tests := []struct {
		name      string
		curve     Curve
		priv, pub string
		key       string // hex
		envelope  string
		plaintext string // "" = checked separately
	}{
		{"KAT-A", Secp256k1, postmanPriv, katRespPub, katAKey, katAData, katAPlain},
		{"KAT-B", Secp256k1, postmanPriv, katRespPub, katAKey, katBData, katBPlain},
		{"KAT-C", Secp256k1, katCPriv, katCPeer, katCKey, katCData, ""},
		{"interop/licensekey", Secp256k1, ixServicePriv, ixClientPub, ixKey, ixLicense, ixLicensePlain},
		{"interop/requestid", Secp256k1, ixServicePriv, ixClientPub, ixKey, ixRequestID, ixRequestIDPlain},
		{"interop/body", Secp256k1, ixServicePriv, ixClientPub, ixKey, ixBody, ixBodyPlain},
		{"interop/response", Secp256k1, ixClientPriv, ixServicePub, ixKey, ixResponse, ixResponsePlain},
		{"interop-p256/response", P256, ixClientPriv, ixP256ServicePub, ixP256Key, ixP256Response, ixResponsePlain},
		{"interop-p256/response-service-side", P256, ixServicePriv, ixP256ClientPub, ixP256Key, ixP256Response, ixResponsePlain},
		{"E1", Secp256k1, e1Priv31, e1Peer, e1Shared, e1Envelope, e1Plain},
		{"E2", Secp256k1, e2Priv, e2Peer, e2Shared, e2Envelope, e2Plain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := mustShared(t, mustPriv(t, tt.curve, tt.priv), mustPub(t, tt.curve, tt.pub))
			if got := hex.EncodeToString(k); got != tt.key {
				t.Fatalf("shared key = %s, want %s", got, tt.key)
			}
			pt, err := Open(k, tt.envelope)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if tt.plaintext != "" && string(pt) != tt.plaintext {
				t.Fatalf("plaintext = %q, want %q", pt, tt.plaintext)
			}
			// Negative twin: the other KAT key must not open it.
			other := unhex(t, katCKey)
			if tt.key == katCKey {
				other = unhex(t, katAKey)
			}
			if _, err := Open(other, tt.envelope); !errors.Is(err, ErrDecrypt) {
				t.Fatalf("Open with a wrong key: err = %v, want ErrDecrypt", err)
			}
		})
	}
}

// TestKATC checks the IAL sample: an ASCII-hex IV (Java helper) and a JSON
// object with "user" {authModuleId, uid, username} and "did" {}.
func TestKATC(t *testing.T) {
	raw, err := base64.StdEncoding.DecodeString(katCData)
	if err != nil {
		t.Fatal(err)
	}
	if string(raw[:IVSize]) != katCIV {
		t.Fatalf("IV = %q, want the ASCII hex %q", raw[:IVSize], katCIV)
	}
	pt, err := Open(unhex(t, katCKey), katCData)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var got struct {
		User map[string]json.RawMessage `json:"user"`
		DID  map[string]json.RawMessage `json:"did"`
	}
	if err := json.Unmarshal(pt, &got); err != nil {
		t.Fatalf("plaintext is not JSON: %v", err)
	}
	for _, k := range []string{"authModuleId", "uid", "username"} {
		if _, ok := got.User[k]; !ok {
			t.Errorf("user.%s missing", k)
		}
	}
	if got.DID == nil || len(got.DID) != 0 {
		t.Errorf("did = %v, want {}", got.DID)
	}
}

// TestKATDecryptResponse runs the whole-body path on the v3 samples and on
// the interop response, on both curves.
func TestKATDecryptResponse(t *testing.T) {
	body := func(data, pub string) []byte {
		return []byte(`{"data":"` + data + `","publicKey":"` + pub + `"}`)
	}
	tests := []struct {
		name       string
		curve      Curve
		priv       string
		servicePub string // "" = nil
		body       []byte
		want       string
	}{
		{"KAT-A", Secp256k1, postmanPriv, "", body(katAData, katRespPub), katAPlain},
		{"KAT-B", Secp256k1, postmanPriv, "", body(katBData, katRespPub), katBPlain},
		{"KAT-A/service key given too", Secp256k1, postmanPriv, katRespPub, body(katAData, katRespPub), katAPlain},
		{"interop", Secp256k1, ixClientPriv, ixServicePub, body(ixResponse, ixServicePub), ixResponsePlain},
		{"interop/v1 (no publicKey)", Secp256k1, ixClientPriv, ixServicePub, []byte(`{"data":"` + ixResponse + `"}`), ixResponsePlain},
		{"interop/wrong publicKey, retried with service key", Secp256k1, ixClientPriv, ixServicePub, body(ixResponse, katRespPub), ixResponsePlain},
		{"interop/garbage publicKey, retried with service key", Secp256k1, ixClientPriv, ixServicePub, body(ixResponse, "AAAA"), ixResponsePlain},
		{"interop-p256", P256, ixClientPriv, "", body(ixP256Response, ixP256ServicePub), ixResponsePlain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var svc *PublicKey
			if tt.servicePub != "" {
				svc = mustPub(t, tt.curve, tt.servicePub)
			}
			got, err := DecryptResponse(tt.body, mustPriv(t, tt.curve, tt.priv), svc, nil)
			if err != nil {
				t.Fatalf("DecryptResponse: %v", err)
			}
			if string(got) != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestInteropReencrypt re-seals every plaintext of the deterministic
// exchange with its fixed IV and must reproduce the generator's bytes.
func TestInteropReencrypt(t *testing.T) {
	tests := []struct {
		name      string
		curve     Curve
		priv, pub string
		iv        []byte
		plaintext string
		want      string
	}{
		{"licensekey", Secp256k1, ixClientPriv, ixServicePub, ixIV(1), ixLicensePlain, ixLicense},
		{"requestid", Secp256k1, ixClientPriv, ixServicePub, ixIV(2), ixRequestIDPlain, ixRequestID},
		{"body", Secp256k1, ixClientPriv, ixServicePub, ixIV(3), ixBodyPlain, ixBody},
		{"response", Secp256k1, ixServicePriv, ixClientPub, ixIV(4), ixResponsePlain, ixResponse},
		{"p256/response", P256, ixServicePriv, ixP256ClientPub, ixIV(4), ixResponsePlain, ixP256Response},
		{"E1", Secp256k1, e1Priv31, e1Peer, sevens, e1Plain, e1Envelope},
		{"E2", Secp256k1, e2Priv, e2Peer, sevens, e2Plain, e2Envelope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := mustShared(t, mustPriv(t, tt.curve, tt.priv), mustPub(t, tt.curve, tt.pub))
			got, err := sealIV(k, tt.iv, []byte(tt.plaintext))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("sealIV = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestInteropRequest rebuilds the request of the deterministic exchange
// through requestHeaders and EncryptBody's building blocks.
func TestInteropRequest(t *testing.T) {
	client := mustPriv(t, Secp256k1, ixClientPriv)
	service := mustPriv(t, Secp256k1, ixServicePriv)
	if got := client.Public().Encode(); got != ixClientPub {
		t.Fatalf("client public key = %s, want %s", got, ixClientPub)
	}
	if got := service.Public().Encode(); got != ixServicePub {
		t.Fatalf("service public key = %s, want %s", got, ixServicePub)
	}
	// The same private bytes on P-256 give the P-256 public keys.
	if got := mustPriv(t, P256, ixClientPriv).Public().Encode(); got != ixP256ClientPub {
		t.Fatalf("P-256 client public key = %s, want %s", got, ixP256ClientPub)
	}
	if got := mustPriv(t, P256, ixServicePriv).Public().Encode(); got != ixP256ServicePub {
		t.Fatalf("P-256 service public key = %s, want %s", got, ixP256ServicePub)
	}
	// ECDH is symmetric.
	k1 := mustShared(t, client, service.Public())
	k2 := mustShared(t, service, client.Public())
	if !bytes.Equal(k1, k2) || hex.EncodeToString(k1) != ixKey {
		t.Fatalf("shared keys %x / %x, want %s", k1, k2, ixKey)
	}
	// The requestid plaintext our code builds has the generator's bytes.
	rid, err := json.Marshal(requestID{TS: 1700000000, AppID: "com.example.interop", UUID: "5f1d3c1e-0000-4000-8000-000000000001"})
	if err != nil {
		t.Fatal(err)
	}
	if string(rid) != ixRequestIDPlain {
		t.Fatalf("requestid = %s, want %s", rid, ixRequestIDPlain)
	}
}

// TestPostmanKeyPair checks the public key derived from the Postman sample
// private key (the published one has a stray character in it).
func TestPostmanKeyPair(t *testing.T) {
	if got := mustPriv(t, Secp256k1, postmanPriv).Public().Encode(); got != postmanPub {
		t.Fatalf("public key = %s, want %s", got, postmanPub)
	}
}

// TestPrivateKeyLengths covers E1 (31 bytes), E3 (33 bytes, 0x00 ‖ d) and
// the never-truncate rule.
func TestPrivateKeyLengths(t *testing.T) {
	e1 := mustPriv(t, Secp256k1, e1Priv31)
	if got := e1.Public().Encode(); got != e1Pub {
		t.Fatalf("E1 public key = %s, want %s", got, e1Pub)
	}
	raw31, _ := base64.StdEncoding.DecodeString(e1Priv31)
	if len(raw31) != 31 {
		t.Fatalf("E1 key is %d bytes, want 31", len(raw31))
	}
	if got := e1.Encode(); got != base64.StdEncoding.EncodeToString(append([]byte{0}, raw31...)) {
		t.Fatalf("E1 re-encoded = %s, want the 32-byte left-padded form", got)
	}

	d, _ := base64.StdEncoding.DecodeString(ixClientPriv)
	want := mustPriv(t, Secp256k1, ixClientPriv)
	for _, c := range []Curve{Secp256k1, P256} {
		// E3: Java/.NET two's complement, 33 bytes with a leading 0x00.
		k33, err := NewPrivateKey(c, append([]byte{0}, d...))
		if err != nil {
			t.Fatalf("%v: 0x00‖d rejected: %v", c, err)
		}
		k32, _ := NewPrivateKey(c, d)
		if !k33.Equal(k32) {
			t.Fatalf("%v: 0x00‖d is a different key", c)
		}
		// 33 significant bytes: rejected, never truncated.
		if _, err := NewPrivateKey(c, append([]byte{1}, d...)); !errors.Is(err, ErrInvalidKey) {
			t.Fatalf("%v: 33 significant bytes: err = %v, want ErrInvalidKey", c, err)
		}
		// 34 bytes, even with zeros: over the 33-byte cap.
		if _, err := NewPrivateKey(c, append([]byte{0, 0}, d...)); !errors.Is(err, ErrInvalidKey) {
			t.Fatalf("%v: 34 bytes: err = %v, want ErrInvalidKey", c, err)
		}
	}
	// decred's PrivKeyFromBytes truncates 0x01‖d to its first 32 bytes and
	// silently gives another key; make sure we do not match that key.
	trunc := secp256k1.PrivKeyFromBytes(append([]byte{1}, d...))
	if bytes.Equal(trunc.Serialize(), want.Bytes()) {
		t.Fatal("test premise broken: truncation gives the same key")
	}
}
