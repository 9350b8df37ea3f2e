package demo

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"github.com/kyckit/kyckit/onekosmos"
	"github.com/kyckit/kyckit/sdjwt"

	"github.com/kyckit/kyckit/internal/uuid"
)

// The embedded copies of the aadhaarxml test fixtures (see
// fixtures/README.md). Everything else is made at run time.
var (
	//go:embed fixtures/offlineaadhaar20250115103000123.zip
	offlineZIP []byte
	//go:embed fixtures/kyckit-test-signer.pem
	testSignerPEM []byte
)

// The demo's constants: who the verifier is, and the share code of the
// embedded ZIP.
const (
	ShareCode      = "1234"
	OVSEClientID   = "https://ovse.demo.kyckit.example"
	demoIssuer     = sdjwt.UIDAIIssuer
	recordCategory = "kyc_identity"
)

// Person is the invented resident every fixture describes. The fields
// must match the embedded Offline e-KYC ZIP (TestPersonMatchesZIP).
type Person struct {
	Name, DOB, DOBISO, Gender, Mobile, Email string
	Last4                                    string
	CareOf, House, Street, Landmark, Loc     string
	VTC, PO, Subdist, Dist, State, PC        string
	Country                                  string
	DLNumber                                 string // invented driving licence (RTO code 00 does not exist)
}

// Resident is the invented person of the demo: the resident of kyckit's
// aadhaarxml test fixtures.
var Resident = Person{
	Name: "Kavya Example", DOB: "15-08-1992", DOBISO: "1992-08-15", Gender: "F",
	Mobile: "9800000002", Email: "kavya.example@example.com", Last4: "2468",
	CareOf: "C/O: Ravi Example", House: "42-B", Street: "Sample Street", Landmark: "Near Example Park",
	Loc: "Demo Nagar", VTC: "Testpur", PO: "Testpur", Subdist: "Testpur Tehsil", Dist: "Example District",
	State: "Karnataka", PC: "560001", Country: "India",
	DLNumber: "KA0020200000001",
}

// FullAddress is the person's address as one line, the way the SD-JWT
// "address" claim carries it.
func (p Person) FullAddress() string {
	return strings.Join([]string{p.House, p.Street, p.Landmark, p.Loc, p.VTC, p.Dist, p.State}, ", ") + " - " + p.PC
}

// A Value is one personal value of the fixtures that must never reach the
// log, with a label that names it without showing it.
type Value struct {
	Label string
	Value string
}

// PIIValues lists every personal value of p, labelled, in the forms a log
// could leak them (step 6 scans for each).
func (p Person) PIIValues() []Value {
	return []Value{
		{"name", p.Name}, {"given name", strings.Fields(p.Name)[0]}, {"date of birth", p.DOB}, {"date of birth (ISO)", p.DOBISO},
		{"date of birth (slashes)", strings.ReplaceAll(p.DOB, "-", "/")},
		{"mobile", p.Mobile}, {"mobile (E.164)", "+91" + p.Mobile}, {"e-mail", p.Email},
		{"care of", p.CareOf}, {"care-of name", strings.TrimPrefix(p.CareOf, "C/O: ")},
		{"house and street", p.House + ", " + p.Street}, {"street", p.Street}, {"landmark", p.Landmark},
		{"locality", p.Loc}, {"village/town/city", p.VTC}, {"sub-district", p.Subdist}, {"district", p.Dist},
		{"PIN code", p.PC},
		{"full address", p.FullAddress()}, {"driving licence number", p.DLNumber},
	}
}

