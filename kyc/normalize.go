package kyc

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kyckit/kyckit/aadhaarxml"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/onekosmos"
	"github.com/kyckit/kyckit/sdjwt"
)

// SDJWTResident maps a UIDAI resident returned by [sdjwt.VerifyUIDAI] (or
// [sdjwt.NewResident]) onto [normalize.SDJWTResident]. The date of birth
// is the resident's checked ISO 8601 form (Resident.DOBISO: "dob" read as
// DD-MM-YYYY, DD/MM/YYYY, YYYY-MM-DD or YYYY), so normalize never guesses
// the day and month order again; a "dob" sdjwt could not read is passed
// as issued, for normalize to report. The structured address claims, uid,
// local_name, e-mail and iat are read from the processed claims; "photo"
// is base64-decoded (standard or URL alphabet, padded or not) and dropped
// when it does not decode.
func SDJWTResident(r *sdjwt.Resident) (normalize.SDJWTResident, error) {
	if r == nil {
		return normalize.SDJWTResident{}, fmt.Errorf("%w: sdjwt.Resident", ErrNil)
	}
	claims := r.Result
	if claims == nil && r.Credential != nil {
		claims = r.Credential.Claims
	}
	s := func(k string) string {
		switch v := claims[k].(type) {
		case string:
			return strings.TrimSpace(v)
		case json.Number:
			return v.String()
		}
		return ""
	}
	out := normalize.SDJWTResident{
		UID:       s("uid"),
		Name:      firstNonEmpty(s("name"), r.Name),
		LocalName: s("local_name"),
		DOB:       firstNonEmpty(r.DOBISO, s("dob"), r.DOB),
		Gender:    firstNonEmpty(s("gender"), r.Gender),
		Address: normalize.UIDAIAddress{
			CareOf:      s("care_of"),
			Country:     s("country"),
			District:    s("district"),
			House:       s("building"),
			Landmark:    s("landmark"),
			Locality:    s("locality"),
			Pincode:     s("pincode"),
			PostOffice:  s("po_name"),
			State:       s("state"),
			Street:      s("street"),
			SubDistrict: s("sub_district"),
			VTC:         s("vtc"),
		},
		FullAddress:       s("address"),
		Photo:             decodeBase64(firstNonEmpty(s("photo"), r.Photo)),
		Mobile:            s("mobile"),
		MaskedMobile:      s("masked_mobile"),
		Email:             s("email"),
		MaskedEmail:       s("masked_email"),
		SignatureVerified: r.Credential != nil && r.Credential.Verified,
	}
	if n, ok := claims["iat"].(json.Number); ok {
		if sec, err := n.Int64(); err == nil && sec > 0 {
			out.IssuedAt = time.Unix(sec, 0).UTC()
		}
	}
	return out, nil
}

// OfflineEKYC maps a Document read from an Offline e-KYC XML or ZIP onto
// [normalize.OfflineEKYC]. The document must have Source
// [aadhaarxml.SourceOfflineXML].
func OfflineEKYC(d *aadhaarxml.Document) (normalize.OfflineEKYC, error) {
	if d == nil {
		return normalize.OfflineEKYC{}, fmt.Errorf("%w: aadhaarxml.Document", ErrNil)
	}
	if d.Source != aadhaarxml.SourceOfflineXML {
		return normalize.OfflineEKYC{}, fmt.Errorf("%w: document is %s, want offline e-KYC", ErrSource, d.Source)
	}
	return normalize.OfflineEKYC{
		Reference:         reference(d.Reference),
		Name:              d.Name,
		DOB:               date(d.DOB),
		Gender:            d.Gender,
		Address:           address(d.Address),
		Photo:             d.Photo,
		MobileHash:        hexOrEmpty(d.MobileHash),
		EmailHash:         hexOrEmpty(d.EmailHash),
		SignatureVerified: d.Verified,
	}, nil
}

// SecureQR maps a Document read from a Secure QR code (or the legacy
// unsigned QR, which is never verified) onto [normalize.SecureQR].
func SecureQR(d *aadhaarxml.Document) (normalize.SecureQR, error) {
	if d == nil {
		return normalize.SecureQR{}, fmt.Errorf("%w: aadhaarxml.Document", ErrNil)
	}
	if d.Source != aadhaarxml.SourceSecureQR && d.Source != aadhaarxml.SourceLegacyQR {
		return normalize.SecureQR{}, fmt.Errorf("%w: document is %s, want a QR code", ErrSource, d.Source)
	}
	q := normalize.SecureQR{
		Reference:         reference(d.Reference),
		Name:              d.Name,
		DOB:               date(d.DOB),
		Gender:            d.Gender,
		Address:           address(d.Address),
		Photo:             d.Photo,
		MobileHash:        hexOrEmpty(d.MobileHash),
		EmailHash:         hexOrEmpty(d.EmailHash),
		MobileLast4:       d.MobileLast4,
		SignatureVerified: d.Verified && d.Source == aadhaarxml.SourceSecureQR,
	}
	if d.QRVersion > 0 {
		q.Version = fmt.Sprintf("V%d", d.QRVersion)
	}
	return q, nil
}

