package aadhaarxml

// Parser and canonicalizer differentials: documents exercising XML 1.0
// and Canonical XML 1.0 corners are signed by xmlsec1 (libxml2) and
// verified by the package. A document the package's reader accepts must
// verify (its reader and canonical writer agree with libxml2 on every byte
// the signature covers) and read the fields XML 1.0 says it holds; a
// document it refuses must be refused with ErrMalformed or ErrTooLarge,
// and where xmlsec1 accepts it the case names the deliberate strictness.

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

const advRef = "246820250115103000123"

// advPoi is the default Poi; advUID the default UidData.
const advPoi = `<Poi dob="15-08-1992" gender="F" name="Kavya Example"/>`

func advUID(poi string) string {
	return `<UidData>` + poi + `<Poa country="India" pc="560001"/><Pht>` +
		base64.StdEncoding.EncodeToString(testJPEG()) + `</Pht></UidData>`
}

// advDoc is a UIDAI-shaped document: the XML declaration, the root with
// extra attributes rootAttrs, content and the Signature sig.
func advDoc(rootAttrs, content, sig string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n" +
		`<OfflinePaperlessKyc referenceId="` + advRef + `"` + rootAttrs + `>` + content + sig + `</OfflinePaperlessKyc>`
}

// advName is the default document with Poi's name attribute written as
// raw (including its quotes).
func advName(raw string) string {
	return advDoc("", advUID(`<Poi dob="15-08-1992" gender="F" name=`+raw+`/>`), defaultSig)
}

// parseCase is one differential case.
type parseCase struct {
	name string
	doc  string
	// accept: the package must verify it. Otherwise it must refuse with
	// want; stricter says why when xmlsec1 accepts what we refuse.
	accept   bool
	want     error
	stricter string
	// name, when set, is the resident name XML 1.0 says the document
	// holds (an independent known answer for what the reader returns).
	wantName *string
	// post, when set, alters the signed document before it is verified.
	post func([]byte) []byte
}

func sp(s string) *string { return &s }

