// E-mail addresses and UPI ids, around an '@'.

package redact

import "bytes"

// emailAt matches an e-mail address or a UPI id around the '@' at s[i].
func (r *Redactor) emailAt(e *emitter, lo, hi, i int) (match, bool, int) {
	s := e.src[:hi]
	if r.modes[Email] == Off && r.modes[UPI] == Off {
		return match{}, false, 0
	}
	floor := max(lo, e.last, i-64)
	j := i
	for j > floor && isLocal(s[j-1]) {
		j--
	}
	// An escape before the local part is not part of it: "\nravi@…",
	// "%20ravi@…", "q=%7B%22q%22%3A%229876543210@ybl".
	escaped := false
	if j > lo && backslashEscape(s, lo, j-1) {
		if n := escapeLen(s, j-1, i); n > 1 && j-1+n < i {
			j += n - 1
			escaped = true
		}
	}
	for k := i - 3; k >= j; k-- {
		if s[k] == '%' && escapeLen(s, k, i) == 3 {
			if k+3 < i {
				j = k + 3
				escaped = true
			}
			break
		}
	}
	// The end of the previous match is a boundary, as its tag will be on a
	// second pass (idempotence).
	if j == i || s[j] == '.' || s[i-1] == '.' || (!escaped && j > lo && j != e.last && (isLocal(s[j-1]) || s[j-1] == '@')) {
		return match{}, false, 0
	}
	// The local part holds a letter or digit ("-----@AA" is no id).
	if !anyAlnum(s[j:i]) {
		return match{}, false, 0
	}
	// Domain labels.
	k := i + 1
	dots, lastDot := 0, -1
	for k < hi {
		c := s[k]
		if isAlnum(c) || c == '-' {
			k++
			continue
		}
		if c == '.' && k+1 < hi && isAlnum(s[k+1]) && s[k-1] != '.' && s[k-1] != '@' {
			dots++
			lastDot = k
			k++
			continue
		}
		break
	}
	if k == i+1 || (k < hi && (isWord(s[k]) || s[k] == '@')) {
		return match{}, false, 0
	}
	if dots > 0 {
		if r.modes[Email] == Off || sshAddress(s, lo, j, i, k, hi) {
			return match{}, false, 0
		}
		// The address ends at the last label that is a TLD: letters only,
		// at least two. A trailing label that is not ("a@b.in.ABCPE1234F")
		// is left to the other detectors, so that the decision does not
		// change once they have redacted it (idempotence).
		end := k
		for end > lastDot && lastDot > i {
			if validTLD(s[lastDot+1 : end]) {
				return match{kind: Email, start: j, end: end}, true, 0
			}
			end = lastDot
			lastDot = i + 1 + bytes.LastIndexByte(s[i+1:end], '.')
		}
		return match{}, false, 0
	}
	// UPI: handle@psp, the PSP handle letters only.
	psp := s[i+1 : k]
	if r.modes[UPI] == Off || len(psp) < 2 || len(psp) > 32 || i-j < 2 || bytes.EqualFold(psp, []byte("localhost")) {
		return match{}, false, 0
	}
	for _, c := range psp {
		if !isLetter(c) {
			return match{}, false, 0
		}
	}
	// "XXXX…": a masked Aadhaar number or PAN after '@', not a PSP.
	if bytes.Contains(psp, []byte("XXXX")) || bytes.Contains(psp, []byte("xxxx")) {
		return match{}, false, 0
	}
	for _, c := range s[j:i] {
		if c == '+' || c == '%' {
			return match{}, false, 0
		}
	}
	return match{kind: UPI, start: j, end: k}, true, 0
}

// sshAddress reports whether local@domain (s[j:i] '@' s[i+1:k]) is an SSH
// destination rather than an e-mail address: the "git" user of every code
// forge ("git@github.com"), scp syntax ("ravi@build.example.com:logs/",
// where a ':' and a path follow), or the user part of an ssh:// URL.
func sshAddress(s []byte, lo, j, i, k, hi int) bool {
	if i-j == 3 && hasPrefixFold(s[j:i], "git") {
		return true
	}
	if k+1 < hi && s[k] == ':' {
		switch c := s[k+1]; {
		case isAlnum(c), c == '/', c == '~', c == '.', c == '_', c == '-', c == '[':
			return true
		}
	}
	return j-6 >= lo && string(s[j-6:j]) == "ssh://"
}

// validTLD reports whether label can end an e-mail domain: two or more
// letters, and not "…XXXX…", a masked token such as a partial PAN.
func validTLD(label []byte) bool {
	if len(label) < 2 || bytes.Contains(label, []byte("XXXX")) {
		return false
	}
	for _, c := range label {
		if !isLetter(c) {
			return false
		}
	}
	return true
}

// anyAlnum reports whether b holds an ASCII letter or digit.
func anyAlnum(b []byte) bool {
	for _, c := range b {
		if isAlnum(c) {
			return true
		}
	}
	return false
}

func isLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}
