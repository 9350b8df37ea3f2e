package retention

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log/slog"
	"time"
)

// Audit actions reported in [Event.Action].
const (
	ActionStored    = "stored"    // Put sealed and stored a record
	ActionCompleted = "completed" // Complete applied the policy
	ActionRead      = "read"      // Get returned the data (non-consuming)
	ActionConsumed  = "consumed"  // Get returned the data and erased it (read once)
	ActionDenied    = "denied"    // Get returned no data; see Reason
	ActionErased    = "erased"    // the data key and data were destroyed
	ActionDeferred  = "deferred"  // erasure due, but a hold keeps the sealed record
	ActionPurged    = "purged"    // the sweeper removed a tombstone
)

// Event is one PII-free audit event. It names the record by reference
// ([Ref], fixed when the record was stored, using the storing Vault's
// [Options.IDKey]), never by content, and is safe to log as is.
type Event struct {
	// At is the Vault's time of the event.
	At time.Time
	// Action is one of the Action constants.
	Action string
	// Record is the record reference.
	Record string
	// Category is the record's data category, when known.
	Category string
	// Rule is the policy rule in words, when known.
	Rule string
	// Reason says why: a Reason constant for erasures, or for denials
	// "pending", "consumed", "expired", "erased" or "held".
	// "key-not-destroyed" (Security) reports that a read-once record was
	// consumed but its wrapped key could not be deleted from the key store
	// ([Options.Keys]); delete it by hand.
	Reason string
	// Security marks events that deserve attention: a poll of an already
	// consumed read-once record means someone else received the data.
	Security bool
}

// LogValue implements [slog.LogValuer].
func (e Event) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.Time("at", e.At), slog.String("action", e.Action),
		slog.String("record", e.Record),
	}
	if e.Category != "" {
		attrs = append(attrs, slog.String("category", e.Category))
	}
	if e.Rule != "" {
		attrs = append(attrs, slog.String("rule", e.Rule))
	}
	if e.Reason != "" {
		attrs = append(attrs, slog.String("reason", e.Reason))
	}
	if e.Security {
		attrs = append(attrs, slog.Bool("security", true))
	}
	return slog.GroupValue(attrs...)
}

// String returns a one-line summary.
func (e Event) String() string {
	s := fmt.Sprintf("%s %s record=%s", e.At.UTC().Format(time.RFC3339Nano), e.Action, e.Record)
	if e.Reason != "" {
		s += " reason=" + e.Reason
	}
	if e.Security {
		s += " security"
	}
	return s
}

// Ref returns the reference under which audit events and receipts name
// record id: "hmac:" followed by the base64url first 16 bytes of
// HMAC-SHA-256(key, id) when key is set, else the id itself.
func Ref(key []byte, id string) string {
	if len(key) == 0 {
		return id
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	return "hmac:" + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}
