package aadhaarxml

import (
	"bytes"
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
)

//go:embed uidaicerts/*.der
var uidaiCerts embed.FS

// pin is a UIDAI certificate known by fingerprint. file is empty for
// certificates whose fingerprint is documented but whose bytes we do not
// ship; a certificate with that fingerprint added at run time gets the name.
type pin struct {
	name, file, sha256 string
}

// uidaiPins lists the UIDAI signing certificates whose provenance the
// research report documents (see uidaicerts/README.md).
var uidaiPins = []pin{
	{"uidai_prod_cdup", "uidaicerts/uidai_prod_cdup.der",
		"fcf31a3f89211615ebd5d449ac33d8d381f654d2e2d15037d5cc8d4aeb72f836"},
	{"uidai_auth_sign_prod_2023", "uidaicerts/uidai_auth_sign_prod_2023.der",
		"7f7217582a4d7d711c4ca4168eb222573bdf084a7aded8f8d0c85c47a545923b"},
	{"uidai_offline_publickey_26022021", "uidaicerts/uidai_offline_publickey_26022021.der",
		"e0f0f869d32efc7e80fae2223717a56dcf8b616f820b542a49e5bd5abf1c0f7d"},
	{"uidai_offline_publickey_17022026", "uidaicerts/uidai_offline_publickey_17022026.der",
		"00573c692cf04fbee113ae5fd52f2a654d361bf8ee4d06c46008906b36df8169"},
	// Current key (DS Unique Identification Authority of India 06, valid
	// 2026-02-03 to 2029-02-03). Its file is not shipped: add it with
	// KeyRing.WithDir after fetching it from UIDAI; the ring names it.
	{"uidai_offline_publickey_2026", "",
		"e0304b9e61ee3640ecddae2db4b617f2e2678f57dbc2826c2f86ac5c04f277df"},
}

// Limits of [KeyRing.WithDir].
const (
	MaxRingFiles    = 256      // files read from one directory
	MaxCertFileSize = 64 << 10 // bytes per certificate file
)

// ringEntry is one pinned certificate.
type ringEntry struct {
	cert        *x509.Certificate
	pub         *rsa.PublicKey
	fingerprint [32]byte
	name        string
}

// KeyRing is an immutable set of pinned signing certificates, keyed by the
// SHA-256 fingerprint of their DER encoding (not by subject: UIDAI has
// reused a common name). Only RSA keys are accepted. The With* methods
// return a new ring; a KeyRing is safe for concurrent use.
//
// Certificates in a ring are trusted as they are: no chain, revocation or
// key-usage check is made, and expiry is judged by the [Verifier] at the
// document's signed time.
type KeyRing struct {
	entries []ringEntry
}

// UIDAIKeyRing returns the embedded ring of UIDAI certificates whose
// provenance is documented: DS UIDAI 4 (uidai_prod_cdup, 2017–2020),
// DS UIDAI 01 (2020–2023), DS UIDAI India 05 (2021–2024) and DS UIDAI India
// 05 under the 2022 CA (2024–2026). Each is checked against its pinned
// fingerprint. The current 2026 key is not embedded (no copy with
// documented provenance was available); add it, and any future key, with
// [KeyRing.WithDir] — a key rotation needs no release.
func UIDAIKeyRing() (*KeyRing, error) {
	r := &KeyRing{}
	for _, p := range uidaiPins {
		if p.file == "" {
			continue
		}
		der, err := uidaiCerts.ReadFile(p.file)
		if err != nil {
			return nil, fmt.Errorf("%w: embedded %s missing", ErrKeyRing, p.name)
		}
		e, err := newEntry(der, p.name)
		if err != nil {
			return nil, err
		}
		if hex.EncodeToString(e.fingerprint[:]) != p.sha256 {
			return nil, fmt.Errorf("%w: embedded %s does not match its pin", ErrKeyRing, p.name)
		}
		r.entries = append(r.entries, e)
	}
	return r, nil
}

// NewKeyRing returns a ring holding the given certificates, labelled by
// their subject common name (or the UIDAI name for a known fingerprint).
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
		e, err := newEntry(c.Raw, name)
		if err != nil {
			return nil, err
		}
		out.add(e)
	}
	return out, nil
}

// WithPEMOrDER returns a new ring with the certificates in data added under
// the label name. data is one DER certificate or any number of PEM
// "CERTIFICATE" blocks (UIDAI's .cer files are often PEM).
func (r *KeyRing) WithPEMOrDER(name string, data []byte) (*KeyRing, error) {
	ders, err := splitCerts(data)
	if err != nil {
		return nil, err
	}
	if len(ders) == 0 {
		return nil, fmt.Errorf("%w: no pem certificate", ErrKeyRing)
	}
	out := r.clone()
	for _, der := range ders {
		e, err := newEntry(der, name)
		if err != nil {
			return nil, err
		}
		out.add(e)
	}
	return out, nil
}

