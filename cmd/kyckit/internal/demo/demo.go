// Package demo is the flow behind "kyckit demo": kyckit's main job, end to
// end, on invented data.
//
// [Run] plays one verifier receiving the same invented resident from three
// sources and handling the personal data the way kyckit recommends:
//
//  1. an OVSE callback from the Aadhaar app: the SD-JWT is verified under
//     the UIDAI profile, with key binding to this verifier and the
//     callback's txn as nonce, and the resident normalized;
//  2. a 1Kosmos v3 poll response: its publicKey checked against the pinned
//     service key (1Kosmos does not sign responses), decrypted (static
//     ECDH on secp256k1, AES-256-GCM) and the document result normalized;
//  3. an Offline e-KYC ZIP: opened with its share code, the XML signature
//     verified against a pinned certificate, the mobile hash checked, and
//     the document normalized;
//  4. the three records compared pairwise, the evidence reported;
//  5. the personal data stored under the 1Kosmos read-once policy, read
//     once, the second read refused, the signed deletion receipt verified;
//  6. every step logged through the redact handler, and the log scanned
//     for each personal value of the fixtures: one leak fails the demo.
//
// # Fixtures
//
// Only kyckit's own synthetic fixtures are used, and every person is
// invented. The Offline e-KYC ZIP and its TEST signer certificate are
// embedded copies of testdata/aadhaarxml (see fixtures/README.md); the
// SD-JWT, the 1Kosmos response and every key are made at run time with
// throwaway keys. The demo needs no network and no file outside a temporary
// directory.
//
// # What the demo does not show
//
// The test signer is pinned on purpose: a real verifier pins only UIDAI's
// certificates. The issuer key of the SD-JWT is generated, not UIDAI's.
package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/kyckit/kyckit/aadhaarxml"
	"github.com/kyckit/kyckit/kyc"
	"github.com/kyckit/kyckit/normalize"
	"github.com/kyckit/kyckit/onekosmos"
	"github.com/kyckit/kyckit/redact"
	"github.com/kyckit/kyckit/sdjwt"
)

// Options tune [Run]. A nil *Options means the defaults.
type Options struct {
	// Now is the clock of the fixtures and the verifiers. Default time.Now.
	Now func() time.Time
	// Dir is where the retention store keeps its file. "" means the
	// in-memory store.
	Dir string
	// Log, when set, receives a copy of the (redacted) JSON log.
	Log io.Writer

	// tamper, for tests, changes a fixture before its step runs.
	tamper func(f *fixtures)
	// leak, for tests, logs a value the redactor does not know.
	leak string
}

// Step is the outcome of one step of the demo. It holds no personal data.
type Step struct {
	Number   int           `json:"step"`
	Name     string        `json:"name"`
	OK       bool          `json:"ok"`
	Skipped  bool          `json:"skipped,omitempty"` // not run because an earlier step failed
	Duration time.Duration `json:"-"`
	// Millis is Duration in milliseconds, for the JSON form.
	Millis float64 `json:"duration_ms"`
	// Lines describe what was checked, one fact a line.
	Lines []string `json:"details,omitempty"`
	// Error is why the step failed; package errors never carry personal
	// data.
	Error string `json:"error,omitempty"`
	// Data is the step's structured evidence for the JSON form
	// (comparisons, the receipt).
	Data any `json:"data,omitempty"`

	err error // the failure, for errors.Is in tests
}

// Report is the result of [Run].
type Report struct {
	OK    bool   `json:"ok"`
	Steps []Step `json:"steps"`
	// Millis is the whole run in milliseconds.
	Millis float64 `json:"duration_ms"`
}

// Step returns the step numbered n, or nil.
func (r *Report) Step(n int) *Step {
	for i := range r.Steps {
		if r.Steps[i].Number == n {
			return &r.Steps[i]
		}
	}
	return nil
}

// fixtures are the inputs of the demo, made before the first step.
type fixtures struct {
	person    Person
	ovse      *ovseFixture
	kosmos    *kosmosFixture
	zip       []byte
	shareCode string
	certPEM   []byte
}

