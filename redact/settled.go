// When one pass is enough: the proof that lets Redact skip the second scan.
//
// Redact scans its output again when a pass replaced anything (see
// Redactor.Redact): a token's neighbours decide whether it matches, and a
// neighbour that became a tag may change that decision ("ravi@ybl" before
// ".ABCPE1234F" is a UPI id once the PAN is "[PAN]"). The second scan finds
// something only where a decision of the first one read bytes that were
// then replaced, or a context word that a tag brings ("[PASSPORT]" holds
// "passport"). A pass marks itself unsettled whenever that may be so, and
// only an unsettled pass is scanned again:
//
//   - A replacement in Partial or Drop mode: partial forms are text that the
//     detectors read again, and a dropped match joins its neighbours. Hash
//     tags are as inert as Mask tags unless their key id could be read as a
//     context word or an IFSC code (hashTagsInert).
//   - A candidate refused only for want of a context word (a passport
//     number without "passport" before it, a VID starting 0 or 1 without
//     "vid", a dotted mobile without "mobile"): a tag may bring the word,
//     or bring it within the window by being shorter than its token. So
//     for an account number without an IFSC code near it when the line
//     holds one further away.
//   - A logger's name kept because the line is a log record (logEnvelope):
//     the level or message key that made it one may have been replaced.
//   - A replacement whose neighbours, inside the unit scanned (a JSON
//     string, a JSON number, the line of free text), are not inert
//     (isolated): every rule that reads across a token boundary reads only
//     the bytes next to it, through the separators listed there.
//
// Everything else a detector reads is its own token, whose decision does
// not depend on whether a neighbour is raw or a tag. Key rules read the key
// (never replaced unless it holds data itself, and then no key rule reads a
// tag) and the value (a value holding a tag is never replaced again); the
// line-wide 1Kosmos context can only be lost, never gained, by a tag, and
// losing it changes nothing already replaced. FuzzSettled checks the proof:
// redacting with the skip gives what redacting with every pass gives.

package redact

// near records the outcome of a context-word check: a refusal for want of
// the word marks the pass unsettled. It returns found. e may be nil (no
// pass: a slog number).
func (e *emitter) near(found bool) bool {
	if !found && e != nil {
		e.unsettled = true
	}
	return found
}

// nearIFSC is near for the IFSC code an account number needs: a refusal
// counts only when the line holds an IFSC code further away, which a
// shorter tag between them may bring within ifscWindow.
func (e *emitter) nearIFSC(found bool) bool {
	if !found && e != nil && !e.unsettled && e.lineHas(&e.ifsc, hasIFSC) {
		e.unsettled = true
	}
	return found
}

func hasIFSC(line []byte) bool { return ifscIn(line, 0, len(line)) }

// ifscLine reports whether the line may hold an IFSC code: not when it
// holds nothing shaped like one (most lines), and then neither ifscNear nor
// hasIFSC can find one. It is found once per pass; outside a pass (e nil)
// the answer is yes.
func (e *emitter) ifscLine() bool {
	return e == nil || e.lineHas(&e.ifscShape, ifscShaped)
}

// ifscAround is nearIFSC(ifscNear(s, lo, start, end, hi)), where s is
// e.src or a prefix of it, for a line that may hold an IFSC code
// (ifscLine).
func (e *emitter) ifscAround(s []byte, lo, start, end, hi int) bool {
	return e.nearIFSC(ifscNear(s, lo, start, end, hi))
}

// judge records a replacement of src[a:b] in the current unit: it marks
// the pass unsettled unless the replacement is inert (see the file
// comment).
func (e *emitter) judge(k Kind, a, b int) {
	if e.unsettled {
		return
	}
	switch e.r.modes[k] {
	case Mask:
	case Hash:
		if !e.r.inertHash {
			e.unsettled = true
			return
		}
	default:
		e.unsettled = true
		return
	}
	if !e.isolated(a, b) {
		e.unsettled = true
	}
}

