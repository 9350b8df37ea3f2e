package aadhaarxml

import (
	"crypto"
	"crypto/rsa"
	_ "crypto/sha1" // RSA-SHA1, UIDAI's SignatureMethod
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/beevik/etree"
)

// Algorithm identifiers of the UIDAI profile.
const (
	algC14N10      = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
	algRSASHA1     = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
	algRSASHA256   = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
	algSHA256      = "http://www.w3.org/2001/04/xmlenc#sha256"
	algEnveloped   = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
	nsDSig         = "http://www.w3.org/2000/09/xmldsig#"
	rootTag        = "OfflinePaperlessKyc"
	defaultMaxSkew = 24 * time.Hour
)

// Structural caps of [Verifier.VerifyXML]. Real documents have 14 elements
// and depth 6.
const (
	MaxXMLDepth    = 16
	MaxXMLElements = 256
	MaxXMLAttrs    = 32 // per element
)

// Default caps of [Verifier.VerifyQR].
const (
	// DefaultMaxQRDigits caps the decimal string (real codes: ~3,400).
	DefaultMaxQRDigits = 16 << 10
	// DefaultMaxQRSize caps the decompressed payload (real codes: ~1.4 KB).
	DefaultMaxQRSize = 64 << 10
)

// Profile selects the signature algorithms a [Verifier] accepts.
type Profile uint8

const (
	// ProfileUIDAI, the zero value, is what UIDAI signs Offline e-KYC XML
	// with: RSA-SHA1 over SignedInfo (SHA-1 is allowed here only because
	// UIDAI uses it), SHA-256 digest, inclusive C14N 1.0, one
	// enveloped-signature transform, Reference URI="". RSA-SHA256 is
	// accepted too, so a future move by UIDAI away from SHA-1 needs no
	// release.
	ProfileUIDAI Profile = iota
	// ProfileStrict is ProfileUIDAI without SHA-1: only RSA-SHA256 signatures
	// verify. Use it for documents from signers known not to use SHA-1, and
	// where FIPS 140-only mode forbids SHA-1.
	ProfileStrict
)

// String returns "uidai" or "strict".
func (p Profile) String() string {
	if p == ProfileStrict {
		return "strict"
	}
	return "uidai"
}

// allowSHA1 is the profile's named SHA-1 switch: on for UIDAI, off for
// anything else.
func (p Profile) allowSHA1() bool { return p == ProfileUIDAI }

// ValidityRule selects how a [Verifier] judges the ring key that verified a
// signature at the document's signed reference-id time.
type ValidityRule uint8

const (
	// ValidityWindow, the zero value, accepts a signed time inside the
	// key's signing [Window]: the certificate's validity, extended where
	// UIDAI is documented signing with the key after its certificate
	// expired, or whatever window the caller set. The ring is the trust
	// anchor. Refusals are [ErrOutsideWindow].
	ValidityWindow ValidityRule = iota
	// ValidityStrict accepts a signed time only inside the X.509 validity
	// of the key's certificate (a key held without a certificate has
	// none, except UIDAI's documented one). Refusals are
	// [ErrCertExpired]. Some genuine UIDAI files fail this rule.
	ValidityStrict
)

// String returns "signing window" or "strict x.509 validity".
func (r ValidityRule) String() string {
	if r == ValidityStrict {
		return "strict x.509 validity"
	}
	return "signing window"
}

