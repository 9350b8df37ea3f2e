package aadhaarxml

import (
	"slices"
	"strings"

	"github.com/beevik/etree"
)

// Canonical XML 1.0 (inclusive, without comments), written straight from
// the tree parseXML builds. goxmldsig's canonicalizer gives the same bytes —
// TestParseXML and FuzzParseXML compare the two on every tree the parser
// accepts, and xmlsec1 signs the documents of the adversarial tests this
// package must then verify, byte for byte — but it
// copies the tree twice per level and escapes rune by rune, which cost more
// than an RSA verification per document. This writer relies on what the
// parser guarantees: no comments, processing instructions or CDATA, and no
// attributes in a namespace other than xml:.
//
// The rules (https://www.w3.org/TR/2001/REC-xml-c14n-20010315):
//   - an element's namespace declarations are written when they differ
//     from its parent's in-scope ones; xmlns="" only when the parent has a
//     non-empty default namespace; at the apex of a subtree (SignedInfo),
//     every namespace in scope, and the xml: attributes of its ancestors;
//   - declarations first, sorted by prefix (the default first), then
//     attributes sorted by namespace URI (none before xml:), then name;
//   - start and end tags for empty elements; attribute values in double
//     quotes with & < " TAB LF CR escaped; text with & < > CR escaped.

// c14nWriter holds the in-scope namespace bindings of the element being
// written, outermost first.
type c14nWriter struct {
	buf  []byte
	ns   []nsBinding
	skip *etree.Element // left out, with its subtree (the enveloped Signature)
}

// canonicalize appends the canonical form of the subtree el to dst, leaving
// out skip (nil: nothing). When el has ancestors they supply its namespace
// context and inherited xml: attributes, as for a document subset whose
// apex is el.
func canonicalize(dst []byte, el, skip *etree.Element) []byte {
	w := &c14nWriter{buf: dst, skip: skip}
	var chain []*etree.Element
	for p := el.Parent(); p != nil; p = p.Parent() {
		chain = append(chain, p)
	}
	var xmlAttrs []etree.Attr
	for i := len(chain) - 1; i >= 0; i-- {
		for _, a := range chain[i].Attr {
			switch {
			case a.Space == "" && a.Key == "xmlns", a.Space == "xmlns":
				w.bind(prefixOf(a), a.Value)
			case a.Space == "xml":
				xmlAttrs = slices.DeleteFunc(xmlAttrs, func(b etree.Attr) bool { return b.Key == a.Key })
				xmlAttrs = append(xmlAttrs, a)
			}
		}
	}
	// At the apex every namespace in scope is rendered (the innermost
	// binding of each prefix): start from an empty rendered context.
	var apexScope []nsBinding
	for i := len(w.ns) - 1; i >= 0; i-- {
		b := w.ns[i]
		if !slices.ContainsFunc(apexScope, func(c nsBinding) bool { return c.prefix == b.prefix }) {
			apexScope = append(apexScope, b)
		}
	}
	w.ns = w.ns[:0]
	w.element(el, apexScope, xmlAttrs)
	return w.buf
}

func prefixOf(a etree.Attr) string {
	if a.Space == "xmlns" {
		return a.Key
	}
	return ""
}

// bind binds prefix to uri in w.ns, shadowing an outer binding.
func (w *c14nWriter) bind(prefix, uri string) { w.ns = append(w.ns, nsBinding{prefix, uri}) }

// lookup returns the innermost binding of prefix.
func (w *c14nWriter) lookup(prefix string) (string, bool) {
	for i := len(w.ns) - 1; i >= 0; i-- {
		if w.ns[i].prefix == prefix {
			return w.ns[i].uri, true
		}
	}
	return "", false
}

