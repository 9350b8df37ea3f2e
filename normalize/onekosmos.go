package normalize

import (
	"strconv"
	"strings"
)

// OneKosmosResult is a decrypted 1Kosmos document-verification poll result
// as a parser such as kyckit's onekosmos package reads it (see OfflineEKYC
// for why it is a plain struct); [OneKosmos] reads the same result from its
// JSON. Values are 1Kosmos's own: dates stay as 1Kosmos writes them
// (YYYYMMDD, or a form [ParseDate] reads), statuses as given.
type OneKosmosResult struct {
	Status       string             // sessionResult (v3 final) or responseStatus (v3 pending, v1)
	SessionID    string             // sessionId, or the id of a pending result
	DocumentType string             // sessionData.documentType: dl_object, ppt_object, idcard_object…
	Document     *OneKosmosDocument // the document read, if any
	// Checks maps a verification name to Passed / Failed / Not performed
	// (verifications; liveness and face_match of v1 results).
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
	Checks                                          map[string]string // as OneKosmosResult.Checks
}

// OneKosmosError is the errorInfo of a failed 1Kosmos session.
type OneKosmosError struct {
	Status     int    // HTTP-like status; a 5xx makes the outcome error
	ReasonCode string // e.g. IDV0006
	Reason     string
	Message    string
}

// FromOneKosmos normalizes a parsed 1Kosmos poll result; see [OneKosmos]
// for the outcomes.
func FromOneKosmos(r OneKosmosResult, opts *Options) *Record {
	return build(kosmosCore(r.body()), nil, opts)
}

// body puts r in the shape OneKosmos decodes, member by member.
func (r OneKosmosResult) body() *kosmosBody {
	k := &kosmosBody{SessionResult: jstr{s: r.Status}, SessionID: jstr{s: r.SessionID}, Checks: jstrMap(r.Checks)}
	k.SessionData.DocumentType = jstr{s: r.DocumentType}
	if d := r.Document; d != nil {
		doc := &kosmosDoc{DocumentType: jstr{s: d.DocumentType}, Country: jstr{s: d.Country}, State: jstr{s: d.State},
			DocumentID: jstr{s: d.DocumentID}, ID: jstr{s: d.ID}, FirstName: jstr{s: d.FirstName},
			MiddleName: jstr{s: d.MiddleName}, LastName: jstr{s: d.LastName}, FamilyName: jstr{s: d.FamilyName},
			FullName: jstr{s: d.FullName}, DOB: jstr{s: d.DOB}, DOE: jstr{s: d.DOE}, DOI: jstr{s: d.DOI},
			Gender: jstr{s: d.Gender}, Address: jstr{s: d.Address}, Street: jstr{s: d.Street}, City: jstr{s: d.City},
			PostalCode: jstr{s: d.PostalCode}, Face: jstr{s: d.Face}, Checks: jstrMap(d.Checks)}
		switch d.From {
		case "extractedInfo":
			k.ExtractedInfo = doc
		case "dl_object":
			k.DLObject = doc
		case "ppt_object":
			k.PPTObject = doc
		case "idcard_object":
			k.IDObject = doc
		default:
			k.Document = doc
		}
	}
	if e := r.Error; e != nil {
		k.ErrorInfo = &kosmosErrorInfo{ReasonCode: jstr{s: e.ReasonCode}, Reason: jstr{s: e.Reason}, Message: jstr{s: e.Message}}
		if e.Status != 0 {
			k.ErrorInfo.Status = jstr{s: strconv.Itoa(e.Status)}
		}
	}
	return k
}

