package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Default caps ([Options]).
const (
	// DefaultMaxBodyBytes caps a body at 8 MiB.
	DefaultMaxBodyBytes = 8 << 20
)

// Options tune normalization. A nil *Options means the defaults.
type Options struct {
	// TrustFramework is the verified_claims trust_framework. Default
	// [DefaultTrustFramework].
	TrustFramework string
	// Now is the clock for Source.ReceivedAt. Default time.Now.
	Now func() time.Time
	// MaxBodyBytes caps the body the body adapters and [Auto] accept.
	// Default [DefaultMaxBodyBytes].
	MaxBodyBytes int
	// MaxPhotoBytes caps a decoded photo; a larger one is dropped with the
	// warning photo_invalid. Default [DefaultMaxPhotoBytes].
	MaxPhotoBytes int
	// DropPhotos leaves photos out of the record (claims.picture stays
	// empty, with the warning photo_dropped) instead of inlining them as
	// data: URIs. Default false.
	DropPhotos bool
	// HTTPStatus is the HTTP status code the body came with; 0 means
	// unknown. It is per response: set it on a copy of your Options, or
	// call [UsingResponse]. A status of 400 or more makes the record an
	// error whatever the body says, and classifies it when the body's own
	// code does not ([HTTPClass]).
	HTTPStatus int
}

func (o *Options) httpStatus() int {
	if o == nil {
		return 0
	}
	return o.HTTPStatus
}

func (o *Options) dropPhotos() bool { return o != nil && o.DropPhotos }

func (o *Options) trustFramework() string {
	if o == nil || o.TrustFramework == "" {
		return DefaultTrustFramework
	}
	return o.TrustFramework
}

func (o *Options) now() time.Time {
	if o == nil || o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func (o *Options) maxBody() int {
	if o == nil || o.MaxBodyBytes <= 0 {
		return DefaultMaxBodyBytes
	}
	return o.MaxBodyBytes
}

func (o *Options) maxPhoto() int {
	if o == nil || o.MaxPhotoBytes <= 0 {
		return DefaultMaxPhotoBytes
	}
	return o.MaxPhotoBytes
}

// fv is a raw field value and the source path it came from.
type fv struct {
	v    string
	path string
	num  bool // the JSON value was a number
}

func f(v, path string) fv { return fv{v: v, path: path} }

// core is the one Aadhaar-shaped intermediate every adapter fills with raw
// values; build applies the field rules once for all sources.
type core struct {
	adapter, provider, product string

	name, givenName, familyName fv
	localName                   fv
	localLang                   string
	dob, yob, gender, careOf    fv

	house, street, landmark, locality, vtc, subDistrict, district, postOffice, state, pin, country fv
	addressText                                                                                    fv

	uid, refID, generatedAt fv
	uniquenessID            fv
	sigVerified             *bool
	aadhaarFormat           string

	// Typed values of the struct adapters, used instead of the text in
	// dob and refID (whose paths still name them in provenance).
	dobDate                   *Date
	ref                       *Reference
	refLast4Path, refTimePath string // provenance of a partial ref

	mobile, maskedMobile, email, maskedEmail fv
	mobileVerified, emailVerified            *bool
	mobileHash, emailHash                    fv
	mobileHashScheme                         string
	shareCode                                bool

	photo      fv
	photoBytes []byte // raw image bytes (struct adapters); used before photo

	// ocr: the identity was read from a document image and no source
	// confirmed it; such a record is never verified.
	ocr bool

	outcome                                       string
	errClass                                      ErrorClass // for an error: the class the provider's code says
	retryable                                     bool       // with errClass
	status, decision, failureCode, failureMessage string
	failureReason                                 string
	txnID, sessionID, clientRef, verifiedAt       string
	evidence                                      string // "uidai" | document type | ""
	checkMethods                                  []string
	documents                                     []Document
	checks                                        []Check
	warnings                                      []string
}

func (c *core) warn(w string) { c.warnings = append(c.warnings, w) }

type builder struct {
	r    *Record
	opts *Options
}

func (b *builder) warn(w string) {
	for _, x := range b.r.Warnings {
		if x == w {
			return
		}
	}
	b.r.Warnings = append(b.r.Warnings, w)
}

func (b *builder) prov(to, from string) {
	if from == "" {
		return
	}
	if b.r.Provenance == nil {
		b.r.Provenance = map[string]string{}
	}
	b.r.Provenance[to] = from
}

// text cleans a free-text value and masks any Aadhaar number in it.
func (b *builder) text(v string) string {
	t := Text(v)
	if len(t) > 1 && t[0] == '<' && t[len(t)-1] == '>' || maskOnly(t) {
		// Documentation placeholders ("<string>", "<REDACTED>") and
		// values masked whole ("XXXX XXX").
		b.warn("placeholder_dropped")
		return ""
	}
	if m, ok := maskAadhaarInText(t); ok {
		b.warn("aadhaar_in_text_masked")
		t = m
	}
	return t
}

func (b *builder) ext() *Extension {
	if b.r.IN == nil {
		b.r.IN = &Extension{}
	}
	return b.r.IN
}

func (b *builder) aad() *AadhaarInfo {
	e := b.ext()
	if e.Aadhaar == nil {
		e.Aadhaar = &AadhaarInfo{}
	}
	return e.Aadhaar
}

// maskOnly reports whether s is three or more mask characters (X, x, *)
// and nothing else but spaces: a value masked whole, or a documentation
// placeholder.
func maskOnly(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'X', 'x', '*':
			n++
		case ' ':
		default:
			return false
		}
	}
	return n >= 3
}

