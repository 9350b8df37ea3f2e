package aadhaarxml

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"embed"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

//go:embed uidaicerts/*.der
var uidaiCerts embed.FS

// MinRSABits is the smallest RSA key a [KeyRing] accepts.
const MinRSABits = 2048

// pin is a UIDAI signing key whose provenance the project documents (see
// uidaicerts/README.md). A pin either ships a certificate (file is a DER
// certificate) or only the key (file is a DER SubjectPublicKeyInfo, as UIDAI's
// 2026 key is published in the sources available to the project); cert is
// the certificate's SHA-256 when known, spki the key's.
type pin struct {
	name, file string
	cert, spki string
	// from and to are the certificate's X.509 validity (checked against
	// the shipped certificate; what a bare copy of the key is judged by).
	from, to time.Time
	// until is the end of the signing window when UIDAI was observed
	// signing after the certificate expired; zero means the window ends
	// with the validity.
	until    time.Time
	evidence string
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// uidaiPins lists the UIDAI signing keys, oldest first.
var uidaiPins = []pin{
	{name: "uidai_prod_cdup", file: "uidaicerts/uidai_prod_cdup.der",
		cert: "fcf31a3f89211615ebd5d449ac33d8d381f654d2e2d15037d5cc8d4aeb72f836",
		spki: "7eec85303e0d63ef8811736e4ff15c3e53c357a4e244bf2b6e6fe5bc28e8789f",
		from: utc("2017-06-08T10:46:26Z"), to: utc("2020-06-07T10:46:26Z"),
		evidence: "certificate validity; UIDAI's 2019 sample Secure QR verifies with it"},
	{name: "uidai_auth_sign_prod_2023", file: "uidaicerts/uidai_auth_sign_prod_2023.der",
		cert: "7f7217582a4d7d711c4ca4168eb222573bdf084a7aded8f8d0c85c47a545923b",
		spki: "f5497b38374a5865914b035a437c41604e3b9835aa48065a9eab46d8b70d7eb2",
		from: utc("2020-05-27T05:03:05Z"), to: utc("2023-05-27T05:03:05Z"),
		evidence: "certificate validity; live Offline XML of 2021-22 verified with it (reported)"},
	{name: "uidai_offline_publickey_26022021", file: "uidaicerts/uidai_offline_publickey_26022021.der",
		cert: "e0f0f869d32efc7e80fae2223717a56dcf8b616f820b542a49e5bd5abf1c0f7d",
		spki: "e16ab47e49c6144a4b54b53fa2d02fd3e8dc10e7cb323199b149835374bf4125",
		from: utc("2021-02-26T11:54:24Z"), to: utc("2024-02-27T00:27:11Z"),
		// The certificate expired on 2024-02-27; UIDAI kept signing
		// Offline XML with the key.
		until:    time.Date(2025, 2, 24, 23, 59, 59, 999e6, ist),
		evidence: "observed in use until 2025-02-24: a genuine Offline e-KYC XML whose signed referenceId is dated 2025-02-24 verifies with this key and carries this certificate in KeyInfo"},
	{name: "uidai_offline_publickey_17022026", file: "uidaicerts/uidai_offline_publickey_17022026.der",
		cert: "00573c692cf04fbee113ae5fd52f2a654d361bf8ee4d06c46008906b36df8169",
		spki: "91ddf442fcce4ff0fedce529e101e9ce0d7ebbb6f046246c265fce2c6a6f48ba",
		from: utc("2024-02-21T12:23:19Z"), to: utc("2026-02-16T22:27:40Z"),
		evidence: "certificate validity; Secure QRs made from 2026-02-20 no longer verify with it (anon-aadhaar#247)"},
	// Current key, DS Unique Identification Authority of India 06. Only its
	// SubjectPublicKeyInfo is available with documented provenance; the
	// validity is that of UIDAI's certificate. A certificate added at run
	// time whose fingerprint is cert must hold exactly this key.
	{name: "uidai_offline_publickey_2026", file: "uidaicerts/uidai_offline_publickey_2026.spki.der",
		cert: "e0304b9e61ee3640ecddae2db4b617f2e2678f57dbc2826c2f86ac5c04f277df",
		spki: "5e74a86a0ce6ff94ce3ac0d6acf8489906bcaada00e1a412bf737190919bcab1",
		from: utc("2026-02-03T09:56:12Z"), to: utc("2029-02-03T17:28:36Z"),
		evidence: "validity of UIDAI's certificate uidai_offline_publickey_2026.cer, listed for Paperless Offline e-KYC; real 2026 e-Aadhaar QRs verify with it (anon-aadhaar PR #249)"},
}

// Limits of [KeyRing.WithDir].
const (
	MaxRingFiles    = 256      // files read from one directory
	MaxCertFileSize = 64 << 10 // bytes per certificate or key file
)

// Window is the period in which a ring key is known to sign: a document's
// signed time (its reference id) must fall in it, both ends included, under
// the default [ValidityWindow] rule. A zero From or Until leaves that end
// open.
type Window struct {
	From, Until time.Time
	// Evidence says where the window comes from: the certificate's
	// validity, or the observation that extends it.
	Evidence string
}

// Contains reports whether t lies in the window.
func (w Window) Contains(t time.Time) bool {
	return (w.From.IsZero() || !t.Before(w.From)) && (w.Until.IsZero() || !t.After(w.Until))
}

// String returns "FROM .. UNTIL" in RFC 3339 (IST), "open" for a missing end.
func (w Window) String() string { return span(w.From, w.Until) }

func span(from, until time.Time) string {
	f := func(t time.Time) string {
		if t.IsZero() {
			return "open"
		}
		return t.In(ist).Format(time.RFC3339)
	}
	return f(from) + " .. " + f(until)
}

// ringEntry is one pinned key.
type ringEntry struct {
	cert *x509.Certificate // nil for a key added without a certificate
	pub  *rsa.PublicKey
	// fingerprint is the SHA-256 of the certificate's DER, or of the
	// SubjectPublicKeyInfo for a bare key; spki is always the key's.
	fingerprint, spki [32]byte
	name              string
	// validity is the X.509 validity: the certificate's, or the documented
	// one of a pinned bare key; zero when unknown.
	from, to time.Time
	window   Window
	pinned   bool
}

// validAt reports whether t lies in the entry's X.509 validity.
func (e *ringEntry) validAt(t time.Time) bool {
	return !e.from.IsZero() && !e.to.IsZero() && !t.Before(e.from) && !t.After(e.to)
}

// KeyRing is an immutable set of pinned signing keys: certificates, keyed by
// the SHA-256 fingerprint of their DER encoding (not by subject: UIDAI has
// reused a common name), and bare public keys, keyed by the SHA-256 of their
// SubjectPublicKeyInfo. Only RSA keys of at least [MinRSABits] bits are
// accepted. The With* methods return a new ring; a KeyRing is safe for
// concurrent use.
//
// The ring is the trust anchor. Each key carries a signing [Window]: for a
// certificate, its validity period, which [UIDAIKeyRing] extends where UIDAI
// was seen signing after a certificate expired (with the evidence); for a
// bare key, the window it was added with (open by default). No chain,
// revocation or key-usage check is made.
type KeyRing struct {
	entries []ringEntry
	// last is 1 + the index of the entry whose key verified the latest
	// signature (0: none). It only orders the keys tried next (documents
	// of one period share a signer); it never changes a result.
	last atomic.Int32
}

// UIDAIKeyRing returns the embedded ring of UIDAI signing keys whose
// provenance is documented (uidaicerts/README.md), oldest first:
// DS UIDAI 4 (uidai_prod_cdup, 2017–2020), DS UIDAI 01 (2020–2023),
// DS UIDAI India 05 (2021–2024, signing window to 2025-02-24), DS UIDAI
// India 05 under the 2022 CA (2024–2026) and the current DS UIDAI India 06
// key (2026–2029, shipped as a bare public key). Each is checked against its
// pinned fingerprint. Add newer keys with [KeyRing.WithDir] — a key rotation
// needs no release — and extend a window with [KeyRing.WithWindow].
func UIDAIKeyRing() (*KeyRing, error) {
	r := &KeyRing{}
	for _, p := range uidaiPins {
		der, err := uidaiCerts.ReadFile(p.file)
		if err != nil {
			return nil, fmt.Errorf("%w: embedded %s missing", ErrKeyRing, p.name)
		}
		var e ringEntry
		if strings.HasSuffix(p.file, ".spki.der") {
			e, err = newKeyEntry(der, p.name, Window{})
		} else {
			e, err = newCertEntry(der, p.name)
		}
		if err != nil {
			return nil, err
		}
		want := p.cert
		if e.cert == nil {
			want = p.spki
		}
		if hex.EncodeToString(e.fingerprint[:]) != want || !e.pinned || !e.from.Equal(p.from) || !e.to.Equal(p.to) {
			return nil, fmt.Errorf("%w: embedded %s does not match its pin", ErrKeyRing, p.name)
		}
		r.add(e)
	}
	return r, nil
}

// NewKeyRing returns a ring holding the given certificates, labelled by
// their subject common name (or the UIDAI name for a known key).
func NewKeyRing(certs ...*x509.Certificate) (*KeyRing, error) {
	return (&KeyRing{}).With("", certs...)
}

// With returns a new ring with certs added under the label name (empty:
// the subject common name). A certificate already in the ring is skipped.
func (r *KeyRing) With(name string, certs ...*x509.Certificate) (*KeyRing, error) {
	out := r.clone()
	for _, c := range certs {
		if c == nil {
			return nil, fmt.Errorf("%w: nil certificate", ErrKeyRing)
		}
		e, err := newCertEntry(c.Raw, name)
		if err != nil {
			return nil, err
		}
		out.add(e)
	}
	return out, nil
}

// WithPublicKey returns a new ring with a bare RSA public key added under
// the label name, signing in window w (the zero Window is open: any signed
// time). A key that has no certificate cannot pass [ValidityStrict]. A key
// already in the ring is skipped.
func (r *KeyRing) WithPublicKey(name string, pub crypto.PublicKey, w Window) (*KeyRing, error) {
	k, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: not an rsa key", ErrKeyRing)
	}
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return nil, fmt.Errorf("%w: unusable rsa key", ErrKeyRing)
	}
	e, err := newKeyEntry(der, name, w)
	if err != nil {
		return nil, err
	}
	out := r.clone()
	out.add(e)
	return out, nil
}

