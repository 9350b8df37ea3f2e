package normalize

import (
	"fmt"
	"strings"
)

// SecureQR is a decoded UIDAI Secure QR code (see OfflineEKYC for why it is
// a plain struct, typed as the verifier returns it).
type SecureQR struct {
	Version   string       // "", "V2", "V3", "V5" …
	Reference Reference    // field 2: last 4 Aadhaar digits and generation time
	Name      string       // name
	DOB       Date         // date of birth; year-only allowed
	Gender    string       // M/F/T
	Address   UIDAIAddress // address fields
	Photo     []byte       // JPEG 2000 as issued (never decoded here)
	// MobileHash and EmailHash are hex SHA-256ⁿ values (older QRs);
	// MobileLast4 is what V2+ QRs carry instead.
	MobileHash, EmailHash string
	MobileLast4           string // last 4 mobile digits (V2 and later)
	SignatureVerified     bool   // true only when the caller checked the QR signature
}

// FromSecureQR normalizes a decoded Secure QR code.
func FromSecureQR(q SecureQR, opts *Options) *Record {
	c := secureQRCore(q)
	return build(c, nil, opts)
}

func secureQRCore(q SecureQR) *core {
	c := &core{adapter: "qr", provider: "uidai", product: strings.TrimSuffix("secure-qr/"+strings.ToLower(q.Version), "/")}
	c.name = f(q.Name, "name")
	c.dobDate, c.dob.path = &q.DOB, "dob"
	c.gender = f(q.Gender, "gender")
	c.uidaiAddress(q.Address, "")
	c.reference(q.Reference, "reference_id", "last4", "timestamp")
	c.photoBytes, c.photo.path = q.Photo, "photo"
	c.mobileHash, c.mobileHashScheme = f(q.MobileHash, "mobile_hash"), SchemeSecureQR
	c.emailHash = f(q.EmailHash, "email_hash")
	if q.MobileLast4 != "" && len(q.MobileLast4) == 4 && allDigits(q.MobileLast4) {
		c.maskedMobile = f("XXXXXX"+q.MobileLast4, "mobile_last4")
	}
	c.uidaiSignedStatus(q.SignatureVerified, FormatSecureQR)
	return c
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
	s := SecureQR{Name: t.Name.s, Gender: t.Gender.s, Address: UIDAIAddress{
		CareOf: t.Address.CareOf.s, District: t.Address.District.s, Landmark: t.Address.Landmark.s, House: t.Address.House.s,
		Locality: t.Address.Location.s, Pincode: t.Address.PinCode.s, PostOffice: t.Address.PostOffice.s,
		State: t.Address.State.s, Street: t.Address.Street.s, SubDistrict: t.Address.SubDistrict.s, VTC: t.Address.VTC.s}}
	c := secureQRCore(s)
	// The JSON's text: the date is parsed by the field rules.
	c.dobDate, c.dob = nil, f(t.DateOfBirth.s, "dob")
	c.ref = nil
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
