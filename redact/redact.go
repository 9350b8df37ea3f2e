package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"log/slog"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ErrOptions is returned by [New] and the parse functions when an option is
// invalid. The message names the option, never a key.
var ErrOptions = errors.New("redact: invalid options")

// Defaults and limits of [Options].
const (
	// DefaultMaxLine is the default Options.MaxLine: 1 MiB.
	DefaultMaxLine = 1 << 20
	// MinMaxLine is the smallest accepted Options.MaxLine.
	MinMaxLine = 4 << 10
	// DefaultMaxDepth is the default Options.MaxDepth of JSON nesting.
	DefaultMaxDepth = 64
	// DefaultMinPhotoBytes is the default Options.MinPhotoBytes.
	DefaultMinPhotoBytes = 128
	// MinHashKeyBytes is the shortest accepted Options.HashKey (256 bits).
	MinHashKeyBytes = 32
	// maxKeyLen is the longest key name that can be sensitive.
	maxKeyLen = 64
	// hashBytes is how many bytes of the HMAC a hash tag shows (16 hex digits).
	hashBytes = 8
)

// Options configures a [Redactor]. A nil *Options, or the zero value, gives
// every detector in [Mask] mode with the default key set.
type Options struct {
	// Mode is the mode of every detector not listed in Modes, except [IP],
	// which is off unless Modes names it. Default Mask.
	Mode Mode
	// Modes overrides Mode for single detectors, for example
	// {redact.Aadhaar: redact.Partial, redact.Email: redact.Off}.
	Modes map[Kind]Mode

	// HashKey is the HMAC-SHA-256 key of [Hash] mode, at least 32 bytes.
	// Required when any detector uses Hash; ignored otherwise.
	HashKey []byte
	// HashKeyID names HashKey in every tag ("k1" in "[AADHAAR:k1:…]") so
	// tags made under different keys are never compared. 1 to 16 characters
	// from [A-Za-z0-9_-]. Required with HashKey.
	HashKeyID string

	// ExtraKeys adds key names whose values are redacted as [Field] in JSON
	// and key=value text, at any depth. Matching ignores ASCII case and the
	// separators '_' and '-': "first_name", "firstName" and "First-Name"
	// are one key.
	ExtraKeys []string
	// ExtraSecretKeys adds key names whose values are redacted as [Secret].
	ExtraSecretKeys []string
	// IgnoreKeys removes names from the default sets ([DefaultKeys],
	// [DefaultSecretKeys]) and from the two lists above, and keeps the
	// token rules (see ExactKeys) from matching them.
	IgnoreKeys []string
	// ExactKeys turns off matching key names by their tokens: only the
	// names of the sets above are sensitive. By default a name outside
	// them is split into words ("customer_name", "nameOnCard",
	// "bankAccountNumber") and is sensitive when its last word is (a
	// name, an address, an account or card number, a password…), unless a
	// safe-list says otherwise ("file_name", "ip_address"); see the
	// package documentation.
	ExactKeys bool

	// MinPhotoBytes is the smallest decoded size, in bytes, at which a
	// base64 photo or document is replaced. Default [DefaultMinPhotoBytes].
	MinPhotoBytes int
	// MaxDepth caps JSON nesting; deeper input is treated as invalid JSON
	// and scanned as free text. Default [DefaultMaxDepth].
	MaxDepth int
	// MaxLine caps the memory of [NewWriter]: a line longer than this is
	// scanned and written in pieces. Default [DefaultMaxLine], minimum
	// [MinMaxLine].
	MaxLine int
}

// DefaultKeys returns the default names of sensitive keys, drawn from the
// Indian KYC vendor APIs (Aadhaar offline e-KYC, DigiLocker, 1Kosmos,
// AccuAuth and similar) and the OpenID Connect / SD-JWT claim names. Their
// values are replaced whole, even objects and arrays, except where the
// value shows the key means something else: "result" only when it is an
// object or array, "image", "photo", "signature"… only when they hold
// encoded data, "uid" only with 10 or more digits, "pc" only with a
// six-digit PIN code, and "name" not when it is a logger's name in a log
// record. Key matching ignores ASCII case and '_'/'-', so "first_name"
// also covers 1Kosmos's "firstName"; names outside this list match by
// their words (see [Options].ExactKeys).
func DefaultKeys() []string {
	return []string{
		"name", "full_name", "first_name", "middle_name", "last_name",
		"given_name", "family_name", "surname",
		"father_name", "mother_name", "spouse_name", "care_of",
		"dob", "date_of_birth", "birth_date", "birthdate", "yob", "gender",
		"mobile", "mobile_number", "phone", "phone_number",
		"email", "email_id",
		"address", "full_address", "street_address", "house", "street", "landmark", "locality",
		"city", "vtc", "po", "subdist", "dist", "district", "pincode", "pc", "postal_code", "zip_code",
		"document_id", "document_number",
		"user_photo", "profile_image", "photo", "pht", "face", "image", "imageback", "imagefront", "signature",
		"share_code", "otp", "otp_code",
		"aadhaar", "aadhaar_no", "aadhaar_number", "uid", "vid", "masked_aadhaar_number",
		"pan", "pan_number", "voter_id", "epic", "passport", "passport_number",
		"raw_xml", "xml", "zip_data", "aadhaar_pdf", "pdf", "result",
	}
}

