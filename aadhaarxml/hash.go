package aadhaarxml

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"strings"
)

// HashRule names the rule under which a mobile number or e-mail address
// matched a [Document].
type HashRule uint8

// The hash rules.
const (
	// RuleNone is returned with an error: nothing matched.
	RuleNone HashRule = iota
	// RuleChained: SHA-256 applied N times, each round hashing the previous
	// lowercase-hex digest as a string, N being the last digit of the
	// Aadhaar number (0 and 1 mean one round). In Offline XML the first
	// input is value+shareCode; in a Secure QR (any version) it is the value
	// alone, and the hash is stored as 32 raw bytes.
	RuleChained
	// RulePlain: one SHA-256 of the e-mail address with no share code, as
	// the current UIDAI FAQ describes the XML e-mail hash.
	RulePlain
	// RuleLast4: the last 4 digits of the mobile number, which Secure QR V2
	// and later carry; used when the QR has no mobile hash.
	RuleLast4
)

// String returns "none", "chained", "plain" or "last4".
func (r HashRule) String() string {
	switch r {
	case RuleChained:
		return "chained"
	case RulePlain:
		return "plain"
	case RuleLast4:
		return "last4"
	}
	return "none"
}

// chainHash computes the N-round lowercase-hex SHA-256 chain of s.
func chainHash(s string, rounds int) [32]byte {
	sum := sha256.Sum256([]byte(s))
	var buf [64]byte
	for i := 1; i < rounds; i++ {
		hex.Encode(buf[:], sum[:])
		sum = sha256.Sum256(buf[:])
	}
	return sum
}

// ChainHash returns the hex digest of the UIDAI hash rule: SHA-256 applied
// rounds times (values below 1 mean one round), each round hashing the
// previous lowercase-hex digest as a string. For Offline XML, s is the
// mobile number or e-mail address followed by the share code.
func ChainHash(s string, rounds int) string {
	sum := chainHash(s, rounds)
	return hex.EncodeToString(sum[:])
}

// normalizeMobile reduces a mobile number to its 10 digits.
func normalizeMobile(m string) (string, error) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(m) {
		switch {
		case r == ' ' || r == '-':
		case r == '+' && b.Len() == 0:
			b.WriteByte('+')
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			return "", ErrInvalidMobile
		}
	}
	s := b.String()
	switch {
	case len(s) == 13 && strings.HasPrefix(s, "+91"):
		s = s[3:]
	case len(s) == 12 && strings.HasPrefix(s, "91"):
		s = s[2:]
	case len(s) == 11 && s[0] == '0':
		s = s[1:]
	}
	if len(s) != 10 || s[0] == '+' {
		return "", ErrInvalidMobile
	}
	return s, nil
}

// VerifyMobile checks a mobile number against the document.
//
//   - Offline XML: the N-round chain over mobile+shareCode ([RuleChained]).
//   - Secure QR (any version): the N-round chain over the mobile alone,
//     against the mobile hash, or against a hash of QRHashes the indicator
//     does not assign; shareCode is ignored ([RuleChained]). A hash that does
//     not match is final.
//   - Secure QR V2 and later without a mobile hash: the last 4 digits
//     ([RuleLast4]) — a weak check, 1 in 10,000 numbers match by chance.
//
// The mobile may carry spaces, hyphens and a +91, 91 or 0 prefix. It
// returns the rule that matched, or an error wrapping [ErrInvalidMobile],
// [ErrNotShared] or [ErrHashMismatch]. Comparisons are constant-time.
func (d *Document) VerifyMobile(mobile, shareCode string) (HashRule, error) {
	m, err := normalizeMobile(mobile)
	if err != nil {
		return RuleNone, fmt.Errorf("%w: field %q", err, "mobile")
	}
	in := m
	if d.Source == SourceOfflineXML {
		in += shareCode
	}
	sum := chainHash(in, d.Reference.rounds())
	switch {
	case len(d.MobileHash) == sha256.Size:
		if subtle.ConstantTimeCompare(sum[:], d.MobileHash) == 1 {
			return RuleChained, nil
		}
		return RuleNone, fmt.Errorf("%w: field %q", ErrHashMismatch, "mobile")
	case d.matchUnassigned(sum):
		return RuleChained, nil
	case d.Source == SourceSecureQR && d.QRVersion >= 2 && len(d.MobileLast4) == 4:
		if subtle.ConstantTimeCompare([]byte(m[6:]), []byte(d.MobileLast4)) == 1 {
			return RuleLast4, nil
		}
		return RuleNone, fmt.Errorf("%w: field %q", ErrHashMismatch, "mobile")
	case d.unassigned() > 0:
		return RuleNone, fmt.Errorf("%w: field %q", ErrHashMismatch, "mobile")
	}
	return RuleNone, fmt.Errorf("%w: field %q", ErrNotShared, "mobile")
}

// VerifyEmail checks an e-mail address (compared exactly as given, after
// trimming spaces) against the document's e-mail hash and reports which
// rule matched. UIDAI documents two rules for Offline XML and this method
// tries both: first [RuleChained] over email+shareCode (the older UIDAI
// page and every known implementation), then [RulePlain] SHA-256(email)
// (the current UIDAI FAQ). For a Secure QR (any version) it tries the chain
// over the e-mail alone, against the e-mail hash or a hash of QRHashes the
// indicator does not assign.
func (d *Document) VerifyEmail(email, shareCode string) (HashRule, error) {
	email = strings.TrimSpace(email)
	in := email
	if d.Source == SourceOfflineXML {
		in += shareCode
	}
	sum := chainHash(in, d.Reference.rounds())
	if len(d.EmailHash) != sha256.Size {
		switch {
		case d.matchUnassigned(sum):
			return RuleChained, nil
		case d.unassigned() > 0:
			return RuleNone, fmt.Errorf("%w: field %q", ErrHashMismatch, "email")
		}
		return RuleNone, fmt.Errorf("%w: field %q", ErrNotShared, "email")
	}
	if subtle.ConstantTimeCompare(sum[:], d.EmailHash) == 1 {
		return RuleChained, nil
	}
	if d.Source == SourceOfflineXML {
		plain := sha256.Sum256([]byte(email))
		if subtle.ConstantTimeCompare(plain[:], d.EmailHash) == 1 {
			return RulePlain, nil
		}
	}
	return RuleNone, fmt.Errorf("%w: field %q", ErrHashMismatch, "email")
}

// unassigned counts the QR hashes that are neither the e-mail nor the
// mobile hash (the indicator did not say which they are).
func (d *Document) unassigned() int {
	if d.EmailHash != nil || d.MobileHash != nil {
		return 0 // the indicator assigned what there is
	}
	return len(d.QRHashes)
}

// matchUnassigned reports whether sum equals an unassigned QR hash.
func (d *Document) matchUnassigned(sum [32]byte) bool {
	if d.unassigned() == 0 {
		return false
	}
	ok := 0
	for _, h := range d.QRHashes {
		ok |= subtle.ConstantTimeCompare(sum[:], h)
	}
	return ok == 1
}
