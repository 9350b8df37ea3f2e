// Package retention enforces retention policies on stored personal data:
// delete on completion, read once, a default of seven days, or a TTL in
// seconds, over pluggable stores (memory, an embedded file, Redis), with
// crypto-shredding so that deleting a key makes every copy unreadable, and
// signed, chained, PII-free deletion receipts.
//
// # Policies
//
// A [Policy] is data: a [Mode] ([DeleteOnCompletion], [ReadOnce] or
// [KeepFor] with a TTL), per-category TTLs, [Policy.Once] ("returned once
// per session"), a maximum wait for sessions that never complete
// ([Policy.MaxWait], default seven days), and [Hold] rules — legal holds and
// minimum retention — that override erasure, each with the citation of the
// rule that imposes it. [PolicyFromKosmos] maps the 1Kosmos settings:
//
//   - pii_retention_off=true: delete the PII when the session completes;
//     no poll ever receives it;
//   - pii_retention_ttl=-1: keep it until the first poll after completion,
//     then delete it (read once);
//   - pii_retention_ttl=0: keep it seven days (604800 s);
//   - pii_retention_ttl=N>0: keep it N seconds;
//   - with ttl ≥ 0, Policy.Once hands it to the first poll only and keeps
//     it sealed until the TTL ends.
//
// In every mode the PII is unreadable before the session completes. TTLs
// run from completion (the deadline is fixed then); before completion a
// record lives at most MaxWait. [Policy.Explain] states a policy in words;
// [ParsePolicy] reads one from JSON.
//
// # The Vault
//
// A [Vault] applies policies over a [Store]: [Vault.Put] seals and stores,
// [Vault.Complete] marks the session complete (which erases
// DeleteOnCompletion records), [Vault.Delete] erases on consent
// withdrawal, and [Vault.Sweep] erases records past their deadline.
// [Vault.Poll] answers a status poll in one call: the PII-free session
// status the service stored beside the PII ([Vault.SetStatus],
// [Vault.CompleteWithStatus]), in every state — pending, consumed, erased,
// expired — and the PII when this poll may have it. [Vault.Get] is Poll
// with the reasons as errors.
//
// Expiry is checked on every poll: a record past its deadline is never
// returned, whether or not a sweeper ran. Read-once is atomic in the store:
// of any number of concurrent pollers, on any number of replicas sharing
// the store, exactly one claims the record with its token and receives the
// data; the others get [ErrConsumed] (PollConsumed), and that second read
// is reported as a security event. The claim is then erased, together with
// its receipt, in one store step. A claim whose reply was lost is answered
// again to the same token, and every other write carries a token too, so a
// store client that retries after a lost reply (go-redis does) gets the
// same outcome, not a false "already consumed". A claim whose poller died
// is erased after [ClaimLease] with reason [ReasonClaimLapsed], never
// handed to another poller.
//
// # Crypto-shredding, and what each store can promise
//
// Each record is sealed with its own random AES-256-GCM data key (Tink's
// AEAD), with the record id as associated data, and the data key is wrapped
// by a caller-supplied key-encryption key: a [KeyWrapper], whose method set
// is Tink's AEAD interface, so a [Keyset] ([GenerateKeyset], rotatable with
// [Keyset.Rotate]) or any KMS-backed Tink AEAD plugs in. Erasure destroys
// the wrapped key and the ciphertext in one atomic store step; a ciphertext
// copied out earlier cannot be opened without the wrapped key.
//
// Destroying a key in a store is not the same as the bytes leaving its
// files. boltstore keeps wrapped keys out of the bbolt file, in fixed
// slots it overwrites with zeros on erasure, so the key is gone from the
// files at once (the ciphertext may linger in freed bbolt pages until
// Compact). redisstore deletes both, but Redis keeps them in its AOF and
// RDB files until Compact has it rewrite them. Neither can reach copies
// below the file (copy-on-write file systems, SSD wear levelling) or in
// backups: for those, keep the wrapped keys in a second store
// ([Options.Keys]) outside the backups, or retire the key-encryption key.
//
// # Receipts and audit
//
// Every erasure writes a [Receipt] to the store's log in the same atomic
// step as the erasure itself: record reference (an HMAC of the id with
// [Options.IDKey]), category, rule, citation, reason, mechanism, times,
// signed with Ed25519 ([Options.Signer]) and checked with
// [VerifyReceipt]. Receipts form a hash chain (position and the previous
// receipt's hash, signed), so [VerifyChain] reports receipts deleted,
// reordered or duplicated; keep the head it reports as an anchor to catch
// receipts deleted from the end. [Options.Audit] receives a PII-free
// [Event] for every operation.
//
// # Clocks
//
// Deadlines are absolute times from the Vault's clock. A store with its
// own clock governing native expiry (Redis, a [ServerClock]) is compared
// with it: beyond [Options.MaxClockSkew] (two seconds by default) every
// operation fails with [ErrClock], so a slow clock cannot make Redis expire
// a record at once and a fast one cannot purge tombstones early.
//
// # Stores
//
// [MemoryStore] is for tests and single-process embedding. The subpackages
// boltstore (a bbolt file, fsync on every commit, optionally shared by
// processes) and redisstore (Redis with Lua scripts and PEXPIREAT, for
// fleets; appendonly yes and appendfsync always required by default) are
// the durable stores. Every store passes the conformance suite in
// retentiontest, including its run with every reply lost once.
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
//     wrapped them exists.
//   - Record ids appear in store keys; use random session ids, not PII.
//   - Ids are refused while their tombstone lives (30 days by default,
//     forever with a negative [Options.TombstoneTTL]); after that an id can
//     be stored again.
//   - A Put that fails after its record was created removes it again
//     without a receipt (the data was never readable); so does boltstore
//     when it zeros a key slot left behind by a crash.
//   - The receipt log has no retention of its own yet, and a store that
//     loses its newest receipts (a restored backup) is caught only by an
//     anchor kept elsewhere.
//   - Redis Cluster works only with all of one store's keys on one shard
//     (they share a hash tag); replicas are not checked for durability.
package retention
