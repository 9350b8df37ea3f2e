package redact_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/kyckit/kyckit/redact"

	"github.com/kyckit/kyckit/internal/logtest"
)

// Issue 16: the leaks and over-redactions that 162 outside probes found,
// one test each. The numbers are invented and only have valid check
// digits.

// inScript writes the ASCII digits of s in the script whose zero is zero.
func inScript(s string, zero rune) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(zero + c - '0')
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func TestIssue16Separators(t *testing.T) {
	r := mustNew(t, nil)
	g := func(sep string) string { return "2341" + sep + "2341" + sep + "2346" }
	var cases []tcase
	for _, sep := range []string{".", "/", ":", "+", "\t", "\u00a0", "\u202f", "\u2009", "  ", "--", " - ", "\u00a0 ", "\u200b", `\t`, `\u00a0`, "%20", "\u2010", "\u2212"} {
		cases = append(cases, tcase{"uid " + g(sep) + " ok", "uid [AADHAAR] ok"})
	}
	cases = append(cases,
		tcase{"uid 2341-2341 2346", "uid [AADHAAR]"},           // mixed
		tcase{"uid 2341.2341 2346;", "uid [AADHAAR];"},         //
		tcase{"uid 2341\u200b2341\u200c2346", "uid [AADHAAR]"}, // zero-width, no group
		tcase{"uid 23\u200b41 2341 2346", "uid [AADHAAR]"},     // zero-width inside a group
		tcase{"uid \ufeff234123412346", "uid \ufeff[AADHAAR]"}, // BOM before
		tcase{"vid 9134.5678.9012.3450", "vid [VID]"},          //
		tcase{"vid 9134\u00a05678\u00a09012\u00a03450", "vid [VID]"},
	)
	runCases(t, r, cases)
	// Dates, times, versions, decimals and addresses are not numbers.
	runCases(t, r, unchanged(
		"at 2026/11/22 10:15:30 ok", "t=10:15:30.123456", "v1.2.3.4", "v 2341.2341.2346.7",
		"score 0.234123412346", "2341.2341", "ip 23.41.234.123", "2341:2341:2346:2347:1:2:3:4",
		"ratio 98765/43210", "x 98765.43210", "ts 1732241234.567890",
	))
}

func TestIssue16Scripts(t *testing.T) {
	r := mustNew(t, nil)
	var cases []tcase
	for _, zero := range []rune{0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0660, 0x06F0, 0xFF10} {
		cases = append(cases,
			tcase{"uid " + inScript(aadhaar, zero), "uid [AADHAAR]"},
			tcase{"uid " + inScript(aadhaarS, zero) + ".", "uid [AADHAAR]."},
			tcase{"vid " + inScript(vidS, zero), "vid [VID]"},
			tcase{"ph " + inScript("98765 43210", zero), "ph [MOBILE]"},
		)
	}
	cases = append(cases,
		tcase{"आधार संख्या " + inScript(aadhaarS, 0x0966) + " है", "आधार संख्या [AADHAAR] है"},
		tcase{`{"msg":"uid ` + inScript(aadhaar, 0xFF10) + `"}`, `{"msg":"uid [AADHAAR]"}`},
		tcase{"uid 2341 " + inScript("2341 2346", 0x0966), "uid [AADHAAR]"}, // mixed scripts
	)
	runCases(t, r, cases)
	runCases(t, r, unchanged(
		"uid "+inScript("234123412347", 0x0966), // check digit wrong
		"संख्या "+inScript("1234", 0x0966),
	))
	// Hash tags normalize the digits: every script gives the ASCII tag.
	h := mustNew(t, &redact.Options{Mode: redact.Hash, HashKey: testKey, HashKeyID: "k1"})
	if a, b := h.RedactString(aadhaar), h.RedactString(inScript(aadhaarS, 0x0966)); a != b {
		t.Errorf("hash tags differ by script: %s %s", a, b)
	}
	p := mustNew(t, &redact.Options{Mode: redact.Partial})
	if got := p.RedactString(inScript(aadhaar, 0xFF10)); got != "XXXX XXXX 2346" {
		t.Errorf("partial of full-width digits: %q", got)
	}
}

