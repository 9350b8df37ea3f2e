package normalize

import (
	"strconv"
	"strings"
)

// OneKosmosResult is a decrypted 1Kosmos ID-verification poll result as
// kyckit's onekosmos package types it: package kyc maps an
// onekosmos.PollResult onto it field by field, and [OneKosmos] decodes the
// JSON of a result into it too, so both paths normalize through the same
// struct (see OfflineEKYC for why normalize does not import onekosmos).
//
// 1Kosmos documents two enumerations, and they are two fields: Session is
// the session status (Pending, In Progress, Completed, Expired, Declined)
// and Verification the verification status of a completed session (Passed,
// Failed, Not performed). Left empty, they are read from Status and the
// checks as onekosmos reads them: SUCCESS is Completed and Passed, FAILED
// Completed and Failed, INPROGRESS In Progress.
type OneKosmosResult struct {
	Session      string // session status, as documented; "" → from Status
	Verification string // verification status of a completed session; "" → from Status and the checks
	// Status is 1Kosmos's own word, verbatim: sessionResult (SUCCESS,
	// FAILED), or responseStatus (INPROGRESS; v1 inprogress, success).
	Status       string
	SessionID    string             // sessionId, or the id of a short result
	DocumentType string             // sessionData.documentType: dl_object, ppt_object, idcard_object…
	Document     *OneKosmosDocument // the document read, if any
	// Checks maps a session-level check to Passed / Failed / Not performed
	// (verifications; liveness and face_match of v1 results). The
	// document's own checks are in Document.Checks.
	Checks map[string]string
	Error  *OneKosmosError // errorInfo of a failed session
}

// OneKosmosDocument is the identity document of a 1Kosmos result.
type OneKosmosDocument struct {
	// From names the member the document was read from, for provenance:
	// "document" (also when empty), "extractedInfo" (used only when it
	// holds a first or last name), or v1's "dl_object", "ppt_object" or
	// "idcard_object".
	From                                            string
	DocumentType, Country, State                    string
	DocumentID, ID                                  string // kept masked to the last 4
	FirstName, MiddleName, LastName, FamilyName     string
	FullName                                        string
	DOB, DOI, DOE                                   string            // birth, issue, expiry
	Gender, Address, Street, City, PostalCode, Face string            // Face: the base64 portrait
	Checks                                          map[string]string // verifications, as OneKosmosResult.Checks
}

// OneKosmosError is the errorInfo of a failed 1Kosmos session.
type OneKosmosError struct {
	Status     int    // HTTP-like status; a 5xx makes the outcome error
	ReasonCode string // e.g. IDV0006
	Reason     string
	Message    string
}

// The session and verification statuses of 1Kosmos's documentation, as
// OneKosmosResult takes them.
const (
	kosmosPending      = "Pending"
	kosmosInProgress   = "In Progress"
	kosmosCompleted    = "Completed"
	kosmosExpired      = "Expired"
	kosmosDeclined     = "Declined"
	kosmosPassed       = "Passed"
	kosmosFailed       = "Failed"
	kosmosNotPerformed = "Not performed"
)

// kosmosFold folds a status word: lower case, no spaces, underscores or
// hyphens.
func kosmosFold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '_' || r == '-' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, strings.TrimSpace(s))
}

// kosmosSession reads a session status word, or a result word (SUCCESS,
// FAILED: Completed); "" when unknown. It agrees with
// onekosmos.PollResult.Status (kyc's tests check that it does).
func kosmosSession(word string) string {
	switch kosmosFold(word) {
	case "success", "failed", "failure", "completed", "complete":
		return kosmosCompleted
	case "pending":
		return kosmosPending
	case "inprogress":
		return kosmosInProgress
	case "expired":
		return kosmosExpired
	case "declined":
		return kosmosDeclined
	}
	return ""
}

// kosmosCheck canonicalizes a verification status word; an unknown word
// comes back as it is, with ok false.
func kosmosCheck(word string) (string, bool) {
	switch kosmosFold(word) {
	case "passed", "pass":
		return kosmosPassed, true
	case "failed", "fail":
		return kosmosFailed, true
	case "notperformed":
		return kosmosNotPerformed, true
	}
	return Text(word), false
}

