package normalize

import "strings"

type idfyOutput struct {
	Address        jstr `json:"address"`
	DateOfBirth    jstr `json:"date_of_birth"`
	DOB            jstr `json:"dob"`
	District       jstr `json:"district"`
	FathersName    jstr `json:"fathers_name"`
	RelativesName  jstr `json:"relatives_name"`
	Gender         jstr `json:"gender"`
	HouseNumber    jstr `json:"house_number"`
	IDNumber       jstr `json:"id_number"`
	NameOnCard     jstr `json:"name_on_card"`
	Name           jstr `json:"name"`
	Surname        jstr `json:"surname"`
	Pincode        jstr `json:"pincode"`
	State          jstr `json:"state"`
	City           jstr `json:"city"`
	StreetAddress  jstr `json:"street_address"`
	YearOfBirth    jstr `json:"year_of_birth"`
	Status         jstr `json:"status"`
	FaceImage      jstr `json:"face_image"`
	DLStatus       jstr `json:"dl_status"`
	DateOfIssue    jstr `json:"date_of_issue"`
	NTValidityTo   jstr `json:"nt_validity_to"`
	FileNumber     jstr `json:"file_number"`
	PassportNumber jstr `json:"passport_number"`
	PassportStatus jstr `json:"passport_status"`
	IssuingRTO     jstr `json:"issuing_rto_name"`
}

type idfyBody struct {
	Action      jstr `json:"action"`
	Type        jstr `json:"type"`
	Status      jstr `json:"status"`
	TaskID      jstr `json:"task_id"`
	GroupID     jstr `json:"group_id"`
	RequestID   jstr `json:"request_id"`
	CompletedAt jstr `json:"completed_at"`
	Error       jstr `json:"error"`
	Message     jstr `json:"message"`
	Result      *struct {
		Extraction *idfyOutput `json:"extraction_output"`
		Source     *idfyOutput `json:"source_output"`
	} `json:"result"`
}

// IDfy normalizes an IDfy eve v3 task (ind_aadhaar extract,
// ind_driving_license and ind_passport verify_with_source, and other
// ind_* tasks of the same envelope). completed + id_found (or a completed
// extraction) → verified; id_not_found → not_verified; failed → error;
// in_progress → pending. Document numbers other than the masked Aadhaar
// number are kept masked.
func IDfy(body []byte, opts *Options) (*Record, error) {
	b, err := decodeBody[idfyBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "idfy", provider: "idfy", product: b.Type.s + "/" + b.Action.s}
	c.txnID, c.clientRef, c.verifiedAt = b.TaskID.s, b.RequestID.s, b.CompletedAt.s
	var o *idfyOutput
	p := "result."
	if b.Result != nil {
		if o = b.Result.Source; o != nil {
			p += "source_output."
		} else if o = b.Result.Extraction; o != nil {
			p += "extraction_output."
		}
	}
	typ := strings.ToLower(b.Type.s)
	if o != nil {
		if o.Surname.s != "" {
			c.givenName, c.familyName = o.Name.fv(p+"name"), o.Surname.fv(p+"surname")
			c.name = f(joinSpace(o.Name.s, o.Surname.s), p+"name")
		} else if o.NameOnCard.s != "" {
			c.name = o.NameOnCard.fv(p + "name_on_card")
		} else {
			c.name = o.Name.fv(p + "name")
		}
		c.dob = o.DateOfBirth.fv(p + "date_of_birth")
		if c.dob.v == "" {
			c.dob = o.DOB.fv(p + "dob")
		}
		c.yob, c.gender = o.YearOfBirth.fv(p+"year_of_birth"), o.Gender.fv(p+"gender")
		c.careOf = o.FathersName.fv(p + "fathers_name")
		if c.careOf.v == "" {
			c.careOf = o.RelativesName.fv(p + "relatives_name")
		}
		c.addressText, c.district, c.state = o.Address.fv(p+"address"), o.District.fv(p+"district"), o.State.fv(p+"state")
		c.house, c.street, c.pin = o.HouseNumber.fv(p+"house_number"), o.StreetAddress.fv(p+"street_address"), o.Pincode.fv(p+"pincode")
		c.vtc = o.City.fv(p + "city")
		c.photo = o.FaceImage.fv(p + "face_image")
		switch {
		case strings.Contains(typ, "aadhaar"):
			c.uid = o.IDNumber.fv(p + "id_number")
			c.aadhaarFormat = FormatVendorJSON
			c.evidence = "idcard"
		case strings.Contains(typ, "driving"):
			c.documents = []Document{{Type: "driving_permit", NumberMasked: maskDocNumber(o.IDNumber.s), Status: o.DLStatus.s,
				Issuer: o.IssuingRTO.s, DateOfIssue: isoOrEmpty(o.DateOfIssue.s), DateOfExpiry: isoOrEmpty(o.NTValidityTo.s)}}
			c.evidence = "driving_permit"
		case strings.Contains(typ, "passport"):
			// passport_status is free text that names the passport
			// number ("Passport K1234567 dispatched on …"): the number is
			// masked there, and is the document's number; file_number is
			// the application's.
			num := o.PassportNumber.s
			if num == "" {
				num = passportNumber.FindString(o.PassportStatus.s)
			}
			c.documents = []Document{{Type: "passport", NumberMasked: maskDocNumber(num),
				FileNumberMasked: maskDocNumber(o.FileNumber.s), Status: maskPassportNumbers(o.PassportStatus.s)}}
			c.evidence = "passport"
		case strings.Contains(typ, "pan"):
			c.documents = []Document{{Type: "pan", NumberMasked: maskPAN(o.IDNumber.s)}}
			c.evidence = "tax"
		default:
			if o.IDNumber.s != "" {
				c.documents = []Document{{Type: strings.TrimPrefix(typ, "ind_"), NumberMasked: maskDocNumber(o.IDNumber.s)}}
			}
			c.evidence = "idcard"
		}
		c.checkMethods = []string{"data"}
		if b.Result.Source == nil {
			// Read from an image by OCR; no source confirmed it.
			c.checkMethods = []string{"vri"}
			c.ocr = true
		}
	}
	c.status = b.Status.s
	src := ""
	if o != nil {
		src = strings.ToLower(o.Status.s)
	}
	switch strings.ToLower(b.Status.s) {
	case "completed":
		switch src {
		case "id_found", "":
			c.outcome = Verified
		case "id_not_found", "invalid":
			c.outcome = NotVerified
			c.failureCode = o.Status.s
		default:
			c.outcome = NeedsReview
			c.warn("unknown_status")
		}
		if src != "" {
			c.status += "/" + o.Status.s
		}
	case "in_progress", "pending":
		c.outcome = Pending
	case "failed":
		c.failCode(b.Error.s)
		c.failureCode, c.failureMessage = b.Error.s, b.Message.s
	default:
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}
