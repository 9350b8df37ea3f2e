package sdjwt

import (
	"slices"
	"testing"
)

// TestSupportedAlgorithmsMatchKnownAlg: the exported list (the CLI
// validates -alg with it) and the verifier's own test agree, and neither
// admits HMAC or "none".
func TestSupportedAlgorithmsMatchKnownAlg(t *testing.T) {
	for _, a := range SupportedAlgorithms() {
		if !knownAlg(a) {
			t.Errorf("%s listed but not verifiable", a)
		}
	}
	for _, a := range []string{"ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512", "EdDSA"} {
		if !slices.Contains(SupportedAlgorithms(), a) {
			t.Errorf("%s verifiable but not listed", a)
		}
	}
	for _, a := range []string{"HS256", "HS384", "HS512", "none", "None", "es256", ""} {
		if knownAlg(a) || slices.Contains(SupportedAlgorithms(), a) {
			t.Errorf("%q accepted", a)
		}
	}
	for _, a := range defaultAlgorithms {
		if !knownAlg(a) {
			t.Errorf("default %s not verifiable", a)
		}
	}
}
