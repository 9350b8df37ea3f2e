// Package retention enforces retention policies on stored personal data:
// delete on completion, read once, a default of seven days, or a TTL in
// seconds, over pluggable stores (memory, an embedded file, Redis), with
// crypto-shredding so that deleting a key makes every copy unreadable, and
// signed, PII-free deletion receipts.
//
// # Policies
//
// A [Policy] is data: a [Mode] ([DeleteOnCompletion], [ReadOnce] or
// [KeepFor] with a TTL), per-category TTLs, a maximum wait for sessions that
// never complete ([Policy.MaxWait], default seven days), and [Hold] rules —
// legal holds and minimum retention — that override erasure, each with the
// citation of the rule that imposes it. [PolicyFromKosmos] maps the 1Kosmos
// settings:
//
//   - pii_retention_off=true: delete the PII when the session completes;
//   - pii_retention_ttl=-1: keep it until the first poll after completion,
//     then delete it (read once);
//   - pii_retention_ttl=0: keep it seven days (604800 s);
//   - pii_retention_ttl=N>0: keep it N seconds.
//
// TTLs run from session completion, as research into the vendor's semantics
// suggests (the deadline is fixed at completion); before completion a record
// lives at most MaxWait. [Policy.Explain] states a policy in words;
// [ParsePolicy] reads one from JSON.
//
// # The Vault
//
// A [Vault] applies policies over a [Store]: [Vault.Put] seals and stores,
// [Vault.Get] reads, [Vault.Complete] marks the session complete (which
// erases DeleteOnCompletion records), [Vault.Delete] erases on consent
// withdrawal, and [Vault.Sweep] erases records past their deadline.
//
// Expiry is checked on every read: a record past its deadline is never
// returned, whether or not a sweeper ran. Read-once is atomic in the store:
// of any number of concurrent pollers, on any number of replicas sharing the
// store, exactly one receives the data; the others get [ErrConsumed], and
// that second read is reported as a security event. Polls before completion
// get [ErrPending] and consume nothing.
//
// # Crypto-shredding
//
// Each record is sealed with its own random AES-256-GCM data key (Tink's
// AEAD), with the record id as associated data, and the data key is wrapped
// by a caller-supplied key-encryption key: a [KeyWrapper], whose method set
// is Tink's AEAD interface, so a [Keyset] ([GenerateKeyset], rotatable with
// [Keyset.Rotate]) or any KMS-backed Tink AEAD plugs in. Erasure replaces
// the record by a tombstone in one atomic store step that destroys the
// wrapped key with the ciphertext; a ciphertext copied out earlier cannot be
// opened without the wrapped key.
//
// With [Options.Keys] the wrapped keys live in a second store and the main
// store holds only ciphertext; erasure destroys the key there first, then
// tombstones the record. Keep the key store out of long-lived backups and a
// restored backup of the main store stays unreadable after erasure.
//
// # Receipts and audit
//
// Every erasure writes a [Receipt] to the store's log in the same atomic
// step (for read-once consumption, right after it): record reference (an
// HMAC of the id with [Options.IDKey]), category, rule, citation, reason,
// times, signed with Ed25519 ([Options.Signer]) and checked with
// [VerifyReceipt]. [Options.Audit] receives a PII-free [Event] for every
// operation.
//
// # Stores
//
// [MemoryStore] is for tests and single-process embedding. The subpackages
// boltstore (a bbolt file, fsync on every commit, optionally shared by
// processes) and redisstore (Redis with Lua scripts and PEXPIREAT, for
// fleets) are the durable stores. Every store passes the conformance suite
// in retentiontest.
//
// # What it does not do
//
//   - It does not encode Indian law for you: holds and their citations are
//     yours to configure (research notes: Aadhaar authentication regulations
//     2021 reg 16(4), 18, 20, 27; DPDP Rules 2025 rule 8; PMLA s.12 and the
//     RBI KYC Directions 2025 — verify the current text before relying on a
//     figure).
//   - Without [Options.Keys], a backup of the store includes the wrapped
//     keys and stays openable for as long as the key-encryption key that
//     wrapped them exists. Use a separate key store, or rotate the keyset
//     and retire old keys, to shred backups too.
//   - Record ids appear in store keys; use random session ids, not PII.
//   - Receipts of read-once consumption are appended after the atomic
//     consume step: a crash between the two loses the receipt, never the
//     erasure.
//   - Redis Cluster works only with all of one store's keys on one shard
//     (they share a hash tag).
package retention
