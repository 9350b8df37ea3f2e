package onekosmos

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/kyckit/kyckit/internal/testvectors"
)

type interopRound struct {
	GoPub       string `json:"goPub,omitempty"`
	NodePriv    string `json:"nodePriv"`
	NodePub     string `json:"nodePub,omitempty"`
	GoEnvelope  string `json:"goEnvelope,omitempty"`
	GoPlaintext string `json:"goPlaintext,omitempty"`
	GoSig       string `json:"goSig,omitempty"`
	GoSigDER    string `json:"goSigDER,omitempty"`
	Envelope    string `json:"envelope,omitempty"`
	Plaintext   string `json:"plaintext,omitempty"`
	Sig         string `json:"sig,omitempty"`
	SigDER      string `json:"sigDER,omitempty"`
}

// TestNodeInterop seals and opens with fresh random keys in both directions
// against node:crypto (testdata/interop/interop.mjs), and cross-verifies
// signatures. It needs node; KYCKIT_REQUIRE_NODE=1 makes its absence a
// failure.
func TestNodeInterop(t *testing.T) {
	node := testvectors.Node(t)
	script := filepath.Join("testdata", "interop", "interop.mjs")
	const rounds = 24
	for _, c := range curves {
		t.Run(c.String(), func(t *testing.T) {
			goKeys := make([]*PrivateKey, rounds)
			req := struct {
				Curve  string         `json:"curve"`
				Rounds []interopRound `json:"rounds"`
			}{Curve: c.String()}
			for i := range rounds {
				goPriv, _ := GenerateKey(c)
				nodePriv, _ := GenerateKey(c) // a key Go made for Node
				goKeys[i] = goPriv
				k := mustShared(t, goPriv, nodePriv.Public())
				msg := make([]byte, 1+i*37)
				rand.Read(msg)
				pt := hex.EncodeToString(msg)
				env, err := Seal(k, []byte(pt))
				if err != nil {
					t.Fatal(err)
				}
				digest := sha256.Sum256([]byte(pt))
				raw, _ := Sign(goPriv, digest[:])
				der, _ := SignASN1(goPriv, digest[:])
				req.Rounds = append(req.Rounds, interopRound{
					GoPub: goPriv.Public().Encode(), NodePriv: nodePriv.Encode(),
					GoEnvelope: env, GoPlaintext: pt,
					GoSig: b64(raw), GoSigDER: b64(der),
				})
			}
			in, _ := json.Marshal(req)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, script)
			cmd.Stdin = bytes.NewReader(in)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, stderr.String())
			}
			var resp struct {
				Rounds []interopRound `json:"rounds"`
			}
			if err := json.Unmarshal(out, &resp); err != nil || len(resp.Rounds) != rounds {
				t.Fatalf("node answer: %v (%d rounds)", err, len(resp.Rounds))
			}
			for i, r := range resp.Rounds {
				// Node's own key encoding, possibly 31 bytes.
				np, err := ParsePrivateKey(c, r.NodePriv)
				if err != nil {
					t.Fatalf("round %d: Node's private key: %v", i, err)
				}
				if np.Public().Encode() != r.NodePub {
					t.Fatalf("round %d: Node's key pair does not match", i)
				}
				pub := mustPub(t, c, r.NodePub)
				pt, err := Open(mustShared(t, goKeys[i], pub), r.Envelope)
				if err != nil || string(pt) != r.Plaintext {
					t.Fatalf("round %d: opening Node's envelope: %v", i, err)
				}
				digest := sha256.Sum256(pt)
				raw, _ := base64.StdEncoding.DecodeString(r.Sig)
				der, _ := base64.StdEncoding.DecodeString(r.SigDER)
				if err := Verify(pub, digest[:], raw); err != nil {
					t.Fatalf("round %d: Node's raw signature: %v", i, err)
				}
				if err := VerifyASN1(pub, digest[:], der); err != nil {
					t.Fatalf("round %d: Node's DER signature: %v", i, err)
				}
				// Negative twin: a tampered Node envelope is rejected.
				tampered := []byte(r.Envelope)
				tampered[len(tampered)/2] ^= 1
				if _, err := Open(mustShared(t, goKeys[i], pub), string(tampered)); err == nil {
					t.Fatalf("round %d: tampered envelope opened", i)
				}
			}
		})
	}
}
