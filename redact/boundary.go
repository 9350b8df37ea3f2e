// Boundaries and idempotence: the contract every free-text detector keeps.
//
// Boundaries. A token counts only as a whole word:
//
//   - It starts where the byte before it is not a word byte [A-Za-z0-9_]
//     and it does not continue a run through a '-' after a letter or digit
//     (a UUID tail, "ORD-…") or through a '.' between digits (a decimal, a
//     version): see joined. A '.' after a letter ("no.2341…") joins nothing.
//   - It ends where endOK says: the next byte is not a word byte, nor a '-'
//     before a letter or digit, nor a '.' before a digit, nor an '@' before
//     a domain (the token is then the local part of an address, which
//     emailAt judges). A '.' before a letter ends a sentence or starts a
//     file extension.
//   - An escape is a boundary although letters precede the token: a
//     backslash escape (\n \t \r \b \f \" \\ \/ \uXXXX) or a URL
//     percent-escape (%XX) ends the word before it (escapeLen,
//     backslashEscape, afterEscape).
//   - The end of the previous match (emitter.last) is a boundary: detectors
//     look no further back than max(lo, e.last).
//
// Idempotence. In Mask, Partial and Hash modes, redacting redacted output
// changes nothing (FuzzRedact checks it; Drop is not idempotent). It holds
// because:
//
//   - Tags are skipped: a '[' that opens a tag ("[AADHAAR]", "[PHOTO jpeg
//     1234B]", "[EMAIL:k1:0011…]") is passed over whole (tagEnd), and a
//     key=value value holding a tag is not redacted again (hasTag).
//   - A tag decides nothing its token did not: every look at the bytes
//     around a token must give the same answer when a neighbour has been
//     replaced by its tag. Hence the end of a match is a boundary (a tag
//     will sit there on the second pass), "…@[EMAIL]" still joins an
//     address, and a tag's closing ']' ends a dotted segment for
//     disclosureAt.
//   - Partial forms match nothing: a masked group "XXXX" before digits
//     (maskedGroup), "XXXX" in an e-mail TLD or UPI handle, and a value
//     starting "XX" after a sensitive key are left alone.
//
// A new detector keeps both: it starts and ends on these boundaries, and
// its decision does not change when a neighbouring token becomes its tag.

package redact

import (
	"bytes"

	"github.com/kyckit/kyckit/internal/jsonstr"
)

// endOK reports whether a token ending at end is not part of a longer run:
// the next byte is not a word byte, nor a '-' joining more alphanumerics
// (UUIDs, order ids), a '.' joining more digits (decimals) or an '@'
// before a domain (the token is the local part of an e-mail address or
// UPI id, which emailAt judges). A '.' before a letter ends a sentence or
// starts a file extension: "234123412346.pdf" is a match.
func endOK(s []byte, end, hi int) bool {
	if end >= hi {
		return true
	}
	c := s[end]
	if isWord(c) {
		return false
	}
	if end+1 < hi {
		n := s[end+1]
		switch c {
		case '-':
			return !isAlnum(n)
		case '@':
			// '[': a domain redacted already ("…@[EMAIL]"), so that
			// redacting twice changes nothing.
			return !isAlnum(n) && n != '['
		case '.':
			return !isDigit(n)
		}
	}
	return true
}

// escapeLen returns the length of the backslash escape (\n \t \r \b \f
// \" \\ \/ or \uXXXX, as JSON, slog's TextHandler and logfmt write them)
// or the URL percent-escape (%XX) at s[i], or 0. A token right after one
// starts a new word: "\n234123412346", "%20234123412346".
func escapeLen(s []byte, i, hi int) int {
	if i+1 >= hi {
		return 0
	}
	switch s[i] {
	case '\\':
		switch s[i+1] {
		case 'n', 't', 'r', 'b', 'f', '"', '\\', '/':
			return 2
		case 'u':
			if _, ok := jsonstr.Hex4(s[i+2 : min(i+6, hi)]); ok {
				return 6
			}
		}
	case '%':
		if i+3 <= hi && hexVal(s[i+1]) >= 0 && hexVal(s[i+2]) >= 0 {
			return 3
		}
	}
	return 0
}

// backslashEscape reports whether the backslash at s[b] starts an escape,
// that is, it is preceded by an even number of backslashes ("\\n" is an
// escaped backslash and 'n').
func backslashEscape(s []byte, lo, b int) bool {
	k := b
	for k > lo && s[k-1] == '\\' {
		k--
	}
	return s[b] == '\\' && (b-k)%2 == 0
}

// afterEscape reports whether s[lo:i] ends with an escape (see escapeLen),
// so that a token at s[i] starts a word although a letter or digit
// precedes it.
func afterEscape(s []byte, lo, i int) bool {
	switch {
	case i-2 >= lo && s[i-2] == '\\':
		switch s[i-1] {
		case 'n', 't', 'r', 'b', 'f':
			return true
		}
	case i-3 >= lo && s[i-3] == '%':
		return hexVal(s[i-2]) >= 0 && hexVal(s[i-1]) >= 0
	}
	if i-6 < lo || s[i-6] != '\\' || s[i-5] != 'u' {
		return false
	}
	_, ok := jsonstr.Hex4(s[i-4 : i])
	return ok
}

// joined reports whether the token starting at i continues an alphanumeric
// run through a '-' (the tail of a UUID, "ORD-…") or a digit run through a
// '.' between digits (a decimal, a version), as endOK judges the byte after
// a token. A '.' after a letter ends an abbreviation ("no.234123412346")
// and joins nothing. Callers pass the end of the previous match as lo: a
// redacted token joins nothing, as its tag will not on a second pass.
func joined(s []byte, lo, i int) bool {
	if i-2 < lo {
		return false
	}
	switch s[i-1] {
	case '-':
		return isAlnum(s[i-2])
	case '.':
		return isDigit(s[i-2]) && isDigit(s[i])
	}
	return false
}

// maskedGroup reports whether s[:end] ends with a masked group "XXXX".
func maskedGroup(s []byte, lo, end int) bool {
	if end-4 < lo {
		return false
	}
	for _, c := range s[end-4 : end] {
		if c|0x20 != 'x' {
			return false
		}
	}
	return true
}

// tagEnd returns the end of a redaction tag such as "[AADHAAR]",
// "[PHOTO jpeg 1234B]" or "[EMAIL:k1:0011223344556677]" at s[i], or 0.
// Tags are skipped so that redacting twice changes nothing.
func tagEnd(s []byte, i, hi int) int {
	if i+2 >= hi || !isUpper(s[i+1]) {
		return 0
	}
	for k := Kind(1); k < numKinds; k++ {
		l := kindNames[k]
		if !bytes.HasPrefix(s[i+1:hi], []byte(l)) {
			continue
		}
		j := i + 1 + len(l)
		if j >= hi {
			return 0
		}
		switch s[j] {
		case ']':
			return j + 1
		case ':', ' ':
			for e := j + 1; e < hi && e < j+48; e++ {
				c := s[e]
				if c == ']' {
					return e + 1
				}
				if !(isAlnum(c) || c == ':' || c == ' ' || c == '_' || c == '-') {
					return 0
				}
			}
		}
		return 0
	}
	return 0
}

// hasTag reports whether s[start:end] holds the start of a redaction tag
// (which may close after end, as in "eyJhbGciOiJFUzI1NiJ9.[JWT]").
func hasTag(s []byte, start, end, hi int) bool {
	for k := start; k < end; k++ {
		if s[k] == '[' && tagEnd(s, k, hi) > 0 {
			return true
		}
	}
	return false
}