// WithDir returns a new ring with every certificate file in dir added
// (*.cer, *.crt, *.pem, *.der; PEM or DER; subdirectories and other files are
// ignored), each labelled by its file name. Any unreadable or unparsable
// certificate file fails the whole call, so a typo never silently shrinks
// the ring; PEM files holding no CERTIFICATE block (such as a private key)
// are skipped. At most [MaxRingFiles] files of [MaxCertFileSize] bytes.
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
		case ".cer", ".crt", ".pem", ".der":
		default:
			continue
		}
		if n++; n > MaxRingFiles {
			return nil, fmt.Errorf("%w: more than %d certificate files", ErrTooLarge, MaxRingFiles)
		}
		info, err := de.Info()
		if err != nil || info.Size() > MaxCertFileSize {
			return nil, fmt.Errorf("%w: file %q unreadable or larger than %d bytes", ErrKeyRing, de.Name(), MaxCertFileSize)
		}
		data, err := fs.ReadFile(fsys, de.Name())
		if err != nil || len(data) > MaxCertFileSize {
			return nil, fmt.Errorf("%w: file %q unreadable", ErrKeyRing, de.Name())
		}
		ders, err := splitCerts(data)
		if err != nil {
			return nil, fmt.Errorf("%w: file %q", err, de.Name())
		}
		for _, der := range ders {
			e, err := newEntry(der, strings.TrimSuffix(de.Name(), path.Ext(de.Name())))
			if err != nil {
				return nil, fmt.Errorf("%w: file %q", err, de.Name())
			}
			out.add(e)
		}
	}
	return out, nil
}

// Certificates returns the ring's certificates in the order they are tried.
func (r *KeyRing) Certificates() []*x509.Certificate {
	if r == nil {
		return nil
	}
	out := make([]*x509.Certificate, len(r.entries))
	for i, e := range r.entries {
		out[i] = e.cert
	}
	return out
}

// Fingerprints returns the lowercase hex SHA-256 fingerprints of the ring's
// certificates, in order.
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

// Len returns the number of certificates in the ring.
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

func (r *KeyRing) add(e ringEntry) {
	for _, old := range r.entries {
		if old.fingerprint == e.fingerprint {
			return
		}
	}
	r.entries = append(r.entries, e)
}

// find returns the index of the entry with fingerprint fp, or -1.
func (r *KeyRing) find(fp [32]byte) int {
	for i, e := range r.entries {
		if e.fingerprint == fp {
			return i
		}
	}
	return -1
}

func newEntry(der []byte, name string) (ringEntry, error) {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return ringEntry{}, fmt.Errorf("%w: unparsable certificate", ErrKeyRing)
	}
	pub, ok := c.PublicKey.(*rsa.PublicKey)
	if !ok {
		return ringEntry{}, fmt.Errorf("%w: not an rsa key", ErrKeyRing)
	}
	e := ringEntry{cert: c, pub: pub, fingerprint: sha256.Sum256(c.Raw), name: name}
	fp := hex.EncodeToString(e.fingerprint[:])
	for _, p := range uidaiPins {
		if p.sha256 == fp {
			e.name = p.name
		}
	}
	if e.name == "" {
		e.name = c.Subject.CommonName
	}
	return e, nil
}

func (e *ringEntry) signer(valid bool) *Signer {
	return &Signer{
		Fingerprint:    hex.EncodeToString(e.fingerprint[:]),
		Name:           e.name,
		Subject:        e.cert.Subject.CommonName,
		NotBefore:      e.cert.NotBefore,
		NotAfter:       e.cert.NotAfter,
		ValidAtSigning: valid,
	}
}

// splitCerts returns the DER certificates in data: PEM CERTIFICATE blocks,
// or data itself when it holds no PEM.
func splitCerts(data []byte) ([][]byte, error) {
	trimmed := bytes.TrimSpace(data)
	if !bytes.HasPrefix(trimmed, []byte("-----BEGIN")) {
		if len(trimmed) == 0 {
			return nil, fmt.Errorf("%w: empty certificate file", ErrKeyRing)
		}
		return [][]byte{data}, nil
	}
	var out [][]byte
	blocks := 0
	rest := trimmed
	for blocks < MaxRingFiles {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks++
		if b.Type == "CERTIFICATE" {
			out = append(out, b.Bytes)
		}
	}
	if blocks == 0 {
		return nil, fmt.Errorf("%w: unparsable pem", ErrKeyRing)
	}
	// PEM holding only other blocks (a private key kept beside the
	// certificates, say) gives no certificates and no error: it adds no
	// trust. WithPEMOrDER refuses it.
	return out, nil
}
