package normalize

import (
	"strconv"
	"strings"
)

// otpKYC is the OTP e-KYC result shape shared by AccuAuth's
// validate_aadhaar_otp (in "result") and Surepass's aadhaar-v2/submit-otp
// (in "data"): the Offline e-KYC XML re-keyed.
type otpKYC struct {
	ClientID      jstr `json:"client_id"`
	FullName      jstr `json:"full_name"`
	AadhaarNumber jstr `json:"aadhaar_number"`
	DOB           jstr `json:"dob"`
	Gender        jstr `json:"gender"`
	Address       struct {
		Country, Dist, State, PO, Loc, VTC, Subdist, Street, House, Landmark jstr
	} `json:"address"`
	FaceStatus     jbool `json:"face_status"`
	FaceScore      jstr  `json:"face_score"`
	Zip            jstr  `json:"zip"`
	ProfileImage   jstr  `json:"profile_image"`
	HasImage       jbool `json:"has_image"`
	EmailHash      jstr  `json:"email_hash"`
	MobileHash     jstr  `json:"mobile_hash"`
	CareOf         jstr  `json:"care_of"`
	ShareCode      jstr  `json:"share_code"`
	MobileVerified jbool `json:"mobile_verified"`
	ReferenceID    jstr  `json:"reference_id"`
	UniquenessID   jstr  `json:"uniqueness_id"`
	Status         jstr  `json:"status"`
}

func (d *otpKYC) fill(c *core, p string) {
	c.clientRef = d.ClientID.s
	c.name = d.FullName.fv(p + "full_name")
	c.uid = d.AadhaarNumber.fv(p + "aadhaar_number")
	c.dob = d.DOB.fv(p + "dob")
	c.gender = d.Gender.fv(p + "gender")
	a := &d.Address
	ap := p + "address."
	c.country, c.district, c.state = a.Country.fv(ap+"country"), a.Dist.fv(ap+"dist"), a.State.fv(ap+"state")
	c.postOffice, c.locality, c.vtc = a.PO.fv(ap+"po"), a.Loc.fv(ap+"loc"), a.VTC.fv(ap+"vtc")
	c.subDistrict, c.street, c.house = a.Subdist.fv(ap+"subdist"), a.Street.fv(ap+"street"), a.House.fv(ap+"house")
	c.landmark = a.Landmark.fv(ap + "landmark")
	c.pin = d.Zip.fv(p + "zip")
	c.photo = d.ProfileImage.fv(p + "profile_image")
	c.emailHash = d.EmailHash.fv(p + "email_hash")
	c.mobileHash, c.mobileHashScheme = d.MobileHash.fv(p+"mobile_hash"), SchemeOfflineXML
	c.careOf = d.CareOf.fv(p + "care_of")
	c.shareCode = d.ShareCode.s != ""
	c.refID = d.ReferenceID.fv(p + "reference_id")
	c.uniquenessID = d.UniquenessID.fv(p + "uniqueness_id")
	if d.FaceStatus.set || d.FaceScore.s != "" {
		c.checks = append(c.checks, faceCheck(d.FaceStatus, d.FaceScore.s))
	}
	c.aadhaarFormat = FormatVendorJSON
	c.evidence = "uidai"
	c.checkMethods = []string{"auth"}
}

// faceCheck reads face_status and face_score: a negative score (the
// sample's -1) means no face match was done ("Not performed"), not a
// failed one; otherwise face_status true is Passed and false Failed. The
// score is kept as given.
func faceCheck(status jbool, score string) Check {
	ch := Check{Name: "face_match", Score: strings.TrimSpace(score)}
	v, err := strconv.ParseFloat(ch.Score, 64)
	switch {
	case err == nil && v < 0:
		ch.Result = "Not performed"
	case status.set && status.v:
		ch.Result = "Passed"
	case status.set:
		ch.Result = "Failed"
	default:
		ch.Result = "Not performed"
	}
	return ch
}

