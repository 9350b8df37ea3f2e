package normalize

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// UIDAIAddress holds the 12 UIDAI address attributes, named as in the
// Offline e-KYC XML Poa element.
type UIDAIAddress struct {
	CareOf   string // careof (co in KycRes)
	Country  string // country
	Dist     string // dist
	House    string // house
	Landmark string // landmark (lm in KycRes)
	Loc      string // loc (location in Secure QR)
	PC       string // pc: PIN code
	PO       string // po: post office
	State    string // state
	Street   string // street
	Subdist  string // subdist
	VTC      string // vtc: village/town/city
}

// OfflineEKYC is an Offline e-KYC Document (OfflinePaperlessKyc XML) as a
// verifier such as kyckit's aadhaarxml package reads it. normalize does not
// import that package (public packages are leaves); cmd/kyckit maps its
// types onto this plain struct.
type OfflineEKYC struct {
	// ReferenceID is the referenceId attribute: last 4 Aadhaar digits and
	// YYYYMMDDHHMMSSsss. Last4 and GeneratedAt are used when it is empty.
	ReferenceID string
	Last4       string       // used when ReferenceID is empty
	GeneratedAt time.Time    // used when ReferenceID is empty
	Name        string       // Poi@name
	DOB         string       // DD-MM-YYYY or YYYY
	Gender      string       // M/F/T
	Address     UIDAIAddress // Poa attributes
	Photo       []byte       // JPEG as issued
	// MobileHash and EmailHash are the hex Poi@m and Poi@e values.
	MobileHash, EmailHash string
	// SignatureVerified must be true only when the caller checked the
	// UIDAI XML signature; otherwise the outcome is needs_review.
	SignatureVerified bool
}

// SecureQR is a decoded UIDAI Secure QR code (see OfflineEKYC for why it is
// a plain struct).
type SecureQR struct {
	Version     string       // "", "V2", "V3", "V5" …
	ReferenceID string       // last 4 Aadhaar digits + YYYYMMDDHHMMSSsss
	Last4       string       // used when ReferenceID is empty
	GeneratedAt time.Time    // used when ReferenceID is empty
	Name        string       // name
	DOB         string       // DD-MM-YYYY or YYYY
	Gender      string       // M/F/T
	Address     UIDAIAddress // address fields
	Photo       []byte       // JPEG 2000 as issued (never decoded here)
	// MobileHash and EmailHash are hex SHA-256ⁿ values (older QRs);
	// MobileLast4 is what V2+ QRs carry instead.
	MobileHash, EmailHash string
	MobileLast4           string // last 4 mobile digits (V2 and later)
	SignatureVerified     bool   // true only when the caller checked the QR signature
}

// SDJWTResident is the resident claims of a UIDAI Aadhaar SD-JWT VC (the
// Aadhaar-app OVSE credential) as a verifier such as kyckit's sdjwt package
// returns them (see OfflineEKYC for why it is a plain struct). Claim names
// follow UIDAI's published vocabulary; the uid is usually not disclosed.
type SDJWTResident struct {
	UID          string       // masked uid when disclosed
	IssuedAt     time.Time    // iat
	Name         string       // name
	LocalName    string       // local_name (regional script)
	DOB          string       // dob
	Gender       string       // gender
	Address      UIDAIAddress // building → House, locality → Loc, po_name → PO, pincode → PC
	FullAddress  string       // the "address" claim
	Photo        []byte       // photo bytes
	Mobile       string       // plaintext, when disclosed
	MaskedMobile string       // masked_mobile
	Email        string       // email, when disclosed
	MaskedEmail  string       // masked_email
	// SignatureVerified must be true only when the caller verified the
	// SD-JWT (issuer signature and disclosures).
	SignatureVerified bool
}

