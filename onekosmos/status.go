package onekosmos

import (
	"encoding/json"
	"fmt"
	"strings"
)

// SessionStatus is the status of a 1Kosmos ID-verification session, one of
// the five 1Kosmos documents ("ID Verification Status", developer.1kosmos.com
// Postman responses page). The constants are spelled as that page spells
// them; [ParseSessionStatus] also reads the spellings seen on the wire.
type SessionStatus string

// Session statuses, with the scenario 1Kosmos gives for each.
const (
	// SessionPending: the session was created and the user has not started
	// the verification.
	SessionPending SessionStatus = "Pending"
	// SessionInProgress: the user ticked the consent box and hit "Let's
	// get started". 1Kosmos's v3 poll sends it as responseStatus
	// "INPROGRESS".
	SessionInProgress SessionStatus = "In Progress"
	// SessionCompleted: the user submitted the document and the selfie (if
	// the session asks for one). Whether the checks passed is the
	// [VerificationStatus], not the session status.
	SessionCompleted SessionStatus = "Completed"
	// SessionExpired: the session expired.
	SessionExpired SessionStatus = "Expired"
	// SessionDeclined: the user clicked Decline on the welcome screen.
	SessionDeclined SessionStatus = "Declined"
)

// ParseSessionStatus reads a session status in any spelling 1Kosmos uses:
// the documented one ("In Progress"), upper or lower case, with spaces,
// underscores or hyphens or none ("INPROGRESS", "in_progress"). The v3
// final results' sessionResult words SUCCESS and FAILED are not session
// statuses (they are a completed session's verification outcome); read
// those through [PollResult.Status]. Anything else is [ErrResponse].
func ParseSessionStatus(s string) (SessionStatus, error) {
	switch statusKey(s) {
	case "pending":
		return SessionPending, nil
	case "inprogress":
		return SessionInProgress, nil
	case "completed", "complete":
		return SessionCompleted, nil
	case "expired":
		return SessionExpired, nil
	case "declined":
		return SessionDeclined, nil
	}
	return "", fmt.Errorf("%w: unknown session status", ErrResponse)
}

// Done reports whether the session has ended and will not change any more:
// Completed, Expired and Declined are terminal; Pending, In Progress and
// any status not listed (the empty SessionStatus included) are not, so a
// poller keeps polling until its own deadline.
func (s SessionStatus) Done() bool {
	switch s {
	case SessionCompleted, SessionExpired, SessionDeclined:
		return true
	}
	return false
}

// VerificationStatus is the result of a 1Kosmos verification check, or of a
// completed session as a whole: Passed, Failed or Not performed, as the
// 1Kosmos documentation spells them. Unmarshalling JSON canonicalizes the
// other spellings [ParseVerificationStatus] reads and keeps any other
// string as it is (see [VerificationStatus.Valid]).
type VerificationStatus string

// Verification statuses.
const (
	// VerificationPassed: the check (or, for a session, every check) passed.
	VerificationPassed VerificationStatus = "Passed"
	// VerificationFailed: the check (or at least one check) failed.
	VerificationFailed VerificationStatus = "Failed"
	// VerificationNotPerformed: the check was not done (or, for a session,
	// at least one check was not done and none failed).
	VerificationNotPerformed VerificationStatus = "Not performed"
)

// ParseVerificationStatus reads a verification status in any case, with
// spaces, underscores or hyphens or none ("NOT_PERFORMED", "passed").
// Anything else is [ErrResponse].
func ParseVerificationStatus(s string) (VerificationStatus, error) {
	switch statusKey(s) {
	case "passed", "pass":
		return VerificationPassed, nil
	case "failed", "fail":
		return VerificationFailed, nil
	case "notperformed":
		return VerificationNotPerformed, nil
	}
	return "", fmt.Errorf("%w: unknown verification status", ErrResponse)
}

// Valid reports whether v is one of the three documented statuses.
func (v VerificationStatus) Valid() bool {
	switch v {
	case VerificationPassed, VerificationFailed, VerificationNotPerformed:
		return true
	}
	return false
}

// UnmarshalJSON reads a JSON string, canonicalizing a known spelling and
// keeping an unknown one verbatim (null is the empty status).
func (v *VerificationStatus) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil {
		*v = ""
		return nil
	}
	if p, err := ParseVerificationStatus(*s); err == nil {
		*v = p
	} else {
		*v = VerificationStatus(*s)
	}
	return nil
}

// statusKey folds a status word for comparison: lower case, without
// spaces, underscores and hyphens.
func statusKey(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == ' ' || r == '_' || r == '-' || r == '\t':
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// overall combines the statuses of a session's checks into the session's
// verification status: Failed when any check failed, else Not performed
// when any was not performed, else Passed when there is at least one
// check and all passed, else "" (unknown). Unknown check words are
// ignored.
func overall(checks ...map[string]VerificationStatus) VerificationStatus {
	n, failed, notDone := 0, false, false
	for _, m := range checks {
		for _, v := range m {
			switch v {
			case VerificationFailed:
				failed = true
			case VerificationNotPerformed:
				notDone = true
			case VerificationPassed:
			default:
				continue
			}
			n++
		}
	}
	switch {
	case failed:
		return VerificationFailed
	case notDone:
		return VerificationNotPerformed
	case n > 0:
		return VerificationPassed
	}
	return ""
}