// guard keeps a record from being verified when it identifies nobody (no
// name and no date of birth: warning identity_incomplete) or comes from a
// document read by OCR that no source confirmed (warning
// ocr_not_verified): such a record needs review.
func (b *builder) guard(c *core) {
	r := b.r
	if r.Result.Outcome != Verified {
		return
	}
	cl := &r.Claims
	switch {
	case c.ocr:
		r.Result.Outcome = NeedsReview
		b.warn("ocr_not_verified")
	case namesNobody(cl):
		r.Result.Outcome = NeedsReview
		b.warn("identity_incomplete")
	}
}

// namesNobody reports claims with no name of any kind and no date of
// birth.
func namesNobody(cl *Claims) bool {
	return cl.Name == "" && cl.GivenName == "" && cl.FamilyName == "" && cl.Birthdate == ""
}

// build turns a filled core into a record.
func build(c *core, body []byte, opts *Options) *Record {
	r := &Record{Schema: SchemaV1}
	b := &builder{r: r, opts: opts}
	for _, w := range c.warnings {
		b.warn(w)
	}
	cl := &r.Claims

	if v := b.text(c.name.v); v != "" {
		cl.Name = v
		b.prov("claims.name", c.name.path)
	}
	if v := b.text(c.givenName.v); v != "" {
		cl.GivenName = v
		b.prov("claims.given_name", c.givenName.path)
	}
	if v := b.text(c.familyName.v); v != "" {
		cl.FamilyName = v
		b.prov("claims.family_name", c.familyName.path)
	}
	if v := b.text(c.localName.v); v != "" {
		tag := c.localLang
		if tag == "" {
			tag = "und-IN"
		}
		cl.LocalNames = map[string]string{tag: v}
		b.prov("claims.name#"+tag, c.localName.path)
	}
	b.dates(c)
	if s := strings.TrimSpace(c.gender.v); s != "" {
		if g, err := Gender(s); err == nil {
			cl.Gender = g
			b.prov("claims.gender", c.gender.path)
		} else {
			b.warn("gender_unknown")
		}
	}
	if co := ParseCareOf(b.text(c.careOf.v)); co.Raw != "" {
		b.ext().CareOf = &co
		b.prov("in.care_of", c.careOf.path)
	}
	b.address(c)
	b.identifiers(c)
	b.contact(c)
	b.photo(c)
	if len(c.documents) > 0 {
		b.ext().Documents = c.documents
	}
	if len(c.checks) > 0 {
		b.ext().Checks = c.checks
	}

	r.Result = Result{
		Outcome:          c.outcome,
		ProviderStatus:   b.text(c.status),
		ProviderDecision: b.text(c.decision),
		FailureCode:      b.text(c.failureCode),
		FailureMessage:   b.text(c.failureMessage),
		FailureReason:    b.text(c.failureReason),
	}
	if r.Result.Outcome == "" {
		r.Result.Outcome = Error
	}
	b.guard(c)
	b.classify(c)
	r.Source = Source{
		Adapter: c.adapter, Provider: c.provider, Product: c.product,
		ReceivedAt: opts.now().Format(time.RFC3339Nano),
		TxnID:      b.text(c.txnID), SessionID: b.text(c.sessionID), ClientReferenceID: b.text(c.clientRef),
	}
	if body != nil {
		sum := sha256.Sum256(body)
		r.Source.RawSHA256 = hex.EncodeToString(sum[:])
	}
	b.verified(c)
	b.scrub()
	return r
}