// WithPEMOrDER returns a new ring with the certificates and keys in data
// added under the label name. data is one DER certificate or
// SubjectPublicKeyInfo, or any number of PEM "CERTIFICATE", "PUBLIC KEY"
// (SubjectPublicKeyInfo) and "RSA PUBLIC KEY" (PKCS #1) blocks; UIDAI's .cer
// files are often PEM. Bare keys get an open window.
func (r *KeyRing) WithPEMOrDER(name string, data []byte) (*KeyRing, error) {
	items, err := splitKeys(data)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%w: no pem certificate or public key", ErrKeyRing)
	}
	out := r.clone()
	for _, it := range items {
		e, err := it.entry(name)
		if err != nil {
			return nil, err
		}
		out.add(e)
	}
	return out, nil
}

// WithDir returns a new ring with every certificate and key file in dir
// added (*.cer, *.crt, *.pem, *.der, *.pub; PEM or DER certificates, PEM
// "PUBLIC KEY" or "RSA PUBLIC KEY", DER SubjectPublicKeyInfo;
// subdirectories and other files are ignored), each labelled by its file
// name without the extension. Any unreadable or unparsable file fails the
// whole call, so a typo never silently shrinks the ring; PEM files holding no
// certificate or public key (such as a private key) are skipped. At most
// [MaxRingFiles] files of [MaxCertFileSize] bytes.
func (r *KeyRing) WithDir(dir string) (*KeyRing, error) {
	return r.WithFS(os.DirFS(dir))
}

