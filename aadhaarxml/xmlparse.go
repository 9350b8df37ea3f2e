package aadhaarxml

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// This file is the package's XML reader: a strict, single-pass parser for
// the small documents UIDAI signs, building the github.com/beevik/etree tree
// that goxmldsig's canonicalizers work on.
//
// It replaces etree's own reader (encoding/xml underneath) for two reasons.
// Speed: encoding/xml handles every byte through a buffered reader, and a
// 10 KB Offline e-KYC document (three quarters of it the base64 photo) took
// longer to parse than five RSA verifications. Correctness: encoding/xml
// keeps duplicate attributes (the last wins) and does not normalize
// white space in attribute values; XML 1.0 forbids the first and requires
// the second (section 3.3.3), and xmlsec1, the reference verifier, follows
// the specification.
//
// What it accepts is well-formed XML 1.0 with namespaces, less everything a
// signed UIDAI document never holds: a DTD or any other <!...> declaration,
// comments, processing instructions (other than the XML declaration),
// CDATA sections, entity references other than the five predefined ones and
// character references, attributes in a namespace other than xml:, and any
// encoding but UTF-8. Refusing is failing closed: such a document gets
// ErrMalformed. What a signature covers is defined by this parse (the
// canonical form is written from the tree it builds), so each rule below
// follows the specification to the letter:
//
//   - XML 1.0 (fifth edition) names, characters and references;
//   - line ends: "\r\n" and a lone '\r' read as '\n' (section 2.11);
//   - attribute values: literal '\t', '\n' and '\r' read as a space after
//     line-end normalization, references kept as written (section 3.3.3);
//   - namespaces: prefixes must be declared, "xml" and "xmlns" keep their
//     fixed meaning, xmlns:p="" is refused (Namespaces in XML 1.0); the xml
//     prefix may not be declared and namespace names must be absolute URIs
//     of a conservative form (see checkDecl: where canonicalizers disagree,
//     the reader refuses).

// Namespace names fixed by Namespaces in XML 1.0.
const (
	nsXML   = "http://www.w3.org/XML/1998/namespace"
	nsXMLNS = "http://www.w3.org/2000/xmlns/"
)

// nsBinding is one in-scope namespace declaration ("" is the default).
type nsBinding struct {
	prefix, uri string
}

// xmlParser holds the state of one parse.
type xmlParser struct {
	data     []byte
	pos      int
	elements int
	ns       []nsBinding // declarations in scope, innermost last
	marks    []nsMark    // where each open element's declarations start
	buf      []byte      // scratch for decoded text
}

// parseXML parses data under the package's caps ([MaxXMLDepth],
// [MaxXMLElements], [MaxXMLAttrs]) and returns the root element.
func parseXML(data []byte) (*etree.Element, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: not utf-8", ErrMalformed)
	}
	p := &xmlParser{data: data}
	p.pos = len(bom(data))
	if err := p.xmlDecl(); err != nil {
		return nil, err
	}
	if err := p.misc(); err != nil {
		return nil, err
	}
	if p.pos >= len(p.data) || p.data[p.pos] != '<' {
		return nil, fmt.Errorf("%w: no root element", ErrMalformed)
	}
	root, err := p.element()
	if err != nil {
		return nil, err
	}
	if err := p.misc(); err != nil {
		return nil, err
	}
	if p.pos != len(p.data) {
		return nil, fmt.Errorf("%w: content after the root element", ErrMalformed)
	}
	return root, nil
}

