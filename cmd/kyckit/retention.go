package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/boltstore"
	"github.com/kyckit/kyckit/retention/redisstore"
)

var retentionCommand = &command{
	name:    "retention",
	summary: "explain retention policies, sweep expired PII, list deletion receipts",
	usage: `Usage:
	kyckit retention explain  -provider 1kosmos [-off] [-ttl N] [-json]
	kyckit retention explain  -policy FILE [-json]
	kyckit retention sweep    -store bolt:PATH|redis://HOST:PORT[/DB] [-prefix P] [-keys STORE] [-keys-prefix P] [-sign KEY.pem] [-json]
	kyckit retention receipts -store bolt:PATH|redis://... [-prefix P] [-since TIME] [-key PUB.pem] [-json] [-o FILE]

A store is a bbolt file (bolt:PATH, opened in shared mode so services using
it in shared mode keep running) or a Redis server (redis://, rediss:// or
unix:// URL, keys under -prefix). The sweeper needs no key-encryption key:
erasing destroys wrapped keys, it never opens them.`,
	subs: []*command{
		{
			name:    "explain",
			summary: "print the effective retention policy in words",
			usage: `Usage:
	kyckit retention explain -provider 1kosmos [-off] [-ttl N] [-json]
	kyckit retention explain -policy FILE [-json]

With -provider 1kosmos, -off is pii_retention_off=true and -ttl N is
pii_retention_ttl=N (-1 read once, 0 seven days, N>0 N seconds). Without
-off and -ttl it explains all four 1Kosmos modes. -policy reads and
validates a policy in JSON. -json prints the policy as JSON instead.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				provider := fs.String("provider", "", "vendor whose settings to explain: `1kosmos`")
				off := fs.Bool("off", false, "1Kosmos pii_retention_off=true")
				ttl := fs.Int("ttl", 0, "1Kosmos pii_retention_ttl `N` (-1, 0 or seconds)")
				policyFile := fs.String("policy", "", "explain the policy JSON in `FILE`")
				asJSON := fs.Bool("json", false, "print the policy as JSON")
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("explain takes no arguments")
					}
					set := map[string]bool{}
					fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
					return retentionExplain(e, *provider, *policyFile, *off, *ttl, set, *asJSON)
				}
			},
		},
		{
			name:    "receipts",
			summary: "list (and verify) the signed deletion receipts in a store",
			usage: `Usage: kyckit retention receipts -store STORE [-prefix P] [-since TIME] [-key PUB.pem] [-limit N] [-json] [-o FILE]

Prints one line per receipt: time, outcome, reason, category, record
reference and receipt id; with -json, the receipt as JSON. -since is an
RFC 3339 time or a duration back from now (24h). With -key (an Ed25519
public key, PEM) every receipt must verify, or nothing is printed.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				store := fs.String("store", "", "the store: bolt:`PATH` or a redis:// URL")
				prefix := fs.String("prefix", "", "Redis key prefix (default kyckit:retention)")
				since := fs.String("since", "", "only receipts at or after `TIME` (RFC 3339 or a duration like 24h)")
				keyFile := fs.String("key", "", "verify with the Ed25519 public key in `FILE` (PEM)")
				limit := fs.Int("limit", 10000, "at most `N` receipts")
				asJSON := fs.Bool("json", false, "print receipts as JSON lines")
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("receipts takes no arguments")
					}
					return retentionReceipts(e, *store, *prefix, *since, *keyFile, *limit, *asJSON, *out)
				}
			},
		},
		{
			name:    "sweep",
			summary: "erase every record past its deadline and purge old tombstones",
			usage: `Usage: kyckit retention sweep -store STORE [-prefix P] [-keys STORE] [-keys-prefix P] [-sign KEY.pem] [-json]

Runs one sweep: erases expired records (writing receipts, signed with the
Ed25519 private key in -sign, PKCS#8 PEM), moves records under a hold to
held, erases held records whose hold ended, and purges tombstones. Prints
the counts. Safe to run on every replica at once. If the services keep
wrapped data keys in a separate key store (retention.Options.Keys), give
it with -keys so erasure destroys the keys there.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				store := fs.String("store", "", "the store: bolt:`PATH` or a redis:// URL")
				prefix := fs.String("prefix", "", "Redis key prefix (default kyckit:retention)")
				keys := fs.String("keys", "", "the separate key store, if the services use one: bolt:`PATH` or a redis:// URL")
				keysPrefix := fs.String("keys-prefix", "", "Redis key prefix of the key store")
				signFile := fs.String("sign", "", "sign receipts with the Ed25519 private key in `FILE` (PEM)")
				asJSON := fs.Bool("json", false, "print the counts as JSON")
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("sweep takes no arguments")
					}
					return retentionSweep(e, *store, *prefix, *keys, *keysPrefix, *signFile, *asJSON)
				}
			},
		},
	},
}

func retentionExplain(e *env, provider, policyFile string, off bool, ttl int, set map[string]bool, asJSON bool) error {
	var policies []retention.Policy
	var labels []string
	switch {
	case policyFile != "" && provider != "":
		return usagef("-policy and -provider are exclusive")
	case policyFile != "":
		if set["off"] || set["ttl"] {
			return usagef("-off and -ttl need -provider 1kosmos")
		}
		b, err := e.readInput([]string{policyFile}, retention.MaxPolicySize)
		if err != nil {
			return err
		}
		p, err := retention.ParsePolicy(b)
		if err != nil {
			return withHint(fmt.Errorf("%s: %w", policyFile, err), "see the retention package documentation for the policy JSON fields")
		}
		policies, labels = append(policies, p), append(labels, "")
	case provider == "":
		return usagef("explain needs -provider 1kosmos or -policy FILE")
	case !strings.EqualFold(provider, "1kosmos"):
		return usagef("unknown provider %q", provider).(*cliError).withHints("the only provider is 1kosmos")
	case set["off"] || set["ttl"]:
		if off && set["ttl"] {
			fmt.Fprintln(e.stderr, "kyckit: warning: -ttl is ignored with -off (pii_retention_off=true wins)")
		}
		p, err := retention.PolicyFromKosmos(off, ttl)
		if err != nil {
			return withHint(err, "pii_retention_ttl is -1 (read once), 0 (seven days) or a positive number of seconds")
		}
		policies, labels = append(policies, p), append(labels, "")
	default:
		for _, m := range []struct {
			off   bool
			ttl   int
			label string
		}{
			{true, 0, "pii_retention_off=true"},
			{false, -1, "pii_retention_ttl=-1"},
			{false, 0, "pii_retention_ttl=0"},
			{false, 3600, "pii_retention_ttl=N>0 (shown for N=3600)"},
		} {
			p, _ := retention.PolicyFromKosmos(m.off, m.ttl)
			policies, labels = append(policies, p), append(labels, m.label)
		}
	}
	var b bytes.Buffer
	for i, p := range policies {
		if asJSON {
			js, _ := json.Marshal(p)
			b.Write(js)
			b.WriteByte('\n')
			continue
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		if labels[i] != "" {
			fmt.Fprintf(&b, "1Kosmos %s:\n", labels[i])
			for _, line := range strings.Split(strings.TrimRight(p.Explain(), "\n"), "\n") {
				if strings.HasPrefix(line, "Policy ") || strings.HasPrefix(line, "Source: ") {
					continue
				}
				fmt.Fprintf(&b, "  %s\n", line)
			}
			continue
		}
		b.WriteString(p.Explain())
	}
	_, err := e.stdout.Write(b.Bytes())
	return err
}

// openRetentionStore opens -store: bolt:PATH (shared mode) or a Redis URL.
func openRetentionStore(e *env, spec, prefix string) (retention.Store, func(), error) {
	switch {
	case spec == "":
		return nil, nil, usagef("-store is required").(*cliError).withHints("give -store bolt:PATH or -store redis://HOST:PORT")
	case strings.HasPrefix(spec, "bolt:"):
		path := strings.TrimPrefix(spec, "bolt:")
		if path == "" {
			return nil, nil, usagef("-store bolt: needs a path")
		}
		if _, err := os.Stat(path); err != nil {
			return nil, nil, withHint(fmt.Errorf("cannot open store: %w", err), "the bolt file must exist; services create it")
		}
		s, err := boltstore.Open(path, &boltstore.Options{Shared: true, LockTimeout: 10 * time.Second})
		if err != nil {
			return nil, nil, withHint(err, "a service holding the file open in exclusive mode locks it; use its shared mode or stop it")
		}
		return s, func() { s.Close() }, nil
	case strings.HasPrefix(spec, "redis://"), strings.HasPrefix(spec, "rediss://"), strings.HasPrefix(spec, "unix://"):
		s, err := redisstore.Open(e.ctx, spec, &redisstore.Options{Prefix: prefix})
		if err != nil {
			// The URL may hold a password: never echo it.
			return nil, nil, withHint(err, "check that the Redis server is reachable")
		}
		return s, func() { s.Close() }, nil
	}
	return nil, nil, usagef("unknown store %q", retentionRedactURL(spec)).(*cliError).withHints("give -store bolt:PATH or -store redis://HOST:PORT")
}

// retentionRedactURL drops anything that could be a credential from a store spec.
func retentionRedactURL(s string) string {
	if i := strings.Index(s, "@"); i >= 0 {
		if j := strings.Index(s, "://"); j >= 0 && j < i {
			return s[:j+3] + "…" + s[i:]
		}
		return "…" + s[i:]
	}
	return s
}

const maxRetentionKeyFile = 64 << 10

func retentionReadPEM(e *env, path, wantType string) ([]byte, error) {
	b, err := e.readInput([]string{path}, maxRetentionKeyFile)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != wantType {
		return nil, withHint(fmt.Errorf("%s: no PEM block of type %q", path, wantType))
	}
	return blk.Bytes, nil
}

func retentionLoadSigner(e *env, path string) (ed25519.PrivateKey, error) {
	der, err := retentionReadPEM(e, path, "PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if priv, ok := k.(ed25519.PrivateKey); err == nil && ok {
		return priv, nil
	}
	return nil, withHint(fmt.Errorf("%s: not an Ed25519 private key", path), "make one with: openssl genpkey -algorithm ed25519")
}

func retentionLoadVerifier(e *env, path string) (ed25519.PublicKey, error) {
	der, err := retentionReadPEM(e, path, "PUBLIC KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if pub, ok := k.(ed25519.PublicKey); err == nil && ok {
		return pub, nil
	}
	return nil, withHint(fmt.Errorf("%s: not an Ed25519 public key", path), "export it with: openssl pkey -pubout")
}

func retentionSweep(e *env, spec, prefix, keysSpec, keysPrefix, signFile string, asJSON bool) error {
	var signer ed25519.PrivateKey
	if signFile != "" {
		var err error
		if signer, err = retentionLoadSigner(e, signFile); err != nil {
			return err
		}
	}
	store, closeFn, err := openRetentionStore(e, spec, prefix)
	if err != nil {
		return err
	}
	defer closeFn()
	var keys retention.Store
	if keysSpec != "" {
		ks, closeKeys, err := openRetentionStore(e, keysSpec, keysPrefix)
		if err != nil {
			return err
		}
		defer closeKeys()
		keys = ks
	}
	if signer == nil {
		fmt.Fprintln(e.stderr, "kyckit: warning: no -sign key: receipts written by this sweep are unsigned")
	}
	v, err := retention.New(store, nil, &retention.Options{Signer: signer, Keys: keys})
	if err != nil {
		return err
	}
	st, err := v.Sweep(e.ctx)
	if err != nil {
		return fmt.Errorf("sweep stopped after erasing %d records: %w", st.Erased, err)
	}
	if asJSON {
		js, _ := json.Marshal(map[string]int{"erased": st.Erased, "deferred": st.Deferred, "purged": st.Purged, "skipped": st.Skipped})
		_, err = fmt.Fprintf(e.stdout, "%s\n", js)
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "erased %d, deferred %d, purged %d, skipped %d\n", st.Erased, st.Deferred, st.Purged, st.Skipped)
	return err
}

func retentionParseSince(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return time.Now().Add(-d), nil
	}
	return time.Time{}, usagef("-since %q is neither an RFC 3339 time nor a duration", s)
}

func retentionReceipts(e *env, spec, prefix, since, keyFile string, limit int, asJSON bool, out string) error {
	from, err := retentionParseSince(since)
	if err != nil {
		return err
	}
	if limit <= 0 {
		return usagef("-limit must be positive")
	}
	var pub ed25519.PublicKey
	if keyFile != "" {
		if pub, err = retentionLoadVerifier(e, keyFile); err != nil {
			return err
		}
	}
	store, closeFn, err := openRetentionStore(e, spec, prefix)
	if err != nil {
		return err
	}
	defer closeFn()
	entries, err := store.Log(e.ctx, from, limit)
	if err != nil {
		return err
	}
	// Nothing is printed until every receipt has been checked.
	var b bytes.Buffer
	for i, en := range entries {
		var r *retention.Receipt
		if pub != nil {
			r, err = retention.VerifyReceipt(en.Data, pub)
		} else {
			r, err = retention.ParseReceiptUnverified(en.Data)
		}
		if err != nil {
			return fmt.Errorf("receipt %d of %d (logged %s): %w", i+1, len(entries), en.At.UTC().Format(time.RFC3339), err)
		}
		if asJSON {
			js, _ := json.Marshal(r)
			b.Write(js)
			b.WriteByte('\n')
			continue
		}
		fmt.Fprintf(&b, "%s %s %s %s record=%s receipt=%s\n", r.At.UTC().Format(time.RFC3339Nano), r.Outcome, r.Reason, r.Category, r.Record, r.ID)
	}
	if pub == nil && len(entries) > 0 {
		fmt.Fprintln(e.stderr, "kyckit: warning: receipts not verified; give -key PUB.pem to check their signatures")
	}
	_, err = e.output(out).Write(b.Bytes())
	return err
}
