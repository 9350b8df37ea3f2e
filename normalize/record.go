package normalize

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
)

// SchemaV1 is the value of [Record.Schema].
const SchemaV1 = "normalize/v1"

// DefaultTrustFramework is the verified_claims trust_framework used when
// [Options.TrustFramework] is empty. No Indian framework is registered with
// the OpenID eKYC-IDA working group; recipients ignore values they do not
// understand, so this private value is legal. Set your own if you have one.
const DefaultTrustFramework = "in_rbi_kyc"

// Outcomes of a [Result].
const (
	// Verified: the provider completed the check and it passed.
	Verified = "verified"
	// NotVerified: a terminal failure the provider reports (a rejected
	// authentication, an invalid or unknown number, a declined session).
	NotVerified = "not_verified"
	// Pending: the session or task has not finished.
	Pending = "pending"
	// NeedsReview: the provider asks for a manual decision.
	NeedsReview = "needs_review"
	// Error: the call failed: a bad request, an authorization or quota
	// problem, a rate limit, a provider or upstream fault, or an answer
	// that could not be understood. [Result.ErrorClass] says which and
	// [Result.Retryable] whether to try again; it says nothing about the
	// person.
	Error = "error"
)

// A Record is one identity from any source, in the ecosystem's own
// vocabulary: OpenID Connect claims, OpenID Identity Assurance
// verified_claims, and the Indian specifics in the "in" extension.
//
// A Record never holds a full Aadhaar number or VID. It does hold personal
// data; it masks itself in logs ([Record.LogValue], [Record.String]) but its
// JSON form is the full record: store and ship it as PII.
type Record struct {
	Schema         string          `json:"schema"`                    // always SchemaV1
	Claims         Claims          `json:"claims"`                    // OIDC claims, normalized
	IN             *Extension      `json:"in,omitempty"`              // India / Aadhaar extension
	VerifiedClaims *VerifiedClaims `json:"verified_claims,omitempty"` // only when Result.Outcome is verified
	Result         Result          `json:"result"`                    // normalized outcome and the provider's words
	Source         Source          `json:"source"`                    // adapter, provider, ids, body hash
	// Warnings are stable snake_case codes, optionally followed by ":"
	// and a non-personal detail ("state_alias:Orissa").
	Warnings []string `json:"warnings,omitempty"`
	// Provenance maps a record path ("claims.birthdate") to the source
	// path that fed it ("result.dob").
	Provenance map[string]string `json:"provenance,omitempty"`
}

// Claims are OpenID Connect standard claims (Core §5.1) plus the Identity
// Assurance claim address.country_code and the EU PID address.house_number.
type Claims struct {
	Name string `json:"name,omitempty"` // full name, white space collapsed, case as issued
	// LocalNames holds names in a regional script, keyed by BCP 47 tag
	// ("hi", or "und-IN" when the script's language is unknown). They are
	// emitted as "name#<tag>" members.
	LocalNames map[string]string `json:"-"`
	GivenName  string            `json:"given_name,omitempty"`  // only when the source splits names
	FamilyName string            `json:"family_name,omitempty"` // only when the source splits names
	// Birthdate is "YYYY-MM-DD", or "YYYY" when only the year is known.
	Birthdate string   `json:"birthdate,omitempty"`
	Gender    string   `json:"gender,omitempty"`  // male|female|transgender|other
	Address   *Address `json:"address,omitempty"` // postal address
	// PhoneNumber is E.164 and only ever set from a plaintext mobile
	// number, never from a hash or a masked number.
	PhoneNumber         string `json:"phone_number,omitempty"`
	PhoneNumberVerified *bool  `json:"phone_number_verified,omitempty"` // set only when the provider proved possession of this number
	Email               string `json:"email,omitempty"`                 // plaintext email, when the source has one
	EmailVerified       *bool  `json:"email_verified,omitempty"`        // as stated by the provider
	// Picture is a data: URI with the detected media type.
	Picture string `json:"picture,omitempty"`
}

type claimsJSON Claims

