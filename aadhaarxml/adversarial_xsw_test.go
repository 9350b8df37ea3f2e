package aadhaarxml

// Signature wrapping, forged signers and profile attacks, each against a
// document xmlsec1 signed with the fixture test key (or the attacker's
// throwaway key). An attack must never verify with fields other than the
// genuine ones; where xmlsec1 accepts what the package refuses, the case
// names the deliberate strictness.

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type attack struct {
	name     string
	doc      []byte
	want     error  // nil: verifies, reading the genuine fields
	stricter string // why the package refuses what xmlsec1 accepts
}

const (
	algExcC14N         = "http://www.w3.org/2001/10/xml-exc-c14n#"
	algC14NComments    = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"
	algXPath           = "http://www.w3.org/TR/1999/REC-xpath-19991116"
	algSHA1            = "http://www.w3.org/2000/09/xmldsig#sha1"
	algRSASHA512       = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
	algHMACSHA1        = "http://www.w3.org/2000/09/xmldsig#hmac-sha1"
	advMalloryPoi      = `<Poi dob="01-01-1970" gender="M" name="Mallory"/>`
	advMalloryRefID    = "999920240101000000000"
	advGenuineName     = "Kavya Example"
	advGenuineLast4    = "2468"
	advSignatureOpen   = `<Signature xmlns="` + nsDSig + `">`
	advSignatureClose  = `</Signature>`
	advSignedInfoClose = `</SignedInfo>`
)

func mustContain(t testing.TB, doc []byte, old string) {
	t.Helper()
	if !bytes.Contains(doc, []byte(old)) {
		t.Fatalf("generator: %q not found", old)
	}
}

func replaceOnce(t testing.TB, doc []byte, old, new string) []byte {
	t.Helper()
	mustContain(t, doc, old)
	return bytes.Replace(doc, []byte(old), []byte(new), 1)
}

// signatureOf returns the Signature element of a signed document and the
// document without it.
func signatureOf(t testing.TB, doc []byte) (sig string, rest []byte) {
	t.Helper()
	i := bytes.Index(doc, []byte("<Signature"))
	j := bytes.LastIndex(doc, []byte(advSignatureClose))
	if i < 0 || j < i {
		t.Fatal("generator: no Signature")
	}
	j += len(advSignatureClose)
	return string(doc[i:j]), append(bytes.Clone(doc[:i]), doc[j:]...)
}

// signedWith signs template with xmlsec1 and the given key, failing when it
// cannot.
func signedWith(t testing.TB, o *oracle, key string, template string) []byte {
	t.Helper()
	b, _ := o.signWith(t, key, []byte(template))
	if b == nil {
		t.Fatalf("xmlsec1 cannot sign the template")
	}
	return b
}