func parseCases() []parseCase {
	var cs []parseCase
	ok := func(name, doc string, wantName *string) {
		cs = append(cs, parseCase{name: name, doc: doc, accept: true, wantName: wantName})
	}
	no := func(name, doc string, want error, stricter string) {
		cs = append(cs, parseCase{name: name, doc: doc, want: want, stricter: stricter})
	}
	base := advDoc("", advUID(advPoi), defaultSig)
	ok("baseline", base, sp("Kavya Example"))

	// Attribute-value normalization (XML 1.0 section 3.3.3): literal white
	// space reads as a space, character references as themselves.
	ok("attr/literal-tab", advName("\"Kavya\tExample\""), sp("Kavya Example"))
	ok("attr/literal-lf", advName("\"Kavya\nExample\""), sp("Kavya Example"))
	ok("attr/literal-cr", advName("\"Kavya\rExample\""), sp("Kavya Example"))
	ok("attr/literal-crlf-one-space", advName("\"Kavya\r\nExample\""), sp("Kavya Example"))
	ok("attr/literal-lfcr-two-spaces", advName("\"Kavya\n\rExample\""), sp("Kavya  Example"))
	ok("attr/charref-9-10-13", advName(`"K&#9;a&#10;v&#13;ya"`), sp("K\ta\nv\rya"))
	ok("attr/charref-hex", advName(`"K&#x9;a&#xA;v&#xD;ya&#x20;&#x4b;"`), sp("K\ta\nv\rya K"))
	ok("attr/charref-leading-zeros", advName(`"&#0075;&#x004B;"`), sp("KK"))
	ok("attr/charref-astral", advName(`"&#x1F600;&#128512;"`), sp("\U0001F600\U0001F600"))
	ok("attr/entities", advName(`"&lt;&gt;&amp;&quot;&apos;"`), sp(`<>&"'`))
	ok("attr/entity-amp-charref-text", advName(`"&amp;#13;"`), sp("&#13;"))
	ok("attr/single-quotes", advName(`'Kavya "K" Example'`), sp(`Kavya "K" Example`))
	ok("attr/gt-literal", advName(`"a>b"`), sp("a>b"))
	ok("attr/ws-around-eq", advDoc("", advUID("<Poi dob = \"15-08-1992\"\tgender\n=\r\n'F'  name=\"Kavya Example\"\r/>"), defaultSig), sp("Kavya Example"))
	ok("attr/non-ascii-value", advName(`"कव्या Ëxample"`), sp("कव्या Ëxample"))
	ok("attr/c1-control-nel", advName("\"a\u0085b\u2028c\""), sp("a\u0085b\u2028c")) // XML 1.0: not line ends
	ok("attr/del", advName("\"a\x7fb\""), sp("a\x7fb"))
	ok("attr/huge-value", advName(`"`+strings.Repeat("Kavya ", 150_000)+`"`), nil)
	no("attr/huge-value-over-cap", advName(`"`+strings.Repeat("Kavya ", 180_000)+`"`), ErrTooLarge, "input is capped at DefaultMaxXMLSize")
	no("attr/lt-literal", advName(`"a<b"`), ErrMalformed, "")
	no("attr/unquoted", advName(`Kavya`), ErrMalformed, "")
	no("attr/duplicate", advDoc("", advUID(`<Poi name="A" name="B"/>`), defaultSig), ErrMalformed, "")
	no("attr/duplicate-on-root", advDoc(` referenceId="999920250115103000123"`, advUID(advPoi), defaultSig), ErrMalformed, "")
	no("attr/duplicate-via-prefixes", advDoc(` xmlns:a="urn:x" xmlns:b="urn:x"`, advUID(`<Poi a:name="A" b:name="B"/>`), defaultSig), ErrMalformed,
		"two attributes with one expanded name (a Namespaces in XML error libxml2 only reports)")
	no("attr/xml-ns-alias", advDoc(` xmlns:x="http://www.w3.org/XML/1998/namespace"`, advUID(advPoi), defaultSig), ErrMalformed,
		"the XML namespace bound to another prefix (a Namespaces in XML error libxml2 only reports)")
	no("attr/prefixed-namesake", advDoc(` xmlns:k="urn:k"`, advUID(`<Poi k:name="Mallory" name="Kavya Example"/>`), defaultSig),
		ErrMalformed, "attributes in a namespace other than xml: are refused")
	no("attr/no-space-between", advName(`"A"gender="F"`), ErrMalformed, "")

	// Character and entity references.
	no("ref/nul", advName(`"&#0;"`), ErrMalformed, "")
	no("ref/surrogate", advName(`"&#xD800;"`), ErrMalformed, "")
	no("ref/surrogate-low", advName(`"&#57343;"`), ErrMalformed, "")
	no("ref/fffe", advName(`"&#xFFFE;"`), ErrMalformed, "")
	no("ref/ffff", advName(`"&#65535;"`), ErrMalformed, "")
	no("ref/beyond-unicode", advName(`"&#x110000;"`), ErrMalformed, "")
	no("ref/overflow-32", advName(`"&#4294967362;"`), ErrMalformed, "")
	no("ref/overflow-hex", advName(`"&#x10000000041;"`), ErrMalformed, "")
	no("ref/control", advName(`"&#1;"`), ErrMalformed, "")
	no("ref/uppercase-X", advName(`"&#X41;"`), ErrMalformed, "")
	no("ref/unterminated", advName(`"&#65"`), ErrMalformed, "")
	no("ref/undeclared-entity", advName(`"&nbsp;"`), ErrMalformed, "")
	no("ref/bare-amp", advName(`"A & B"`), ErrMalformed, "")
	no("ref/many-leading-zeros", advName(`"&#00000000065;"`), ErrMalformed,
		"references longer than 12 bytes are refused (XML allows any number of leading zeros)")

	// Raw characters.
	no("char/nul", advName("\"a\x00b\""), ErrMalformed, "")
	no("char/control", advName("\"a\x01b\""), ErrMalformed, "")
	no("char/fffe", advName("\"a\uFFFEb\""), ErrMalformed, "")
	no("char/invalid-utf8", advName("\"a\xffb\""), ErrMalformed, "")
	no("char/overlong-utf8", advName("\"a\xc0\xafb\""), ErrMalformed, "")
	no("char/encoded-surrogate", advName("\"a\xed\xa0\x80b\""), ErrMalformed, "")
	no("char/invalid-utf8-in-text", strings.Replace(base, "<Pht>", "<Pht>\xfe", 1), ErrMalformed, "")

	// Text content: references, line ends, ']]>'.
	mixed := func(text string) string {
		return advDoc("", advUID(advPoi)+text, defaultSig)
	}
	ok("text/entities", mixed(`&lt;&gt;&amp;&quot;&apos;"'>`), nil)
	ok("text/charrefs-13-9-xD", mixed(`a&#13;b&#9;c&#xD;&#xA;d`), nil)
	ok("text/crlf", mixed("a\r\nb\r\n"), nil)
	ok("text/lone-cr", mixed("a\rb\r"), nil)
	ok("text/cr-before-tag", strings.Replace(base, "<Poa", "\r<Poa", 1), nil)
	ok("text/crlf-pht", strings.Replace(base, "<Pht>", "<Pht>\r\n", 1), nil)
	ok("text/brackets", mixed(`]] > ]]&gt; ]>`), nil)
	ok("text/non-ascii", mixed("आधार \u0085\u2028"), nil)
	ok("text/amp-charref", mixed(`&amp;#13;`), nil)
	no("text/cdata-end", mixed(`a]]>b`), ErrMalformed, "")
	no("text/cdata-section", mixed(`<![CDATA[<x>]]>`), ErrMalformed, "CDATA sections are refused")

	// Line ends in the signed Signature's neighbourhood and in SignedInfo.
	ok("sig/crlf-around", advDoc("", advUID(advPoi)+"\r\n", "\r\n"+defaultSig+"\r\n"), nil)
	ok("sig/whitespace-in-signedinfo", advDoc("", advUID(advPoi),
		strings.NewReplacer("/><", "/>\r\n\t<", "><Reference", ">\r<Reference", "</Reference>", "</Reference>\n").Replace(defaultSig)), nil)

	// BOM and the XML declaration.
	body := base[strings.IndexByte(base, '\n')+1:]
	ok("decl/none", body, nil)
	ok("decl/bom", "\xef\xbb\xbf"+base, nil)
	ok("decl/bom-no-decl", "\xef\xbb\xbf"+body, nil)
	ok("decl/version-only", `<?xml version="1.0"?>`+body, nil)
	ok("decl/single-quotes", `<?xml version='1.0' encoding='utf-8'?>`+body, nil)
	ok("decl/spaces", "<?xml   version = \"1.0\"\tencoding=\"UTF-8\"\r\nstandalone=\"yes\" ?>"+body, nil)
	ok("decl/crlf-after", `<?xml version="1.0"?>`+"\r\n\r\n"+body+"\r\n", nil)
	no("decl/latin1-ascii-only", `<?xml version="1.0" encoding="ISO-8859-1"?>`+body, ErrMalformed,
		"only UTF-8 is read (UIDAI writes UTF-8)")
	no("decl/latin1-bytes", `<?xml version="1.0" encoding="ISO-8859-1"?>`+strings.Replace(body, `name="Kavya Example"`, "name=\"K\xe4vya\"", 1), ErrMalformed,
		"only UTF-8 is read (UIDAI writes UTF-8)")
	no("decl/us-ascii", `<?xml version="1.0" encoding="US-ASCII"?>`+body, ErrMalformed, "only UTF-8 is read (UIDAI writes UTF-8)")
	no("decl/utf16-label", `<?xml version="1.0" encoding="UTF-16"?>`+body, ErrMalformed, "only UTF-8 is read (UIDAI writes UTF-8)")
	no("decl/utf16-bom", "\xff\xfe"+body, ErrMalformed, "")
	no("decl/version-1.1", `<?xml version="1.1"?>`+body, ErrMalformed, "XML 1.1 is refused")
	no("decl/after-space", " "+base, ErrMalformed, "")
	no("decl/after-bom-space", "\xef\xbb\xbf "+base, ErrMalformed, "")
	no("decl/twice", `<?xml version="1.0"?>`+base, ErrMalformed, "")
	no("decl/uppercase", `<?XML version="1.0"?>`+body, ErrMalformed, "")
	no("decl/double-bom", "\xef\xbb\xbf\xef\xbb\xbf"+body, ErrMalformed, "")

	// Names.
	ok("name/non-ascii-element", advDoc("", advUID(advPoi+`<नाम ü·-.٠="x"/>`), defaultSig), nil)
	ok("name/arabic-digit-start", advDoc("", advUID(advPoi+`<٠a/>`), defaultSig), nil) // U+0660 is a NameStartChar in XML 1.0 5th ed.
	ok("name/xml-prefixed-element", advDoc("", advUID(advPoi+`<xml:e xml:lang="en"/>`), defaultSig), nil)
	ok("name/xml-like-prefix", advDoc(` xmlns:xmlfoo="urn:x"`, advUID(advPoi+`<xmlfoo:e xml="1" xmlns-x="2"/>`), defaultSig), nil)
	ok("name/prefixed-extra", advDoc(` xmlns:k="urn:k"`, advUID(advPoi+`<k:Poi name="Mallory"/>`), defaultSig), sp("Kavya Example"))
	no("name/middle-dot-start", advDoc("", advUID(advPoi+`<·a/>`), defaultSig), ErrMalformed, "")
	no("name/digit-start", advDoc("", advUID(advPoi+`<1a/>`), defaultSig), ErrMalformed, "")
	no("name/undeclared-prefix", advDoc("", advUID(advPoi+`<k:a/>`), defaultSig), ErrMalformed, "undeclared prefix (a Namespaces in XML error libxml2 only reports)")
	no("name/space-after-lt", advDoc("", advUID(`< Poi name="x"/>`), defaultSig), ErrMalformed, "")
	no("name/end-tag-prefix-mismatch", advDoc(` xmlns:a="urn:x" xmlns:b="urn:x"`, advUID(advPoi+`<a:e></b:e>`), defaultSig), ErrMalformed, "")

	// Namespaces and their canonical rendering.
	ok("ns/default-undeclared-on-data", advDoc(` xmlns=""`, strings.Replace(advUID(advPoi), "<UidData>", `<UidData xmlns="">`, 1), defaultSig), sp("Kavya Example"))
	ok("ns/extra-default-ns-and-undo", advDoc("", advUID(advPoi+`<e xmlns="urn:e"><f xmlns=""><g xmlns=""/></f><h xmlns="urn:e"/></e>`), defaultSig), nil)
	ok("ns/root-decls-unsorted", advDoc(` xmlns:z="urn:z" xmlns:a="urn:a" xmlns:m="urn:m"`, advUID(advPoi), defaultSig), nil)
	ok("ns/redeclared-same-below", advDoc(` xmlns:a="urn:a"`, advUID(advPoi+`<e xmlns:a="urn:a"><a:f xmlns:a="urn:b"/></e>`), defaultSig), nil)
	ok("ns/prefixed-signature", advDoc("", advUID(advPoi), sigTemplate("ds:", `xmlns:ds="`+nsDSig+`"`, "", "")), nil)
	ok("ns/prefixed-signature-declared-on-root", advDoc(` xmlns:ds="`+nsDSig+`"`, advUID(advPoi), sigTemplate("ds:", "", "", "")), nil)
	ok("ns/signature-default-declared-on-root-prefix", advDoc(` xmlns:ds="`+nsDSig+`" xmlns:b="urn:b"`, advUID(advPoi),
		sigTemplate("", `xmlns="`+nsDSig+`" xmlns:b="urn:c"`, "", "")), nil)
	ok("ns/signedinfo-redeclares", advDoc(` xmlns:a="urn:a"`, advUID(advPoi),
		sigTemplate("", `xmlns="`+nsDSig+`"`, ` xmlns:a="urn:a" xmlns:z="urn:z"`, "")), nil)
	ok("ns/signedinfo-redeclares-other", advDoc(` xmlns:a="urn:a"`, advUID(advPoi),
		sigTemplate("", `xmlns="`+nsDSig+`"`, ` xmlns:a="urn:b"`, "")), nil)
	ok("ns/reference-redeclares-inherited", advDoc(` xmlns:a="urn:a"`, advUID(advPoi), strings.Replace(defaultSig, `<Reference URI=""`, `<Reference xmlns:a="urn:a" URI=""`, 1)), nil)
	ok("ns/reference-redeclares-default", advDoc("", advUID(advPoi), strings.Replace(defaultSig, `<Reference URI=""`, `<Reference xmlns="`+nsDSig+`" URI=""`, 1)), nil)
	ok("ns/signedinfo-redeclares-prefix", advDoc("", advUID(advPoi), sigTemplate("ds:", `xmlns:ds="`+nsDSig+`"`, ` xmlns:ds="`+nsDSig+`"`, "")), nil)
	ok("ns/signature-prefix-and-default-mixed", advDoc("", advUID(advPoi), strings.NewReplacer(
		`<Signature xmlns="`+nsDSig+`">`, `<ds:Signature xmlns="`+nsDSig+`" xmlns:ds="`+nsDSig+`">`, `</Signature>`, `</ds:Signature>`,
		`<Reference URI="">`, `<ds:Reference URI="">`, `</Reference>`, `</ds:Reference>`).Replace(defaultSig)), nil)
	ok("xmlattr/inside-signedinfo", advDoc(` xml:lang="en"`, advUID(advPoi), strings.Replace(defaultSig, `<Reference URI=""`, `<Reference xml:lang="hi" xml:space="preserve" URI=""`, 1)), nil)
	ok("ns/non-ascii-prefix", advDoc(` xmlns:ñ="urn:u"`, advUID(advPoi+`<ñ:e/>`), defaultSig), nil)
	ok("ns/uri-punctuation", advDoc(` xmlns:a="urn:!$()*+,;=@?/#~_.-%41'" xmlns:b="http://a.b:80/x;y?q#f" xmlns:c="x:"`, advUID(advPoi), defaultSig), nil)
	no("ns/uri-non-ascii", advDoc(` xmlns:w="urn:ü"`, advUID(advPoi), defaultSig), ErrMalformed, "")
	no("ns/uri-escapes", advDoc(` xmlns:w="urn:&lt;&#9;&quot;"`, advUID(advPoi), defaultSig), ErrMalformed, "")
	no("ns/uri-whitespace", advDoc(" xmlns:w=\"urn:a\tb\nc\"", advUID(advPoi), defaultSig), ErrMalformed, "")
	no("ns/uri-relative", advDoc(` xmlns:w="relative/path"`, advUID(advPoi), defaultSig), ErrMalformed, "")
	no("ns/uri-relative-default", advDoc("", advUID(advPoi+`<e xmlns="relative"/>`), defaultSig), ErrMalformed, "")
	no("ns/uri-two-fragments", advDoc(` xmlns:w="urn:a#b#c"`, advUID(advPoi), defaultSig), ErrMalformed, "")
	no("ns/uri-bad-percent", advDoc(` xmlns:w="urn:a%zz"`, advUID(advPoi), defaultSig), ErrMalformed, "")
	no("ns/uri-bad-port", advDoc(` xmlns:w="http://a:8a/"`, advUID(advPoi), defaultSig), ErrMalformed, "")
	no("ns/uri-ampersand", advDoc(` xmlns:w="urn:a&amp;b"`, advUID(advPoi), defaultSig), ErrMalformed,
		"'&' in a namespace name: libxml2 writes it unescaped in canonical form, the C14N spec and goxmldsig escape it")
	no("ns/uri-userinfo", advDoc(` xmlns:w="http://u@a/"`, advUID(advPoi), defaultSig), ErrMalformed,
		"namespace names are held to a conservative URI subset (no userinfo, IP literals or '&')")
	no("ns/xmlns-xml-declared", advDoc(` xmlns:xml="http://www.w3.org/XML/1998/namespace"`, advUID(advPoi), defaultSig), ErrMalformed,
		"declaring the xml prefix: libxml2 and Santuario leave it out of the canonical form, goxmldsig writes it")
	no("ns/root-in-namespace", advDoc(` xmlns="urn:x"`, advUID(advPoi), defaultSig), ErrMalformed, "the root must be in no namespace")
	no("ns/uiddata-in-namespace", advDoc("", strings.Replace(advUID(advPoi), "<UidData>", `<UidData xmlns="urn:x">`, 1), defaultSig), ErrMalformed,
		"the fields are read from UidData in no namespace only; a namespaced one is not the document's data")
	no("ns/prefix-undeclared-empty", advDoc(` xmlns:a=""`, advUID(advPoi), defaultSig), ErrMalformed, "xmlns:p=\"\" (a Namespaces in XML 1.0 error libxml2 only reports)")
	no("ns/xmlns-prefix-bound", advDoc(` xmlns:xmlns="urn:x"`, advUID(advPoi), defaultSig), ErrMalformed, "xmlns:xmlns (a Namespaces in XML error libxml2 only reports)")
	cs = append(cs, parseCase{name: "ns/signature-wrong-namespace", doc: base, want: ErrMalformed, post: func(b []byte) []byte {
		return []byte(strings.Replace(string(b), `xmlns="`+nsDSig+`"`, `xmlns="http://www.w3.org/2000/09/xmldsig"`, 1))
	}})
	cs = append(cs, parseCase{name: "ns/signature-prefix-rebound", doc: advDoc(` xmlns:ds="urn:not-dsig"`, advUID(advPoi), sigTemplate("ds:", `xmlns:ds="`+nsDSig+`"`, "", "")),
		want: ErrMalformed, post: func(b []byte) []byte {
			return []byte(strings.Replace(string(b), `<ds:Signature xmlns:ds="`+nsDSig+`">`, `<ds:Signature>`, 1))
		}})

	// Attribute order: by namespace URI (none first, then xml:), then local
	// name, by code point.
	ok("order/attrs", advDoc(` Z="1" a="2" xml:space="preserve" B="3" é="4" xml:lang="en"`, advUID(`<Poi name="Kavya Example" gender="F" dob="15-08-1992" Name="x" _="y"/>`), defaultSig), sp("Kavya Example"))

	// xml: attributes: inherited by SignedInfo (the apex of its subset),
	// unless it has its own.
	ok("xmlattr/root-lang-space-base-id", advDoc(` xml:lang="en" xml:space="preserve" xml:base="http://example.com/" xml:id="r"`, advUID(advPoi), defaultSig), nil)
	ok("xmlattr/signature-lang", advDoc(` xml:lang="en"`, advUID(advPoi), sigTemplate("", `xmlns="`+nsDSig+`" xml:lang="hi" xml:space="default"`, "", "")), nil)
	ok("xmlattr/signedinfo-own-lang", advDoc(` xml:lang="en"`, advUID(advPoi), sigTemplate("", `xmlns="`+nsDSig+`"`, ` xml:lang="fr"`, "")), nil)
	ok("xmlattr/signedinfo-empty-lang", advDoc(` xml:lang="en"`, advUID(advPoi), sigTemplate("", `xmlns="`+nsDSig+`"`, ` xml:lang=""`, "")), nil)
	ok("xmlattr/unknown-xml-attr", advDoc(` xml:foo="bar"`, advUID(advPoi), defaultSig), nil)
	no("xmlattr/duplicate", advDoc(` xml:lang="en" xml:lang="hi"`, advUID(advPoi), defaultSig), ErrMalformed, "")

	// Empty elements.
	ok("empty/start-end-pairs", advDoc("", advUID(`<Poi dob="15-08-1992" gender="F" name="Kavya Example"></Poi>`), defaultSig), sp("Kavya Example"))
	ok("empty/signedinfo-end-tags", advDoc("", advUID(advPoi), strings.NewReplacer(
		`<CanonicalizationMethod Algorithm="`+algC14N10+`"/>`, `<CanonicalizationMethod Algorithm="`+algC14N10+`"></CanonicalizationMethod >`,
		`<Transform Algorithm="`+algEnveloped+`"/>`, `<Transform Algorithm="`+algEnveloped+`" ></Transform>`).Replace(defaultSig)), nil)
	ok("empty/space-before-slash", advDoc("", advUID(`<Poi dob="15-08-1992" gender="F" name="Kavya Example" />`), defaultSig), sp("Kavya Example"))

	// Markup the reader refuses outright.
	no("markup/comment-in-body", strings.Replace(base, "<Poa", "<!--x--><Poa", 1), ErrMalformed, "comments are refused")
	no("markup/comment-before-root", strings.Replace(base, "\n", "\n<!--x-->", 1), ErrMalformed, "comments are refused")
	no("markup/comment-after-root", base+"<!--x-->", ErrMalformed, "comments are refused")
	no("markup/pi-before-root", strings.Replace(base, "\n", "\n<?pi x?>", 1), ErrMalformed, "processing instructions are refused")
	no("markup/pi-after-root", base+"<?pi x?>", ErrMalformed, "processing instructions are refused")
	no("markup/pi-in-body", strings.Replace(base, "<Poa", "<?pi x?><Poa", 1), ErrMalformed, "processing instructions are refused")
	no("markup/pi-xml-stylesheet", strings.Replace(base, "\n", "\n<?xml-stylesheet href=\"a\"?>", 1), ErrMalformed, "processing instructions are refused")
	no("markup/doctype", strings.Replace(base, "\n", "\n<!DOCTYPE OfflinePaperlessKyc>", 1), ErrMalformed, "DTDs are refused")
	no("markup/doctype-default-attr", strings.Replace(base, "\n", "\n<!DOCTYPE OfflinePaperlessKyc [<!ATTLIST Poi name CDATA \"Mallory\">]>", 1), ErrMalformed, "DTDs are refused")
	no("markup/text-after-root", base+"x", ErrMalformed, "")
	no("markup/second-root", base+"<OfflinePaperlessKyc/>", ErrMalformed, "")
	no("markup/nul-after-root", base+"\x00", ErrMalformed, "NUL is no XML character; libxml2 stops reading at it")

	// Size: depth, width, caps.
	nest := func(n int) string { return strings.Repeat("<d>", n) + strings.Repeat("</d>", n) }
	ok("size/deep-at-cap", advDoc("", advUID(advPoi+nest(MaxXMLDepth-2)), defaultSig), nil)
	no("size/deep-beyond-cap", advDoc("", advUID(advPoi+nest(MaxXMLDepth-1)), defaultSig), ErrTooLarge, "depth is capped")
	ok("size/wide-at-cap", advDoc("", advUID(advPoi+strings.Repeat("<w/>", MaxXMLElements-20)), defaultSig), nil)
	no("size/wide-beyond-cap", advDoc("", advUID(advPoi+strings.Repeat("<w/>", MaxXMLElements)), defaultSig), ErrTooLarge, "elements are capped")
	return cs
}

