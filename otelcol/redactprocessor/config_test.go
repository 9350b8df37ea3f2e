package redactprocessor

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/kyckit/kyckit/redact"
)

func TestConfigStruct(t *testing.T) {
	if err := componenttest.CheckConfigStruct(createDefaultConfig()); err != nil {
		t.Fatal(err)
	}
	if err := createDefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
}

// loadConfig reads the processor named id from testdata/config.yaml the
// way the collector does: defaults, then the YAML, then Validate.
func loadConfig(t *testing.T, id string) (*Config, error) {
	t.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := cm.Sub(id)
	if err != nil {
		t.Fatal(err)
	}
	cfg := NewFactory().CreateDefaultConfig().(*Config)
	if err := sub.Unmarshal(cfg); err != nil {
		return nil, err
	}
	return cfg, confmap.Validate(cfg)
}

func TestLoadConfig(t *testing.T) {
	cfg, err := loadConfig(t, component.MustNewType(Type).String())
	if err != nil {
		t.Fatalf("empty section: %v", err)
	}
	if cfg.Mode != "mask" || cfg.MaxLine != redact.DefaultMaxLine {
		t.Errorf("empty section: %+v, want the defaults", cfg)
	}

	cfg, err = loadConfig(t, component.MustNewIDWithName(Type, "full").String())
	if err != nil {
		t.Fatalf("full: %v", err)
	}
	opts, err := cfg.options(nil)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Mode != redact.Partial || opts.Modes[redact.Email] != redact.Hash || opts.Modes[redact.Photo] != redact.Drop ||
		opts.Modes[redact.Field] != redact.Mask || opts.HashKeyID != "k1" || opts.MaxLine != 65536 ||
		opts.MinPhotoBytes != 256 || opts.MaxDepth != 32 || len(opts.ExtraKeys) != 2 ||
		len(opts.ExtraSecretKeys) != 1 || len(opts.IgnoreKeys) != 1 || !opts.ExactKeys {
		t.Errorf("full: options %v", opts)
	}
	r, err := cfg.newRedactor()
	if err != nil {
		t.Fatalf("full: %v", err)
	}
	got := r.RedactString(`{"customer_name":"` + name + `","mail":"` + email + `","result":"ok","x-session":"s1","uid_ref":"` + aadhaarA + `"}`)
	if !strings.HasPrefix(got, `{"customer_name":"[REDACTED]","mail":"[EMAIL:k1:`) ||
		!strings.HasSuffix(got, `]","result":"ok","x-session":"[SECRET]","uid_ref":"XXXX XXXX 2346"}`) {
		t.Errorf("full: %s", got)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		id   string
		want []string // every message part expected
	}{
		{"bad_mode", []string{`mode: unknown mode "hide" (modes are mask, partial, hash, drop, off)`}},
		{"bad_detector", []string{`modes: unknown detector "adhaar" (detectors are aadhaar, vid, pan,`}},
		{"bad_detector_mode", []string{`modes: aadhaar: unknown mode "xxxx"`}},
		{"hash_without_key", []string{"hash mode needs hmac_key_file"}},
		{"key_without_hash", []string{"hmac_key_file is set but no detector uses hash mode"}},
		{"bad_key_id", []string{"hmac_key_id must be 1-16 characters of [A-Za-z0-9_-]"}},
		{"small_max_line", []string{"max_line must be at least 4096"}},
		{"bad_key_name", []string{"keys, secret_keys, ignore_keys: key names must hold a character other than"}},
		{"negative", []string{"min_photo_bytes must not be negative", "max_depth must not be negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			_, err := loadConfig(t, component.MustNewIDWithName(Type, tt.id).String())
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrConfig) {
				t.Errorf("%v: does not wrap ErrConfig", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nwant it to contain %q", err, w)
				}
			}
		})
	}
	if _, err := loadConfig(t, component.MustNewIDWithName(Type, "unknown_field").String()); err == nil ||
		!strings.Contains(err.Error(), "mask") {
		t.Errorf("unknown field: %v", err)
	}
}

func TestKeyFile(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.Modes = map[string]string{"aadhaar": "hash"}
	short := writeKey(t, "short-key\n")
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(t.TempDir(), "nope"), "hmac_key_file: open"},
		{"short", short, "hmac_key_file holds 9 bytes, need at least 32"},
		{"large", writeKey(t, strings.Repeat("k", maxKeyFile+1)), "larger than 4096 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg.HMACKeyFile = tt.path
			if err := cfg.Validate(); err != nil {
				t.Fatalf("Validate reads no key file, yet: %v", err)
			}
			_, err := cfg.newRedactor()
			if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "short-key") {
				t.Error("the error shows the key")
			}
		})
	}
	// The factory refuses to build a processor without its key.
	cfg.HMACKeyFile = short
	f := NewFactory()
	if _, err := f.CreateLogs(t.Context(), nopSettings(), cfg, nil); err == nil {
		t.Error("CreateLogs with a short key: no error")
	}

	// The default key id is the key's fingerprint, as in "kyckit redact".
	cfg.HMACKeyFile = writeKey(t, testKey)
	r, err := cfg.newRedactor()
	if err != nil {
		t.Fatal(err)
	}
	got := r.RedactString(aadhaarA)
	if !strings.HasPrefix(got, "[AADHAAR:k") || got == "[AADHAAR:k1:" {
		t.Errorf("tag %q", got)
	}
	if _, err := os.Stat(cfg.HMACKeyFile); err != nil {
		t.Fatal(err)
	}
}
