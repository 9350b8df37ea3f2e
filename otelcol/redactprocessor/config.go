package redactprocessor

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/kyckit/kyckit/redact"
)

// ErrConfig is wrapped by every configuration error. Messages name the
// setting, never a key or a value from a log.
var ErrConfig = errors.New("kyckitredact: invalid config")

// Config is the processor's configuration in the collector's YAML:
//
//	processors:
//	  kyckitredact:
//	    mode: mask                  # every detector not listed in modes
//	    modes: {aadhaar: partial, email: hash, photo: drop}
//	    hmac_key_file: /etc/otelcol/redact.key
//	    hmac_key_id: k1
//	    keys: [txn_ref]             # more sensitive keys (values replaced whole)
//	    secret_keys: [x-session]    # more credential keys
//	    ignore_keys: [result]       # default keys that are not sensitive here
//	    max_line: 1048576
type Config struct {
	// Mode is the mode of every detector not listed in Modes: mask
	// (default, "[AADHAAR]"), partial ("XXXX XXXX 2346"), hash (keyed
	// HMAC-SHA-256 tag, needs HMACKeyFile), drop or off.
	Mode string `mapstructure:"mode"`
	// Modes sets the mode of single detectors, by the names of
	// redact.Kind.String: aadhaar, vid, pan, mobile, email, upi, gstin,
	// epic, passport, jwt, disclosure, bearer, secret, privatekey, photo,
	// field.
	Modes map[string]string `mapstructure:"modes"`
	// HMACKeyFile holds the key of hash mode: the file's bytes without a
	// trailing newline, at least 32 of them. Required when a mode is hash,
	// refused otherwise. The file is read when the processor is created.
	HMACKeyFile string `mapstructure:"hmac_key_file"`
	// HMACKeyID names the key in hash tags ("[AADHAAR:k1:…]"): 1-16
	// characters of [A-Za-z0-9_-]. Default: "k" and 6 hex digits of the
	// key's SHA-256, as "kyckit redact" derives it.
	HMACKeyID string `mapstructure:"hmac_key_id"`
	// Keys adds key names whose values are replaced whole, in maps and
	// attributes and in JSON or key=value text inside strings. Names match
	// ignoring ASCII case and '_'/'-'.
	Keys []string `mapstructure:"keys"`
	// SecretKeys adds key names whose values are replaced as secrets.
	SecretKeys []string `mapstructure:"secret_keys"`
	// IgnoreKeys removes names from the default key sets and the lists above.
	IgnoreKeys []string `mapstructure:"ignore_keys"`
	// ExactKeys turns off matching key names by their words
	// ("customer_name", "nameOnCard", "operator.email"): only the default
	// names and Keys, SecretKeys are sensitive (redact.Options.ExactKeys).
	ExactKeys bool `mapstructure:"exact_keys"`
	// MaxLine is the longest string value, in bytes, scanned as one unit.
	// A longer value is scanned line by line, in pieces of at most MaxLine
	// bytes cut at separators, as "kyckit redact -max-line" does: its JSON
	// structure is then lost (the free-text detectors still apply) and a
	// single token longer than MaxLine is replaced whole. Default 1 MiB,
	// minimum 4096.
	MaxLine int `mapstructure:"max_line"`
	// MinPhotoBytes is the smallest decoded size of a base64 photo or
	// document that is replaced. Default 128.
	MinPhotoBytes int `mapstructure:"min_photo_bytes"`
	// MaxDepth caps the JSON nesting scanned as JSON inside string values;
	// deeper JSON is scanned as free text. Default 64.
	MaxDepth int `mapstructure:"max_depth"`

	// Prevent unkeyed literal initialization.
	_ struct{}
}

func createDefaultConfig() *Config {
	return &Config{
		Mode:          redact.Mask.String(),
		MaxLine:       redact.DefaultMaxLine,
		MinPhotoBytes: redact.DefaultMinPhotoBytes,
		MaxDepth:      redact.DefaultMaxDepth,
	}
}

// Validate checks the configuration without reading the key file, so that
// "otelcol validate" works on a machine without the key.
func (c *Config) Validate() error {
	_, err := c.options(nil)
	return err
}

// dummyKey stands in for the HMAC key during Validate.
var dummyKey = bytes.Repeat([]byte{'k'}, redact.MinHashKeyBytes)

