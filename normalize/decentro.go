package normalize

import "strings"

type decentroBody struct {
	TxnID        jstr `json:"decentroTxnId"`
	Status       jstr `json:"status"`
	ResponseCode jstr `json:"responseCode"`
	Message      jstr `json:"message"`
	ResponseKey  jstr `json:"responseKey"`
	Data         *struct {
		RefNo jstr `json:"aadhaarReferenceNumber"`
		UID   jstr `json:"aadhaarUid"`
		PoI   struct {
			DOB        jstr `json:"dob"`
			EmailHash  jstr `json:"hashedEmail"`
			Gender     jstr `json:"gender"`
			MobileHash jstr `json:"hashedMobileNumber"`
			Name       jstr `json:"name"`
		} `json:"proofOfIdentity"`
		PoA struct {
			CareOf      jstr `json:"careOf"`
			Country     jstr `json:"country"`
			District    jstr `json:"district"`
			House       jstr `json:"house"`
			Landmark    jstr `json:"landmark"`
			Locality    jstr `json:"locality"`
			Pincode     jstr `json:"pincode"`
			PostOffice  jstr `json:"postOffice"`
			State       jstr `json:"state"`
			Street      jstr `json:"street"`
			SubDistrict jstr `json:"subDistrict"`
			VTC         jstr `json:"vtc"`
		} `json:"proofOfAddress"`
		Image jstr `json:"image"`
	} `json:"data"`
}

// Decentro normalizes Decentro's DigiLocker e-Aadhaar and aadhaarxml
// validate-OTP bodies (data.proofOfIdentity / data.proofOfAddress).
// SUCCESS → verified, FAILURE → not_verified (error for a request or
// server responseCode).
func Decentro(body []byte, opts *Options) (*Record, error) {
	b, err := decodeBody[decentroBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "decentro", provider: "decentro", product: "digilocker/eaadhaar"}
	c.txnID, c.status = b.TxnID.s, b.Status.s
	if d := b.Data; d != nil {
		c.refID, c.uid = d.RefNo.fv("data.aadhaarReferenceNumber"), d.UID.fv("data.aadhaarUid")
		i, p := d.PoI, "data.proofOfIdentity."
		c.dob, c.gender, c.name = i.DOB.fv(p+"dob"), i.Gender.fv(p+"gender"), i.Name.fv(p+"name")
		c.emailHash = i.EmailHash.fv(p + "hashedEmail")
		c.mobileHash, c.mobileHashScheme = i.MobileHash.fv(p+"hashedMobileNumber"), SchemeOfflineXML
		a, q := d.PoA, "data.proofOfAddress."
		c.careOf, c.country, c.district = a.CareOf.fv(q+"careOf"), a.Country.fv(q+"country"), a.District.fv(q+"district")
		c.house, c.landmark, c.locality = a.House.fv(q+"house"), a.Landmark.fv(q+"landmark"), a.Locality.fv(q+"locality")
		c.pin, c.postOffice, c.state = a.Pincode.fv(q+"pincode"), a.PostOffice.fv(q+"postOffice"), a.State.fv(q+"state")
		c.street, c.subDistrict, c.vtc = a.Street.fv(q+"street"), a.SubDistrict.fv(q+"subDistrict"), a.VTC.fv(q+"vtc")
		c.photo = d.Image.fv("data.image")
		c.aadhaarFormat = FormatVendorJSON
		c.evidence = "uidai"
		c.checkMethods = []string{"data"}
	}
	switch strings.ToUpper(b.Status.s) {
	case "SUCCESS":
		c.outcome = Verified
	case "FAILURE":
		c.outcome = NotVerified
		if httpError(b.ResponseCode.s) {
			c.failCode(b.ResponseKey.s, b.ResponseCode.s)
		}
		c.failureCode, c.failureMessage = firstNonEmpty(b.ResponseKey.s, b.ResponseCode.s), b.Message.s
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}
