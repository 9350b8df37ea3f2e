package aadhaarxml

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/testvectors"
)

// vectorCert reads a PEM or DER certificate from the shared vectors.
func vectorCert(t testing.TB, elem ...string) *x509.Certificate {
	t.Helper()
	data := testvectors.Read(t, elem...)
	if b, _ := pem.Decode(data); b != nil {
		data = b.Bytes
	}
	c, err := x509.ParseCertificate(data)
	if err != nil {
		t.Fatalf("parse %v: %v", elem, err)
	}
	return c
}

func vectorRing(t testing.TB, elem ...string) *KeyRing {
	t.Helper()
	r, err := NewKeyRing(vectorCert(t, elem...))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fixedNow is a clock inside every vector's plausible range.
func fixedNow() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }

type xmlExpected struct {
	ShareCode string `json:"share_code"`
	Mobile    string `json:"mobile"`
	Email     string `json:"email"`
	Files     map[string]struct {
		ReferenceID  string            `json:"referenceId"`
		Last4        string            `json:"last4"`
		TimestampIST string            `json:"timestamp_ist"`
		Poi          map[string]string `json:"poi"`
		Poa          map[string]string `json:"poa"`
		PhotoSHA256  string            `json:"photo_jpeg_sha256"`
		Expect       string            `json:"expect"`
	} `json:"files"`
}

func TestVectorsOfflineXML(t *testing.T) {
	var exp xmlExpected
	if err := json.Unmarshal(testvectors.Read(t, "aadhaar", "synthetic", "offline-xml", "expected.json"), &exp); err != nil {
		t.Fatal(err)
	}
	signer := vectorRing(t, "aadhaar", "synthetic", "certs", "synthetic-signer.cert.pem")
	attacker := vectorRing(t, "aadhaar", "synthetic", "certs", "synthetic-attacker.cert.pem")
	uidai, err := UIDAIKeyRing()
	if err != nil {
		t.Fatal(err)
	}
	both, err := uidai.With("", signer.Certificates()...)
	if err != nil {
		t.Fatal(err)
	}
	const base = "offlineaadhaar20240101120000123"
	tests := []struct {
		file    string
		ring    *KeyRing
		profile Profile
		wantErr error
	}{
		{base + ".xml", signer, ProfileUIDAI, nil},
		{base + ".xml", both, ProfileUIDAI, nil},
		{base + ".xml", uidai, ProfileUIDAI, ErrUnknownSigner},
		{base + ".xml", attacker, ProfileUIDAI, ErrUnknownSigner},
		{base + ".xml", signer, ProfileStrict, ErrAlgorithm},
		{base + ".tampered.xml", signer, ProfileUIDAI, ErrTampered},
		{base + ".tampered.xml", both, ProfileUIDAI, ErrTampered},
		// The digest is checked before any key: tampered whoever the ring.
		{base + ".tampered.xml", uidai, ProfileUIDAI, ErrTampered},
		{base + ".keyinfo.xml", signer, ProfileUIDAI, nil},
		{base + ".keyinfo.xml", both, ProfileUIDAI, nil},
		{base + ".forged-keyinfo.xml", signer, ProfileUIDAI, ErrUnknownSigner},
		{base + ".forged-keyinfo.xml", both, ProfileUIDAI, ErrUnknownSigner},
		{base + ".rsa-sha256.xml", signer, ProfileStrict, nil},
		{base + ".rsa-sha256.xml", signer, ProfileUIDAI, nil},
		{base + ".rsa-sha256.xml", uidai, ProfileStrict, ErrUnknownSigner},
		{"offlineaadhaar20240615093045678.xml", signer, ProfileUIDAI, nil},
		{"offlineaadhaar20240615093045678.xml", uidai, ProfileUIDAI, ErrUnknownSigner},
	}
	passed := 0
	for _, tt := range tests {
		name := tt.file + "/" + tt.profile.String()
		t.Run(name, func(t *testing.T) {
			data := testvectors.Read(t, "aadhaar", "synthetic", "offline-xml", tt.file)
			v := &Verifier{Certs: tt.ring, Profile: tt.profile, Now: fixedNow}
			d, err := v.VerifyXML(data)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("VerifyXML err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if d != nil {
					t.Fatal("document returned with an error")
				}
				passed++
				return
			}
			checkXMLDoc(t, d, exp, tt.file)
			passed++
		})
	}
	t.Logf("offline-xml vectors: %d/%d passed", passed, len(tests))
}