// kosmosVerification is the verification status of a result with the
// status word word and the given checks: "" unless the session completed;
// Failed for FAILED or any failed check; else Not performed for any check
// not performed; else Passed for SUCCESS or when every check passed; else
// "". It agrees with onekosmos.PollResult.Verification.
func kosmosVerification(word string, checks ...map[string]string) string {
	if kosmosSession(word) != kosmosCompleted {
		return ""
	}
	n, failed, notDone := 0, false, false
	for _, m := range checks {
		for _, v := range m {
			switch cv, _ := kosmosCheck(v); cv {
			case kosmosFailed:
				failed = true
			case kosmosNotPerformed:
				notDone = true
			case kosmosPassed:
			default:
				continue
			}
			n++
		}
	}
	switch k := kosmosFold(word); {
	case k == "failed" || k == "failure" || failed:
		return kosmosFailed
	case notDone:
		return kosmosNotPerformed
	case k == "success" || n > 0:
		return kosmosPassed
	}
	return ""
}

// FromOneKosmos normalizes a parsed 1Kosmos poll result; see [OneKosmos]
// for the outcomes.
func FromOneKosmos(r OneKosmosResult, opts *Options) *Record {
	return build(kosmosCore(&r, nil), nil, opts)
}

type kosmosDoc struct {
	DocumentType jstr `json:"documentType"`
	Type         jstr `json:"type"`
	Category     jstr `json:"category"`
	Country      jstr `json:"country"`
	State        jstr `json:"state"`
	DocumentID   jstr `json:"documentId"`
	ID           jstr `json:"id"`
	FirstName    jstr `json:"firstName"`
	MiddleName   jstr `json:"middleName"`
	LastName     jstr `json:"lastName"`
	FamilyName   jstr `json:"familyName"`
	FullName     jstr `json:"fullName"`
	DOB          jstr `json:"dob"`
	DOE          jstr `json:"doe"`
	DOI          jstr `json:"doi"`
	Gender       jstr `json:"gender"`
	Address      jstr `json:"address"`
	Street       jstr `json:"street"`
	City         jstr `json:"city"`
	PostalCode   jstr `json:"postalCode"`
	Face         jstr `json:"face"`
	// Checks maps a check name to Passed / Failed / Not performed.
	Checks map[string]jstr `json:"verifications"`
}

type kosmosBody struct {
	// v3
	SessionResult  jstr       `json:"sessionResult"`
	ResponseStatus jstr       `json:"responseStatus"`
	SessionID      jstr       `json:"sessionId"`
	ID             jstr       `json:"id"`
	Document       *kosmosDoc `json:"document"`
	ExtractedInfo  *kosmosDoc `json:"extractedInfo"`
	SessionData    struct {
		DocumentType jstr `json:"documentType"`
	} `json:"sessionData"`
	ErrorInfo *kosmosErrorInfo `json:"errorInfo"`
	Checks    map[string]jstr  `json:"verifications"`
	// v1
	DLObject  *kosmosDoc `json:"dl_object"`
	PPTObject *kosmosDoc `json:"ppt_object"`
	IDObject  *kosmosDoc `json:"idcard_object"`
	Liveness  jstr       `json:"liveness"`
	FaceMatch jstr       `json:"faceMatch"`
	// error / encrypted envelope
	Code      jstr `json:"code"`
	Message   jstr `json:"message"`
	Data      jstr `json:"data"`
	PublicKey jstr `json:"publicKey"`
}

type kosmosErrorInfo struct {
	Status      jstr `json:"status"`
	Message     jstr `json:"message"`
	Reason      jstr `json:"reason"`
	ReasonCode  jstr `json:"reasonCode"`
	ReasonCode2 jstr `json:"reason_code"`
}

// kosmosDocType maps a 1Kosmos documentType onto an Identity Assurance
// document type.
func kosmosDocType(t string) string {
	switch strings.ToLower(t) {
	case "dl_object", "dl", "driving_license", "drivers_license":
		return "driving_permit"
	case "ppt_object", "ppt", "passport":
		return "passport"
	case "idcard_object", "idcard", "id_card", "nid":
		return "idcard"
	}
	return "idcard"
}