// Byte sets of isolated.
var (
	// hardLeft: a byte before a token that no rule reads across.
	hardLeft = byteSet(`"'(){}<>,;|[]&~` + "\n\r")
	// hardRight: a byte after a token across which only the rules of a
	// number that follows read, or the photo rule after a '/' (see
	// isolated).
	hardRight = byteSet(`"'(){}<>,;|[]&~!?.:=-/ ` + "\t\n\r")
	// rightGap: the bytes between a token and a number after it through
	// which a rule of that number, or of a photo, looks back (otherNumber,
	// joined, digitRunBefore, maskedGroup, photoAt).
	rightGap = byteSet(`"':=.-/ ` + "\t")
	// numberSep: the one-byte separators of digit groups (asciiSep).
	numberSep = byteSet(" \t-./:+")
	// letterStart: first bytes of a token that no number before it can
	// continue into.
	letterStart = func() (t [256]bool) {
		for c := 0; c < 256; c++ {
			t[c] = isLetter(byte(c)) || c == '_' || c == '"' || c == '\'' || c == '{' || c == '['
		}
		return t
	}()
)

func byteSet(s string) (t [256]bool) {
	for i := 0; i < len(s); i++ {
		t[s[i]] = true
	}
	return t
}

// isolated reports whether replacing src[a:b] by a tag changes nothing that
// a rule reads outside it, in the unit [e.ulo, e.uhi):
//
//   - Before it: the unit's start or a byte in hardLeft; or a space, tab,
//     ':' (IP off: IPv6 reads across it), '/' or an escape (\n, %3A) when
//     no number ends there that could go on into the token (the token
//     starts with a letter, or numberBefore says no: through an escape,
//     only one of a space or a hard byte, read as one byte of the gap); or
//     a '=' or '/' after fewer than 16 bytes of base64 (encodedAt and
//     disclosureAt read a base64 run across '/' and check what follows
//     its '=' padding).
//   - After it: the unit's end, or an escape (not after a backslash that
//     the token ends with) or a byte in hardRight, not followed within
//     four bytes of rightGap or escapes of separators (gapEscape) by a
//     digit, a '+', a non-ASCII byte or another escape: a
//     number there looks back at the word before it (otherNumber: "txn
//     1234…") and at the byte before it (joined, a masked group), a photo
//     after '/' at the byte before the '/'.
func (e *emitter) isolated(a, b int) bool {
	s := e.src
	ipOn := e.r.modes[IP] != Off
	if a > e.ulo {
		switch c := s[a-1]; {
		case hardLeft[c]:
		case c == ' ' || c == '\t' || (c == ':' && !ipOn):
			if !letterStart[s[a]] && numberBefore(s, e.ulo, a) {
				return false
			}
		case c == '=' || c == '/':
			if base64Before(s, e.ulo, a-1) || (c == '=' && a-2 >= e.ulo && s[a-2] == '=') ||
				(c == '/' && !letterStart[s[a]] && numberBefore(s, e.ulo, a)) {
				return false
			}
		case isAlnum(c) && afterEscape(s, e.ulo, a) && (a-2 < e.ulo || s[a-2] != '\\' || backslashEscape(s, e.ulo, a-2)):
			if !letterStart[s[a]] {
				// A number may go on into the token through an escape
				// of a space or a hard byte ("%20", "\n") only: the
				// escape is one byte of the gap numberBefore allows.
				j := sepEscapeBefore(s, e.ulo, a)
				if j < 0 || numberBefore(s, e.ulo, j) {
					return false
				}
			}
		default:
			return false
		}
	}
	if b < e.uhi {
		k := b
		if c := s[b]; (c == '\\' || c == '%') && s[b-1] != '\\' {
			n := escapeLen(s, b, e.uhi)
			if n == 0 {
				return false
			}
			k += n
			if k < e.uhi && isLetter(s[k]) {
				return true // a word after an escape: its rules read the escape, no further
			}
		} else if !hardRight[c] || (c == ':' && ipOn) {
			return false
		}
		for ; k < e.uhi && k < b+8; k++ {
			c := s[k]
			if c == '\\' || c == '%' {
				// An escape of a separator (".\n", ",%20") is read as
				// one byte of the gap; any other escape may start a
				// number.
				n := gapEscape(s, k, e.uhi)
				if n == 0 {
					return false
				}
				k += n - 1
				continue
			}
			if isDigit(c) || c >= 0x80 || c == '+' {
				return false
			}
			if !rightGap[c] {
				break
			}
		}
	}
	return true
}

