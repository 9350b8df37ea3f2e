package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/kyckit/kyckit/normalize"
)

var normalizeCommand = &command{
	name:    "normalize",
	summary: "turn any KYC provider's identity body into one normalized record, or compare two",
	usage: `Usage:
	kyckit normalize [-from SOURCE] [-http-status CODE] [-drop-photos] [-trust-framework NAME] [-o FILE] [FILE]
	kyckit normalize [-from SOURCE] [-o FILE] compare A.json B.json

The first form reads one provider body (JSON or XML) and prints the
normalized record as JSON: OpenID Connect claims, verified_claims when the
provider reports success, the India extension, the outcome, warnings and
provenance. A full Aadhaar number in the input is reduced to its last four
digits. The record holds personal data: the -o file is created with mode
0600.

The result says what to do, the same for every provider: decision clear,
review, reject, retry or fix; an error outcome is about the call, never the
person, and has an error_class (auth, not_found, invalid_request, quota,
rate_limited, upstream, internal) and retryable. -http-status gives the
HTTP status the body came with: 400 or more makes the record an error,
classified by the body's own code or else by the status, and an empty or
unreadable body then still gives a record (as for a gateway's 429 or 503).
-drop-photos leaves photos out of the record.

The second form normalizes two bodies (or two records printed by the first
form) and prints the comparison evidence: name match categories, date of
birth, gender, PIN, state, address similarity and Aadhaar last 4. It is
evidence, not a verdict. Flags go before "compare".

SOURCE is auto (the default: detected from the body) or one of:
	` + strings.Join(normalize.Adapters, " ") + `

Bodies in signed UIDAI formats (offline-xml, digilocker, qr, sdjwt) are
parsed, not verified: their outcome is needs_review until a verifier
(kyckit aadhaar, kyckit sdjwt) has checked the signature.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) error {
		out := fs.String("o", "", "write to `FILE` instead of standard output")
		from := fs.String("from", "auto", "the `SOURCE` adapter, or auto to detect it")
		tf := fs.String("trust-framework", "", "verified_claims trust_framework `NAME` (default "+normalize.DefaultTrustFramework+")")
		status := fs.Int("http-status", 0, "the HTTP status `CODE` the body came with")
		dropPhotos := fs.Bool("drop-photos", false, "leave photos out of the record")
		return func(e *env, args []string) error {
			if *from != "auto" && !validAdapter(*from) {
				return usagef("unknown source %q for -from", *from).(*cliError).withHints(
					"sources: auto " + strings.Join(normalize.Adapters, " "))
			}
			if *status != 0 && (*status < 100 || *status > 599) {
				return usagef("-http-status %d is not an HTTP status code", *status)
			}
			opts := &normalize.Options{TrustFramework: *tf, DropPhotos: *dropPhotos}
			if len(args) > 0 && args[0] == "compare" {
				if *status != 0 {
					return usagef("-http-status is for one body, not compare")
				}
				return normalizeCompare(e, args[1:], *from, *out, opts)
			}
			opts.HTTPStatus = *status
			rec, err := normalizeInput(e, args, *from, opts)
			if err != nil {
				return err
			}
			return writeJSON(e, *out, rec)
		}
	},
}

func validAdapter(name string) bool {
	for _, a := range normalize.Adapters {
		if a == name {
			return true
		}
	}
	return false
}

// normalizeInput reads one body (FILE or standard input) and normalizes it.
func normalizeInput(e *env, args []string, from string, opts *normalize.Options) (*normalize.Record, error) {
	body, err := e.readInput(args, normalize.DefaultMaxBodyBytes)
	if err != nil {
		return nil, err
	}
	name := "standard input"
	if len(args) == 1 && args[0] != "-" {
		name = args[0]
	}
	var rec *normalize.Record
	if opts.HTTPStatus != 0 {
		rec, err = normalize.UsingResponse(from, opts.HTTPStatus, body, opts)
	} else {
		rec, err = normalize.Using(from, body, opts)
	}
	switch {
	case err == nil:
		return rec, nil
	case errors.Is(err, normalize.ErrUnknownSource):
		return nil, withHint(fmt.Errorf("%s: %w", name, err),
			"name the source with -from: "+strings.Join(normalize.Adapters, " "))
	case errors.Is(err, normalize.ErrEncrypted):
		return nil, withHint(fmt.Errorf("%s: %w", name, err),
			"decrypt the 1Kosmos poll response first, then normalize its plaintext with -from 1kosmos")
	}
	return nil, fmt.Errorf("%s: %w", name, err)
}

func normalizeCompare(e *env, args []string, from, out string, opts *normalize.Options) error {
	if len(args) != 2 {
		return usagef("compare needs two files, got %d", len(args)).(*cliError).withHints(
			"usage: kyckit normalize compare A.json B.json")
	}
	var recs [2]*normalize.Record
	for i, a := range args {
		if a == "-" {
			return usagef("compare reads two files, not standard input")
		}
		r, err := normalizeInput(e, []string{a}, from, opts)
		if err != nil {
			return err
		}
		recs[i] = r
	}
	return writeJSON(e, out, normalize.Compare(recs[0], recs[1]))
}

// writeJSON writes v as indented JSON; nothing is written unless encoding
// succeeded.
func writeJSON(e *env, out string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding output: %w", err)
	}
	_, err = e.output(out).Write(append(b, '\n'))
	return err
}