func bom(b []byte) []byte {
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		return b[:3]
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipSpace skips white space and reports whether there was any.
func (p *xmlParser) skipSpace() bool {
	start := p.pos
	for p.pos < len(p.data) && isSpace(p.data[p.pos]) {
		p.pos++
	}
	return p.pos > start
}

func (p *xmlParser) has(s string) bool { return bytes.HasPrefix(p.data[p.pos:], []byte(s)) }

// xmlDecl reads the optional XML declaration, which must open the document:
// version 1.0, encoding UTF-8 if given, standalone yes or no if given.
func (p *xmlParser) xmlDecl() error {
	if !p.has("<?xml") || p.pos+5 >= len(p.data) || !isSpace(p.data[p.pos+5]) {
		return nil
	}
	p.pos += 5
	bad := fmt.Errorf("%w: xml declaration", ErrMalformed)
	seen := 0 // 1 version, 2 encoding, 3 standalone: in this order
	for {
		sp := p.skipSpace()
		if p.has("?>") {
			p.pos += 2
			if seen == 0 {
				return bad
			}
			return nil
		}
		if !sp {
			return bad
		}
		name, err := p.name()
		if err != nil {
			return bad
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '=' {
			return bad
		}
		p.pos++
		p.skipSpace()
		if p.pos >= len(p.data) || (p.data[p.pos] != '"' && p.data[p.pos] != '\'') {
			return bad
		}
		q := p.data[p.pos]
		end := bytes.IndexByte(p.data[p.pos+1:], q)
		if end < 0 {
			return bad
		}
		val := string(p.data[p.pos+1 : p.pos+1+end])
		p.pos += end + 2
		switch {
		case name == "version" && seen == 0:
			if val != "1.0" {
				return fmt.Errorf("%w: xml version must be 1.0", ErrMalformed)
			}
			seen = 1
		case name == "encoding" && seen == 1:
			if !strings.EqualFold(val, "utf-8") {
				return fmt.Errorf("%w: encoding must be utf-8", ErrMalformed)
			}
			seen = 2
		case name == "standalone" && seen >= 1 && seen < 3:
			if val != "yes" && val != "no" {
				return bad
			}
			seen = 3
		default:
			return bad
		}
	}
}

// misc skips the white space allowed around the root element and refuses
// everything else that may stand there.
func (p *xmlParser) misc() error {
	p.skipSpace()
	switch {
	case p.pos >= len(p.data):
		return nil
	case p.has("<!--"):
		return fmt.Errorf("%w: comment", ErrMalformed)
	case p.has("<?"):
		return fmt.Errorf("%w: processing instruction", ErrMalformed)
	case p.has("<!"):
		return fmt.Errorf("%w: dtd or directive", ErrMalformed)
	case p.data[p.pos] == '<':
		return nil
	}
	return fmt.Errorf("%w: text outside the root", ErrMalformed)
}

// element parses one element and its content, iteratively (depth is capped
// but the stack is explicit anyway). p.pos is at its '<'.
func (p *xmlParser) element() (*etree.Element, error) {
	root, empty, err := p.startTag(nil, 1)
	if err != nil || empty {
		return root, err
	}
	stack := []*etree.Element{root}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		i := bytes.IndexByte(p.data[p.pos:], '<')
		if i < 0 {
			return nil, fmt.Errorf("%w: element not closed", ErrMalformed)
		}
		if i > 0 {
			text, err := p.text(p.data[p.pos : p.pos+i])
			if err != nil {
				return nil, err
			}
			top.CreateText(text)
			p.pos += i
		}
		switch {
		case p.has("</"):
			if err := p.endTag(top); err != nil {
				return nil, err
			}
			stack = stack[:len(stack)-1]
			p.popNS(top)
		case p.has("<!--"):
			return nil, fmt.Errorf("%w: comment", ErrMalformed)
		case p.has("<![CDATA["):
			return nil, fmt.Errorf("%w: cdata section", ErrMalformed)
		case p.has("<!"):
			return nil, fmt.Errorf("%w: dtd or directive", ErrMalformed)
		case p.has("<?"):
			return nil, fmt.Errorf("%w: processing instruction", ErrMalformed)
		default:
			el, empty, err := p.startTag(top, len(stack)+1)
			if err != nil {
				return nil, err
			}
			if empty {
				p.popNS(el)
			} else {
				stack = append(stack, el)
			}
		}
	}
	return root, nil
}

// nsMark records how many bindings were in scope before an element's own
// declarations (etree elements have no room for it).
type nsMark struct {
	el *etree.Element
	n  int
}

// startTag parses "<name attrs>" or "<name attrs/>" at p.pos, creates the
// element under parent (nil for the root) and pushes its namespace
// declarations. depth is the element's depth, the root being 1.
func (p *xmlParser) startTag(parent *etree.Element, depth int) (el *etree.Element, empty bool, err error) {
	if depth > MaxXMLDepth {
		return nil, false, fmt.Errorf("%w: xml deeper than %d", ErrTooLarge, MaxXMLDepth)
	}
	if p.elements++; p.elements > MaxXMLElements {
		return nil, false, fmt.Errorf("%w: more than %d elements", ErrTooLarge, MaxXMLElements)
	}
	p.pos++ // '<'
	qname, err := p.qname()
	if err != nil {
		return nil, false, err
	}
	type rawAttr struct{ qname, value string }
	var attrs []rawAttr
	for {
		sp := p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, false, fmt.Errorf("%w: start tag not closed", ErrMalformed)
		}
		if p.data[p.pos] == '>' {
			p.pos++
			break
		}
		if p.has("/>") {
			p.pos += 2
			empty = true
			break
		}
		if !sp {
			return nil, false, fmt.Errorf("%w: attribute without white space before it", ErrMalformed)
		}
		an, err := p.qname()
		if err != nil {
			return nil, false, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '=' {
			return nil, false, fmt.Errorf("%w: attribute without value", ErrMalformed)
		}
		p.pos++
		p.skipSpace()
		val, err := p.attrValue()
		if err != nil {
			return nil, false, err
		}
		for _, a := range attrs {
			if a.qname == an {
				return nil, false, fmt.Errorf("%w: duplicate attribute", ErrMalformed)
			}
		}
		if len(attrs) == MaxXMLAttrs {
			return nil, false, fmt.Errorf("%w: more than %d attributes on one element", ErrTooLarge, MaxXMLAttrs)
		}
		attrs = append(attrs, rawAttr{an, val})
	}

	// Namespace declarations first: they apply to the element's own name
	// and attributes.
	mark := len(p.ns)
	for _, a := range attrs {
		var prefix string
		switch {
		case a.qname == "xmlns":
		case strings.HasPrefix(a.qname, "xmlns:"):
			prefix = a.qname[len("xmlns:"):]
		default:
			continue
		}
		if err := checkDecl(a.qname != "xmlns", prefix, a.value); err != nil {
			return nil, false, err
		}
		p.ns = append(p.ns, nsBinding{prefix, a.value})
	}
	if prefix, _, ok := strings.Cut(qname, ":"); ok {
		if prefix == "xmlns" || !p.declared(prefix) {
			return nil, false, fmt.Errorf("%w: undeclared namespace prefix", ErrMalformed)
		}
	}
	for _, a := range attrs {
		prefix, _, ok := strings.Cut(a.qname, ":")
		if !ok || prefix == "xmlns" {
			continue
		}
		// xml:lang and the like are in the XML namespace; any other
		// prefixed attribute is refused (UIDAI documents have none, and
		// canonical attribute order across namespaces is where
		// canonicalizers disagree).
		if prefix != "xml" {
			return nil, false, fmt.Errorf("%w: namespaced attribute", ErrMalformed)
		}
	}

	if parent == nil {
		el = etree.NewElement(qname)
	} else {
		el = parent.CreateElement(qname)
	}
	for _, a := range attrs {
		el.CreateAttr(a.qname, a.value)
	}
	p.marks = append(p.marks, nsMark{el, mark})
	return el, empty, nil
}

// checkDecl applies the namespace constraints to one declaration:
// xmlns="uri" (prefixed false) or xmlns:p="uri". Beyond Namespaces in XML
// 1.0 it refuses declaring the xml prefix at all (legal, but libxml2 and
// Apache Santuario leave xmlns:xml out of the canonical form while goxmldsig
// and c14n.go write it) and every namespace name but xmlns="" that is not a
// [namespaceName].
func checkDecl(prefixed bool, p, uri string) error {
	bad := fmt.Errorf("%w: namespace declaration", ErrMalformed)
	switch {
	case !prefixed && uri == "":
		return nil // undeclares the default namespace
	case prefixed && (p == "xmlns" || p == "xml"):
		return bad
	case uri == nsXML || uri == nsXMLNS || !namespaceName(uri):
		return bad
	}
	return nil
}

// namespaceName reports whether uri is a namespace name that canonicalizers
// agree on: an absolute URI (Canonical XML 1.0 must fail on relative
// namespace URIs, and libxml2 does) within a conservative subset of RFC 3986
// that libxml2's URI parser accepts and that no canonical form escapes. That
// is a scheme, ':', then ASCII letters, digits, "-._~!$'()*+,;=:/?@",
// percent-escapes and at most one '#'; an authority ("//...") has no
// userinfo and a numeric port. '&' is refused: libxml2 writes it unescaped
// in a canonical namespace declaration, which the specification and
// goxmldsig escape as "&amp;".
func namespaceName(uri string) bool {
	colon := strings.IndexByte(uri, ':')
	if colon < 1 {
		return false
	}
	for i := 0; i < colon; i++ {
		c := uri[i]
		if !(isAlpha(c) || i > 0 && (isDigit(c) || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	rest := uri[colon+1:]
	hashes := 0
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case uriChar[c]:
		case c == '#' && hashes == 0:
			hashes++
		case c == '%' && i+2 < len(rest) && isHex(rest[i+1]) && isHex(rest[i+2]):
			i += 2
		default:
			return false
		}
	}
	if auth, ok := strings.CutPrefix(rest, "//"); ok {
		if i := strings.IndexAny(auth, "/?#"); i >= 0 {
			auth = auth[:i]
		}
		if strings.IndexByte(auth, '@') >= 0 {
			return false
		}
		if _, port, ok := strings.Cut(auth, ":"); ok {
			if port == "" || len(port) > 9 || strings.TrimLeft(port, "0123456789") != "" {
				return false
			}
		}
	}
	return true
}

// uriChar marks the bytes namespaceName takes as they are.
var uriChar = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isAlpha(byte(c)) || isDigit(byte(c)) || strings.IndexByte("-._~!$'()*+,;=:/?@", byte(c)) >= 0
	}
	return t
}()

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// declared reports whether prefix is bound in scope ("xml" always is).
func (p *xmlParser) declared(prefix string) bool {
	if prefix == "xml" {
		return true
	}
	for i := len(p.ns) - 1; i >= 0; i-- {
		if p.ns[i].prefix == prefix {
			return true
		}
	}
	return false
}