// OneKosmos normalizes a decrypted 1Kosmos document-verification poll
// result, v3 (/v3/document_share_session/result: sessionResult, sessionId,
// sessionData, extractedInfo, document{…, verifications}, errorInfo{…}) or
// v1 (responseStatus, sessionId, dl_object | ppt_object | idcard_object,
// liveness, faceMatch), reading it into a [OneKosmosResult] as onekosmos
// reads it. Decrypt the {data, publicKey} envelope first (kyckit's
// onekosmos package); given the envelope, OneKosmos returns
// [ErrEncrypted].
//
// Outcomes follow 1Kosmos's two enumerations (developer.1kosmos.com,
// ID Verification Status): session Pending or In Progress → pending;
// Completed with verification Passed → verified, Failed → not_verified,
// Not performed (a check was not done) → needs_review, unknown →
// needs_review with the warning verification_missing; Expired, Declined →
// not_verified; an errorInfo.status of 5xx → error. An unencrypted error
// body {code, message} → error, classified by its code. Document numbers
// are kept masked; images are not copied except the face portrait, which
// becomes the picture.
func OneKosmos(body []byte, opts *Options) (*Record, error) {
	k, err := decodeBody[kosmosBody](body, opts)
	if err != nil {
		return nil, err
	}
	if k.Data.s != "" && k.PublicKey.s != "" {
		return nil, ErrEncrypted
	}
	return build(kosmosCore(k.result(), k), body, opts), nil
}

// result reads the JSON body into the typed result, member by member.
func (k *kosmosBody) result() *OneKosmosResult {
	r := &OneKosmosResult{Status: firstNonEmpty(k.SessionResult.s, k.ResponseStatus.s),
		SessionID: firstNonEmpty(k.SessionID.s, k.ID.s), DocumentType: k.SessionData.DocumentType.s, Checks: strMap(k.Checks)}
	if k.Liveness.s != "" || k.FaceMatch.s != "" {
		if r.Checks == nil {
			r.Checks = map[string]string{}
		}
		if k.Liveness.s != "" {
			r.Checks["liveness"] = k.Liveness.s
		}
		if k.FaceMatch.s != "" {
			r.Checks["face_match"] = k.FaceMatch.s
		}
	}
	var doc *kosmosDoc
	from := "document"
	switch {
	case k.Document != nil:
		doc = k.Document
	case k.DLObject != nil:
		doc, from, r.DocumentType = k.DLObject, "dl_object", "dl_object"
	case k.PPTObject != nil:
		doc, from, r.DocumentType = k.PPTObject, "ppt_object", "ppt_object"
	case k.IDObject != nil:
		doc, from, r.DocumentType = k.IDObject, "idcard_object", "idcard_object"
	case k.ExtractedInfo != nil && (k.ExtractedInfo.FirstName.s != "" || k.ExtractedInfo.LastName.s != ""):
		doc, from = k.ExtractedInfo, "extractedInfo"
	}
	if d := doc; d != nil {
		r.Document = &OneKosmosDocument{From: from, DocumentType: d.DocumentType.s, Country: d.Country.s, State: d.State.s,
			DocumentID: d.DocumentID.s, ID: d.ID.s, FirstName: d.FirstName.s, MiddleName: d.MiddleName.s,
			LastName: d.LastName.s, FamilyName: d.FamilyName.s, FullName: d.FullName.s, DOB: d.DOB.s, DOI: d.DOI.s,
			DOE: d.DOE.s, Gender: d.Gender.s, Address: d.Address.s, Street: d.Street.s, City: d.City.s,
			PostalCode: d.PostalCode.s, Face: d.Face.s, Checks: strMap(d.Checks)}
	}
	if e := k.ErrorInfo; e != nil {
		r.Error = &OneKosmosError{ReasonCode: firstNonEmpty(e.ReasonCode.s, e.ReasonCode2.s), Reason: e.Reason.s, Message: e.Message.s}
		if n, err := strconv.Atoi(strings.TrimSpace(e.Status.s)); err == nil {
			r.Error.Status = n
		}
	}
	return r
}

func strMap(m map[string]jstr) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v.s
	}
	return out
}

