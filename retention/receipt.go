package retention

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Receipt reasons: why personal data was erased (or why erasure was due).
const (
	ReasonCompletion = "completion" // DeleteOnCompletion: the session completed
	ReasonReadOnce   = "read-once"  // ReadOnce: the first poll after completion received it
	ReasonExpired    = "expired"    // the retention deadline passed
	ReasonWithdrawn  = "withdrawn"  // consent withdrawn: Vault.Delete
	ReasonHoldEnded  = "hold-ended" // a deferred erasure ran when its hold ended
	// ReasonClaimLapsed: a read-once record was claimed by a poll that
	// never confirmed delivery within [ClaimLease] (its process died or
	// lost the store); the data may or may not have reached it, and is
	// erased without being handed to anyone else.
	ReasonClaimLapsed = "read-once-unconfirmed"
	OutcomeErased     = "erased"       // the data key and the data are gone
	OutcomeDeferred   = "deferred"     // a hold keeps the sealed data; see HoldUntil
	MechanismShred    = "crypto-shred" // wrapped data key destroyed with the ciphertext
	// MechanismStoreExpiry: the store had already expired the data key and
	// the ciphertext natively (Redis PEXPIREAT, after the deadline) when
	// the Vault recorded the erasure.
	MechanismStoreExpiry = "store-expiry"
)

// Receipt is a PII-free, signed proof that a record was erased (or that its
// erasure was deferred by a hold), suitable for handing to the data
// principal as the acknowledgement Aadhaar (Authentication and Offline
// Verification) Regulations 2021 reg 16(4) asks for. It names the record
// by [Vault] reference (an HMAC of the id when [Options.IDKey] is set),
// never by content.
//
// Receipts written by a [Vault] form a chain in the store's log: each
// carries its position (Seq, from 1) and the SHA-256 of the receipt before
// it (Prev), and signs both, so [VerifyChain] finds receipts deleted,
// reordered or duplicated.
type Receipt struct {
	// Version is the receipt format version: 2 (Sign writes 2; version 1
	// receipts, without Seq and Prev, still verify).
	Version int `json:"v"`
	// ID is a random receipt identifier (32 hex digits).
	ID string `json:"receipt"`
	// Seq is the receipt's position in the store's log, from 1 (zero for
	// a receipt outside any log).
	Seq uint64 `json:"seq,omitempty"`
	// Prev is the hex SHA-256 of the text of receipt Seq-1 ([EntryHash]);
	// empty for the first.
	Prev string `json:"prev,omitempty"`
	// Record is the record reference.
	Record string `json:"record"`
	// Category is the record's data category.
	Category string `json:"category"`
	// Policy is the policy name, if any.
	Policy string `json:"policy,omitempty"`
	// Rule is the rule applied, in words (see [Policy.Describe]).
	Rule string `json:"rule"`
	// Citation is the policy's citation, if any.
	Citation string `json:"citation,omitempty"`
	// Reason is why erasure happened: one of the Reason constants.
	Reason string `json:"reason"`
	// Outcome is OutcomeErased or OutcomeDeferred.
	Outcome string `json:"outcome"`
	// Mechanism is how: MechanismShred.
	Mechanism string `json:"mechanism"`
	// Stored is when the record was stored.
	Stored time.Time `json:"stored"`
	// Deadline is when the policy required erasure (zero for erasure on
	// request or on completion).
	Deadline time.Time `json:"deadline,omitzero"`
	// At is when the data was erased, or when erasure was deferred.
	At time.Time `json:"at"`
	// HoldUntil is the end of the hold that deferred erasure (deferred
	// receipts only).
	HoldUntil time.Time `json:"hold_until,omitzero"`
	// HoldCitation is the citation of that hold.
	HoldCitation string `json:"hold_citation,omitempty"`
	// Signer is the id of the signing key ([KeyID]); empty when unsigned.
	Signer string `json:"signer,omitempty"`
}

// LogValue implements [slog.LogValuer]; a receipt holds no PII.
func (r *Receipt) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("receipt", r.ID), slog.Uint64("seq", r.Seq), slog.String("record", r.Record),
		slog.String("category", r.Category), slog.String("reason", r.Reason),
		slog.String("outcome", r.Outcome), slog.Time("at", r.At))
}

// MaxReceiptSize caps the input of [VerifyReceipt], in bytes.
const MaxReceiptSize = 8 << 10

// receiptDomain is prefixed to the payload before signing; it names the
// first version, and the payload's "v" field tells versions apart.
const receiptDomain = "kyckit retention receipt v1\n"

// receiptVersion is the version [Receipt.Sign] writes.
const receiptVersion = 2