// DefaultSecretKeys returns the default names of keys and headers that hold
// credentials: 1Kosmos licensekey/requestid, AccuAuth X-DF-API-SECRET, the
// usual API secrets, Authorization and Cookie headers, card CVVs. Their
// values are replaced as [Secret]; requestid only in a 1Kosmos context: its
// value is an envelope, or the line also carries a licensekey (a generic
// request_id is no secret).
func DefaultSecretKeys() []string {
	return []string{
		"licensekey", "requestid", "x-df-api-secret", "x-df-api-key",
		"api_key", "apikey", "x-api-key", "api_secret", "client_secret", "secret",
		"password", "passwd", "private_key", "privatekey",
		"access_token", "refresh_token", "id_token", "session_token",
		"authorization", "proxy-authorization", "cookie", "set-cookie", "cvv", "cvc", "mpin",
	}
}

// Redactor finds and replaces personal data. It is immutable and safe for
// concurrent use.
type Redactor struct {
	modes     [numKinds]Mode
	keys      strTab[keyInfo] // by normalized name (see normKey); kind 0: never sensitive
	tokenKeys bool            // names not in keys go through the token rules (keys.go)
	minPhoto  int
	maxDepth  int
	maxLine   int
	keyID     string
	macs      *sync.Pool // of hash.Hash, nil without a key
	stats     *Stats
	inertHash bool      // hash tags hold no word a rule reads (see hashTagsInert)
	keyCache  *keyCache // decisions of lookupKey, shared by the copies of r
	scanAll   bool      // scan free text at every position, and validate a kept JSON object before scanning it (tests: the reference of fastscan.go and object)
	anyText   bool      // some free-text detector is on
	digitKeys bool      // some key of the exact set ends with a digit
	inner     *Redactor // r without the Encoded detector and stats: looks inside base64 JSON
}

