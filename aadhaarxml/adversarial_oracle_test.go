package aadhaarxml

// The adversarial tests' oracle: xmlsec1 (libxml2's parser and C14N, and
// OpenSSL) signs each document with the fixture test key, independently of
// this package's reader and canonicalizer and of goxmldsig, and verifies
// each verdict. A document the package's reader accepts must then verify
// here: the reader and the canonical writer agree with libxml2 byte for
// byte on everything the signature covers, or the digest or the signature
// would not match.

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kyckit/kyckit/internal/testvectors"
)

// sigTemplate is an unsigned UIDAI-profile Signature for xmlsec1 --sign:
// empty DigestValue and SignatureValue. p is the element prefix ("" or
// "ds:"), decl the namespace declaration on Signature, extra anything put
// in SignedInfo's and Signature's start tags (attributes) and keyInfo a
// KeyInfo element or "".
func sigTemplate(p, decl, siAttrs, keyInfo string) string {
	return `<` + p + `Signature ` + decl + `><` + p + `SignedInfo` + siAttrs + `><` + p + `CanonicalizationMethod Algorithm="` + algC14N10 +
		`"/><` + p + `SignatureMethod Algorithm="` + algRSASHA1 + `"/><` + p + `Reference URI=""><` + p + `Transforms><` + p +
		`Transform Algorithm="` + algEnveloped + `"/></` + p + `Transforms><` + p + `DigestMethod Algorithm="` + algSHA256 +
		`"/><` + p + `DigestValue></` + p + `DigestValue></` + p + `Reference></` + p + `SignedInfo><` + p + `SignatureValue></` + p +
		`SignatureValue>` + keyInfo + `</` + p + `Signature>`
}

// defaultSig is the Signature UIDAI writes (default namespace, no KeyInfo).
var defaultSig = sigTemplate("", `xmlns="`+nsDSig+`"`, "", "")

// oracle runs xmlsec1 with the fixture test key.
type oracle struct {
	bin, dir, key, cert string
	n                   atomic.Int64
}

func newOracle(t *testing.T) *oracle {
	t.Helper()
	bin := testvectors.XMLSec(t)
	dir := t.TempDir()
	k := fixtureKey(t)
	cert := filepath.Join(dir, "signer.pem")
	if err := os.WriteFile(cert, pemCert(k.cert), 0o600); err != nil {
		t.Fatal(err)
	}
	key, err := filepath.Abs(filepath.Join(fixtureDir, "keys", "test-signer.key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return &oracle{bin: bin, dir: dir, key: key, cert: cert}
}

func (o *oracle) file(t testing.TB, b []byte) string {
	t.Helper()
	p := filepath.Join(o.dir, "d"+strconv.FormatInt(o.n.Add(1), 10)+".xml")
	t.Cleanup(func() { os.Remove(p) })
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var (
	reDigest = regexp.MustCompile(`<((?:[A-Za-z_][\w.-]*:)?)DigestValue>([A-Za-z0-9+/=\s]+)</`)
	reSigVal = regexp.MustCompile(`<((?:[A-Za-z_][\w.-]*:)?)SignatureValue>([A-Za-z0-9+/=\s]+)</`)
)

// sign has xmlsec1 sign template (a document holding one unsigned
// Signature) and returns the template's own bytes with the digest and the
// signature value filled in, so that what is verified is exactly what the
// test wrote, not libxml2's re-serialization. When xmlsec1 refuses to sign,
// signed is nil and unreadable says whether libxml2 could not read or
// canonicalize the document (a parser, namespace or C14N error), as opposed
// to finding no signature to fill in.
func (o *oracle) sign(t testing.TB, template []byte) (signed []byte, unreadable bool) {
	t.Helper()
	return o.signWith(t, o.key, template)
}

// signWith is sign with another private key (a PEM file).
func (o *oracle) signWith(t testing.TB, key string, template []byte) (signed []byte, unreadable bool) {
	t.Helper()
	in := o.file(t, template)
	out := in + ".signed"
	defer os.Remove(out)
	if b, err := exec.Command(o.bin, "--sign", "--privkey-pem", key, "--output", out, in).CombinedOutput(); err != nil {
		msg := string(b)
		t.Logf("xmlsec1 --sign refused: %s", lastError(msg))
		return nil, strings.Contains(msg, "parser error") || strings.Contains(msg, "namespace error") ||
			strings.Contains(msg, "C14N error")
	}
	res, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	dm, sm := reDigest.FindSubmatch(res), reSigVal.FindSubmatch(res)
	if dm == nil || sm == nil {
		t.Fatalf("xmlsec1 output without digest or signature value:\n%s", res)
	}
	fill := func(doc []byte, prefix, tag, value []byte) []byte {
		empty := []byte("<" + string(prefix) + string(tag) + "></" + string(prefix) + string(tag) + ">")
		if bytes.Count(doc, empty) != 1 {
			t.Fatalf("template must hold exactly one empty %s", empty)
		}
		return bytes.Replace(doc, empty, []byte("<"+string(prefix)+string(tag)+">"+string(value)+"</"+string(prefix)+string(tag)+">"), 1)
	}
	signed = fill(template, dm[1], []byte("DigestValue"), dm[2])
	signed = fill(signed, sm[1], []byte("SignatureValue"), bytes.ReplaceAll(sm[2], []byte("\n"), []byte("&#13;\n")))
	return signed, false
}

// verify is xmlsec1's verdict with the fixture certificate as the only key.
// --enabled-key-data key-name keeps xmlsec1 from taking a key out of the
// document: by default it verifies with a KeyValue the document carries,
// whatever --pubkey-cert-pem says (TestAdversarialXMLSecKeyValue).
func (o *oracle) verify(t testing.TB, doc []byte) (bool, string) {
	t.Helper()
	b, err := exec.Command(o.bin, "--verify", "--enabled-key-data", "key-name", "--pubkey-cert-pem", o.cert, o.file(t, doc)).CombinedOutput()
	return err == nil, firstLine(b)
}

// attackerKeyFile writes the attacker's private key for xmlsec1.
func (o *oracle) attackerKeyFile(t testing.TB) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(attackerKey(t).key)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(o.dir, "attacker.key.pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// signOutput signs template with key and returns xmlsec1's own output
// (libxml2's serialization, with whatever xmlsec1 filled in, such as a
// KeyValue).
func (o *oracle) signOutput(t testing.TB, key string, template []byte) []byte {
	t.Helper()
	in := o.file(t, template)
	out := in + ".signed"
	defer os.Remove(out)
	if b, err := exec.Command(o.bin, "--sign", "--privkey-pem", key, "--output", out, in).CombinedOutput(); err != nil {
		t.Fatalf("xmlsec1 --sign: %s", firstLine(b))
	}
	res, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// execXMLSec runs xmlsec1 with args.
func execXMLSec(o *oracle, args ...string) ([]byte, error) {
	return exec.Command(o.bin, args...).CombinedOutput()
}

// lastError is the last "Error:" or "error :" line of xmlsec1's output, or
// its first line.
func lastError(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], " error : ") {
			return lines[i]
		}
	}
	return lines[0]
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