// MarshalJSON writes the claims with each local name as "name#<tag>".
func (c Claims) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(claimsJSON(c))
	if err != nil || len(c.LocalNames) == 0 {
		return b, err
	}
	keys := make([]string, 0, len(c.LocalNames))
	for k := range c.LocalNames {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var buf bytes.Buffer
	buf.Write(b[:len(b)-1])
	for _, k := range keys {
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal("name#" + k)
		vb, _ := json.Marshal(c.LocalNames[k])
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads claims, collecting "name#<tag>" members.
func (c *Claims) UnmarshalJSON(b []byte) error {
	var v claimsJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Claims(v)
	if !bytes.Contains(b, []byte(`"name#`)) {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for k, raw := range m {
		if tag, ok := strings.CutPrefix(k, "name#"); ok && tag != "" {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				if c.LocalNames == nil {
					c.LocalNames = map[string]string{}
				}
				c.LocalNames[tag] = s
			}
		}
	}
	return nil
}

// Address is the OIDC address claim with the EU PID house_number, the
// Identity Assurance country_code (ISO 3166-1 alpha-3) and an "in" member
// for the Aadhaar address attributes.
type Address struct {
	// Formatted joins house, street, landmark, locality, vtc, sub-district
	// and district (when they differ from vtc), state and PIN with ", ".
	// It never contains the care-of person.
	Formatted     string     `json:"formatted,omitempty"`
	StreetAddress string     `json:"street_address,omitempty"` // house and street
	Locality      string     `json:"locality,omitempty"`       // vtc, else locality, sub-district or district
	Region        string     `json:"region,omitempty"`         // canonical state name
	PostalCode    string     `json:"postal_code,omitempty"`    // 6-digit string
	Country       string     `json:"country,omitempty"`        // "India" for any spelling of it, else as given
	CountryCode   string     `json:"country_code,omitempty"`   // ISO 3166-1 alpha-3 ("IND")
	HouseNumber   string     `json:"house_number,omitempty"`   // the house attribute (EU PID convention)
	IN            *AddressIN `json:"in,omitempty"`             // Aadhaar address attributes
}

// AddressIN holds the Aadhaar address attributes as issued.
type AddressIN struct {
	House           string `json:"house,omitempty"`            // house / building
	Street          string `json:"street,omitempty"`           // street
	Landmark        string `json:"landmark,omitempty"`         // landmark (lm)
	Locality        string `json:"locality,omitempty"`         // locality (loc, location)
	VTC             string `json:"vtc,omitempty"`              // village / town / city
	SubDistrict     string `json:"sub_district,omitempty"`     // sub-district (subdist)
	District        string `json:"district,omitempty"`         // district (dist)
	PostOffice      string `json:"post_office,omitempty"`      // post office (po, po_name)
	StateCode       string `json:"state_code,omitempty"`       // ISO 3166-2:IN, "IN-KA"
	SourceFormatted string `json:"source_formatted,omitempty"` // the provider's own address string (may start with the care-of)
}

// Extension is the India / Aadhaar extension ("in").
type Extension struct {
	CareOf       *CareOf      `json:"care_of,omitempty"`       // the care-of person, parsed
	Aadhaar      *AadhaarInfo `json:"aadhaar,omitempty"`       // what is kept of the Aadhaar number
	YearOfBirth  int          `json:"year_of_birth,omitempty"` // year_of_birth as the source gave it
	Hashes       *Hashes      `json:"hashes,omitempty"`        // UIDAI mobile and email hashes
	MaskedMobile string       `json:"masked_mobile,omitempty"` // a masked mobile number ("XXXXXX3210")
	MaskedEmail  string       `json:"masked_email,omitempty"`  // a masked email address
	// PhotoURL is a photo given as a URL; it is never fetched.
	PhotoURL string `json:"photo_url,omitempty"`
	// ShareCodePresent reports that the source echoed an Offline e-KYC
	// share code (the code itself is not kept).
	ShareCodePresent bool       `json:"share_code_present,omitempty"`
	Documents        []Document `json:"documents,omitempty"` // other identity documents the source reported
	// Checks are provider checks that have no Identity Assurance field
	// (liveness, face match, document checks).
	Checks []Check `json:"checks,omitempty"`
}

// AadhaarInfo is what a record keeps about the Aadhaar number.
type AadhaarInfo struct {
	Last4       string `json:"last4,omitempty"`        // last four digits
	Masked      string `json:"masked,omitempty"`       // "XXXXXXXX1234"
	ReferenceID string `json:"reference_id,omitempty"` // last 4 + YYYYMMDDHHMMSSsss
	// UniquenessID is a provider's stable pseudonymous id for the Aadhaar
	// holder (AccuAuth, Surepass uniqueness_id), as given.
	UniquenessID string `json:"uniqueness_id,omitempty"`
	GeneratedAt  string `json:"generated_at,omitempty"` // RFC 3339
	// SignatureVerified is what the source says about the UIDAI signature
	// (nil: not stated). normalize itself verifies no signature.
	SignatureVerified *bool  `json:"signature_verified,omitempty"`
	Format            string `json:"format,omitempty"` // offline_xml|kycres_xml|secure_qr|old_qr|sd_jwt|vendor_json
}

// Aadhaar formats ([AadhaarInfo.Format]).
const (
	FormatOfflineXML = "offline_xml"
	FormatKycResXML  = "kycres_xml"
	FormatSecureQR   = "secure_qr"
	FormatOldQR      = "old_qr"
	FormatSDJWT      = "sd_jwt"
	FormatVendorJSON = "vendor_json"
)

// Hashes are the mobile and email hashes UIDAI formats carry, with the
// scheme needed to check a candidate value against them.
type Hashes struct {
	Mobile *Hash `json:"mobile,omitempty"` // mobile number hash
	Email  *Hash `json:"email,omitempty"`  // email hash
}

// Hash schemes.
const (
	// SchemeOfflineXML: SHA-256 applied n times over mobile+share code,
	// n = last Aadhaar digit (0 or 1 → once), lower-case hex.
	SchemeOfflineXML = "uidai_offline_xml"
	// SchemeSecureQR: SHA-256 applied n times over the mobile number.
	SchemeSecureQR = "uidai_secure_qr"
	// SchemeSHA256: one plain SHA-256 (UIDAI email hashes).
	SchemeSHA256 = "sha256"
)

// A Hash is a hex digest and how it was made.
type Hash struct {
	Value  string `json:"value"`  // lower-case hex digest
	Scheme string `json:"scheme"` // SchemeOfflineXML, SchemeSecureQR or SchemeSHA256
	// RoundsDigit is the last Aadhaar digit, which sets the number of
	// rounds, when known.
	RoundsDigit string `json:"rounds_digit,omitempty"`
}

// A Document is another identity document a source reported.
type Document struct {
	Type         string `json:"type"`                    // pan|driving_permit|passport|idcard|...
	NumberMasked string `json:"number_masked,omitempty"` // never the full number
	// FileNumberMasked is a passport application's file number, masked
	// like NumberMasked; it is not the passport number.
	FileNumberMasked string `json:"file_number_masked,omitempty"`
	Status           string `json:"status,omitempty"`           // provider's status, verbatim but for document numbers in it, which are masked
	Seeding          string `json:"seeding,omitempty"`          // PAN–Aadhaar seeding Y/N
	Issuer           string `json:"issuer,omitempty"`           // issuing authority, as given
	DateOfIssue      string `json:"date_of_issuance,omitempty"` // YYYY-MM-DD
	DateOfExpiry     string `json:"date_of_expiry,omitempty"`   // YYYY-MM-DD
	URL              string `json:"url,omitempty"`              // where the provider serves the document, without query (never fetched)
}

// A Check is one provider check, with its result as given (for 1Kosmos:
// Passed, Failed, Not performed).
type Check struct {
	Name   string `json:"name"`            // the provider's name for the check
	Result string `json:"result"`          // as given (Passed, Failed, Not performed …)
	Score  string `json:"score,omitempty"` // as given, when there is one
}

// VerifiedClaims is the OpenID Identity Assurance verified_claims object.
// It is present only when the outcome is [Verified].
type VerifiedClaims struct {
	Verification Verification `json:"verification"` // how the claims were verified
	Claims       Claims       `json:"claims"`       // the verified subset of the claims
}

// Verification is the verification member of verified_claims.
type Verification struct {
	TrustFramework      string     `json:"trust_framework"`                // Options.TrustFramework
	AssuranceLevel      string     `json:"assurance_level,omitempty"`      // when the source states one
	Time                string     `json:"time,omitempty"`                 // RFC 3339, when the provider says
	VerificationProcess string     `json:"verification_process,omitempty"` // the provider's transaction or session id
	Evidence            []Evidence `json:"evidence,omitempty"`             // one item per source
}

// Evidence is one Identity Assurance evidence item (electronic_record or
// document).
type Evidence struct {
	Type         string        `json:"type"`                       // electronic_record or document
	Record       *EvRecord     `json:"record,omitempty"`           // for electronic_record
	Document     *EvDocument   `json:"document_details,omitempty"` // for document
	CheckDetails []CheckDetail `json:"check_details,omitempty"`    // check methods used
}

// EvRecord is the record of electronic_record evidence.
type EvRecord struct {
	Type      string    `json:"type"`                 // population_register (Aadhaar) or tax (PAN)
	CreatedAt string    `json:"created_at,omitempty"` // when the record was generated, RFC 3339
	Source    *EvIssuer `json:"source,omitempty"`     // UIDAI, Income Tax Department …
}

// EvDocument is the document_details of document evidence.
type EvDocument struct {
	Type   string    `json:"type"`             // driving_permit, passport, idcard …
	Issuer *EvIssuer `json:"issuer,omitempty"` // when known
}

// EvIssuer names a record source or document issuer.
type EvIssuer struct {
	Name        string `json:"name"`                   // organization name
	CountryCode string `json:"country_code,omitempty"` // ISO 3166-1 alpha-3
}

// CheckDetail is one check_details entry: a registered check method
// (vcrypt, auth, data, vri, bvr …) and who performed it.
type CheckDetail struct {
	CheckMethod  string `json:"check_method"`           // registered check method
	Organization string `json:"organization,omitempty"` // who performed the check
	CheckID      string `json:"check_id,omitempty"`     // the performer's reference
	Time         string `json:"time,omitempty"`         // RFC 3339
}

// Result is the normalized outcome, what to do about it, and the provider's
// own words.
//
// Outcome and Decision are set on every record. An error record (Outcome
// [Error]) always has an ErrorClass and never a verdict about the person;
// Retryable says whether asking again later may give another answer (a
// pending session, or a transient error). Decision follows from Outcome and
// Retryable ([DecisionOf]), so a poller needs only Decision.
type Result struct {
	Outcome  string   `json:"outcome"`  // verified|not_verified|pending|needs_review|error
	Decision Decision `json:"decision"` // clear|review|reject|retry|fix
	// ErrorClass is set exactly when Outcome is error: auth, not_found,
	// invalid_request, quota, rate_limited, upstream or internal.
	ErrorClass ErrorClass `json:"error_class,omitempty"`
	// Retryable: the same request may succeed later (pending sessions,
	// rate limits, provider and upstream outages).
	Retryable bool `json:"retryable,omitempty"`
	// HTTPStatus is the HTTP status the body came with, when the caller
	// gave it ([Options.HTTPStatus], [UsingResponse]).
	HTTPStatus       int    `json:"http_status,omitempty"`
	ProviderStatus   string `json:"provider_status,omitempty"`   // the provider's status, verbatim
	ProviderDecision string `json:"provider_decision,omitempty"` // the provider's decision (journeys), verbatim
	FailureCode      string `json:"failure_code,omitempty"`      // the provider's failure code, verbatim
	FailureMessage   string `json:"failure_message,omitempty"`   // the provider's failure message, verbatim
	FailureReason    string `json:"failure_reason,omitempty"`    // the provider's reason, when it gives one beside the message
}

// Source says where the record came from.
type Source struct {
	// Adapter is the adapter that read the body ("ovse", "cashfree" …);
	// [Auto] sets it to what it detected.
	Adapter  string `json:"adapter"`
	Provider string `json:"provider,omitempty"` // "cashfree", "uidai", "1kosmos" …
	Product  string `json:"product,omitempty"`  // the provider's product or endpoint
	// ReceivedAt is when the record was normalized ([Options.Now]).
	ReceivedAt        string `json:"received_at,omitempty"`
	TxnID             string `json:"txn_id,omitempty"`              // the provider's transaction or request id
	SessionID         string `json:"session_id,omitempty"`          // the provider's session id
	ClientReferenceID string `json:"client_reference_id,omitempty"` // the caller's reference echoed by the provider
	// RawSHA256 is the hex SHA-256 of the body, for audit.
	RawSHA256 string `json:"raw_sha256,omitempty"`
}

// LogValue masks the whole record: only the source, the outcome, the
// warnings and which claims are present are logged, never a value.
func (r Record) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("adapter", r.Source.Adapter),
		slog.String("provider", r.Source.Provider),
		slog.String("outcome", r.Result.Outcome),
		slog.String("decision", string(r.Result.Decision)),
		slog.String("error_class", string(r.Result.ErrorClass)),
		slog.String("claims", strings.Join(r.presentClaims(), ",")),
		slog.Int("warnings", len(r.Warnings)),
	)
}

// String masks the record like [Record.LogValue].
func (r Record) String() string {
	return "normalize.Record{adapter=" + r.Source.Adapter + " outcome=" + r.Result.Outcome +
		" claims=[" + strings.Join(r.presentClaims(), ",") + "] REDACTED}"
}

func (r Record) presentClaims() []string {
	var p []string
	c := &r.Claims
	for _, f := range [...]struct {
		name string
		set  bool
	}{
		{"name", c.Name != ""}, {"birthdate", c.Birthdate != ""}, {"gender", c.Gender != ""},
		{"address", c.Address != nil}, {"phone_number", c.PhoneNumber != ""}, {"email", c.Email != ""},
		{"picture", c.Picture != ""},
		{"aadhaar_last4", r.IN != nil && r.IN.Aadhaar != nil && r.IN.Aadhaar.Last4 != ""},
	} {
		if f.set {
			p = append(p, f.name)
		}
	}
	return p
}
