package normalize

import "strings"

type sandboxBody struct {
	Code          jstr `json:"code"`
	TransactionID jstr `json:"transaction_id"`
	Message       jstr `json:"message"`
	Data          *struct {
		Files []struct {
			URL      jstr `json:"url"`
			Metadata struct {
				IssuerID     jstr `json:"issuer_id"`
				Issuer       jstr `json:"issuer"`
				LastModified jstr `json:"LastModified"`
				Description  jstr `json:"description"`
			} `json:"metadata"`
		} `json:"files"`
		Name        jstr `json:"name"`
		Gender      jstr `json:"gender"`
		DateOfBirth jstr `json:"date_of_birth"`
		YearOfBirth jstr `json:"year_of_birth"`
		CareOf      jstr `json:"care_of"`
		FullAddress jstr `json:"full_address"`
		Address     *struct {
			House, Street, Landmark, District, VTC, State, Country, Pincode jstr
			PostOffice                                                      jstr `json:"post_office"`
			Subdistrict                                                     jstr `json:"subdistrict"`
		} `json:"address"`
		Photo       jstr `json:"photo"`
		EmailHash   jstr `json:"email_hash"`
		MobileHash  jstr `json:"mobile_hash"`
		ShareCode   jstr `json:"share_code"`
		Status      jstr `json:"status"`
		Message     jstr `json:"message"`
		ReferenceID jstr `json:"reference_id"`
	} `json:"data"`
}

// Sandbox normalizes Sandbox.co.in bodies: the OKYC otp/verify result
// (data.status VALID → verified; message-only failures such as "Invalid
// OTP" → not_verified) and the DigiLocker fetch-document result, which
// carries only a link to the e-Aadhaar XML: the record then lists the
// document, has outcome pending and the warning document_not_inline (fetch
// the XML and normalize it with [KycResXML]). The link is kept without its
// query: a presigned URL's query is a credential that opens the resident's
// e-Aadhaar to whoever holds it, and a record is stored and shipped
// (warning document_url_query_dropped). Fetch from the body, not from the
// record.
func Sandbox(body []byte, opts *Options) (*Record, error) {
	s, err := decodeBody[sandboxBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "sandbox", provider: "sandbox.co.in"}
	c.txnID, c.status = s.TransactionID.s, s.Code.s
	d := s.Data
	switch {
	case d != nil && len(d.Files) > 0:
		c.product = "digilocker/fetch-document"
		for _, fl := range d.Files {
			t := "document"
			if strings.EqualFold(fl.Metadata.IssuerID.s, "in.gov.uidai") {
				t = "aadhaar"
			}
			u, cut := withoutQuery(fl.URL.s)
			if cut {
				c.warn("document_url_query_dropped")
			}
			c.documents = append(c.documents, Document{Type: t, Issuer: fl.Metadata.Issuer.s,
				DateOfIssue: isoOrEmpty(fl.Metadata.LastModified.s), URL: u})
		}
		c.outcome = Pending
		c.warn("document_not_inline")
	case d != nil:
		c.product = "okyc/otp/verify"
		c.name, c.gender, c.dob = d.Name.fv("data.name"), d.Gender.fv("data.gender"), d.DateOfBirth.fv("data.date_of_birth")
		c.yob, c.careOf, c.addressText = d.YearOfBirth.fv("data.year_of_birth"), d.CareOf.fv("data.care_of"), d.FullAddress.fv("data.full_address")
		c.photo, c.emailHash = d.Photo.fv("data.photo"), d.EmailHash.fv("data.email_hash")
		c.mobileHash, c.mobileHashScheme = d.MobileHash.fv("data.mobile_hash"), SchemeOfflineXML
		c.shareCode = d.ShareCode.s != ""
		c.refID = d.ReferenceID.fv("data.reference_id")
		if a := d.Address; a != nil {
			p := "data.address."
			c.house, c.street, c.landmark = a.House.fv(p+"house"), a.Street.fv(p+"street"), a.Landmark.fv(p+"landmark")
			c.district, c.vtc, c.state = a.District.fv(p+"district"), a.VTC.fv(p+"vtc"), a.State.fv(p+"state")
			c.country, c.pin = a.Country.fv(p+"country"), a.Pincode.fv(p+"pincode")
			c.postOffice, c.subDistrict = a.PostOffice.fv(p+"post_office"), a.Subdistrict.fv(p+"subdistrict")
		}
		c.status = firstNonEmpty(d.Status.s, s.Code.s)
		switch {
		case strings.EqualFold(d.Status.s, "VALID"):
			c.outcome = Verified
		case httpError(s.Code.s):
			c.failCode(s.Code.s)
		default:
			c.outcome = NotVerified
			c.failureMessage = firstNonEmpty(d.Message.s, s.Message.s)
		}
		c.aadhaarFormat = FormatVendorJSON
		c.evidence = "uidai"
		c.checkMethods = []string{"auth"}
	default:
		c.outcome = NotVerified
		if httpError(s.Code.s) {
			c.failCode(s.Code.s)
		}
		c.failureCode, c.failureMessage = s.Code.s, s.Message.s
	}
	return build(c, body, opts), nil
}