func (c *core) uidaiAddress(a UIDAIAddress, p string) {
	c.careOf = f(a.CareOf, p+"careof")
	c.country = f(a.Country, p+"country")
	c.district = f(a.Dist, p+"dist")
	c.house = f(a.House, p+"house")
	c.landmark = f(a.Landmark, p+"landmark")
	c.locality = f(a.Loc, p+"loc")
	c.pin = f(a.PC, p+"pc")
	c.postOffice = f(a.PO, p+"po")
	c.state = f(a.State, p+"state")
	c.street = f(a.Street, p+"street")
	c.subDistrict = f(a.Subdist, p+"subdist")
	c.vtc = f(a.VTC, p+"vtc")
}

func (c *core) uidaiSigned(verified bool, format string) {
	c.aadhaarFormat = format
	c.sigVerified = ptr(verified)
	c.evidence = "uidai"
	if verified {
		c.outcome = Verified
		c.checkMethods = []string{"vcrypt"}
	} else {
		c.outcome = NeedsReview
		c.warn("signature_not_verified")
	}
}

// uidaiSignedStatus is uidaiSigned for the sources whose only status is
// whether the caller verified the UIDAI signature.
func (c *core) uidaiSignedStatus(verified bool, format string) {
	c.uidaiSigned(verified, format)
	c.status = "signature_verified"
	if !verified {
		c.status = "signature_not_verified"
	}
}

// FromOfflineEKYC normalizes an Offline e-KYC Document.
func FromOfflineEKYC(d OfflineEKYC, opts *Options) *Record {
	return build(offlineCore(d), nil, opts)
}

func offlineCore(d OfflineEKYC) *core {
	c := &core{adapter: "offline-xml", provider: "uidai", product: "offline-ekyc"}
	c.name = f(d.Name, "Poi@name")
	c.dob = f(d.DOB, "Poi@dob")
	c.gender = f(d.Gender, "Poi@gender")
	c.uidaiAddress(d.Address, "Poa@")
	c.refID = f(d.ReferenceID, "@referenceId")
	if d.ReferenceID == "" {
		c.uid = f(maskLast4(d.Last4), "last4")
		if !d.GeneratedAt.IsZero() {
			c.generatedAt = f(d.GeneratedAt.Format(time.RFC3339Nano), "generated_at")
		}
	}
	c.photoBytes, c.photo.path = d.Photo, "Pht"
	c.mobileHash, c.mobileHashScheme = f(d.MobileHash, "Poi@m"), SchemeOfflineXML
	c.emailHash = f(d.EmailHash, "Poi@e")
	c.uidaiSignedStatus(d.SignatureVerified, FormatOfflineXML)
	return c
}

// FromSecureQR normalizes a decoded Secure QR code.
func FromSecureQR(q SecureQR, opts *Options) *Record {
	c := secureQRCore(q)
	return build(c, nil, opts)
}

func secureQRCore(q SecureQR) *core {
	c := &core{adapter: "qr", provider: "uidai", product: strings.TrimSuffix("secure-qr/"+strings.ToLower(q.Version), "/")}
	c.name = f(q.Name, "name")
	c.dob = f(q.DOB, "dob")
	c.gender = f(q.Gender, "gender")
	c.uidaiAddress(q.Address, "")
	c.refID = f(q.ReferenceID, "reference_id")
	if q.ReferenceID == "" {
		c.uid = f(maskLast4(q.Last4), "last4")
		if !q.GeneratedAt.IsZero() {
			c.generatedAt = f(q.GeneratedAt.Format(time.RFC3339Nano), "timestamp")
		}
	}
	c.photoBytes, c.photo.path = q.Photo, "photo"
	c.mobileHash, c.mobileHashScheme = f(q.MobileHash, "mobile_hash"), SchemeSecureQR
	c.emailHash = f(q.EmailHash, "email_hash")
	if q.MobileLast4 != "" && len(q.MobileLast4) == 4 && allDigits(q.MobileLast4) {
		c.maskedMobile = f("XXXXXX"+q.MobileLast4, "mobile_last4")
	}
	c.uidaiSignedStatus(q.SignatureVerified, FormatSecureQR)
	return c
}

