package onekosmos

import (
	"encoding/json"
	"errors"
	"testing"
)

// The five session statuses and three verification statuses are those of
// 1Kosmos's "ID Verification Status" (developer.1kosmos.com/devportal/docs/
// postman-responses/responses): Pending, In Progress, Completed, Expired,
// Declined; Failed, Passed, Not performed. INPROGRESS, SUCCESS and FAILED
// are the words of 1Kosmos's published v3 poll samples.

func TestParseSessionStatus(t *testing.T) {
	tests := []struct {
		in   string
		want SessionStatus
		done bool
	}{
		// As the 1Kosmos documentation spells them.
		{"Pending", SessionPending, false},
		{"In Progress", SessionInProgress, false},
		{"Completed", SessionCompleted, true},
		{"Expired", SessionExpired, true},
		{"Declined", SessionDeclined, true},
		// Wire and other spellings.
		{"INPROGRESS", SessionInProgress, false},
		{"in_progress", SessionInProgress, false},
		{" IN-PROGRESS ", SessionInProgress, false},
		{"PENDING", SessionPending, false},
		{"COMPLETED", SessionCompleted, true},
		{"complete", SessionCompleted, true},
		{"EXPIRED", SessionExpired, true},
		{"declined", SessionDeclined, true},
	}
	for _, tt := range tests {
		got, err := ParseSessionStatus(tt.in)
		if err != nil || got != tt.want || got.Done() != tt.done {
			t.Errorf("ParseSessionStatus(%q) = %q (done %v), %v; want %q (done %v)", tt.in, got, got.Done(), err, tt.want, tt.done)
		}
	}
	// SUCCESS and FAILED are result words, not session statuses; an empty
	// or unknown word is an error and an unknown status is never done.
	for _, in := range []string{"", "SUCCESS", "FAILED", "Progress", "Completed!"} {
		if got, err := ParseSessionStatus(in); !errors.Is(err, ErrResponse) || got != "" {
			t.Errorf("ParseSessionStatus(%q) = %q, %v; want ErrResponse", in, got, err)
		}
	}
	if SessionStatus("").Done() || SessionStatus("Archived").Done() {
		t.Error("an unknown status is done")
	}
}

