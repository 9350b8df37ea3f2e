package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/onekosmos"
)

var ecdsaCommand = &command{
	name:    "ecdsa",
	summary: "1Kosmos envelopes: decrypt responses, encrypt requests, make keys",
	usage: `Usage:
	kyckit ecdsa keygen  [-curve secp256k1|p256] [-o FILE]
	kyckit ecdsa decrypt -key PRIV_FILE [-peer PUB [-insecure-body-key]] [-curve C] [-no-images] [-o FILE] [FILE]
	kyckit ecdsa encrypt -key PRIV_FILE -peer PUB [-body | -response] [-curve C] [-o FILE] [FILE]
	kyckit ecdsa headers -key PRIV_FILE -peer PUB -license-file FILE -app-id ID [-curve C] [-o FILE]

1Kosmos calls its encryption "ECDSA"; it is ECDH (secp256k1 by default, or
P-256) with the raw shared x-coordinate as an AES-256-GCM key and a 16-byte
IV, sent as base64(IV ‖ ciphertext ‖ tag). Keys use the 1Kosmos encoding:
base64 of the private scalar, base64 of X‖Y for the public point.

PRIV_FILE holds a private key (base64 scalar) or the JSON that keygen
prints. PUB is a public key (base64 X‖Y, SEC1, PEM or JWK), inline or in a
file, or keygen's JSON.`,
	subs: []*command{
		{
			name:    "decrypt",
			summary: "decrypt a poll response body or a bare envelope",
			usage: `Usage: kyckit ecdsa decrypt -key PRIV_FILE [-peer PUB [-insecure-body-key]] [-curve C] [-no-images] [-normalize] [-o FILE] [FILE]

Decrypts a whole 1Kosmos response body {"data": …, "publicKey": …}, or a
bare envelope with -peer. Prints the plaintext only when the GCM tag
verified; prints nothing on any failure. An unencrypted error body
{"code": …, "message": …} exits 1.

-peer is the 1Kosmos service public key (GET {docuverify}/publickeys),
and it is pinned: a body whose publicKey is not -peer is refused, because
1Kosmos does not sign responses and anyone can seal a body to your public
key under a key pair of their own. v1 bodies, which carry no publicKey,
are decrypted with -peer. -insecure-body-key turns the pin off and trusts
the body's publicKey, trying -peer only as a fallback. Without -peer the
body's publicKey is trusted, with a warning.

-no-images drops document.image, imageBack and face (and v1 liveid_object
face) from a JSON result before printing it. -normalize prints the poll
result as a normalize record (OIDC claims and Identity Assurance) instead,
mapped from the typed result through package kyc.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				k := ecdsaKeyFlags(fs, false)
				bodyKey := fs.Bool("insecure-body-key", false, "INSECURE: trust the body's publicKey even when it is not -peer")
				noImages := fs.Bool("no-images", false, "drop the document and face images from the result")
				norm := fs.Bool("normalize", false, "print a normalize record of the poll result instead of the plaintext")
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				return func(e *env, args []string) error {
					priv, peer, err := k.load(fs)
					if err != nil {
						return err
					}
					if *bodyKey && peer == nil {
						return usagef("-insecure-body-key needs -peer").(*cliError).withHints(
							"without -peer the body's publicKey is used anyway")
					}
					in, err := e.readInput(args, onekosmos.MaxResponseSize)
					if err != nil {
						return err
					}
					pt, err := ecdsaDecrypt(in, priv, peer, peer != nil && !*bodyKey)
					if err != nil {
						return err
					}
					if peer == nil {
						e.warnf("the body's publicKey was not checked against the 1Kosmos service key; give it with -peer to pin it")
					} else if *bodyKey {
						e.warnf("-insecure-body-key: the body's publicKey was trusted, not pinned to -peer")
					}
					if *noImages {
						if pt, err = dropImages(pt); err != nil {
							return err
						}
					}
					if *norm {
						return kosmosRecord(e, pt, *out)
					}
					return writeLine(e.output(*out), pt)
				}
			},
		},
		{
			name:    "encrypt",
			summary: "seal a plaintext for a peer",
			usage: `Usage: kyckit ecdsa encrypt -key PRIV_FILE -peer PUB [-body | -response] [-curve C] [-o FILE] [FILE]

Seals the input (for a request, the JSON payload) under the shared key of
-key and -peer with a random 16-byte IV and prints the envelope. -body
prints a request body {"data": envelope}; -response prints a response body
{"data": envelope, "publicKey": <public key of -key>}, as a 1Kosmos service
sends it (for tests and demos).`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				k := ecdsaKeyFlags(fs, true)
				body := fs.Bool("body", false, `print a request body {"data": …}`)
				response := fs.Bool("response", false, `print a response body {"data": …, "publicKey": …}`)
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				return func(e *env, args []string) error {
					if *body && *response {
						return usagef("-body and -response are exclusive")
					}
					priv, peer, err := k.load(fs)
					if err != nil {
						return err
					}
					in, err := e.readInput(args, onekosmos.MaxResponseSize)
					if err != nil {
						return err
					}
					key, err := onekosmos.SharedKey(priv, peer)
					if err != nil {
						return err
					}
					env, err := onekosmos.Seal(key, in)
					clear(key)
					if err != nil {
						return err
					}
					switch {
					case *body:
						env = `{"data":"` + env + `"}`
					case *response:
						env = `{"data":"` + env + `","publicKey":"` + priv.Public().Encode() + `"}`
					}
					return writeLine(e.output(*out), []byte(env))
				}
			},
		},
		{
			name:    "headers",
			summary: "build the publickey, licensekey and requestid request headers",
			usage: `Usage: kyckit ecdsa headers -key PRIV_FILE -peer PUB -license-file FILE -app-id ID [-curve C] [-o FILE]

Prints the three headers of an encrypted 1Kosmos request, one per line as
"name: value": publickey (the public key of -key, in clear), licensekey
(the license key, sealed) and requestid ({"ts","appid","uuid"} with the
current time and a random UUID, sealed). -peer is the service public key
(GET {docuverify}/publickeys). The license key is read from a file so that
it stays out of the process list and shell history.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				k := ecdsaKeyFlags(fs, true)
				licenseFile := fs.String("license-file", "", "read the license key from `FILE`")
				appID := fs.String("app-id", "", "the application `ID` for requestid")
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("headers takes no input file")
					}
					if *licenseFile == "" || *appID == "" {
						return usagef("-license-file and -app-id are required")
					}
					priv, peer, err := k.load(fs)
					if err != nil {
						return err
					}
					lic, err := readFile(*licenseFile, "license file", maxKeyFile)
					if err != nil {
						return err
					}
					license := strings.TrimSpace(string(lic))
					if license == "" {
						return withHint(errors.New("license file is empty"))
					}
					h, err := onekosmos.RequestHeaders(license, *appID, priv, peer, time.Now())
					if err != nil {
						return err
					}
					var b bytes.Buffer
					for _, name := range []string{onekosmos.HeaderPublicKey, onekosmos.HeaderLicenseKey, onekosmos.HeaderRequestID} {
						fmt.Fprintf(&b, "%s: %s\n", name, h.Get(name))
					}
					_, err = e.output(*out).Write(b.Bytes())
					return err
				}
			},
		},
		{
			name:    "keygen",
			summary: "generate a key pair in 1Kosmos encoding",
			usage: `Usage: kyckit ecdsa keygen [-curve secp256k1|p256] [-o FILE]

Prints a new random key pair as JSON {"curve", "privateKey", "publicKey"}
in 1Kosmos encoding (base64 of the 32-byte scalar, base64 of X‖Y). The
file can be given to -key (and -peer) of the other commands. -o writes it
with mode 0600; printed on a terminal or into a file other users can read,
the key comes with a warning.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				curveName := fs.String("curve", "secp256k1", "the curve: secp256k1 or p256")
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				return func(e *env, args []string) error {
					if len(args) > 0 {
						return usagef("keygen takes no input file")
					}
					c, err := onekosmos.ParseCurve(*curveName)
					if err != nil {
						return usagef("-curve: unknown curve %q", *curveName).(*cliError).withHints("use secp256k1 or p256")
					}
					k, err := onekosmos.GenerateKey(c)
					if err != nil {
						return err
					}
					b, err := json.Marshal(keyFile{Curve: c.String(), PrivateKey: k.Encode(), PublicKey: k.Public().Encode()})
					if err != nil {
						return err
					}
					if *out == "" || *out == "-" {
						e.warnSecretOnStdout("a private key")
					}
					return writeLine(e.output(*out), b)
				}
			},
		},
	},
}

// keyFile is what keygen prints, and one of the forms -key and -peer read.
type keyFile struct {
	Curve      string `json:"curve"`
	PrivateKey string `json:"privateKey,omitempty"`
	PublicKey  string `json:"publicKey"`
}

// maxKeyFile caps key and license files.
const maxKeyFile = 64 << 10

type ecdsaKeys struct {
	key, peer, curve *string
	needPeer         bool
}

func ecdsaKeyFlags(fs *flag.FlagSet, needPeer bool) *ecdsaKeys {
	return &ecdsaKeys{
		key:      fs.String("key", "", "read the private key from `PRIV_FILE`"),
		peer:     fs.String("peer", "", "the peer public key `PUB`, inline or a file name"),
		curve:    fs.String("curve", "secp256k1", "the curve: secp256k1 or p256 (a keygen JSON file sets it)"),
		needPeer: needPeer,
	}
}

// load reads -key and -peer. A keygen JSON file sets the curve unless
// -curve was given, in which case they must agree.
func (k *ecdsaKeys) load(fs *flag.FlagSet) (*onekosmos.PrivateKey, *onekosmos.PublicKey, error) {
	if *k.key == "" {
		return nil, nil, usagef("-key is required")
	}
	if k.needPeer && *k.peer == "" {
		return nil, nil, usagef("-peer is required")
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "curve" })
	c, err := onekosmos.ParseCurve(*k.curve)
	if err != nil {
		return nil, nil, usagef("-curve: unknown curve %q", *k.curve).(*cliError).withHints("use secp256k1 or p256")
	}

	raw, err := readFile(*k.key, "key file", maxKeyFile)
	if err != nil {
		return nil, nil, err
	}
	defer clear(raw)
	privText := string(raw)
	if kf, ok := parseKeyFile(raw); ok {
		if kf.PrivateKey == "" {
			return nil, nil, withHint(errors.New("key file has no privateKey"), "-key needs a private key; public keys go to -peer")
		}
		fc, err := onekosmos.ParseCurve(kf.Curve)
		if err != nil {
			return nil, nil, withHint(fmt.Errorf("key file: %w", err))
		}
		if explicit && fc != c {
			return nil, nil, usagef("-curve %s does not match the key file's curve %s", c, fc)
		}
		c, privText = fc, kf.PrivateKey
	}
	priv, err := onekosmos.ParsePrivateKey(c, privText)
	if err != nil {
		return nil, nil, withHint(fmt.Errorf("key file: %w", err), "a private key is base64 of the scalar, as keygen prints it; check -curve")
	}
	if *k.peer == "" {
		return priv, nil, nil
	}
	peerText := *k.peer
	if fi, err := os.Stat(peerText); err == nil && fi.Mode().IsRegular() {
		b, err := readFile(peerText, "peer key file", maxKeyFile)
		if err != nil {
			return nil, nil, err
		}
		peerText = string(b)
	}
	if kf, ok := parseKeyFile([]byte(peerText)); ok {
		peerText = kf.PublicKey
	}
	peer, err := onekosmos.ParsePublicKey(c, peerText)
	if err != nil {
		return nil, nil, withHint(fmt.Errorf("-peer: %w", err), "a public key is base64 of X‖Y (or SEC1, PEM, JWK) on the same curve as -key")
	}
	return priv, peer, nil
}

// parseKeyFile recognises keygen's JSON (a JWK has "kty" and is left to
// onekosmos.ParsePublicKey).
func parseKeyFile(b []byte) (keyFile, bool) {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		return keyFile{}, false
	}
	var probe struct {
		keyFile
		Kty string `json:"kty"`
	}
	if json.Unmarshal(t, &probe) != nil || probe.Kty != "" || probe.Curve == "" {
		return keyFile{}, false
	}
	return probe.keyFile, true
}

// ecdsaDecrypt decrypts a response body, or a bare envelope with peer.
// With pin, a body's publicKey must be peer.
func ecdsaDecrypt(in []byte, priv *onekosmos.PrivateKey, peer *onekosmos.PublicKey, pin bool) ([]byte, error) {
	t := bytes.TrimSpace(in)
	if len(t) == 0 {
		return nil, withHint(errors.New("empty input"), "give a 1Kosmos response body or an envelope")
	}
	var pt []byte
	var err error
	if t[0] == '{' {
		pt, err = onekosmos.DecryptResponse(t, priv, peer, &onekosmos.DecryptOptions{PinServiceKey: pin})
	} else {
		if peer == nil {
			return nil, usagef("a bare envelope needs -peer").(*cliError).withHints("give the public key of the sender with -peer")
		}
		var key []byte
		if key, err = onekosmos.SharedKey(priv, peer); err == nil {
			pt, err = onekosmos.Open(key, string(t))
			clear(key)
		}
	}
	var se *onekosmos.ServiceError
	switch {
	case err == nil:
		return pt, nil
	case errors.As(err, &se):
		hints := []string{"the body is an unencrypted error from the service, not a result"}
		if se.Message != "" {
			hints = append(hints, fmt.Sprintf("service message: %q", se.Message))
		}
		return nil, withHint(err, hints...)
	case errors.Is(err, onekosmos.ErrDecrypt):
		return nil, withHint(err, "wrong -key or -peer, a key on another curve (-curve), or a corrupted envelope")
	case errors.Is(err, onekosmos.ErrUnpinnedKey):
		return nil, withHint(err, "the body was sealed under a key other than -peer: not from the 1Kosmos service you pinned, or the service rotated its key",
			"check -peer against GET {docuverify}/publickeys; -insecure-body-key decrypts it anyway")
	case errors.Is(err, onekosmos.ErrNoPeerKey):
		return nil, withHint(err, "the body has no publicKey: give the service public key with -peer")
	}
	return nil, err
}

// dropImages removes the image members of a JSON result. Input that is not
// a JSON object is returned unchanged.
func dropImages(pt []byte) ([]byte, error) {
	var m map[string]any
	if json.Unmarshal(pt, &m) != nil || m == nil {
		return pt, nil
	}
	if d, ok := m["document"].(map[string]any); ok {
		delete(d, "image")
		delete(d, "imageBack")
		delete(d, "face")
	}
	if l, ok := m["liveid_object"].(map[string]any); ok {
		delete(l, "face")
	}
	return json.Marshal(m)
}

// writeLine writes b, adding a final newline when it has none.
func writeLine(w io.Writer, b []byte) error {
	if len(b) == 0 || b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	return err
}

// kosmosRecord prints the normalize record of a decrypted poll result,
// mapped from onekosmos's typed result by package kyc.
func kosmosRecord(e *env, plaintext []byte, out string) error {
	res, err := onekosmos.ParsePollResult(plaintext)
	if err != nil {
		return withHint(err, "-normalize reads a 1Kosmos poll result (pending, final or v1)")
	}
	rec, err := kyc.OneKosmos(res, nil)
	if err != nil {
		return err
	}
	return writeJSON(e, out, rec)
}