func TestIssue16Glued(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{"uid_" + aadhaar, "uid_[AADHAAR]"},
		{"UID" + aadhaar, "UID[AADHAAR]"},
		{"customer_uid_" + aadhaarS + " ok", "customer_uid_[AADHAAR] ok"},
		{"aadhaar_no_" + aadhaar, "aadhaar_no_[AADHAAR]"},
		{"uid-" + aadhaar, "uid-[AADHAAR]"},
		{"Aadhaar#" + aadhaar, "Aadhaar#[AADHAAR]"},
		{"vid_" + vid, "vid_[VID]"},
		{"mobile_9876543210", "mobile_[MOBILE]"},
		{"pan_" + pan, "pan_[PAN]"},
		{"PAN" + pan, "PAN[PAN]"},
		{`msg="x\nuid_` + aadhaar + `"`, `msg="x\nuid_[AADHAAR]"`},
		{"q=%20uid-" + aadhaar, "q=%20uid-[AADHAAR]"},
	})
	runCases(t, r, unchanged("order_"+aadhaar, "ORD-"+aadhaar, "INV"+aadhaar, "fluid_"+aadhaar, "uidx"+aadhaar, "a"+aadhaar))
}

func TestIssue16Mobiles(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{"call 0091 98765 43210", "call [MOBILE]"},
		{"call 0091-9876543210", "call [MOBILE]"},
		{"call 00919876543210.", "call [MOBILE]."},
		{"mobile 98765.43210", "mobile [MOBILE]"},
		{"987.654.3210", "[MOBILE]"},
		{"+91.98765.43210", "[MOBILE]"},
		{"0091.98765.43210", "[MOBILE]"},
		{"+91\u00a098765\u00a043210", "[MOBILE]"},
		{"ph +91  98765 43210", "ph [MOBILE]"},
	})
	runCases(t, r, unchanged("x 98765.43210", "score 0.9876543210", "pi 91.9876543210", "98765/43210", "00919876543"))
}

func TestIssue16VIDStartingOne(t *testing.T) {
	r := mustNew(t, nil)
	// 1234567890123452 is Verhoeff-valid (python-stdnum's vid.py would
	// refuse its first digit; UIDAI issues VIDs starting 1).
	const v1 = "1234567890123455"
	runCases(t, r, []tcase{
		{"vid " + v1, "vid [VID]"},
		{"VID: 1234 5678 9012 3455", "VID: [VID]"},
		{"virtual id " + v1, "virtual id [VID]"},
		{`{"msg":"vid ` + v1 + `"}`, `{"msg":"vid [VID]"}`},
	})
	// Microsecond timestamps and numbers far from "vid" stay.
	runCases(t, r, unchanged("ts "+v1, "provider "+v1, "video "+v1, `{"ts_us":`+v1+`}`, "vid 1234567890123452"))
}

func TestIssue16Encoded(t *testing.T) {
	r := mustNew(t, nil)
	b64 := base64.StdEncoding.EncodeToString
	url := base64.RawURLEncoding.EncodeToString
	pii := []byte(`{"name":"Ravi Kumar","uid":"` + aadhaar + `"}`)
	runCases(t, r, []tcase{
		{"payload=" + b64(pii), "payload=[ENCODED]"},
		{"ctx " + url(pii) + ".", "ctx [ENCODED]."},
		{`{"ctx":"` + b64([]byte(`[{"email":"ravi@example.in"}]`)) + `"}`, `{"ctx":"[ENCODED]"}`},
		{"h: " + b64([]byte(`{ "mobile": "9876543210" }`)), "h: [ENCODED]"},
		{"h: " + b64([]byte("{\n  \"pan\": \""+pan+"\"\n}")), "h: [ENCODED]"},
	})
	runCases(t, r, unchanged(
		"payload="+b64([]byte(`{"status":"ok","count":3}`)), // nothing personal inside
		"h "+b64([]byte(`{"alg":"ES256"}`)),
		"eyJhbGciOiJFUzI1NiJ9", // too short, one JWT header
	))
	// A JWT stays a JWT; with the JWT detector off it is kept whole, its
	// payload is not taken for base64 JSON.
	keep := mustNew(t, &redact.Options{Modes: map[redact.Kind]redact.Mode{redact.JWT: redact.Off}})
	runCases(t, keep, unchanged(jwt))
}