// popNS drops el's namespace declarations when el ends.
func (p *xmlParser) popNS(el *etree.Element) {
	for i := len(p.marks) - 1; i >= 0; i-- {
		if p.marks[i].el == el {
			p.ns = p.ns[:p.marks[i].n]
			p.marks = p.marks[:i]
			return
		}
	}
}

// endTag parses "</name S?>" for the open element top.
func (p *xmlParser) endTag(top *etree.Element) error {
	p.pos += 2
	qname, err := p.qname()
	if err != nil {
		return err
	}
	if qname != top.FullTag() {
		return fmt.Errorf("%w: mismatched end tag", ErrMalformed)
	}
	p.skipSpace()
	if p.pos >= len(p.data) || p.data[p.pos] != '>' {
		return fmt.Errorf("%w: end tag not closed", ErrMalformed)
	}
	p.pos++
	return nil
}

// qname reads a Name with at most one colon, which must separate two
// non-empty parts.
func (p *xmlParser) qname() (string, error) {
	n, err := p.name()
	if err != nil {
		return "", err
	}
	if i := strings.IndexByte(n, ':'); i >= 0 {
		if i == 0 || i == len(n)-1 || strings.IndexByte(n[i+1:], ':') >= 0 {
			return "", fmt.Errorf("%w: bad qualified name", ErrMalformed)
		}
		// The local part is an NCName: it starts as a name does.
		if r, _ := utf8.DecodeRuneInString(n[i+1:]); !isNameStart(r) {
			return "", fmt.Errorf("%w: bad qualified name", ErrMalformed)
		}
	}
	return n, nil
}