// New returns a Redactor for opts (nil for defaults).
func New(opts *Options) (*Redactor, error) {
	if opts == nil {
		opts = &Options{}
	}
	r := &Redactor{
		minPhoto: opts.MinPhotoBytes,
		maxDepth: opts.MaxDepth,
		maxLine:  opts.MaxLine,
	}
	if r.minPhoto <= 0 {
		r.minPhoto = DefaultMinPhotoBytes
	}
	if r.maxDepth <= 0 {
		r.maxDepth = DefaultMaxDepth
	}
	if r.maxLine == 0 {
		r.maxLine = DefaultMaxLine
	}
	if r.maxLine < MinMaxLine {
		return nil, fmt.Errorf("%w: MaxLine below %d", ErrOptions, MinMaxLine)
	}
	if opts.Mode > Off {
		return nil, fmt.Errorf("%w: Mode", ErrOptions)
	}
	useHash := false
	for k := Kind(1); k < numKinds; k++ {
		r.modes[k] = opts.Mode
	}
	r.modes[IP] = Off // opt-in: only Modes turns it on
	for k, m := range opts.Modes {
		if k == 0 || k >= numKinds {
			return nil, fmt.Errorf("%w: Modes: unknown detector %d", ErrOptions, uint8(k))
		}
		if m > Off {
			return nil, fmt.Errorf("%w: Modes: unknown mode for %s", ErrOptions, k)
		}
		r.modes[k] = m
	}
	for k := Kind(1); k < numKinds; k++ {
		if r.modes[k] == Hash {
			useHash = true
		}
		if r.modes[k] != Off && k != Field && k != Secret {
			r.anyText = true
		}
	}
	if useHash {
		if len(opts.HashKey) < MinHashKeyBytes {
			return nil, fmt.Errorf("%w: HashKey shorter than %d bytes", ErrOptions, MinHashKeyBytes)
		}
		if !validKeyID(opts.HashKeyID) {
			return nil, fmt.Errorf("%w: HashKeyID must be 1-16 characters of [A-Za-z0-9_-]", ErrOptions)
		}
		key := append([]byte(nil), opts.HashKey...)
		r.keyID = opts.HashKeyID
		r.inertHash = hashTagsInert(r.keyID)
		r.macs = &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}
	}

	keys := make(map[string]keyInfo)
	r.tokenKeys = !opts.ExactKeys
	var buf [maxKeyLen]byte
	norm := func(n string) (string, error) {
		if len(n) > maxKeyLen {
			return "", fmt.Errorf("%w: key names must be 1-%d bytes", ErrOptions, maxKeyLen)
		}
		l := normKey(&buf, []byte(n))
		if len(l) == 0 {
			return "", fmt.Errorf("%w: key names must hold a character other than '_' and '-'", ErrOptions)
		}
		return string(l), nil
	}
	for _, n := range plainKeys {
		keys[n] = keyInfo{}
	}
	for _, n := range traceKeys {
		keys[n] = keyInfo{rule: ruleTraceID}
	}
	keys["data"] = keyInfo{kind: Secret, rule: ruleEnvelope}
	for _, set := range []struct {
		names []string
		kind  Kind
		extra bool
	}{
		{DefaultKeys(), Field, false}, {DefaultSecretKeys(), Secret, false},
		{opts.ExtraKeys, Field, true}, {opts.ExtraSecretKeys, Secret, true},
	} {
		for _, n := range set.names {
			l, err := norm(n)
			if err != nil {
				return nil, err
			}
			info := keyInfo{kind: set.kind}
			if !set.extra {
				info.rule = exactRules[l]
			}
			switch l {
			case "authorization", "proxyauthorization", "cookie", "setcookie":
				info.eol = true
			}
			keys[l] = info
			if isDigit(l[len(l)-1]) {
				r.digitKeys = true
			}
		}
	}
	for _, n := range opts.IgnoreKeys {
		l, err := norm(n)
		if err != nil {
			return nil, err
		}
		keys[l] = keyInfo{}
	}
	r.keys = newStrTab(keys)
	r.keyCache = new(keyCache)
	if r.modes[Encoded] != Off {
		in := *r
		in.modes[Encoded] = Off
		for k := Kind(1); k < numKinds; k++ {
			if in.modes[k] != Off {
				in.modes[k] = Mask // only whether anything matches counts
			}
		}
		in.macs = nil
		r.inner = &in
	}
	return r, nil
}