func (b *builder) dates(c *core) {
	cl := &b.r.Claims
	var dob Date
	haveDOB := false
	if d := c.dobDate; d != nil {
		switch {
		case d.IsZero():
		case !d.valid():
			b.warn("dob_invalid")
		default:
			dob, haveDOB = *d, true
			cl.Birthdate = d.OIDC()
			b.prov("claims.birthdate", c.dob.path)
		}
	} else if s := strings.TrimSpace(c.dob.v); s != "" {
		d, err := ParseDate(s)
		if err != nil {
			b.warn("dob_invalid")
		} else {
			dob, haveDOB = d, true
			cl.Birthdate = d.OIDC()
			b.prov("claims.birthdate", c.dob.path)
		}
	}
	if s := strings.TrimSpace(c.yob.v); s != "" && s != "0" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1800 || y > 2999 {
			b.warn("year_of_birth_invalid")
		} else {
			b.ext().YearOfBirth = y
			b.prov("in.year_of_birth", c.yob.path)
			if haveDOB && dob.Year != y {
				b.warn("year_of_birth_mismatch")
			}
			if !haveDOB && cl.Birthdate == "" {
				cl.Birthdate = Date{Year: y}.OIDC()
				dob = Date{Year: y}
				b.prov("claims.birthdate", c.yob.path)
			}
		}
	}
	if cl.Birthdate != "" && dob.YearOnly() {
		b.warn("dob_year_only")
	}
}

func (b *builder) address(c *core) {
	in := AddressIN{
		House: b.text(c.house.v), Street: b.text(c.street.v), Landmark: b.text(c.landmark.v),
		Locality: b.text(c.locality.v), VTC: b.text(c.vtc.v), SubDistrict: b.text(c.subDistrict.v),
		District: b.text(c.district.v), PostOffice: b.text(c.postOffice.v),
	}
	a := Address{}
	for _, p := range [...]struct {
		val  string
		to   string
		from string
	}{
		{in.House, "claims.address.in.house", c.house.path}, {in.Street, "claims.address.in.street", c.street.path},
		{in.Landmark, "claims.address.in.landmark", c.landmark.path}, {in.Locality, "claims.address.in.locality", c.locality.path},
		{in.VTC, "claims.address.in.vtc", c.vtc.path}, {in.SubDistrict, "claims.address.in.sub_district", c.subDistrict.path},
		{in.District, "claims.address.in.district", c.district.path}, {in.PostOffice, "claims.address.in.post_office", c.postOffice.path},
	} {
		if p.val != "" {
			b.prov(p.to, p.from)
		}
	}
	if st := b.text(c.state.v); st != "" {
		if sd, err := State(st); err == nil {
			a.Region = sd.Name
			in.StateCode = sd.Code
			if sd.Alias != "" {
				b.warn("state_alias:" + sd.Alias)
			}
		} else {
			a.Region = st
			b.warn("state_unknown")
		}
		b.prov("claims.address.region", c.state.path)
	}
	if s := strings.TrimSpace(c.pin.v); s != "" {
		if p, err := PIN(s); err == nil {
			a.PostalCode = p
			b.prov("claims.address.postal_code", c.pin.path)
			if c.pin.num {
				b.warn("pincode_was_number")
			}
			if in.StateCode != "" && !PINMatchesState(p, in.StateCode) {
				b.warn("pincode_state_mismatch")
			}
		} else {
			b.warn("pincode_invalid")
		}
	}
	// The PIN and state of a formatted address, when no structured field
	// gave them (KwikID's full_address, IDfy's licence address …).
	if raw := b.text(c.addressText.v); raw != "" && (a.PostalCode == "" || a.Region == "") {
		if pin, sd, ok := AddressPIN(raw); ok {
			if a.PostalCode == "" {
				a.PostalCode = pin
				b.prov("claims.address.postal_code", c.addressText.path)
			} else if pin != a.PostalCode {
				b.warn("pincode_address_mismatch")
			}
			if a.Region == "" && sd.Code != "" {
				a.Region, in.StateCode = sd.Name, sd.Code
				b.prov("claims.address.region", c.addressText.path)
			}
			if in.StateCode != "" && !PINMatchesState(a.PostalCode, in.StateCode) {
				b.warn("pincode_state_mismatch")
			}
		}
	}
	if ct := b.text(c.country.v); ct != "" {
		switch strings.ToLower(ct) {
		case "india", "in", "ind", "bharat":
			a.Country, a.CountryCode = "India", "IND"
		default:
			a.Country = ct
		}
		b.prov("claims.address.country", c.country.path)
	} else if in.StateCode != "" {
		a.CountryCode = "IND"
	}
	a.HouseNumber = in.House
	a.StreetAddress = joinDistinct(in.House, in.Street)
	a.Locality = firstNonEmpty(in.VTC, in.Locality, in.SubDistrict, in.District)
	parts := []string{in.House, in.Street, in.Landmark, in.Locality, in.VTC}
	if !strings.EqualFold(in.SubDistrict, in.VTC) {
		parts = append(parts, in.SubDistrict)
	}
	if !strings.EqualFold(in.District, in.VTC) {
		parts = append(parts, in.District)
	}
	regionPIN := strings.TrimSpace(a.Region + " " + a.PostalCode)
	parts = append(parts, regionPIN)
	if a.Country != "" {
		parts = append(parts, a.Country)
	}
	structured := in.House != "" || in.Street != "" || in.Landmark != "" || in.Locality != "" || in.VTC != "" ||
		in.SubDistrict != "" || in.District != ""
	if structured || regionPIN != "" {
		a.Formatted = joinDistinct(parts...)
	}
	if raw := b.text(c.addressText.v); raw != "" {
		in.SourceFormatted = raw
		b.prov("claims.address.in.source_formatted", c.addressText.path)
		if !structured || (in.House == "" && in.Street == "") {
			if f, ok := stripCareOfPrefix(raw, b.r.IN); ok {
				a.Formatted = f
				b.prov("claims.address.formatted", c.addressText.path)
			} else {
				a.Formatted = ""
				b.warn("address_care_of_unsplit")
			}
		}
	}
	if in != (AddressIN{}) {
		a.IN = &in
	}
	if a != (Address{}) {
		b.r.Claims.Address = &a
	}
}