func jstrMap(m map[string]string) map[string]jstr {
	if m == nil {
		return nil
	}
	out := make(map[string]jstr, len(m))
	for k, v := range m {
		out[k] = jstr{s: v}
	}
	return out
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
	Status         jstr       `json:"status"`
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
// sessionData, extractedInfo, document{…}, errorInfo{…}) or v1
// (responseStatus, sessionId, dl_object | ppt_object | idcard_object,
// liveid_object). Decrypt the {data, publicKey} envelope first (kyckit's
// onekosmos package); given the envelope, OneKosmos returns [ErrEncrypted].
//
// Session statuses: Pending, In Progress / INPROGRESS → pending;
// Completed / SUCCESS → verified, unless a check is Failed (not_verified)
// or Not performed (needs_review); Expired, Declined, FAILED →
// not_verified (error when errorInfo.status is 5xx). A {code, message}
// error body → error. Document numbers are kept masked; images are not
// copied except the face portrait, which becomes the picture.
func OneKosmos(body []byte, opts *Options) (*Record, error) {
	k, err := decodeBody[kosmosBody](body, opts)
	if err != nil {
		return nil, err
	}
	if k.Data.s != "" && k.PublicKey.s != "" {
		return nil, ErrEncrypted
	}
	return build(kosmosCore(k), body, opts), nil
}

// kosmosCore fills a core from a 1Kosmos result.
func kosmosCore(k *kosmosBody) *core {
	c := &core{adapter: "1kosmos", provider: "1kosmos", product: "document_share_session"}
	c.sessionID = firstNonEmpty(k.SessionID.s, k.ID.s)
	doc, p := k.Document, "document."
	docType := k.SessionData.DocumentType.s
	switch {
	case doc != nil:
	case k.DLObject != nil:
		doc, p, docType = k.DLObject, "dl_object.", "dl_object"
	case k.PPTObject != nil:
		doc, p, docType = k.PPTObject, "ppt_object.", "ppt_object"
	case k.IDObject != nil:
		doc, p, docType = k.IDObject, "idcard_object.", "idcard_object"
	case k.ExtractedInfo != nil && (k.ExtractedInfo.FirstName.s != "" || k.ExtractedInfo.LastName.s != ""):
		doc, p = k.ExtractedInfo, "extractedInfo."
	}
	checks := map[string]jstr{}
	for n, v := range k.Checks {
		checks[n] = v
	}
	if doc != nil {
		docType = firstNonEmpty(doc.DocumentType.s, docType)
		full := doc.FullName.s
		family := firstNonEmpty(doc.FamilyName.s, doc.LastName.s)
		if full == "" {
			full = joinSpace(doc.FirstName.s, doc.MiddleName.s, family)
		}
		c.name = f(full, p+"fullName")
		c.givenName = doc.FirstName.fv(p + "firstName")
		c.familyName = f(family, p+"lastName")
		c.dob = f(ymdToISO(doc.DOB.s), p+"dob")
		c.gender = doc.Gender.fv(p + "gender")
		c.addressText = doc.Address.fv(p + "address")
		c.street, c.vtc = doc.Street.fv(p+"street"), doc.City.fv(p+"city")
		if strings.EqualFold(doc.Country.s, "IND") || strings.EqualFold(doc.Country.s, "IN") || strings.EqualFold(doc.Country.s, "India") {
			c.state, c.pin = doc.State.fv(p+"state"), doc.PostalCode.fv(p+"postalCode")
			c.country = doc.Country.fv(p + "country")
		} else if doc.Country.s != "" {
			c.country = doc.Country.fv(p + "country")
		}
		c.photo = doc.Face.fv(p + "face")
		c.documents = append(c.documents, Document{
			Type: kosmosDocType(docType), NumberMasked: maskDocNumber(firstNonEmpty(doc.DocumentID.s, doc.ID.s)),
			Issuer: strings.TrimSpace(doc.Country.s + " " + doc.State.s), DateOfIssue: isoOrEmpty(doc.DOI.s),
			DateOfExpiry: isoOrEmpty(doc.DOE.s),
		})
		for n, v := range doc.Checks {
			checks[n] = v
		}
	}
	if k.Liveness.s != "" {
		checks["liveness"] = k.Liveness
	}
	if k.FaceMatch.s != "" {
		checks["face_match"] = k.FaceMatch
	}
	failed, notPerformed := false, false
	for _, n := range sortedKeys(checks) {
		v := Text(checks[n].s)
		c.checks = append(c.checks, Check{Name: n, Result: v})
		switch strings.ToLower(v) {
		case "failed", "fail":
			failed = true
		case "not performed", "not_performed", "notperformed":
			notPerformed = true
		}
	}
	status := firstNonEmpty(k.SessionResult.s, k.Status.s, k.ResponseStatus.s)
	c.status = status
	switch strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(status, "_", " ")), "")) {
	case "success", "completed", "complete":
		switch {
		case failed:
			c.outcome = NotVerified
		case notPerformed:
			c.outcome = NeedsReview
		default:
			c.outcome = Verified
		}
	case "pending", "inprogress", "initiated", "created":
		c.outcome = Pending
	case "failed", "failure", "expired", "declined", "rejected":
		c.outcome = NotVerified
	case "":
		if k.Code.s != "" || k.Message.s != "" {
			c.outcome, c.failureCode, c.failureMessage = Error, k.Code.s, k.Message.s
			break
		}
		c.outcome = Error
		c.warn("unknown_status")
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	if e := k.ErrorInfo; e != nil {
		c.failureCode = firstNonEmpty(e.ReasonCode.s, e.ReasonCode2.s, e.Status.s)
		c.failureMessage = firstNonEmpty(e.Reason.s, e.Message.s)
		if len(e.Status.s) == 3 && e.Status.s[0] == '5' {
			c.outcome = Error
		}
	}
	c.evidence = kosmosDocType(docType)
	c.checkMethods = []string{"vri"}
	if checks["face_match"].s != "" || checks["liveness"].s != "" {
		c.checkMethods = append(c.checkMethods, "bvr")
	}
	return c
}