// FromSDJWTResident normalizes the resident claims of a UIDAI Aadhaar
// SD-JWT VC.
func FromSDJWTResident(s SDJWTResident, opts *Options) *Record {
	c := sdjwtCore(s)
	return build(c, nil, opts)
}

func sdjwtCore(s SDJWTResident) *core {
	c := &core{adapter: "sdjwt", provider: "uidai", product: "aadhaar-sd-jwt-vc"}
	c.uid = f(s.UID, "uid")
	c.name = f(s.Name, "name")
	c.localName, c.localLang = f(s.LocalName, "local_name"), ""
	c.dob = f(s.DOB, "dob")
	c.gender = f(s.Gender, "gender")
	c.uidaiAddress(s.Address, "")
	c.careOf.path, c.house.path, c.locality.path, c.pin.path, c.postOffice.path =
		"care_of", "building", "locality", "pincode", "po_name"
	c.subDistrict.path, c.district.path = "sub_district", "district"
	c.addressText = f(s.FullAddress, "address")
	c.photoBytes, c.photo.path = s.Photo, "photo"
	c.mobile = f(s.Mobile, "mobile")
	c.maskedMobile = f(s.MaskedMobile, "masked_mobile")
	c.email = f(s.Email, "email")
	c.maskedEmail = f(s.MaskedEmail, "masked_email")
	if !s.IssuedAt.IsZero() {
		c.generatedAt = f(s.IssuedAt.Format(time.RFC3339Nano), "iat")
	}
	c.uidaiSignedStatus(s.SignatureVerified, FormatSDJWT)
	return c
}

func maskLast4(l4 string) string {
	if len(l4) != 4 || !allDigits(l4) {
		return ""
	}
	return "XXXXXXXX" + l4
}

// --- XML bodies ---------------------------------------------------------

type xmlPoa struct {
	CareOf   string `xml:"careof,attr"`
	Co       string `xml:"co,attr"`
	Country  string `xml:"country,attr"`
	Dist     string `xml:"dist,attr"`
	House    string `xml:"house,attr"`
	Landmark string `xml:"landmark,attr"`
	Lm       string `xml:"lm,attr"`
	Loc      string `xml:"loc,attr"`
	PC       string `xml:"pc,attr"`
	PO       string `xml:"po,attr"`
	State    string `xml:"state,attr"`
	Street   string `xml:"street,attr"`
	Subdist  string `xml:"subdist,attr"`
	VTC      string `xml:"vtc,attr"`
}

func (p xmlPoa) address() UIDAIAddress {
	return UIDAIAddress{CareOf: firstNonEmpty(p.CareOf, p.Co), Country: p.Country, Dist: p.Dist, House: p.House,
		Landmark: firstNonEmpty(p.Landmark, p.Lm), Loc: p.Loc, PC: p.PC, PO: p.PO, State: p.State,
		Street: p.Street, Subdist: p.Subdist, VTC: p.VTC}
}

type xmlUidData struct {
	UID string `xml:"uid,attr"`
	Poi struct {
		Name   string `xml:"name,attr"`
		DOB    string `xml:"dob,attr"`
		Gender string `xml:"gender,attr"`
		M      string `xml:"m,attr"`
		E      string `xml:"e,attr"`
	} `xml:"Poi"`
	Poa   xmlPoa `xml:"Poa"`
	LData struct {
		Lang string `xml:"lang,attr"`
		Name string `xml:"name,attr"`
	} `xml:"LData"`
	Pht string `xml:"Pht"`
}

type xmlOffline struct {
	XMLName     xml.Name   `xml:"OfflinePaperlessKyc"`
	ReferenceID string     `xml:"referenceId,attr"`
	UidData     xmlUidData `xml:"UidData"`
}

type xmlKycRes struct {
	Ret     string     `xml:"ret,attr"`
	Code    string     `xml:"code,attr"`
	Ts      string     `xml:"ts,attr"`
	Txn     string     `xml:"txn,attr"`
	Err     string     `xml:"err,attr"`
	UidData xmlUidData `xml:"UidData"`
}

