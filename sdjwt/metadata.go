package sdjwt

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
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
)

// Fetcher retrieves an HTTPS document. [HTTPFetcher] is the network
// implementation; tests may substitute their own.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]byte, error)
}

// HTTPFetcher fetches over HTTPS only, with a size cap, a timeout and at
// most 3 redirects (each to https). It does not filter private addresses:
// constrain which issuers are fetched with [IssuerMetadata].AllowedIssuers.
type HTTPFetcher struct {
	// Client is the HTTP client. Default http.DefaultClient (its
	// CheckRedirect is replaced by the https-only policy on a copy).
	Client *http.Client
	// MaxBytes caps a response body. Default [DefaultFetchMaxBytes].
	MaxBytes int64
	// Timeout bounds one fetch. Default [DefaultFetchTimeout].
	Timeout time.Duration
}

// Fetch implements [Fetcher].
func (f *HTTPFetcher) Fetch(ctx context.Context, u string) ([]byte, error) {
	if !isHTTPS(u) {
		return nil, fmt.Errorf("%w: only https URLs are fetched", ErrMetadata)
	}
	c := http.DefaultClient
	if f != nil && f.Client != nil {
		c = f.Client
	}
	cc := *c
	cc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return errors.New("too many redirects")
		}
		if req.URL.Scheme != "https" {
			return errors.New("redirect to non-https URL")
		}
		return nil
	}
	timeout, max := DefaultFetchTimeout, int64(DefaultFetchMaxBytes)
	if f != nil && f.Timeout > 0 {
		timeout = f.Timeout
	}
	if f != nil && f.MaxBytes > 0 {
		max = f.MaxBytes
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: bad URL", ErrMetadata)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := cc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: fetch failed: %v", ErrMetadata, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: HTTP status %d", ErrMetadata, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("%w: read failed", ErrMetadata)
	}
	if int64(len(body)) > max {
		return nil, fmt.Errorf("%w: response larger than %d bytes", ErrMetadata, max)
	}
	return body, nil
}

func isHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}

// IssuerMetadata resolves issuer keys from SD-JWT VC issuer metadata:
// GET https://<host>/.well-known/jwt-vc-issuer<path of iss>, which must
// return {"issuer": iss, "jwks": {...}} or {"issuer": iss, "jwks_uri":
// "https://..."} (exactly one of the two); the key is then chosen by kid
// as in [JWKSet]. Results are cached per issuer for TTL; an unknown kid
// triggers one refetch at most every Refresh. Safe for concurrent use.
type IssuerMetadata struct {
	// Fetcher retrieves documents. Default a zero [HTTPFetcher].
	Fetcher Fetcher
	// AllowedIssuers lists the iss values whose metadata may be fetched.
	// Required unless AllowAnyIssuer is set: the iss comes from the token,
	// so an open list lets any token make you fetch any https URL.
	AllowedIssuers []string
	// AllowAnyIssuer fetches metadata for any https iss. Off by default.
	AllowAnyIssuer bool
	// TTL is how long fetched keys are used. Default [DefaultMetadataTTL].
	TTL time.Duration
	// Refresh is the minimum time between refetches on a kid miss.
	// Default [DefaultMetadataRefresh].
	Refresh time.Duration
	// Now is the cache clock. Default time.Now.
	Now func() time.Time

	mu    sync.Mutex
	cache map[string]metaEntry
}

type metaEntry struct {
	set     *JWKSet
	fetched time.Time
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
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	ttl, refresh := m.TTL, m.Refresh
	if ttl <= 0 {
		ttl = DefaultMetadataTTL
	}
	if refresh <= 0 {
		refresh = DefaultMetadataRefresh
	}
	m.mu.Lock()
	e, ok := m.cache[q.Issuer]
	m.mu.Unlock()
	t := now()
	if ok && t.Sub(e.fetched) < ttl {
		pub, err := e.set.ResolveKey(ctx, q)
		if err == nil || !errors.Is(err, ErrKeyNotFound) || t.Sub(e.fetched) < refresh {
			return pub, err
		}
	}
	set, err := m.fetch(ctx, q.Issuer)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.cache == nil || len(m.cache) >= maxMetadataCache {
		// Bounded: with AllowAnyIssuer, tokens choose the issuers.
		m.cache = map[string]metaEntry{}
	}
	m.cache[q.Issuer] = metaEntry{set: set, fetched: t}
	m.mu.Unlock()
	return set.ResolveKey(ctx, q)
}

func (m *IssuerMetadata) fetch(ctx context.Context, iss string) (*JWKSet, error) {
	f := m.Fetcher
	if f == nil {
		f = &HTTPFetcher{}
	}
	u, err := WellKnownURL(iss)
	if err != nil {
		return nil, err
	}
	body, err := f.Fetch(ctx, u)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Issuer  string          `json:"issuer"`
		JWKSURI *string         `json:"jwks_uri"`
		JWKS    json.RawMessage `json:"jwks"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("%w: metadata is not a JSON object", ErrMetadata)
	}
	if doc.Issuer != iss {
		return nil, fmt.Errorf("%w: metadata %q does not equal the token's iss", ErrMetadata, "issuer")
	}
	if (doc.JWKSURI == nil) == (doc.JWKS == nil) {
		return nil, fmt.Errorf("%w: metadata must have exactly one of %q and %q", ErrMetadata, "jwks", "jwks_uri")
	}
	raw := []byte(doc.JWKS)
	if doc.JWKSURI != nil {
		if !isHTTPS(*doc.JWKSURI) {
			return nil, fmt.Errorf("%w: %q is not https", ErrMetadata, "jwks_uri")
		}
		if raw, err = f.Fetch(ctx, *doc.JWKSURI); err != nil {
			return nil, err
		}
	}
	set, err := ParseJWKSet(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMetadata, err)
	}
	return set, nil
}
