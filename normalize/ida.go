package normalize

import (
	"fmt"
	"time"
)

type idaBody struct {
	VerifiedClaims *struct {
		Verification Verification `json:"verification"`
		Claims       struct {
			Name       jstr `json:"name"`
			GivenName  jstr `json:"given_name"`
			FamilyName jstr `json:"family_name"`
			Birthdate  jstr `json:"birthdate"`
			Gender     jstr `json:"gender"`
			Address    *struct {
				StreetAddress jstr `json:"street_address"`
				Locality      jstr `json:"locality"`
				Region        jstr `json:"region"`
				PostalCode    jstr `json:"postal_code"`
				Country       jstr `json:"country"`
				Formatted     jstr `json:"formatted"`
			} `json:"address"`
		} `json:"claims"`
	} `json:"verified_claims"`
}

// IDA normalizes an OpenID Identity Assurance response carrying
// verified_claims (Schema Definition 1.0). The claims are put through the
// same field rules; the verification element is kept as given (members
// this package does not model are dropped). The outcome is verified: the
// issuer asserts the claims; normalize checks no signature.
func IDA(body []byte, opts *Options) (*Record, error) {
	b, err := decodeBody[idaBody](body, opts)
	if err != nil {
		return nil, err
	}
	if b.VerifiedClaims == nil {
		return nil, fmt.Errorf("%w: field %q missing", ErrMalformed, "verified_claims")
	}
	vc := b.VerifiedClaims
	cl := vc.Claims
	c := &core{adapter: "ida", provider: "oidc4ida", product: "verified_claims"}
	p := "verified_claims.claims."
	c.givenName, c.familyName = cl.GivenName.fv(p+"given_name"), cl.FamilyName.fv(p+"family_name")
	c.name = cl.Name.fv(p + "name")
	if c.name.v == "" {
		c.name = f(joinSpace(cl.GivenName.s, cl.FamilyName.s), p+"given_name")
	}
	c.dob, c.gender = cl.Birthdate.fv(p+"birthdate"), cl.Gender.fv(p+"gender")
	if a := cl.Address; a != nil {
		q := p + "address."
		c.street, c.vtc, c.state = a.StreetAddress.fv(q+"street_address"), a.Locality.fv(q+"locality"), a.Region.fv(q+"region")
		c.pin, c.country, c.addressText = a.PostalCode.fv(q+"postal_code"), a.Country.fv(q+"country"), a.Formatted.fv(q+"formatted")
	}
	c.outcome, c.status = Verified, "verified_claims"
	c.verifiedAt = vc.Verification.Time
	r := build(c, body, opts)
	if r.VerifiedClaims != nil {
		v := vc.Verification
		if v.Time != "" {
			if ts, err := Timestamp(v.Time); err == nil {
				v.Time = ts
			}
		}
		r.VerifiedClaims.Verification = v
		(&builder{r: r, opts: opts}).scrub()
	}
	return r, nil
}

// FromRecord re-applies every field rule to a record's JSON (schema
// normalize/v1). Normalizing a normalized record changes nothing: this is
// the idempotence the package guarantees. Fields that no longer pass a rule
// are dropped with a warning.
func FromRecord(body []byte, opts *Options) (*Record, error) {
	r, err := decodeBody[Record](body, opts)
	if err != nil {
		return nil, err
	}
	if r.Schema != SchemaV1 {
		return nil, fmt.Errorf("%w: field %q missing", ErrMalformed, "schema")
	}
	b := &builder{r: r, opts: opts}
	cl := &r.Claims
	cl.Name, cl.GivenName, cl.FamilyName = b.text(cl.Name), b.text(cl.GivenName), b.text(cl.FamilyName)
	for k, v := range cl.LocalNames {
		cl.LocalNames[k] = b.text(v)
	}
	if cl.Birthdate != "" {
		if d, err := Birthdate(cl.Birthdate); err == nil {
			cl.Birthdate = d
		} else {
			cl.Birthdate = ""
			b.warn("dob_invalid")
		}
	}
	if cl.Gender != "" {
		if g, err := Gender(cl.Gender); err == nil {
			cl.Gender = g
		} else {
			cl.Gender = ""
			b.warn("gender_unknown")
		}
	}
	if cl.PhoneNumber != "" {
		if m, err := Mobile(cl.PhoneNumber); err == nil {
			cl.PhoneNumber = m
		} else {
			cl.PhoneNumber, cl.PhoneNumberVerified = "", nil
			b.warn("mobile_invalid")
		}
	}
	if cl.Picture != "" {
		p, err := Photo(cl.Picture, opts.maxPhoto())
		if err == nil && p.URL == "" {
			cl.Picture = p.DataURI()
		} else {
			cl.Picture = ""
			b.warn("photo_invalid")
		}
	}
	if a := cl.Address; a != nil {
		renormAddress(b, a)
	}
	if vc := r.VerifiedClaims; vc != nil {
		vc.Claims.Address = cl.Address
		vc.Claims.Name, vc.Claims.Birthdate, vc.Claims.Gender = cl.Name, cl.Birthdate, cl.Gender
		vc.Claims.GivenName, vc.Claims.FamilyName = cl.GivenName, cl.FamilyName
	}
	if e := r.IN; e != nil {
		if e.CareOf != nil {
			co := ParseCareOf(b.text(e.CareOf.Raw))
			e.CareOf = &co
		}
		if a := e.Aadhaar; a != nil {
			if a.Masked != "" {
				if id, err := Aadhaar(a.Masked); err == nil {
					a.Masked, a.Last4 = id.Masked, id.Last4
				} else {
					a.Masked, a.Last4 = "", ""
					b.warn("uid_invalid_dropped")
				}
			}
			if a.GeneratedAt != "" {
				if ts, err := Timestamp(a.GeneratedAt); err == nil {
					a.GeneratedAt = ts
				}
			}
		}
		if e.MaskedMobile != "" {
			if m, ok := MaskedMobile(e.MaskedMobile); ok {
				e.MaskedMobile = m
			} else {
				e.MaskedMobile = ""
			}
		}
	}
	if r.Source.ReceivedAt == "" {
		r.Source.ReceivedAt = opts.now().Format(time.RFC3339Nano)
	}
	b.scrub()
	return r, nil
}

