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
	"strings"
	"time"

	"github.com/kyckit/kyckit/aadhaarxml"
)

var aadhaarCommand = &command{
	name:    "aadhaar",
	summary: "verify UIDAI Offline e-KYC ZIP/XML files and Secure QR codes",
	usage: `Usage:
	kyckit aadhaar verify [-share-code-file FILE | -share-code CODE] [-certs DIR] [-photo OUT] [-unverified] [-o FILE] FILE.zip|FILE.xml
	kyckit aadhaar qr     [-certs DIR] [-photo OUT] [-unverified] [-o FILE] [FILE]

Both verify the UIDAI signature against the embedded ring of UIDAI
certificates plus any in -certs DIR (never against the certificate inside
the document) and print the document as JSON, only after every check has
passed. The full Aadhaar number is never printed: documents carry only its
last 4 digits.`,
	subs: []*command{
		{
			name:    "qr",
			summary: "verify a Secure QR code (the decimal digits a scanner returns)",
			usage: `Usage: kyckit aadhaar qr [-certs DIR] [-photo OUT] [-unverified] [-o FILE] [FILE]

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
					if err != nil && o.unverified && (errors.Is(err, aadhaarxml.ErrUnknownSigner) ||
						errors.Is(err, aadhaarxml.ErrCertExpired) || errors.Is(err, aadhaarxml.ErrLegacyQR)) {
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
			usage: `Usage: kyckit aadhaar verify [-share-code-file FILE | -share-code CODE] [-certs DIR] [-photo OUT] [-unverified] [-o FILE] FILE.zip|FILE.xml

Opens the ZIP with the share code (ZipCrypto, as UIDAI makes it), or reads
the XML directly, verifies the XML signature (UIDAI profile: RSA-SHA1 over
SignedInfo, SHA-256 digest) against the pinned certificates, judges the
signing certificate's validity at the signed reference-id time, and prints
the document as JSON. -photo writes the JPEG photo to OUT.

The share code comes from -share-code-file FILE (the file's content, less a
trailing line break) or -share-code CODE (give at most one of the two);
without either, from the environment variable ` + shareCodeEnv + `. A flag
wins over the environment. -share-code puts the code on the command line,
where other users on the machine can read it (ps) and shell history keeps it:
prefer the file or the environment variable.

With -unverified, a document whose signer is unknown (or whose certificate
was not valid when it was signed) is printed anyway with "verified": false
and a warning; a document altered after signing is still refused.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				o := aadhaarFlags(fs)
				var sc shareCodeFlags
				fs.StringVar(&sc.code, "share-code", "", "the share `CODE` that protects the ZIP (visible to other users in ps and kept in shell history: prefer -share-code-file or $"+shareCodeEnv+")")
				fs.StringVar(&sc.file, "share-code-file", "", "read the share code from `FILE` (a trailing line break is dropped)")
				return func(e *env, args []string) error {
					if len(args) == 0 {
						return usagef("aadhaar verify needs a FILE.zip or FILE.xml (or - for standard input)")
					}
					shareCode, err := sc.resolve()
					if err != nil {
						return err
					}
					in, err := e.readInput(args, aadhaarxml.DefaultMaxZIPSize)
					if err != nil {
						return err
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
					if err != nil && o.unverified && (errors.Is(err, aadhaarxml.ErrUnknownSigner) || errors.Is(err, aadhaarxml.ErrCertExpired)) {
						reason := err
						if doc, err = aadhaarxml.DecodeXMLUnverified(xml); err == nil {
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
	unverified        bool
	allowExpired      bool
	strict            bool
}

func aadhaarFlags(fs *flag.FlagSet) *aadhaarOpts {
	o := &aadhaarOpts{}
	fs.StringVar(&o.certs, "certs", "", "also trust the certificates (PEM or DER) in `DIR`, e.g. UIDAI's newest key")
	fs.StringVar(&o.photo, "photo", "", "write the photo to `OUT` (JPEG for XML, JPEG 2000 for QR)")
	fs.StringVar(&o.out, "o", "", "write the JSON to `FILE` instead of standard output")
	fs.BoolVar(&o.unverified, "unverified", false, "print a document whose signer is unknown, marked \"verified\": false (inspection only)")
	fs.BoolVar(&o.allowExpired, "allow-expired-cert", false, "accept a signature made outside the certificate's validity period")
	fs.BoolVar(&o.strict, "strict", false, "refuse SHA-1 signatures (UIDAI's XML uses RSA-SHA1)")
	return o
}

func (o *aadhaarOpts) verifier() (*aadhaarxml.Verifier, error) {
	ring, err := aadhaarxml.UIDAIKeyRing()
	if err != nil {
		return nil, err
	}
	if o.certs != "" {
		if ring, err = ring.WithDir(o.certs); err != nil {
			return nil, withHint(fmt.Errorf("-certs %s: %w", o.certs, err),
				"the directory may hold only .pem, .cer, .crt or .der certificates (other files are ignored)")
		}
	}
	v := &aadhaarxml.Verifier{Certs: ring, AllowExpiredCert: o.allowExpired}
	if o.strict {
		v.Profile = aadhaarxml.ProfileStrict
	}
	return v, nil
}

func warnUnverified(e *env, reason error) {
	fmt.Fprintf(e.stderr, "kyckit: warning: SIGNATURE NOT VERIFIED (%v); output is for inspection only\n", reason)
}

// aadhaarError adds hints to the package's errors.
func aadhaarError(err error) error {
	switch {
	case errors.Is(err, aadhaarxml.ErrUnknownSigner):
		return withHint(err,
			"the signer is not in the key ring: add its certificate with -certs DIR (UIDAI rotates keys; fetch the newest from uidai.gov.in)",
			"or the document was forged; -unverified prints it for inspection, marked unverified")
	case errors.Is(err, aadhaarxml.ErrTampered):
		return withHint(err, "the document was changed after UIDAI signed it: do not trust it")
	case errors.Is(err, aadhaarxml.ErrWrongShareCode):
		return withHint(err, "check the share code the resident set when downloading the file")
	case errors.Is(err, aadhaarxml.ErrCertExpired):
		return withHint(err, "-allow-expired-cert accepts it (UIDAI has signed with expired certificates)")
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
	Last4     string             `json:"mobile_last4,omitempty"`
	Indicator *int               `json:"email_mobile_indicator,omitempty"`
}

type signerJSON struct {
	Fingerprint    string `json:"sha256"`
	Name           string `json:"name"`
	Subject        string `json:"subject"`
	NotBefore      string `json:"not_before"`
	NotAfter       string `json:"not_after"`
	ValidAtSigning bool   `json:"valid_at_signing"`
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
		j.Signer = &signerJSON{Fingerprint: s.Fingerprint, Name: s.Name, Subject: s.Subject,
			NotBefore: s.NotBefore.UTC().Format(time.RFC3339), NotAfter: s.NotAfter.UTC().Format(time.RFC3339),
			ValidAtSigning: s.ValidAtSigning}
	}
	if len(d.Photo) > 0 {
		sum := sha256.Sum256(d.Photo)
		j.Photo = &photoJSON{Format: d.PhotoFormat.String(), Bytes: len(d.Photo), SHA256: hex.EncodeToString(sum[:])}
	}
	out, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	if o.photo != "" {
		if len(d.Photo) == 0 {
			return withHint(errors.New("the document carries no photo"), "drop -photo")
		}
		if _, err := e.output(o.photo).Write(d.Photo); err != nil {
			return err
		}
	}
	_, err = e.output(o.out).Write(append(out, '\n'))
	return err
}
