package benchmark

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/processor/redactionprocessor"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/kyckit/kyckit/otelcol/redactprocessor"
)

// Invented identifiers, as in the processor's tests (whose fixtures say
// where their check digits were verified).
const (
	aadhaarA = "2341 2341 2346"
	aadhaarB = "567812347658"
	aadhaarC = "3726-4518-2209"
	vidA     = "4621 7534 0213 6274"
	pan      = "ABCPE1234F"
	mobile   = "+91 98765 43210"
	mobileB  = "9123456780"
	email    = "asha.rao@example.in"
	name     = "Asha Rao"
)

// pii lists every personal value of the batch as it must not come out.
var pii = []string{aadhaarA, "234123412346", aadhaarB, aadhaarC, "372645182209", vidA, "4621753402136274",
	pan, mobile, "98765 43210", mobileB, email, name}

// benchRecords is the number of log records in one benchmark batch.
const benchRecords = 1000

// contribKeys are the sensitive key names given to the contrib processor:
// kyckit's default keys (redact.DefaultKeys and DefaultSecretKeys) as one
// case-insensitive pattern, '_' optional, as kyckit matches them.
const contribKeys = `name|full_?name|first_?name|middle_?name|last_?name|given_?name|family_?name|surname|` +
	`father_?name|mother_?name|spouse_?name|care_?of|dob|date_?of_?birth|birth_?date|birthdate|yob|gender|` +
	`mobile|mobile_?number|phone|phone_?number|email|email_?id|address|full_?address|street_?address|house|` +
	`street|landmark|locality|city|vtc|po|subdist|dist|district|pincode|pc|postal_?code|zip_?code|` +
	`document_?id|document_?number|user_?photo|profile_?image|photo|pht|face|image|imageback|imagefront|` +
	`signature|share_?code|otp|otp_?code|aadhaar|aadhaar_?no|aadhaar_?number|uid|vid|masked_?aadhaar_?number|` +
	`pan|pan_?number|voter_?id|epic|passport|passport_?number|raw_?xml|xml|zip_?data|aadhaar_?pdf|pdf|result|` +
	`licensekey|requestid|x-df-api-secret|x-df-api-key|api_?key|apikey|x-api-key|api_?secret|client_?secret|` +
	`secret|password|passwd|private_?key|privatekey|access_?token|refresh_?token|id_?token|session_?token`

// contribConfig is the contrib redactionprocessor set up to do what
// kyckitredact does with regular expressions: every key allowed, sensitive
// keys masked whole, and value patterns for the Indian identifiers, e-mail
// and UPI ids, JWTs, bearer tokens, and sensitive keys inside JSON and
// key=value text. It cannot check a Verhoeff digit, a GSTIN check character
// or a photo's magic bytes, and has no EPIC, passport, photo, private key or
// SD-JWT disclosure patterns here: kyckit does more work per record.
//
// With keysInText false, the two patterns for sensitive keys inside JSON
// and key=value text are left out: a lighter contrib set-up, which misses
// those values, measured as a lower bound on contrib's cost.
func contribConfig(keysInText bool) *redactionprocessor.Config {
	cfg := redactionprocessor.NewFactory().CreateDefaultConfig().(*redactionprocessor.Config)
	cfg.AllowAllKeys = true
	cfg.Summary = "silent"
	cfg.BlockedKeyPatterns = []string{`(?i)^(?:` + contribKeys + `)$`}
	cfg.BlockedValues = []string{
		`\b[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}\b`,             // VID
		`\b[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}\b`,                          // Aadhaar
		`\b[A-Z]{3}[ABCFGHLJPTK][A-Z][0-9]{4}[A-Z]\b`,                          // PAN
		`\b[0-9]{2}[A-Z]{3}[ABCFGHLJPTK][A-Z][0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]\b`, // GSTIN
		`(?:\+91[ -]?|\b0)?\b[6-9][0-9]{4}[ -]?[0-9]{5}\b`,                     // mobile
		`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`,                  // e-mail
		`\b[A-Za-z0-9._-]{2,}@[A-Za-z]{2,32}\b`,                                // UPI id
		`\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`,                  // JWT
		`(?i)\b(?:bearer|basic) [A-Za-z0-9._~+/=-]+`,                           // bearer token
	}
	if keysInText {
		cfg.BlockedValues = append(cfg.BlockedValues,
			`(?i)"(?:`+contribKeys+`)"\s*:\s*"[^"]*"`, // JSON key in a string
			`(?i)\b(?:`+contribKeys+`)=[^ ,&]+`,       // key=value
		)
	}
	return cfg
}

