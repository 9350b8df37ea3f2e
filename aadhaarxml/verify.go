package aadhaarxml

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
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

// Verifier verifies Offline e-KYC XML and Secure QR codes against a ring of
// pinned certificates. The zero Verifier uses the embedded UIDAI ring, the
// UIDAI profile and the system clock. A Verifier is safe for concurrent use.
type Verifier struct {
	// Certs is the ring of pinned certificates; each is tried in turn and
	// KeyInfo in the document is never trusted. nil means [UIDAIKeyRing],
	// loaded on every call: set Certs once when verifying many documents.
	Certs *KeyRing
	// Profile selects the allowed algorithms. Default [ProfileUIDAI].
	Profile Profile
	// Now is the clock, used only for MaxClockSkew and MaxAge (certificate
	// expiry is judged at the signed reference-id time). nil: time.Now.
	Now func() time.Time
	// MaxClockSkew is how far in the future a signed time may lie before
	// [ErrFutureTimestamp]. 0 means 24 hours.
	MaxClockSkew time.Duration
	// MaxAge, when positive, rejects documents generated longer ago than
	// this with [ErrTooOld]. 0 means no limit (UIDAI suggests checking
	// freshness; the policy is the caller's).
	MaxAge time.Duration
	// AllowExpiredCert accepts a signature by a pinned certificate that
	// was not valid at the signed time, and reports it with
	// Signer.ValidAtSigning = false. Needed for some genuine files: one
	// 2025 XML was signed under a certificate that expired in 2024.
	// Default false: [ErrCertExpired].
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
	if v.Certs != nil {
		return v.Certs, nil
	}
	return UIDAIKeyRing()
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// checkTime applies the date policy to a signature by entry e at the signed
// time t.
func (v *Verifier) checkTime(e *ringEntry, t time.Time) (*Signer, error) {
	valid := !t.Before(e.cert.NotBefore) && !t.After(e.cert.NotAfter)
	if !valid && !v.AllowExpiredCert {
		return nil, fmt.Errorf("%w: certificate %s", ErrCertExpired, e.name)
	}
	now := v.now()
	skew := v.MaxClockSkew
	if skew <= 0 {
		skew = defaultMaxSkew
	}
	if t.After(now.Add(skew)) {
		return nil, ErrFutureTimestamp
	}
	if v.MaxAge > 0 && now.Sub(t) > v.MaxAge {
		return nil, ErrTooOld
	}
	return e.signer(valid), nil
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
// read only from the signed, canonical bytes that the signature covers.
//
// The document must be UTF-8 with root OfflinePaperlessKyc, no DTD, entity
// declaration, comment or processing instruction (other than the XML
// declaration), within [MaxXMLDepth], [MaxXMLElements] and [MaxXMLAttrs], and
// exactly one Signature element, a direct child of the root, shaped as the
// profile says (one Reference with URI="", exactly the enveloped-signature
// transform). KeyInfo is removed before verification: its certificate
// (which anyone can replace) is used only as a hint for which pinned
// certificate to try first. Each certificate of the ring is then tried in
// turn.
//
// Errors: [ErrUnknownSigner] when no pinned key verifies SignedInfo,
// [ErrTampered] when one does but the content does not match the signed
// digest, [ErrCertExpired] when the signer's certificate was not valid at
// the signed reference-id time, [ErrAlgorithm], [ErrMalformed],
// [ErrTooLarge], [ErrFutureTimestamp], [ErrTooOld].
func (v *Verifier) VerifyXML(xml []byte) (*Document, error) {
	ring, err := v.ring()
	if err != nil {
		return nil, err
	}
	if ring.Len() == 0 {
		return nil, fmt.Errorf("%w: empty key ring", ErrKeyRing)
	}
	doc, err := v.parse(xml)
	if err != nil {
		return nil, err
	}
	root := doc.Root()
	sigEl, err := checkSignatureShape(root, v.Profile)
	if err != nil {
		return nil, err
	}
	order := tryOrder(ring, sigEl)
	if ki := sigEl.SelectElement("KeyInfo"); ki != nil {
		sigEl.RemoveChild(ki)
	}

	tampered := false
	for _, i := range order {
		e := &ring.entries[i]
		ctx := &dsig.ValidationContext{
			CertificateStore: &dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{e.cert}},
			IdAttribute:      dsig.DefaultIdAttr,
			Clock:            dsig.NewFakeClockAt(e.cert.NotBefore),
		}
		verified, err := safeValidate(ctx, root)
		if errors.Is(err, errValidatePanic) {
			return nil, fmt.Errorf("%w: signature check failed (sha-1 unavailable, e.g. in fips 140-only mode?)", ErrAlgorithm)
		}
		if err != nil {
			if errors.Is(err, rsa.ErrVerification) {
				continue // not this key
			}
			// SignedInfo verified with this key (the RSA check comes
			// first in goxmldsig); what failed is the reference digest.
			tampered = true
			continue
		}
		d, err := readOfflineXML(verified)
		if err != nil {
			return nil, err
		}
		signer, err := v.checkTime(e, d.Reference.Time)
		if err != nil {
			return nil, err
		}
		d.Verified, d.Signer = true, signer
		return d, nil
	}
	if tampered {
		return nil, ErrTampered
	}
	return nil, ErrUnknownSigner
}

var errValidatePanic = errors.New("validate panicked")

// safeValidate runs goxmldsig, turning a panic into an error. Go's
// crypto/sha1 panics in FIPS 140-only mode (GODEBUG=fips140=only), and no
// input may crash the caller.
func safeValidate(ctx *dsig.ValidationContext, root *etree.Element) (el *etree.Element, err error) {
	defer func() {
		if recover() != nil {
			el, err = nil, errValidatePanic
		}
	}()
	return ctx.Validate(root)
}

// DecodeXMLUnverified parses an Offline e-KYC XML document WITHOUT checking
// its signature, for inspecting a file whose signer is not in the ring. The
// result has Verified = false and Signer = nil; never base a decision on
// it. The same parsing limits as [Verifier.VerifyXML] apply.
func DecodeXMLUnverified(xml []byte) (*Document, error) {
	var v Verifier
	doc, err := v.parse(xml)
	if err != nil {
		return nil, err
	}
	return readOfflineXML(doc.Root())
}

// parse reads xml with etree under the caps and rejects DTDs, comments and
// processing instructions.
func (v *Verifier) parse(xml []byte) (*etree.Document, error) {
	maxSize := v.MaxXMLSize
	if maxSize <= 0 {
		maxSize = DefaultMaxXMLSize
	}
	if len(xml) > maxSize {
		return nil, fmt.Errorf("%w: xml larger than %d bytes", ErrTooLarge, maxSize)
	}
	if !utf8.Valid(xml) {
		return nil, fmt.Errorf("%w: not utf-8", ErrMalformed)
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{
		MaxDepth: MaxXMLDepth,
		CharsetReader: func(string, io.Reader) (io.Reader, error) {
			return nil, errors.New("non-utf-8 charset")
		},
	}
	if err := doc.ReadFromBytes(xml); err != nil {
		if errors.Is(err, etree.ErrMaxDepth) {
			return nil, fmt.Errorf("%w: xml deeper than %d", ErrTooLarge, MaxXMLDepth)
		}
		return nil, fmt.Errorf("%w: xml syntax", ErrMalformed)
	}
	count := 0
	for i, tok := range doc.Child {
		switch t := tok.(type) {
		case *etree.ProcInst:
			if t.Target != "xml" || i != 0 {
				return nil, fmt.Errorf("%w: processing instruction", ErrMalformed)
			}
			if enc := strings.ToLower(procInstAttr(t.Inst, "encoding")); enc != "" && enc != "utf-8" {
				return nil, fmt.Errorf("%w: encoding must be utf-8", ErrMalformed)
			}
		case *etree.Element:
		case *etree.CharData:
			if !t.IsWhitespace() {
				return nil, fmt.Errorf("%w: text outside the root", ErrMalformed)
			}
		case *etree.Directive:
			return nil, fmt.Errorf("%w: dtd or directive", ErrMalformed)
		case *etree.Comment:
			return nil, fmt.Errorf("%w: comment", ErrMalformed)
		default:
			return nil, fmt.Errorf("%w: unexpected token", ErrMalformed)
		}
	}
	root := doc.Root()
	if root == nil {
		return nil, fmt.Errorf("%w: no root element", ErrMalformed)
	}
	if err := walk(root, &count); err != nil {
		return nil, err
	}
	return doc, nil
}

func walk(el *etree.Element, count *int) error {
	if *count++; *count > MaxXMLElements {
		return fmt.Errorf("%w: more than %d elements", ErrTooLarge, MaxXMLElements)
	}
	if len(el.Attr) > MaxXMLAttrs {
		return fmt.Errorf("%w: more than %d attributes on one element", ErrTooLarge, MaxXMLAttrs)
	}
	for _, tok := range el.Child {
		switch t := tok.(type) {
		case *etree.Element:
			if err := walk(t, count); err != nil {
				return err
			}
		case *etree.CharData:
		case *etree.Comment:
			return fmt.Errorf("%w: comment", ErrMalformed)
		case *etree.Directive:
			return fmt.Errorf("%w: dtd or directive", ErrMalformed)
		case *etree.ProcInst:
			return fmt.Errorf("%w: processing instruction", ErrMalformed)
		default:
			return fmt.Errorf("%w: unexpected token", ErrMalformed)
		}
	}
	return nil
}

func procInstAttr(inst, key string) string {
	i := strings.Index(inst, key+"=")
	if i < 0 {
		return ""
	}
	rest := inst[i+len(key)+1:]
	if len(rest) < 2 {
		return ""
	}
	q := rest[0]
	if q != '"' && q != '\'' {
		return ""
	}
	j := strings.IndexByte(rest[1:], q)
	if j < 0 {
		return ""
	}
	return rest[1 : 1+j]
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

// onlyChild returns the only child of el named tag, or an error when there
// are none or several.
func onlyChild(el *etree.Element, tag string) (*etree.Element, error) {
	cs := dsigChildren(el, tag)
	if len(cs) != 1 {
		return nil, fmt.Errorf("%w: want exactly one %s", ErrMalformed, tag)
	}
	return cs[0], nil
}

// checkSignatureShape enforces the profile's Signature structure and
// algorithm allow-list and returns the Signature element.
func checkSignatureShape(root *etree.Element, p Profile) (*etree.Element, error) {
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
	for _, c := range sig.ChildElements() {
		switch c.Tag {
		case "SignedInfo", "SignatureValue", "KeyInfo":
		default:
			return nil, fmt.Errorf("%w: unexpected %s in Signature", ErrMalformed, c.Tag)
		}
	}
	if len(dsigChildren(sig, "KeyInfo")) > 1 {
		return nil, fmt.Errorf("%w: want at most one KeyInfo", ErrMalformed)
	}
	si, err := onlyChild(sig, "SignedInfo")
	if err != nil {
		return nil, err
	}
	sv, err := onlyChild(sig, "SignatureValue")
	if err != nil {
		return nil, err
	}
	raw, err := base64.StdEncoding.DecodeString(stripSpace(sv.Text()))
	if err != nil || len(raw) == 0 || len(sv.ChildElements()) != 0 {
		return nil, fmt.Errorf("%w: SignatureValue is not base64", ErrMalformed)
	}
	for _, c := range si.ChildElements() {
		switch c.Tag {
		case "CanonicalizationMethod", "SignatureMethod", "Reference":
		default:
			return nil, fmt.Errorf("%w: unexpected %s in SignedInfo", ErrMalformed, c.Tag)
		}
	}
	cm, err := onlyChild(si, "CanonicalizationMethod")
	if err != nil {
		return nil, err
	}
	if cm.SelectAttrValue("Algorithm", "") != algC14N10 || len(cm.ChildElements()) != 0 {
		return nil, fmt.Errorf("%w: canonicalization method", ErrAlgorithm)
	}
	sm, err := onlyChild(si, "SignatureMethod")
	if err != nil {
		return nil, err
	}
	switch sm.SelectAttrValue("Algorithm", "") {
	case algRSASHA256:
	case algRSASHA1:
		if !p.allowSHA1() {
			return nil, fmt.Errorf("%w: rsa-sha1 under the %s profile", ErrAlgorithm, p)
		}
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
	if uri := ref.SelectAttr("URI"); uri == nil || uri.Value != "" {
		return nil, fmt.Errorf("%w: Reference URI must be empty", ErrMalformed)
	}
	for _, c := range ref.ChildElements() {
		switch c.Tag {
		case "Transforms", "DigestMethod", "DigestValue":
		default:
			return nil, fmt.Errorf("%w: unexpected %s in Reference", ErrMalformed, c.Tag)
		}
	}
	trs, err := onlyChild(ref, "Transforms")
	if err != nil {
		return nil, err
	}
	tr := trs.ChildElements()
	if len(tr) != 1 || tr[0].Tag != "Transform" || tr[0].SelectAttrValue("Algorithm", "") != algEnveloped || len(tr[0].ChildElements()) != 0 {
		return nil, fmt.Errorf("%w: transforms must be exactly enveloped-signature", ErrAlgorithm)
	}
	dm, err := onlyChild(ref, "DigestMethod")
	if err != nil {
		return nil, err
	}
	if dm.SelectAttrValue("Algorithm", "") != algSHA256 {
		return nil, fmt.Errorf("%w: digest method", ErrAlgorithm)
	}
	dv, err := onlyChild(ref, "DigestValue")
	if err != nil {
		return nil, err
	}
	if d, err := base64.StdEncoding.DecodeString(stripSpace(dv.Text())); err != nil || len(d) != sha256.Size {
		return nil, fmt.Errorf("%w: DigestValue", ErrMalformed)
	}
	return sig, nil
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

// tryOrder returns the ring indexes in the order to try: the certificate
// named in KeyInfo first when it is pinned (a hint only, which saves RSA
// operations; it is never trusted), then the others in ring order.
func tryOrder(ring *KeyRing, sig *etree.Element) []int {
	order := make([]int, 0, ring.Len())
	hint := -1
	if ki := sig.SelectElement("KeyInfo"); ki != nil {
		if xd := ki.SelectElement("X509Data"); xd != nil {
			if xc := xd.SelectElement("X509Certificate"); xc != nil {
				if der, err := base64.StdEncoding.DecodeString(stripSpace(xc.Text())); err == nil {
					hint = ring.find(sha256.Sum256(der))
				}
			}
		}
	}
	if hint >= 0 {
		order = append(order, hint)
	}
	for i := range ring.entries {
		if i != hint {
			order = append(order, i)
		}
	}
	return order
}

// readOfflineXML reads the document fields from the (verified) root.
func readOfflineXML(root *etree.Element) (*Document, error) {
	if root == nil || root.Tag != rootTag || root.Space != "" {
		return nil, fmt.Errorf("%w: root is not %s", ErrMalformed, rootTag)
	}
	ref, err := parseReferenceID(root.SelectAttrValue("referenceId", ""))
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
		return placeholder(el.SelectAttrValue(key, ""))
	}
	d.Name = attr(poi, "name")
	if d.DOB, err = parseDate(attr(poi, "dob")); err != nil {
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
		if s := stripSpace(pht.Text()); s != "" {
			if d.Photo, err = base64.StdEncoding.DecodeString(s); err != nil {
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