// WithFS is [KeyRing.WithDir] over an [fs.FS] (its root directory).
func (r *KeyRing) WithFS(fsys fs.FS) (*KeyRing, error) {
	list, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("%w: cannot read certificate directory", ErrKeyRing)
	}
	out := r.clone()
	n := 0
	for _, de := range list {
		if de.IsDir() {
			continue
		}
		switch strings.ToLower(path.Ext(de.Name())) {
		case ".cer", ".crt", ".pem", ".der", ".pub":
		default:
			continue
		}
		if n++; n > MaxRingFiles {
			return nil, fmt.Errorf("%w: more than %d certificate files", ErrTooLarge, MaxRingFiles)
		}
		// File names are the operator's, not a document's: they may go
		// into errors.
		info, err := de.Info()
		if err != nil || info.Size() > MaxCertFileSize {
			return nil, fmt.Errorf("%w: file %q unreadable or larger than %d bytes", ErrKeyRing, de.Name(), MaxCertFileSize)
		}
		data, err := fs.ReadFile(fsys, de.Name())
		if err != nil || len(data) > MaxCertFileSize {
			return nil, fmt.Errorf("%w: file %q unreadable", ErrKeyRing, de.Name())
		}
		items, err := splitKeys(data)
		if err != nil {
			return nil, fmt.Errorf("%w: file %q", err, de.Name())
		}
		label := strings.TrimSuffix(de.Name(), path.Ext(de.Name()))
		for _, it := range items {
			e, err := it.entry(label)
			if err != nil {
				return nil, fmt.Errorf("%w: file %q", err, de.Name())
			}
			out.add(e)
		}
	}
	return out, nil
}

