package normalize

import (
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

// benchBody builds a ~40 KB OVSE completed body whose user_photo is a
// ~28 KB JPEG-magic image, the size of a real Aadhaar photo.
func benchBody(tb testing.TB) []byte {
	tb.Helper()
	seed, err := os.ReadFile("../testdata/normalize/seeds/ovse-completed.json")
	if err != nil {
		tb.Fatal(err)
	}
	img := make([]byte, 28_500)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img {
		img[i] = byte(r.Uint32())
	}
	copy(img, []byte{0xFF, 0xD8, 0xFF, 0xE0})
	photo := base64.StdEncoding.EncodeToString(img)
	body := strings.Replace(string(seed), "/9j/4AAQSkZJRgABAQAAAQABAAD/2Q==", photo, 1)
	return []byte(body)
}

func TestBenchBody(t *testing.T) {
	b := benchBody(t)
	if n := len(b); n < 38_000 || n > 42_000 {
		t.Fatalf("bench body is %d bytes, want about 40 KB", n)
	}
	r, err := Auto(b, nil)
	if err != nil || r.Claims.Picture == "" || r.Source.Adapter != AdapterOVSE {
		t.Fatalf("bench body does not normalize with a photo: %v", err)
	}
}

// BenchmarkDecodeMapBaseline is the baseline: a bare encoding/json decode
// of the same body into map[string]any.
func BenchmarkDecodeMapBaseline(b *testing.B) {
	body := benchBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeOVSE(b *testing.B) {
	body := benchBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := OVSE(body, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAutoDetect(b *testing.B) {
	body := benchBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Auto(body, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompareNames(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		CompareNames("Prakash Kumar Chowdhury", "Chowdhury Kumar Prakash")
	}
}

// BenchmarkRatioToBaseline interleaves the baseline decode, OVSE and Auto
// on the same body in every iteration and reports each adapter's time as a
// multiple of the baseline's, so that load from other processes on a
// shared machine affects both sides of the ratio alike.
func BenchmarkRatioToBaseline(b *testing.B) {
	body := benchBody(b)
	var base, ovse, auto time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := OVSE(body, nil); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if _, err := Auto(body, nil); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		base, ovse, auto = base+t1.Sub(t0), ovse+t2.Sub(t1), auto+t3.Sub(t2)
	}
	b.ReportMetric(float64(ovse)/float64(base), "ovse/baseline")
	b.ReportMetric(float64(auto)/float64(base), "auto/baseline")
}