// run holds the state the steps pass on.
type run struct {
	opts   Options
	now    func() time.Time
	ctx    context.Context
	fx     *fixtures
	log    *slog.Logger
	logBuf bytes.Buffer
	norm   *normalize.Options

	ovseRec, kosmosRec, offlineRec *normalize.Record
}

// Run plays the demo. It returns an error only when the fixtures cannot
// be made (no randomness, for example); a failed check is a step with OK
// false, and Report.OK is true only when every step passed.
func Run(ctx context.Context, opts *Options) (*Report, error) {
	r := &run{ctx: ctx}
	if opts != nil {
		r.opts = *opts
	}
	r.now = r.opts.Now
	if r.now == nil {
		r.now = time.Now
	}
	r.norm = &normalize.Options{Now: r.now}
	fx, err := makeFixtures(Resident, r.now())
	if err != nil {
		return nil, fmt.Errorf("demo: making the fixtures: %w", err)
	}
	if r.opts.tamper != nil {
		r.opts.tamper(fx)
	}
	r.fx = fx
	if err := r.setupLog(); err != nil {
		return nil, err
	}

	start := time.Now()
	rep := &Report{}
	steps := []struct {
		n     int
		name  string
		needs []int
		fn    func(*Step) error
	}{
		{1, "OVSE callback: SD-JWT verified, resident normalized", nil, r.stepOVSE},
		{2, "1Kosmos v3 poll response decrypted, result normalized", nil, r.stepKosmos},
		{3, "Offline e-KYC ZIP verified, mobile checked, normalized", nil, r.stepOffline},
		{4, "three records compared (evidence, not a verdict)", []int{1, 2, 3}, r.stepCompare},
		{5, "PII kept read-once, second read refused, receipt verified", []int{1, 2, 3}, r.stepRetain},
		{6, "redacted log scanned for every fixture PII value", nil, r.stepScan},
	}
	for i, s := range steps {
		if i == len(steps)-1 && r.opts.leak != "" {
			r.log.Info("note", "remark", r.opts.leak) // for tests: a value no detector knows
		}
		st := Step{Number: s.n, Name: s.name}
		for _, n := range s.needs {
			if p := rep.Step(n); p == nil || !p.OK {
				st.Skipped = true
				st.Error = fmt.Sprintf("skipped: step %d failed", n)
			}
		}
		if !st.Skipped {
			t0 := time.Now()
			if err := s.fn(&st); err != nil {
				st.Error, st.err = err.Error(), err
				r.log.Error("step failed", "step", st.Number, "error", err)
			} else {
				st.OK = true
			}
			st.Duration = time.Since(t0)
			st.Millis = float64(st.Duration.Microseconds()) / 1000
		}
		rep.Steps = append(rep.Steps, st)
	}
	rep.OK = true
	for _, s := range rep.Steps {
		rep.OK = rep.OK && s.OK
	}
	rep.Millis = float64(time.Since(start).Microseconds()) / 1000
	return rep, nil
}

func makeFixtures(p Person, now time.Time) (*fixtures, error) {
	ovse, err := makeOVSE(p, now)
	if err != nil {
		return nil, err
	}
	kosmos, err := makeKosmos(p)
	if err != nil {
		return nil, err
	}
	return &fixtures{person: p, ovse: ovse, kosmos: kosmos, zip: offlineZIP, shareCode: ShareCode, certPEM: testSignerPEM}, nil
}

// setupLog makes the demo's logger: JSON lines into logBuf (and
// opts.Log), without timestamps so that runs compare, every record passed
// through the redact handler first.
func (r *run) setupLog() error {
	red, err := newRedactor()
	if err != nil {
		return err
	}
	var w io.Writer = &r.logBuf
	if r.opts.Log != nil {
		w = io.MultiWriter(&r.logBuf, r.opts.Log)
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}})
	r.log = slog.New(redact.NewHandler(h, red))
	return nil
}