// Verifier verifies Offline e-KYC XML and Secure QR codes against a ring of
// pinned keys. The zero Verifier uses the embedded UIDAI ring, the UIDAI
// profile, the signing-window rule and the system clock. A Verifier is safe
// for concurrent use.
type Verifier struct {
	// Certs is the ring of pinned keys; KeyInfo in the document is never
	// trusted. nil means [UIDAIKeyRing], loaded on every call: set Certs
	// once when verifying many documents.
	Certs *KeyRing
	// Profile selects the allowed algorithms. Default [ProfileUIDAI].
	Profile Profile
	// Validity selects the rule for the signing key at the signed time.
	// Default [ValidityWindow].
	Validity ValidityRule
	// Now is the clock, used only for MaxClockSkew and MaxAge (keys are
	// judged at the signed reference-id time). nil: time.Now.
	Now func() time.Time
	// MaxClockSkew is how far in the future a signed time may lie before
	// [ErrFutureTimestamp]. 0 means 24 hours.
	MaxClockSkew time.Duration
	// MaxAge, when positive, rejects documents generated longer ago than
	// this with [ErrTooOld]. 0 means no limit (UIDAI suggests checking
	// freshness; the policy is the caller's).
	MaxAge time.Duration
	// AllowExpiredCert accepts a signature by a ring key whatever the
	// signed time: outside the key's window, or outside its certificate's
	// validity under [ValidityStrict]. The Signer's InWindow and
	// ValidAtSigning then say what held. Default false.
	AllowExpiredCert bool
	// AllowUnknownQRVersion parses Secure QR layouts other than V1, V2, V3
	// and V5 (V4 is undocumented) with the V2 layout. Default false:
	// [ErrUnsupportedVersion].
	AllowUnknownQRVersion bool
	// MaxXMLSize caps the XML input. 0 means [DefaultMaxXMLSize].
	MaxXMLSize int
	// MaxQRDigits caps the Secure QR decimal string. 0 means
	// [DefaultMaxQRDigits].
	MaxQRDigits int
	// MaxQRSize caps the decompressed Secure QR payload. 0 means
	// [DefaultMaxQRSize].
	MaxQRSize int
}