func TestParseVerificationStatus(t *testing.T) {
	tests := []struct {
		in   string
		want VerificationStatus
	}{
		{"Passed", VerificationPassed},
		{"Failed", VerificationFailed},
		{"Not performed", VerificationNotPerformed},
		{"PASSED", VerificationPassed},
		{"pass", VerificationPassed},
		{"FAILED", VerificationFailed},
		{"fail", VerificationFailed},
		{"NOT_PERFORMED", VerificationNotPerformed},
		{"not-performed", VerificationNotPerformed},
		{"NotPerformed", VerificationNotPerformed},
	}
	for _, tt := range tests {
		got, err := ParseVerificationStatus(tt.in)
		if err != nil || got != tt.want || !got.Valid() {
			t.Errorf("ParseVerificationStatus(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "Skipped", "Passed?", "Not"} {
		if _, err := ParseVerificationStatus(in); !errors.Is(err, ErrResponse) {
			t.Errorf("ParseVerificationStatus(%q): %v, want ErrResponse", in, err)
		}
	}
	var m map[string]VerificationStatus
	if err := json.Unmarshal([]byte(`{"a":"PASSED","b":"not performed","c":"Skipped","d":null}`), &m); err != nil {
		t.Fatal(err)
	}
	if m["a"] != VerificationPassed || m["b"] != VerificationNotPerformed || m["c"] != "Skipped" || m["c"].Valid() || m["d"] != "" {
		t.Errorf("unmarshal: %q", m)
	}
	var v VerificationStatus
	if err := json.Unmarshal([]byte(`7`), &v); err == nil {
		t.Error("a number unmarshalled as a verification status")
	}
}

// TestPollResultStatus runs the five session statuses through every JSON
// shape that can carry them, with the three verification statuses on a
// completed session.
func TestPollResultStatus(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		status    SessionStatus
		verif     VerificationStatus
		done, ok  bool
		whichJSON string // "pending", "final" or "v1"
	}{
		// Session statuses as the documentation spells them, in sessionResult.
		{"final Pending", `{"sessionResult":"Pending","sessionId":"s"}`, SessionPending, "", false, false, "final"},
		{"final In Progress", `{"sessionResult":"In Progress","sessionId":"s"}`, SessionInProgress, "", false, false, "final"},
		{"final Completed, no checks", `{"sessionResult":"Completed","sessionId":"s"}`, SessionCompleted, "", true, false, "final"},
		{"final Expired", `{"sessionResult":"Expired","sessionId":"s"}`, SessionExpired, "", true, false, "final"},
		{"final Declined", `{"sessionResult":"Declined","sessionId":"s"}`, SessionDeclined, "", true, false, "final"},
		// ... and in the short form.
		{"short Pending", `{"responseStatus":"Pending","id":"s"}`, SessionPending, "", false, false, "pending"},
		{"short INPROGRESS", `{"responseStatus":"INPROGRESS","id":"s"}`, SessionInProgress, "", false, false, "pending"},
		{"short Expired", `{"responseStatus":"EXPIRED","id":"s"}`, SessionExpired, "", true, false, "pending"},
		{"short Declined", `{"responseStatus":"Declined","id":"s"}`, SessionDeclined, "", true, false, "pending"},
		// Completed with each verification status.
		{"Completed, all Passed", `{"sessionResult":"Completed","document":{"verifications":{"document_authenticity":"Passed","face_match":"Passed"}}}`,
			SessionCompleted, VerificationPassed, true, true, "final"},
		{"Completed, one Failed", `{"sessionResult":"Completed","document":{"verifications":{"document_authenticity":"Passed","face_match":"Failed","liveness":"Not performed"}}}`,
			SessionCompleted, VerificationFailed, true, false, "final"},
		{"Completed, one Not performed", `{"sessionResult":"Completed","document":{"verifications":{"document_authenticity":"Passed","liveness":"Not performed"}}}`,
			SessionCompleted, VerificationNotPerformed, true, false, "final"},
		{"Completed, session-level checks", `{"sessionResult":"Completed","verifications":{"liveness":"Passed"}}`,
			SessionCompleted, VerificationPassed, true, true, "final"},
		// The published words: SUCCESS and FAILED are completed sessions.
		{"SUCCESS", `{"sessionResult":"SUCCESS","sessionId":"s"}`, SessionCompleted, VerificationPassed, true, true, "final"},
		{"SUCCESS with a failed check", `{"sessionResult":"SUCCESS","document":{"verifications":{"face_match":"Failed"}}}`,
			SessionCompleted, VerificationFailed, true, false, "final"},
		{"SUCCESS with a check not performed", `{"sessionResult":"SUCCESS","document":{"verifications":{"liveness":"Not performed"}}}`,
			SessionCompleted, VerificationNotPerformed, true, false, "final"},
		{"FAILED", `{"sessionResult":"FAILED","errorInfo":{"reasonCode":"IDV0006"}}`, SessionCompleted, VerificationFailed, true, false, "final"},
		{"FAILED with passed checks", `{"sessionResult":"FAILED","document":{"verifications":{"a":"Passed"}}}`,
			SessionCompleted, VerificationFailed, true, false, "final"},
		// Unknown words: no status, never done.
		{"unknown word", `{"sessionResult":"ARCHIVED"}`, "", "", false, false, "final"},
		{"unknown check word ignored", `{"sessionResult":"Completed","document":{"verifications":{"a":"Passed","b":"Skipped"}}}`,
			SessionCompleted, VerificationPassed, true, true, "final"},
		// v1.
		{"v1 inprogress", `{"responseStatus":"inprogress","sessionId":"s"}`, SessionInProgress, "", false, false, "v1"},
		{"v1 success", `{"responseStatus":"success","sessionId":"s","dl_object":{"firstName":"A"}}`, SessionCompleted, VerificationPassed, true, true, "v1"},
		{"v1 success, face match failed", `{"responseStatus":"success","sessionId":"s","liveness":"Passed","faceMatch":"Failed"}`,
			SessionCompleted, VerificationFailed, true, false, "v1"},
		{"v1 success, liveness not performed", `{"responseStatus":"success","sessionId":"s","ppt_object":{"verifications":{"mrz":"Passed"}},"liveness":"Not performed"}`,
			SessionCompleted, VerificationNotPerformed, true, false, "v1"},
		{"v1 expired", `{"responseStatus":"expired","sessionId":"s"}`, SessionExpired, "", true, false, "v1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParsePollResult([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			which := map[bool]string{true: "pending"}[r.Pending != nil] + map[bool]string{true: "final"}[r.Final != nil] +
				map[bool]string{true: "v1"}[r.V1 != nil]
			if which != tt.whichJSON {
				t.Errorf("shape %q, want %q", which, tt.whichJSON)
			}
			if got := r.Status(); got != tt.status {
				t.Errorf("Status() = %q, want %q", got, tt.status)
			}
			if got := r.Verification(); got != tt.verif {
				t.Errorf("Verification() = %q, want %q", got, tt.verif)
			}
			if r.Done() != tt.done || r.Succeeded() != tt.ok {
				t.Errorf("Done() %v Succeeded() %v, want %v %v", r.Done(), r.Succeeded(), tt.done, tt.ok)
			}
			if r.Final != nil && r.Final.Succeeded() != tt.ok {
				t.Errorf("Final.Succeeded() = %v, want %v", r.Final.Succeeded(), tt.ok)
			}
		})
	}
	var nilResult *PollResult
	if nilResult.Status() != "" || nilResult.Verification() != "" || nilResult.Done() || nilResult.Succeeded() {
		t.Error("nil result has a status")
	}
}
