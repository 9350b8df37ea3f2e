package onekosmos

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/kyckit/kyckit/internal/uuid"
)

// MaxResponseSize caps the body [DecryptResponse] accepts: 64 MiB. A final
// poll result carries three base64 JPEGs of up to a few hundred KB each, so
// real bodies stay well under 2 MiB.
const MaxResponseSize = 64 << 20

// rawResponse is the outer JSON of a 1Kosmos response.
type rawResponse struct {
	Data      json.RawMessage `json:"data"`
	PublicKey json.RawMessage `json:"publicKey"`
	Code      json.RawMessage `json:"code"`
	Message   json.RawMessage `json:"message"`
}

// DecryptOptions tune [DecryptResponse]. A nil *DecryptOptions means the
// defaults.
type DecryptOptions struct {
	// PinServiceKey makes servicePub the only key a response is decrypted
	// with: a body whose publicKey is present and is not servicePub (or is
	// not a valid key) is refused with [ErrUnpinnedKey] before anything is
	// decrypted, and there is no retry with another key. servicePub is
	// then required ([ErrNoPeerKey]).
	//
	// Default false: the body's publicKey is used as sent. 1Kosmos does not
	// sign responses, so without pinning anyone who can put a body in front
	// of you can seal it to your public key under a key pair of their own,
	// and it decrypts. Pin whenever you know the service key (GET
	// {docuverify}/publickeys).
	PinServiceKey bool
}

func (o *DecryptOptions) pin() bool { return o != nil && o.PinServiceKey }

// DecryptResponse decrypts the body of a 1Kosmos response and returns the
// plaintext (for a poll, the JSON result to pass to [ParsePollResult]).
//
// A body {"data": envelope, "publicKey": key} is decrypted with
// SharedKey(callerPriv, publicKey) when publicKey is present (the v3 poll
// and session responses), and otherwise with SharedKey(callerPriv,
// servicePub) (the v1 poll). If the first attempt fails, or publicKey is
// not a valid key, it is retried with servicePub. servicePub may be nil
// when the body is known to carry publicKey; when no key is available the
// error is [ErrNoPeerKey]. With [DecryptOptions.PinServiceKey], a body
// publicKey other than servicePub is refused with [ErrUnpinnedKey] and
// only servicePub is ever used.
//
// An unencrypted error body {"code": 400, "message": "…"} with no data is
// returned as a *[ServiceError]. Every other shape is [ErrResponse]; a body
// over [MaxResponseSize] is [ErrTooLarge]; every decryption failure is the
// single vague [ErrDecrypt]. The plaintext is returned only after the GCM
// tag verified.
func DecryptResponse(body []byte, callerPriv *PrivateKey, servicePub *PublicKey, opts *DecryptOptions) ([]byte, error) {
	if callerPriv == nil {
		return nil, fmt.Errorf("%w: nil caller private key", ErrInvalidKey)
	}
	if servicePub != nil && servicePub.curve != callerPriv.curve {
		return nil, ErrCurveMismatch
	}
	if opts.pin() && servicePub == nil {
		return nil, fmt.Errorf("%w: pinning needs the service public key", ErrNoPeerKey)
	}
	if len(body) > MaxResponseSize {
		return nil, fmt.Errorf("%w: response body over %d bytes", ErrTooLarge, MaxResponseSize)
	}
	// Fast path for the common shape, {"data":"…","publicKey":"…"}: one
	// pass over the body instead of encoding/json's several, so that
	// decryption costs little more than the ECDH (see BenchmarkDecryptResponse).
	if data, pub, hasPub, ok := scanFlat(body); ok {
		var first *PublicKey
		var keyErr error
		if hasPub {
			first, keyErr = parseResponseKey(callerPriv.curve, string(pub))
		}
		return decryptWith(callerPriv, first, keyErr, hasPub, servicePub, data, opts.pin())
	}

	var r rawResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("%w: body is not a JSON object", ErrResponse)
	}
	if r.Data == nil || bytes.Equal(r.Data, []byte("null")) {
		if r.Code != nil || r.Message != nil {
			return nil, serviceError(r)
		}
		return nil, fmt.Errorf("%w: no field %q", ErrResponse, "data")
	}
	var envelope string
	if err := json.Unmarshal(r.Data, &envelope); err != nil {
		return nil, fmt.Errorf("%w: field %q is not a string", ErrResponse, "data")
	}
	var first *PublicKey
	var keyErr error
	hasPub := r.PublicKey != nil && !bytes.Equal(r.PublicKey, []byte("null"))
	if hasPub {
		var s string
		if err := json.Unmarshal(r.PublicKey, &s); err != nil {
			keyErr = fmt.Errorf("%w: field %q is not a string", ErrResponse, "publicKey")
		} else {
			first, keyErr = parseResponseKey(callerPriv.curve, s)
		}
	}
	return decryptWith(callerPriv, first, keyErr, hasPub, servicePub, []byte(envelope), opts.pin())
}

func parseResponseKey(c Curve, s string) (*PublicKey, error) {
	k, err := ParsePublicKey(c, s)
	if err != nil {
		return nil, fmt.Errorf("%w: field %q: %w", ErrResponse, "publicKey", err)
	}
	return k, nil
}

// decryptWith tries the response's key first (when valid), then the
// service key. With pin, a body key (hasPub) must be the service key, which
// is then the only key tried.
func decryptWith(callerPriv *PrivateKey, first *PublicKey, keyErr error, hasPub bool, servicePub *PublicKey, envelope []byte, pin bool) ([]byte, error) {
	if pin {
		if hasPub && (first == nil || !first.Equal(servicePub)) {
			return nil, ErrUnpinnedKey
		}
		return openWith(callerPriv, servicePub, envelope)
	}
	if first == nil && servicePub == nil {
		if keyErr != nil {
			return nil, keyErr
		}
		return nil, ErrNoPeerKey
	}
	if first != nil {
		if pt, err := openWith(callerPriv, first, envelope); err == nil {
			return pt, nil
		}
		if servicePub == nil || servicePub.Equal(first) {
			return nil, ErrDecrypt
		}
	}
	return openWith(callerPriv, servicePub, envelope)
}

// scanFlat parses body when it is exactly a JSON object whose members are
// "data" (required) and optionally "publicKey", each a string of printable
// ASCII without escapes, as 1Kosmos sends them. ok is false for anything
// else, and the caller then falls back to encoding/json, so scanFlat never
// decides an error. Later duplicates win, as in encoding/json.
func scanFlat(b []byte) (data, pub []byte, hasPub, ok bool) {
	hasData := false
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, nil, false, false
	}
	for {
		i = skipWS(b, i+1)
		key, j, good := flatString(b, i)
		if !good {
			return nil, nil, false, false
		}
		i = skipWS(b, j)
		if i >= len(b) || b[i] != ':' {
			return nil, nil, false, false
		}
		i = skipWS(b, i+1)
		val, j, good := flatString(b, i)
		if !good {
			return nil, nil, false, false
		}
		switch string(key) {
		case "data":
			data, hasData = val, true
		case "publicKey":
			pub, hasPub = val, true
		default:
			return nil, nil, false, false
		}
		i = skipWS(b, j)
		if i >= len(b) {
			return nil, nil, false, false
		}
		switch b[i] {
		case ',':
			continue
		case '}':
			if skipWS(b, i+1) != len(b) || !hasData {
				return nil, nil, false, false
			}
			return data, pub, hasPub, true
		default:
			return nil, nil, false, false
		}
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// flatString reads a JSON string at b[i] made only of printable ASCII
// without backslashes; it returns the contents and the index after the
// closing quote.
func flatString(b []byte, i int) (s []byte, next int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	end := bytes.IndexByte(b[i+1:], '"')
	if end < 0 {
		return nil, 0, false
	}
	s = b[i+1 : i+1+end]
	if !plainASCII(s) {
		return nil, 0, false
	}
	return s, i + 2 + end, true
}

// plainASCII reports whether every byte of s is printable ASCII other than
// a backslash (0x20–0x7e, not 0x5c). It tests eight bytes at a time: an
// envelope is kilobytes of base64, and this check is on the hot path of
// DecryptResponse.
func plainASCII(s []byte) bool {
	const (
		lo = 0x0101010101010101
		hi = 0x8080808080808080
	)
	for len(s) >= 8 {
		w := binary.LittleEndian.Uint64(s)
		bad := w & hi                                   // ≥ 0x80
		bad |= (w - lo*0x20) & ^w & hi                  // < 0x20
		bad |= (w ^ lo*0x7f - lo) & ^(w ^ lo*0x7f) & hi // == 0x7f
		bad |= (w ^ lo*0x5c - lo) & ^(w ^ lo*0x5c) & hi // == '\\'
		if bad != 0 {
			return false
		}
		s = s[8:]
	}
	for _, c := range s {
		if c < 0x20 || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

func openWith(priv *PrivateKey, peer *PublicKey, envelope []byte) ([]byte, error) {
	k, err := SharedKey(priv, peer)
	if err != nil {
		return nil, ErrDecrypt
	}
	defer clear(k)
	return open(k, envelope)
}

func serviceError(r rawResponse) *ServiceError {
	e := &ServiceError{}
	var n json.Number
	if json.Unmarshal(r.Code, &n) == nil {
		if v, err := strconv.Atoi(n.String()); err == nil {
			e.Code = v
		}
	} else {
		var s string
		if json.Unmarshal(r.Code, &s) == nil {
			if v, err := strconv.Atoi(s); err == nil {
				e.Code = v
			}
		}
	}
	var msg string
	if json.Unmarshal(r.Message, &msg) == nil {
		e.Message = msg
	}
	return e
}

// Header names of a 1Kosmos request, in the lowercase the helpers send.
const (
	HeaderPublicKey  = "publickey"
	HeaderLicenseKey = "licensekey"
	HeaderRequestID  = "requestid"
)

// requestID is the plaintext of the requestid header, in the helpers' member
// order.
type requestID struct {
	TS    int64  `json:"ts"`
	AppID string `json:"appid"`
	UUID  string `json:"uuid"`
}

// RequestHeaders returns the three headers of an encrypted 1Kosmos request
// from the caller to a service (docuverify):
//
//   - publickey: the caller's public key, 1Kosmos encoding, not encrypted;
//   - licensekey: the license key string, sealed;
//   - requestid: {"ts":<now, epoch seconds>,"appid":appID,"uuid":<random
//     UUID v4>}, sealed;
//
// sealed meaning [Seal] under SharedKey(callerPriv, servicePub). The
// http.Header is canonical ("Publickey"…); HTTP header names are
// case-insensitive, so read it with h.Get([HeaderLicenseKey]) and copy it
// into a request with req.Header.Set. Add Content-Type: application/json
// yourself.
func RequestHeaders(license, appID string, callerPriv *PrivateKey, servicePub *PublicKey, now time.Time) (http.Header, error) {
	return requestHeaders(rand.Reader, license, appID, callerPriv, servicePub, now)
}

func requestHeaders(rnd io.Reader, license, appID string, callerPriv *PrivateKey, servicePub *PublicKey, now time.Time) (http.Header, error) {
	k, err := SharedKey(callerPriv, servicePub)
	if err != nil {
		return nil, err
	}
	defer clear(k)
	id, err := uuid.NewV4(rnd)
	if err != nil {
		return nil, fmt.Errorf("onekosmos: reading random UUID: %w", err)
	}
	rid, err := json.Marshal(requestID{TS: now.Unix(), AppID: appID, UUID: id})
	if err != nil {
		return nil, fmt.Errorf("onekosmos: encoding requestid: %w", err)
	}
	lk, err := Seal(k, []byte(license))
	if err != nil {
		return nil, err
	}
	ri, err := Seal(k, rid)
	if err != nil {
		return nil, err
	}
	h := make(http.Header, 3)
	h.Set(HeaderPublicKey, callerPriv.pub.Encode())
	h.Set(HeaderLicenseKey, lk)
	h.Set(HeaderRequestID, ri)
	return h, nil
}

// EncryptBody returns the body of an encrypted 1Kosmos request,
// {"data": envelope}, where envelope is payload (the request JSON text, sent
// as it is) sealed under SharedKey(callerPriv, servicePub).
func EncryptBody(payload []byte, callerPriv *PrivateKey, servicePub *PublicKey) ([]byte, error) {
	k, err := SharedKey(callerPriv, servicePub)
	if err != nil {
		return nil, err
	}
	defer clear(k)
	env, err := Seal(k, payload)
	if err != nil {
		return nil, err
	}
	// The envelope is base64, so it needs no JSON escaping.
	return []byte(`{"data":"` + env + `"}`), nil
}