// element writes el. extraNS are namespace bindings in scope from outside
// the written subtree and extraXML inherited xml: attributes (both only at
// the apex).
func (w *c14nWriter) element(el *etree.Element, extraNS []nsBinding, extraXML []etree.Attr) {
	saved := len(w.ns) // the parent's scope, restored at the end
	var decls []nsBinding
	// The apex renders the namespaces it inherits unless it redeclares
	// them itself.
	for _, b := range extraNS {
		if b.prefix == "" && b.uri == "" {
			continue
		}
		decls = append(decls, b)
	}
	var attrs []etree.Attr
	for _, a := range el.Attr {
		switch {
		case a.Space == "" && a.Key == "xmlns", a.Space == "xmlns":
			p := prefixOf(a)
			decls = slices.DeleteFunc(decls, func(b nsBinding) bool { return b.prefix == p })
			old, ok := w.lookup(p)
			if !ok {
				old = ""
			}
			if p == "" && a.Value == "" && old == "" {
				// xmlns="" with no default namespace to undo.
			} else if !ok || old != a.Value {
				decls = append(decls, nsBinding{p, a.Value})
			}
		default:
			attrs = append(attrs, a)
		}
	}
	for _, a := range extraXML {
		if !slices.ContainsFunc(attrs, func(b etree.Attr) bool { return b.Space == "xml" && b.Key == a.Key }) {
			attrs = append(attrs, a)
		}
	}
	for _, d := range decls {
		w.bind(d.prefix, d.uri)
	}
	slices.SortFunc(decls, func(a, b nsBinding) int { return strings.Compare(a.prefix, b.prefix) })
	slices.SortFunc(attrs, func(a, b etree.Attr) int {
		// No namespace ("") sorts before xml:'s.
		if a.Space != b.Space {
			return strings.Compare(a.Space, b.Space)
		}
		return strings.Compare(a.Key, b.Key)
	})

	w.buf = append(w.buf, '<')
	w.buf = appendQName(w.buf, el.Space, el.Tag)
	for _, d := range decls {
		w.buf = append(w.buf, " xmlns"...)
		if d.prefix != "" {
			w.buf = append(w.buf, ':')
			w.buf = append(w.buf, d.prefix...)
		}
		w.buf = append(w.buf, `="`...)
		w.buf = escapeC14N(w.buf, d.uri, true)
		w.buf = append(w.buf, '"')
	}
	for _, a := range attrs {
		w.buf = append(w.buf, ' ')
		w.buf = appendQName(w.buf, a.Space, a.Key)
		w.buf = append(w.buf, `="`...)
		w.buf = escapeC14N(w.buf, a.Value, true)
		w.buf = append(w.buf, '"')
	}
	w.buf = append(w.buf, '>')
	for _, t := range el.Child {
		switch t := t.(type) {
		case *etree.Element:
			if t != w.skip {
				w.element(t, nil, nil)
			}
		case *etree.CharData:
			w.buf = escapeC14N(w.buf, t.Data, false)
		}
	}
	w.buf = append(w.buf, "</"...)
	w.buf = appendQName(w.buf, el.Space, el.Tag)
	w.buf = append(w.buf, '>')
	w.ns = w.ns[:saved]
}

func appendQName(b []byte, space, local string) []byte {
	if space != "" {
		b = append(b, space...)
		b = append(b, ':')
	}
	return append(b, local...)
}

// c14nEsc marks the bytes escaped in text (bit 1) and attribute values
// (bit 2).
var c14nEsc = func() (t [256]uint8) {
	t['&'], t['<'], t['\r'] = 3, 3, 3
	t['>'] = 1
	t['"'], t['\t'], t['\n'] = 2, 2, 2
	return t
}()

// escapeC14N appends s escaped as canonical text or attribute value.
func escapeC14N(b []byte, s string, attr bool) []byte {
	mask := uint8(1)
	if attr {
		mask = 2
	}
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c14nEsc[c]&mask == 0 {
			continue
		}
		b = append(b, s[last:i]...)
		last = i + 1
		switch c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&quot;"...)
		case '\t':
			b = append(b, "&#x9;"...)
		case '\n':
			b = append(b, "&#xA;"...)
		case '\r':
			b = append(b, "&#xD;"...)
		}
	}
	return append(b, s[last:]...)
}