// stepOVSE is step 1.
func (r *run) stepOVSE(st *Step) error {
	f := r.fx.ovse
	// Careless on purpose: the whole body, SD-JWT and all. The redact
	// handler must catch it (step 6 checks).
	r.log.Info("ovse callback received", "body", string(f.callback))
	cb, err := sdjwt.ParseCallback(f.callback)
	if err != nil {
		return err
	}
	if err := cb.Err(); err != nil {
		return err
	}
	// The nonce is the txn this verifier sent, never the one the callback
	// echoes; they must agree.
	if cb.Txn != f.txn {
		return errors.New("callback txn is not the one this verifier issued")
	}
	res, err := sdjwt.VerifyUIDAI(r.ctx, cb.Response, sdjwt.PublicKey(f.issuerPub), &sdjwt.UIDAIOptions{
		Audience: OVSEClientID, Nonce: f.txn, Now: r.now,
	})
	if err != nil {
		return err
	}
	r.log.Info("sd-jwt verified", "resident", res, "credential", res.Credential)
	s, err := kyc.SDJWTResident(res)
	if err != nil {
		return err
	}
	rec := normalize.FromSDJWTResident(s, r.norm)
	r.log.Info("resident normalized", "record", rec)
	if err := wantOutcome(rec, normalize.Verified); err != nil {
		return err
	}
	r.ovseRec = rec
	c := res.Credential
	st.Lines = append(st.Lines,
		fmt.Sprintf("callback txn %s; SD-JWT %s, %d disclosures, _sd_alg %s, UIDAI profile", cb.Txn, c.Header["alg"], len(c.Disclosures), c.SDAlg),
		fmt.Sprintf("key binding: aud %s, nonce = the txn this verifier sent", c.KeyBinding.Audience),
		recordLine(rec))
	return nil
}

// stepKosmos is step 2.
func (r *run) stepKosmos(st *Step) error {
	f := r.fx.kosmos
	r.log.Info("1kosmos poll response received", "bytes", len(f.body))
	// 1Kosmos does not sign responses: the GCM tag only proves that the
	// envelope was sealed to our key by whoever holds the private key of
	// the body's publicKey. Pin the service key so that nobody else can
	// make a response that decrypts.
	plain, err := onekosmos.DecryptResponse(f.body, f.callerPriv, f.servicePub,
		&onekosmos.DecryptOptions{PinServiceKey: true})
	if err != nil {
		return err
	}
	res, err := onekosmos.ParsePollResult(plain)
	if err != nil {
		return err
	}
	r.log.Info("poll result decrypted", "result", res, "plaintext", string(plain)) // plaintext: careless on purpose
	if !res.Succeeded() {
		return fmt.Errorf("poll result: session %q, verification %q, want Completed and Passed", res.Status(), res.Verification())
	}
	// The plaintext keeps every member the typed result drops.
	rec, err := normalize.OneKosmos(plain, r.norm)
	if err != nil {
		return err
	}
	r.log.Info("document result normalized", "record", rec)
	if err := wantOutcome(rec, normalize.Verified); err != nil {
		return err
	}
	r.kosmosRec = rec
	st.Lines = append(st.Lines,
		"the body's publicKey is the pinned service key (1Kosmos does not sign responses)",
		fmt.Sprintf("ECDH %s, AES-256-GCM with a 16-byte IV, tag verified", f.callerPriv.Curve()),
		fmt.Sprintf("session %s, verification %s (sessionResult %s), document %s", res.Status(), res.Verification(),
			res.Final.SessionResult, res.Final.Document.DocumentType),
		recordLine(rec))
	return nil
}

// stepOffline is step 3.
func (r *run) stepOffline(st *Step) error {
	f := r.fx
	ring, err := aadhaarxml.UIDAIKeyRing()
	if err != nil {
		return err
	}
	// Demo only: pin kyckit's TEST signer beside UIDAI's certificates.
	if ring, err = ring.WithPEMOrDER("kyckit-test-signer.pem", f.certPEM); err != nil {
		return err
	}
	v := &aadhaarxml.Verifier{Certs: ring, Now: r.now}
	r.log.Info("offline e-kyc zip received", "bytes", len(f.zip))
	doc, err := v.VerifyZIP(f.zip, f.shareCode)
	if err != nil {
		return err
	}
	r.log.Info("offline e-kyc verified", "document", doc)
	r.log.Info("checking the mobile number the resident typed", "mobile", f.person.Mobile, "share_code", f.shareCode)
	rule, err := doc.VerifyMobile(f.person.Mobile, f.shareCode)
	if err != nil {
		return err
	}
	d, err := kyc.OfflineEKYC(doc)
	if err != nil {
		return err
	}
	rec := normalize.FromOfflineEKYC(d, r.norm)
	r.log.Info("offline e-kyc normalized", "record", rec, "mobile_rule", rule.String())
	if err := wantOutcome(rec, normalize.Verified); err != nil {
		return err
	}
	r.offlineRec = rec
	st.Lines = append(st.Lines,
		"ZIP opened with the share code (ZipCrypto, CRC checked)",
		fmt.Sprintf("XML signed by pinned %q (sha256 %s…), valid at the signed time %s",
			doc.Signer.Name, doc.Signer.Fingerprint[:12], doc.Reference.Time.Format("2006-01-02 15:04 MST")),
		fmt.Sprintf("mobile number matches the document's hash (rule %s)", rule),
		recordLine(rec))
	return nil
}

