// Package uuid makes random (version 4) UUIDs, RFC 9562 §5.4, in their
// canonical form: the one copy shared by onekosmos (1Kosmos request ids),
// kyc (OVSE txn values) and the demo (credential ids).
package uuid

import (
	"encoding/hex"
	"io"
)

// NewV4 reads 16 bytes from rnd (crypto/rand.Reader in production) and
// returns them as a version 4, variant 10 UUID: 36 characters, lower-case
// hex in groups of 8-4-4-4-12.
func NewV4(rnd io.Reader) (string, error) {
	var u [16]byte
	if _, err := io.ReadFull(rnd, u[:]); err != nil {
		return "", err
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // variant 10
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:], u[10:])
	return string(s[:]), nil
}
