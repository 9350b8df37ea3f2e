package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kyckit/kyckit/redact"
)

var redactCommand = &command{
	name:    "redact",
	summary: "remove personal data from logs (Aadhaar, PAN, mobiles, tokens, photos…)",
	usage: `Usage: kyckit redact [-mode MODES] [-hmac-key-file FILE [-hmac-key-id ID]]
                     [-keys LIST] [-max-line BYTES] [-stats] [-o FILE] [FILE]

Copies FILE (or standard input) to standard output (or -o FILE) line by
line, replacing Aadhaar numbers and VIDs (Verhoeff-checked, in any script
and with any separator), PAN, GSTIN, voter ids, passport numbers, Indian
mobiles, payment cards (Luhn-checked), bank accounts next to an IFSC,
driving licences, vehicle registrations, e-mail and UPI ids, JWTs and
SD-JWT disclosures, bearer tokens, API secrets, private keys, base64 photos
and documents, base64 JSON that holds any of these, and the values of
sensitive JSON and key=value keys ("name", "customer_name",
"account_number", "cvv"…). IP addresses only when asked: -mode ip=mask.
It is a live filter: each line is written as soon as no more input is
waiting, and on SIGINT or SIGTERM everything read so far is written to
standard output before kyckit exits (an -o file is removed instead).
Memory stays constant whatever the input size: lines longer than -max-line
are scanned in pieces, never passed through.

MODES is a comma-separated list of MODE or DETECTOR=MODE, where MODE is
mask (default, "[AADHAAR]"), partial ("XXXX XXXX 1234"), hash (keyed
HMAC-SHA-256 tag, needs -hmac-key-file), drop or off, and DETECTOR is one
of aadhaar, vid, pan, mobile, email, upi, gstin, epic, passport, jwt,
disclosure, bearer, secret, privatekey, photo, field, card, account, dl,
vehicle, ip, encoded. A bare MODE applies to every detector but ip, which
stays off unless named.
Example: -mode partial,email=mask,photo=drop,ip=partial

LIST adds key names whose values are redacted ("txn_ref") and, with a
leading "-", removes default ones ("-result"). -stats prints the number of
replacements per detector on standard error.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) error {
		out := fs.String("o", "", "write to `FILE` instead of standard output (created only on success)")
		modes := fs.String("mode", "", "replacement `MODES` (see above)")
		keyFile := fs.String("hmac-key-file", "", "read the HMAC key of hash mode from `FILE` (at least 32 bytes)")
		keyID := fs.String("hmac-key-id", "", "key `ID` shown in hash tags (default: derived from the key)")
		keys := fs.String("keys", "", "comma-separated key names `LIST` to add, or remove with a leading -")
		maxLine := fs.Int("max-line", redact.DefaultMaxLine, "longest line held in memory, in `BYTES`")
		stats := fs.Bool("stats", false, "print replacement counts per detector on standard error")
		return func(e *env, args []string) error {
			opts, err := redactOptions(*modes, *keyFile, *keyID, *keys, *maxLine)
			if err != nil {
				return err
			}
			r, err := redact.New(opts)
			if err != nil {
				return usagef("%v", err)
			}
			return redactStream(e, args, *out, r, *stats)
		}
	},
}

func detectorNames() string {
	var names []string
	for _, k := range redact.Kinds() {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}

// maxHMACKeyFile caps the HMAC key file.
const maxHMACKeyFile = 4096

func redactOptions(modes, keyFile, keyID, keys string, maxLine int) (*redact.Options, error) {
	opts := &redact.Options{MaxLine: maxLine, Modes: map[redact.Kind]redact.Mode{}}
	if maxLine < redact.MinMaxLine {
		return nil, usagef("-max-line must be at least %d", redact.MinMaxLine)
	}
	hash := false
	for _, m := range strings.Split(modes, ",") {
		m = strings.TrimSpace(m)
		if m == "" {
			continue
		}
		name, val, per := strings.Cut(m, "=")
		if !per {
			val = name
		}
		mode, err := redact.ParseMode(val)
		if err != nil {
			return nil, usagef("-mode: unknown mode %q", val).(*cliError).withHints("modes are mask, partial, hash, drop and off")
		}
		hash = hash || mode == redact.Hash
		if !per {
			opts.Mode = mode
			continue
		}
		k, err := redact.ParseKind(name)
		if err != nil {
			return nil, usagef("-mode: unknown detector %q", name).(*cliError).withHints("detectors are " + detectorNames())
		}
		opts.Modes[k] = mode
	}
	for _, k := range strings.Split(keys, ",") {
		k = strings.TrimSpace(k)
		switch {
		case k == "" || k == "-" || k == "+":
		case k[0] == '-':
			opts.IgnoreKeys = append(opts.IgnoreKeys, k[1:])
		default:
			opts.ExtraKeys = append(opts.ExtraKeys, strings.TrimPrefix(k, "+"))
		}
	}
	switch {
	case hash && keyFile == "":
		return nil, usagef("hash mode needs a key").(*cliError).withHints(
			"give -hmac-key-file FILE with at least 32 secret bytes, e.g. made by: head -c 32 /dev/urandom | base64 > FILE")
	case !hash && keyFile != "":
		return nil, usagef("-hmac-key-file given without hash mode").(*cliError).withHints("add -mode hash")
	case !hash:
		return opts, nil
	}
	key, err := readKeyFile(keyFile)
	if err != nil {
		return nil, err
	}
	if keyID == "" {
		// A key fingerprint: it names the key without revealing it.
		sum := sha256.Sum256(key)
		keyID = "k" + hex.EncodeToString(sum[:3])
	}
	opts.HashKey, opts.HashKeyID = key, keyID
	return opts, nil
}

// readKeyFile reads an HMAC key: the file's bytes without a trailing
// newline. The error never shows the key.
func readKeyFile(path string) ([]byte, error) {
	key, err := readFile(path, "key file", maxHMACKeyFile)
	if err != nil {
		return nil, err
	}
	key = bytes.TrimRight(key, "\r\n")
	if len(key) < redact.MinHashKeyBytes {
		return nil, withHint(fmt.Errorf("key file holds %d bytes, need at least %d", len(key), redact.MinHashKeyBytes),
			"make one with: head -c 32 /dev/urandom | base64 > FILE")
	}
	return key, nil
}

// redactStream copies the input through a redacting writer, as a live
// filter: each completed line is written out as soon as no more input is
// already waiting (lines are batched only while input keeps coming), and
// everything read is written out at the end of the input and when kyckit
// is interrupted (SIGINT, SIGTERM), the last partial line included. Memory
// is bounded by the read-ahead, the output buffer and the writer's line cap.
func redactStream(e *env, args []string, out string, r *redact.Redactor, stats bool) error {
	in, name, err := e.input(args)
	if err != nil {
		return err
	}
	defer in.Close()
	var st redact.Stats
	bw := bufio.NewWriterSize(e.output(out), 64<<10)
	in.setIdle(bw.Flush)
	w := redact.NewWriter(bw, r.WithStats(&st))
	_, err = io.Copy(w, in)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("reading %s: %w", name, err)
		}
		return err
	}
	if stats {
		printStats(e, &st)
	}
	return nil
}

// printStats prints the replacement counts on standard error: one
// "kyckit: stats: DETECTOR N" line per detector that replaced anything and
// a total, or under -json-errors one JSON object
// {"level":"stats","counts":{"aadhaar":2,…},"total":N}.
func printStats(e *env, st *redact.Stats) {
	if e.jsonErrors {
		counts := map[string]uint64{}
		for _, k := range redact.Kinds() {
			if n := st.Count(k); n > 0 {
				counts[k.String()] = n
			}
		}
		b, _ := json.Marshal(struct {
			Level  string            `json:"level"`
			Counts map[string]uint64 `json:"counts"`
			Total  uint64            `json:"total"`
		}{"stats", counts, st.Total()})
		fmt.Fprintf(e.stderr, "%s\n", b)
		return
	}
	for _, k := range redact.Kinds() {
		if n := st.Count(k); n > 0 {
			fmt.Fprintf(e.stderr, "kyckit: stats: %s %d\n", k, n)
		}
	}
	fmt.Fprintf(e.stderr, "kyckit: stats: total %d\n", st.Total())
}