// name reads an XML Name (XML 1.0 fifth edition, productions 4, 4a, 5).
func (p *xmlParser) name() (string, error) {
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c < utf8.RuneSelf {
			if !(c == ':' || c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' ||
				p.pos > start && (c == '-' || c == '.' || '0' <= c && c <= '9')) {
				break
			}
			p.pos++
			continue
		}
		r, w := utf8.DecodeRune(p.data[p.pos:])
		if !isNameRune(r, p.pos == start) {
			break
		}
		p.pos += w
	}
	if p.pos == start {
		return "", fmt.Errorf("%w: bad name", ErrMalformed)
	}
	return string(p.data[start:p.pos]), nil
}

func isNameStart(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z'
	}
	return isNameRune(r, true)
}

// isNameRune reports whether the non-ASCII r is a NameStartChar (first) or
// a NameChar.
func isNameRune(r rune, first bool) bool {
	switch {
	case 0xC0 <= r && r <= 0xD6, 0xD8 <= r && r <= 0xF6, 0xF8 <= r && r <= 0x2FF,
		0x370 <= r && r <= 0x37D, 0x37F <= r && r <= 0x1FFF, 0x200C <= r && r <= 0x200D,
		0x2070 <= r && r <= 0x218F, 0x2C00 <= r && r <= 0x2FEF, 0x3001 <= r && r <= 0xD7FF,
		0xF900 <= r && r <= 0xFDCF, 0xFDF0 <= r && r <= 0xFFFD, 0x10000 <= r && r <= 0xEFFFF:
		return true
	case first:
		return false
	case r == 0xB7, 0x300 <= r && r <= 0x36F, 0x203F <= r && r <= 0x2040:
		return true
	}
	return false
}

