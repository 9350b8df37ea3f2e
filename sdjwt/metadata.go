package sdjwt

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Defaults of [HTTPFetcher] and [IssuerMetadata].
const (
	DefaultFetchMaxBytes   = 256 << 10
	DefaultFetchTimeout    = 10 * time.Second
	DefaultMetadataTTL     = time.Hour
	DefaultMetadataRefresh = time.Minute
	maxRedirects           = 3
	maxMetadataCache       = 1024
	maxHTTPCache           = 256
)

// Fetcher retrieves an HTTPS document. [HTTPFetcher] is the network
// implementation; tests may substitute their own.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]byte, error)
}

// Document is a fetched document and how long HTTP caching lets it be
// used.
type Document struct {
	// Body is the response body.
	Body []byte
	// Expires is when the document stops being fresh (RFC 9111 §4.2):
	// from Cache-Control max-age less Age, or from Expires relative to
	// Date; the fetch time for no-cache or no-store. Zero when the
	// response says nothing about freshness.
	Expires time.Time
}

// DocumentFetcher is a [Fetcher] that also reports freshness.
// [IssuerMetadata] uses it, when its Fetcher has it, to keep keys as long
// as the issuer's HTTP caching headers allow.
type DocumentFetcher interface {
	Fetcher
	FetchDocument(ctx context.Context, url string) (Document, error)
}

var _ DocumentFetcher = (*HTTPFetcher)(nil)

// HTTPFetcher fetches over HTTPS only, with a size cap, a timeout, at
// most 3 redirects (each to https), and the SSRF rules of SD-JWT VC
// (draft-ietf-oauth-sd-jwt-vc, "Server-Side Request Forgery"): unless
// AllowPrivateNetworks is set, it refuses internal host names (localhost,
// single-label names, .local, .internal, ...) and connects only to public
// unicast addresses, checked on the address actually dialled, after DNS
// resolution and on every redirect, so a public name that resolves to
// 127.0.0.1 or 169.254.169.254 is refused too.
//
// It is an HTTP cache for what it fetches (RFC 9111): it remembers ETag
// and Last-Modified, revalidates with If-None-Match and If-Modified-Since,
// reuses the body on 304 Not Modified, and reports freshness in
// [Document]. Use it through a pointer; it is safe for concurrent use.
//
// Without Client it connects directly, with no proxy. With a Client whose
// Transport uses a proxy, the address checked is the proxy's: egress
// filtering is then the proxy's job (and AllowPrivateNetworks must be set
// when the proxy has a private address).
type HTTPFetcher struct {
	// Client is the HTTP client. Default http.DefaultClient. Its
	// CheckRedirect is replaced on a copy; unless AllowPrivateNetworks is
	// set its Transport must be nil or an *http.Transport, whose dialer
	// is wrapped (on a clone) with the address check.
	Client *http.Client
	// MaxBytes caps a response body. Default [DefaultFetchMaxBytes].
	MaxBytes int64
	// Timeout bounds one fetch. Default [DefaultFetchTimeout].
	Timeout time.Duration
	// AllowPrivateNetworks lets fetches reach loopback, private,
	// link-local and other non-public addresses and internal host names.
	// Off by default.
	AllowPrivateNetworks bool
	// Now is the clock for freshness. Default time.Now.
	Now func() time.Time

	mu     sync.Mutex
	client *http.Client // built from base
	base   *http.Client
	cache  map[string]*httpEntry
}

type httpEntry struct {
	body         []byte
	etag         string
	lastModified string
}

// Fetch implements [Fetcher].
func (f *HTTPFetcher) Fetch(ctx context.Context, u string) ([]byte, error) {
	d, err := f.FetchDocument(ctx, u)
	return d.Body, err
}