// benchBatch builds a batch of KYC-service logs: 50% ordinary access
// lines, 20% text lines with personal data, 15% JSON lines as string
// bodies, 15% parsed JSON (map bodies); every record has three attributes.
func benchBatch(n int) plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "kyc-gateway")
	rl.Resource().Attributes().PutStr("host.name", "ip-10-1-2-3")
	lrs := rl.ScopeLogs().AppendEmpty().LogRecords()
	for i := range n {
		lr := lrs.AppendEmpty()
		switch i % 20 {
		case 0, 1, 2, 3:
			lr.Body().SetStr(fmt.Sprintf("kyc ok uid=%s mobile=%s pan=%s mail %s txn=T%06d", aadhaarA, mobile, pan, email, i))
		case 4, 5, 6:
			lr.Body().SetStr(fmt.Sprintf(`{"ts":"2026-01-02T03:04:05.123Z","event":"ekyc.response","txn":"T%06d","name":"%s",`+
				`"dob":"1990-01-01","aadhaar_no":"%s","mobile":"%s","status":"verified","latency_ms":182}`, i, name, aadhaarB, mobileB))
		case 7, 8, 9:
			m := lr.Body().SetEmptyMap()
			m.PutStr("event", "kyc.verified")
			m.PutStr("txn", fmt.Sprintf("T%06d", i))
			m.PutStr("name", name)
			m.PutStr("note", "uid "+aadhaarC+" vid "+vidA)
			m.PutStr("order", "ORD-2341-2341-2346")
			m.PutDouble("latency_ms", 182)
		default:
			lr.Body().SetStr(fmt.Sprintf("10.1.2.3 - - [02/Jan/2026:03:04:05 +0000] \"GET /api/v1/orders/ORD-%06d HTTP/1.1\" "+
				"200 5123 \"-\" \"okhttp/4.12.0\" rt=0.012 trace=4bf92f3577b34da6a3ce929d0e0e4736", i))
		}
		lr.Attributes().PutStr("http.route", "/api/v1/kyc/{id}")
		lr.Attributes().PutStr("trace_ref", "3f2b9c1e-2341-4234-9123-456780abcdef")
		lr.Attributes().PutStr("client", fmt.Sprintf("partner-%d", i%7))
	}
	return ld
}

func batchBytes(ld plog.Logs) int64 {
	js, _ := (&plog.JSONMarshaler{}).MarshalLogs(ld)
	return int64(len(js))
}

func newBenchProcessors(tb testing.TB) map[string]processor.Logs {
	tb.Helper()
	ctx := context.Background()
	next := consumertest.NewNop()
	f := redactprocessor.NewFactory()
	ours, err := f.CreateLogs(ctx, processortest.NewNopSettings(f.Type()), f.CreateDefaultConfig(), next)
	if err != nil {
		tb.Fatal(err)
	}
	cf := redactionprocessor.NewFactory()
	theirs, err := cf.CreateLogs(ctx, processortest.NewNopSettings(cf.Type()), contribConfig(true), next)
	if err != nil {
		tb.Fatal(err)
	}
	ids, err := cf.CreateLogs(ctx, processortest.NewNopSettings(cf.Type()), contribConfig(false), next)
	if err != nil {
		tb.Fatal(err)
	}
	return map[string]processor.Logs{"kyckit": ours, "contrib": theirs, "contrib-ids-only": ids}
}

// BenchmarkLogs runs kyckitredact and the contrib redactionprocessor (with
// the equivalent patterns, and with the identifier patterns only) on the
// same batches in one run; records/s is the figure to compare. The batch
// is copied afresh, with the timer stopped, before every run.
func BenchmarkLogs(b *testing.B) {
	ps := newBenchProcessors(b)
	batch := benchBatch(benchRecords)
	size := batchBytes(batch)
	for _, name := range []string{"kyckit", "contrib", "contrib-ids-only"} {
		p := ps[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size) // the batch as OTLP/JSON
			runs := 0
			for b.Loop() {
				b.StopTimer()
				work := plog.NewLogs()
				batch.CopyTo(work)
				b.StartTimer()
				if err := p.ConsumeLogs(context.Background(), work); err != nil {
					b.Fatal(err)
				}
				runs++
			}
			b.ReportMetric(float64(runs*benchRecords)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// TestBenchBatch checks what each processor leaves of the benchmark batch:
// kyckit must leave no personal value and keep the hard negatives; the
// contrib figures are logged for the report.
func TestBenchBatch(t *testing.T) {
	ps := newBenchProcessors(t)
	for _, name := range []string{"kyckit", "contrib", "contrib-ids-only"} {
		work := benchBatch(100)
		if err := ps[name].ConsumeLogs(context.Background(), work); err != nil {
			t.Fatal(err)
		}
		js, _ := (&plog.JSONMarshaler{}).MarshalLogs(work)
		s := string(js)
		var left, lost []string
		for _, v := range pii {
			if strings.Contains(s, v) {
				left = append(left, v[:min(4, len(v))]+"…")
			}
		}
		for _, v := range []string{"ORD-2341-2341-2346", "2026-01-02T03:04:05.123Z", "3f2b9c1e-2341-4234-9123-456780abcdef",
			"4bf92f3577b34da6a3ce929d0e0e4736", "ip-10-1-2-3", "partner-"} {
			if !strings.Contains(s, v) {
				lost = append(lost, v)
			}
		}
		t.Logf("%s: personal values left %v; hard negatives lost %v", name, left, lost)
		if name == "kyckit" && (len(left) > 0 || len(lost) > 0) {
			t.Errorf("kyckit: personal values left %v, hard negatives lost %v", left, lost)
		}
	}
}