// attrValue reads a quoted attribute value at p.pos and returns it
// normalized (XML 1.0 section 3.3.3, CDATA attributes).
func (p *xmlParser) attrValue() (string, error) {
	if p.pos >= len(p.data) || (p.data[p.pos] != '"' && p.data[p.pos] != '\'') {
		return "", fmt.Errorf("%w: attribute value not quoted", ErrMalformed)
	}
	q := p.data[p.pos]
	end := bytes.IndexByte(p.data[p.pos+1:], q)
	if end < 0 {
		return "", fmt.Errorf("%w: attribute value not closed", ErrMalformed)
	}
	raw := p.data[p.pos+1 : p.pos+1+end]
	p.pos += end + 2
	if bytes.IndexByte(raw, '<') >= 0 {
		return "", fmt.Errorf("%w: '<' in attribute value", ErrMalformed)
	}
	return p.decode(raw, true)
}

// text decodes character data between markup.
func (p *xmlParser) text(raw []byte) (string, error) {
	if bytes.Contains(raw, []byte("]]>")) {
		return "", fmt.Errorf("%w: \"]]>\" in text", ErrMalformed)
	}
	return p.decode(raw, false)
}

// Byte classes for decode's scan.
const (
	chPlain   = iota
	chSpecial // '&' or '\r': rewritten
	chSpace   // '\t' or '\n': rewritten in attribute values
	chBad     // control characters
	chEF      // first byte of U+FFFE and U+FFFF
)

var charClass = func() (t [256]uint8) {
	for c := range 0x20 {
		t[c] = chBad
	}
	t['\t'], t['\n'], t['\r'], t['&'], t[0xEF] = chSpace, chSpace, chSpecial, chSpecial, chEF
	return t
}()

// decode checks the characters of raw, normalizes line ends (and, in an
// attribute value, white space) and resolves references.
func (p *xmlParser) decode(raw []byte, attr bool) (string, error) {
	special := -1
	for i, c := range raw {
		switch charClass[c] {
		case chPlain:
			continue
		case chSpace:
			if !attr {
				continue
			}
		case chBad:
			return "", fmt.Errorf("%w: control character", ErrMalformed)
		case chEF:
			if i+2 < len(raw) && raw[i+1] == 0xBF && raw[i+2] >= 0xBE {
				return "", fmt.Errorf("%w: non-character U+FFFE or U+FFFF", ErrMalformed)
			}
			continue
		}
		if special < 0 {
			special = i
		}
	}
	if special < 0 {
		return string(raw), nil
	}
	b := append(p.buf[:0], raw[:special]...)
	for i := special; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\r':
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			c = '\n'
		case '&':
			r, n, err := reference(raw[i:])
			if err != nil {
				return "", err
			}
			b = utf8.AppendRune(b, r)
			i += n - 1
			continue
		}
		if attr && (c == '\t' || c == '\n') {
			c = ' '
		}
		b = append(b, c)
	}
	p.buf = b
	return string(b), nil
}

// reference decodes the reference at the start of b ("&...;") and returns
// its character and length.
func reference(b []byte) (rune, int, error) {
	bad := fmt.Errorf("%w: bad entity or character reference", ErrMalformed)
	end := bytes.IndexByte(b, ';')
	if end < 2 || end > 12 {
		return 0, 0, bad
	}
	name := string(b[1:end])
	switch name {
	case "lt":
		return '<', end + 1, nil
	case "gt":
		return '>', end + 1, nil
	case "amp":
		return '&', end + 1, nil
	case "apos":
		return '\'', end + 1, nil
	case "quot":
		return '"', end + 1, nil
	}
	if name[0] != '#' {
		return 0, 0, fmt.Errorf("%w: undeclared entity", ErrMalformed)
	}
	digits, base := name[1:], 10
	if strings.HasPrefix(digits, "x") {
		digits, base = digits[1:], 16
	}
	if digits == "" || digits[0] == '+' || digits[0] == '-' {
		return 0, 0, bad
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || !isXMLChar(rune(n)) {
		return 0, 0, bad
	}
	return rune(n), end + 1, nil
}

// isXMLChar is production 2 of XML 1.0: the characters a document may hold.
func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= unicode.MaxRune
}