// WithWindow returns a new ring in which the keys named key — a ring name
// ("uidai_offline_publickey_26022021", a file label) or a hex SHA-256
// fingerprint of a certificate or SubjectPublicKeyInfo — sign in window w.
// Use it to extend a window when UIDAI is seen signing with a key past its
// documented end, and say why in w.Evidence. It fails with [ErrKeyRing] when
// no key matches or w ends before it starts.
func (r *KeyRing) WithWindow(key string, w Window) (*KeyRing, error) {
	if !w.From.IsZero() && !w.Until.IsZero() && w.Until.Before(w.From) {
		return nil, fmt.Errorf("%w: window ends before it starts", ErrKeyRing)
	}
	out := r.clone()
	found := false
	for i := range out.entries {
		if out.entries[i].matches(key) {
			out.entries[i].window = w
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("%w: no key %q in the ring", ErrKeyRing, key)
	}
	return out, nil
}

// Window returns the signing window of the first key named key (see
// [KeyRing.WithWindow] for the names).
func (r *KeyRing) Window(key string) (Window, bool) {
	if r != nil {
		for _, e := range r.entries {
			if e.matches(key) {
				return e.window, true
			}
		}
	}
	return Window{}, false
}

func (e *ringEntry) matches(key string) bool {
	k := strings.ToLower(key)
	return key == e.name || k == hex.EncodeToString(e.fingerprint[:]) || k == hex.EncodeToString(e.spki[:])
}

// Names returns the ring's key names, in ring order.
func (r *KeyRing) Names() []string {
	if r == nil {
		return nil
	}
	out := make([]string, len(r.entries))
	for i, e := range r.entries {
		out[i] = e.name
	}
	return out
}

// Certificates returns the ring's certificates, in ring order; keys held
// without a certificate are not included.
func (r *KeyRing) Certificates() []*x509.Certificate {
	if r == nil {
		return nil
	}
	var out []*x509.Certificate
	for _, e := range r.entries {
		if e.cert != nil {
			out = append(out, e.cert)
		}
	}
	return out
}

// Fingerprints returns the lowercase hex SHA-256 fingerprints of the ring's
// keys, in ring order: of the certificate's DER, or of the
// SubjectPublicKeyInfo for a key held without a certificate.
func (r *KeyRing) Fingerprints() []string {
	if r == nil {
		return nil
	}
	out := make([]string, len(r.entries))
	for i, e := range r.entries {
		out[i] = hex.EncodeToString(e.fingerprint[:])
	}
	return out
}

// Len returns the number of keys in the ring.
func (r *KeyRing) Len() int {
	if r == nil {
		return 0
	}
	return len(r.entries)
}

func (r *KeyRing) clone() *KeyRing {
	if r == nil {
		return &KeyRing{}
	}
	return &KeyRing{entries: slices.Clone(r.entries)}
}

// add appends e unless the ring has it. A certificate for a key the ring
// holds bare completes that entry, which keeps its name and window.
func (r *KeyRing) add(e ringEntry) {
	for i, old := range r.entries {
		switch {
		case old.fingerprint == e.fingerprint:
			return
		case old.spki == e.spki && e.cert == nil:
			return
		case old.spki == e.spki && old.cert == nil:
			e.name, e.window, e.pinned = old.name, old.window, old.pinned || e.pinned
			r.entries[i] = e
			return
		}
	}
	r.entries = append(r.entries, e)
}

// find returns the index of the entry with certificate fingerprint fp, or
// -1.
func (r *KeyRing) find(fp [32]byte) int {
	for i, e := range r.entries {
		if e.cert != nil && e.fingerprint == fp {
			return i
		}
	}
	return -1
}

// rsaKey checks that pub is an RSA key the ring accepts.
func rsaKey(pub any) (*rsa.PublicKey, error) {
	k, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: not an rsa key", ErrKeyRing)
	}
	if k.N.BitLen() < MinRSABits {
		return nil, fmt.Errorf("%w: rsa key shorter than %d bits", ErrKeyRing, MinRSABits)
	}
	return k, nil
}