// FetchDocument implements [DocumentFetcher].
func (f *HTTPFetcher) FetchDocument(ctx context.Context, u string) (Document, error) {
	if f == nil {
		f = &HTTPFetcher{}
	}
	pu, err := url.Parse(u)
	if err != nil || pu.Scheme != "https" || pu.Host == "" || pu.User != nil {
		return Document{}, fmt.Errorf("%w: only https URLs are fetched", ErrMetadata)
	}
	if !f.AllowPrivateNetworks {
		if err := checkHost(pu.Hostname()); err != nil {
			return Document{}, err
		}
	}
	c, err := f.httpClient()
	if err != nil {
		return Document{}, err
	}
	timeout, max := DefaultFetchTimeout, int64(DefaultFetchMaxBytes)
	if f.Timeout > 0 {
		timeout = f.Timeout
	}
	if f.MaxBytes > 0 {
		max = f.MaxBytes
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Document{}, fmt.Errorf("%w: bad URL", ErrMetadata)
	}
	req.Header.Set("Accept", "application/json")
	f.mu.Lock()
	cached := f.cache[u]
	f.mu.Unlock()
	if cached != nil {
		if cached.etag != "" {
			req.Header.Set("If-None-Match", cached.etag)
		}
		if cached.lastModified != "" {
			req.Header.Set("If-Modified-Since", cached.lastModified)
		}
	}
	resp, err := c.Do(req)
	if err != nil {
		return Document{}, fmt.Errorf("%w: fetch failed: %w", ErrMetadata, err)
	}
	defer resp.Body.Close()
	var body []byte
	switch {
	case resp.StatusCode == http.StatusNotModified && cached != nil:
		body = cached.body
	case resp.StatusCode == http.StatusOK:
		body, err = io.ReadAll(io.LimitReader(resp.Body, max+1))
		if err != nil {
			return Document{}, fmt.Errorf("%w: read failed", ErrMetadata)
		}
		if int64(len(body)) > max {
			return Document{}, fmt.Errorf("%w: response larger than %d bytes", ErrMetadata, max)
		}
	default:
		return Document{}, fmt.Errorf("%w: HTTP status %d", ErrMetadata, resp.StatusCode)
	}
	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	expires, store := freshness(resp.Header, now())
	e := &httpEntry{body: body, etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified {
		// RFC 9111 §4.3.4: a 304 updates the stored validators it
		// carries and keeps the others.
		if e.etag == "" {
			e.etag = cached.etag
		}
		if e.lastModified == "" {
			e.lastModified = cached.lastModified
		}
	}
	f.mu.Lock()
	if store && (e.etag != "" || e.lastModified != "") {
		if f.cache == nil || len(f.cache) >= maxHTTPCache {
			f.cache = map[string]*httpEntry{}
		}
		f.cache[u] = e
	} else {
		delete(f.cache, u)
	}
	f.mu.Unlock()
	return Document{Body: body, Expires: expires}, nil
}

// httpClient builds, once per base client, the client with the redirect
// policy and the address check.
func (f *HTTPFetcher) httpClient() (*http.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	base := http.DefaultClient
	if f.Client != nil {
		base = f.Client
	}
	if f.client != nil && f.base == base {
		return f.client, nil
	}
	allowPrivate := f.AllowPrivateNetworks
	cc := *base
	cc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return errors.New("too many redirects")
		}
		if req.URL.Scheme != "https" {
			return errors.New("redirect to non-https URL")
		}
		if !allowPrivate {
			return checkHost(req.URL.Hostname())
		}
		return nil
	}
	var tr *http.Transport
	switch t := base.Transport.(type) {
	case nil:
		tr = http.DefaultTransport.(*http.Transport).Clone()
		tr.Proxy = nil
	case *http.Transport:
		tr = t.Clone()
	default:
		if !allowPrivate {
			return nil, fmt.Errorf("%w: HTTPFetcher.Client.Transport is not an *http.Transport, so the private-address check cannot run (set AllowPrivateNetworks to use it anyway)", ErrOptions)
		}
	}
	if tr != nil && !allowPrivate {
		if tr.DialContext == nil {
			d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: dialControl}
			tr.DialContext = d.DialContext
		} else {
			tr.DialContext = checkedDial(tr.DialContext)
		}
		if tr.DialTLSContext != nil {
			tr.DialTLSContext = checkedDial(tr.DialTLSContext)
		}
	}
	if tr != nil {
		cc.Transport = tr
	}
	f.client, f.base = &cc, base
	return f.client, nil
}

type dialFunc = func(ctx context.Context, network, addr string) (net.Conn, error)

// checkedDial wraps a caller's dialer: it cannot see the address before
// connecting, so the check runs on the connection's remote address, before
// a byte is sent.
func checkedDial(inner dialFunc) dialFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := inner(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		ap, perr := netip.ParseAddrPort(conn.RemoteAddr().String())
		if perr != nil {
			conn.Close()
			return nil, fmt.Errorf("%w: cannot read the address of the connection", ErrMetadata)
		}
		if err := checkIP(ap.Addr()); err != nil {
			conn.Close()
			return nil, err
		}
		return conn, nil
	}
}

// dialControl runs after DNS resolution, before connecting.
func dialControl(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot read the address to dial", ErrMetadata)
	}
	return checkIP(ap.Addr())
}

// Special-purpose IPv4 and IPv6 ranges (RFC 6890 and the IANA registries)
// that netip's predicates do not already cover, none of them a public
// service address.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // shared address space (CGNAT)
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("100::/64"),
	netip.MustParsePrefix("2001:db8::/32"),
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// checkIP refuses every address that is not public unicast. IPv4 embedded
// in IPv6 (mapped, NAT64, 6to4) is judged as IPv4.
func checkIP(ip netip.Addr) error {
	ip = ip.Unmap()
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64.Contains(ip):
			ip = netip.AddrFrom4([4]byte(b[12:16]))
		case sixToFour.Contains(ip):
			ip = netip.AddrFrom4([4]byte(b[2:6]))
		}
	}
	bad := !ip.IsGlobalUnicast() || ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast()
	for _, p := range nonPublic {
		bad = bad || p.Contains(ip)
	}
	if bad {
		return fmt.Errorf("%w: address %s is not public (HTTPFetcher.AllowPrivateNetworks)", ErrMetadata, ip)
	}
	return nil
}

// internalSuffixes are DNS names that never denote a public service.
var internalSuffixes = []string{".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan", ".intranet"}

// checkHost refuses literal non-public addresses and internal host names.
func checkHost(host string) error {
	if ip, err := netip.ParseAddr(host); err == nil {
		return checkIP(ip)
	}
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	internal := h == "localhost" || !strings.Contains(h, ".")
	for _, s := range internalSuffixes {
		internal = internal || strings.HasSuffix(h, s)
	}
	if internal {
		return fmt.Errorf("%w: host %q is an internal name (HTTPFetcher.AllowPrivateNetworks)", ErrMetadata, host)
	}
	return nil
}

// freshness reads RFC 9111 caching headers: when the response stops being
// fresh, and whether it may be stored.
func freshness(h http.Header, now time.Time) (expires time.Time, store bool) {
	store = true
	maxAge := -1
	for _, line := range h.Values("Cache-Control") {
		for _, d := range strings.Split(line, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
			switch strings.ToLower(name) {
			case "no-store":
				store = false
				maxAge = 0
			case "no-cache":
				maxAge = 0
			case "max-age":
				n, err := strconv.Atoi(strings.Trim(val, `"`))
				if err == nil && n >= 0 && (maxAge < 0 || n < maxAge) {
					maxAge = n
				}
			}
		}
	}
	if maxAge >= 0 {
		age, _ := strconv.Atoi(h.Get("Age"))
		if age < 0 || age > maxAge {
			age = maxAge
		}
		return now.Add(time.Duration(maxAge-age) * time.Second), store
	}
	if v := h.Get("Expires"); v != "" {
		exp, err := http.ParseTime(v)
		if err != nil {
			return now, store // RFC 9111 §5.3: invalid means already expired
		}
		if date, err := http.ParseTime(h.Get("Date")); err == nil {
			return now.Add(exp.Sub(date)), store
		}
		return exp, store
	}
	return time.Time{}, store
}

// IssuerMetadata resolves issuer keys from SD-JWT VC issuer metadata:
// GET https://<host>/.well-known/jwt-vc-issuer<path of iss>, which must
// return {"issuer": iss, "jwks": {...}} or {"issuer": iss, "jwks_uri":
// "https://..."} (exactly one of the two); the key is then chosen by kid
// as in [JWKSet]. Keys are tied to their issuer: they are cached per
// issuer and a jwks_uri must lie within the issuer's own origin (same
// scheme, host and port) unless listed in AllowedJWKSURIs.
//
// The key set is kept as long as HTTP caching allows (when the Fetcher is
// a [DocumentFetcher], as [HTTPFetcher] is), but at least Refresh and at
// most TTL; an unknown kid triggers one refetch at most every Refresh.
// Concurrent lookups of an issuer that is not cached share one fetch,
// which runs to completion (bounded by the fetcher's timeout) even when
// the callers give up. Safe for concurrent use.
type IssuerMetadata struct {
	// Fetcher retrieves documents. Default an [HTTPFetcher] with its
	// defaults (no private networks).
	Fetcher Fetcher
	// AllowedIssuers lists the iss values whose metadata may be fetched.
	// Required unless AllowAnyIssuer is set: the iss comes from the token,
	// so an open list lets any token make you fetch any https URL.
	AllowedIssuers []string
	// AllowAnyIssuer fetches metadata for any https iss. Off by default.
	AllowAnyIssuer bool
	// AllowedJWKSURIs lists jwks_uri values accepted outside the issuer's
	// own origin (a key server on another host). Default none.
	AllowedJWKSURIs []string
	// TTL is the longest time fetched keys are used. Default
	// [DefaultMetadataTTL].
	TTL time.Duration
	// Refresh is the shortest time keys are kept, and the minimum time
	// between refetches on a kid miss. Default [DefaultMetadataRefresh].
	Refresh time.Duration
	// Now is the cache clock. Default time.Now.
	Now func() time.Time

	mu       sync.Mutex
	cache    map[string]metaEntry
	inflight map[string]*metaCall
	fetcher  Fetcher // the default, made once
}

type metaEntry struct {
	set     *JWKSet
	fetched time.Time
	expires time.Time
}

type metaCall struct {
	done chan struct{}
	set  *JWKSet
	err  error
}

// WellKnownURL returns the issuer metadata URL for an https iss.
func WellKnownURL(iss string) (string, error) {
	u, err := url.Parse(iss)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%w: iss is not an https URL without query or fragment", ErrMetadata)
	}
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	return "https://" + u.Host + "/.well-known/jwt-vc-issuer" + p, nil
}

func (m *IssuerMetadata) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

func (m *IssuerMetadata) durations() (ttl, refresh time.Duration) {
	ttl, refresh = m.TTL, m.Refresh
	if ttl <= 0 {
		ttl = DefaultMetadataTTL
	}
	if refresh <= 0 {
		refresh = DefaultMetadataRefresh
	}
	return ttl, min(refresh, ttl)
}

// ResolveKey implements [KeyResolver].
func (m *IssuerMetadata) ResolveKey(ctx context.Context, q KeyQuery) (crypto.PublicKey, error) {
	if m == nil {
		return nil, fmt.Errorf("%w: nil IssuerMetadata", ErrKeyNotFound)
	}
	if q.Issuer == "" {
		return nil, fmt.Errorf("%w: token has no %q", ErrMetadata, "iss")
	}
	if !m.AllowAnyIssuer && !slices.Contains(m.AllowedIssuers, q.Issuer) {
		return nil, fmt.Errorf("%w: issuer not in AllowedIssuers", ErrKeyNotFound)
	}
	_, refresh := m.durations()
	t := m.now()
	m.mu.Lock()
	e, ok := m.cache[q.Issuer]
	m.mu.Unlock()
	if ok && t.Before(e.expires) {
		pub, err := e.set.ResolveKey(ctx, q)
		if err == nil || !errors.Is(err, ErrKeyNotFound) || t.Sub(e.fetched) < refresh {
			return pub, err
		}
	}
	set, err := m.load(ctx, q.Issuer)
	if err != nil {
		return nil, err
	}
	return set.ResolveKey(ctx, q)
}

// load fetches the issuer's key set, or waits for the fetch already under
// way (one fetch per issuer at a time: singleflight).
func (m *IssuerMetadata) load(ctx context.Context, iss string) (*JWKSet, error) {
	m.mu.Lock()
	c := m.inflight[iss]
	if c == nil {
		c = &metaCall{done: make(chan struct{})}
		if m.inflight == nil {
			m.inflight = map[string]*metaCall{}
		}
		m.inflight[iss] = c
		f := m.Fetcher
		if f == nil {
			if m.fetcher == nil {
				m.fetcher = &HTTPFetcher{}
			}
			f = m.fetcher
		}
		timeout := 2 * DefaultFetchTimeout // two documents
		if hf, ok := f.(*HTTPFetcher); ok && hf.Timeout > 0 {
			timeout = 2 * hf.Timeout
		}
		// Detached from the first caller's cancellation, so that one
		// caller giving up does not fail the others; bounded all the same.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
		go func() {
			defer cancel()
			set, exp, err := m.fetch(fctx, f, iss)
			m.mu.Lock()
			delete(m.inflight, iss)
			if err == nil {
				m.store(iss, set, exp)
			}
			c.set, c.err = set, err
			m.mu.Unlock()
			close(c.done)
		}()
	}
	m.mu.Unlock()
	select {
	case <-c.done:
		return c.set, c.err
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %w", ErrMetadata, ctx.Err())
	}
}

// store caches a key set; m.mu is held.
func (m *IssuerMetadata) store(iss string, set *JWKSet, httpExpires time.Time) {
	ttl, refresh := m.durations()
	now := m.now()
	life := ttl
	if !httpExpires.IsZero() {
		life = min(max(httpExpires.Sub(now), refresh), ttl)
	}
	if m.cache == nil || len(m.cache) >= maxMetadataCache {
		// Bounded: with AllowAnyIssuer, tokens choose the issuers.
		m.cache = map[string]metaEntry{}
	}
	m.cache[iss] = metaEntry{set: set, fetched: now, expires: now.Add(life)}
}

func fetchDocument(ctx context.Context, f Fetcher, u string) (Document, error) {
	if df, ok := f.(DocumentFetcher); ok {
		return df.FetchDocument(ctx, u)
	}
	b, err := f.Fetch(ctx, u)
	return Document{Body: b}, err
}

// sameOrigin reports whether a and b have the same scheme, host and port
// (the default port spelled or not).
func sameOrigin(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		return "443"
	}
	return a.Scheme == b.Scheme && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func (m *IssuerMetadata) fetch(ctx context.Context, f Fetcher, iss string) (*JWKSet, time.Time, error) {
	u, err := WellKnownURL(iss)
	if err != nil {
		return nil, time.Time{}, err
	}
	doc, err := fetchDocument(ctx, f, u)
	if err != nil {
		return nil, time.Time{}, err
	}
	expires := doc.Expires
	raw, jwksURI, err := parseMetadata(doc.Body, iss)
	if err != nil {
		return nil, time.Time{}, err
	}
	if jwksURI != "" {
		ju, err := url.Parse(jwksURI)
		if err != nil || ju.Scheme != "https" || ju.Host == "" || ju.User != nil {
			return nil, time.Time{}, fmt.Errorf("%w: %q is not an https URL", ErrMetadata, "jwks_uri")
		}
		iu, _ := url.Parse(iss)
		if !sameOrigin(ju, iu) && !slices.Contains(m.AllowedJWKSURIs, jwksURI) {
			return nil, time.Time{}, fmt.Errorf("%w: %q is outside the issuer's origin (IssuerMetadata.AllowedJWKSURIs)", ErrMetadata, "jwks_uri")
		}
		jd, err := fetchDocument(ctx, f, jwksURI)
		if err != nil {
			return nil, time.Time{}, err
		}
		raw = jd.Body
		if !jd.Expires.IsZero() && (expires.IsZero() || jd.Expires.Before(expires)) {
			expires = jd.Expires
		}
	}
	set, err := ParseJWKSet(raw)
	if err != nil {
		return nil, time.Time{}, wrap2(ErrMetadata, err, strings.TrimPrefix(err.Error(), "sdjwt: "))
	}
	if set.Len() == 0 {
		return nil, time.Time{}, fmt.Errorf("%w: the issuer's JWK Set has no usable key", ErrMetadata)
	}
	return set, expires, nil
}

// parseMetadata validates a JWT VC Issuer Metadata document (SD-JWT VC
// "JWT VC Issuer Metadata Response" and "Validation") for iss and returns
// its inline JWK Set or its jwks_uri. The reader is strict: duplicate
// member names are refused.
func parseMetadata(body []byte, iss string) (jwks []byte, jwksURI string, err error) {
	v, err := parseJSONValue(body)
	doc, _ := v.(map[string]any)
	if err != nil || doc == nil {
		return nil, "", fmt.Errorf("%w: metadata is not a JSON object", ErrMetadata)
	}
	if got, _ := doc["issuer"].(string); got != iss {
		return nil, "", fmt.Errorf("%w: metadata %q does not equal the token's iss", ErrMetadata, "issuer")
	}
	rawURI, hasURI := doc["jwks_uri"]
	rawSet, hasSet := doc["jwks"]
	if hasURI == hasSet {
		return nil, "", fmt.Errorf("%w: metadata must have exactly one of %q and %q", ErrMetadata, "jwks", "jwks_uri")
	}
	if hasURI {
		s, ok := rawURI.(string)
		if !ok {
			return nil, "", fmt.Errorf("%w: %q is not a string", ErrMetadata, "jwks_uri")
		}
		return nil, s, nil
	}
	if _, ok := rawSet.(map[string]any); !ok {
		return nil, "", fmt.Errorf("%w: %q is not a JWK Set object", ErrMetadata, "jwks")
	}
	b, err := json.Marshal(rawSet)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %q", ErrMetadata, "jwks")
	}
	return b, "", nil
}