func checkXMLDoc(t *testing.T, d *Document, exp xmlExpected, file string) {
	t.Helper()
	key := file
	if strings.HasPrefix(file, "offlineaadhaar20240101120000123") {
		key = "offlineaadhaar20240101120000123.xml"
	}
	want := exp.Files[key]
	if !d.Verified || d.Signer == nil || !d.Signer.ValidAtSigning {
		t.Fatalf("verified=%v signer=%v", d.Verified, d.Signer)
	}
	if d.Reference.Last4 != want.Last4 {
		t.Errorf("last4 = %q, want %q", d.Reference.Last4, want.Last4)
	}
	if want.TimestampIST != "" {
		ts, err := time.Parse(time.RFC3339Nano, want.TimestampIST)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Reference.Time.Equal(ts) {
			t.Errorf("time = %v, want %v", d.Reference.Time, ts)
		}
	}
	if d.Name != want.Poi["name"] || d.Gender != want.Poi["gender"] {
		t.Errorf("poi = %q %q", d.Name, d.Gender)
	}
	if got := hex.EncodeToString(d.MobileHash); got != want.Poi["m"] {
		t.Errorf("m = %s, want %s", got, want.Poi["m"])
	}
	if got := hex.EncodeToString(d.EmailHash); got != want.Poi["e"] {
		t.Errorf("e = %s, want %s", got, want.Poi["e"])
	}
	dob, err := ParseDate(want.Poi["dob"])
	if err != nil || d.DOB != dob {
		t.Errorf("dob = %v, want %v", d.DOB, dob)
	}
	a := d.Address
	got := map[string]string{"careof": a.CareOf, "country": a.Country, "dist": a.District,
		"house": a.House, "landmark": a.Landmark, "loc": a.Locality, "pc": a.Pincode,
		"po": a.PostOffice, "state": a.State, "street": a.Street, "subdist": a.SubDistrict, "vtc": a.VTC}
	for k, v := range want.Poa {
		if got[k] != v {
			t.Errorf("poa %s = %q, want %q", k, got[k], v)
		}
	}
	if want.PhotoSHA256 != "" {
		sum := sha256.Sum256(d.Photo)
		if hex.EncodeToString(sum[:]) != want.PhotoSHA256 || d.PhotoFormat != PhotoJPEG {
			t.Errorf("photo sha256/format mismatch (%v)", d.PhotoFormat)
		}
	}
	rule, err := d.VerifyMobile(exp.Mobile, exp.ShareCode)
	if err != nil || rule != RuleChained {
		t.Errorf("VerifyMobile = %v, %v", rule, err)
	}
	if _, err := d.VerifyMobile("9800000003", exp.ShareCode); !errors.Is(err, ErrHashMismatch) {
		t.Errorf("VerifyMobile(wrong) = %v", err)
	}
	if _, err := d.VerifyMobile(exp.Mobile, "4321"); !errors.Is(err, ErrHashMismatch) {
		t.Errorf("VerifyMobile(wrong code) = %v", err)
	}
	if len(d.EmailHash) == 0 {
		if _, err := d.VerifyEmail(exp.Email, exp.ShareCode); !errors.Is(err, ErrNotShared) {
			t.Errorf("VerifyEmail(no hash) = %v", err)
		}
	} else if rule, err := d.VerifyEmail(exp.Email, exp.ShareCode); err != nil || rule != RuleChained {
		t.Errorf("VerifyEmail = %v, %v", rule, err)
	}
}