// newCertEntry makes the entry of a DER certificate. A certificate or key
// known to the UIDAI pins gets the pin's name and window.
func newCertEntry(der []byte, name string) (ringEntry, error) {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return ringEntry{}, fmt.Errorf("%w: unparsable certificate", ErrKeyRing)
	}
	pub, err := rsaKey(c.PublicKey)
	if err != nil {
		return ringEntry{}, err
	}
	e := ringEntry{cert: c, pub: pub, fingerprint: sha256.Sum256(c.Raw),
		spki: sha256.Sum256(c.RawSubjectPublicKeyInfo), name: name,
		from: c.NotBefore, to: c.NotAfter,
		window: Window{From: c.NotBefore, Until: c.NotAfter, Evidence: "certificate validity"}}
	if err := e.applyPin(); err != nil {
		return ringEntry{}, err
	}
	if e.name == "" {
		e.name = c.Subject.CommonName
	}
	return e, nil
}

// newKeyEntry makes the entry of a DER SubjectPublicKeyInfo.
func newKeyEntry(der []byte, name string, w Window) (ringEntry, error) {
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return ringEntry{}, fmt.Errorf("%w: unparsable public key", ErrKeyRing)
	}
	pub, err := rsaKey(k)
	if err != nil {
		return ringEntry{}, err
	}
	sum := sha256.Sum256(der)
	if w.Evidence == "" && w.From.IsZero() && w.Until.IsZero() {
		w.Evidence = "none given: a key added without a window signs at any time"
	}
	e := ringEntry{pub: pub, fingerprint: sum, spki: sum, name: name, window: w}
	if err := e.applyPin(); err != nil {
		return ringEntry{}, err
	}
	if e.pinned && (!w.From.IsZero() || !w.Until.IsZero()) {
		e.window = w // the caller's window wins over the documented one
	}
	if e.name == "" {
		e.name = "sha256:" + hex.EncodeToString(sum[:8])
	}
	return e, nil
}

