package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"net/url"
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
	kyckit retention explain  -provider 1kosmos [-off] [-ttl N] [-once] [-json]
	kyckit retention explain  -policy FILE [-json]
	kyckit retention sweep    -store bolt:PATH|redis://HOST:PORT[/DB] [-prefix P] [-keys STORE] [-keys-prefix P] [-sign KEY.pem] [-compact] [-json]
	kyckit retention receipts -store bolt:PATH|redis://... [-prefix P] [-since TIME] [-key PUB.pem]... [-verify [-anchor SEQ:HASH]] [-json] [-o FILE]

A store is a bbolt file (bolt:PATH, opened in shared mode so services using
it in shared mode keep running) or a Redis server (redis://, rediss:// or
unix:// URL, keys under -prefix). The sweeper needs no key-encryption key:
erasing destroys wrapped keys, it never opens them.

Redis: give the password with -redis-password-file FILE or $REDIS_PASSWORD,
not in the URL (other users see command lines). The server must persist
with appendonly yes and appendfsync always, or erasures and receipts can be
lost in a crash; -durability warn opens anyway, off does not check.`,
	subs: []*command{
		{
			name:    "explain",
			summary: "print the effective retention policy in words",
			usage: `Usage:
	kyckit retention explain -provider 1kosmos [-off] [-ttl N] [-once] [-json]
	kyckit retention explain -policy FILE [-json]

With -provider 1kosmos, -off is pii_retention_off=true and -ttl N is
pii_retention_ttl=N (-1 read once, 0 seven days, N>0 N seconds); -once
(with -ttl 0 or more) returns the PII to one poll only ("returned once per
session"). Without -off and -ttl it explains all 1Kosmos modes. -policy
reads and validates a policy in JSON. -json prints the policy as JSON
instead.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				provider := fs.String("provider", "", "vendor whose settings to explain: `1kosmos`")
				off := fs.Bool("off", false, "1Kosmos pii_retention_off=true")
				ttl := fs.Int("ttl", 0, "1Kosmos pii_retention_ttl `N` (-1, 0 or seconds)")
				once := fs.Bool("once", false, "return the PII to one poll only (with -ttl 0 or more)")
				policyFile := fs.String("policy", "", "explain the policy JSON in `FILE`")
				asJSON := fs.Bool("json", false, "print the policy as JSON")
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("explain takes no arguments")
					}
					set := map[string]bool{}
					fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
					return retentionExplain(e, *provider, *policyFile, *off, *ttl, *once, set, *asJSON)
				}
			},
		},
		{
			name:    "receipts",
			summary: "list (and verify) the signed deletion receipts in a store",
			usage: `Usage: kyckit retention receipts -store STORE [-prefix P] [-since TIME] [-key PUB.pem]... [-limit N] [-json] [-o FILE]
       kyckit retention receipts -store STORE [-prefix P] -verify [-key PUB.pem]... [-anchor SEQ:HASH] [-json]

Prints one line per receipt: time, outcome, reason, category, record
reference, receipt id and position in the log; with -json, the receipt as
JSON. -since is an RFC 3339 time or a duration back from now (24h). With
-key (an Ed25519 public key, PEM; repeat it for rotated keys) every receipt
must verify, or nothing is printed.

-verify checks the whole log instead: signatures (with -key) and the hash
chain, and reports receipts deleted (gaps), reordered, duplicated, moved
or unlinked, one line each, then the head SEQ:HASH. Receipts deleted from
the end leave no gap: keep the head, and pass it back with -anchor to check
the log still holds it. Exit status 1 when anything is wrong.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				store := fs.String("store", "", "the store: bolt:`PATH` or a redis:// URL")
				var so storeOpts
				so.register(fs)
				since := fs.String("since", "", "only receipts at or after `TIME` (RFC 3339 or a duration like 24h)")
				var keyFiles keyFileList
				fs.Var(&keyFiles, "key", "verify with the Ed25519 public key in `FILE` (PEM); repeatable")
				limit := fs.Int("limit", 10000, "at most `N` receipts")
				verify := fs.Bool("verify", false, "check the whole log's hash chain and report what is missing")
				anchor := fs.String("anchor", "", "with -verify: a head `SEQ:HASH` from an earlier -verify the log must still hold")
				asJSON := fs.Bool("json", false, "print receipts (or the -verify report) as JSON")
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("receipts takes no arguments")
					}
					if *verify {
						if *since != "" {
							return usagef("-verify checks the whole log: drop -since")
						}
						return retentionVerifyChain(e, *store, &so, keyFiles, *anchor, *asJSON, *out)
					}
					if *anchor != "" {
						return usagef("-anchor needs -verify")
					}
					return retentionReceipts(e, *store, &so, *since, keyFiles, *limit, *asJSON, *out)
				}
			},
		},
		{
			name:    "sweep",
			summary: "erase every record past its deadline and purge old tombstones",
			usage: `Usage: kyckit retention sweep -store STORE [-prefix P] [-keys STORE] [-keys-prefix P] [-sign KEY.pem] [-compact] [-json]

Runs one sweep: erases expired records (writing receipts, signed with the
Ed25519 private key in -sign, PKCS#8 PEM), moves records under a hold to
held, erases held records whose hold ended or whose read-once claim lapsed,
and purges tombstones. Prints the counts. Safe to run on every replica at
once. If the services keep wrapped data keys in a separate key store
(retention.Options.Keys), give it with -keys so erasure destroys the keys
there. -compact then rewrites the store's files without the erased bytes
(bbolt: a compacted copy, the old file zeroed; Redis: BGREWRITEAOF and
BGSAVE); other users of the store wait meanwhile.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				store := fs.String("store", "", "the store: bolt:`PATH` or a redis:// URL")
				var so storeOpts
				so.register(fs)
				keys := fs.String("keys", "", "the separate key store, if the services use one: bolt:`PATH` or a redis:// URL")
				keysPrefix := fs.String("keys-prefix", "", "Redis key prefix of the key store")
				signFile := fs.String("sign", "", "sign receipts with the Ed25519 private key in `FILE` (PEM)")
				compact := fs.Bool("compact", false, "rewrite the store files without erased bytes after the sweep")
				asJSON := fs.Bool("json", false, "print the counts as JSON")
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("sweep takes no arguments")
					}
					return retentionSweep(e, *store, &so, *keys, *keysPrefix, *signFile, *compact, *asJSON)
				}
			},
		},
	},
}

