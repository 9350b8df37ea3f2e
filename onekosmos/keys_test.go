package onekosmos

import (
	"crypto/ecdsa" // the standard library's, for cross-checks
	"crypto/elliptic"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

var curves = []Curve{Secp256k1, P256}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestParseCurve(t *testing.T) {
	tests := []struct {
		in   string
		want Curve
	}{
		{"secp256k1", Secp256k1}, {"SECP256K1", Secp256k1}, {"p256", P256}, {"P-256", P256},
		{"prime256v1", P256}, {"secp256r1", P256},
	}
	for _, tt := range tests {
		got, err := ParseCurve(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCurve(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "p384", "ed25519", "secp256k2"} {
		if _, err := ParseCurve(bad); !errors.Is(err, ErrUnknownCurve) {
			t.Errorf("ParseCurve(%q): err = %v, want ErrUnknownCurve", bad, err)
		}
	}
	if got := Secp256k1.String() + "," + P256.String(); got != "secp256k1,prime256v1" {
		t.Errorf("String = %s", got)
	}
	if _, err := GenerateKey(0); !errors.Is(err, ErrUnknownCurve) {
		t.Errorf("GenerateKey(0): err = %v, want ErrUnknownCurve", err)
	}
	if _, err := ParsePublicKey(Curve(9), ixClientPub); !errors.Is(err, ErrUnknownCurve) {
		t.Errorf("ParsePublicKey(9): err = %v, want ErrUnknownCurve", err)
	}
	if _, err := ParsePrivateKey(Curve(9), ixClientPriv); !errors.Is(err, ErrUnknownCurve) {
		t.Errorf("ParsePrivateKey(9): err = %v, want ErrUnknownCurve", err)
	}
}

// TestPublicKeyEncodings emits every encoding and parses it back.
func TestPublicKeyEncodings(t *testing.T) {
	for _, c := range curves {
		for range 20 { // both parities of y, with high probability
			k, err := GenerateKey(c)
			if err != nil {
				t.Fatal(err)
			}
			pub := k.Public()
			encodings := map[string]string{
				"1kosmos":      pub.Encode(),
				"uncompressed": b64(pub.Uncompressed()),
				"compressed":   b64(pub.Compressed()),
				"pem":          string(pub.PEM()),
				"jwk":          string(pub.JWK()),
				"padded":       "\n  " + pub.Encode() + "\r\n",
			}
			for name, enc := range encodings {
				got, err := ParsePublicKey(c, enc)
				if err != nil {
					t.Fatalf("%v/%s: %v", c, name, err)
				}
				if !got.Equal(pub) || got.Encode() != pub.Encode() {
					t.Fatalf("%v/%s: round trip gave another key", c, name)
				}
			}
			if len(pub.Bytes()) != 64 || pub.String() != pub.Encode() {
				t.Fatalf("Bytes/String wrong")
			}
		}
	}
}

// TestPEMInterop checks our SPKI against crypto/x509 (P-256) and a fixed
// secp256k1 key (the generator point).
func TestPEMInterop(t *testing.T) {
	k, err := GenerateKey(P256)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(k.Public().PEM())
	parsed, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatalf("x509 cannot parse our P-256 SPKI: %v", err)
	}
	std := parsed.(*ecdsa.PublicKey)
	raw, _ := std.Bytes()
	if !strings.EqualFold(hex.EncodeToString(raw), hex.EncodeToString(k.Public().Uncompressed())) {
		t.Fatal("x509 read another point")
	}
	der, err := x509.MarshalPKIXPublicKey(std)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParsePublicKey(P256, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})))
	if err != nil || !back.Equal(k.Public()) {
		t.Fatalf("x509's SPKI: %v", err)
	}

	// openssl ec -pubout of the secp256k1 key with d = 1 (the generator).
	const gPEM = `-----BEGIN PUBLIC KEY-----
MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEeb5mfvncu6xVoGKVzocLBwKb/NstzijZ
WfKBWxb4F5hIOtp3JqPEZV2k+/wOEQio/Re0SKaFVBmcR9CP+xDUuA==
-----END PUBLIC KEY-----
`
	one, err := NewPrivateKey(Secp256k1, []byte{1})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(one.Public().PEM()); got != gPEM {
		t.Fatalf("secp256k1 PEM = %s, want %s", got, gPEM)
	}
}

