package retention

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"sync"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// KeyWrapper is the key-encryption key (KEK) that wraps every record's data
// key. Its method set is exactly Tink's tink.AEAD, so any Tink AEAD
// primitive plugs in unchanged — a keyset from [GenerateKeyset] or
// [ParseKeyset], or a KMS-backed AEAD from a Tink KMS client
// (registry.KMSClient.GetAEAD for Cloud KMS, AWS KMS, Vault, an HSM) —
// without this package exposing Tink types.
//
// Implementations must be authenticated encryption bound to
// associatedData, and safe for concurrent use.
type KeyWrapper interface {
	// Encrypt encrypts plaintext bound to associatedData.
	Encrypt(plaintext, associatedData []byte) ([]byte, error)
	// Decrypt decrypts and authenticates ciphertext and associatedData.
	Decrypt(ciphertext, associatedData []byte) ([]byte, error)
}

var _ tink.AEAD = KeyWrapper(nil) // a KeyWrapper is usable wherever Tink wants an AEAD

// Keyset is a rotatable Tink AES-256-GCM keyset used as a [KeyWrapper].
// New data keys are wrapped under the primary key; data keys wrapped under
// older keys still unwrap until those keys are removed. Safe for
// concurrent use.
type Keyset struct {
	mu     sync.RWMutex
	handle *keyset.Handle
	prim   tink.AEAD
}

var _ KeyWrapper = (*Keyset)(nil)

// GenerateKeyset returns a new keyset with one fresh AES-256-GCM key.
func GenerateKeyset() (*Keyset, error) {
	h, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("%w: generate", ErrKeyset)
	}
	return newKeyset(h)
}

func newKeyset(h *keyset.Handle) (*Keyset, error) {
	p, err := aead.New(h)
	if err != nil {
		return nil, fmt.Errorf("%w: not an AEAD keyset", ErrKeyset)
	}
	return &Keyset{handle: h, prim: p}, nil
}

// Rotate adds a fresh AES-256-GCM key and makes it primary. Existing
// wrapped data keys keep unwrapping with the older keys.
func (k *Keyset) Rotate() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	m := keyset.NewManagerFromHandle(k.handle)
	id, err := m.Add(aead.AES256GCMKeyTemplate())
	if err != nil {
		return fmt.Errorf("%w: rotate", ErrKeyset)
	}
	if err := m.SetPrimary(id); err != nil {
		return fmt.Errorf("%w: rotate", ErrKeyset)
	}
	h, err := m.Handle()
	if err != nil {
		return fmt.Errorf("%w: rotate", ErrKeyset)
	}
	p, err := aead.New(h)
	if err != nil {
		return fmt.Errorf("%w: rotate", ErrKeyset)
	}
	k.handle, k.prim = h, p
	return nil
}

// Len returns the number of keys in the keyset.
func (k *Keyset) Len() int {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return len(k.handle.KeysetInfo().GetKeyInfo())
}

// Encrypt implements [KeyWrapper] with the primary key.
func (k *Keyset) Encrypt(plaintext, associatedData []byte) ([]byte, error) {
	k.mu.RLock()
	p := k.prim
	k.mu.RUnlock()
	return p.Encrypt(plaintext, associatedData)
}

// Decrypt implements [KeyWrapper] with whichever key matches.
func (k *Keyset) Decrypt(ciphertext, associatedData []byte) ([]byte, error) {
	k.mu.RLock()
	p := k.prim
	k.mu.RUnlock()
	return p.Decrypt(ciphertext, associatedData)
}

// keysetAD binds a marshaled keyset to its purpose.
var keysetAD = []byte("kyckit retention keyset v1")