func retentionExplain(e *env, provider, policyFile string, off bool, ttl int, once bool, set map[string]bool, asJSON bool) error {
	var policies []retention.Policy
	var labels []string
	switch {
	case policyFile != "" && provider != "":
		return usagef("-policy and -provider are exclusive")
	case policyFile != "":
		if set["off"] || set["ttl"] || set["once"] {
			return usagef("-off, -ttl and -once need -provider 1kosmos")
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
		if once {
			if p.Mode != retention.KeepFor {
				return usagef("-once applies to -ttl 0 or more (-ttl -1 is read once already; -off returns no PII)")
			}
			p.Once = true
		}
		policies, labels = append(policies, p), append(labels, "")
	case once:
		return usagef("-once needs -ttl 0 or more")
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
			{false, 0, "pii_retention_ttl=0, returned once per session (-once)"},
		} {
			p, _ := retention.PolicyFromKosmos(m.off, m.ttl)
			p.Once = strings.Contains(m.label, "once per session")
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

// storeOpts are the flags of a -store (and -keys) besides its name.
type storeOpts struct {
	prefix, passwordFile, durability string
}

func (o *storeOpts) register(fs *flag.FlagSet) {
	fs.StringVar(&o.prefix, "prefix", "", "Redis key prefix (default kyckit:retention)")
	fs.StringVar(&o.passwordFile, "redis-password-file", "", "read the Redis password from `FILE` (else $"+redisPasswordEnv+")")
	fs.StringVar(&o.durability, "durability", "strict", "Redis persistence check: `strict` (refuse without appendonly yes and appendfsync always), warn or off")
}

// redisPasswordEnv names the environment variable the Redis password is
// read from when -redis-password-file is not given.
const redisPasswordEnv = "REDIS_PASSWORD"

// maxPasswordFile caps -redis-password-file.
const maxPasswordFile = 4 << 10

// redisPassword returns the password for a Redis URL: from
// -redis-password-file, else $REDIS_PASSWORD, else none (the URL's own,
// with a warning). Giving it both in the URL and elsewhere is an error.
// The password never goes into a message.
func (o *storeOpts) redisPassword(e *env, spec string) (string, error) {
	inURL := false
	if u, err := url.Parse(spec); err == nil && u.User != nil {
		_, inURL = u.User.Password()
	}
	var pw, from string
	switch {
	case o.passwordFile != "":
		b, err := readFile(o.passwordFile, "Redis password file", maxPasswordFile)
		if err != nil {
			return "", err
		}
		pw, from = strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r"), "-redis-password-file"
		if pw == "" {
			return "", withHint(fmt.Errorf("the Redis password file %s is empty", o.passwordFile))
		}
	case os.Getenv(redisPasswordEnv) != "":
		pw, from = os.Getenv(redisPasswordEnv), "$"+redisPasswordEnv
	}
	switch {
	case inURL && pw != "":
		return "", usagef("the Redis password is given twice: in the URL and in %s", from)
	case inURL:
		fmt.Fprintf(e.stderr, "kyckit: warning: a password in the -store URL is visible to other users of this machine; use -redis-password-file or $%s\n", redisPasswordEnv)
	}
	return pw, nil
}

// openRetentionStore opens -store: bolt:PATH (shared mode) or a Redis URL.
func openRetentionStore(e *env, spec string, o *storeOpts) (retention.Store, func(), error) {
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
		opts := &redisstore.Options{Prefix: o.prefix, Warn: func(p string) {
			fmt.Fprintf(e.stderr, "kyckit: warning: Redis persistence: %s\n", p)
		}}
		switch o.durability {
		case "strict":
		case "warn":
			opts.Durability = redisstore.DurabilityWarn
		case "off":
			opts.Durability = redisstore.DurabilityUnchecked
		default:
			return nil, nil, usagef("-durability %q is not strict, warn or off", o.durability)
		}
		pw, err := o.redisPassword(e, spec)
		if err != nil {
			return nil, nil, err
		}
		opts.Password = pw
		s, err := redisstore.Open(e.ctx, spec, opts)
		if errors.Is(err, retention.ErrDurability) {
			return nil, nil, withHint(err, "set appendonly yes and appendfsync always on the server, or pass -durability warn")
		}
		if err != nil {
			// The URL may hold a password: never echo it.
			return nil, nil, withHint(err, "check that the Redis server is reachable and the password right")
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

func retentionSweep(e *env, spec string, so *storeOpts, keysSpec, keysPrefix, signFile string, compact, asJSON bool) error {
	var signer ed25519.PrivateKey
	if signFile != "" {
		var err error
		if signer, err = retentionLoadSigner(e, signFile); err != nil {
			return err
		}
	}
	store, closeFn, err := openRetentionStore(e, spec, so)
	if err != nil {
		return err
	}
	defer closeFn()
	var keys retention.Store
	if keysSpec != "" {
		ko := *so
		ko.prefix = keysPrefix
		ks, closeKeys, err := openRetentionStore(e, keysSpec, &ko)
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
	if compact {
		for _, s := range []retention.Store{store, keys} {
			if c, ok := s.(interface{ Compact(context.Context) error }); ok {
				if err := c.Compact(e.ctx); err != nil {
					return fmt.Errorf("compact after erasing %d records: %w", st.Erased, err)
				}
			}
		}
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

// keyFileList is a repeatable -key flag.
type keyFileList []string

func (k *keyFileList) String() string     { return strings.Join(*k, ",") }
func (k *keyFileList) Set(s string) error { *k = append(*k, s); return nil }

func retentionLoadVerifiers(e *env, files []string) ([]ed25519.PublicKey, error) {
	var keys []ed25519.PublicKey
	for _, f := range files {
		pub, err := retentionLoadVerifier(e, f)
		if err != nil {
			return nil, err
		}
		keys = append(keys, pub)
	}
	return keys, nil
}

// verifyWith verifies one receipt with whichever key signed it.
func verifyWith(text []byte, keys []ed25519.PublicKey) (*retention.Receipt, error) {
	r, err := retention.ParseReceiptUnverified(text)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if retention.KeyID(k) == r.Signer {
			return retention.VerifyReceipt(text, k)
		}
	}
	return retention.VerifyReceipt(text, keys[0]) // fails: unsigned or another key
}

func retentionReceipts(e *env, spec string, so *storeOpts, since string, keyFiles []string, limit int, asJSON bool, out string) error {
	from, err := retentionParseSince(since)
	if err != nil {
		return err
	}
	if limit <= 0 {
		return usagef("-limit must be positive")
	}
	keys, err := retentionLoadVerifiers(e, keyFiles)
	if err != nil {
		return err
	}
	store, closeFn, err := openRetentionStore(e, spec, so)
	if err != nil {
		return err
	}
	defer closeFn()
	v, err := retention.New(store, nil, nil)
	if err != nil {
		return err
	}
	entries, err := v.Receipts(e.ctx, from, limit)
	if err != nil {
		return err
	}
	// Nothing is printed until every receipt has been checked.
	var b bytes.Buffer
	for i, en := range entries {
		var r *retention.Receipt
		if keys != nil {
			r, err = verifyWith(en.Data, keys)
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
		fmt.Fprintf(&b, "%s %s %s %s record=%s receipt=%s seq=%d\n", r.At.UTC().Format(time.RFC3339Nano), r.Outcome, r.Reason, r.Category, r.Record, r.ID, r.Seq)
	}
	if keys == nil && len(entries) > 0 {
		fmt.Fprintln(e.stderr, "kyckit: warning: receipts not verified; give -key PUB.pem to check their signatures")
	}
	_, err = e.output(out).Write(b.Bytes())
	return err
}

// maxVerifyEntries caps the log receipts -verify reads into memory.
const maxVerifyEntries = 1 << 20

// retentionVerifyChain reads the whole receipt log and checks its chain.
func retentionVerifyChain(e *env, spec string, so *storeOpts, keyFiles []string, anchorText string, asJSON bool, out string) error {
	var anchor *retention.LogHead
	if anchorText != "" {
		a, err := retention.ParseAnchor(anchorText)
		if err != nil {
			return usagef("-anchor %q is not SEQ:HASH (a head printed by an earlier -verify)", anchorText)
		}
		anchor = &a
	}
	keys, err := retentionLoadVerifiers(e, keyFiles)
	if err != nil {
		return err
	}
	store, closeFn, err := openRetentionStore(e, spec, so)
	if err != nil {
		return err
	}
	defer closeFn()
	var entries []retention.LogEntry
	for from := uint64(1); ; {
		page, err := store.Log(e.ctx, from, 4096)
		if err != nil {
			return err
		}
		entries = append(entries, page...)
		if len(entries) > maxVerifyEntries {
			return fmt.Errorf("the log holds more than %d receipts: too many to verify in memory", maxVerifyEntries)
		}
		if len(page) < 4096 {
			break
		}
		from = page[len(page)-1].Seq + 1
	}
	rep, verr := retention.VerifyChain(entries, keys, anchor)
	if verr != nil && rep == nil {
		return verr
	}
	var b bytes.Buffer
	if asJSON {
		type problem struct {
			Kind  string `json:"kind"`
			Entry int    `json:"entry,omitempty"`
			Seq   uint64 `json:"seq"`
			Count uint64 `json:"count,omitempty"`
			Text  string `json:"text"`
		}
		j := struct {
			Entries  int       `json:"entries"`
			Verified int       `json:"signatures_verified"`
			Head     string    `json:"head,omitempty"`
			OK       bool      `json:"ok"`
			Problems []problem `json:"problems"`
		}{Entries: rep.Entries, Verified: rep.Verified, OK: rep.OK(), Problems: []problem{}}
		if rep.Head.Seq > 0 {
			j.Head = retention.FormatAnchor(rep.Head)
		}
		for _, p := range rep.Problems {
			j.Problems = append(j.Problems, problem{p.Kind, p.Index + 1, p.Seq, p.Count, p.String()})
		}
		js, _ := json.Marshal(j)
		b.Write(js)
		b.WriteByte('\n')
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(&b, p)
		}
		switch {
		case rep.OK() && len(keys) > 0:
			fmt.Fprintf(&b, "ok: %d receipts, chain intact, %d signatures verified\n", rep.Entries, rep.Verified)
		case rep.OK():
			fmt.Fprintf(&b, "ok: %d receipts, chain intact (signatures not checked)\n", rep.Entries)
		default:
			fmt.Fprintf(&b, "broken: %d receipts, %d problems\n", rep.Entries, len(rep.Problems))
		}
		if rep.Head.Seq > 0 {
			fmt.Fprintf(&b, "head: %s\n", retention.FormatAnchor(rep.Head))
		}
	}
	if len(keys) == 0 {
		fmt.Fprintln(e.stderr, "kyckit: warning: signatures not checked; give -key PUB.pem to verify them")
	}
	if _, err := e.output(out).Write(b.Bytes()); err != nil {
		return err
	}
	if !rep.OK() {
		fmt.Fprintf(e.stderr, "kyckit: error: %v\n", verr)
		return errSilent
	}
	return nil
}