func validKeyID(s string) bool {
	if len(s) == 0 || len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Mode returns the mode of detector k.
func (r *Redactor) Mode(k Kind) Mode {
	if k == 0 || k >= numKinds {
		return Off
	}
	return r.modes[k]
}

// MaxLine returns the line cap used by [NewWriter].
func (r *Redactor) MaxLine() int { return r.maxLine }

// WithStats returns a copy of r that counts its replacements in s. The copy
// shares everything else with r. s may be shared by several redactors and
// goroutines.
func (r *Redactor) WithStats(s *Stats) *Redactor {
	c := *r
	c.stats = s
	return &c
}

// Redact appends the redacted form of src to dst and returns the extended
// buffer. src is one log line or record; it may be JSON (an object or array,
// possibly with surrounding spaces) or free text. When nothing matches, the
// result is dst with src appended, and Redact allocates nothing if dst has
// room. dst and src must not overlap.
//
// Redaction is idempotent: redacting the result again changes nothing. A
// token's neighbours decide whether it matches ("ravi@ybl" before
// ".ABCPE1234F" is a UPI id once the PAN is a tag), so when a pass replaced
// something next to which a decision may change, its output is scanned
// again, up to [maxPasses] passes, and a candidate that only stands out
// next to a tag is caught in the same call. A line with nothing to redact,
// or whose replacements stand apart from everything a detector reads
// (most lines: see settled.go), is scanned once.
func (r *Redactor) Redact(dst, src []byte) []byte {
	base := len(dst)
	out, changed, unsettled := r.redactOnce(dst, src)
	if changed && unsettled {
		out = r.settle(out, base)
	}
	return out
}

// maxPasses bounds the passes of [Redactor.Redact] over one line.
const maxPasses = 4

// redactOnce is one pass of Redact; it reports whether anything matched,
// and whether the output may need another pass (see settled.go).
func (r *Redactor) redactOnce(dst, src []byte) (out []byte, changed, unsettled bool) {
	// Fields set one by one: a composite literal is built in a temporary
	// and copied, and the copy's wide loads stall on the narrow stores
	// just made (store forwarding), a measurable cost per line.
	var e emitter
	e.r, e.src, e.dst, e.base = r, src, dst, len(dst)
	if !r.tryJSON(&e) {
		e.reset()
		r.scanText(&e, 0, len(src))
	}
	return e.finish(), e.changed, e.unsettled || e.envelope == 2
}

// rescanPool holds the copies settle scans, so that re-scanning allocates
// nothing in the steady state.
var rescanPool = sync.Pool{New: func() any { return new([]byte) }}

// settle re-scans out[base:], the output of a pass that changed something,
// until a pass changes nothing or proves that the next one would not (see
// settled.go), or maxPasses passes ran in all.
func (r *Redactor) settle(out []byte, base int) []byte {
	bp := rescanPool.Get().(*[]byte)
	changed, unsettled := true, true
	for pass := 1; changed && unsettled && pass < maxPasses; pass++ {
		*bp = append((*bp)[:0], out[base:]...)
		out, changed, unsettled = r.redactOnce(out[:base], *bp)
	}
	if cap(*bp) <= 1<<20 { // do not keep huge lines alive in the pool
		rescanPool.Put(bp)
	}
	return out
}

// redactWindow redacts one window of a line too long to hold whole (see
// [NewWriter]) with the free-text detectors. src[:from] is context that an
// earlier window wrote out: detectors see it (a key before its value, the
// first groups of a number) but nothing of it is written again, except the
// rest of a match that starts in it and ends after from, which is
// replaced. Matches may start before stop; src[from:cut] is written, and
// further to the end of a match that starts before stop and ends after
// cut. All of src is visible to the detectors as right context. It
// returns the output and the end of what it wrote (at least cut).
func (r *Redactor) redactWindow(dst, src []byte, from, cut, stop int) ([]byte, int) {
	base := len(dst)
	var e emitter
	e.r, e.src, e.dst, e.base, e.skip, e.stop = r, src, dst, base, from, stop
	if stop <= 0 {
		return append(dst, src[from:cut]...), cut
	}
	r.scanText(&e, 0, len(src))
	e.release()
	end := max(cut, e.last)
	if !e.changed {
		return append(dst, src[from:end]...), end
	}
	e.flushCounts()
	out := append(e.dst, src[max(e.last, from):end]...)
	return r.settle(out, base), end
}

// RedactString is [Redactor.Redact] for strings. It returns s itself when
// nothing matches.
func (r *Redactor) RedactString(s string) string {
	out, _ := r.redactString(s)
	return out
}

// redactString is RedactString that also reports whether s changed.
func (r *Redactor) redactString(s string) (string, bool) {
	src := stringBytes(s)
	var e emitter
	e.r, e.src = r, src
	if !r.tryJSON(&e) {
		e.reset()
		r.scanText(&e, 0, len(src))
	}
	if !e.changed {
		return s, false
	}
	out := e.finish()
	if e.unsettled || e.envelope == 2 {
		out = r.settle(out, 0)
	}
	// out was allocated by this call and is never written again.
	return unsafe.String(unsafe.SliceData(out), len(out)), true
}

func (r *Redactor) mac() hash.Hash { return r.macs.Get().(hash.Hash) }

// Stats counts replacements per detector. The zero value is ready; it is
// safe for concurrent use.
type Stats struct {
	n [numKinds]atomic.Uint64
}

// Count returns how many matches of detector k were replaced.
func (s *Stats) Count(k Kind) uint64 {
	if k == 0 || k >= numKinds {
		return 0
	}
	return s.n[k].Load()
}

// Total returns the number of replacements over all detectors.
func (s *Stats) Total() uint64 {
	var t uint64
	for k := Kind(1); k < numKinds; k++ {
		t += s.n[k].Load()
	}
	return t
}

// String describes o without its HashKey, so that printing options never
// prints the key.
func (o Options) String() string {
	key := "none"
	if len(o.HashKey) > 0 {
		key = fmt.Sprintf("%d bytes", len(o.HashKey))
	}
	return fmt.Sprintf("redact.Options{Mode: %v, Modes: %v, HashKey: %s, HashKeyID: %q, ExtraKeys: %q, ExtraSecretKeys: %q, IgnoreKeys: %q, ExactKeys: %v, MinPhotoBytes: %d, MaxDepth: %d, MaxLine: %d}",
		o.Mode, o.Modes, key, o.HashKeyID, o.ExtraKeys, o.ExtraSecretKeys, o.IgnoreKeys, o.ExactKeys, o.MinPhotoBytes, o.MaxDepth, o.MaxLine)
}

// GoString is [Options.String], so that %#v does not print the key either.
func (o Options) GoString() string { return o.String() }

// LogValue logs o as [Options.String] does, without the key.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }
