package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/redact"
	"github.com/kyckit/kyckit/retention"
	"github.com/kyckit/kyckit/retention/boltstore"
	"github.com/kyckit/kyckit/sdjwt"
)

var serveCommand = &command{
	name:    "serve",
	summary: "run the OVSE status service: init, the Aadhaar app's callback, status polls",
	usage: `Usage: kyckit serve -store bolt:PATH|redis://HOST:PORT[/DB] -tokens FILE (-jwks FILE | -key FILE)
	[-addr HOST:PORT] [-retention read-once|7d|SECONDS|off] [-ttl DURATION] [-iss ISS] [-aud AUD]
	[-kek FILE] [-sign KEY.pem] [-prefix P] [-redis-password-file FILE] [-durability strict|warn|off]

Serves seed 000's OVSE API (KwikID-style) over the kyc package:

	POST /verification/v1/ovse/init                  create a session (bearer token)
	GET  /verification/v1/ovse/status/{session_id}   poll it (bearer token)
	POST /verification/v1/ovse/callback              the Aadhaar app posts the SD-JWT here
	GET  /healthz                                    200 when the stores answer

Tokens (-tokens FILE) are a JSON array of {"tenant", "scopes", "token" or
"token_sha256"}; a token needs the scope verify-aadhaar-ovse, and sees only
its tenant's sessions (401 without a valid token, 404 for a session that is
unknown or another tenant's). The callback's SD-JWT is verified under the
UIDAI profile against the issuer keys (-jwks or -key; -iss for staging) and
bound to its session by the txn, which is consumed once; each credential is
accepted once (by its "id"): posted with another session's txn it fails that
session (409 credential_reused, failure_code CREDENTIAL_REUSED).

The resident's data is sealed (AES-256-GCM per record, its key wrapped by the
key-encryption keyset -kek, a Tink JSON keyset created mode 0600 when the file
does not exist) and kept under -retention: read-once (the default: the first
poll after completion gets it, later polls the status only), 7d or a number of
seconds (every poll within that time), or off (no poll ever gets it).
Deletion receipts are signed with -sign (Ed25519, PKCS#8 PEM); list them
with kyckit retention receipts -store redis://… -prefix kyckit:ovse:pii, or
-store bolt:PATH once the service has stopped.

-store bolt:PATH keeps the sealed data in PATH and the sessions in
PATH.sessions (one process; the files are locked). -store redis://... lets
several replicas share one Redis (keys under -prefix, default kyckit:ovse):
read-once and expiry stay exact across them; they must share -kek.

Logs are JSON lines on standard error, through the redact handler. SIGINT or
SIGTERM stops the service gracefully (in-flight requests finish, up to 10 s)
and kyckit exits 0.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) error {
		c := &serveConfig{}
		fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0 picks a free one)")
		fs.StringVar(&c.store, "store", "", "the stores: bolt:`PATH` or a redis:// URL")
		fs.StringVar(&c.tokens, "tokens", "", "bearer tokens `FILE` (JSON)")
		fs.StringVar(&c.jwks, "jwks", "", "UIDAI issuer JWK Set `FILE`")
		fs.StringVar(&c.key, "key", "", "UIDAI issuer public key `FILE` (PEM or JWK)")
		fs.StringVar(&c.retention, "retention", "read-once", "PII retention: `read-once`, 7d, a number of seconds, or off")
		fs.DurationVar(&c.ttl, "ttl", kyc.DefaultSessionTTL, "a session's wait for its callback when init names none (at most 1h)")
		fs.StringVar(&c.issuer, "iss", sdjwt.UIDAIIssuer, "expected credential issuer")
		fs.StringVar(&c.aud, "aud", "", "this OVSE's client id: checks a key binding JWT when the app sends one")
		fs.StringVar(&c.kek, "kek", "", "key-encryption keyset `FILE` (Tink JSON; created if absent; default: a new one in memory, bolt only)")
		fs.StringVar(&c.sign, "sign", "", "sign deletion receipts with the Ed25519 private key in `FILE` (PEM)")
		fs.StringVar(&c.redis.prefix, "prefix", "", "Redis key prefix (default kyckit:ovse)")
		fs.StringVar(&c.redis.passwordFile, "redis-password-file", "", "read the Redis password from `FILE` (else $"+redisPasswordEnv+")")
		fs.StringVar(&c.redis.durability, "durability", "strict", "Redis persistence check: `strict`, warn or off")
		return func(e *env, args []string) error {
			if len(args) > 0 {
				return usagef("serve takes no arguments")
			}
			return serve(e, c)
		}
	},
}

type serveConfig struct {
	addr, store, tokens, jwks, key, retention, issuer, aud, kek, sign string
	ttl                                                               time.Duration
	redis                                                             storeOpts
}

// serveShutdownGrace bounds the wait for in-flight requests on a signal.
const serveShutdownGrace = 10 * time.Second

// serveSweepEvery is how often the service sweeps its stores.
const serveSweepEvery = time.Minute

// parseRetention reads -retention: read-once, off, Nd (days), or a number
// of seconds (or a Go duration such as 12h).
func parseRetention(s string) (retention.Policy, error) {
	switch s {
	case "read-once":
		return retention.PolicyFromKosmos(false, -1)
	case "off":
		return retention.PolicyFromKosmos(true, 0)
	}
	var d time.Duration
	if n, err := strconv.ParseInt(strings.TrimSuffix(s, "d"), 10, 64); err == nil && n > 0 && n <= int64(retention.MaxTTL/time.Second) {
		if strings.HasSuffix(s, "d") {
			d = time.Duration(n) * 24 * time.Hour
		} else {
			d = time.Duration(n) * time.Second
		}
	} else if v, err := time.ParseDuration(s); err == nil && v > 0 && v%time.Second == 0 {
		d = v
	}
	if d <= 0 || d > retention.MaxTTL {
		return retention.Policy{}, usagef("-retention %q is not read-once, off, a number of days (7d) or seconds", s)
	}
	return retention.Policy{Name: "kyckit serve -retention " + s, Mode: retention.KeepFor, TTL: d,
		Citation: "kyckit serve -retention " + s + ": PII kept that long after completion"}, nil
}

// loadKEK reads the key-encryption keyset, creating it (mode 0600, never
// overwriting) when the file does not exist.
func loadKEK(e *env, path string) (*retention.Keyset, error) {
	b, err := readFile(path, "keyset file", retention.MaxKeysetSize)
	if err == nil {
		ks, err := retention.ParseKeysetInsecureCleartext(b)
		if err != nil {
			return nil, withHint(fmt.Errorf("%s: %w", path, err), "want a Tink JSON keyset as kyckit serve writes it")
		}
		return ks, nil
	}
	if _, statErr := os.Stat(path); !errors.Is(statErr, fs.ErrNotExist) {
		return nil, err
	}
	ks, err := retention.GenerateKeyset()
	if err != nil {
		return nil, err
	}
	js, err := ks.MarshalInsecureCleartext()
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadKEK(e, path) // another replica was first
	}
	if err != nil {
		return nil, withHint(fmt.Errorf("cannot create keyset file: %w", err))
	}
	if _, err := f.Write(js); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, err
	}
	fmt.Fprintf(e.stderr, "kyckit: note: created the key-encryption keyset %s; keep it secret and give it to every replica\n", path)
	return ks, nil
}

// openServeStores opens the sealed-data store and the session store.
func openServeStores(e *env, c *serveConfig) (pii, sessions retention.Store, closeFn func(), err error) {
	switch {
	case strings.HasPrefix(c.store, "bolt:"):
		path := strings.TrimPrefix(c.store, "bolt:")
		if path == "" {
			return nil, nil, nil, usagef("-store bolt: needs a path")
		}
		p, err := boltstore.Open(path, &boltstore.Options{LockTimeout: 5 * time.Second})
		if err != nil {
			return nil, nil, nil, withHint(err, "another process (another kyckit serve?) holds the file")
		}
		s, err := boltstore.Open(path+".sessions", &boltstore.Options{LockTimeout: 5 * time.Second})
		if err != nil {
			p.Close()
			return nil, nil, nil, withHint(err, "another process (another kyckit serve?) holds the file")
		}
		return p, s, func() { p.Close(); s.Close() }, nil
	case strings.HasPrefix(c.store, "redis://"), strings.HasPrefix(c.store, "rediss://"), strings.HasPrefix(c.store, "unix://"):
		prefix := c.redis.prefix
		if prefix == "" {
			prefix = "kyckit:ovse"
		}
		o := c.redis
		o.prefix = prefix + ":pii"
		p, closeP, err := openRetentionStore(e, c.store, &o)
		if err != nil {
			return nil, nil, nil, err
		}
		o.prefix = prefix + ":sessions"
		s, closeS, err := openRetentionStore(e, c.store, &o)
		if err != nil {
			closeP()
			return nil, nil, nil, err
		}
		return p, s, func() { closeP(); closeS() }, nil
	case c.store == "":
		return nil, nil, nil, usagef("serve needs -store").(*cliError).withHints("give -store bolt:PATH (one process) or -store redis://HOST:PORT (replicas)")
	}
	return nil, nil, nil, usagef("unknown store %q", retentionRedactURL(c.store)).(*cliError).withHints("give -store bolt:PATH or -store redis://HOST:PORT")
}

func serve(e *env, c *serveConfig) error {
	redisStore := strings.HasPrefix(c.store, "redis://") || strings.HasPrefix(c.store, "rediss://") || strings.HasPrefix(c.store, "unix://")
	switch {
	case c.store == "":
		return usagef("serve needs -store").(*cliError).withHints("give -store bolt:PATH (one process) or -store redis://HOST:PORT (replicas)")
	case !strings.HasPrefix(c.store, "bolt:") && !redisStore:
		return usagef("unknown store %q", retentionRedactURL(c.store)).(*cliError).withHints("give -store bolt:PATH or -store redis://HOST:PORT")
	case c.tokens == "":
		return usagef("serve needs -tokens FILE").(*cliError).withHints(
			`a JSON array like [{"tenant":"acme","scopes":["verify-aadhaar-ovse"],"token":"…"}]`)
	case (c.jwks == "") == (c.key == ""):
		return usagef("serve needs exactly one of -jwks and -key (the UIDAI issuer keys)")
	case c.ttl <= 0 || c.ttl > kyc.MaxSessionTTL:
		return usagef("-ttl must be positive and at most %v", kyc.MaxSessionTTL)
	case redisStore && c.kek == "":
		return usagef("-store %s needs -kek FILE", retentionRedactURL(c.store)).(*cliError).withHints(
			"replicas sharing a Redis must share the key-encryption keyset")
	}
	policy, err := parseRetention(c.retention)
	if err != nil {
		return err
	}
	if c.redis.prefix != "" && strings.HasPrefix(c.store, "bolt:") {
		return usagef("-prefix applies to Redis stores only")
	}
	tb, err := readFile(c.tokens, "tokens file", kyc.MaxTokensFile)
	if err != nil {
		return err
	}
	tokens, err := kyc.ParseBearerTokens(tb)
	clear(tb)
	if err != nil {
		return withHint(fmt.Errorf("%s: %w", c.tokens, err), `want [{"tenant":"acme","scopes":["verify-aadhaar-ovse"],"token_sha256":"<hex>"}]`)
	}
	if tokens.Len() == 0 {
		fmt.Fprintln(e.stderr, "kyckit: warning: the tokens file has no tokens: every init and status request will get 401")
	}
	keys, err := loadResolver(c.jwks, c.key, "")
	if err != nil {
		return err
	}
	var kek *retention.Keyset
	if c.kek != "" {
		if kek, err = loadKEK(e, c.kek); err != nil {
			return err
		}
	} else {
		if kek, err = retention.GenerateKeyset(); err != nil {
			return err
		}
		fmt.Fprintln(e.stderr, "kyckit: warning: no -kek: sealed data is unreadable after a restart (give -kek FILE to keep it)")
	}
	var signer ed25519.PrivateKey
	if c.sign != "" {
		if signer, err = retentionLoadSigner(e, c.sign); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(e.stderr, "kyckit: warning: no -sign key: deletion receipts are unsigned")
	}
	red, err := redact.New(nil)
	if err != nil {
		return err
	}
	log := slog.New(redact.NewHandler(slog.NewJSONHandler(e.stderr, nil), red))

	piiStore, sessStore, closeStores, err := openServeStores(e, c)
	if err != nil {
		return err
	}
	defer closeStores()
	// MaxPII: a credential may be 2 MiB (sdjwt.DefaultMaxTokenBytes), and
	// the sealed record holds its fields and the normalized record.
	vault, err := retention.New(piiStore, kek, &retention.Options{Signer: signer, MaxPII: 8 << 20, Audit: func(ev retention.Event) {
		log.LogAttrs(context.Background(), slog.LevelInfo, "retention", slog.Any("event", ev))
	}})
	if err != nil {
		return err
	}
	sessions := kyc.StoreSessions(sessStore, 0)
	svc, err := kyc.NewOVSE(sessions, vault, keys, &kyc.OVSEOptions{
		Issuer: c.issuer, Audience: c.aud, TTL: c.ttl, Policy: policy, Logger: log,
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return withHint(fmt.Errorf("cannot listen on %s: %w", c.addr, err), "-addr HOST:PORT; port 0 picks a free port")
	}
	srv := &http.Server{
		Handler:           serveHandler(svc, tokens, sessions, log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(e.stderr, "kyckit: note: serving on http://%s (retention %s)\n", ln.Addr(), policy.Describe("ovse"))

	stopSweep := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(serveSweepEvery)
		defer t.Stop()
		for {
			st, n, err := svc.Sweep(context.Background())
			if err != nil {
				log.LogAttrs(context.Background(), slog.LevelError, "sweep failed", slog.Any("error", err))
			} else if st.Erased+st.Deferred+st.Purged+n > 0 {
				log.LogAttrs(context.Background(), slog.LevelInfo, "swept", slog.Int("erased", st.Erased),
					slog.Int("deferred", st.Deferred), slog.Int("purged", st.Purged), slog.Int("sessions", n))
			}
			select {
			case <-stopSweep:
				return
			case <-t.C:
			}
		}
	})
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	var runErr error
	select {
	case err := <-serveErr:
		runErr = fmt.Errorf("serving: %w", err)
	case <-e.ctx.Done():
		log.LogAttrs(context.Background(), slog.LevelInfo, "shutting down", slog.String("cause", context.Cause(e.ctx).Error()))
		ctx, cancel := context.WithTimeout(context.Background(), serveShutdownGrace)
		if err := srv.Shutdown(ctx); err != nil {
			log.LogAttrs(context.Background(), slog.LevelWarn, "shutdown cut requests short", slog.Any("error", err))
			srv.Close()
		}
		cancel()
	}
	close(stopSweep)
	wg.Wait()
	fmt.Fprintln(e.stderr, "kyckit: note: stopped")
	return runErr
}

// serveHandler is what kyckit serve serves: the OVSE API, /healthz, a
// JSON 404 elsewhere, every request access-logged.
func serveHandler(svc *kyc.OVSE, auth kyc.Authenticator, sessions kyc.SessionStore, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/verification/", svc.Handler(auth))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if _, err := sessions.Get(r.Context(), "healthz"); !errors.Is(err, kyc.ErrSessionNotFound) {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"unavailable"}` + "\n"))
			return
		}
		_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"detail":{"code":"not_found"},"message":"no such endpoint"}` + "\n"))
	})
	return accessLog(log, mux)
}

// statusWriter records the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// accessLog logs one PII-free line per request: method, route (the
// session id stays out), status, duration.
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.URL.Path
		if strings.HasPrefix(route, kyc.StatusPath) {
			route = kyc.StatusPath + "{session_id}"
		} else if route != kyc.InitPath && route != kyc.CallbackPath && route != "/healthz" {
			route = "other"
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("route", route),
			slog.Int("status", sw.status), slog.Float64("ms", float64(time.Since(start).Microseconds())/1000))
	})
}