// stripCareOfPrefix removes a leading care-of ("S/O: Name, ") from a vendor
// address string. ok is false when a marker is present but the care-of
// name's end cannot be found.
func stripCareOfPrefix(s string, ext *Extension) (string, bool) {
	rel, rest := splitRelation(s)
	if rel == "" {
		return s, true
	}
	rest = strings.TrimLeft(rest, " :,-")
	if ext != nil && ext.CareOf != nil && ext.CareOf.Name != "" && strings.HasPrefix(rest, ext.CareOf.Name) {
		return strings.Trim(rest[len(ext.CareOf.Name):], " ,:-"), true
	}
	if i := strings.IndexByte(rest, ','); i > 0 {
		return strings.TrimSpace(rest[i+1:]), true
	}
	return "", false
}

func (b *builder) identifiers(c *core) {
	var last4 string
	if s := strings.TrimSpace(c.uid.v); s != "" {
		id, err := Aadhaar(s)
		switch {
		case err != nil:
			b.warn("uid_invalid_dropped")
		default:
			if id.WasFull {
				b.warn("uid_was_unmasked")
				if !id.ChecksumValid {
					b.warn("uid_checksum_invalid")
				}
			}
			a := b.aad()
			a.Last4, a.Masked = id.Last4, id.Masked
			last4 = id.Last4
			b.prov("in.aadhaar.last4", c.uid.path)
		}
	}
	if c.ref != nil {
		last4 = b.typedReference(c, last4)
	}
	if s := strings.TrimSpace(c.refID.v); s != "" {
		l4, ts, err := ReferenceID(s)
		if err != nil {
			b.warn("reference_id_invalid")
		} else {
			a := b.aad()
			a.ReferenceID = s
			b.prov("in.aadhaar.reference_id", c.refID.path)
			if last4 == "" {
				last4 = l4
				a.Last4, a.Masked = l4, "XXXXXXXX"+l4
				b.prov("in.aadhaar.last4", c.refID.path)
			} else if last4 != l4 {
				b.warn("last4_mismatch")
			}
			if strings.TrimSpace(c.generatedAt.v) == "" {
				a.GeneratedAt = ts
				b.prov("in.aadhaar.generated_at", c.refID.path)
			}
		}
	}
	if s := strings.TrimSpace(c.generatedAt.v); s != "" {
		if ts, err := Timestamp(s); err == nil {
			b.aad().GeneratedAt = ts
			b.prov("in.aadhaar.generated_at", c.generatedAt.path)
		} else {
			b.warn("generated_at_invalid")
		}
	}
	if v := b.text(c.uniquenessID.v); v != "" {
		b.aad().UniquenessID = v
		b.prov("in.aadhaar.uniqueness_id", c.uniquenessID.path)
	}
	if c.sigVerified != nil {
		v := *c.sigVerified
		b.aad().SignatureVerified = &v
	}
	if c.aadhaarFormat != "" && b.r.IN != nil && b.r.IN.Aadhaar != nil {
		b.r.IN.Aadhaar.Format = c.aadhaarFormat
	}
}

