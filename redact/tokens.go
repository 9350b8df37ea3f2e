// Credentials: JWTs, SD-JWT disclosures, Bearer/Basic credentials and PEM
// private keys.

package redact

import "bytes"

// jwtAt matches a compact JWS/JWE at s[i] ("eyJ" + 3 to 5 base64url
// segments, the payload non-empty).
func jwtAt(s []byte, i, hi int) int {
	if i+3 > hi || s[i+1] != 'y' || s[i+2] != 'J' {
		return 0
	}
	j := i
	segs := 0
	for {
		k := j
		for k < hi && isB64URL(s[k]) {
			k++
		}
		segs++
		if segs == 2 && k == j {
			return 0
		}
		j = k
		if j < hi && s[j] == '.' && segs < 5 {
			j++
			continue
		}
		break
	}
	if segs < 3 || j-i < 16 || !endOK(s, j, hi) {
		// A trailing '.' closing a sentence is allowed by endOK.
		return 0
	}
	return j
}

// disclosureAt matches a base64url SD-JWT disclosure starting "WyJ" (or
// "WyI", "WyK", "WyL", depending on the first salt byte) at s[i],
// at least min bytes long.
//
// A disclosure never holds a '.', so a run that is one segment of a dotted
// token is not one. Both sides are checked, and a redaction tag's closing
// ']' counts as the end of a segment, so that redacting one segment cannot
// turn its neighbour into a match on a second pass (idempotence).
func disclosureAt(s []byte, lo, i, hi, min int) int {
	// base64url of `["` followed by any salt byte: "Wy" + I, J, K or L.
	if i+3 > hi || s[i] != 'W' || s[i+1] != 'y' || s[i+2] < 'I' || s[i+2] > 'L' {
		return 0
	}
	if i-2 >= lo && s[i-1] == '.' && (isB64URL(s[i-2]) || s[i-2] == ']') {
		return 0
	}
	k := i
	for k < hi && isB64URL(s[k]) {
		k++
	}
	if k-i < min || (k < hi && (s[k] == '.' || s[k] == '=') && k+1 < hi && isAlnum(s[k+1])) {
		return 0
	}
	return k
}

// bearerAt matches "Bearer TOKEN" or "Basic TOKEN" (any case) at s[i] and
// returns the span of TOKEN.
func bearerAt(s []byte, i, hi int) (int, int) {
	var j int
	switch {
	case hasPrefixFold(s[i:hi], "bearer"):
		j = i + 6
	case hasPrefixFold(s[i:hi], "basic"):
		j = i + 5
	default:
		return 0, 0
	}
	if j >= hi || s[j] != ' ' {
		return 0, 0
	}
	for j < hi && s[j] == ' ' {
		j++
	}
	k := j
	for k < hi && (isB64URL(s[k]) || s[k] == '.' || s[k] == '~' || s[k] == '+' || s[k] == '/') {
		k++
	}
	for k < hi && s[k] == '=' {
		k++
	}
	if k-j < 8 {
		return 0, 0
	}
	return j, k
}

func hasPrefixFold(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lower(b[i]) != p[i] {
			return false
		}
	}
	return true
}

// privateKeyAt matches a PEM private key from "-----BEGIN … PRIVATE
// KEY-----" to the matching END line. When the END line is missing the
// match runs over what can be key material — base64, '=', spaces, line
// breaks (raw or escaped as \n, \r, \t) and the ':', ',' and '-' of
// RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") — and stops at the first
// other byte: it never swallows the rest of a line of text.
func privateKeyAt(s []byte, i, hi int) int {
	const begin = "-----BEGIN "
	if !bytes.HasPrefix(s[i:hi], []byte(begin)) {
		return 0
	}
	j := i + len(begin)
	end := bytes.Index(s[j:hi], []byte("-----"))
	// A PEM label is upper-case words ("RSA PRIVATE KEY"); one holding
	// a redaction ("0***@AA PRIVATE KEY") was not a label before.
	if end < 0 || end > 40 || !bytes.HasSuffix(s[j:j+end], []byte("PRIVATE KEY")) || !pemLabel(s[j:j+end]) {
		return 0
	}
	rest := j + end + 5
	if k := bytes.Index(s[rest:hi], []byte("-----END ")); k >= 0 {
		k += rest + len("-----END ")
		if c := bytes.Index(s[k:hi], []byte("-----")); c >= 0 {
			return k + c + 5
		}
	}
	return pemBodyEnd(s, rest, hi)
}

// pemBodyEnd returns the end of the key material that starts at s[k]: see
// privateKeyAt.
func pemBodyEnd(s []byte, k, hi int) int {
	for k < hi {
		c := s[k]
		switch {
		case isB64Std(c), c == '=', c == ' ', c == '\t', c == '\r', c == '\n', c == ':', c == ',', c == '-':
			k++
		case c == '\\' && k+1 < hi && (s[k+1] == 'n' || s[k+1] == 'r' || s[k+1] == 't'):
			k += 2
		default:
			return trimSpaceEnd(s, k)
		}
	}
	return trimSpaceEnd(s, k)
}

// trimSpaceEnd moves end back over spaces and tabs.
func trimSpaceEnd(s []byte, end int) int {
	for end > 0 && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	return end
}

func pemLabel(b []byte) bool {
	for _, c := range b {
		if !isUpper(c) && !isDigit(c) && c != ' ' {
			return false
		}
	}
	return true
}