func TestIssue16JSONAndAttrKeys(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		{`{"` + aadhaar + `":{"status":"ok"}}`, `{"[AADHAAR]":{"status":"ok"}}`},
		{`{"seen":{"ravi@example.in":1,"` + vidS + `":2}}`, `{"seen":{"[EMAIL]":1,"[VID]":2}}`},
		{`{"uid_` + aadhaar + `":true}`, `{"uid_[AADHAAR]":true}`},
		{aadhaar + "=verified", "[AADHAAR]=verified"},
	})
	var buf bytes.Buffer
	// Without slog's time attribute: its digits hold "2346" now and then.
	noTime := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	slog.New(redact.NewHandler(slog.NewJSONHandler(&buf, noTime), r)).Info("kyc", aadhaar, "verified", "by "+pan, 1)
	if out := buf.String(); strings.Contains(out, "2346") || strings.Contains(out, pan) || !strings.Contains(out, `"[AADHAAR]":"verified"`) {
		t.Errorf("attribute keys: %s", out)
	}
}

func TestIssue16LowercasePAN(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{{"pan abcpe1234f", "pan [PAN]"}, {`{"msg":"abcpe1234f."}`, `{"msg":"[PAN]."}`}})
	runCases(t, r, unchanged("abcde1234f", "abcpe0000f", "aBcpe1234f", "hello12345"))
	p := mustNew(t, &redact.Options{Mode: redact.Partial})
	if got := p.RedactString("abcpe1234f"); got != "abcpeXXXXf" {
		t.Errorf("partial lowercase PAN: %q", got)
	}
}

func TestIssue16NewDetectors(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, []tcase{
		// Cards: Luhn, issuer prefix, length, printed groups.
		{"card 4111 1111 1111 1111", "card [CARD]"},
		{"4111111111111111", "[CARD]"},
		{"5500-0000-0000-0004.", "[CARD]."},
		{"amex 3782 822463 10005", "amex [CARD]"},
		{"rupay 6521 1111 1111 1110", "rupay [CARD]"},
		{"diners 36000000000008", "diners [CARD]"},
		{`{"n":4111111111111111}`, `{"n":"[CARD]"}`},
		// Bank accounts next to an IFSC code.
		{"a/c 50100012345678 IFSC HDFC0001234", "a/c [ACCOUNT] IFSC HDFC0001234"},
		{"IFSC: SBIN0001234 account 12345678901", "IFSC: SBIN0001234 account [ACCOUNT]"},
		// Driving licences and vehicle registrations.
		{"DL KA01 20201234567 ok", "DL [DL] ok"},
		{"MH-12-2011-0012345", "[DL]"},
		{"car KA01AB1234", "car [VEHICLE]"},
		{"MH 12 DE 1433.", "[VEHICLE]."},
		{"DL3CAB1234", "[VEHICLE]"},
		{"22BH1234AB", "[VEHICLE]"},
	})
	runCases(t, r, unchanged(
		"4111 1111 1111 1112",    // Luhn fails
		"1234 5678 9012 3452",    // no issuer starts with 1
		"order 4222222222222",    // 13 digits: no issuer today
		"4111 XXXX XXXX 1111",    // masked
		"XXXX-XXXX-XXXX-1111",    //
		"ms 1732241234567",       // epoch milliseconds
		"ts 1732241234567890123", // epoch nanoseconds
		"50100012345678 alone",   // no IFSC near
		"IFSC HDFC0001234 micr 560751026",
		`{"ifsc":"YESB0000001","utr":"404223241811"}`,
		"settled 1715684515909 | HDFC0001234",                        // a timestamp
		"ZZ01AB1234", "KA00AB1234", "KA01AB0000", "XX01 20201234567", // no such state, RTO or number
		"HTTP 2011", "INFO 12 AB 1234",
	))
	p := mustNew(t, &redact.Options{Mode: redact.Partial})
	runCases(t, p, []tcase{
		{"4111 1111 1111 1111", "XXXX XXXX XXXX 1111"},
		{"KA01 20201234567", "KAXXXXXXXXX4567"},
	})
}