// options turns c into redact.Options. key is the HMAC key; nil means
// "not read yet" and a placeholder is used for the checks. All problems
// are reported together.
func (c *Config) options(key []byte) (*redact.Options, error) {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...))
	}
	opts := &redact.Options{
		ExtraKeys:       c.Keys,
		ExtraSecretKeys: c.SecretKeys,
		IgnoreKeys:      c.IgnoreKeys,
		ExactKeys:       c.ExactKeys,
		MaxLine:         c.MaxLine,
		MinPhotoBytes:   c.MinPhotoBytes,
		MaxDepth:        c.MaxDepth,
	}
	hash := false
	if c.Mode != "" {
		m, err := redact.ParseMode(c.Mode)
		if err != nil {
			bad("mode: unknown mode %q (modes are %s)", c.Mode, modeNames())
		}
		opts.Mode = m
		hash = m == redact.Hash
	}
	if len(c.Modes) > 0 {
		opts.Modes = make(map[redact.Kind]redact.Mode, len(c.Modes))
	}
	for _, name := range slices.Sorted(maps.Keys(c.Modes)) {
		val := c.Modes[name]
		k, err := redact.ParseKind(name)
		if err != nil {
			bad("modes: unknown detector %q (detectors are %s)", name, kindNames())
			continue
		}
		m, err := redact.ParseMode(val)
		if err != nil {
			bad("modes: %s: unknown mode %q (modes are %s)", k, val, modeNames())
			continue
		}
		opts.Modes[k] = m
		hash = hash || m == redact.Hash
	}
	switch {
	case hash && c.HMACKeyFile == "":
		bad("hash mode needs hmac_key_file (a file of at least %d secret bytes)", redact.MinHashKeyBytes)
	case !hash && c.HMACKeyFile != "":
		bad("hmac_key_file is set but no detector uses hash mode")
	case !hash && c.HMACKeyID != "":
		bad("hmac_key_id is set but no detector uses hash mode")
	case c.HMACKeyID != "" && !validKeyID(c.HMACKeyID):
		bad("hmac_key_id must be 1-16 characters of [A-Za-z0-9_-]")
	}
	if c.MaxLine < redact.MinMaxLine {
		bad("max_line must be at least %d", redact.MinMaxLine)
	}
	if c.MinPhotoBytes < 0 {
		bad("min_photo_bytes must not be negative")
	}
	if c.MaxDepth < 0 {
		bad("max_depth must not be negative")
	}
	if hash && c.HMACKeyFile != "" {
		if key == nil {
			key = dummyKey
		}
		opts.HashKey, opts.HashKeyID = key, c.HMACKeyID
		if opts.HashKeyID == "" {
			// A fingerprint names the key without revealing it.
			sum := sha256.Sum256(key)
			opts.HashKeyID = "k" + hex.EncodeToString(sum[:3])
		}
	}
	if len(errs) == 0 {
		// What is left to check, the key names, redact.New checks; its
		// messages name the option, never a value.
		if _, err := redact.New(opts); err != nil {
			bad("keys, secret_keys, ignore_keys: %s", strings.TrimPrefix(err.Error(), redact.ErrOptions.Error()+": "))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return opts, nil
}

// validKeyID reports whether id can name a key in hash tags.
func validKeyID(id string) bool {
	if len(id) == 0 || len(id) > 16 {
		return false
	}
	for _, c := range []byte(id) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// maxKeyFile caps the HMAC key file, as "kyckit redact" does.
const maxKeyFile = 4096

// readKeyFile reads the HMAC key: the file's bytes without a trailing
// newline. Errors name the file, never its content.
func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: hmac_key_file: %w", ErrConfig, err)
	}
	defer f.Close()
	key, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("%w: hmac_key_file: %w", ErrConfig, err)
	}
	if len(key) > maxKeyFile {
		return nil, fmt.Errorf("%w: hmac_key_file: larger than %d bytes", ErrConfig, maxKeyFile)
	}
	key = bytes.TrimRight(key, "\r\n")
	if len(key) < redact.MinHashKeyBytes {
		return nil, fmt.Errorf("%w: hmac_key_file holds %d bytes, need at least %d (make one with: head -c 32 /dev/urandom | base64 > FILE)",
			ErrConfig, len(key), redact.MinHashKeyBytes)
	}
	return key, nil
}

// newRedactor reads the key file if hash mode needs it and builds the
// redactor.
func (c *Config) newRedactor() (*redact.Redactor, error) {
	var key []byte
	if c.HMACKeyFile != "" {
		var err error
		if key, err = readKeyFile(c.HMACKeyFile); err != nil {
			return nil, err
		}
	}
	opts, err := c.options(key)
	if err != nil {
		return nil, err
	}
	return redact.New(opts)
}

func modeNames() string {
	var names []string
	for m := redact.Mask; m <= redact.Off; m++ {
		names = append(names, m.String())
	}
	return strings.Join(names, ", ")
}

func kindNames() string {
	var names []string
	for _, k := range redact.Kinds() {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}
