package onekosmos

import (
	"strings"
	"testing"
)

// loopCPU runs f in a b.Loop and also reports the process CPU time per
// operation (cpu-ns/op) where the platform has it.
func loopCPU(b *testing.B, f func()) {
	b.Helper()
	start, ok := processCPU()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	if end, ok2 := processCPU(); ok && ok2 && n > 0 {
		b.ReportMetric(float64(end-start)/float64(n), "cpu-ns/op")
	}
}

// The target: BenchmarkDecryptResponse (a 2 KB result) costs at most
// 1.2 × BenchmarkSharedKey* on the same curve, in the same run.

func benchKeys(b *testing.B, c Curve) (*PrivateKey, *PrivateKey) {
	b.Helper()
	caller, err := GenerateKey(c)
	if err != nil {
		b.Fatal(err)
	}
	service, err := GenerateKey(c)
	if err != nil {
		b.Fatal(err)
	}
	return caller, service
}

// result2KB is a 2 KB final poll result.
func result2KB() []byte {
	head := `{"sessionResult":"SUCCESS","sessionId":"82f67f10-0000-4000-8000-000000000002","sessionData":{"documentType":"dl_object"},"extractedInfo":{"documentType":"dl_object","documentId":"DL0000000000","firstName":"Test","lastName":"Person"},"document":{"proof_jwt":"`
	tail := `"}}`
	return []byte(head + strings.Repeat("x", 2048-len(head)-len(tail)) + tail)
}

func benchSharedKey(b *testing.B, c Curve) {
	caller, service := benchKeys(b, c)
	b.ReportAllocs()
	loopCPU(b, func() {
		if _, err := SharedKey(caller, service.Public()); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkSharedKeySecp256k1(b *testing.B) { benchSharedKey(b, Secp256k1) }
func BenchmarkSharedKeyP256(b *testing.B)      { benchSharedKey(b, P256) }

func BenchmarkDecryptResponse(b *testing.B) {
	for _, c := range curves {
		b.Run(c.String(), func(b *testing.B) {
			caller, service := benchKeys(b, c)
			k, _ := SharedKey(service, caller.Public())
			env, _ := Seal(k, result2KB())
			body := []byte(`{"data":"` + env + `","publicKey":"` + service.Public().Encode() + `"}`)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			loopCPU(b, func() {
				if _, err := DecryptResponse(body, caller, nil, nil); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkOpen is the symmetric part alone (2 KB result).
func BenchmarkOpen(b *testing.B) {
	key := make([]byte, KeySize)
	env, _ := Seal(key, result2KB())
	b.SetBytes(int64(len(env)))
	b.ReportAllocs()
	loopCPU(b, func() {
		if _, err := Open(key, env); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkParsePublicKey is the point validation DecryptResponse does on
// the body's publicKey.
func BenchmarkParsePublicKey(b *testing.B) {
	for _, c := range curves {
		b.Run(c.String(), func(b *testing.B) {
			_, service := benchKeys(b, c)
			s := service.Public().Encode()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParsePublicKey(c, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
