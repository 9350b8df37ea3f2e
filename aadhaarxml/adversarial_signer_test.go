package aadhaarxml

// Attacks on the choice of signing key: the KeyInfo hint (which anyone can
// set) and the ring's remembered last signer only order the keys tried;
// neither may let a key sign outside its window, lend another key's
// window, or skip the digest or time checks.

import (
	"crypto/x509"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestAdversarialSignerChoice(t *testing.T) {
	k := fixtureKey(t)
	old := expiredSignerCert(t) // the signer's key, certificate 2020–2023
	other := newTestKey(t, "other pinned key", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC))
	p := fixturePerson() // signed 2025-01-15, inside k.cert's window only
	ringOf := func(certs ...*x509.Certificate) *KeyRing {
		r, err := NewKeyRing(certs...)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	sign := func(ki *x509.Certificate) []byte { return signXML(t, k, p.body("1234"), signOpts{keyInfo: ki}) }

	for _, tt := range []struct {
		name     string
		ring     *KeyRing
		xml      []byte
		validity ValidityRule
		want     error
		signer   string // the certificate the Signer must name
	}{
		// The hint names the signer's expired certificate; the same key's
		// current certificate is in the ring and is the one reported.
		{"hint-expired-cert-of-signer", ringOf(old, k.cert), sign(old), ValidityWindow, nil, k.cert.Subject.CommonName},
		{"hint-expired-cert-of-signer-strict", ringOf(old, k.cert), sign(old), ValidityStrict, nil, k.cert.Subject.CommonName},
		{"hint-expired-cert-ring-order-reversed", ringOf(k.cert, old), sign(old), ValidityWindow, nil, k.cert.Subject.CommonName},
		// Only the expired certificate is pinned: the hint cannot help.
		{"hint-expired-cert-only", ringOf(old), sign(old), ValidityWindow, ErrOutsideWindow, ""},
		{"hint-expired-cert-only-strict", ringOf(old), sign(old), ValidityStrict, ErrCertExpired, ""},
		// The hint names another pinned key whose window holds the signed
		// time: it lends no window to the key that signed.
		{"hint-other-key-in-window", ringOf(old, other.cert), sign(other.cert), ValidityWindow, ErrOutsideWindow, ""},
		{"hint-other-key-signer-current", ringOf(other.cert, k.cert), sign(other.cert), ValidityWindow, nil, k.cert.Subject.CommonName},
		// A hint no ring entry matches, and an unparseable one.
		{"hint-attacker-cert", ringOf(k.cert), sign(attackerKey(t).cert), ValidityWindow, nil, k.cert.Subject.CommonName},
		// Signed by the attacker, hint to the pinned certificate.
		{"attacker-signed-hint-pinned", ringOf(k.cert, old), signXML(t, attackerKey(t), p.body("1234"), signOpts{keyInfo: k.cert}), ValidityWindow, ErrUnknownSigner, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := &Verifier{Certs: tt.ring, Now: fixedNow, Validity: tt.validity}
			d, err := v.VerifyXML(tt.xml)
			if tt.want != nil {
				if !errors.Is(err, tt.want) || d != nil {
					t.Fatalf("VerifyXML = %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("VerifyXML: %v", err)
			}
			if d.Signer.Subject != tt.signer || !d.Signer.InWindow {
				t.Fatalf("signer %q (in window %v), want %q", d.Signer.Subject, d.Signer.InWindow, tt.signer)
			}
		})
	}
}

// TestAdversarialRememberedSigner: a verifier that allows expired keys
// makes the ring remember a key outside its window; a default verifier
// sharing the ring must still refuse, in any interleaving.
func TestAdversarialRememberedSigner(t *testing.T) {
	k := fixtureKey(t)
	old := expiredSignerCert(t)
	ring, err := NewKeyRing(old, newTestKey(t, "unrelated", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)).cert)
	if err != nil {
		t.Fatal(err)
	}
	outside := signXML(t, k, fixturePerson().body("1234"), signOpts{}) // 2025: outside old's window
	q := fixturePerson()
	q.RefID = "2468" + "20220101120000000" // inside
	inside := signXML(t, k, q.body("1234"), signOpts{})
	lax := &Verifier{Certs: ring, Now: fixedNow, AllowExpiredCert: true}
	strict := &Verifier{Certs: ring, Now: fixedNow}
	if d, err := lax.VerifyXML(outside); err != nil || d.Signer.InWindow {
		t.Fatalf("lax: %v", err)
	}
	if _, err := strict.VerifyXML(outside); !errors.Is(err, ErrOutsideWindow) {
		t.Fatalf("after a lax verification: %v", err)
	}
	if _, err := strict.VerifyXML(inside); err != nil {
		t.Fatalf("inside the window: %v", err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if g%2 == 0 {
					if _, err := lax.VerifyXML(outside); err != nil {
						t.Errorf("lax: %v", err)
					}
					continue
				}
				if _, err := strict.VerifyXML(outside); !errors.Is(err, ErrOutsideWindow) {
					t.Errorf("strict: %v", err)
				}
			}
		}()
	}
	wg.Wait()
}

// TestAdversarialTimeChecksAfterHint: the clock checks run whichever key
// the hint or the memory picked.
func TestAdversarialTimeChecksAfterHint(t *testing.T) {
	k := fixtureKey(t)
	ring := k.ring(t)
	p := fixturePerson()
	p.RefID = "2468" + "20300101000000000"
	future := signXML(t, k, p.body("1234"), signOpts{keyInfo: k.cert})
	v := &Verifier{Certs: ring, Now: fixedNow}
	_, _ = v.VerifyXML(signXML(t, k, fixturePerson().body("1234"), signOpts{})) // remembered
	if _, err := v.VerifyXML(future); !errors.Is(err, ErrFutureTimestamp) {
		t.Fatalf("future: %v", err)
	}
	old := &Verifier{Certs: ring, Now: fixedNow, MaxAge: 24 * time.Hour}
	if _, err := old.VerifyXML(signXML(t, k, fixturePerson().body("1234"), signOpts{keyInfo: k.cert})); !errors.Is(err, ErrTooOld) {
		t.Fatalf("too old: %v", err)
	}
}