func renormAddress(b *builder, a *Address) {
	a.Formatted = b.text(a.Formatted)
	a.StreetAddress, a.Locality, a.HouseNumber = b.text(a.StreetAddress), b.text(a.Locality), b.text(a.HouseNumber)
	if a.Region != "" {
		if sd, err := State(a.Region); err == nil {
			a.Region = sd.Name
			if a.IN != nil {
				a.IN.StateCode = sd.Code
			}
		}
	}
	if a.PostalCode != "" {
		if p, err := PIN(a.PostalCode); err == nil {
			a.PostalCode = p
		} else {
			a.PostalCode = ""
			b.warn("pincode_invalid")
		}
	}
	if in := a.IN; in != nil {
		for _, s := range []*string{&in.House, &in.Street, &in.Landmark, &in.Locality, &in.VTC, &in.SubDistrict,
			&in.District, &in.PostOffice, &in.SourceFormatted} {
			*s = b.text(*s)
		}
	}
}

type qrPyBody struct {
	TextData *struct {
		ReferenceID *struct {
			Last4     jstr `json:"last_four_aadhaar_digits"`
			Timestamp jstr `json:"timestamp"`
		} `json:"reference_id"`
		Name        jstr `json:"name"`
		DateOfBirth jstr `json:"date_of_birth"`
		Gender      jstr `json:"gender"`
		Address     struct {
			CareOf      jstr `json:"care_of"`
			District    jstr `json:"district"`
			Landmark    jstr `json:"landmark"`
			House       jstr `json:"house"`
			Location    jstr `json:"location"`
			PinCode     jstr `json:"pin_code"`
			PostOffice  jstr `json:"post_office"`
			State       jstr `json:"state"`
			Street      jstr `json:"street"`
			SubDistrict jstr `json:"sub_district"`
			VTC         jstr `json:"vtc"`
		} `json:"address"`
	} `json:"text_data"`
	Image       jstr `json:"image"`
	ContactInfo *struct {
		Email struct {
			HexString jstr `json:"hex_string"`
		} `json:"email"`
		Mobile struct {
			HexString jstr `json:"hex_string"`
		} `json:"mobile"`
		MobileLast4 jstr `json:"mobile_last_four"`
	} `json:"contact_info"`
}

// SecureQRJSON normalizes a decoded Secure QR in the JSON form of the
// aadhaar-py library (text_data{reference_id, name, date_of_birth, gender,
// address{…}}, image, contact_info). The QR signature is NOT verified here:
// the outcome is needs_review with the warning signature_not_verified; use
// [FromSecureQR] after verifying.
func SecureQRJSON(body []byte, opts *Options) (*Record, error) {
	q, err := decodeBody[qrPyBody](body, opts)
	if err != nil {
		return nil, err
	}
	if q.TextData == nil {
		return nil, fmt.Errorf("%w: field %q missing", ErrMalformed, "text_data")
	}
	t := q.TextData
	s := SecureQR{Name: t.Name.s, DOB: t.DateOfBirth.s, Gender: t.Gender.s, Address: UIDAIAddress{
		CareOf: t.Address.CareOf.s, Dist: t.Address.District.s, Landmark: t.Address.Landmark.s, House: t.Address.House.s,
		Loc: t.Address.Location.s, PC: t.Address.PinCode.s, PO: t.Address.PostOffice.s, State: t.Address.State.s,
		Street: t.Address.Street.s, Subdist: t.Address.SubDistrict.s, VTC: t.Address.VTC.s}}
	c := secureQRCore(s)
	if ref := t.ReferenceID; ref != nil {
		c.uid = f(maskLast4(ref.Last4.s), "text_data.reference_id.last_four_aadhaar_digits")
		c.generatedAt = ref.Timestamp.fv("text_data.reference_id.timestamp")
	}
	c.photo = q.Image.fv("image")
	if ci := q.ContactInfo; ci != nil {
		c.mobileHash = ci.Mobile.HexString.fv("contact_info.mobile.hex_string")
		c.emailHash = ci.Email.HexString.fv("contact_info.email.hex_string")
		if l4 := ci.MobileLast4.s; len(l4) == 4 && allDigits(l4) {
			c.maskedMobile = f("XXXXXX"+l4, "contact_info.mobile_last_four")
		}
	}
	c.adapter = "qr"
	return build(c, body, opts), nil
}
