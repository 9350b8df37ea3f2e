package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kyckit/kyckit/aadhaarxml"
	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/normalize"
)

var aadhaarCommand = &command{
	name:    "aadhaar",
	summary: "verify UIDAI Offline e-KYC ZIP/XML files and Secure QR codes",
	usage: `Usage:
	kyckit aadhaar verify [-share-code-file FILE | -share-code CODE] [key and time flags] [-photo OUT] [-unverified] [-normalize] [-o FILE] [FILE.zip|FILE.xml]
	kyckit aadhaar qr     [key and time flags] [-photo OUT] [-unverified] [-normalize] [-o FILE] [FILE]

Both verify the UIDAI signature against the embedded ring of UIDAI keys
plus any in -certs DIR (never against the certificate inside the document)
and print the document as JSON, only after every check has passed; with
-normalize, as a normalize record (OIDC claims and Identity Assurance),
whose outcome is verified only when the signature was. The full Aadhaar
number is never printed: documents carry only its last 4 digits.

Each ring key has a signing window: its certificate's validity, extended
where UIDAI is documented signing with it after the certificate expired.
The document's signed time (its reference id) must fall in the window of
the key that verified it; -key-until extends a window, -strict-validity
judges by the certificate's X.509 validity instead.`,
	subs: []*command{
		{
			name:    "qr",
			summary: "verify a Secure QR code (the decimal digits a scanner returns)",
			usage: `Usage: kyckit aadhaar qr [-certs DIR] [-key-until NAME=DATE] [-strict-validity] [-at TIME] [-photo OUT] [-unverified] [-normalize] [-o FILE] [FILE]

Reads the QR's decimal digits from FILE or standard input, verifies the
RSA-SHA256 signature against the pinned certificates, and prints the
decoded fields as JSON. The photo is a JPEG 2000 codestream; -photo writes
it to OUT. The old unsigned XML QR (PrintLetterBarcodeData) is refused
unless -unverified is given, and its full number is masked on reading.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				o := aadhaarFlags(fs)
				return func(e *env, args []string) error {
					in, err := e.readInput(args, 1<<20)
					if err != nil {
						return err
					}
					v, err := o.verifier()
					if err != nil {
						return err
					}
					doc, err := v.VerifyQR(string(in))
					if err != nil && o.unverified && (signerRefused(err) || errors.Is(err, aadhaarxml.ErrLegacyQR)) {
						reason := err
						if doc, err = aadhaarxml.DecodeQRUnverified(string(in)); err == nil {
							warnUnverified(e, reason)
						}
					}
					if err != nil {
						return aadhaarError(err)
					}
					return writeDocument(e, o, doc)
				}
			},
		},
		{
			name:    "verify",
			summary: "verify an Offline e-KYC ZIP (with its share code) or XML",
			usage: `Usage: kyckit aadhaar verify [-share-code-file FILE | -share-code CODE] [-certs DIR] [-key-until NAME=DATE] [-strict-validity] [-at TIME] [-photo OUT] [-unverified] [-normalize] [-o FILE] [FILE.zip|FILE.xml]

Opens the ZIP with the share code (ZipCrypto, as UIDAI makes it), or reads
the XML directly (from FILE, or standard input when FILE is absent or -),
checks the reference digest, verifies the XML signature (UIDAI profile:
RSA-SHA1 over SignedInfo, SHA-256 digest) against the pinned keys, judges
the signing key at the signed reference-id time (its signing window, or
with -strict-validity its certificate's validity), and prints the document
as JSON. -photo writes the JPEG photo to OUT.

The share code comes from -share-code-file FILE (the file's content, less a
trailing line break) or -share-code CODE (give at most one of the two);
without either, from the environment variable ` + shareCodeEnv + `. A flag
wins over the environment. -share-code puts the code on the command line,
where other users on the machine can read it (ps) and shell history keeps it:
prefer the file or the environment variable.

With -unverified, a document whose signer is unknown (or whose key may not
sign at the signed time) is printed anyway with "verified": false and a
warning; a document altered after signing is still refused: -unverified
skips the signer, never the digest.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				o := aadhaarFlags(fs)
				var sc shareCodeFlags
				fs.StringVar(&sc.code, "share-code", "", "the share `CODE` that protects the ZIP (visible to other users in ps and kept in shell history: prefer -share-code-file or $"+shareCodeEnv+")")
				fs.StringVar(&sc.file, "share-code-file", "", "read the share code from `FILE` (a trailing line break is dropped)")
				return func(e *env, args []string) error {
					shareCode, err := sc.resolve()
					if err != nil {
						return err
					}
					in, err := e.readInput(args, aadhaarxml.DefaultMaxZIPSize)
					if err != nil {
						return err
					}
					if len(bytes.TrimSpace(in)) == 0 {
						return usagef("aadhaar verify: empty input: give a FILE.zip or FILE.xml, or pipe one on standard input")
					}
					v, err := o.verifier()
					if err != nil {
						return err
					}
					xml := in
					if bytes.HasPrefix(in, []byte("PK\x03\x04")) {
						if shareCode == "" {
							return usagef("the input is a ZIP: give its share code with -share-code-file FILE, $%s or -share-code CODE", shareCodeEnv)
						}
						if xml, err = aadhaarxml.OpenZIP(in, shareCode, nil); err != nil {
							return aadhaarError(err)
						}
					}
					doc, err := v.VerifyXML(xml)
					if err != nil && o.unverified && signerRefused(err) {
						// Only the signer is skipped: InspectXML still
						// checks the shape and the reference digest.
						reason := err
						if doc, err = v.InspectXML(xml); err == nil {
							warnUnverified(e, reason)
						}
					}
					if err != nil {
						return aadhaarError(err)
					}
					return writeDocument(e, o, doc)
				}
			},
		},
	},
}