// accuAuthErrors is the error table of AccuAuth's verify APIs (status
// field, HTTP status, description), as devcenter.cloud.accuauth.com
// publishes it for /verify/send_aadhaar_otp, with QUERY_FAILED and
// ABNORMAL_BEHAVIOURS_DETECTED from its other /verify pages. Every row is
// an error: none says anything about the person.
var accuAuthErrors = map[string]struct {
	http  int
	class ErrorClass
	retry bool
}{
	"INVALID_ARGUMENT": {400, ClassInvalidRequest, false}, // Request parameter is invalid
	// Query failed: the source (UIDAI) refused the query; for an OTP,
	// typically a wrong or expired one, so not retryable as it is.
	"QUERY_FAILED": {400, ClassUpstream, false},
	// Request with same parameters repeated more than amount of times.
	"ABNORMAL_BEHAVIOURS_DETECTED": {400, ClassRateLimited, false},
	"DETECTION_FAILED":             {400, ClassInvalidRequest, false}, // Detect image failed
	"DOWNLOAD_ERROR":               {400, ClassInvalidRequest, false}, // Image download failed
	"UNAUTHORIZED":                 {401, ClassAuth, false},           // Unauthorized or access is denied
	"KEY_EXPIRED":                  {401, ClassAuth, false},           // Your API ID has expired
	"NO_PERMISSION":                {403, ClassAuth, false},           // You are not authorized to use this API
	"OUT_OF_QUOTA":                 {403, ClassQuota, false},          // API calls quota exceeded
	"RATE_LIMIT_EXCEEDED":          {403, ClassRateLimited, true},     // API request frequency exceeds the limit
	"NOT_FOUND":                    {404, ClassNotFound, false},       // Requested API cannot be found
	"INTERNAL_ERROR":               {500, ClassInternal, true},        // Internal server error
	"SOURCE_SERVICE_UNAVAILABLE":   {512, ClassUpstream, true},        // Source service is unavailable
	"SOURCE_SERVICE_TIMEOUT":       {513, ClassUpstream, true},        // Source service timeout
}

type accuAuthBody struct {
	RequestID jstr    `json:"request_id"`
	Status    jstr    `json:"status"`
	Message   jstr    `json:"message"`
	Reason    jstr    `json:"reason"`
	Result    *otpKYC `json:"result"`
}

// AccuAuth normalizes an AccuAuth verify/validate_aadhaar_otp response
// (devcenter.cloud.accuauth.com/india/verify/verify_validate_aadhaar_otp.html):
// {request_id, result{client_id, full_name, aadhaar_number, dob, gender,
// address{…}, zip, profile_image, care_of, mobile_hash, email_hash,
// reference_id, uniqueness_id, face_status, face_score …}, status}, with or
// without request_id. status "OK" → verified. Every status of AccuAuth's
// error table is an error with its class (INVALID_ARGUMENT, DETECTION_FAILED,
// DOWNLOAD_ERROR → invalid_request; UNAUTHORIZED, KEY_EXPIRED,
// NO_PERMISSION → auth; OUT_OF_QUOTA → quota; RATE_LIMIT_EXCEEDED →
// rate_limited, retryable; ABNORMAL_BEHAVIOURS_DETECTED → rate_limited;
// NOT_FOUND → not_found; INTERNAL_ERROR → internal, retryable;
// SOURCE_SERVICE_UNAVAILABLE (512), SOURCE_SERVICE_TIMEOUT (513) →
// upstream, retryable; QUERY_FAILED → upstream); any other status is an
// error with the warning unknown_status. An error body's message and reason
// are kept. An unmasked aadhaar_number is reduced to its last 4 digits at
// once; uniqueness_id is kept; face_score -1 means no face match was done.
func AccuAuth(body []byte, opts *Options) (*Record, error) {
	a, err := decodeBody[accuAuthBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "accuauth", provider: "accuauth", product: "validate_aadhaar_otp"}
	if a.Result != nil {
		a.Result.fill(c, "result.")
	}
	c.txnID = a.RequestID.s
	st := strings.ToUpper(strings.TrimSpace(a.Status.s))
	c.status = a.Status.s
	switch e, ok := accuAuthErrors[st]; {
	case st == "OK":
		c.outcome = Verified
	case ok:
		c.fail(e.class, e.retry)
		c.failureCode, c.failureMessage, c.failureReason = a.Status.s, a.Message.s, a.Reason.s
	default:
		c.outcome = Error
		c.failureCode, c.failureMessage, c.failureReason = a.Status.s, a.Message.s, a.Reason.s
		c.warn("unknown_status")
	}
	if c.failureMessage == "" {
		c.failureMessage, c.failureReason = c.failureReason, ""
	}
	return build(c, body, opts), nil
}