// applyPin gives a UIDAI key its documented name, validity and window. A
// certificate whose fingerprint is pinned must hold the pinned key.
func (e *ringEntry) applyPin() error {
	fp, spki := hex.EncodeToString(e.fingerprint[:]), hex.EncodeToString(e.spki[:])
	for _, p := range uidaiPins {
		certMatch := e.cert != nil && p.cert == fp
		if !certMatch && p.spki != spki {
			continue
		}
		if certMatch && p.spki != spki {
			return fmt.Errorf("%w: certificate %s does not hold the key pinned for it", ErrKeyRing, p.name)
		}
		e.name, e.pinned = p.name, true
		if e.cert == nil {
			e.from, e.to = p.from, p.to
		}
		e.window = Window{From: e.from, Until: e.to, Evidence: p.evidence}
		if p.until.After(e.window.Until) {
			e.window.Until = p.until
		}
		return nil
	}
	return nil
}

func (e *ringEntry) signer(inWindow, valid bool) *Signer {
	s := &Signer{
		Fingerprint:     hex.EncodeToString(e.fingerprint[:]),
		SPKIFingerprint: hex.EncodeToString(e.spki[:]),
		Name:            e.name,
		NotBefore:       e.from,
		NotAfter:        e.to,
		KeyOnly:         e.cert == nil,
		Window:          e.window,
		InWindow:        inWindow,
		ValidAtSigning:  valid,
	}
	if e.cert != nil {
		s.Subject = e.cert.Subject.CommonName
	}
	return s
}

// keyItem is one certificate or public key found in a file.
type keyItem struct {
	der  []byte
	kind byte // 'c' certificate, 'k' SubjectPublicKeyInfo, '1' PKCS #1
}

func (it keyItem) entry(name string) (ringEntry, error) {
	switch it.kind {
	case 'c':
		return newCertEntry(it.der, name)
	case '1':
		k, err := x509.ParsePKCS1PublicKey(it.der)
		if err != nil {
			return ringEntry{}, fmt.Errorf("%w: unparsable public key", ErrKeyRing)
		}
		der, err := x509.MarshalPKIXPublicKey(k)
		if err != nil {
			return ringEntry{}, fmt.Errorf("%w: unusable rsa key", ErrKeyRing)
		}
		return newKeyEntry(der, name, Window{})
	}
	return newKeyEntry(it.der, name, Window{})
}

// splitKeys returns the certificates and public keys in data: PEM blocks,
// or data itself (a DER certificate or SubjectPublicKeyInfo) when it holds
// no PEM.
func splitKeys(data []byte) ([]keyItem, error) {
	trimmed := bytes.TrimSpace(data)
	if !bytes.HasPrefix(trimmed, []byte("-----BEGIN")) {
		if len(trimmed) == 0 {
			return nil, fmt.Errorf("%w: empty certificate file", ErrKeyRing)
		}
		if _, err := x509.ParsePKIXPublicKey(data); err == nil {
			return []keyItem{{data, 'k'}}, nil
		}
		return []keyItem{{data, 'c'}}, nil
	}
	var out []keyItem
	blocks := 0
	rest := trimmed
	for blocks < MaxRingFiles {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks++
		switch b.Type {
		case "CERTIFICATE":
			out = append(out, keyItem{b.Bytes, 'c'})
		case "PUBLIC KEY":
			out = append(out, keyItem{b.Bytes, 'k'})
		case "RSA PUBLIC KEY":
			out = append(out, keyItem{b.Bytes, '1'})
		}
	}
	if blocks == 0 {
		return nil, fmt.Errorf("%w: unparsable pem", ErrKeyRing)
	}
	// PEM holding only other blocks (a private key kept beside the
	// certificates, say) gives nothing and no error: it adds no trust.
	// WithPEMOrDER refuses it.
	return out, nil
}