// shareCodeEnv names the environment variable aadhaar verify reads the
// share code from when no flag gives it.
const shareCodeEnv = "KYCKIT_SHARE_CODE"

// maxShareCodeFile caps -share-code-file: a share code is a few characters.
const maxShareCodeFile = 1 << 10

// shareCodeFlags are aadhaar verify's two ways to give the share code.
type shareCodeFlags struct {
	code, file string
}

// resolve returns the share code: -share-code or -share-code-file (not
// both), else $KYCKIT_SHARE_CODE, else "". The code never goes into an
// error message.
func (s *shareCodeFlags) resolve() (string, error) {
	switch {
	case s.code != "" && s.file != "":
		return "", usagef("give the share code once: -share-code-file or -share-code, not both")
	case s.code != "":
		return s.code, nil
	case s.file != "":
		b, err := readFile(s.file, "share code file", maxShareCodeFile)
		if err != nil {
			return "", err
		}
		code := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
		if code == "" {
			return "", withHint(fmt.Errorf("share code file %s is empty", s.file),
				"write the share code the resident set when downloading the ZIP into the file")
		}
		return code, nil
	}
	return os.Getenv(shareCodeEnv), nil
}

// aadhaarOpts are the flags both subcommands share.
type aadhaarOpts struct {
	certs, photo, out string
	at                string
	keyUntil          keyUntilFlag
	unverified        bool
	allowExpired      bool
	strict            bool
	strictValidity    bool
	normalize         bool
}

func aadhaarFlags(fs *flag.FlagSet) *aadhaarOpts {
	o := &aadhaarOpts{}
	fs.StringVar(&o.certs, "certs", "", "also trust the certificates and public keys (PEM or DER) in `DIR`, e.g. UIDAI's newest key")
	fs.Var(&o.keyUntil, "key-until", "`NAME=DATE`: extend the signing window of ring key NAME to DATE (YYYY-MM-DD, end of that day in IST, or RFC 3339); repeatable")
	fs.BoolVar(&o.strictValidity, "strict-validity", false, "judge the signing key by its certificate's X.509 validity at the signed time, not by its signing window")
	fs.StringVar(&o.at, "at", "", "verify as of `TIME` (RFC 3339) instead of now: the clock that refuses documents signed in the future")
	fs.StringVar(&o.photo, "photo", "", "write the photo to the file `OUT` (JPEG for XML, JPEG 2000 for QR)")
	fs.StringVar(&o.out, "o", "", "write the JSON to `FILE` instead of standard output")
	fs.BoolVar(&o.unverified, "unverified", false, "print a document whose signer is unknown, marked \"verified\": false (inspection only; the digest is still checked)")
	fs.BoolVar(&o.allowExpired, "allow-expired-cert", false, "accept a signature by a ring key whatever the signed time (outside its window or validity)")
	fs.BoolVar(&o.strict, "strict", false, "refuse SHA-1 signatures (UIDAI's XML uses RSA-SHA1)")
	fs.BoolVar(&o.normalize, "normalize", false, "print a normalize record (OIDC claims and Identity Assurance) instead of the document JSON")
	return o
}