func (v *Verifier) ring() (*KeyRing, error) {
	r := v.Certs
	if r == nil {
		var err error
		if r, err = UIDAIKeyRing(); err != nil {
			return nil, err
		}
	}
	if r.Len() == 0 {
		return nil, fmt.Errorf("%w: empty key ring", ErrKeyRing)
	}
	return r, nil
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// acceptable reports whether entry e may sign at t under the validity rule.
func (v *Verifier) acceptable(e *ringEntry, t time.Time) bool {
	if v.Validity == ValidityStrict {
		return e.validAt(t)
	}
	return e.window.Contains(t)
}

// findSigner returns the ring entry whose key verifies. The order in which
// keys are tried only saves work: the KeyInfo hint (an index, or -1), the
// key that verified the ring's previous signature, then the keys the
// validity rule accepts at the claimed signed time t — those whose
// certificate is also valid at t first, as keys signing past their
// certificate are the exception — in ring order, then the rest (so that a
// signature by a key outside its window is reported as such, not as an
// unknown signer). In the common case the first key tried verifies: one RSA
// operation. t is not trusted here; the caller judges the signed time once
// the signature is verified.
func (v *Verifier) findSigner(r *KeyRing, t time.Time, hint int, verify func(*rsa.PublicKey) bool) (*ringEntry, error) {
	var buf [8]int
	order := buf[:0]
	last := int(r.last.Load()) - 1
	if hint >= 0 {
		order = append(order, hint)
	}
	if last >= 0 && last < len(r.entries) && last != hint && v.acceptable(&r.entries[last], t) {
		order = append(order, last)
	}
	for pass := 0; pass < 3; pass++ {
		for i := range r.entries {
			e := &r.entries[i]
			var p int
			switch {
			case !v.acceptable(e, t):
				p = 2
			case !e.validAt(t):
				p = 1
			}
			if p == pass && !slices.Contains(order, i) {
				order = append(order, i)
			}
		}
	}
	for _, i := range order {
		e := &r.entries[i]
		if !verify(e.pub) {
			continue
		}
		r.last.Store(int32(i + 1))
		if !v.acceptable(e, t) {
			// The same key may be in the ring twice (two certificates for
			// it); prefer an entry that accepts the time.
			for j := range r.entries {
				if f := &r.entries[j]; f.spki == e.spki && v.acceptable(f, t) {
					return f, nil
				}
			}
		}
		return e, nil
	}
	return nil, ErrUnknownSigner
}

// checkTime applies the validity rule and the clock to a signature by entry
// e at the signed time t.
func (v *Verifier) checkTime(e *ringEntry, t time.Time) (*Signer, error) {
	inWindow, valid := e.window.Contains(t), e.validAt(t)
	if !v.AllowExpiredCert {
		switch {
		case v.Validity == ValidityStrict && !valid:
			return nil, &TimeError{Err: ErrCertExpired, Rule: ValidityStrict, Key: e.name, Signed: t, From: e.from, Until: e.to}
		case v.Validity != ValidityStrict && !inWindow:
			return nil, &TimeError{Err: ErrOutsideWindow, Rule: ValidityWindow, Key: e.name, Signed: t, From: e.window.From, Until: e.window.Until}
		}
	}
	now := v.now()
	skew := v.MaxClockSkew
	if skew <= 0 {
		skew = defaultMaxSkew
	}
	if t.After(now.Add(skew)) {
		return nil, &TimeError{Err: ErrFutureTimestamp, Signed: t, Now: now, Limit: skew}
	}
	if v.MaxAge > 0 && now.Sub(t) > v.MaxAge {
		return nil, &TimeError{Err: ErrTooOld, Signed: t, Now: now, Limit: v.MaxAge}
	}
	return e.signer(inWindow, valid), nil
}

// VerifyZIP opens an Offline e-KYC ZIP with [OpenZIP] (default caps, except
// that the XML cap is the Verifier's) and verifies the XML inside it with
// [Verifier.VerifyXML].
func (v *Verifier) VerifyZIP(zipData []byte, shareCode string) (*Document, error) {
	xml, err := OpenZIP(zipData, shareCode, &ZIPOptions{MaxXMLSize: int64(v.MaxXMLSize)})
	if err != nil {
		return nil, err
	}
	return v.VerifyXML(xml)
}

// VerifyXML verifies an Offline e-KYC XML document and returns its content,
// read from the signed tree: the one whose canonical form is digested.
//
// The document must be UTF-8 with root OfflinePaperlessKyc, no DTD, entity
// declaration, comment, processing instruction (other than the XML
// declaration) or CDATA section, within [MaxXMLDepth], [MaxXMLElements] and
// [MaxXMLAttrs], and exactly one Signature element, a direct child of the
// root, shaped as the profile says (one Reference with URI="", exactly the
// enveloped-signature transform). The reference digest is checked first,
// before any key. Then the signing key is chosen from the ring: the
// certificate in KeyInfo (which anyone can replace) is only a hint of which
// pinned key to try first, then come the keys whose window holds the signed
// time. Finally the signed time is judged by the validity rule.
//
// Errors: [ErrTampered] when the content does not match its digest,
// [ErrUnknownSigner] when no pinned key verifies SignedInfo,
// [ErrOutsideWindow] or [ErrCertExpired] (a [*TimeError]) when the key that
// verified may not sign at the signed time, [ErrAlgorithm], [ErrMalformed],
// [ErrTooLarge], [ErrFutureTimestamp], [ErrTooOld].
func (v *Verifier) VerifyXML(xml []byte) (*Document, error) {
	ring, err := v.ring()
	if err != nil {
		return nil, err
	}
	x, err := v.readSignedXML(xml)
	if err != nil {
		return nil, err
	}
	digest, err := safeHash(x.hash, x.signedInfo)
	if err != nil {
		return nil, err
	}
	hint := -1
	if x.keyInfo != nil {
		hint = ring.find(sha256.Sum256(x.keyInfo))
	}
	t := x.doc.Reference.Time
	e, err := v.findSigner(ring, t, hint, func(pub *rsa.PublicKey) bool {
		return rsa.VerifyPKCS1v15(pub, x.hash, digest, x.value) == nil
	})
	if err != nil {
		return nil, err
	}
	signer, err := v.checkTime(e, t)
	if err != nil {
		return nil, err
	}
	x.doc.Verified, x.doc.Signer = true, signer
	return x.doc, nil
}

// InspectXML checks everything [Verifier.VerifyXML] checks except who
// signed: the parse limits, the signature's shape and algorithms, and the
// reference digest ([ErrTampered]). The result has Verified = false and
// Signer = nil. Use it to look at a document whose signer is not in the
// ring: a document altered after signing is still refused, but anyone can
// make a document that passes, so never base a decision on it.
func (v *Verifier) InspectXML(xml []byte) (*Document, error) {
	x, err := v.readSignedXML(xml)
	if err != nil {
		return nil, err
	}
	return x.doc, nil
}

// signedXML is a parsed document whose digest matched.
type signedXML struct {
	doc        *Document
	signedInfo []byte // canonical SignedInfo: what the signature covers
	value      []byte // SignatureValue
	hash       crypto.Hash
	keyInfo    []byte // DER of the KeyInfo certificate, a hint only; nil when absent
}

// c14nPool keeps the buffers the canonical document is written into (it
// holds personal data only until the next document overwrites it, as freed
// memory would).
var c14nPool = sync.Pool{New: func() any { return new([]byte) }}

// readSignedXML parses xml, checks the signature's shape and the reference
// digest, and reads the fields from the tree that was digested.
func (v *Verifier) readSignedXML(xml []byte) (*signedXML, error) {
	root, err := v.parse(xml)
	if err != nil {
		return nil, err
	}
	sp, err := checkSignatureShape(root, v.Profile)
	if err != nil {
		return nil, err
	}
	x := &signedXML{value: sp.value, hash: sp.hash, keyInfo: sp.keyInfo}
	// SignedInfo is canonicalized in place, where it inherits the
	// namespace declarations (and xml: attributes) of its ancestors.
	x.signedInfo = canonicalize(nil, sp.signedInfo, nil)
	// The enveloped-signature transform: the root without its Signature.
	buf := c14nPool.Get().(*[]byte)
	signed := canonicalize((*buf)[:0], root, sp.sig)
	sum := sha256.Sum256(signed)
	*buf = signed
	c14nPool.Put(buf)
	if subtle.ConstantTimeCompare(sum[:], sp.digest) != 1 {
		return nil, ErrTampered
	}
	if x.doc, err = readOfflineXML(root); err != nil {
		return nil, err
	}
	return x, nil
}

// safeHash hashes b, turning a panic into ErrAlgorithm: Go's crypto/sha1
// panics in FIPS 140-only mode (GODEBUG=fips140=only), and no input may
// crash the caller.
func safeHash(h crypto.Hash, b []byte) (sum []byte, err error) {
	defer func() {
		if recover() != nil {
			sum, err = nil, fmt.Errorf("%w: signature hash unavailable (sha-1 in fips 140-only mode?)", ErrAlgorithm)
		}
	}()
	w := h.New()
	w.Write(b)
	return w.Sum(nil), nil
}

// DecodeXMLUnverified parses an Offline e-KYC XML document WITHOUT checking
// its signature or its digest, for reading a file that is not signed at
// all. The result has Verified = false and Signer = nil; never base a
// decision on it. [Verifier.InspectXML] also checks the digest. The same
// parsing limits as [Verifier.VerifyXML] apply.
func DecodeXMLUnverified(xml []byte) (*Document, error) {
	var v Verifier
	root, err := v.parse(xml)
	if err != nil {
		return nil, err
	}
	return readOfflineXML(root)
}

// parse reads xml under the size cap with the package's strict parser
// (xmlparse.go) and returns the root element.
func (v *Verifier) parse(xml []byte) (*etree.Element, error) {
	maxSize := v.MaxXMLSize
	if maxSize <= 0 {
		maxSize = DefaultMaxXMLSize
	}
	if len(xml) > maxSize {
		return nil, fmt.Errorf("%w: xml larger than %d bytes", ErrTooLarge, maxSize)
	}
	return parseXML(xml)
}

// attr returns the value of el's attribute key in no namespace. (etree's
// SelectAttr would also match a prefixed attribute of that name.)
func attr(el *etree.Element, key string) (string, bool) {
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// attrValue is attr's value, "" when absent.
func attrValue(el *etree.Element, key string) string {
	v, _ := attr(el, key)
	return v
}

// dsigChildren returns the children of el with local name tag (the
// namespace of signature elements is checked separately).
func dsigChildren(el *etree.Element, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == tag {
			out = append(out, c)
		}
	}
	return out
}

// dataChildren returns the children of el named tag with no namespace.
func dataChildren(el *etree.Element, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.Space == "" && c.NamespaceURI() == "" {
			out = append(out, c)
		}
	}
	return out
}