// gapEscape returns the length of the escape at s[k] when it stands for a
// space, a control character or punctuation other than '+', '\\' and '%'
// (\n, \t, \", %20, %2C), and 0 otherwise.
func gapEscape(s []byte, k, hi int) int {
	n := escapeLen(s, k, hi)
	switch {
	case n == 2:
		if c := s[k+1]; c == 'n' || c == 't' || c == 'r' || c == 'b' || c == 'f' || c == '"' || c == '/' {
			return 2
		}
	case n == 3:
		d := byte(hexVal(s[k+1])<<4 | hexVal(s[k+2]))
		if d < 0x80 && !isAlnum(d) && d != '+' && d != '\\' && d != '%' {
			return 3
		}
	}
	return 0
}

// sepEscapeBefore returns where the escape that s[lo:a] ends with starts,
// when it is \n, \t, \r, \b, \f or a %XX of a space, tab or hardLeft
// byte; -1 otherwise.
func sepEscapeBefore(s []byte, lo, a int) int {
	if a-2 >= lo && s[a-2] == '\\' {
		switch s[a-1] {
		case 'n', 't', 'r', 'b', 'f':
			return a - 2
		}
		return -1
	}
	if a-3 >= lo && s[a-3] == '%' {
		hi, low := hexVal(s[a-2]), hexVal(s[a-1])
		if hi < 0 || low < 0 {
			return -1
		}
		if d := byte(hi<<4 | low); d == ' ' || d == '\t' || hardLeft[d] {
			return a - 3
		}
	}
	return -1
}

// base64Before reports whether s[lo:k] ends with 16 or more bytes of base64
// (either alphabet).
func base64Before(s []byte, lo, k int) bool {
	n := 0
	for k--; k >= lo && n < 16 && (isB64Std(s[k]) || s[k] == '-' || s[k] == '_'); k-- {
		n++
	}
	return n >= 16
}

// numberBefore reports whether a number may end before s[a]: after at most
// three one-byte separators, a byte that is not in hardLeft, '=', or a
// letter that does not end an escape (\t, %2D, \u200B are separators).
func numberBefore(s []byte, lo, a int) bool {
	k := a - 1
	for n := 0; k >= lo && n < 3 && numberSep[s[k]]; n++ {
		k--
	}
	if k < lo || numberSep[s[k]] {
		return false // the unit's start, or more separators than a gap holds
	}
	d := s[k]
	if hardLeft[d] || d == '=' {
		return false
	}
	if !isLetter(d) {
		return true
	}
	return (k-1 >= lo && s[k-1] == '\\') || (k-2 >= lo && s[k-2] == '%') || (k-5 >= lo && s[k-5] == '\\')
}

// hashTagsInert reports whether hash tags made with key id id are as inert
// as mask tags: the id holds no uppercase letter (an IFSC code is upper
// case) and no context word or key name a rule looks for in a line.
func hashTagsInert(id string) bool {
	var low [16]byte
	n := 0
	for i := 0; i < len(id) && n < len(low); i++ {
		c := id[i]
		if isUpper(c) {
			return false
		}
		low[n] = c
		n++
	}
	l := string(low[:n])
	for _, w := range [...]string{"passport", "vid", "virtual", "mobile", "phone", "ph", "mob", "tel", "call",
		"contact", "whatsapp", "msisdn", "icense", "level", "lvl", "severity", "msg", "message"} {
		for i := 0; i+len(w) <= len(l); i++ {
			if l[i:i+len(w)] == w {
				return false
			}
		}
	}
	return true
}
