// Package retention enforces retention policies on stored personal data:
// delete on completion, read once, a default of seven days, or a TTL in
// seconds, over pluggable stores (memory, an embedded file, Redis), with
// crypto-shredding so that deleting a key makes every copy unreadable.
package retention