// keyUntilFlag collects -key-until NAME=DATE.
type keyUntilFlag []struct {
	name  string
	until time.Time
}

func (k *keyUntilFlag) String() string { return "" }

func (k *keyUntilFlag) Set(s string) error {
	name, date, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return fmt.Errorf("want NAME=DATE, got %q", s)
	}
	t, err := parseDay(date)
	if err != nil {
		return err
	}
	*k = append(*k, struct {
		name  string
		until time.Time
	}{name, t})
	return nil
}

// aadhaarIST is India Standard Time, UIDAI's zone.
var aadhaarIST = time.FixedZone("IST", 5*3600+30*60)

// parseDay reads YYYY-MM-DD (the end of that day in IST) or RFC 3339.
func parseDay(s string) (time.Time, error) {
	if d, err := time.ParseInLocation("2006-01-02", s, aadhaarIST); err == nil {
		return d.Add(24*time.Hour - time.Millisecond), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither YYYY-MM-DD nor an RFC 3339 time", s)
	}
	return t, nil
}

func (o *aadhaarOpts) verifier() (*aadhaarxml.Verifier, error) {
	ring, err := aadhaarxml.UIDAIKeyRing()
	if err != nil {
		return nil, err
	}
	if o.certs != "" {
		if ring, err = ring.WithDir(o.certs); err != nil {
			return nil, withHint(fmt.Errorf("-certs %s: %w", o.certs, err),
				"the directory may hold only .pem, .cer, .crt, .der or .pub certificates and public keys (other files are ignored)")
		}
	}
	for _, ku := range o.keyUntil {
		w, ok := ring.Window(ku.name)
		if !ok {
			return nil, usagef("-key-until: no key %q in the ring (keys: %s)", ku.name, strings.Join(ring.Names(), ", "))
		}
		w.Until, w.Evidence = ku.until, "extended with -key-until"
		if ring, err = ring.WithWindow(ku.name, w); err != nil {
			return nil, usagef("-key-until %s: %v", ku.name, err)
		}
	}
	v := &aadhaarxml.Verifier{Certs: ring, AllowExpiredCert: o.allowExpired}
	if o.strict {
		v.Profile = aadhaarxml.ProfileStrict
	}
	if o.strictValidity {
		v.Validity = aadhaarxml.ValidityStrict
	}
	if o.at != "" {
		at, err := time.Parse(time.RFC3339, o.at)
		if err != nil {
			return nil, usagef("-at: %q is not an RFC 3339 time", o.at)
		}
		v.Now = func() time.Time { return at }
	}
	return v, nil
}

// signerRefused reports the errors -unverified may pass over: who signed,
// and whether that key may sign at the signed time; never integrity.
func signerRefused(err error) bool {
	return errors.Is(err, aadhaarxml.ErrUnknownSigner) || errors.Is(err, aadhaarxml.ErrOutsideWindow) ||
		errors.Is(err, aadhaarxml.ErrCertExpired)
}

func warnUnverified(e *env, reason error) {
	fmt.Fprintf(e.stderr, "kyckit: warning: SIGNATURE NOT VERIFIED (%v); output is for inspection only\n", reason)
}