// TestAdversarialParseDifferential signs every parseCases document with
// xmlsec1 and compares verdicts.
func TestAdversarialParseDifferential(t *testing.T) {
	o := newOracle(t)
	k := fixtureKey(t)
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	var agree, stricter, bothRefuse int
	for _, tc := range parseCases() {
		t.Run(tc.name, func(t *testing.T) {
			signed, unreadable := o.sign(t, []byte(tc.doc))
			if signed == nil {
				if !unreadable {
					t.Fatal("xmlsec1 found nothing to sign")
				}
				// libxml2 cannot read or canonicalize it: neither may we.
				if _, err := parseXML([]byte(tc.doc)); err == nil {
					t.Fatalf("libxml2 refuses it, the package's reader accepts it")
				}
				if tc.accept {
					t.Fatalf("case expects acceptance, libxml2 refuses")
				}
				bothRefuse++
				return
			}
			if tc.post != nil {
				signed = tc.post(signed)
			}
			theirs, msg := o.verify(t, signed)
			d, err := v.VerifyXML(signed)
			if tc.accept {
				if err != nil {
					t.Fatalf("VerifyXML: %v (xmlsec1: %v %s)", err, theirs, msg)
				}
				if !theirs {
					t.Fatalf("xmlsec1 refuses what it signed: %s", msg)
				}
				if tc.wantName != nil && d.Name != *tc.wantName {
					t.Fatalf("name = %q, want %q", d.Name, *tc.wantName)
				}
				// goxmldsig's canonicalizer agrees on every subtree of the
				// same tree too.
				root, err := parseXML(signed)
				if err != nil {
					t.Fatal(err)
				}
				checkC14N(t, root)
				agree++
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("VerifyXML = %v, want %v (xmlsec1: %v)", err, tc.want, theirs)
			}
			if theirs {
				if tc.stricter == "" {
					t.Fatalf("xmlsec1 accepts, we refuse (%v), and the case names no deliberate strictness", err)
				}
				stricter++
				t.Logf("deliberately stricter than xmlsec1 (%s): %v", tc.stricter, err)
				return
			}
			bothRefuse++
		})
	}
	t.Logf("parse differential: %d verified by both, %d refused by both, %d deliberately stricter", agree, bothRefuse, stricter)
}

