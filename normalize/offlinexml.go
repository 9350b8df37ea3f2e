package normalize

import (
	"encoding/xml"
	"strings"
)

// OfflineEKYC is an Offline e-KYC Document (OfflinePaperlessKyc XML) as a
// verifier such as kyckit's aadhaarxml package reads it. normalize does not
// import that package (public packages are leaves); package kyc maps its
// types onto this plain struct.
//
// Its fields are typed as the verifier returns them and are not parsed
// again: the date of birth is a [Date] (year-only allowed), the referenceId
// a [Reference].
type OfflineEKYC struct {
	Reference Reference    // referenceId: last 4 Aadhaar digits and generation time
	Name      string       // Poi@name
	DOB       Date         // Poi@dob; UIDAI gives a bare year for some residents
	Gender    string       // Poi@gender: M/F/T
	Address   UIDAIAddress // Poa attributes
	Photo     []byte       // JPEG as issued
	// MobileHash and EmailHash are the hex Poi@m and Poi@e values.
	MobileHash, EmailHash string
	// SignatureVerified must be true only when the caller checked the
	// UIDAI XML signature; otherwise the outcome is needs_review.
	SignatureVerified bool
}

// FromOfflineEKYC normalizes an Offline e-KYC Document.
func FromOfflineEKYC(d OfflineEKYC, opts *Options) *Record {
	return build(offlineCore(d), nil, opts)
}

func offlineCore(d OfflineEKYC) *core {
	c := &core{adapter: "offline-xml", provider: "uidai", product: "offline-ekyc"}
	c.name = f(d.Name, "Poi@name")
	c.dobDate, c.dob.path = &d.DOB, "Poi@dob"
	c.gender = f(d.Gender, "Poi@gender")
	c.uidaiAddress(d.Address, "Poa@")
	c.reference(d.Reference, "@referenceId", "last4", "generated_at")
	c.photoBytes, c.photo.path = d.Photo, "Pht"
	c.mobileHash, c.mobileHashScheme = f(d.MobileHash, "Poi@m"), SchemeOfflineXML
	c.emailHash = f(d.EmailHash, "Poi@e")
	c.uidaiSignedStatus(d.SignatureVerified, FormatOfflineXML)
	return c
}

type xmlOffline struct {
	XMLName     xml.Name   `xml:"OfflinePaperlessKyc"`
	ReferenceID string     `xml:"referenceId,attr"`
	UidData     xmlUidData `xml:"UidData"`
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
	d := OfflineEKYC{Name: u.Poi.Name, Gender: u.Poi.Gender, Address: u.Poa.address(), MobileHash: u.Poi.M, EmailHash: u.Poi.E}
	c := offlineCore(d)
	// The XML's text: the date and referenceId are parsed by the field rules.
	c.dobDate, c.dob = nil, f(u.Poi.DOB, "Poi@dob")
	c.ref, c.refID = nil, f(x.ReferenceID, "@referenceId")
	c.photo = f(strings.TrimSpace(u.Pht), "Pht")
	return build(c, body, opts), nil
}