type xmlCertificate struct {
	XMLName xml.Name  `xml:"Certificate"`
	KycRes  xmlKycRes `xml:"CertificateData>KycRes"`
}

func decodeXML(body []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("%w: xml", ErrMalformed)
	}
	return nil
}

// OfflineEKYCXML normalizes the XML of an Offline e-KYC Document. It
// parses only: the signature is NOT verified (verify it with a UIDAI-pinned
// verifier such as kyckit's aadhaarxml and use [FromOfflineEKYC]), so the
// outcome is needs_review with the warning signature_not_verified.
func OfflineEKYCXML(body []byte, opts *Options) (*Record, error) {
	if len(body) > opts.maxBody() {
		return nil, ErrTooLarge
	}
	var x xmlOffline
	if err := decodeXML(body, &x); err != nil {
		return nil, err
	}
	u := x.UidData
	d := OfflineEKYC{ReferenceID: x.ReferenceID, Name: u.Poi.Name, DOB: u.Poi.DOB, Gender: u.Poi.Gender,
		Address: u.Poa.address(), MobileHash: u.Poi.M, EmailHash: u.Poi.E}
	c := offlineCore(d)
	c.photo = f(strings.TrimSpace(u.Pht), "Pht")
	return build(c, body, opts), nil
}

// KycResXML normalizes a UIDAI e-KYC KycRes XML, as DigiLocker serves the
// e-Aadhaar (Certificate/CertificateData/KycRes), or a bare KycRes. The
// signature is NOT verified, so a KycRes with ret="Y" gives needs_review
// with the warning signature_not_verified; ret="N" gives not_verified.
// LData (regional script) goes to name#<lang>, never into name.
func KycResXML(body []byte, opts *Options) (*Record, error) {
	if len(body) > opts.maxBody() {
		return nil, ErrTooLarge
	}
	var k xmlKycRes
	var cert xmlCertificate
	if err := decodeXML(body, &cert); err == nil {
		k = cert.KycRes
	} else {
		var bare struct {
			XMLName xml.Name `xml:"KycRes"`
			xmlKycRes
		}
		if err := decodeXML(body, &bare); err != nil {
			return nil, err
		}
		k = bare.xmlKycRes
	}
	u := k.UidData
	c := &core{adapter: "digilocker", provider: "digilocker", product: "eaadhaar-kycres"}
	c.name = f(u.Poi.Name, "UidData/Poi@name")
	c.localName, c.localLang = f(u.LData.Name, "UidData/LData@name"), uidaiLang(u.LData.Lang)
	c.dob = f(u.Poi.DOB, "UidData/Poi@dob")
	c.gender = f(u.Poi.Gender, "UidData/Poi@gender")
	c.uidaiAddress(u.Poa.address(), "UidData/Poa@")
	c.careOf.path, c.landmark.path = "UidData/Poa@co", "UidData/Poa@lm"
	c.uid = f(u.UID, "UidData@uid")
	c.photo = f(strings.TrimSpace(u.Pht), "UidData/Pht")
	c.txnID = k.Txn
	c.status = "ret=" + k.Ret
	if k.Ts != "" {
		c.generatedAt = f(k.Ts, "KycRes@ts")
	}
	switch strings.ToUpper(k.Ret) {
	case "Y":
		c.uidaiSigned(false, FormatKycResXML)
	case "N":
		c.outcome, c.failureCode = NotVerified, k.Err
		c.aadhaarFormat = FormatKycResXML
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}

// uidaiLang maps a UIDAI LData language code to a BCP 47 tag. Only codes
// observed in real responses are mapped; others become a private-use tag.
func uidaiLang(code string) string {
	switch code {
	case "06":
		return "hi"
	case "13":
		return "mr"
	case "":
		return ""
	}
	if len(code) <= 8 && allDigits(code) {
		return "und-x-uidai" + code
	}
	return ""
}
