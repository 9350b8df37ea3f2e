// Package ecdsa opens and seals 1Kosmos "ECDSA" envelopes.
//
// Despite the name 1Kosmos gives it (kept here because it is what
// integrators search for), the scheme is not a signature scheme: it is static
// ECDH on secp256k1 or P-256, the raw 32-byte shared x-coordinate used as an
// AES-256 key, and AES-256-GCM with a 16-byte IV, carried as
// base64(IV ‖ ciphertext ‖ tag). The package also has ECDSA sign and verify
// helpers for the same keys. Code here that needs the standard library's
// crypto/ecdsa imports it under another name.
package ecdsa