// aadhaarError adds hints to the package's errors. The time errors carry
// the times in their text (the signed time, the window or validity, the
// clock); the hints say which rule refused and what changes it.
func aadhaarError(err error) error {
	switch {
	case errors.Is(err, aadhaarxml.ErrUnknownSigner):
		return withHint(err,
			"the signer is not in the key ring: add its certificate or public key with -certs DIR (UIDAI rotates keys; fetch the newest from uidai.gov.in)",
			"or the document was forged; -unverified prints it for inspection, marked unverified")
	case errors.Is(err, aadhaarxml.ErrTampered):
		return withHint(err, "the document was changed after UIDAI signed it: do not trust it")
	case errors.Is(err, aadhaarxml.ErrWrongShareCode):
		return withHint(err, "check the share code the resident set when downloading the file")
	case errors.Is(err, aadhaarxml.ErrOutsideWindow):
		return withHint(err,
			"refused by the signing-window rule: the key that verified the signature is not known to sign at that time",
			"if UIDAI is known to have signed with it then, extend its window with -key-until NAME=YYYY-MM-DD; -allow-expired-cert accepts any signed time")
	case errors.Is(err, aadhaarxml.ErrCertExpired):
		return withHint(err,
			"refused by the strict X.509 validity rule (-strict-validity): UIDAI has signed with keys whose certificate had expired",
			"without -strict-validity the key's signing window applies; -allow-expired-cert accepts any signed time")
	case errors.Is(err, aadhaarxml.ErrFutureTimestamp):
		return withHint(err, "the document claims to be signed after this machine's clock: check the clock, or verify as of a time with -at RFC3339")
	case errors.Is(err, aadhaarxml.ErrLegacyQR):
		return withHint(err, "-unverified decodes it (unsigned; the full number is masked)")
	}
	return err
}

// docJSON is the JSON form of a document. It never holds the full Aadhaar
// number (documents do not carry it) nor the photo bytes (-photo writes
// them).
type docJSON struct {
	Source    string             `json:"source"`
	Verified  bool               `json:"verified"`
	Signer    *signerJSON        `json:"signer,omitempty"`
	Number    string             `json:"masked_number,omitempty"`
	Generated string             `json:"generated,omitempty"`
	QRVersion int                `json:"qr_version,omitempty"`
	Name      string             `json:"name"`
	DOB       string             `json:"dob,omitempty"`
	Gender    string             `json:"gender,omitempty"`
	Address   aadhaarxml.Address `json:"address"`
	Photo     *photoJSON         `json:"photo,omitempty"`
	Email     string             `json:"email_hash,omitempty"`
	Mobile    string             `json:"mobile_hash,omitempty"`
	QRHashes  []string           `json:"qr_hashes,omitempty"` // hashes after a QR photo the indicator does not assign
	Last4     string             `json:"mobile_last4,omitempty"`
	Indicator *int               `json:"email_mobile_indicator,omitempty"`
}

type signerJSON struct {
	Fingerprint    string `json:"sha256"`
	SPKI           string `json:"spki_sha256"`
	Name           string `json:"name"`
	Subject        string `json:"subject,omitempty"`
	KeyOnly        bool   `json:"key_only,omitempty"`
	NotBefore      string `json:"not_before,omitempty"`
	NotAfter       string `json:"not_after,omitempty"`
	WindowFrom     string `json:"window_from,omitempty"`
	WindowUntil    string `json:"window_until,omitempty"`
	InWindow       bool   `json:"in_window"`
	ValidAtSigning bool   `json:"valid_at_signing"`
}

// rfc3339 formats t in UTC, "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

