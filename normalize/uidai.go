// What the UIDAI formats share: the 12 address attributes, the signature
// status, and the XML Poa/UidData elements.

package normalize

import (
	"bytes"
	"encoding/xml"
	"fmt"
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

func decodeXML(body []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("%w: xml", ErrMalformed)
	}
	return nil
}
