package normalize

import "strings"

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
	if d.FaceStatus.set {
		res := "Failed"
		if d.FaceStatus.v {
			res = "Passed"
		}
		c.checks = append(c.checks, Check{Name: "face_match", Result: res, Score: d.FaceScore.s})
	}
	c.aadhaarFormat = FormatVendorJSON
	c.evidence = "uidai"
	c.checkMethods = []string{"auth"}
}

// accuAuthErrors maps the status codes of AccuAuth's error table onto
// outcomes. Request, credential, quota and upstream faults are errors (the
// first twelve, from AccuAuth's published common table); the OTP and
// number failures are terminal not_verified. Their names are an
// assumption: the endpoint-specific part of the public table could not be
// read. Any status not listed is an error with the warning unknown_status.
var accuAuthErrors = map[string]string{
	"INVALID_ARGUMENT":           Error,
	"DETECTION_FAILED":           Error,
	"DOWNLOAD_ERROR":             Error,
	"UNAUTHORIZED":               Error,
	"KEY_EXPIRED":                Error,
	"NO_PERMISSION":              Error,
	"OUT_OF_QUOTA":               Error,
	"RATE_LIMIT_EXCEEDED":        Error,
	"NOT_FOUND":                  Error,
	"INTERNAL_ERROR":             Error,
	"SOURCE_SERVICE_UNAVAILABLE": Error,
	"SOURCE_SERVICE_TIMEOUT":     Error,
	"INVALID_OTP":                NotVerified,
	"OTP_EXPIRED":                NotVerified,
	"OTP_ATTEMPTS_EXCEEDED":      NotVerified,
	"INVALID_AADHAAR":            NotVerified,
	"AADHAAR_NOT_LINKED":         NotVerified,
	"SESSION_EXPIRED":            NotVerified,
}

type accuAuthBody struct {
	RequestID jstr    `json:"request_id"`
	Status    jstr    `json:"status"`
	Message   jstr    `json:"message"`
	Result    *otpKYC `json:"result"`
}

// AccuAuth normalizes an AccuAuth verify/validate_aadhaar_otp response:
// {request_id, result{client_id, full_name, aadhaar_number, dob, gender,
// address{…}, zip, profile_image, care_of, mobile_hash, email_hash,
// reference_id, face_status, face_score …}, status}. status "OK" →
// verified; the statuses of AccuAuth's error table (INVALID_ARGUMENT,
// UNAUTHORIZED, KEY_EXPIRED, NO_PERMISSION, OUT_OF_QUOTA,
// RATE_LIMIT_EXCEEDED, NOT_FOUND, INTERNAL_ERROR, SOURCE_SERVICE_* …) →
// error; OTP and number failures (INVALID_OTP, OTP_EXPIRED …) →
// not_verified; any other status → error with the warning unknown_status.
// An unmasked aadhaar_number is reduced to its last 4 digits at once.
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
	switch o, ok := accuAuthErrors[st]; {
	case st == "OK":
		c.outcome = Verified
	case ok:
		c.outcome, c.failureCode, c.failureMessage = o, a.Status.s, a.Message.s
	default:
		c.outcome, c.failureCode, c.failureMessage = Error, a.Status.s, a.Message.s
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}
