package aadhaarxml

// Random documents, drawn from a grammar of the corners the reader and the
// canonical writer must agree with libxml2 on (namespace declarations and
// undeclarations at every level, xml: attributes above and inside the
// signature, references and literal white space and line ends in text and
// attribute values, non-ASCII names and values, the Signature at any
// position with either prefix style), signed by xmlsec1. Each must verify.
// KYCKIT_ADVERSARIAL_DOCS sets how many (default 24).

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

type docGen struct {
	r      *rand.Rand
	prefix []string // prefixes declared on the path from the root
}

var (
	genURIs   = []string{"urn:a", "urn:b", "http://example.com/ns#x", "urn:u-free:%C3%BC", "x:", "http://a.b:80/p;q?r", nsDSig}
	genText   = []string{"a", " ", "\t", "\n", "\r\n", "\r", "&#13;", "&#xD;", "&#9;", "&#10;", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", ">", "'", `"`, "]]", "é", "आधार", "\u0085", "\u2028", "&#x1F600;", "&#160;"}
	genNames  = []string{"e", "Z", "_x", "a-b.c", "é", "नाम", "x1"}
	genAttrs  = []string{"a", "b", "Z", "_", "é", "z9", "name"}
	genXMLAtt = []string{"lang", "space", "base", "id", "foo"}
)

func (g *docGen) pick(s []string) string { return s[g.r.IntN(len(s))] }

// value is an attribute value (without quotes) for quote q.
func (g *docGen) value(q byte) string {
	var b strings.Builder
	for n := g.r.IntN(5); n > 0; n-- {
		s := g.pick(genText)
		if s == `"` && q == '"' || s == "'" && q == '\'' {
			s = "&quot;"
		}
		b.WriteString(s)
	}
	return b.String()
}

func (g *docGen) text() string {
	var b strings.Builder
	for n := g.r.IntN(4); n > 0; n-- {
		s := g.pick(genText)
		if s == ">" && strings.HasSuffix(b.String(), "]]") {
			s = "&gt;"
		}
		b.WriteString(s)
	}
	if strings.HasSuffix(b.String(), "]]") {
		b.WriteString("x")
	}
	return b.String()
}

func (g *docGen) space() string {
	return []string{" ", " ", "\t", "\n", "\r\n", "  "}[g.r.IntN(6)]
}

// decls returns namespace declarations for a start tag and records the
// prefixes they bind.
func (g *docGen) decls(allowDefault bool) string {
	var b strings.Builder
	seen := map[string]bool{}
	for n := g.r.IntN(3); n > 0; n-- {
		p := []string{"p", "q", "ns1", "ñ", ""}[g.r.IntN(5)]
		if seen[p] || p == "" && !allowDefault {
			continue
		}
		seen[p] = true
		if p == "" {
			u := []string{"", "urn:d", "urn:a"}[g.r.IntN(3)]
			b.WriteString(g.space() + `xmlns="` + u + `"`)
			continue
		}
		b.WriteString(g.space() + "xmlns:" + p + `="` + g.pick(genURIs) + `"`)
		g.prefix = append(g.prefix, p)
	}
	return b.String()
}

// attrs returns plain and xml: attributes.
func (g *docGen) attrs() string {
	var b strings.Builder
	seen := map[string]bool{}
	for n := g.r.IntN(4); n > 0; n-- {
		name := g.pick(genAttrs)
		if g.r.IntN(3) == 0 {
			name = "xml:" + g.pick(genXMLAtt)
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		q := byte('"')
		if g.r.IntN(3) == 0 {
			q = '\''
		}
		eq := "="
		if g.r.IntN(4) == 0 {
			eq = g.space() + "=" + g.space()
		}
		b.WriteString(g.space() + name + eq + string(q) + g.value(q) + string(q))
	}
	return b.String()
}

// element returns a random element subtree (never in the xmldsig
// namespace by prefix, never named like the document's elements).
func (g *docGen) element(depth int) string {
	mark := len(g.prefix)
	defer func() { g.prefix = g.prefix[:mark] }()
	decls := g.decls(true)
	name := g.pick(genNames)
	if len(g.prefix) > 0 && g.r.IntN(3) == 0 {
		name = g.prefix[g.r.IntN(len(g.prefix))] + ":" + name
	}
	open := "<" + name + decls + g.attrs()
	if g.r.IntN(3) == 0 {
		return open + []string{"/>", " />", "\n/>"}[g.r.IntN(3)]
	}
	var b strings.Builder
	b.WriteString(open + ">")
	for n := g.r.IntN(3); n > 0; n-- {
		b.WriteString(g.text())
		if depth < 4 && g.r.IntN(2) == 0 {
			b.WriteString(g.element(depth + 1))
		}
	}
	b.WriteString(g.text() + "</" + name + []string{">", " >", "\n>"}[g.r.IntN(3)])
	return b.String()
}

// signature returns a Signature template with random namespace context.
func (g *docGen) signature() string {
	p, decl := "", `xmlns="`+nsDSig+`"`
	if g.r.IntN(2) == 0 {
		p, decl = "ds:", `xmlns:ds="`+nsDSig+`"`
	}
	decl += g.decls(false) + g.attrs()
	si := ""
	if g.r.IntN(2) == 0 {
		si = g.decls(false) + g.attrs()
	}
	s := sigTemplate(p, decl, si, "")
	// White space between the signature's elements (not inside the values
	// xmlsec1 fills in).
	for _, tag := range []string{"CanonicalizationMethod", "SignatureMethod", "Reference", "Transforms", "DigestMethod", "DigestValue", "SignatureValue"} {
		if g.r.IntN(2) == 0 {
			s = strings.Replace(s, "<"+p+tag, g.space()+"<"+p+tag, 1)
		}
	}
	return s
}

func (g *docGen) document() string {
	g.prefix = g.prefix[:0]
	rootDecls := g.decls(false)
	if g.r.IntN(4) == 0 {
		rootDecls += ` xmlns=""`
	}
	children := []string{advUID(advPoi)}
	for n := g.r.IntN(3); n > 0; n-- {
		children = append(children, g.element(2))
	}
	sig := g.signature()
	at := g.r.IntN(len(children) + 1)
	children = append(children[:at], append([]string{sig}, children[at:]...)...)
	var b strings.Builder
	if g.r.IntN(2) == 0 {
		b.WriteString("\xef\xbb\xbf")
	}
	if g.r.IntN(3) > 0 {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + g.space())
	}
	b.WriteString(`<OfflinePaperlessKyc referenceId="` + advRef + `"` + rootDecls + g.attrs() + ">")
	for _, c := range children {
		b.WriteString(g.text() + c)
	}
	b.WriteString(g.text() + "</OfflinePaperlessKyc>" + g.space())
	return b.String()
}

func TestAdversarialRandomDocuments(t *testing.T) {
	o := newOracle(t)
	k := fixtureKey(t)
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	n := 24
	if s := os.Getenv("KYCKIT_ADVERSARIAL_DOCS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	g := &docGen{r: rand.New(rand.NewPCG(2026, 21))}
	refused := 0
	for i := range n {
		doc := g.document()
		signed, unreadable := o.sign(t, []byte(doc))
		if signed == nil {
			if _, err := parseXML([]byte(doc)); err == nil {
				t.Fatalf("doc %d: libxml2 refuses (unreadable %v), the reader accepts:\n%q", i, unreadable, doc)
			}
			refused++
			continue
		}
		d, err := v.VerifyXML(signed)
		if err != nil {
			t.Fatalf("doc %d: VerifyXML: %v\n%q", i, err, signed)
		}
		if d.Name != advGenuineName {
			t.Fatalf("doc %d: name %q", i, d.Name)
		}
		if ok, msg := o.verify(t, signed); !ok {
			t.Fatalf("doc %d: xmlsec1 refuses what it signed: %s", i, msg)
		}
		root, err := parseXML(signed)
		if err != nil {
			t.Fatal(err)
		}
		checkC14N(t, root)
	}
	// The grammar makes documents both sides read: a refusal here means
	// the generator drifted.
	if refused > n/10 {
		t.Errorf("%d of %d random documents refused by both", refused, n)
	}
	t.Logf("%d random documents signed by xmlsec1 verified, %d refused by both", n-refused, refused)
}