// KeyID returns the id of an Ed25519 public key as used in
// [Receipt.Signer]: the first 8 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return hex.EncodeToString(s[:8])
}

// Sign returns the text form of r (version 2) signed with priv:
// base64url(JSON payload) "." base64url(Ed25519 signature), where the
// signature covers "kyckit retention receipt v1\n" followed by the payload.
// A nil priv produces an unsigned receipt (empty signature part).
func (r *Receipt) Sign(priv ed25519.PrivateKey) ([]byte, error) {
	c := *r
	c.Version = receiptVersion
	c.Signer = ""
	if priv != nil {
		c.Signer = KeyID(priv.Public().(ed25519.PublicKey))
	}
	payload, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("%w: encode", ErrReceipt)
	}
	var sig []byte
	if priv != nil {
		sig = ed25519.Sign(priv, append([]byte(receiptDomain), payload...))
	}
	enc := base64.RawURLEncoding
	out := make([]byte, 0, enc.EncodedLen(len(payload))+1+enc.EncodedLen(len(sig)))
	out = enc.AppendEncode(out, payload)
	out = append(out, '.')
	return enc.AppendEncode(out, sig), nil
}

// VerifyReceipt checks the signature of a receipt in text form with pub and
// returns the verified receipt. It fails with ErrReceipt for malformed
// input (over [MaxReceiptSize], bad encoding, bad JSON, unknown fields) and
// ErrSignature for an unsigned receipt, a receipt signed by another key,
// or a bad signature.
func VerifyReceipt(text []byte, pub ed25519.PublicKey) (*Receipt, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: public key is not Ed25519", ErrSignature)
	}
	payload, sig, err := splitReceipt(text)
	if err != nil {
		return nil, err
	}
	if len(sig) == 0 {
		return nil, fmt.Errorf("%w: unsigned", ErrSignature)
	}
	if !ed25519.Verify(pub, append([]byte(receiptDomain), payload...), sig) {
		return nil, ErrSignature
	}
	r, err := decodeReceipt(payload)
	if err != nil {
		return nil, err
	}
	if r.Signer != KeyID(pub) {
		return nil, fmt.Errorf("%w: signer id mismatch", ErrSignature)
	}
	return r, nil
}

// ParseReceiptUnverified decodes a receipt without checking its signature,
// for display. Never treat its result as proof of anything.
func ParseReceiptUnverified(text []byte) (*Receipt, error) {
	payload, _, err := splitReceipt(text)
	if err != nil {
		return nil, err
	}
	return decodeReceipt(payload)
}

func splitReceipt(text []byte) (payload, sig []byte, err error) {
	if len(text) > MaxReceiptSize {
		return nil, nil, fmt.Errorf("%w: larger than %d bytes", ErrReceipt, MaxReceiptSize)
	}
	p, s, ok := bytes.Cut(text, []byte{'.'})
	if !ok || len(p) == 0 {
		return nil, nil, fmt.Errorf("%w: not payload.signature", ErrReceipt)
	}
	enc := base64.RawURLEncoding.Strict()
	payload, err = enc.DecodeString(string(p))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: payload encoding", ErrReceipt)
	}
	sig, err = enc.DecodeString(string(s))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: signature encoding", ErrReceipt)
	}
	if len(sig) != 0 && len(sig) != ed25519.SignatureSize {
		return nil, nil, fmt.Errorf("%w: signature length", ErrReceipt)
	}
	return payload, sig, nil
}

func decodeReceipt(payload []byte) (*Receipt, error) {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	var r Receipt
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%w: JSON", ErrReceipt)
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("%w: trailing data", ErrReceipt)
	}
	switch {
	case r.Version != 1 && r.Version != receiptVersion:
		return nil, fmt.Errorf("%w: field %q unsupported", ErrReceipt, "v")
	case r.Version == 1 && (r.Seq != 0 || r.Prev != ""):
		return nil, fmt.Errorf("%w: version 1 has no chain fields", ErrReceipt)
	case r.Prev != "" && (len(r.Prev) != 64 || strings.Trim(r.Prev, "0123456789abcdef") != ""):
		return nil, fmt.Errorf("%w: field %q is not a lowercase hex SHA-256", ErrReceipt, "prev")
	case r.Prev != "" && r.Seq < 2, r.Prev == "" && r.Seq > 1:
		return nil, fmt.Errorf("%w: field %q does not match field %q", ErrReceipt, "prev", "seq")
	}
	if r.ID == "" || r.Record == "" || r.Reason == "" || r.Outcome == "" {
		return nil, fmt.Errorf("%w: missing required field", ErrReceipt)
	}
	return &r, nil
}