func TestVectorsZIP(t *testing.T) {
	dir := []string{"aadhaar", "synthetic", "offline-xml"}
	zipData := testvectors.Read(t, append(dir, "offlineaadhaar20240101120000123.zip")...)
	xmlData := testvectors.Read(t, append(dir, "offlineaadhaar20240101120000123.xml")...)
	aes := testvectors.Read(t, append(dir, "offlineaadhaar20240101120000123.aes256-not-uidai-format.zip")...)
	got, err := OpenZIP(zipData, "1234", nil)
	if err != nil {
		t.Fatalf("OpenZIP: %v", err)
	}
	if string(got) != string(xmlData) {
		t.Fatal("zip content differs from the xml vector")
	}
	for _, tt := range []struct {
		name string
		zip  []byte
		code string
		want error
	}{
		{"wrong code", zipData, "1235", ErrWrongShareCode},
		{"empty code", zipData, "", ErrWrongShareCode},
		{"aes", aes, "1234", ErrUnsupportedZip},
		{"not a zip", xmlData, "1234", ErrMalformed},
	} {
		if _, err := OpenZIP(tt.zip, tt.code, nil); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	v := &Verifier{Certs: vectorRing(t, "aadhaar", "synthetic", "certs", "synthetic-signer.cert.der"), Now: fixedNow}
	d, err := v.VerifyZIP(zipData, "1234")
	if err != nil || d.Reference.Last4 != "1234" {
		t.Fatalf("VerifyZIP = %v, %v", d, err)
	}
}

type qrExpected struct {
	Compression string            `json:"compression"`
	Format      string            `json:"format"`
	Fields      map[string]string `json:"fields"`
	Photo       struct {
		Length int    `json:"length"`
		SHA256 string `json:"sha256"`
	} `json:"photo"`
	EmailHash  string `json:"email_hash_hex"`
	MobileHash string `json:"mobile_hash_hex"`
}

func TestVectorsSecureQR(t *testing.T) {
	var exp, synth map[string]qrExpected
	if err := json.Unmarshal(testvectors.Read(t, "aadhaar", "qr", "expected.json"), &exp); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(testvectors.Read(t, "aadhaar", "synthetic", "qr", "expected.json"), &synth); err != nil {
		t.Fatal(err)
	}
	uidai, err := UIDAIKeyRing()
	if err != nil {
		t.Fatal(err)
	}
	anon := vectorRing(t, "aadhaar", "certs", "anon-aadhaar-testCertificate.pem")
	signer := vectorRing(t, "aadhaar", "synthetic", "certs", "synthetic-signer.cert.pem")
	anonJSON := func(file string) string {
		var m struct {
			QR string `json:"testQRData"`
		}
		if err := json.Unmarshal(testvectors.Read(t, "aadhaar", "qr", file), &m); err != nil || m.QR == "" {
			t.Fatalf("%s: no testQRData (%v)", file, err)
		}
		return m.QR
	}
	text := func(elem ...string) string { return string(testvectors.Read(t, elem...)) }
	// anon-aadhaar's "V2" files are UIDAI's V1 sample re-signed with a
	// V2 header; they keep the sample's photo and its 64 hash bytes after
	// it (vectors README). Sliced at the JPEG 2000 end marker, the photo
	// and the hashes are the V1 sample's, as decoded independently in the
	// vectors' expected.json.
	sumit := exp["uidai-sample-secureqr-v1-2019-sumit-kumar.txt"]
	anonV2 := func(name string) qrExpected {
		e := exp[name]
		e.Photo, e.EmailHash, e.MobileHash = sumit.Photo, sumit.EmailHash, sumit.MobileHash
		return e
	}
	tests := []struct {
		name         string
		qr           string
		exp          qrExpected
		ring         *KeyRing
		allowExpired bool
		strict       bool
		wantErr      error
		wantName     string // signer name
	}{
		{"uidai-sumit", text("aadhaar", "qr", "uidai-sample-secureqr-v1-2019-sumit-kumar.txt"),
			sumit, uidai, false, false, nil, "uidai_prod_cdup"},
		{"uidai-sumit-strict", text("aadhaar", "qr", "uidai-sample-secureqr-v1-2019-sumit-kumar.txt"),
			sumit, uidai, false, true, nil, "uidai_prod_cdup"},
		{"uidai-sumit-wrong-ring", text("aadhaar", "qr", "uidai-sample-secureqr-v1-2019-sumit-kumar.txt"),
			sumit, anon, false, false, ErrUnknownSigner, ""},
		{"uidai-penumarthi-unknown-signer", text("aadhaar", "qr", "uidai-sample-secureqr-v1-2019-penumarthi-venkat.txt"),
			exp["uidai-sample-secureqr-v1-2019-penumarthi-venkat.txt"], uidai, false, false, ErrUnknownSigner, ""},
		{"anon-test", anonJSON("anon-aadhaar-test.json"), anonV2("anon-aadhaar-test.json"), anon, false, false, nil, "example.org"},
		{"anon-test-uidai-ring", anonJSON("anon-aadhaar-test.json"), anonV2("anon-aadhaar-test.json"), uidai, false, false, ErrUnknownSigner, ""},
		// dataInput keeps the 2019 timestamp, before the test certificate's
		// validity (2024-03-01), which is its window: the key is judged at
		// the signed time, by the window or by the certificate.
		{"anon-datainput", anonJSON("anon-aadhaar-dataInput.json"), anonV2("anon-aadhaar-dataInput.json"), anon, false, false, ErrOutsideWindow, ""},
		{"anon-datainput-strict", anonJSON("anon-aadhaar-dataInput.json"), anonV2("anon-aadhaar-dataInput.json"), anon, false, true, ErrCertExpired, ""},
		{"anon-datainput-allow-expired", anonJSON("anon-aadhaar-dataInput.json"), anonV2("anon-aadhaar-dataInput.json"), anon, true, false, nil, "example.org"},
		{"synthetic-v1", text("aadhaar", "synthetic", "qr", "synthetic-secureqr-v1-indicator3.txt"),
			synth["synthetic-secureqr-v1-indicator3.txt"], signer, false, false, nil, "Synthetic Aadhaar Test Signer"},
		{"synthetic-v2", text("aadhaar", "synthetic", "qr", "synthetic-secureqr-v2.txt"),
			synth["synthetic-secureqr-v2.txt"], signer, false, false, nil, "Synthetic Aadhaar Test Signer"},
		{"synthetic-v2-strict", text("aadhaar", "synthetic", "qr", "synthetic-secureqr-v2.txt"),
			synth["synthetic-secureqr-v2.txt"], signer, false, true, nil, "Synthetic Aadhaar Test Signer"},
		{"synthetic-v2-uidai-ring", text("aadhaar", "synthetic", "qr", "synthetic-secureqr-v2.txt"),
			synth["synthetic-secureqr-v2.txt"], uidai, false, false, ErrUnknownSigner, ""},
	}
	passed := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &Verifier{Certs: tt.ring, Now: fixedNow, AllowExpiredCert: tt.allowExpired}
			if tt.strict {
				v.Validity = ValidityStrict
			}
			d, err := v.VerifyQR(tt.qr)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("VerifyQR err = %v, want %v", err, tt.wantErr)
			}
			if err == nil {
				if d.Signer.Name != tt.wantName {
					t.Errorf("signer = %q, want %q", d.Signer.Name, tt.wantName)
				}
				if d.Signer.ValidAtSigning == tt.allowExpired || d.Signer.InWindow == tt.allowExpired {
					t.Errorf("ValidAtSigning = %v, InWindow = %v", d.Signer.ValidAtSigning, d.Signer.InWindow)
				}
				checkQRDoc(t, d, tt.exp)
			}
			// Every vector also decodes unverified, with the same fields.
			u, err := DecodeQRUnverified(tt.qr)
			if err != nil {
				t.Fatalf("DecodeQRUnverified: %v", err)
			}
			if u.Verified || u.Signer != nil {
				t.Error("unverified decode marked verified")
			}
			checkQRDoc(t, u, tt.exp)
			passed++
		})
	}
	t.Logf("secure-qr vectors: %d/%d passed", passed, len(tests))
}