// inOrder reports whether the child elements of el have exactly the local
// names tags, in that order.
func inOrder(el *etree.Element, tags ...string) bool {
	n := 0
	for _, t := range el.Child {
		c, ok := t.(*etree.Element)
		if !ok {
			continue
		}
		if n == len(tags) || c.Tag != tags[n] {
			return false
		}
		n++
	}
	return n == len(tags)
}

// hasChildElement reports whether el has a child element (without the
// copy ChildElements makes).
func hasChildElement(el *etree.Element) bool {
	for _, t := range el.Child {
		if _, ok := t.(*etree.Element); ok {
			return true
		}
	}
	return false
}

// onlyChild returns the only child of el named tag, or an error when there
// are none or several.
func onlyChild(el *etree.Element, tag string) (*etree.Element, error) {
	cs := dsigChildren(el, tag)
	if len(cs) != 1 {
		return nil, fmt.Errorf("%w: want exactly one %s", ErrMalformed, tag)
	}
	return cs[0], nil
}

// sigParts are the pieces of a Signature that passed checkSignatureShape.
type sigParts struct {
	sig, signedInfo *etree.Element
	value, digest   []byte
	hash            crypto.Hash // of the SignatureMethod
	keyInfo         []byte      // DER of KeyInfo/X509Data/X509Certificate, nil when absent or not base64
}

