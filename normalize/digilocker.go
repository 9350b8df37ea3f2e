package normalize

import (
	"encoding/xml"
	"strings"
)

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
