package kyc

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kyckit/kyckit/aadhaarxml"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/onekosmos"
	"github.com/kyckit/kyckit/sdjwt"
)

// Errors of the mapping functions.
var (
	// ErrNil is returned for a nil input.
	ErrNil = errors.New("kyc: nil input")
	// ErrSource is returned when a Document is not of the kind asked for
	// (an Offline e-KYC mapping given a QR, for example).
	ErrSource = errors.New("kyc: wrong source")
)

// SDJWTResident maps a UIDAI resident returned by [sdjwt.VerifyUIDAI] (or
// [sdjwt.NewResident]) onto [normalize.SDJWTResident]. The structured
// address claims, uid, local_name, e-mail and iat are read from the
// processed claims; "photo" is base64-decoded (standard or URL alphabet,
// padded or not) and dropped when it does not decode.
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
		DOB:       firstNonEmpty(s("dob"), r.DOB),
		Gender:    firstNonEmpty(s("gender"), r.Gender),
		Address: normalize.UIDAIAddress{
			CareOf:   s("care_of"),
			Country:  s("country"),
			Dist:     s("district"),
			House:    s("building"),
			Landmark: s("landmark"),
			Loc:      s("locality"),
			PC:       s("pincode"),
			PO:       s("po_name"),
			State:    s("state"),
			Street:   s("street"),
			Subdist:  s("sub_district"),
			VTC:      s("vtc"),
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
		ReferenceID:       referenceID(d.Reference),
		Last4:             d.Reference.Last4,
		GeneratedAt:       d.Reference.Time,
		Name:              d.Name,
		DOB:               uidaiDate(d.DOB),
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
		ReferenceID:       referenceID(d.Reference),
		Last4:             d.Reference.Last4,
		GeneratedAt:       d.Reference.Time,
		Name:              d.Name,
		DOB:               uidaiDate(d.DOB),
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

// KosmosJSON turns a parsed 1Kosmos poll result back into the JSON shape
// [normalize.OneKosmos] reads (v3 final or pending, or v1). Members the
// typed result does not keep are not in the output; when the decrypted
// plaintext is at hand, normalizing it directly keeps everything.
func KosmosJSON(res *onekosmos.PollResult) ([]byte, error) {
	if res == nil {
		return nil, fmt.Errorf("%w: onekosmos.PollResult", ErrNil)
	}
	var v any
	switch {
	case res.Final != nil:
		v = res.Final
	case res.Pending != nil:
		v = res.Pending
	case res.V1 != nil:
		v = res.V1
	default:
		return nil, fmt.Errorf("%w: empty onekosmos.PollResult", ErrNil)
	}
	return json.Marshal(v)
}

// OneKosmos normalizes a parsed 1Kosmos poll result: [KosmosJSON] then
// [normalize.OneKosmos].
func OneKosmos(res *onekosmos.PollResult, opts *normalize.Options) (*normalize.Record, error) {
	b, err := KosmosJSON(res)
	if err != nil {
		return nil, err
	}
	return normalize.OneKosmos(b, opts)
}

// referenceID rebuilds UIDAI's referenceId (last 4 digits and
// yyyyMMddHHmmssSSS in IST) from its parsed form, or "" when a part is
// missing (normalize then uses Last4 and GeneratedAt).
func referenceID(r aadhaarxml.ReferenceID) string {
	if len(r.Last4) != 4 || r.Time.IsZero() {
		return ""
	}
	t := r.Time.In(ist)
	return r.Last4 + t.Format("20060102150405") + fmt.Sprintf("%03d", t.Nanosecond()/int(time.Millisecond))
}

var ist = time.FixedZone("IST", 5*3600+1800)

// uidaiDate writes a Date the way UIDAI does: DD-MM-YYYY, or YYYY alone.
func uidaiDate(d aadhaarxml.Date) string {
	switch {
	case d.IsZero():
		return ""
	case d.YearOnly():
		return fmt.Sprintf("%04d", d.Year)
	}
	return fmt.Sprintf("%02d-%02d-%04d", d.Day, int(d.Month), d.Year)
}

func address(a aadhaarxml.Address) normalize.UIDAIAddress {
	return normalize.UIDAIAddress{
		CareOf:   a.CareOf,
		Country:  a.Country,
		Dist:     a.District,
		House:    a.House,
		Landmark: a.Landmark,
		Loc:      a.Locality,
		PC:       a.Pincode,
		PO:       a.PostOffice,
		State:    a.State,
		Street:   a.Street,
		Subdist:  a.SubDistrict,
		VTC:      a.VTC,
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