// checkSignatureShape enforces the profile's Signature structure and
// algorithm allow-list and returns its parts.
func checkSignatureShape(root *etree.Element, p Profile) (*sigParts, error) {
	if root.Tag != rootTag || root.Space != "" || root.NamespaceURI() != "" {
		return nil, fmt.Errorf("%w: root is not %s", ErrMalformed, rootTag)
	}
	// Exactly one element named Signature in the whole document, a direct
	// child of the root: no wrapped or second signatures.
	var sigs []*etree.Element
	var find func(*etree.Element)
	find = func(el *etree.Element) {
		for _, c := range el.ChildElements() {
			if c.Tag == "Signature" {
				sigs = append(sigs, c)
			}
			find(c)
		}
	}
	find(root)
	if len(sigs) != 1 || sigs[0].Parent() != root {
		return nil, fmt.Errorf("%w: want exactly one Signature, a child of the root", ErrMalformed)
	}
	sig := sigs[0]
	// Every element of the signature must be in the xmldsig namespace and
	// use no prefix games.
	var nsErr error
	var ns func(*etree.Element)
	ns = func(el *etree.Element) {
		if el.NamespaceURI() != nsDSig {
			nsErr = fmt.Errorf("%w: signature element outside the xmldsig namespace", ErrMalformed)
		}
		for _, c := range el.ChildElements() {
			ns(c)
		}
	}
	ns(sig)
	if nsErr != nil {
		return nil, nsErr
	}
	// The errors below name the parent only: an unexpected element's name
	// is chosen by the document's author and never goes into an error.
	for _, c := range sig.ChildElements() {
		switch c.Tag {
		case "SignedInfo", "SignatureValue", "KeyInfo":
		default:
			return nil, fmt.Errorf("%w: unexpected child element in Signature", ErrMalformed)
		}
	}
	// The XMLDSig schema's order, which xmlsec1 enforces too.
	if !inOrder(sig, "SignedInfo", "SignatureValue") && !inOrder(sig, "SignedInfo", "SignatureValue", "KeyInfo") {
		return nil, fmt.Errorf("%w: Signature children not SignedInfo, SignatureValue, KeyInfo?", ErrMalformed)
	}
	kis := dsigChildren(sig, "KeyInfo")
	if len(kis) > 1 {
		return nil, fmt.Errorf("%w: want at most one KeyInfo", ErrMalformed)
	}
	sp := &sigParts{sig: sig}
	if len(kis) == 1 {
		if xd := kis[0].SelectElement("X509Data"); xd != nil {
			if xc := xd.SelectElement("X509Certificate"); xc != nil {
				sp.keyInfo, _ = decodeBase64(xc.Text())
			}
		}
	}
	si, err := onlyChild(sig, "SignedInfo")
	if err != nil {
		return nil, err
	}
	sv, err := onlyChild(sig, "SignatureValue")
	if err != nil {
		return nil, err
	}
	raw, err := decodeBase64(sv.Text())
	if err != nil || len(raw) == 0 || len(sv.ChildElements()) != 0 {
		return nil, fmt.Errorf("%w: SignatureValue is not base64", ErrMalformed)
	}
	sp.value, sp.signedInfo = raw, si
	for _, c := range si.ChildElements() {
		switch c.Tag {
		case "CanonicalizationMethod", "SignatureMethod", "Reference":
		default:
			return nil, fmt.Errorf("%w: unexpected child element in SignedInfo", ErrMalformed)
		}
	}
	if !inOrder(si, "CanonicalizationMethod", "SignatureMethod", "Reference") {
		return nil, fmt.Errorf("%w: SignedInfo children not CanonicalizationMethod, SignatureMethod, Reference", ErrMalformed)
	}
	cm, err := onlyChild(si, "CanonicalizationMethod")
	if err != nil {
		return nil, err
	}
	if attrValue(cm, "Algorithm") != algC14N10 || len(cm.ChildElements()) != 0 {
		return nil, fmt.Errorf("%w: canonicalization method", ErrAlgorithm)
	}
	sm, err := onlyChild(si, "SignatureMethod")
	if err != nil {
		return nil, err
	}
	switch attrValue(sm, "Algorithm") {
	case algRSASHA256:
		sp.hash = crypto.SHA256
	case algRSASHA1:
		if !p.allowSHA1() {
			return nil, fmt.Errorf("%w: rsa-sha1 under the %s profile", ErrAlgorithm, p)
		}
		sp.hash = crypto.SHA1
	default:
		return nil, fmt.Errorf("%w: signature method", ErrAlgorithm)
	}
	if len(sm.ChildElements()) != 0 {
		return nil, fmt.Errorf("%w: SignatureMethod parameters", ErrAlgorithm)
	}
	ref, err := onlyChild(si, "Reference")
	if err != nil {
		return nil, err
	}
	if uri, ok := attr(ref, "URI"); !ok || uri != "" {
		return nil, fmt.Errorf("%w: Reference URI must be empty", ErrMalformed)
	}
	for _, c := range ref.ChildElements() {
		switch c.Tag {
		case "Transforms", "DigestMethod", "DigestValue":
		default:
			return nil, fmt.Errorf("%w: unexpected child element in Reference", ErrMalformed)
		}
	}
	if !inOrder(ref, "Transforms", "DigestMethod", "DigestValue") {
		return nil, fmt.Errorf("%w: Reference children not Transforms, DigestMethod, DigestValue", ErrMalformed)
	}
	trs, err := onlyChild(ref, "Transforms")
	if err != nil {
		return nil, err
	}
	tr := trs.ChildElements()
	if len(tr) != 1 || tr[0].Tag != "Transform" || attrValue(tr[0], "Algorithm") != algEnveloped || len(tr[0].ChildElements()) != 0 {
		return nil, fmt.Errorf("%w: transforms must be exactly enveloped-signature", ErrAlgorithm)
	}
	dm, err := onlyChild(ref, "DigestMethod")
	if err != nil {
		return nil, err
	}
	if attrValue(dm, "Algorithm") != algSHA256 {
		return nil, fmt.Errorf("%w: digest method", ErrAlgorithm)
	}
	dv, err := onlyChild(ref, "DigestValue")
	if err != nil {
		return nil, err
	}
	d, err := decodeBase64(dv.Text())
	if err != nil || len(d) != sha256.Size || len(dv.ChildElements()) != 0 {
		return nil, fmt.Errorf("%w: DigestValue", ErrMalformed)
	}
	sp.digest = d
	return sp, nil
}