func TestJWK(t *testing.T) {
	one, _ := NewPrivateKey(Secp256k1, []byte{1})
	const want = `{"kty":"EC","crv":"secp256k1","x":"eb5mfvncu6xVoGKVzocLBwKb_NstzijZWfKBWxb4F5g","y":"SDradyajxGVdpPv8DhEIqP0XtEimhVQZnEfQj_sQ1Lg"}`
	if got := string(one.Public().JWK()); got != want {
		t.Fatalf("JWK = %s, want %s", got, want)
	}
	bad := []struct {
		name, jwk string
		want      error
	}{
		{"kty", `{"kty":"OKP","crv":"secp256k1","x":"eb5mfvncu6xVoGKVzocLBwKb_NstzijZWfKBWxb4F5g","y":"SDradyajxGVdpPv8DhEIqP0XtEimhVQZnEfQj_sQ1Lg"}`, ErrInvalidKey},
		{"other curve", `{"kty":"EC","crv":"P-256","x":"eb5mfvncu6xVoGKVzocLBwKb_NstzijZWfKBWxb4F5g","y":"SDradyajxGVdpPv8DhEIqP0XtEimhVQZnEfQj_sQ1Lg"}`, ErrCurveMismatch},
		{"unknown crv", `{"kty":"EC","crv":"P-384","x":"eb5mfvncu6xVoGKVzocLBwKb_NstzijZWfKBWxb4F5g","y":"SDradyajxGVdpPv8DhEIqP0XtEimhVQZnEfQj_sQ1Lg"}`, ErrInvalidKey},
		{"short x", `{"kty":"EC","crv":"secp256k1","x":"eb5m","y":"SDradyajxGVdpPv8DhEIqP0XtEimhVQZnEfQj_sQ1Lg"}`, ErrInvalidKey},
		{"padded base64", `{"kty":"EC","crv":"secp256k1","x":"eb5mfvncu6xVoGKVzocLBwKb_NstzijZWfKBWxb4F5g=","y":"SDradyajxGVdpPv8DhEIqP0XtEimhVQZnEfQj_sQ1Lg"}`, ErrInvalidKey},
		{"off curve", `{"kty":"EC","crv":"secp256k1","x":"eb5mfvncu6xVoGKVzocLBwKb_NstzijZWfKBWxb4F5g","y":"SDradyajxGVdpPv8DhEIqP0XtEimhVQZnEfQj_sQ1Lk"}`, ErrInvalidKey},
		{"not json", `{"kty":`, ErrInvalidKey},
	}
	for _, tt := range bad {
		if _, err := ParsePublicKey(Secp256k1, tt.jwk); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func hexb(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

const (
	k1Gx = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
	k1Gy = "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
	k1P  = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"
	k1N  = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
	p2Gx = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
	p2Gy = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"
	p2P  = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"
	p2N  = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"
)

// plusOne returns the 32-byte big-endian x + 1 (mod 2^256).
func plusOne(x string) string {
	v := new(big.Int).SetBytes(hexb(x))
	v.Add(v, big.NewInt(1))
	out := make([]byte, 32)
	v.FillBytes(out[:])
	return hex.EncodeToString(out)
}

// nonResidueX returns an x in [0, p) for which the curve has no point, so
// that 0x02‖x is an invalid compressed point.
func nonResidueX(t *testing.T, c Curve) string {
	t.Helper()
	for i := int64(1); i < 1000; i++ {
		x := make([]byte, 32)
		big.NewInt(i).FillBytes(x)
		var ok bool
		if c == Secp256k1 {
			var fx, fy secp256k1.FieldVal
			fx.SetByteSlice(x)
			ok = secp256k1.DecompressY(&fx, false, &fy)
		} else {
			px, _ := elliptic.UnmarshalCompressed(elliptic.P256(), append([]byte{2}, x...))
			ok = px != nil
		}
		if !ok {
			return hex.EncodeToString(x)
		}
	}
	t.Fatal("no non-residue found")
	return ""
}

// TestInvalidPublicKeys is a Wycheproof-style table of invalid points,
// built by hand for both curves: off-curve, coordinates ≥ p, the point at
// infinity, the other curve's generator, bad SEC1 prefixes and lengths.
func TestInvalidPublicKeys(t *testing.T) {
	type tc struct {
		name string
		raw  string // hex of the decoded bytes
	}
	zero := strings.Repeat("00", 32)
	cases := map[Curve][]tc{
		Secp256k1: {
			{"zero X‖Y", zero + zero},
			{"generator with y+1", k1Gx + plusOne(k1Gy)},
			{"x = p", k1P + k1Gy},
			{"y = p", k1Gx + k1P},
			{"x = 2^256-1", strings.Repeat("ff", 32) + k1Gy},
			{"P-256 generator", p2Gx + p2Gy},
			{"uncompressed off curve", "04" + k1Gx + plusOne(k1Gy)},
			{"hybrid 0x06", "06" + k1Gx + k1Gy},
			{"hybrid 0x07", "07" + k1Gx + k1Gy},
			{"prefix 0x05", "05" + k1Gx + k1Gy},
			{"prefix 0x00", "00" + k1Gx + k1Gy},
			{"compressed x not on curve", "02" + nonResidueX(t, Secp256k1)},
			{"compressed x = p", "02" + k1P},
			{"compressed bad prefix", "04" + k1Gx},
			{"infinity 0x00", "00"},
			{"empty", ""},
			{"63 bytes", (k1Gx + k1Gy)[2:]},
			{"66 bytes", "0004" + k1Gx + k1Gy},
			{"32 bytes", k1Gx},
		},
		P256: {
			{"zero X‖Y", zero + zero},
			{"generator with y+1", p2Gx + plusOne(p2Gy)},
			{"x = p", p2P + p2Gy},
			{"y = p", p2Gx + p2P},
			{"secp256k1 generator", k1Gx + k1Gy},
			{"uncompressed off curve", "04" + p2Gx + plusOne(p2Gy)},
			{"hybrid 0x06", "06" + p2Gx + p2Gy},
			{"hybrid 0x07", "07" + p2Gx + p2Gy},
			{"compressed x not on curve", "02" + nonResidueX(t, P256)},
			{"compressed x = p", "03" + p2P},
			{"infinity 0x00", "00"},
			{"empty", ""},
			{"65 bytes no prefix", p2Gx + p2Gy + "00"},
		},
	}
	for c, list := range cases {
		// The valid generator is accepted, so the table tests the right thing.
		gx, gy := k1Gx, k1Gy
		if c == P256 {
			gx, gy = p2Gx, p2Gy
		}
		if _, err := NewPublicKey(c, hexb(gx+gy)); err != nil {
			t.Fatalf("%v: generator rejected: %v", c, err)
		}
		for _, tt := range list {
			t.Run(c.String()+"/"+tt.name, func(t *testing.T) {
				raw := hexb(tt.raw)
				if _, err := NewPublicKey(c, raw); !errors.Is(err, ErrInvalidKey) {
					t.Fatalf("NewPublicKey: err = %v, want ErrInvalidKey", err)
				}
				if _, err := ParsePublicKey(c, b64(raw)); !errors.Is(err, ErrInvalidKey) {
					t.Fatalf("ParsePublicKey: err = %v, want ErrInvalidKey", err)
				}
			})
		}
	}
}

func TestParsePublicKeyErrors(t *testing.T) {
	k1 := mustPriv(t, Secp256k1, ixClientPriv).Public()
	p2 := mustPriv(t, P256, ixClientPriv).Public()
	tests := []struct {
		name  string
		curve Curve
		in    string
		want  error
	}{
		{"not base64", Secp256k1, "not base64!", ErrInvalidKey},
		{"url base64", Secp256k1, strings.NewReplacer("+", "-", "/", "_").Replace(ixClientPub), ErrInvalidKey},
		{"unpadded", Secp256k1, strings.TrimRight(ixClientPub, "="), ErrInvalidKey},
		{"stray character (Postman sample)", Secp256k1, postmanPub[:10] + "¿" + postmanPub[10:], ErrInvalidKey},
		{"too long", Secp256k1, strings.Repeat("A", maxKeyText+4), ErrTooLarge},
		{"PEM of the other curve", Secp256k1, string(p2.PEM()), ErrCurveMismatch},
		{"PEM of the other curve (P-256)", P256, string(k1.PEM()), ErrCurveMismatch},
		{"JWK of the other curve", P256, string(k1.JWK()), ErrCurveMismatch},
		{"PEM wrong type", Secp256k1, strings.ReplaceAll(string(k1.PEM()), "PUBLIC KEY", "EC PRIVATE KEY"), ErrInvalidKey},
		{"PEM trailing data", Secp256k1, string(k1.PEM()) + "junk", ErrInvalidKey},
		{"PEM garbage DER", Secp256k1, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{0x30, 0x01}})), ErrInvalidKey},
		{"PEM RSA OID", Secp256k1, pemWithOIDs(t, []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}, []byte{0x05, 0x00}, k1.Uncompressed()), ErrInvalidKey},
		{"PEM P-384 curve", Secp256k1, pemWithOIDs(t, []byte{0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}, []byte{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22}, k1.Uncompressed()), ErrInvalidKey},
		{"PEM raw X‖Y inside", Secp256k1, pemWithOIDs(t, []byte{0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}, []byte{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a}, k1.Bytes()), ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParsePublicKey(tt.curve, tt.in); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	// The PEM helper itself builds a valid key when given the right OIDs.
	ok := pemWithOIDs(t, []byte{0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}, []byte{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a}, k1.Uncompressed())
	if got, err := ParsePublicKey(Secp256k1, ok); err != nil || !got.Equal(k1) {
		t.Fatalf("pemWithOIDs control: %v", err)
	}
}

// pemWithOIDs builds an SPKI from raw DER pieces.
func pemWithOIDs(t *testing.T, alg, params, point []byte) string {
	t.Helper()
	seq := func(tag byte, parts ...[]byte) []byte {
		var body []byte
		for _, p := range parts {
			body = append(body, p...)
		}
		if len(body) > 127 {
			t.Fatal("long form not needed here")
		}
		return append([]byte{tag, byte(len(body))}, body...)
	}
	bits := seq(0x03, []byte{0}, point)
	der := seq(0x30, seq(0x30, alg, params), bits)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func TestParsePrivateKeyErrors(t *testing.T) {
	for _, c := range curves {
		n := k1N
		if c == P256 {
			n = p2N
		}
		tests := []struct {
			name string
			in   string
			want error
		}{
			{"empty", "", ErrInvalidKey},
			{"zero", b64(make([]byte, 32)), ErrInvalidKey},
			{"single zero byte", b64([]byte{0}), ErrInvalidKey},
			{"n", b64(hexb(n)), ErrInvalidKey},
			{"n+1", b64(hexb(plusOne(n))), ErrInvalidKey},
			{"2^256-1", b64(hexb(strings.Repeat("ff", 32))), ErrInvalidKey},
			{"0x00 ‖ n", b64(append([]byte{0}, hexb(n)...)), ErrInvalidKey},
			{"not base64", "*not base64*", ErrInvalidKey},
			{"url base64", "j0tcbpYGUYFOalpO_GM-x3aTWQL4V_eg1BNQi0JytMg=", ErrInvalidKey},
			{"too long", strings.Repeat("A", maxKeyText+4), ErrTooLarge},
		}
		for _, tt := range tests {
			t.Run(c.String()+"/"+tt.name, func(t *testing.T) {
				if _, err := ParsePrivateKey(c, tt.in); !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
			})
		}
		// n-1 is the largest valid scalar.
		nm1 := new(big.Int).Sub(new(big.Int).SetBytes(hexb(n)), big.NewInt(1))
		if _, err := NewPrivateKey(c, nm1.Bytes()); err != nil {
			t.Fatalf("%v: n-1 rejected: %v", c, err)
		}
	}
}

func TestPrivateKeyNeverPrinted(t *testing.T) {
	k := mustPriv(t, Secp256k1, ixClientPriv)
	for _, s := range []string{k.String(), k.LogValue().String()} {
		if strings.Contains(s, ixClientPriv) || strings.Contains(s, hex.EncodeToString(k.Bytes())) {
			t.Fatalf("private key printed: %s", s)
		}
		if !strings.Contains(s, "REDACTED") {
			t.Fatalf("no REDACTED marker: %s", s)
		}
	}
	if got := k.Encode(); got != ixClientPriv {
		t.Fatalf("Encode = %s, want %s", got, ixClientPriv)
	}
	if k.Equal(mustPriv(t, P256, ixClientPriv)) || k.Equal(nil) || !k.Equal(mustPriv(t, Secp256k1, ixClientPriv)) {
		t.Fatal("Equal wrong")
	}
}

func TestSharedKey(t *testing.T) {
	for _, c := range curves {
		for range 50 {
			a, _ := GenerateKey(c)
			b, _ := GenerateKey(c)
			ka := mustShared(t, a, b.Public())
			kb := mustShared(t, b, a.Public())
			if len(ka) != KeySize || string(ka) != string(kb) {
				t.Fatalf("%v: shared keys %x / %x", c, ka, kb)
			}
		}
	}
	k1, _ := GenerateKey(Secp256k1)
	p2, _ := GenerateKey(P256)
	if _, err := SharedKey(k1, p2.Public()); !errors.Is(err, ErrCurveMismatch) {
		t.Fatalf("mixed curves: err = %v", err)
	}
	if _, err := SharedKey(p2, k1.Public()); !errors.Is(err, ErrCurveMismatch) {
		t.Fatalf("mixed curves: err = %v", err)
	}
	if _, err := SharedKey(nil, k1.Public()); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("nil: err = %v", err)
	}
	// The secp256k1 point of one curve parsed as the other is rejected at
	// parse time: it never reaches SharedKey.
	if _, err := NewPublicKey(P256, k1.Public().Bytes()); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("secp256k1 point as P-256: err = %v", err)
	}
}
