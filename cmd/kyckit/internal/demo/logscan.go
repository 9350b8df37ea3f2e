package demo

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/kyckit/kyckit/redact"
)

// minScanLen is the shortest value step 6 looks for: shorter ones (the
// gender "F", the share code) would match by chance in any log.
const minScanLen = 5

// newRedactor returns the demo's redactor: the defaults (whose key
// matching covers 1Kosmos's camelCase names such as firstName, documentId
// and postalCode) plus "id", which a 1Kosmos document uses for its
// document number but is too generic for the default set.
func newRedactor() (*redact.Redactor, error) {
	return redact.New(&redact.Options{ExtraKeys: []string{"id"}})
}

// sensitive lists every personal value of the run: the person's fields in
// the forms a log could show them, the SD-JWT disclosures as they
// travelled, and the photos' base64 prefixes.
func (r *run) sensitive() []Value {
	vals := r.fx.person.PIIValues()
	for i, d := range r.fx.ovse.pii {
		vals = append(vals, Value{fmt.Sprintf("sd-jwt disclosure or photo %d", i+1), d})
	}
	for i, d := range r.fx.kosmos.pii {
		vals = append(vals, Value{fmt.Sprintf("1kosmos image %d", i+1), d})
	}
	return vals
}

// redactionTag matches the replacement tags of package redact:
// "[REDACTED]", "[MOBILE]", "[PHOTO jpeg 23456B]", "[SDJWT …]"...
var redactionTag = regexp.MustCompile(`\[[A-Z][A-Z_-]+[]: ]`)

// stepScan is step 6: the log every step wrote through the redact handler
// is scanned for each personal value. One hit fails the demo.
func (r *run) stepScan(st *Step) error {
	log := r.logBuf.Bytes()
	lower := bytes.ToLower(log)
	leaked := []string{}
	n := 0
	for _, v := range r.sensitive() {
		if len(v.Value) < minScanLen {
			continue
		}
		n++
		if bytes.Contains(log, []byte(v.Value)) || bytes.Contains(lower, []byte(strings.ToLower(v.Value))) {
			leaked = append(leaked, v.Label)
		}
	}
	lines := bytes.Count(log, []byte("\n"))
	redactions := len(redactionTag.FindAll(log, -1))
	st.Lines = append(st.Lines,
		fmt.Sprintf("%d log lines (%d bytes) through redact.Handler, %d values redacted", lines, len(log), redactions),
		fmt.Sprintf("scanned for %d fixture values: name, birth date, mobile, e-mail, address, licence, disclosures, photos", n))
	st.Data = map[string]any{"log_lines": lines, "log_bytes": len(log), "values_scanned": n, "leaked": leaked}
	if len(leaked) > 0 {
		return fmt.Errorf("%d personal values leaked into the log: %s", len(leaked), strings.Join(leaked, ", "))
	}
	st.Lines = append(st.Lines, "none found in the log")
	return nil
}
