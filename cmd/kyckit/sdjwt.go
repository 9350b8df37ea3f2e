package main

import (
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/sdjwt"
)

var sdjwtCommand = &command{
	name:    "sdjwt",
	summary: "decode, verify, issue and present SD-JWTs (RFC 9901, SD-JWT VC, UIDAI)",
	usage: `Usage:
	kyckit sdjwt decode  [-o FILE] [FILE]
	kyckit sdjwt verify  (-jwks FILE | -key FILE | -x5c-roots FILE) [-profile uidai [-normalize]]
	                     [-require-kb] [-aud A] [-nonce N] [-at RFC3339] [-skew D] [-o FILE] [FILE]
	kyckit sdjwt issue   -key FILE [-sd PATH]... [-holder FILE] [-o FILE] [CLAIMS]
	kyckit sdjwt present [-sd PATH]... [-all] [-holder-key FILE -aud A -nonce N] [-o FILE] [FILE]

verify prints the processed claims as JSON only after every check passed.
decode prints the token's parts without checking anything (UNVERIFIED).
issue and present make test credentials and presentations.`,
	subs: []*command{
		{
			name:    "decode",
			summary: "print header, payload and disclosures without verifying (UNVERIFIED)",
			usage: `Usage: kyckit sdjwt decode [-o FILE] [FILE]

Prints the issuer JWT header and payload, each disclosure with its digest,
and the key binding JWT, as JSON with "verified": false. Nothing is checked:
not the signature, not the key binding, not the times. A notice saying so
goes to standard error.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				return func(e *env, args []string) error { return sdjwtDecode(e, args, *out) }
			},
		},
		{
			name:    "issue",
			summary: "issue an SD-JWT from a JSON claims file (test fixtures)",
			usage: `Usage: kyckit sdjwt issue -key FILE [-sd PATH]... [-holder FILE] [-typ T] [-kid K]
	[-decoys N] [-sd-alg ALG] [-o FILE] [CLAIMS]

Signs the claims (a JSON object) with the private key in FILE (PEM, PKCS#8,
SEC 1 or PKCS#1). Each -sd PATH (dotted, array elements by index, e.g.
address.pincode or nationalities.1) becomes a disclosure. -holder adds the
holder public key (PEM or JWK) as cnf.jwk. Prints <JWT>~<D1>~...~.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				key := fs.String("key", "", "issuer private key `FILE` (PEM)")
				holder := fs.String("holder", "", "holder public key `FILE` (PEM or JWK) for cnf.jwk")
				typ := fs.String("typ", "", "header typ (default dc+sd-jwt with vct, else sd-jwt)")
				kid := fs.String("kid", "", "header kid")
				decoys := fs.Int("decoys", 0, "decoy digests per _sd array")
				sdAlg := fs.String("sd-alg", "sha-256", "_sd_alg: sha-256, sha-384 or sha-512")
				var paths pathList
				fs.Var(&paths, "sd", "selectively disclosable claim `PATH` (repeatable)")
				return func(e *env, args []string) error {
					if *key == "" {
						return usagef("issue needs -key")
					}
					signer, err := loadPrivateKey(*key)
					if err != nil {
						return err
					}
					raw, err := e.readInput(args, sdjwt.DefaultMaxTokenBytes)
					if err != nil {
						return err
					}
					var claims map[string]any
					dec := json.NewDecoder(strings.NewReader(string(raw)))
					dec.UseNumber()
					if err := dec.Decode(&claims); err != nil || claims == nil {
						return withHint(errors.New("claims are not a JSON object"))
					}
					o := &sdjwt.IssueOptions{Type: *typ, KeyID: *kid, Decoys: *decoys, SDAlg: *sdAlg}
					if *holder != "" {
						if o.HolderKey, err = loadPublicKey(*holder); err != nil {
							return err
						}
					}
					tok, err := sdjwt.Issue(signer, claims, paths, o)
					if err != nil {
						return err
					}
					_, err = fmt.Fprintln(e.output(*out), tok)
					return err
				}
			},
		},
		{
			name:    "present",
			summary: "select disclosures and add a key binding JWT",
			usage: `Usage: kyckit sdjwt present [-sd PATH]... [-all] [-holder-key FILE -aud A -nonce N]
	[-at RFC3339] [-o FILE] [FILE]

Keeps the disclosures for each -sd PATH (with their parents and children)
and drops the rest; -all keeps every disclosure. With -holder-key, appends a
key binding JWT for -aud and -nonce, issued at -at (default now).`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				all := fs.Bool("all", false, "keep every disclosure")
				hk := fs.String("holder-key", "", "holder private key `FILE` (PEM) to sign a key binding JWT")
				aud := fs.String("aud", "", "key binding audience")
				nonce := fs.String("nonce", "", "key binding nonce")
				at := fs.String("at", "", "key binding iat as RFC 3339 (default now)")
				var paths pathList
				fs.Var(&paths, "sd", "claim `PATH` to disclose (repeatable)")
				return func(e *env, args []string) error {
					if *all {
						if len(paths) > 0 {
							return usagef("-all and -sd are exclusive")
						}
						paths = pathList{{}}
					}
					o := &sdjwt.PresentOptions{Audience: *aud, Nonce: *nonce}
					if *hk != "" {
						if *aud == "" || *nonce == "" {
							return usagef("-holder-key needs -aud and -nonce")
						}
						var err error
						if o.HolderKey, err = loadPrivateKey(*hk); err != nil {
							return err
						}
					}
					now, err := parseAt(*at)
					if err != nil {
						return err
					}
					o.Now = now
					tok, err := readToken(e, args)
					if err != nil {
						return err
					}
					pres, err := sdjwt.Present(tok, paths, o)
					if err != nil {
						return err
					}
					_, err = fmt.Fprintln(e.output(*out), pres)
					return err
				}
			},
		},
		{
			name:    "verify",
			summary: "verify an SD-JWT and print its claims",
			usage: `Usage: kyckit sdjwt verify (-jwks FILE | -key FILE | -x5c-roots FILE) [-profile uidai [-normalize]]
	[-require-kb] [-aud A] [-nonce N] [-at RFC3339] [-skew DURATION] [-alg LIST]
	[-iss ISS] [-o FILE] [FILE]

Runs every RFC 9901 check and prints the processed claims as JSON, only
after all of them passed; otherwise prints nothing on standard output and
exits 1 with the reason.

-aud names this verifier: an issuer-signed "aud" must contain it, and a key
binding JWT's "aud" must equal it. A key binding JWT is verified when
-require-kb is given (which needs -aud and -nonce), or when both -aud and
-nonce are; otherwise it is not checked, and a warning says so.

Times (exp, nbf, iat) are checked at -at (default now) with -skew of
tolerance (default 1m0s; 0 for none).

-alg lists the JWS algorithms accepted for the issuer signature (default
ES256,ES384,ES512,PS256,PS384,PS512,EdDSA; RS256, RS384 and RS512 may be
added). The token's own "alg" header is never trusted on its own, and HMAC
or "none" are refused.

With -profile uidai it applies the UIDAI profile (ES256, iss
https://uidai.gov.in, typ vc+sd-jwt, _sd_alg SHA-256 accepted, id, iat,
exp, status and cnf required) and prints the OVSE field set (name, dob as
YYYY-MM-DD, dob_issued, gender, mobile, full_address, user_photo, result);
-normalize prints the verified resident as a normalize record (OIDC claims
and Identity Assurance) instead. UIDAI's credential carries no key
binding JWT, so none is required unless -require-kb is given; bind the
credential to your session by the callback's txn and a single-use session
store.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				jwks := fs.String("jwks", "", "trusted issuer JWK Set `FILE`")
				key := fs.String("key", "", "trusted issuer public key `FILE` (PEM public key or certificate, or JWK)")
				roots := fs.String("x5c-roots", "", "PEM `FILE` of roots for the token's x5c chain")
				profile := fs.String("profile", "", "verification profile: uidai")
				requireKB := fs.Bool("require-kb", false, "require a key binding JWT (needs -aud and -nonce)")
				aud := fs.String("aud", "", "this verifier's identifier: expected key binding aud, and required in an issuer aud")
				nonce := fs.String("nonce", "", "expected key binding nonce")
				at := fs.String("at", "", "verification time as RFC 3339 (default now)")
				skew := fs.Duration("skew", sdjwt.DefaultClockSkew, "clock skew tolerated on exp, nbf and iat (0 for none)")
				var algs algList
				fs.Var(&algs, "alg", "comma-separated JWS algorithm `LIST` for the issuer signature (default ES256,ES384,ES512,PS256,PS384,PS512,EdDSA)")
				issuer := fs.String("iss", "", "expected issuer (uidai default https://uidai.gov.in)")
				upper := fs.Bool("allow-uppercase-sd-alg", false, "accept _sd_alg SHA-256 (UIDAI's spelling; the uidai profile accepts it anyway)")
				norm := fs.Bool("normalize", false, "with -profile uidai: print a normalize record of the verified resident")
				return func(e *env, args []string) error {
					n := 0
					for _, s := range []string{*jwks, *key, *roots} {
						if s != "" {
							n++
						}
					}
					if n != 1 {
						return usagef("verify needs exactly one of -jwks, -key and -x5c-roots")
					}
					if *profile != "" && *profile != "uidai" {
						return usagef("unknown profile %q (want uidai)", *profile)
					}
					if *norm && *profile != "uidai" {
						return usagef("-normalize needs -profile uidai")
					}
					if *requireKB && (*aud == "" || *nonce == "") {
						return usagef("-require-kb needs -aud and -nonce").(*cliError).withHints(
							"for UIDAI, -aud is your OVSE client id and -nonce the txn of your request")
					}
					if *skew < 0 {
						return usagef("-skew must not be negative")
					}
					if *profile == "uidai" && len(algs) > 0 {
						return usagef("-alg does not apply to -profile uidai (ES256 only)")
					}
					keys, err := loadResolver(*jwks, *key, *roots)
					if err != nil {
						return err
					}
					now, err := parseAt(*at)
					if err != nil {
						return err
					}
					tok, err := readToken(e, args)
					if err != nil {
						return err
					}
					clockSkew := *skew
					if clockSkew == 0 {
						clockSkew = -1 // the library's "none"
					}
					var result any
					var cred *sdjwt.Credential
					if *profile == "uidai" {
						o := &sdjwt.UIDAIOptions{Issuer: *issuer, RequireKeyBinding: *requireKB, Audience: *aud, Nonce: *nonce, Now: now, ClockSkew: clockSkew}
						r, err := sdjwt.VerifyUIDAI(e.ctx, tok, keys, o)
						if err != nil {
							return verifyError(err)
						}
						result, cred = r, r.Credential
						if *norm {
							in, err := kyc.SDJWTResident(r)
							if err != nil {
								return err
							}
							result = normalize.FromSDJWTResident(in, nil)
						}
					} else {
						o := &sdjwt.VerifyOptions{Now: now, ClockSkew: clockSkew, RequireKeyBinding: *requireKB, Audience: *aud, Nonce: *nonce,
							ExpectedIssuer: *issuer, AllowUppercaseHashName: *upper, Algorithms: algs}
						cred, err = sdjwt.VerifyContext(e.ctx, tok, keys, o)
						if err != nil {
							return verifyError(err)
						}
						result = cred.Claims
					}
					b, err := json.MarshalIndent(result, "", "  ")
					if err != nil {
						return err
					}
					if cred.KeyBindingUnchecked {
						fmt.Fprintln(e.stderr, "kyckit: warning: the token's key binding JWT was NOT checked (give -aud and -nonce to check it)")
					}
					_, err = fmt.Fprintf(e.output(*out), "%s\n", b)
					return err
				}
			},
		},
	},
}

// verifyError adds hints to a verification failure: time errors show the
// times involved already; say how to verify at another time.
func verifyError(err error) error {
	switch {
	case errors.Is(err, sdjwt.ErrExpired), errors.Is(err, sdjwt.ErrNotYetValid):
		return withHint(err, "-at RFC3339 verifies as of another time; -skew DURATION sets the clock tolerance")
	case errors.Is(err, sdjwt.ErrHashAlgorithm) && strings.Contains(err.Error(), "AllowUppercaseHashName"):
		return withHint(err, "-allow-uppercase-sd-alg accepts the upper-case spelling")
	case errors.Is(err, sdjwt.ErrAudience):
		return withHint(err, "-aud names this verifier")
	}
	return err
}

// algList is the -alg flag: a comma-separated list, each name one the
// library can verify. HS256 (or any HMAC or "none") is a usage error at
// flag parsing, before any input is read.
type algList []string

func (a *algList) String() string { return strings.Join(*a, ",") }

func (a *algList) Set(s string) error {
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(sdjwt.SupportedAlgorithms(), name) {
			return fmt.Errorf("%q is not an asymmetric JWS algorithm kyckit verifies (%s)", name, strings.Join(sdjwt.SupportedAlgorithms(), ", "))
		}
		if !slices.Contains(*a, name) {
			*a = append(*a, name)
		}
	}
	return nil
}

// pathList collects repeated -sd flags.
type pathList []sdjwt.Path

func (p *pathList) String() string { return fmt.Sprint(*p) }
func (p *pathList) Set(s string) error {
	if s == "" {
		return errors.New("empty path")
	}
	*p = append(*p, sdjwt.ParsePath(s))
	return nil
}

func parseAt(s string) (func() time.Time, error) {
	if s == "" {
		return time.Now, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, usagef("-at: %q is not an RFC 3339 time", s)
	}
	return func() time.Time { return t }, nil
}

func readToken(e *env, args []string) (string, error) {
	raw, err := e.readInput(args, sdjwt.DefaultMaxTokenBytes)
	if err != nil {
		return "", err
	}
	tok := strings.TrimSpace(string(raw))
	if tok == "" {
		return "", withHint(errors.New("empty input"), "give one SD-JWT (compact or JSON serialization)")
	}
	return tok, nil
}

// maxKeySetFile caps a key, JWK Set or root certificate file.
const maxKeySetFile = 1 << 20

func loadResolver(jwks, key, roots string) (sdjwt.KeyResolver, error) {
	switch {
	case jwks != "":
		b, err := readFile(jwks, "JWK Set file", maxKeySetFile)
		if err != nil {
			return nil, err
		}
		return sdjwt.ParseJWKSet(b)
	case key != "":
		pub, err := loadPublicKey(key)
		if err != nil {
			return nil, err
		}
		return sdjwt.PublicKey(pub), nil
	}
	b, err := readFile(roots, "root certificates file", maxKeySetFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, withHint(fmt.Errorf("no PEM certificates in %s", roots))
	}
	return &sdjwt.X5CRoots{Roots: pool}, nil
}

// loadPublicKey reads a PEM public key, a PEM certificate, or a JWK.
func loadPublicKey(path string) (crypto.PublicKey, error) {
	b, err := readFile(path, "key file", maxKeySetFile)
	if err != nil {
		return nil, err
	}
	if blk, _ := pem.Decode(b); blk != nil {
		switch blk.Type {
		case "PUBLIC KEY":
			if k, err := x509.ParsePKIXPublicKey(blk.Bytes); err == nil {
				return k, nil
			}
		case "CERTIFICATE":
			if c, err := x509.ParseCertificate(blk.Bytes); err == nil {
				return c.PublicKey, nil
			}
		}
		return nil, withHint(fmt.Errorf("%s: unsupported PEM block %q", path, blk.Type), "want PUBLIC KEY or CERTIFICATE")
	}
	k, err := sdjwt.ParseJWK(b)
	if err != nil {
		return nil, withHint(fmt.Errorf("%s: %w", path, err), "want a PEM public key, a PEM certificate or a public JWK")
	}
	return k, nil
}

func loadPrivateKey(path string) (crypto.Signer, error) {
	b, err := readFile(path, "key file", maxKeySetFile)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, withHint(fmt.Errorf("%s: not a PEM file", path))
	}
	var k any
	switch blk.Type {
	case "PRIVATE KEY":
		k, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(blk.Bytes)
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	default:
		err = fmt.Errorf("unsupported PEM block %q", blk.Type)
	}
	if err != nil {
		return nil, withHint(fmt.Errorf("%s: %w", path, err))
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, withHint(fmt.Errorf("%s: not a signing key", path))
	}
	return s, nil
}

func sdjwtDecode(e *env, args []string, out string) error {
	tok, err := readToken(e, args)
	if err != nil {
		return err
	}
	t, err := sdjwt.Parse(tok, nil)
	if err != nil {
		return err
	}
	type disc struct {
		Digest       string `json:"digest"`
		Salt         string `json:"salt"`
		Name         string `json:"name,omitempty"`
		ArrayElement bool   `json:"array_element,omitempty"`
		Value        any    `json:"value"`
	}
	doc := struct {
		Verified      bool           `json:"verified"`
		Serialization string         `json:"serialization"`
		Header        map[string]any `json:"header"`
		Payload       map[string]any `json:"payload"`
		Disclosures   []disc         `json:"disclosures"`
		KeyBinding    any            `json:"key_binding_jwt,omitempty"`
	}{Serialization: t.Serialization.String(), Header: t.Header, Payload: t.Payload, Disclosures: []disc{}}
	for _, d := range t.Disclosures {
		doc.Disclosures = append(doc.Disclosures, disc{d.Digest, d.Salt, d.Name, d.ArrayElement, d.Value})
	}
	if t.KeyBindingJWT != "" {
		doc.KeyBinding = decodeJWTParts(t.KeyBindingJWT)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, "kyckit: note: UNVERIFIED: decode checks no signature, key binding or time")
	_, err = fmt.Fprintf(e.output(out), "%s\n", b)
	return err
}

// decodeJWTParts decodes a KB-JWT's header and payload for display.
func decodeJWTParts(jwt string) map[string]any {
	parts := strings.Split(jwt, ".")
	out := map[string]any{}
	for i, name := range []string{"header", "payload"} {
		if i >= len(parts) {
			break
		}
		if raw, err := b64url(parts[i]); err == nil {
			var v any
			dec := json.NewDecoder(strings.NewReader(string(raw)))
			dec.UseNumber()
			if dec.Decode(&v) == nil {
				out[name] = v
			}
		}
	}
	return out
}

func b64url(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(s)
}