// typedReference records the typed reference of a struct adapter, as
// identifiers does a referenceId string, and returns the last 4 digits
// known after it. A reference with both parts is kept whole; a part alone
// is kept under its own provenance path.
func (b *builder) typedReference(c *core, last4 string) string {
	r := *c.ref
	setLast4 := func(path string) {
		if last4 == "" {
			last4 = r.Last4
			a := b.aad()
			a.Last4, a.Masked = r.Last4, "XXXXXXXX"+r.Last4
			b.prov("in.aadhaar.last4", path)
		} else if last4 != r.Last4 {
			b.warn("last4_mismatch")
		}
	}
	if s, ok := r.uidai(); ok {
		a := b.aad()
		a.ReferenceID = s
		b.prov("in.aadhaar.reference_id", c.refID.path)
		setLast4(c.refID.path)
		if strings.TrimSpace(c.generatedAt.v) == "" {
			a.GeneratedAt = r.Time.Format(time.RFC3339Nano)
			b.prov("in.aadhaar.generated_at", c.refID.path)
		}
		return last4
	}
	switch {
	case r.Last4 == "":
	case len(r.Last4) == 4 && allDigits(r.Last4):
		setLast4(c.refLast4Path)
	default:
		b.warn("reference_id_invalid")
	}
	if !r.Time.IsZero() && strings.TrimSpace(c.generatedAt.v) == "" {
		b.aad().GeneratedAt = r.Time.Format(time.RFC3339Nano)
		b.prov("in.aadhaar.generated_at", c.refTimePath)
	}
	return last4
}

func (b *builder) contact(c *core) {
	cl := &b.r.Claims
	if s := strings.TrimSpace(c.mobile.v); s != "" {
		if m, err := Mobile(s); err == nil {
			cl.PhoneNumber = m
			b.prov("claims.phone_number", c.mobile.path)
			if c.mobileVerified != nil {
				v := *c.mobileVerified
				cl.PhoneNumberVerified = &v
			}
		} else if mm, ok := MaskedMobile(s); ok {
			b.ext().MaskedMobile = mm
			b.prov("in.masked_mobile", c.mobile.path)
		} else {
			b.warn("mobile_invalid")
		}
	}
	if s := strings.TrimSpace(c.maskedMobile.v); s != "" {
		if mm, ok := MaskedMobile(s); ok {
			b.ext().MaskedMobile = mm
			b.prov("in.masked_mobile", c.maskedMobile.path)
		} else {
			b.warn("masked_mobile_invalid")
		}
	}
	if s := strings.TrimSpace(c.email.v); s != "" {
		if at := strings.IndexByte(s, '@'); at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t<>") && !strings.Contains(s, "**") {
			cl.Email = s
			b.prov("claims.email", c.email.path)
			if c.emailVerified != nil {
				v := *c.emailVerified
				cl.EmailVerified = &v
			}
		} else if strings.ContainsAny(s, "*xX") && strings.Contains(s, "@") {
			b.ext().MaskedEmail = s
		} else {
			b.warn("email_invalid")
		}
	}
	if s := strings.TrimSpace(c.maskedEmail.v); s != "" {
		b.ext().MaskedEmail = b.text(s)
	}
	rounds := ""
	if b.r.IN != nil && b.r.IN.Aadhaar != nil && len(b.r.IN.Aadhaar.Last4) == 4 {
		rounds = b.r.IN.Aadhaar.Last4[3:]
	}
	if h := hashValue(c.mobileHash.v); h != "" {
		scheme := c.mobileHashScheme
		if scheme == "" {
			scheme = SchemeOfflineXML
		}
		b.hashes().Mobile = &Hash{Value: h, Scheme: scheme, RoundsDigit: rounds}
		b.prov("in.hashes.mobile", c.mobileHash.path)
	} else if strings.TrimSpace(c.mobileHash.v) != "" {
		b.warn("mobile_hash_invalid")
	}
	if h := hashValue(c.emailHash.v); h != "" {
		b.hashes().Email = &Hash{Value: h, Scheme: SchemeSHA256}
		b.prov("in.hashes.email", c.emailHash.path)
	} else if strings.TrimSpace(c.emailHash.v) != "" {
		b.warn("email_hash_invalid")
	}
	if c.shareCode {
		b.ext().ShareCodePresent = true
	}
}

