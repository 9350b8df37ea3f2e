// What the UIDAI formats share: the 12 address attributes, the signature
// status, and the XML Poa/UidData elements.

package normalize

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"
)

// UIDAIAddress holds the 12 UIDAI address attributes. Its fields are named
// and ordered as in aadhaarxml.Address; the comments give the attribute
// names of the Offline e-KYC XML Poa element.
type UIDAIAddress struct {
	CareOf      string // careof (co in KycRes)
	Country     string // country
	District    string // dist
	House       string // house
	Landmark    string // landmark (lm in KycRes)
	Locality    string // loc (location in Secure QR)
	Pincode     string // pc: PIN code
	PostOffice  string // po: post office
	State       string // state
	Street      string // street
	SubDistrict string // subdist
	VTC         string // vtc: village/town/city
}

func (c *core) uidaiAddress(a UIDAIAddress, p string) {
	c.careOf = f(a.CareOf, p+"careof")
	c.country = f(a.Country, p+"country")
	c.district = f(a.District, p+"dist")
	c.house = f(a.House, p+"house")
	c.landmark = f(a.Landmark, p+"landmark")
	c.locality = f(a.Locality, p+"loc")
	c.pin = f(a.Pincode, p+"pc")
	c.postOffice = f(a.PostOffice, p+"po")
	c.state = f(a.State, p+"state")
	c.street = f(a.Street, p+"street")
	c.subDistrict = f(a.SubDistrict, p+"subdist")
	c.vtc = f(a.VTC, p+"vtc")
}

// A Reference is a UIDAI reference id as a verifier reads it: the last four
// digits of the Aadhaar number and the signed generation time (the Offline
// e-KYC referenceId, field 2 of a Secure QR). The zero Reference means the
// source had none; either part may be missing (a legacy QR has a number and
// no time).
type Reference struct {
	Last4 string    // the last 4 digits of the Aadhaar number
	Time  time.Time // the generation time; UIDAI signs it in IST
}

// IsZero reports whether r holds neither part.
func (r Reference) IsZero() bool { return r.Last4 == "" && r.Time.IsZero() }

// uidai writes r as UIDAI does: the last 4 digits, then the time in IST as
// YYYYMMDDHHMMSSsss. ok is false when r cannot be written so.
func (r Reference) uidai() (s string, ok bool) {
	t := r.Time.In(ist)
	if len(r.Last4) != 4 || !allDigits(r.Last4) || r.Time.IsZero() || t.Year() < 1000 || t.Year() > 9999 {
		return "", false
	}
	return r.Last4 + t.Format("20060102150405") + fmt.Sprintf("%03d", t.Nanosecond()/int(time.Millisecond)), true
}

// reference puts a typed reference into c: pathRef names the whole
// reference in provenance, pathLast4 and pathTime its parts when only one
// is given.
func (c *core) reference(r Reference, pathRef, pathLast4, pathTime string) {
	c.ref = &r
	c.refID.path, c.refLast4Path, c.refTimePath = pathRef, pathLast4, pathTime
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

func maskLast4(l4 string) string {
	if len(l4) != 4 || !allDigits(l4) {
		return ""
	}
	return "XXXXXXXX" + l4
}

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
	return UIDAIAddress{CareOf: firstNonEmpty(p.CareOf, p.Co), Country: p.Country, District: p.Dist, House: p.House,
		Landmark: firstNonEmpty(p.Landmark, p.Lm), Locality: p.Loc, Pincode: p.PC, PostOffice: p.PO, State: p.State,
		Street: p.Street, SubDistrict: p.Subdist, VTC: p.VTC}
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

func decodeXML(body []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("%w: xml", ErrMalformed)
	}
	return nil
}