// Marshal returns the keyset in Tink's JSON keyset format, encrypted under
// master (for example a KMS-backed AEAD). Read it back with [ParseKeyset].
func (k *Keyset) Marshal(master KeyWrapper) ([]byte, error) {
	if master == nil {
		return nil, fmt.Errorf("%w: no master key", ErrKeyset)
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	var buf bytes.Buffer
	if err := k.handle.WriteWithAssociatedData(keyset.NewJSONWriter(&buf), master, keysetAD); err != nil {
		return nil, fmt.Errorf("%w: encrypt keyset", ErrKeyset)
	}
	return buf.Bytes(), nil
}

// MaxKeysetSize caps the input of [ParseKeyset] and
// [ParseKeysetInsecureCleartext], in bytes.
const MaxKeysetSize = 1 << 20

// ParseKeyset reads a keyset written by [Keyset.Marshal], decrypting it
// with master. Every error wraps ErrKeyset.
func ParseKeyset(data []byte, master KeyWrapper) (*Keyset, error) {
	if master == nil {
		return nil, fmt.Errorf("%w: no master key", ErrKeyset)
	}
	if len(data) > MaxKeysetSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrKeyset, MaxKeysetSize)
	}
	h, err := keyset.ReadWithAssociatedData(keyset.NewJSONReader(bytes.NewReader(data)), master, keysetAD)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot decrypt or parse", ErrKeyset)
	}
	return newKeyset(h)
}

// MarshalInsecureCleartext returns the keyset as cleartext Tink JSON. Anyone
// holding the output can unwrap every data key: use it only for tests and
// throwaway demos.
func (k *Keyset) MarshalInsecureCleartext() ([]byte, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	var buf bytes.Buffer
	if err := insecurecleartextkeyset.Write(k.handle, keyset.NewJSONWriter(&buf)); err != nil {
		return nil, fmt.Errorf("%w: write", ErrKeyset)
	}
	return buf.Bytes(), nil
}

// ParseKeysetInsecureCleartext reads the output of
// [Keyset.MarshalInsecureCleartext]. For tests and demos only.
func ParseKeysetInsecureCleartext(data []byte) (*Keyset, error) {
	if len(data) > MaxKeysetSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrKeyset, MaxKeysetSize)
	}
	h, err := insecurecleartextkeyset.Read(keyset.NewJSONReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: cannot parse", ErrKeyset)
	}
	return newKeyset(h)
}

// Associated-data prefixes: each binds a ciphertext to its role and to the
// record id, so a wrapped key or a sealed payload cannot be moved to
// another record or swapped for the other.
const (
	adKey  = "kyckit retention dek v1\x00"
	adData = "kyckit retention data v1\x00"
)

// dekSize is the size of a per-record data key (AES-256-GCM).
const dekSize = 32

// seal encrypts pii under a fresh data key and wraps that key with kek.
// It returns the wrapped key and the ciphertext.
func seal(kek KeyWrapper, id string, pii []byte) (wrapped, ct []byte, err error) {
	dek := make([]byte, dekSize)
	if _, err := rand.Read(dek); err != nil {
		return nil, nil, fmt.Errorf("%w: random", ErrStore)
	}
	defer clear(dek)
	a, err := subtle.NewAESGCM(dek)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: data key", ErrKeyset)
	}
	ct, err = a.Encrypt(pii, ad(adData, id))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: seal", ErrKeyset)
	}
	wrapped, err = kek.Encrypt(dek, ad(adKey, id))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: wrap data key", ErrKeyset)
	}
	return wrapped, ct, nil
}

// open reverses seal. Every failure is ErrDecrypt, deliberately vague.
func open(kek KeyWrapper, id string, wrapped, ct []byte) ([]byte, error) {
	if len(wrapped) == 0 || len(ct) == 0 {
		return nil, ErrDecrypt
	}
	dek, err := kek.Decrypt(wrapped, ad(adKey, id))
	if err != nil || len(dek) != dekSize {
		return nil, ErrDecrypt
	}
	defer clear(dek)
	a, err := subtle.NewAESGCM(dek)
	if err != nil {
		return nil, ErrDecrypt
	}
	pii, err := a.Decrypt(ct, ad(adData, id))
	if err != nil {
		return nil, ErrDecrypt
	}
	return pii, nil
}

func ad(prefix, id string) []byte {
	b := make([]byte, 0, len(prefix)+len(id))
	return append(append(b, prefix...), id...)
}
