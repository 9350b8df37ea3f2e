// Package onekosmos opens and seals 1Kosmos "ECDSA" envelopes: it decrypts
// 1Kosmos (BlockID) ID-verification poll responses and encrypts requests to
// 1Kosmos services.
//
// # What the scheme really is
//
// 1Kosmos documents its responses as "encrypted using ECDSA", and the CLI
// keeps that name ("kyckit ecdsa …") because it is what integrators search
// for. But ECDSA is a signature scheme and the encryption is not ECDSA, so
// the package is named after the vendor and does not shadow crypto/ecdsa.
// The scheme is:
//
//   - static-static ECDH on secp256k1 (the default) or P-256 (selectable
//     on the 1Kosmos side through EC_CURVE_NAME);
//   - the raw 32-byte x-coordinate of the shared point used directly as an
//     AES-256 key, with no KDF ([SharedKey]);
//   - AES-256-GCM with a 16-byte IV and no additional data;
//   - the envelope base64(IV[16] ‖ ciphertext ‖ tag[16]), standard padded
//     base64 ([Seal], [Open]).
//
// Keys travel as base64 of the raw big-endian private scalar and base64 of
// X‖Y for the public point (the uncompressed SEC1 point without its 0x04
// byte); see [ParsePrivateKey], [ParsePublicKey], [PrivateKey.Encode] and
// [PublicKey.Encode]. Public keys are also accepted as SEC1 (compressed or
// uncompressed), PEM SubjectPublicKeyInfo and JWK.
//
// The wire format was confirmed against real 1Kosmos server ciphertext from
// 1Kosmos's public Postman collection and against 1Kosmos's public helper
// libraries; the tests carry those known answers.
//
// # Requests and responses
//
// A request to a 1Kosmos service carries the caller's public key in clear
// and the license key and a request id sealed under
// SharedKey(callerPriv, servicePub) ([RequestHeaders]), and a body
// {"data": envelope} ([EncryptBody]). The service public key comes from
// GET {docuverify}/publickeys.
//
// A response is {"data": envelope, "publicKey": key}; [DecryptResponse]
// decrypts it with the body's publicKey when present and the service key
// otherwise, retrying with the service key, and returns unencrypted error
// bodies as a [*ServiceError]. [ParsePollResult] turns the plaintext into a
// typed [PollResult] (the short v3 form, a v3 result or a v1 result).
// Results hold personal data and document images: their String and
// LogValue methods mask names and numbers and never print images.
//
// # Session and verification status
//
// 1Kosmos documents two separate enumerations, and this package models
// them as two types. The session status ([SessionStatus]) is Pending, In
// Progress, Completed, Expired or Declined; Completed, Expired and Declined
// are terminal ([PollResult.Done]). The verification status
// ([VerificationStatus]) is Passed, Failed or Not performed, per check
// (Document.Verifications) and for a completed session as a whole
// ([PollResult.Verification]). The v3 samples' sessionResult words are
// read as such: SUCCESS is a completed session whose verification passed,
// FAILED one whose verification failed, INPROGRESS (responseStatus) a
// session in progress. [PollResult.Succeeded] is true only for a completed
// session whose every check passed.
//
// The package also offers ECDSA signing helpers for the same keys ([Sign],
// [Verify], [SignASN1], [VerifyASN1]): SHA-256 digests, raw r‖s or DER,
// low-S on secp256k1. 1Kosmos does not sign ID-verification responses today.
//
// # What it does not verify
//
// The GCM tag is the only integrity check, and it proves only that the
// envelope was made by someone holding either private key of the pair.
// 1Kosmos does not sign responses, so nothing here authenticates the
// service: a response whose publicKey was chosen by an attacker decrypts
// fine under that attacker's key. Pin the service key
// ([DecryptOptions.PinServiceKey]): a response whose publicKey is not the
// service key is then refused with [ErrUnpinnedKey]. It is not the default
// because 1Kosmos does not document that a response's publicKey is the key
// GET {docuverify}/publickeys returns; check that it is for your tenant,
// then pin (kyckit ecdsa decrypt pins whenever -peer is given). The
// document.proof_jwt in a final result is HS256 and cannot be verified by an
// integrator; it is passed through as a string. Freshness and replay of
// requests are checked, if at all, by the service.
//
// # Security notes
//
// The shared key is the raw ECDH output, with no KDF, and the same key pair
// encrypts every message of a session, because that is the 1Kosmos
// protocol. 1Kosmos's Java helper fills the IV with 16 ASCII hex
// characters (64 bits of entropy), and real server output does this;
// [Open] accepts any IV content. [Seal] always uses 16 random bytes.
//
// secp256k1 scalar multiplication here is decred's ScalarMultNonConst,
// which is not constant-time. Use a fresh caller key pair per process or
// per session (as the 1Kosmos helpers do) so a timing side channel has
// little to work with.
//
// Errors are sentinels ([ErrDecrypt], [ErrInvalidKey], [ErrResponse]…);
// [ErrDecrypt] is deliberately vague. No error string carries a key,
// plaintext or personal data.
//
// # FIPS 140-3 mode
//
// This scheme cannot run under GODEBUG=fips140=only: the standard library
// refuses AES-GCM with a 16-byte nonce there (cipher.NewGCMWithNonceSize),
// and secp256k1 is not an approved curve. In that mode the package fails
// closed: [Seal] returns an error saying the 16-byte IV is unavailable, and
// [Open] and [DecryptResponse] return [ErrDecrypt]. Nothing in 1Kosmos's
// protocol can be changed from the client side to avoid this; a FIPS
// deployment has to ask 1Kosmos for another scheme.
//
// # Limits
//
// [DecryptResponse] and [ParsePollResult] reject input over
// [MaxResponseSize] (64 MiB). Key text over 16 KiB is rejected. [Open]
// is linear in its input and has no cap of its own; bound what you read
// from the network (for example with http.MaxBytesReader).
package onekosmos