// Pair is the comparison of two of the demo's records.
type Pair struct {
	A, B     string               `json:"-"`        // the records' adapters
	Label    string               `json:"pair"`     // "A ~ B"
	Evidence normalize.Comparison `json:"evidence"` // normalize.Compare(A, B)
}

// stepCompare is step 4.
func (r *run) stepCompare(st *Step) error {
	pairs := []Pair{
		{A: "ovse", B: "offline-xml", Evidence: normalize.Compare(r.ovseRec, r.offlineRec)},
		{A: "1kosmos", B: "offline-xml", Evidence: normalize.Compare(r.kosmosRec, r.offlineRec)},
		{A: "ovse", B: "1kosmos", Evidence: normalize.Compare(r.ovseRec, r.kosmosRec)},
	}
	var bad []string
	for i := range pairs {
		p := &pairs[i]
		p.Label = p.A + " ~ " + p.B
		c := p.Evidence
		r.log.Info("records compared", "pair", p.Label, "name_match", c.Name.Optimistic.Category, "birthdate_match", c.Birthdate,
			"gender_match", c.Gender, "pin_match", c.PostalCode, "last4_match", c.Last4)
		line := fmt.Sprintf("%-21s name %s, birthdate %s, gender %s, PIN %s, state %s, last 4 %s",
			p.Label, c.Name.Optimistic.Category, c.Birthdate, c.Gender, c.PostalCode, c.State, c.Last4)
		if c.AddressSimilarity >= 0 {
			line += fmt.Sprintf(", address %.2f", c.AddressSimilarity)
		}
		st.Lines = append(st.Lines, line)
		// The demo's sources describe one person: every available field
		// must agree. A real service weighs this evidence by its own rules.
		if c.Name.Optimistic.Category != normalize.CompleteMatch || c.Birthdate != normalize.DOBExact || c.Gender != normalize.Equal ||
			c.PostalCode == normalize.Mismatch || c.State == normalize.Mismatch || c.Last4 == normalize.Mismatch {
			bad = append(bad, p.Label)
		}
	}
	st.Data = pairs
	if len(bad) > 0 {
		return fmt.Errorf("records disagree: %s", strings.Join(bad, ", "))
	}
	return nil
}

func wantOutcome(rec *normalize.Record, want string) error {
	if rec.Result.Outcome != want {
		return fmt.Errorf("normalized outcome is %q, want %q (warnings %v)", rec.Result.Outcome, want, rec.Warnings)
	}
	return nil
}

// recordLine summarizes a record without personal values: outcome, which
// claims are present, masked identifiers.
func recordLine(rec *normalize.Record) string {
	var have []string
	c := rec.Claims
	for _, f := range []struct {
		name string
		ok   bool
	}{
		{"name", c.Name != ""}, {"birthdate", c.Birthdate != ""}, {"gender", c.Gender != ""},
		{"address", c.Address != nil}, {"phone", c.PhoneNumber != ""}, {"picture", c.Picture != ""},
	} {
		if f.ok {
			have = append(have, f.name)
		}
	}
	s := fmt.Sprintf("record %s: outcome %s; claims %s", rec.Source.Adapter, rec.Result.Outcome, strings.Join(have, " "))
	if rec.IN != nil && rec.IN.Aadhaar != nil && rec.IN.Aadhaar.Masked != "" {
		s += "; aadhaar " + rec.IN.Aadhaar.Masked
	}
	return s
}