// withSig is the default Signature with replacements applied to it.
func withSig(t testing.TB, pairs ...string) string {
	t.Helper()
	s := defaultSig
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("generator: %q not in the signature template", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func attacks(t *testing.T, o *oracle) []attack {
	genuineKey := o.key
	attackerKey := o.attackerKeyFile(t)
	genuineCert := base64.StdEncoding.EncodeToString(fixtureKey(t).cert.Raw)
	genuineTmpl := advDoc("", advUID(advPoi), defaultSig)
	good := signedWith(t, o, genuineKey, genuineTmpl)
	gsig, unsigned := signatureOf(t, good)
	forgedTmpl := strings.Replace(advDoc("", advUID(advMalloryPoi), defaultSig), advRef, advMalloryRefID, 1)
	forged := signedWith(t, o, attackerKey, forgedTmpl)
	fsig, _ := signatureOf(t, forged)
	rootOpen := `<OfflinePaperlessKyc referenceId="` + advRef + `">`
	rootClose := `</OfflinePaperlessKyc>`
	mallory := advUID(advMalloryPoi)
	var as []attack
	add := func(name string, doc []byte, want error, stricter string) {
		as = append(as, attack{name, doc, want, stricter})
	}
	add("baseline", good, nil, "")

	// A second Signature, a nested one, a moved one.
	add("xsw/attacker-signature-in-uiddata", replaceOnce(t, good, "</UidData>", fsig+"</UidData>"), ErrMalformed, "")
	add("xsw/genuine-signature-copy-in-uiddata", replaceOnce(t, good, "<Poa", gsig+"<Poa"), ErrMalformed, "")
	add("xsw/signature-moved-into-uiddata", replaceOnce(t, unsigned, "</UidData>", gsig+"</UidData>"), ErrMalformed,
		"the Signature must be a child of the root (UIDAI profile); the enveloped transform alone would allow it anywhere")
	add("xsw/signature-moved-to-first-child", replaceOnce(t, unsigned, rootOpen, rootOpen+gsig), nil, "")
	add("xsw/attacker-signature-in-genuine-keyinfo", replaceOnce(t, good, advSignatureClose, "<KeyInfo>"+fsig+"</KeyInfo>"+advSignatureClose),
		ErrMalformed, "exactly one Signature element in the document")
	add("xsw/foreign-signature-in-keyinfo", replaceOnce(t, good, advSignatureClose, `<KeyInfo><Signature xmlns="urn:decoy"/></KeyInfo>`+advSignatureClose),
		ErrMalformed, "exactly one element named Signature, in any namespace")
	add("xsw/foreign-signature-before", replaceOnce(t, good, rootOpen, rootOpen+`<Signature xmlns="urn:decoy"/>`), ErrMalformed, "")
	{
		wrapped := []byte(`<?xml version="1.0"?>` + "\n" + `<OfflinePaperlessKyc referenceId="` + advMalloryRefID + `">` + mallory + `<Wrapper>`)
		wrapped = append(wrapped, good[bytes.Index(good, []byte("<OfflinePaperlessKyc")):]...)
		wrapped = append(wrapped, "</Wrapper>"+rootClose...)
		add("xsw/wrapped-root", wrapped, ErrMalformed, "")
	}
	{
		// The signed UidData hidden in an Object, the attacker's in the
		// root.
		doc := replaceOnce(t, good, advSignatureClose, `<Object>`+advUID(advPoi)+`</Object>`+advSignatureClose)
		add("xsw/original-in-object", replaceOnce(t, doc, advUID(advPoi), mallory), ErrMalformed, "")
		doc = replaceOnce(t, good, advSignatureClose, `<KeyInfo>`+advUID(advPoi)+`</KeyInfo>`+advSignatureClose)
		add("xsw/original-in-keyinfo", replaceOnce(t, doc, advUID(advPoi), mallory), ErrTampered, "")
	}
	// Unsigned data inside the Signature is never read.
	add("xsw/forged-uiddata-in-keyinfo", replaceOnce(t, good, advSignatureClose, "<KeyInfo>"+mallory+"</KeyInfo>"+advSignatureClose), nil, "")
	add("xsw/forged-uiddata-no-namespace-in-keyinfo", replaceOnce(t, good, advSignatureClose,
		`<KeyInfo><UidData xmlns="">`+advMalloryPoi+`</UidData></KeyInfo>`+advSignatureClose), ErrMalformed,
		"every element of the Signature is in the xmldsig namespace")
	add("xsw/signature-attributes-named-like-fields", replaceOnce(t, good, advSignatureOpen,
		`<Signature xmlns="`+nsDSig+`" Id="s" referenceId="`+advMalloryRefID+`" name="Mallory">`), nil, "")
	add("xsw/signature-xml-lang", replaceOnce(t, good, advSignatureOpen, `<Signature xmlns="`+nsDSig+`" xml:lang="en">`), ErrUnknownSigner, "")
	add("xsw/signature-extra-ns", replaceOnce(t, good, advSignatureOpen, `<Signature xmlns="`+nsDSig+`" xmlns:x="urn:x">`), ErrUnknownSigner, "")
	add("xsw/root-extra-ns", replaceOnce(t, good, rootOpen, `<OfflinePaperlessKyc xmlns:x="urn:x" referenceId="`+advRef+`">`), ErrTampered, "")
	// Moving UidData past the Signature changes nothing the digest covers.
	add("xsw/uiddata-after-signature", replaceOnce(t, replaceOnce(t, good, advUID(advPoi), ""), advSignatureClose, advSignatureClose+advUID(advPoi)), nil, "")
	add("xsw/second-uiddata-namespaced", replaceOnce(t, good, rootOpen, rootOpen+`<UidData xmlns="urn:x">`+advMalloryPoi+`</UidData>`), ErrTampered, "")
	add("xsw/lowercase-signature", bytes.ReplaceAll(good, []byte("Signature xmlns"), []byte("signature xmlns")), ErrMalformed, "")

	// Around the root.
	add("xsw/second-root", append(bytes.Clone(good), forged[bytes.Index(forged, []byte("<OfflinePaperlessKyc")):]...), ErrMalformed, "")
	add("xsw/trailing-text", append(bytes.Clone(good), "Mallory"...), ErrMalformed, "")
	add("xsw/comment-before-root", replaceOnce(t, good, "\n<Offline", "\n<!-- Mallory --><Offline"), ErrMalformed, "comments are refused")
	add("xsw/comment-after-root", append(bytes.Clone(good), "<!-- Mallory -->"...), ErrMalformed, "comments are refused")
	add("xsw/pi-before-root", replaceOnce(t, good, "\n<Offline", "\n<?mallory x?><Offline"), ErrMalformed, "")
	add("xsw/pi-after-root", append(bytes.Clone(good), "<?mallory x?>"...), ErrMalformed, "")
	add("xsw/doctype-id-attr", replaceOnce(t, good, "\n<Offline", "\n<!DOCTYPE OfflinePaperlessKyc [<!ATTLIST OfflinePaperlessKyc referenceId ID #IMPLIED>]><Offline"),
		ErrMalformed, "DTDs are refused")
	add("xsw/doctype-default-attr", replaceOnce(t, good, "\n<Offline", "\n<!DOCTYPE OfflinePaperlessKyc [<!ATTLIST Poa house CDATA \"Mallory\">]><Offline"),
		ErrMalformed, "DTDs are refused")

	// Forged signers.
	add("forged/attacker-signed", forged, ErrUnknownSigner, "")
	add("forged/attacker-signed-genuine-cert", signedWith(t, o, attackerKey, strings.Replace(forgedTmpl, defaultSig,
		withSig(t, "</SignatureValue>", "</SignatureValue><KeyInfo><X509Data><X509Certificate>"+genuineCert+"</X509Certificate></X509Data></KeyInfo>"), 1)),
		ErrUnknownSigner, "")
	add("forged/attacker-signed-keyvalue", o.signOutput(t, attackerKey, []byte(strings.Replace(forgedTmpl, defaultSig,
		withSig(t, "</SignatureValue>", "</SignatureValue><KeyInfo><KeyValue/></KeyInfo>"), 1))), ErrUnknownSigner, "")
	add("forged/genuine-signedinfo-on-forged-data", replaceOnce(t, good, advUID(advPoi), mallory), ErrTampered, "")
	add("forged/genuine-signature-on-forged-signedinfo", func() []byte {
		// The attacker's SignedInfo (digest of the forged data) with the
		// genuine SignatureValue.
		fi, fj := bytes.Index(forged, []byte("<SignedInfo>")), bytes.Index(forged, []byte(advSignedInfoClose))+len(advSignedInfoClose)
		gi, gj := bytes.Index(good, []byte("<SignedInfo>")), bytes.Index(good, []byte(advSignedInfoClose))+len(advSignedInfoClose)
		doc := append(bytes.Clone(forged[:fi]), good[gi:gj]...)
		doc = append(doc, forged[fj:]...)
		fs, gs := bytes.Index(doc, []byte("<SignatureValue>")), bytes.Index(good, []byte("<SignatureValue>"))
		return append(doc[:fs], good[gs:]...)
	}(), ErrTampered, "")
	{
		// HMAC with the pinned certificate as the secret (key confusion).
		hk := filepath.Join(o.dir, "hmac.key")
		if err := os.WriteFile(hk, fixtureKey(t).cert.Raw, 0o600); err != nil {
			t.Fatal(err)
		}
		tmpl := strings.Replace(forgedTmpl, defaultSig, withSig(t, algRSASHA1, algHMACSHA1), 1)
		in := o.file(t, []byte(tmpl))
		if b, err := execXMLSec(o, "--sign", "--hmackey", hk, "--output", in+".signed", in); err != nil {
			t.Fatalf("xmlsec1 hmac: %s", b)
		}
		out, err := os.ReadFile(in + ".signed")
		if err != nil {
			t.Fatal(err)
		}
		add("forged/hmac-with-pinned-cert", out, ErrAlgorithm, "")
	}

	// The XMLDSig schema's element order, which xmlsec1 enforces.
	{
		si := string(good[bytes.Index(good, []byte("<SignedInfo>")) : bytes.Index(good, []byte(advSignedInfoClose))+len(advSignedInfoClose)])
		svStart := bytes.Index(good, []byte("<SignatureValue>"))
		sv := string(good[svStart : bytes.Index(good, []byte("</SignatureValue>"))+len("</SignatureValue>")])
		add("shape/signaturevalue-before-signedinfo", replaceOnce(t, good, si+sv, sv+si), ErrMalformed, "")
		add("shape/keyinfo-before-signedinfo", replaceOnce(t, good, si, "<KeyInfo><KeyName>k</KeyName></KeyInfo>"+si), ErrMalformed, "")
		swap := func(name, a, b string) {
			doc := strings.Replace(genuineTmpl, a+b, b+a, 1)
			if doc == genuineTmpl {
				t.Fatalf("generator: %s", name)
			}
			add("shape/"+name, resignGoxmldsig(t, doc), ErrMalformed, "")
		}
		swap("signaturemethod-before-c14n", `<CanonicalizationMethod Algorithm="`+algC14N10+`"/>`, `<SignatureMethod Algorithm="`+algRSASHA1+`"/>`)
		swap("reference-before-signaturemethod", `<SignatureMethod Algorithm="`+algRSASHA1+`"/>`,
			`<Reference URI=""><Transforms><Transform Algorithm="`+algEnveloped+`"/></Transforms><DigestMethod Algorithm="`+algSHA256+`"/><DigestValue></DigestValue></Reference>`)
		swap("digestvalue-before-digestmethod", `<DigestMethod Algorithm="`+algSHA256+`"/>`, `<DigestValue></DigestValue>`)
		swap("transforms-after-digestmethod", `<Transforms><Transform Algorithm="`+algEnveloped+`"/></Transforms>`, `<DigestMethod Algorithm="`+algSHA256+`"/>`)
	}

	// Profile: validly signed with the genuine key, but outside UIDAI's
	// profile. xmlsec1 accepts them.
	prof := func(name string, want error, stricter string, pairs ...string) {
		add("profile/"+name, signedWith(t, o, genuineKey, advDoc("", advUID(advPoi), withSig(t, pairs...))), want, stricter)
	}
	prof("c14n-exclusive", ErrAlgorithm, "CanonicalizationMethod must be inclusive C14N 1.0", `CanonicalizationMethod Algorithm="`+algC14N10, `CanonicalizationMethod Algorithm="`+algExcC14N)
	prof("c14n-with-comments", ErrAlgorithm, "CanonicalizationMethod must be inclusive C14N 1.0", `CanonicalizationMethod Algorithm="`+algC14N10, `CanonicalizationMethod Algorithm="`+algC14NComments)
	prof("transform-extra-c14n", ErrAlgorithm, "transforms must be exactly [enveloped-signature]", `</Transforms>`, `<Transform Algorithm="`+algExcC14N+`"/></Transforms>`)
	prof("digest-sha1", ErrAlgorithm, "DigestMethod must be SHA-256", `DigestMethod Algorithm="`+algSHA256, `DigestMethod Algorithm="`+algSHA1)
	prof("rsa-sha512", ErrAlgorithm, "SignatureMethod must be RSA-SHA1 or RSA-SHA256", algRSASHA1, algRSASHA512)
	prof("reference-uri-absent", ErrMalformed, "Reference URI must be present and empty", `<Reference URI="">`, `<Reference>`)
	prof("reference-uri-in-xml-namespace", ErrMalformed, "Reference URI must be present and empty (an xml:URI is another attribute)", `<Reference URI="">`, `<Reference xml:URI="">`)
	prof("reference-uri-xpointer", ErrMalformed, "Reference URI must be empty", `URI=""`, `URI="#xpointer(/)"`)
	// Two References, both filled in by xmlsec1 (its own output).
	add("profile/two-references", o.signOutput(t, genuineKey, []byte(advDoc("", advUID(advPoi), withSig(t, "</SignedInfo>",
		`<Reference URI=""><Transforms><Transform Algorithm="`+algEnveloped+`"/></Transforms><DigestMethod Algorithm="`+algSHA256+
			`"/><DigestValue></DigestValue></Reference></SignedInfo>`)))), ErrMalformed, "exactly one Reference")
	{
		// An XPath transform that leaves UidData out of the digest: the
		// data can then be changed freely under a valid signature.
		tmpl := advDoc("", advUID(advPoi), withSig(t, `<Transform Algorithm="`+algEnveloped+`"/>`,
			`<Transform Algorithm="`+algEnveloped+`"/><Transform Algorithm="`+algXPath+`"><XPath>not(ancestor-or-self::UidData)</XPath></Transform>`))
		doc := signedWith(t, o, genuineKey, tmpl)
		add("profile/xpath-excluding-data-then-altered", replaceOnce(t, doc, advUID(advPoi), mallory), ErrAlgorithm,
			"transforms must be exactly [enveloped-signature]; xmlsec1 accepts a document whose data the signature does not cover")
	}
	return as
}

// TestAdversarialSignatureWrapping runs the attacks.
func TestAdversarialSignatureWrapping(t *testing.T) {
	o := newOracle(t)
	k := fixtureKey(t)
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	var agree, stricter int
	for _, a := range attacks(t, o) {
		t.Run(a.name, func(t *testing.T) {
			d, err := v.VerifyXML(a.doc)
			theirs, msg := o.verify(t, a.doc)
			if err == nil {
				// Whatever verifies reads the genuine fields.
				if d.Name != advGenuineName || d.Reference.Last4 != advGenuineLast4 || !d.Verified {
					t.Fatalf("ACCEPTED WITH FORGED FIELDS: name %q, last4 %q", d.Name, d.Reference.Last4)
				}
				if !theirs {
					t.Fatalf("we accept what xmlsec1 refuses (%s)", msg)
				}
			}
			if a.want == nil {
				if err != nil {
					t.Fatalf("VerifyXML: %v", err)
				}
				agree++
				return
			}
			if !errors.Is(err, a.want) {
				t.Fatalf("VerifyXML = %v, want %v (xmlsec1: %v)", err, a.want, theirs)
			}
			if theirs {
				if a.stricter == "" {
					t.Fatalf("xmlsec1 accepts, we refuse (%v), and the case names no deliberate strictness", err)
				}
				stricter++
				t.Logf("deliberately stricter than xmlsec1 (%s): %v", a.stricter, err)
				return
			}
			agree++
		})
	}
	t.Logf("signature wrapping: %d verdicts agree with xmlsec1, %d deliberately stricter", agree, stricter)
}

// TestAdversarialXMLSecKeyValue documents why the oracle runs xmlsec1 with
// --enabled-key-data key-name: by default xmlsec1 --verify
// --pubkey-cert-pem CERT accepts a document signed by any key whose
// KeyValue the document carries.
func TestAdversarialXMLSecKeyValue(t *testing.T) {
	o := newOracle(t)
	doc := o.signOutput(t, o.attackerKeyFile(t), []byte(advDoc("", advUID(advMalloryPoi),
		withSig(t, "</SignatureValue>", "</SignatureValue><KeyInfo><KeyValue/></KeyInfo>"))))
	mustContain(t, doc, "<RSAKeyValue>")
	if _, err := execXMLSec(o, "--verify", "--pubkey-cert-pem", o.cert, o.file(t, doc)); err != nil {
		t.Logf("xmlsec1 without --enabled-key-data now refuses a key from the document: %v", err)
	} else {
		t.Log("xmlsec1 without --enabled-key-data accepts the attacker's KeyValue")
	}
	if ok, _ := o.verify(t, doc); ok {
		t.Fatal("the oracle's xmlsec1 accepts a key from the document")
	}
	k := fixtureKey(t)
	if _, err := (&Verifier{Certs: k.ring(t), Now: fixedNow}).VerifyXML(doc); !errors.Is(err, ErrUnknownSigner) {
		t.Fatalf("VerifyXML = %v, want ErrUnknownSigner", err)
	}
}

// resignGoxmldsig fills the empty DigestValue and SignatureValue of doc
// with the fixture key, canonicalizing with goxmldsig: for SignedInfo
// shapes xmlsec1 will not sign.
func resignGoxmldsig(t testing.TB, doc string) []byte {
	t.Helper()
	k := fixtureKey(t)
	root, err := parseXML([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	sig := root.SelectElement("Signature")
	i := sig.Index()
	root.RemoveChildAt(i)
	digest := sha256.Sum256(goxmldsigC14N(t, root))
	doc = strings.Replace(doc, "<DigestValue></DigestValue>", "<DigestValue>"+base64.StdEncoding.EncodeToString(digest[:])+"</DigestValue>", 1)
	if root, err = parseXML([]byte(doc)); err != nil {
		t.Fatal(err)
	}
	h := sha1.Sum(goxmldsigC14N(t, root.SelectElement("Signature").SelectElement("SignedInfo")))
	sv, err := rsa.SignPKCS1v15(nil, k.key, crypto.SHA1, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.Replace(doc, "<SignatureValue></SignatureValue>", "<SignatureValue>"+base64.StdEncoding.EncodeToString(sv)+"</SignatureValue>", 1))
}
