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

// OneKosmosResult maps a v3 1Kosmos poll result, final or pending, onto
// [normalize.OneKosmosResult]. The final result's document is taken, or
// its extractedInfo when it has none. A v1 result, whose document objects
// onekosmos keeps as raw JSON, gives [ErrSource]: [OneKosmos] normalizes
// it from that JSON.
func OneKosmosResult(res *onekosmos.PollResult) (normalize.OneKosmosResult, error) {
	switch {
	case res == nil:
		return normalize.OneKosmosResult{}, fmt.Errorf("%w: onekosmos.PollResult", ErrNil)
	case res.Final != nil:
		return kosmosFinal(res.Final), nil
	case res.Pending != nil:
		return normalize.OneKosmosResult{Status: res.Pending.ResponseStatus, SessionID: res.Pending.ID}, nil
	case res.V1 != nil:
		return normalize.OneKosmosResult{}, fmt.Errorf("%w: a v1 result keeps its documents as raw JSON", ErrSource)
	}
	return normalize.OneKosmosResult{}, fmt.Errorf("%w: empty onekosmos.PollResult", ErrNil)
}

// OneKosmos normalizes a parsed 1Kosmos poll result: a v3 result through
// [OneKosmosResult] and [normalize.FromOneKosmos]; a v1 result, whose
// document objects are raw JSON, through [normalize.OneKosmos] over that
// JSON.
func OneKosmos(res *onekosmos.PollResult, opts *normalize.Options) (*normalize.Record, error) {
	if res != nil && res.V1 != nil && res.Final == nil && res.Pending == nil {
		b, err := json.Marshal(res.V1)
		if err != nil {
			return nil, fmt.Errorf("%w: v1 result: %v", ErrSource, err)
		}
		return normalize.OneKosmos(b, opts)
	}
	r, err := OneKosmosResult(res)
	if err != nil {
		return nil, err
	}
	return normalize.FromOneKosmos(r, opts), nil
}

func kosmosFinal(f *onekosmos.FinalResult) normalize.OneKosmosResult {
	r := normalize.OneKosmosResult{Status: f.SessionResult, SessionID: f.SessionID, DocumentType: f.SessionData.DocumentType}
	switch d, e := f.Document, f.ExtractedInfo; {
	case d != nil:
		r.Document = &normalize.OneKosmosDocument{From: "document", DocumentType: d.DocumentType, Country: d.Country,
			State: d.State, DocumentID: d.DocumentID, ID: d.ID, FirstName: d.FirstName, LastName: d.LastName,
			FamilyName: d.FamilyName, FullName: d.FullName, DOB: d.DOB, DOI: d.DOI, DOE: d.DOE, Gender: d.Gender,
			Face: d.Face}
	case e != onekosmos.ExtractedInfo{}:
		r.Document = &normalize.OneKosmosDocument{From: "extractedInfo", DocumentType: e.DocumentType,
			DocumentID: e.DocumentID, FirstName: e.FirstName, LastName: e.LastName, DOE: e.DOE}
	}
	if e := f.ErrorInfo; e != nil {
		r.Error = &normalize.OneKosmosError{Status: e.Status, ReasonCode: e.ReasonCode, Reason: e.Reason, Message: e.Message}
	}
	return r
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