func (b *builder) hashes() *Hashes {
	e := b.ext()
	if e.Hashes == nil {
		e.Hashes = &Hashes{}
	}
	return e.Hashes
}

// hashValue returns a 64-hex-digit SHA-256 value in lower case, or "".
func hashValue(s string) string {
	s = strings.TrimSpace(s)
	if len(s) != 64 {
		return ""
	}
	if _, err := hex.DecodeString(s); err != nil {
		return ""
	}
	return strings.ToLower(s)
}

func (b *builder) photo(c *core) {
	if b.opts.dropPhotos() {
		if len(c.photoBytes) > 0 || strings.TrimSpace(c.photo.v) != "" {
			b.warn("photo_dropped")
		}
		return
	}
	if len(c.photoBytes) > 0 {
		mt := SniffImage(c.photoBytes)
		if mt == "" || len(c.photoBytes) > b.opts.maxPhoto() {
			b.warn("photo_invalid")
			return
		}
		b.r.Claims.Picture = PhotoValue{MediaType: mt, Data: c.photoBytes}.DataURI()
		b.prov("claims.picture", c.photo.path)
		return
	}
	s := strings.TrimSpace(c.photo.v)
	if s == "" {
		return
	}
	uri, p, err := photoDataURI(s, b.opts.maxPhoto())
	switch {
	case errors.Is(err, ErrEmpty):
		b.warn("photo_placeholder")
	case err != nil:
		b.warn("photo_invalid")
	case p.URL != "":
		b.ext().PhotoURL = p.URL
		b.warn("photo_url")
		b.prov("in.photo_url", c.photo.path)
	default:
		b.r.Claims.Picture = uri
		b.prov("claims.picture", c.photo.path)
	}
}

func (b *builder) verified(c *core) {
	if b.r.Result.Outcome != Verified {
		return
	}
	v := Verification{TrustFramework: b.opts.trustFramework()}
	if c.verifiedAt != "" {
		if ts, err := Timestamp(c.verifiedAt); err == nil {
			v.Time = ts
		}
	}
	v.VerificationProcess = firstNonEmpty(b.r.Source.TxnID, b.r.Source.SessionID, b.r.Source.ClientReferenceID)
	var checks []CheckDetail
	for _, m := range c.checkMethods {
		cd := CheckDetail{CheckMethod: m}
		if m != "vcrypt" {
			cd.Organization = c.provider
		}
		checks = append(checks, cd)
	}
	switch c.evidence {
	case "":
	case "uidai":
		ev := Evidence{Type: "electronic_record", Record: &EvRecord{Type: "population_register",
			Source: &EvIssuer{Name: "UIDAI", CountryCode: "IND"}}, CheckDetails: checks}
		if b.r.IN != nil && b.r.IN.Aadhaar != nil {
			ev.Record.CreatedAt = b.r.IN.Aadhaar.GeneratedAt
		}
		v.Evidence = []Evidence{ev}
	case "tax":
		v.Evidence = []Evidence{{Type: "electronic_record", Record: &EvRecord{Type: "tax",
			Source: &EvIssuer{Name: "Income Tax Department", CountryCode: "IND"}}, CheckDetails: checks}}
	default:
		v.Evidence = []Evidence{{Type: "document", Document: &EvDocument{Type: c.evidence}, CheckDetails: checks}}
	}
	cl := b.r.Claims
	vc := Claims{Name: cl.Name, GivenName: cl.GivenName, FamilyName: cl.FamilyName, Birthdate: cl.Birthdate,
		Gender: cl.Gender, Address: cl.Address}
	b.r.VerifiedClaims = &VerifiedClaims{Verification: v, Claims: vc}
}

func joinDistinct(parts ...string) string {
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		dup := false
		for _, o := range out {
			if strings.EqualFold(o, p) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func ptr[T any](v T) *T { return &v }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