// photoPNG draws a small invented "photo" (a gradient).
func photoPNG() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 24, 24))
	for y := range 24 {
		for x := range 24 {
			img.Set(x, y, color.NRGBA{uint8(10 * x), uint8(10 * y), 160, 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img) // cannot fail on an in-memory image
	return b.Bytes()
}

// ovseFixture is what step 1 receives: the callback body, and what the
// verifier knows beforehand (the issuer key and the txn it sent).
type ovseFixture struct {
	callback  []byte
	issuerPub *ecdsa.PublicKey
	txn       string
	pii       []string // the disclosures and the photo, as they travel
}

// makeOVSE issues a UIDAI-profile SD-JWT for p with a throwaway issuer
// key, presents it with a throwaway holder key bound to the txn, and wraps
// it in the Aadhaar app's callback envelope.
func makeOVSE(p Person, now time.Time) (*ovseFixture, error) {
	issuer, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	holder, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	photo := base64.StdEncoding.EncodeToString(photoPNG())
	id, err := uuid.NewV4(rand.Reader)
	if err != nil {
		return nil, err
	}
	// iss, id, iat, exp and status are UIDAI's mandatory plaintext payload
	// fields ("Aadhaar SD-JWT Specifications"); the status URL is an
	// invented one, never fetched.
	claims := map[string]any{
		"iss": demoIssuer, "id": id, "iat": now.Add(-time.Minute).Unix(), "exp": now.Add(365 * 24 * time.Hour).Unix(),
		"status": "https://status.demo.kyckit.example/aadhaar-vc/" + id, "uid": "xxxxxxxx" + p.Last4,
		"name": p.Name, "dob": p.DOB, "gender": p.Gender,
		"mobile": p.Mobile, "masked_mobile": "xxxxxx" + p.Mobile[len(p.Mobile)-4:], "email": p.Email,
		"care_of": p.CareOf, "building": p.House, "street": p.Street, "landmark": p.Landmark,
		"locality": p.Loc, "vtc": p.VTC, "sub_district": p.Subdist, "district": p.Dist, "state": p.State,
		"pincode": p.PC, "po_name": p.PO, "address": p.FullAddress(), "photo": photo, "age_above_18": true,
	}
	var disclose []sdjwt.Path
	for k := range claims {
		switch k {
		case "iss", "id", "iat", "exp", "status":
		default:
			disclose = append(disclose, sdjwt.Path{k})
		}
	}
	issued, err := sdjwt.Issue(issuer, claims, disclose, &sdjwt.IssueOptions{
		Type: "vc+sd-jwt", KeyID: "kyckit-demo-issuer", HolderKey: holder.Public(), Decoys: 2,
	})
	if err != nil {
		return nil, fmt.Errorf("issuing the credential: %w", err)
	}
	txn := "demo-txn-" + rand.Text()[:12]
	// The resident shares everything but e-mail (the app lets them choose).
	var share []sdjwt.Path
	for _, d := range disclose {
		if d[0] != "email" {
			share = append(share, d)
		}
	}
	token, err := sdjwt.Present(issued, share, &sdjwt.PresentOptions{
		HolderKey: holder, Audience: OVSEClientID, Nonce: txn, Now: func() time.Time { return now },
	})
	if err != nil {
		return nil, fmt.Errorf("presenting the credential: %w", err)
	}
	body, err := json.Marshal(map[string]string{"txn": txn, "response": token, "dateTime": now.Format(time.RFC3339)})
	if err != nil {
		return nil, err
	}
	parts := strings.Split(token, "~")
	pii := append([]string{photo[:40]}, parts[1:len(parts)-1]...)
	return &ovseFixture{callback: body, issuerPub: &issuer.PublicKey, txn: txn, pii: pii}, nil
}

// kosmosFixture is what step 2 receives: the encrypted poll response and
// the caller's keys.
type kosmosFixture struct {
	body       []byte
	callerPriv *onekosmos.PrivateKey
	servicePub *onekosmos.PublicKey
	pii        []string
}

// makeKosmos builds the plaintext of a successful 1Kosmos v3 poll (a
// driving licence of p) and seals it the way the service does: static
// ECDH on secp256k1 between throwaway service and caller keys, AES-256-GCM
// with a 16-byte IV, {"data", "publicKey"}.
func makeKosmos(p Person) (*kosmosFixture, error) {
	caller, err := onekosmos.GenerateKey(onekosmos.Secp256k1)
	if err != nil {
		return nil, err
	}
	service, err := onekosmos.GenerateKey(onekosmos.Secp256k1)
	if err != nil {
		return nil, err
	}
	first, last, _ := strings.Cut(p.Name, " ")
	face := base64.StdEncoding.EncodeToString(photoPNG())
	plain, err := json.Marshal(map[string]any{
		"sessionResult": "SUCCESS",
		"sessionId":     "0c6f3d2a-demo-4e1b-9b7a-" + strings.ToLower(rand.Text()[:12]),
		"sessionData":   map[string]any{"documentType": "dl_object"},
		"extractedInfo": map[string]any{"documentType": "dl_object", "documentId": p.DLNumber, "firstName": first, "lastName": last},
		"document": map[string]any{
			"category": "identity_document", "documentType": "dl_object", "type": "dl", "country": "IND", "state": "KA",
			"documentId": p.DLNumber, "id": p.DLNumber, "firstName": first, "lastName": last, "familyName": last,
			"fullName": p.Name, "dob": p.DOBISO, "gender": p.Gender, "doi": "2020-02-03", "doe": "2040-02-02", "face": face,
			"address": p.FullAddress(), "street": p.Street, "city": p.VTC, "postalCode": p.PC,
		},
	})
	if err != nil {
		return nil, err
	}
	key, err := onekosmos.SharedKey(service, caller.Public())
	if err != nil {
		return nil, err
	}
	env, err := onekosmos.Seal(key, plain)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(map[string]string{"data": env, "publicKey": service.Public().Encode()})
	if err != nil {
		return nil, err
	}
	return &kosmosFixture{body: body, callerPriv: caller, servicePub: service.Public(), pii: []string{face[:40]}}, nil
}