func TestIssue16IPOptIn(t *testing.T) {
	// Off by default, and by Mode alone.
	for _, o := range []*redact.Options{nil, {Mode: redact.Partial}} {
		runCases(t, mustNew(t, o), unchanged("from 10.0.12.34 ok", "addr 2001:db8::1 ok"))
	}
	r := mustNew(t, &redact.Options{Modes: map[redact.Kind]redact.Mode{redact.IP: redact.Mask}})
	runCases(t, r, []tcase{
		{"from 10.0.12.34 ok", "from [IP] ok"},
		{"addr 2001:db8::1.", "addr [IP]."},
		{"[2001:db8:85a3::8a2e:370:7334]:443", "[[IP]]:443"},
		{"::1", "[IP]"},
		{"fe80::1%eth0, up", "[IP], up"},
		{"::ffff:192.0.2.1", "[IP]"},
		{`{"ip":"192.168.1.20"}`, `{"ip":"[IP]"}`},
	})
	runCases(t, r, unchanged("v 1.2.3.4.5", "time 10:15:30", "mac 00:1a:2b:3c:4d:5e", "256.1.1.1", "1.2.3", "01.2.3.4"))
	p := mustNew(t, &redact.Options{Modes: map[redact.Kind]redact.Mode{redact.IP: redact.Partial}})
	runCases(t, p, []tcase{{"from 10.0.12.34", "from 10.0.x.x"}, {"::1", "[IP]"}})
}