// kosmosCore fills a core from a 1Kosmos result; k, when not nil, is the
// JSON body it came from (for its unencrypted error form).
func kosmosCore(r *OneKosmosResult, k *kosmosBody) *core {
	c := &core{adapter: "1kosmos", provider: "1kosmos", product: "document_share_session"}
	c.sessionID = r.SessionID
	docType := r.DocumentType
	var docChecks map[string]string
	if doc := r.Document; doc != nil {
		p := doc.From
		if p == "" {
			p = "document"
		}
		p += "."
		docType = firstNonEmpty(doc.DocumentType, docType)
		full := doc.FullName
		family := firstNonEmpty(doc.FamilyName, doc.LastName)
		if full == "" {
			full = joinSpace(doc.FirstName, doc.MiddleName, family)
		}
		c.name = f(full, p+"fullName")
		c.givenName = f(doc.FirstName, p+"firstName")
		c.familyName = f(family, p+"lastName")
		c.dob = f(ymdToISO(doc.DOB), p+"dob")
		c.gender = f(doc.Gender, p+"gender")
		c.addressText = f(doc.Address, p+"address")
		c.street, c.vtc = f(doc.Street, p+"street"), f(doc.City, p+"city")
		if strings.EqualFold(doc.Country, "IND") || strings.EqualFold(doc.Country, "IN") || strings.EqualFold(doc.Country, "India") {
			c.state, c.pin = f(doc.State, p+"state"), f(doc.PostalCode, p+"postalCode")
			c.country = f(doc.Country, p+"country")
		} else if doc.Country != "" {
			c.country = f(doc.Country, p+"country")
		}
		c.photo = f(doc.Face, p+"face")
		c.documents = append(c.documents, Document{
			Type: kosmosDocType(docType), NumberMasked: maskDocNumber(firstNonEmpty(doc.DocumentID, doc.ID)),
			Issuer: strings.TrimSpace(doc.Country + " " + doc.State), DateOfIssue: isoOrEmpty(doc.DOI),
			DateOfExpiry: isoOrEmpty(doc.DOE),
		})
		docChecks = doc.Checks
	}
	checks := map[string]string{}
	for n, v := range docChecks {
		checks[n] = v
	}
	for n, v := range r.Checks {
		checks[n] = v
	}
	for _, n := range sortedKeys(checks) {
		v, _ := kosmosCheck(checks[n])
		c.checks = append(c.checks, Check{Name: n, Result: v})
	}
	c.status = r.Status
	session := r.Session
	if session == "" {
		session = kosmosSession(r.Status)
	} else {
		session = kosmosSession(session)
	}
	verification := r.Verification
	if verification == "" {
		verification = kosmosVerification(r.Status, r.Checks, docChecks)
	} else {
		verification, _ = kosmosCheck(verification)
	}
	switch session {
	case kosmosPending, kosmosInProgress:
		c.outcome = Pending
	case kosmosCompleted:
		switch verification {
		case kosmosPassed:
			c.outcome = Verified
		case kosmosFailed:
			c.outcome = NotVerified
		case kosmosNotPerformed:
			c.outcome = NeedsReview
		default:
			c.outcome = NeedsReview
			c.warn("verification_missing")
		}
	case kosmosExpired, kosmosDeclined:
		c.outcome = NotVerified
	default:
		c.outcome = Error
		if k != nil && r.Status == "" && (k.Code.s != "" || k.Message.s != "") {
			// An unencrypted error body: {"code": 400, "message": …}.
			c.failCode(k.Code.s)
			c.failureCode, c.failureMessage = k.Code.s, k.Message.s
			break
		}
		c.warn("unknown_status")
	}
	if e := r.Error; e != nil {
		st := ""
		if e.Status != 0 {
			st = strconv.Itoa(e.Status)
		}
		c.failureCode = firstNonEmpty(e.ReasonCode, st)
		c.failureMessage, c.failureReason = e.Message, e.Reason
		if c.failureMessage == "" {
			c.failureMessage, c.failureReason = e.Reason, ""
		}
		if e.Status >= 500 && e.Status <= 599 {
			c.failCode(st)
		}
	}
	c.evidence = kosmosDocType(docType)
	c.checkMethods = []string{"vri"}
	if checks["face_match"] != "" || checks["liveness"] != "" {
		c.checkMethods = append(c.checkMethods, "bvr")
	}
	return c
}