// OneKosmosResult maps a decrypted 1Kosmos poll result (short v3, v3 or
// v1) onto [normalize.OneKosmosResult], field by field: the session and
// verification statuses are onekosmos's ([onekosmos.PollResult.Status] and
// [onekosmos.PollResult.Verification]), 1Kosmos's own word is kept as
// Status, and the document (a v3 result's document, else its extractedInfo
// when that names someone, or a v1 dl_object, ppt_object or idcard_object)
// with its verifications comes across as it is.
func OneKosmosResult(res *onekosmos.PollResult) (normalize.OneKosmosResult, error) {
	if res == nil || res.Final == nil && res.Pending == nil && res.V1 == nil {
		return normalize.OneKosmosResult{}, fmt.Errorf("%w: onekosmos.PollResult", ErrNil)
	}
	r := normalize.OneKosmosResult{Session: string(res.Status()), Verification: string(res.Verification())}
	switch {
	case res.Final != nil:
		f := res.Final
		r.Status, r.SessionID, r.DocumentType = f.SessionResult, f.SessionID, f.SessionData.DocumentType
		r.Checks = checks(f.Verifications)
		switch d, e := f.Document, f.ExtractedInfo; {
		case d != nil:
			r.Document = kosmosDocument(d, "document")
		case e.FirstName != "" || e.LastName != "":
			r.Document = &normalize.OneKosmosDocument{From: "extractedInfo", DocumentType: e.DocumentType,
				DocumentID: e.DocumentID, FirstName: e.FirstName, LastName: e.LastName, DOE: e.DOE}
		}
		if e := f.ErrorInfo; e != nil {
			r.Error = &normalize.OneKosmosError{Status: e.Status, ReasonCode: e.ReasonCode, Reason: e.Reason, Message: e.Message}
		}
	case res.V1 != nil:
		v := res.V1
		r.Status, r.SessionID = v.ResponseStatus, v.SessionID
		if d, from := v.Document(); d != nil {
			r.DocumentType = from
			r.Document = kosmosDocument(d, from)
		}
		top := map[string]onekosmos.VerificationStatus{}
		if v.Liveness != "" {
			top["liveness"] = v.Liveness
		}
		if v.FaceMatch != "" {
			top["face_match"] = v.FaceMatch
		}
		r.Checks = checks(top)
	case res.Pending != nil:
		r.Status, r.SessionID = res.Pending.ResponseStatus, res.Pending.ID
	}
	return r, nil
}

// OneKosmos normalizes a decrypted 1Kosmos poll result through
// [OneKosmosResult] and [normalize.FromOneKosmos]. It gives the record
// [normalize.OneKosmos] gives for the result's JSON (but for the body
// hash, which the typed result does not have).
func OneKosmos(res *onekosmos.PollResult, opts *normalize.Options) (*normalize.Record, error) {
	r, err := OneKosmosResult(res)
	if err != nil {
		return nil, err
	}
	return normalize.FromOneKosmos(r, opts), nil
}

func kosmosDocument(d *onekosmos.Document, from string) *normalize.OneKosmosDocument {
	return &normalize.OneKosmosDocument{From: from, DocumentType: d.DocumentType, Country: d.Country,
		State: d.State, DocumentID: d.DocumentID, ID: d.ID, FirstName: d.FirstName, MiddleName: d.MiddleName,
		LastName: d.LastName, FamilyName: d.FamilyName, FullName: d.FullName, DOB: d.DOB, DOI: d.DOI, DOE: d.DOE,
		Gender: d.Gender, Address: d.Address, Street: d.Street, City: d.City, PostalCode: d.PostalCode,
		Face: d.Face, Checks: checks(d.Verifications)}
}

// checks maps verification statuses to their documented words.
func checks(m map[string]onekosmos.VerificationStatus) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

// reference maps the signed reference id; its time stays a time.
func reference(r aadhaarxml.ReferenceID) normalize.Reference {
	return normalize.Reference{Last4: r.Last4, Time: r.Time}
}

// date maps a date of birth field by field; a year-only date stays one.
func date(d aadhaarxml.Date) normalize.Date {
	return normalize.Date{Year: d.Year, Month: int(d.Month), Day: d.Day}
}

// address maps the address attributes; normalize names them as
// aadhaarxml does.
func address(a aadhaarxml.Address) normalize.UIDAIAddress {
	return normalize.UIDAIAddress{
		CareOf:      a.CareOf,
		Country:     a.Country,
		District:    a.District,
		House:       a.House,
		Landmark:    a.Landmark,
		Locality:    a.Locality,
		Pincode:     a.Pincode,
		PostOffice:  a.PostOffice,
		State:       a.State,
		Street:      a.Street,
		SubDistrict: a.SubDistrict,
		VTC:         a.VTC,
	}
}

func hexOrEmpty(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return hex.EncodeToString(b)
}

// decodeBase64 decodes an SD-JWT photo claim; nil when it is not base64.
func decodeBase64(s string) []byte {
	if s == "" {
		return nil
	}
	s = strings.TrimPrefix(s, "data:")
	if i := strings.Index(s, ";base64,"); i >= 0 && i < 64 {
		s = s[i+len(";base64,"):]
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.Strict().DecodeString(s); err == nil {
			return b
		}
	}
	return nil
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}