// TestIssue16OverRedaction: what outside probes saw replaced and is not
// personal data.
func TestIssue16OverRedaction(t *testing.T) {
	r := mustNew(t, nil)
	runCases(t, r, unchanged(
		// Request ids outside a 1Kosmos context.
		`{"level":"info","request_id":"550e8400-e29b-41d4-a716-446655440000","msg":"polled"}`,
		`{"requestId":"f447de7bfa3bcc3455a88c456ddfb412246f72b91d198b0d5e78a6e1ad7a0135"}`,
		"requestId=req_8f7a2b9c1d3e requestid: abc-123",
		// A status in "result".
		`{"status":200,"result":"success"}`, "result=SUCCESS",
		// A logger's name in a log record's envelope.
		`{"name":"kyc-worker","hostname":"kyc-1","pid":7,"level":30,"msg":"started","v":0}`,
		`{"level":"info","name":"com.example.kyc","msg":"ready"}`,
		`level=info name=kyc.api msg="ready"`,
		// Container images.
		`{"image":"registry.example.com/kyc/api:1.4.2"}`, "image=nginx:1.25.3",
		// Program counters.
		`{"pc":"0x4a5b3c"}`, `{"pc":4927312}`, "pc=0x45e2a1",
		// POSIX uids in an audit log.
		"type=SYSCALL msg=audit(1700000000.123:456): pid=2345 auid=1000 uid=1000 gid=1000 euid=0",
		// git remotes.
		"git clone git@github.com:kyckit/kyckit.git", "fetch ssh://git@github.com/org/repo.git",
		"git@github.com: Permission denied", "scp ravi@build.example.com:logs/kyc.log .",
		// All-digit OpenTelemetry ids, Verhoeff- and Luhn-valid.
		`{"trace_id":"12345678901234567890123456789012","span_id":"`+vid+`","parent_id":"4111111111111111"}`,
		"trace_id=12345678901234567890123456789012 span_id="+vid,
		`{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"`+vid+`"}`,
		// Microsecond timestamps.
		`{"ts_us":1732241234567890}`, "ts_us=1732241234567890",
	))
	// The same keys still redact what they hold in their own contexts.
	runCases(t, r, []tcase{
		{`{"result":{"name":"Ravi"}}`, `{"result":"[REDACTED]"}`},
		{`{"name":"Ravi Kumar","level":"info","msg":"kyc"}`, `{"name":"[REDACTED]","level":"info","msg":"kyc"}`},
		{`{"name":"ravi"}`, `{"name":"[REDACTED]"}`},                                                                           // no log envelope
		{`{"level":"info","msg":"x","data":{"name":"kyc-worker"}}`, `{"level":"info","msg":"x","data":{"name":"[REDACTED]"}}`}, // not top level
		{`{"image":"` + photo([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 200) + `"}`, `{"image":"[REDACTED]"}`},
		{`{"image":"` + strings.Repeat("QUJD", 30) + `"}`, `{"image":"[REDACTED]"}`},
		{`{"pc":"560001"}`, `{"pc":"[REDACTED]"}`},
		{"uid=" + aadhaarS + " ok", "uid=[AADHAAR] ok"},
		{"uid=2341 2341 2347", "uid=[REDACTED]"}, // a mistyped Aadhaar number after uid
		{"requestid: " + envelope, "requestid: [SECRET]"},
		{`{"licensekey":"x","requestid":"abc-123"}`, `{"licensekey":"[SECRET]","requestid":"[SECRET]"}`},
		{"mail ravi@example.in", "mail [EMAIL]"},
		{`{"span_id":"ravi@example.in"}`, `{"span_id":"[EMAIL]"}`},
	})
}

func TestIssue16Slog(t *testing.T) {
	r := mustNew(t, nil)
	var buf bytes.Buffer
	l := slog.New(redact.NewHandler(slog.NewJSONHandler(&buf, logtest.NoTime()), r))

	// WithGroup under a sensitive name: every member goes.
	l.WithGroup("address").Info("kyc", "line1", "12 MG Road", "city", "Pune", slog.Group("geo", "lat", "12.97"))
	l.WithGroup("Address").With("pin", "411038").Info("kyc")
	l.WithGroup("req").Info("kyc", "line1", "12 MG Road") // a plain group keeps its members
	out := buf.String()
	for _, leak := range []string{"MG Road\"", "Pune", "12.97", "411038"} {
		if strings.Contains(strings.SplitN(out, "\n", 3)[0]+strings.SplitN(out, "\n", 3)[1], leak) {
			t.Errorf("WithGroup leaks %q: %s", leak, out)
		}
	}
	if !strings.Contains(out, `"req":{"line1":"12 MG Road"}`) {
		t.Errorf("a plain group changed: %s", out)
	}

	// ReplaceAttr sees the groups and the message.
	buf.Reset()
	h := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: r.ReplaceAttr}))
	h.WithGroup("address").Info("kyc for "+aadhaar, "line1", "12 MG Road")
	h.Info("kyc", slog.Group("address", "line1", "12 MG Road"))
	if out := buf.String(); strings.Contains(out, "MG Road") || strings.Contains(out, "2346") {
		t.Errorf("ReplaceAttr leaks: %s", out)
	}

	// Floats that hold numbers are scanned; big integers keep every
	// digit through the JSON round-trip of structs and maps.
	buf.Reset()
	type txn struct {
		ID   uint64 `json:"id"`
		Note string `json:"note"`
	}
	l.Info("kyc", "acct", float64(234123412346), "ratio", 0.25, "m", 9876543210.0,
		"t", txn{ID: 9007199254740993, Note: "uid " + aadhaar}, "big", map[string]any{"n": uint64(18446744073709551615), "pan": pan})
	out = buf.String()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if m["acct"] != "[AADHAAR]" || m["m"] != "[MOBILE]" || m["ratio"] != 0.25 {
		t.Errorf("floats: %s", out)
	}
	if !strings.Contains(out, `"id":9007199254740993`) || !strings.Contains(out, `"n":18446744073709551615`) || strings.Contains(out, "2346") || strings.Contains(out, pan) {
		t.Errorf("big integers or redaction in Any values: %s", out)
	}
}

// TestIssue16KeyValueIdempotent: a sensitive key whose value a detector
// labels ("pan": "[PAN]") stays put when redacted again, in every mode.
func TestIssue16KeyValueIdempotent(t *testing.T) {
	for _, mode := range []redact.Mode{redact.Mask, redact.Partial, redact.Hash} {
		r := mustNew(t, &redact.Options{Mode: mode, HashKey: testKey, HashKeyID: "k1"})
		for _, in := range []string{
			`{"pan":"` + pan + `","mobile_no":"+91 98765 43210","aadhaar_number":"` + aadhaarS + `","card_number":"4111111111111111"}`,
			"pan=" + pan + " mobile_no=9876543210 uid=" + aadhaar + " cvv=123 requestid=" + envelope,
			`{"name":"kyc-worker","level":"info","msg":"x","uid":1000,"pc":"560001","result":"ok","image":"nginx:1"}`,
		} {
			once := r.RedactString(in)
			if twice := r.RedactString(once); twice != once {
				t.Errorf("mode %v: %q -> %q -> %q", mode, in, once, twice)
			}
		}
	}
}