// decodeBase64 decodes standard base64 in XML text, which may be wrapped
// with white space. The decoder skips '\r' and '\n' itself, so stripSpace
// (a copy) runs only when that fails, for spaces and tabs.
func decodeBase64(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.StdEncoding.DecodeString(stripSpace(s))
}

// stripSpace returns s without ' ', '\t', '\r' and '\n' (XML white space),
// copying only when there is something to remove. Working on bytes is
// exact for UTF-8: these four bytes never occur inside a multi-byte
// sequence.
func stripSpace(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexAny(s, " \t\r\n")
		if i < 0 {
			break
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[:i])
		s = s[i+1:]
	}
	if b.Cap() == 0 {
		return s // nothing removed
	}
	b.WriteString(s)
	return b.String()
}

// readOfflineXML reads the document fields from the (verified) root.
func readOfflineXML(root *etree.Element) (*Document, error) {
	if root == nil || root.Tag != rootTag || root.Space != "" {
		return nil, fmt.Errorf("%w: root is not %s", ErrMalformed, rootTag)
	}
	ref, err := parseReferenceID(attrValue(root, "referenceId"))
	if err != nil {
		return nil, err
	}
	d := &Document{Source: SourceOfflineXML, Reference: ref, EmailMobileIndicator: -1}
	uds := dataChildren(root, "UidData")
	if len(uds) != 1 {
		return nil, fmt.Errorf("%w: want exactly one UidData", ErrMalformed)
	}
	ud := uds[0]
	one := func(tag string) (*etree.Element, error) {
		cs := dataChildren(ud, tag)
		switch len(cs) {
		case 0:
			return nil, nil
		case 1:
			return cs[0], nil
		}
		return nil, fmt.Errorf("%w: more than one %s", ErrMalformed, tag)
	}
	poi, err := one("Poi")
	if err != nil {
		return nil, err
	}
	poa, err := one("Poa")
	if err != nil {
		return nil, err
	}
	pht, err := one("Pht")
	if err != nil {
		return nil, err
	}
	attr := func(el *etree.Element, key string) string {
		if el == nil {
			return ""
		}
		return placeholder(attrValue(el, key))
	}
	d.Name = attr(poi, "name")
	if d.DOB, err = ParseDate(attr(poi, "dob")); err != nil {
		return nil, err
	}
	d.Gender = attr(poi, "gender")
	if d.EmailHash, err = hexHash(attr(poi, "e"), "e"); err != nil {
		return nil, err
	}
	if d.MobileHash, err = hexHash(attr(poi, "m"), "m"); err != nil {
		return nil, err
	}
	d.Address = Address{
		CareOf: attr(poa, "careof"), Country: attr(poa, "country"), District: attr(poa, "dist"),
		House: attr(poa, "house"), Landmark: attr(poa, "landmark"), Locality: attr(poa, "loc"),
		Pincode: attr(poa, "pc"), PostOffice: attr(poa, "po"), State: attr(poa, "state"),
		Street: attr(poa, "street"), SubDistrict: attr(poa, "subdist"), VTC: attr(poa, "vtc"),
	}
	if pht != nil {
		// Text() stops at the first child element: a photo split by one
		// would be read truncated.
		if hasChildElement(pht) {
			return nil, fmt.Errorf("%w: field %q", ErrMalformed, "Pht")
		}
		if s := pht.Text(); strings.TrimLeft(s, " \t\r\n") != "" {
			if d.Photo, err = decodeBase64(s); err != nil {
				return nil, fmt.Errorf("%w: field %q", ErrMalformed, "Pht")
			}
		}
	}
	d.PhotoFormat = DetectPhotoFormat(d.Photo)
	return d, nil
}

// hexHash decodes a 64-hex-digit hash attribute ("" means not shared).
func hexHash(s, field string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	if len(s) != 64 {
		return nil, fmt.Errorf("%w: field %q", ErrMalformed, field)
	}
	b := make([]byte, 32)
	for i := range 32 {
		hi, ok1 := unhex(s[2*i])
		lo, ok2 := unhex(s[2*i+1])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%w: field %q", ErrMalformed, field)
		}
		b[i] = hi<<4 | lo
	}
	return b, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