func checkQRDoc(t *testing.T, d *Document, exp qrExpected) {
	t.Helper()
	f := exp.Fields
	a := d.Address
	got := map[string]string{
		"referenceId": d.Reference.Last4 + d.Reference.Time.Format("20060102150405.000"),
		"name":        d.Name, "gender": d.Gender, "careof": a.CareOf, "district": a.District,
		"landmark": a.Landmark, "house": a.House, "location": a.Locality, "pincode": a.Pincode,
		"postoffice": a.PostOffice, "state": a.State, "street": a.Street,
		"subdistrict": a.SubDistrict, "vtc": a.VTC,
		"email_mobile_indicator": string(rune('0' + d.EmailMobileIndicator)),
	}
	got["referenceId"] = strings.Replace(got["referenceId"], ".", "", 1)
	if v, ok := f["version"]; ok {
		got["version"] = v
		if "V"+string(rune('0'+d.QRVersion)) != v {
			t.Errorf("version = %d, want %s", d.QRVersion, v)
		}
		got["mobile_last4"] = d.MobileLast4
	} else if d.QRVersion != 1 {
		t.Errorf("version = %d, want 1", d.QRVersion)
	}
	for k, want := range f {
		if k == "dob" {
			dob, err := ParseDate(want)
			if err != nil || dob != d.DOB {
				t.Errorf("dob = %v, want %s", d.DOB, want)
			}
			continue
		}
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	sum := sha256.Sum256(d.Photo)
	if hex.EncodeToString(sum[:]) != exp.Photo.SHA256 || len(d.Photo) != exp.Photo.Length {
		t.Errorf("photo len %d sha %x, want %d %s", len(d.Photo), sum, exp.Photo.Length, exp.Photo.SHA256)
	}
	if d.PhotoFormat != PhotoJPEG2000 {
		t.Errorf("photo format = %v", d.PhotoFormat)
	}
	if hex.EncodeToString(d.EmailHash) != exp.EmailHash || hex.EncodeToString(d.MobileHash) != exp.MobileHash {
		t.Errorf("hashes = %x %x", d.EmailHash, d.MobileHash)
	}
}
