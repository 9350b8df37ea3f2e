package redact

import (
	"fmt"
	"strings"
)

// Kind names a detector. Each detector has its own [Mode] and its own
// counter in [Stats].
type Kind uint8

// The detectors. The zero Kind is not a detector.
const (
	Aadhaar    Kind = iota + 1 // 12-digit Aadhaar number, Verhoeff-checked
	VID                        // 16-digit Virtual ID, Verhoeff-checked
	PAN                        // Permanent Account Number, AAAAA9999A
	Mobile                     // Indian mobile number, +91/91/0 prefixes
	Email                      // e-mail address
	UPI                        // UPI id (handle@psp)
	GSTIN                      // GST identification number, check character verified
	EPIC                       // voter id (Electors Photo Identity Card), Luhn-checked
	Passport                   // Indian passport number, only next to the word "passport"
	JWT                        // JSON Web Token (also the issuer JWT and KB-JWT of an SD-JWT)
	Disclosure                 // SD-JWT disclosure (base64url of ["salt","name",value])
	Bearer                     // the credential after "Bearer " or "Basic "
	Secret                     // values of secret keys: licensekey, requestid, X-DF-API-SECRET, 1Kosmos envelopes…
	PrivateKey                 // PEM private key block
	Photo                      // base64 JPEG, PNG, JPEG 2000, PDF or ZIP above a size
	Field                      // value of a sensitive JSON or key=value key (name, dob, address…)
	Card                       // payment card number, Luhn-checked, with an issuer prefix
	Account                    // bank account number, only next to an IFSC code
	DL                         // Indian driving licence number (state code, RTO, year, serial)
	Vehicle                    // Indian vehicle registration number (state code, RTO, series, number; BH series)
	IP                         // IPv4 or IPv6 address; opt-in: off unless Options.Modes names it
	Encoded                    // base64 of JSON that holds personal data

	numKinds = iota + 1
)

var kindNames = [numKinds]string{
	Aadhaar:    "AADHAAR",
	VID:        "VID",
	PAN:        "PAN",
	Mobile:     "MOBILE",
	Email:      "EMAIL",
	UPI:        "UPI",
	GSTIN:      "GSTIN",
	EPIC:       "EPIC",
	Passport:   "PASSPORT",
	JWT:        "JWT",
	Disclosure: "DISCLOSURE",
	Bearer:     "TOKEN",
	Secret:     "SECRET",
	PrivateKey: "PRIVATE KEY",
	Photo:      "PHOTO",
	Field:      "REDACTED",
	Card:       "CARD",
	Account:    "ACCOUNT",
	DL:         "DL",
	Vehicle:    "VEHICLE",
	IP:         "IP",
	Encoded:    "ENCODED",
}

// kindFlagNames are the lowercase names accepted by [ParseKind].
var kindFlagNames = [numKinds]string{
	Aadhaar:    "aadhaar",
	VID:        "vid",
	PAN:        "pan",
	Mobile:     "mobile",
	Email:      "email",
	UPI:        "upi",
	GSTIN:      "gstin",
	EPIC:       "epic",
	Passport:   "passport",
	JWT:        "jwt",
	Disclosure: "disclosure",
	Bearer:     "bearer",
	Secret:     "secret",
	PrivateKey: "privatekey",
	Photo:      "photo",
	Field:      "field",
	Card:       "card",
	Account:    "account",
	DL:         "dl",
	Vehicle:    "vehicle",
	IP:         "ip",
	Encoded:    "encoded",
}

// Kinds returns every detector, in a stable order.
func Kinds() []Kind {
	ks := make([]Kind, 0, numKinds-1)
	for k := Kind(1); k < numKinds; k++ {
		ks = append(ks, k)
	}
	return ks
}

// String returns the lowercase name of k, as accepted by [ParseKind].
func (k Kind) String() string {
	if k == 0 || k >= numKinds {
		return fmt.Sprintf("kind(%d)", uint8(k))
	}
	return kindFlagNames[k]
}

// Label returns the tag used in replacements, such as "AADHAAR".
func (k Kind) Label() string {
	if k == 0 || k >= numKinds {
		return "REDACTED"
	}
	return kindNames[k]
}

// ParseKind parses a detector name as printed by [Kind.String]
// (case-insensitive).
func ParseKind(s string) (Kind, error) {
	for k := Kind(1); k < numKinds; k++ {
		if strings.EqualFold(s, kindFlagNames[k]) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown detector %q", ErrOptions, s)
}

// Mode says how a detector's matches are replaced.
type Mode uint8

// The replacement modes.
const (
	// Mask replaces a match by its label, such as "[AADHAAR]". It is the
	// default.
	Mask Mode = iota
	// Partial keeps the part that regulators allow to be shown: UIDAI
	// masking "XXXX XXXX 1234" for Aadhaar numbers and VIDs, the last four
	// digits of mobiles, voter ids, GSTINs, bank accounts and cards ("XXXX
	// XXXX XXXX 1111"), the CBDT form "ABCPEXXXXF" of a PAN, the state code
	// and last four digits of a driving licence, the first two octets of an
	// IPv4 address ("10.0.x.x"), the first letter and the domain of an
	// e-mail or UPI id, the header of a JWT. Detectors without a partial
	// form fall back to Mask.
	Partial
	// Hash replaces a match by a keyed HMAC-SHA-256 tag with the key id,
	// such as "[AADHAAR:k1:3f9a0c12d4e5f607]": equal values give equal tags
	// under one key, so logs stay correlatable, but without the key the tag
	// cannot be brute-forced back to the value. Requires Options.HashKey.
	Hash
	// Drop removes the match. Inside JSON, a dropped whole value becomes
	// null so that the output stays valid JSON.
	Drop
	// Off disables the detector.
	Off
)

var modeNames = [...]string{Mask: "mask", Partial: "partial", Hash: "hash", Drop: "drop", Off: "off"}

// String returns the name of m, as accepted by [ParseMode].
func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("mode(%d)", uint8(m))
}

// ParseMode parses "mask", "partial", "hash", "drop" or "off".
func ParseMode(s string) (Mode, error) {
	for m, n := range modeNames {
		if strings.EqualFold(s, n) {
			return Mode(m), nil
		}
	}
	return 0, fmt.Errorf("%w: unknown mode %q", ErrOptions, s)
}
