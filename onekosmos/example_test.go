package onekosmos_test

import (
	"crypto/sha256"
	"fmt"
	"log"
	"maps"
	"slices"
	"time"

	"github.com/kyckit/kyckit/onekosmos"
)

// Decrypt a 1Kosmos v3 poll response with the caller's private key,
// pinning the service key (1Kosmos does not sign responses: without the pin,
// a body sealed under anyone's key pair would decrypt), then read the
// session and verification status.
func ExampleDecryptResponse() {
	callerPriv, err := onekosmos.ParsePrivateKey(onekosmos.Secp256k1, "j0tcbpYGUYFOalpO/GM+x3aTWQL4V/eg1BNQi0JytMg=")
	if err != nil {
		log.Fatal(err)
	}
	// From GET {docuverify}/publickeys, configured once.
	servicePub, err := onekosmos.ParsePublicKey(onekosmos.Secp256k1, "9KRW9DURilsJQwprR9OaiZI0m+pVxheR7ZNN/ow44av9C5O5sP8sKIOAuxhrb0h/R23nW89smZU8VYqyGtpaLw==")
	if err != nil {
		log.Fatal(err)
	}
	body := []byte(`{"data":"kqkdP+I7frlkJ6qZYyrlrJibrJm3Rx3uzantcTSrJTHigbWJFI3YED51VKlU/aBIYUGkHIR6hnAcc9acoCou3aRrSq3glompeBZ3iGiiRRY0S8qfMuKX2BX2+S6vSNW9I04Q4Q4ThXU/AiRQxealxrEuGXpZyJG52Y3dPFdWnDvyahHJEwmd8EPYRn7qQjkVSg1usMrKYgPL",` +
		`"publicKey":"9KRW9DURilsJQwprR9OaiZI0m+pVxheR7ZNN/ow44av9C5O5sP8sKIOAuxhrb0h/R23nW89smZU8VYqyGtpaLw=="}`)
	plaintext, err := onekosmos.DecryptResponse(body, callerPriv, servicePub, &onekosmos.DecryptOptions{PinServiceKey: true})
	if err != nil {
		log.Fatal(err) // errors.Is(err, onekosmos.ErrUnpinnedKey) for a body sealed by another key
	}
	result, err := onekosmos.ParsePollResult(plaintext)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(result.Final.SessionResult, result.Status(), result.Verification(), result.Done(), result.Succeeded())
	// Output: SUCCESS Completed Passed true true
}

// Seal and open an envelope with the shared key of two key pairs.
func ExampleSharedKey() {
	alice, _ := onekosmos.GenerateKey(onekosmos.Secp256k1)
	bob, _ := onekosmos.GenerateKey(onekosmos.Secp256k1)

	k1, _ := onekosmos.SharedKey(alice, bob.Public())
	envelope, err := onekosmos.Seal(k1, []byte(`{"dvcID":"example"}`))
	if err != nil {
		log.Fatal(err)
	}

	k2, _ := onekosmos.SharedKey(bob, alice.Public())
	plaintext, err := onekosmos.Open(k2, envelope)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(k1), string(plaintext))
	// Output: 32 {"dvcID":"example"}
}

// Build the encrypted headers and body of a poll request.
func ExampleRequestHeaders() {
	callerPriv, _ := onekosmos.GenerateKey(onekosmos.Secp256k1)
	servicePub, _ := onekosmos.ParsePublicKey(onekosmos.Secp256k1, "9KRW9DURilsJQwprR9OaiZI0m+pVxheR7ZNN/ow44av9C5O5sP8sKIOAuxhrb0h/R23nW89smZU8VYqyGtpaLw==")

	h, err := onekosmos.RequestHeaders("00000000-1111-2222-3333-444444444444", "com.example.app", callerPriv, servicePub, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	body, err := onekosmos.EncryptBody([]byte(`{"dvcID":"example","sessionId":"s-1"}`), callerPriv, servicePub)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(slices.Sorted(maps.Keys(h)), len(h.Get(onekosmos.HeaderPublicKey)), string(body[:9]))
	// Output: [Licensekey Publickey Requestid] 88 {"data":"
}

// Poll results mask personal data when printed or logged.
func ExampleParsePollResult() {
	r, err := onekosmos.ParsePollResult([]byte(`{"sessionResult":"SUCCESS","sessionId":"s-1",` +
		`"extractedInfo":{"documentType":"ppt_object","documentId":"Z1234567","firstName":"Meera","lastName":"Iyer","doe":"2030-01-31"}}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Final.ExtractedInfo)
	// Output: [documentType=ppt_object documentId=XXXX4567 firstName=M*** lastName=I*** doe=REDACTED]
}

// Sign a SHA-256 digest in the raw r‖s form and verify it.
func ExampleSign() {
	priv, _ := onekosmos.GenerateKey(onekosmos.Secp256k1)
	digest := sha256.Sum256([]byte("nonce-1"))
	sig, err := onekosmos.Sign(priv, digest[:])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(sig), onekosmos.Verify(priv.Public(), digest[:], sig))
	// Output: 64 <nil>
}
