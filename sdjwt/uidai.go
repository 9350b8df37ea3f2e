package sdjwt

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// UIDAIIssuer is the "iss" of UIDAI's Aadhaar verifiable credential.
const UIDAIIssuer = "https://uidai.gov.in"

// UIDAIOptions configure [VerifyUIDAI]. The zero value (or nil) is the
// profile as UIDAI publishes it: "_sd_alg" "SHA-256" accepted, no Key
// Binding JWT required.
type UIDAIOptions struct {
	// Issuer is the expected "iss". Default [UIDAIIssuer]; set it for a
	// staging environment.
	Issuer string
	// RequireKeyBinding makes a Key Binding JWT mandatory; Audience and
	// Nonce are then required. Off by default, because UIDAI describes the
	// delivered credential as <sd-jwt>~<disclosures> with no KB-JWT: see
	// "Binding without a KB-JWT" in the package documentation.
	RequireKeyBinding bool
	// Audience is the expected KB-JWT "aud". ASSUMPTION (no public UIDAI
	// source says what the Aadhaar app puts there): the OVSE client id.
	// It is also the value an issuer-signed "aud" must contain.
	Audience string
	// Nonce is the expected KB-JWT "nonce". ASSUMPTION: the "txn" of the
	// OVSE request. When Audience and Nonce are both set, a KB-JWT that
	// is present is verified even when not required, and a wrong one is
	// refused.
	Nonce string
	// StrictHashName refuses "_sd_alg" "SHA-256", UIDAI's spelling, and
	// accepts only the registered "sha-256". Off by default.
	StrictHashName bool
	// Now is the verification clock. Default time.Now.
	Now func() time.Time
	// ClockSkew is tolerated on every time check. Zero means
	// [DefaultClockSkew]; negative means none.
	ClockSkew time.Duration
	// KeyBindingMaxAge bounds the KB-JWT age. Default
	// [DefaultKeyBindingMaxAge].
	KeyBindingMaxAge time.Duration
	// Limits caps the input. Zero fields mean defaults.
	Limits Limits
}

// VerifyOptions returns the [VerifyOptions] of the UIDAI profile: ES256
// only (issuer and KB-JWT); typ "vc+sd-jwt" or "dc+sd-jwt"; "_sd_alg"
// sha-256, spelled "SHA-256" or "sha-256" (only "sha-256" with
// StrictHashName); no "vct" required; iss, id, iat, exp, status and cnf
// required (UIDAI's mandatory payload fields); iss, nbf, exp, cnf, status
// and the other SD-JWT VC claims not
// selectively disclosable; key binding as RequireKeyBinding, Audience and
// Nonce say.
func (o *UIDAIOptions) VerifyOptions() *VerifyOptions {
	var u UIDAIOptions
	if o != nil {
		u = *o
	}
	if u.Issuer == "" {
		u.Issuer = UIDAIIssuer
	}
	return &VerifyOptions{
		Algorithms:             []string{"ES256"},
		KeyBindingAlgorithms:   []string{"ES256"},
		HashAlgorithms:         []string{"sha-256"},
		AllowUppercaseHashName: !u.StrictHashName,
		Now:                    u.Now,
		ClockSkew:              u.ClockSkew,
		RequiredClaims:         []string{"iss", "id", "iat", "exp", "status", "cnf"},
		ExpectedIssuer:         u.Issuer,
		ExpectedTypes:          []string{"vc+sd-jwt", "dc+sd-jwt"},
		RequireKeyBinding:      u.RequireKeyBinding,
		Audience:               u.Audience,
		Nonce:                  u.Nonce,
		KeyBindingMaxAge:       u.KeyBindingMaxAge,
		VC:                     &VCOptions{AllowLegacyTyp: true, SkipVCT: true},
		Limits:                 u.Limits,
	}
}