// TestAdversarialNamespaceNames draws namespace names from an alphabet of
// URI edge characters; every one the reader accepts goes into one document,
// which libxml2 must be able to canonicalize (its URI parser is stricter
// than RFC 3986 in places: ports, '#', '%') and which must verify here.
func TestAdversarialNamespaceNames(t *testing.T) {
	o := newOracle(t)
	k := fixtureKey(t)
	r := rand.New(rand.NewPCG(21, 17))
	const alphabet = "aZ09-._~!$'()*+,;=:/?@#%&[] fFxX\t"
	starts := []string{"", "urn:", "http://", "x:", "a+b.c-d:", "http:", "x://a:", "http://a", "1a:", ":"}
	var accepted []string
	for tries := 0; len(accepted) < 150 && tries < 100_000; tries++ {
		b := []byte(starts[r.IntN(len(starts))])
		for j := r.IntN(10); j > 0; j-- {
			b = append(b, alphabet[r.IntN(len(alphabet))])
		}
		if namespaceName(string(b)) {
			accepted = append(accepted, string(b))
		}
	}
	var extra strings.Builder
	for i, u := range accepted {
		if i%30 == 0 {
			if i > 0 {
				extra.WriteString("/>")
			}
			extra.WriteString("<n")
		}
		fmt.Fprintf(&extra, ` xmlns:w%d="%s"`, i, escAttr(u))
	}
	extra.WriteString("/>")
	signed, _ := o.sign(t, []byte(advDoc("", advUID(advPoi+extra.String()), defaultSig)))
	if signed == nil {
		t.Fatalf("libxml2 refuses namespace names the reader accepts")
	}
	if _, err := (&Verifier{Certs: k.ring(t), Now: fixedNow}).VerifyXML(signed); err != nil {
		t.Fatalf("VerifyXML: %v", err)
	}
	t.Logf("%d namespace names accepted by both", len(accepted))
}
