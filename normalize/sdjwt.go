package normalize

import "time"

// SDJWTResident is the resident claims of a UIDAI Aadhaar SD-JWT VC (the
// Aadhaar-app OVSE credential) as a verifier such as kyckit's sdjwt package
// returns them (see OfflineEKYC for why it is a plain struct). Claim names
// follow UIDAI's published vocabulary; the uid is usually not disclosed.
type SDJWTResident struct {
	UID          string       // masked uid when disclosed
	IssuedAt     time.Time    // iat
	Name         string       // name
	LocalName    string       // local_name (regional script)
	DOB          string       // dob as issued (UIDAI: DD-MM-YYYY); the credential carries text, parsed by [ParseDate]
	Gender       string       // gender
	Address      UIDAIAddress // building → House, locality → Locality, po_name → PostOffice, pincode → Pincode
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

// sdjwt is the resident claim set of a UIDAI SD-JWT VC in JSON.
type sdjwt struct {
	UID          jstr `json:"uid"`
	Name         jstr `json:"name"`
	LocalName    jstr `json:"local_name"`
	DOB          jstr `json:"dob"`
	Gender       jstr `json:"gender"`
	Mobile       jstr `json:"mobile"`
	MaskedMobile jstr `json:"masked_mobile"`
	Email        jstr `json:"email"`
	MaskedEmail  jstr `json:"masked_email"`
	CareOf       jstr `json:"care_of"`
	Building     jstr `json:"building"`
	Street       jstr `json:"street"`
	Landmark     jstr `json:"landmark"`
	Locality     jstr `json:"locality"`
	VTC          jstr `json:"vtc"`
	SubDistrict  jstr `json:"sub_district"`
	District     jstr `json:"district"`
	State        jstr `json:"state"`
	Pincode      jstr `json:"pincode"`
	PoName       jstr `json:"po_name"`
	Address      jstr `json:"address"`
	Photo        jstr `json:"photo"`
	Iss          jstr `json:"iss"`
	Iat          jstr `json:"iat"`
}

// fill maps SD-JWT claims under path prefix p onto c without overwriting
// what c already has.
func (s *sdjwt) fill(c *core, p string) {
	set := func(dst *fv, v jstr, name string) {
		if dst.v == "" && v.s != "" {
			*dst = v.fv(p + name)
		}
	}
	set(&c.uid, s.UID, "uid")
	set(&c.name, s.Name, "name")
	set(&c.localName, s.LocalName, "local_name")
	set(&c.dob, s.DOB, "dob")
	set(&c.gender, s.Gender, "gender")
	set(&c.mobile, s.Mobile, "mobile")
	set(&c.maskedMobile, s.MaskedMobile, "masked_mobile")
	set(&c.email, s.Email, "email")
	set(&c.maskedEmail, s.MaskedEmail, "masked_email")
	set(&c.careOf, s.CareOf, "care_of")
	set(&c.house, s.Building, "building")
	set(&c.street, s.Street, "street")
	set(&c.landmark, s.Landmark, "landmark")
	set(&c.locality, s.Locality, "locality")
	set(&c.vtc, s.VTC, "vtc")
	set(&c.subDistrict, s.SubDistrict, "sub_district")
	set(&c.district, s.District, "district")
	set(&c.state, s.State, "state")
	set(&c.pin, s.Pincode, "pincode")
	set(&c.postOffice, s.PoName, "po_name")
	set(&c.addressText, s.Address, "address")
	set(&c.photo, s.Photo, "photo")
}

// SDJWTResidentJSON normalizes the JSON claim set of a UIDAI Aadhaar
// SD-JWT VC (uid, name, local_name, dob, gender, mobile, care_of, building,
// …, pincode, po_name, address, photo), for example a verifier's output.
// normalize verifies nothing: the outcome is needs_review with the warning
// signature_not_verified; use [FromSDJWTResident] after verifying.
func SDJWTResidentJSON(body []byte, opts *Options) (*Record, error) {
	s, err := decodeBody[sdjwt](body, opts)
	if err != nil {
		return nil, err
	}
	c := sdjwtCore(SDJWTResident{})
	s.fill(c, "")
	return build(c, body, opts), nil
}