// VerifyUIDAI verifies an Aadhaar-app SD-JWT under the UIDAI profile
// ([UIDAIOptions.VerifyOptions]; nil opts means the defaults), checks that
// cnf.jwk is an EC P-256 key, that "id" is a non-empty string and
// "status" a string (UIDAI's status URL) or an object (a Token Status
// List reference), and maps the verified claims to a [Resident]. The
// status is not fetched.
//
// By default no KB-JWT is required, as UIDAI publishes the format. The
// credential is then a bearer token, and binding it to your session is
// the caller's job: see "Binding without a KB-JWT" in the package
// documentation. Resident.Credential.KeyBinding tells whether a KB-JWT
// was verified.
func VerifyUIDAI(ctx context.Context, token string, keys KeyResolver, opts *UIDAIOptions) (*Resident, error) {
	if opts != nil && opts.RequireKeyBinding && (opts.Audience == "" || opts.Nonce == "") {
		return nil, fmt.Errorf("%w: UIDAIOptions.RequireKeyBinding needs Audience and Nonce", ErrOptions)
	}
	cred, err := VerifyContext(ctx, token, keys, opts.VerifyOptions())
	if err != nil {
		return nil, err
	}
	pub, err := holderKey(cred.Claims)
	if err != nil {
		return nil, err
	}
	if k, ok := pub.(*ecdsa.PublicKey); !ok || k.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%w: %q is not an EC P-256 key", ErrKeyBinding, "cnf.jwk")
	}
	if id, ok := cred.Claims["id"].(string); !ok || strings.TrimSpace(id) == "" {
		return nil, fmt.Errorf("%w: %q is not a non-empty string", ErrMissingClaim, "id")
	}
	switch cred.Claims["status"].(type) {
	case string, map[string]any:
	default:
		return nil, fmt.Errorf("%w: %q is neither a URL string nor an object", ErrMissingClaim, "status")
	}
	return NewResident(cred)
}

// Resident is the OVSE field set mapped from a verified UIDAI credential.
// ASSUMPTION: UIDAI's public claim table names uid, name and dob; the
// other claim names read here (gender, mobile, masked_mobile, address and
// its components, photo) come from OVSE aggregators' documentation
// (research §5.2 of this project), not from UIDAI. The JSON form uses the names of the OVSE status API: name, dob
// (ISO 8601, as that API returns it), gender, mobile, full_address,
// user_photo, result; plus dob_issued, the date of birth as the
// credential carries it. It logs and prints masked.
type Resident struct {
	// Name is the "name" claim.
	Name string `json:"name"`
	// DOB is the "dob" claim as issued. ASSUMPTION: DD-MM-YYYY, the form
	// of UIDAI's Offline e-KYC XML; the SD-JWT specification does not
	// show it.
	DOB string `json:"dob_issued"`
	// DOBISO is DOB as YYYY-MM-DD (or YYYY when only a year is known), ""
	// when it is not a date in one of the forms DD-MM-YYYY, DD/MM/YYYY,
	// YYYY-MM-DD or YYYY.
	DOBISO string `json:"dob"`
	// Gender is the "gender" claim ("M", "F" or "T").
	Gender string `json:"gender"`
	// Mobile is "mobile", or "masked_mobile" when only that was disclosed.
	Mobile string `json:"mobile"`
	// FullAddress is "address", or the address components joined.
	FullAddress string `json:"full_address"`
	// Photo is the "photo" claim (base64 image) as issued.
	Photo string `json:"user_photo"`
	// Result is the whole processed payload.
	Result map[string]any `json:"result"`
	// Credential is the verified credential the fields came from.
	Credential *Credential `json:"-"`
}

var addressParts = []string{"care_of", "building", "street", "landmark", "locality", "vtc", "sub_district", "district", "state"}

// NewResident maps a verified credential to a Resident. It refuses an
// unverified credential.
func NewResident(c *Credential) (*Resident, error) {
	if c == nil || !c.Verified {
		return nil, fmt.Errorf("%w: credential is not verified", ErrOptions)
	}
	s := func(k string) string { v, _ := c.Claims[k].(string); return v }
	r := &Resident{
		Name:        s("name"),
		DOB:         s("dob"),
		Gender:      s("gender"),
		Mobile:      s("mobile"),
		FullAddress: s("address"),
		Photo:       s("photo"),
		Result:      c.Claims,
		Credential:  c,
	}
	if r.Mobile == "" {
		r.Mobile = s("masked_mobile")
	}
	if r.FullAddress == "" {
		var parts []string
		for _, k := range addressParts {
			if v := s(k); v != "" {
				parts = append(parts, v)
			}
		}
		r.FullAddress = strings.Join(parts, ", ")
		if pin := s("pincode"); pin != "" {
			if r.FullAddress != "" {
				r.FullAddress += " - "
			}
			r.FullAddress += pin
		}
	}
	r.DOBISO = isoDate(r.DOB)
	return r, nil
}