type photoJSON struct {
	Format string `json:"format"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

func writeDocument(e *env, o *aadhaarOpts, d *aadhaarxml.Document) error {
	j := docJSON{
		Source: d.Source.String(), Verified: d.Verified, Number: d.MaskedNumber(),
		QRVersion: d.QRVersion, Name: d.Name, DOB: d.DOB.ISO(), Gender: d.Gender,
		Address: d.Address, Email: hex.EncodeToString(d.EmailHash), Mobile: hex.EncodeToString(d.MobileHash),
		Last4: d.MobileLast4,
	}
	if !d.Reference.Time.IsZero() {
		j.Generated = d.Reference.Time.Format("2006-01-02T15:04:05.000Z07:00")
	}
	if d.EmailMobileIndicator >= 0 {
		j.Indicator = &d.EmailMobileIndicator
	}
	if s := d.Signer; s != nil {
		j.Signer = &signerJSON{Fingerprint: s.Fingerprint, SPKI: s.SPKIFingerprint, Name: s.Name, Subject: s.Subject,
			KeyOnly: s.KeyOnly, NotBefore: rfc3339(s.NotBefore), NotAfter: rfc3339(s.NotAfter),
			WindowFrom: rfc3339(s.Window.From), WindowUntil: rfc3339(s.Window.Until),
			InWindow: s.InWindow, ValidAtSigning: s.ValidAtSigning}
	}
	if d.EmailHash == nil && d.MobileHash == nil {
		for _, h := range d.QRHashes {
			j.QRHashes = append(j.QRHashes, hex.EncodeToString(h))
		}
	}
	if len(d.Photo) > 0 {
		sum := sha256.Sum256(d.Photo)
		j.Photo = &photoJSON{Format: d.PhotoFormat.String(), Bytes: len(d.Photo), SHA256: hex.EncodeToString(sum[:])}
	}
	var v any = j
	if o.normalize {
		rec, err := documentRecord(d)
		if err != nil {
			return err
		}
		v = rec
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	out = append(out, '\n')
	toStdout := o.out == "" || o.out == "-"
	var files []pendingFile
	if o.photo != "" {
		if len(d.Photo) == 0 {
			return withHint(errors.New("the document carries no photo"), "drop -photo")
		}
		switch fi, err := os.Stat(o.photo); {
		case o.photo == "-":
			if toStdout {
				return usagef("-photo - and the JSON cannot both go to standard output: add -o FILE")
			}
		case err == nil && fi.IsDir():
			return usagef("-photo %s is a directory: give a file name, such as %s", o.photo,
				filepath.Join(o.photo, "photo"+d.PhotoFormat.Ext()))
		case o.photo == o.out:
			return usagef("-photo and -o name the same file")
		default:
			files = append(files, pendingFile{&outputFile{path: o.photo}, d.Photo})
		}
	}
	if !toStdout {
		files = append(files, pendingFile{&outputFile{path: o.out}, out})
	}
	// Files are written to temporary names and renamed into place
	// together; standard output is written last. Nothing is printed and no
	// file is left unless every step succeeded.
	if err := commitTogether(e, files); err != nil {
		return err
	}
	switch {
	case o.photo == "-":
		_, err = e.stdout.Write(d.Photo)
	case toStdout:
		_, err = e.stdout.Write(out)
	}
	return err
}

// pendingFile is an output file and what goes into it.
type pendingFile struct {
	f    *outputFile
	data []byte
}

// commitTogether writes each file's data to a temporary file, then renames
// them all into place. If any step fails (or the command was interrupted)
// every temporary file is removed and every file already renamed is
// deleted again, so a failure leaves no partial output.
func commitTogether(e *env, files []pendingFile) error {
	abort := func(committed int) {
		for i, p := range files {
			if i < committed {
				os.Remove(p.f.path)
			} else {
				p.f.abort()
			}
		}
	}
	for _, p := range files {
		if _, err := p.f.Write(p.data); err != nil {
			abort(0)
			return err
		}
	}
	if err := e.ctx.Err(); err != nil {
		abort(0)
		return err
	}
	for i, p := range files {
		if err := p.f.commit(); err != nil {
			abort(i)
			return err
		}
	}
	return nil
}

// documentRecord maps a document onto a normalize record through package
// kyc: the typed hand-over, no re-parsing; SignatureVerified comes from
// the verifier only.
func documentRecord(d *aadhaarxml.Document) (*normalize.Record, error) {
	if d.Source == aadhaarxml.SourceOfflineXML {
		in, err := kyc.OfflineEKYC(d)
		if err != nil {
			return nil, err
		}
		return normalize.FromOfflineEKYC(in, nil), nil
	}
	in, err := kyc.SecureQR(d)
	if err != nil {
		return nil, err
	}
	return normalize.FromSecureQR(in, nil), nil
}