// isoDate returns a date of birth as YYYY-MM-DD, or YYYY for a year
// alone (OpenID Connect "birthdate" allows both), "" when it is not a
// valid date in a form UIDAI or an OVSE API uses.
func isoDate(s string) string {
	for _, layout := range []string{"02-01-2006", "2006-01-02", "02/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if len(s) == 4 {
		if t, err := time.Parse("2006", s); err == nil && t.Year() > 1800 {
			return s
		}
	}
	return ""
}

func maskTail(s string, keep int) string {
	r := []rune(s)
	if len(r) <= keep {
		return strings.Repeat("x", len(r))
	}
	return strings.Repeat("x", len(r)-keep) + string(r[len(r)-keep:])
}

func initials(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		r := []rune(w)
		b.WriteRune(r[0])
		b.WriteString("*** ")
	}
	return strings.TrimSpace(b.String())
}

// MaxCallbackBytes caps the body [ParseCallback] accepts.
const MaxCallbackBytes = DefaultMaxTokenBytes + 64<<10

// Callback is the envelope the Aadhaar app posts to the OVSE callback
// (field names from third-party OVSE documentation, unverified against
// UIDAI). Response holds the SD-JWT when the exchange succeeded.
type Callback struct {
	Txn      string    // "txn": the transaction id the app echoes
	Response string    // "response": the SD-JWT, "" on error
	ErrCode  string    // "errCode", "" on success
	ErrInfo  string    // "errInfo": free text from the app
	DateTime time.Time // "dateTime"; zero when absent
}

// ParseCallback parses a JSON callback body: "txn" (required), "response"
// (the SD-JWT), "errCode", "errInfo" (string or number), "dateTime"
// (RFC 3339). Exactly one of response and errCode must be set. The
// credential is not verified here. Look Txn up in your session store and
// consume it (once) first, then pass Response to [VerifyUIDAI]; if you
// set Nonce, set it to the txn you issued, never the echoed one.
func ParseCallback(body []byte) (*Callback, error) {
	if len(body) > MaxCallbackBytes {
		return nil, fmt.Errorf("%w: body longer than %d bytes", ErrTooLarge, MaxCallbackBytes)
	}
	var m map[string]any
	if err := decodeJSON(bytes.TrimSpace(body), &m); err != nil || m == nil {
		return nil, fmt.Errorf("%w: body is not a JSON object", ErrCallback)
	}
	field := func(k string) (string, error) {
		switch v := m[k].(type) {
		case nil:
			return "", nil
		case string:
			return v, nil
		case json.Number:
			return v.String(), nil
		}
		return "", fmt.Errorf("%w: %q is not a string", ErrCallback, k)
	}
	c := &Callback{}
	var err error
	if c.Txn, err = field("txn"); err != nil {
		return nil, err
	}
	if c.Response, err = field("response"); err != nil {
		return nil, err
	}
	if c.ErrCode, err = field("errCode"); err != nil {
		return nil, err
	}
	if c.ErrInfo, err = field("errInfo"); err != nil {
		return nil, err
	}
	dt, err := field("dateTime")
	if err != nil {
		return nil, err
	}
	if c.Txn == "" {
		return nil, fmt.Errorf("%w: %q missing", ErrCallback, "txn")
	}
	if (c.Response == "") == (c.ErrCode == "") {
		return nil, fmt.Errorf("%w: exactly one of %q and %q must be set", ErrCallback, "response", "errCode")
	}
	if dt != "" {
		if c.DateTime, err = time.Parse(time.RFC3339, dt); err != nil {
			return nil, fmt.Errorf("%w: %q is not RFC 3339", ErrCallback, "dateTime")
		}
	}
	return c, nil
}

// Err returns nil for a successful callback, or an error wrapping
// [ErrCallback] that names the app's error code (codes are not personal
// data; errInfo is left out of the message).
func (c *Callback) Err() error {
	if c.ErrCode == "" {
		return nil
	}
	if !isErrCode(c.ErrCode) {
		// The body is untrusted: free text in errCode stays out.
		return fmt.Errorf("%w: app returned an error code that is not a short code", ErrCallback)
	}
	return fmt.Errorf("%w: app returned error code %q", ErrCallback, c.ErrCode)
}

// ErrorCode returns the app's errCode when it is a short code (see
// [Callback.Err]), which is safe to log; "" on success and when errCode
// holds anything else, such as free text.
func (c *Callback) ErrorCode() string {
	if !isErrCode(c.ErrCode) {
		return ""
	}
	return c.ErrCode
}

// isErrCode reports whether s looks like an error code (at most 32 ASCII
// letters, digits, '-', '_' or '.'), not free text.
func isErrCode(s string) bool {
	if len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
