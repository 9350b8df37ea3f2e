package normalize

type signzyBody struct {
	Result *struct {
		Name     jstr `json:"name"`
		UID      jstr `json:"uid"`
		DOB      jstr `json:"dob"`
		Gender   jstr `json:"gender"`
		X509Data *struct {
			ValidAadhaarDSC jbool `json:"validAadhaarDSC"`
		} `json:"x509Data"`
		Address      jstr `json:"address"`
		Photo        jstr `json:"photo"`
		SplitAddress *struct {
			District    jstr `json:"district"`
			State       jstr `json:"state"`
			City        jstr `json:"city"`
			Pincode     jstr `json:"pincode"`
			Country     jstr `json:"country"`
			AddressLine jstr `json:"addressLine"`
			LandMark    jstr `json:"landMark"`
		} `json:"splitAddress"`
	} `json:"result"`
	Error *struct {
		Status  jstr `json:"status"`
		Message jstr `json:"message"`
		Reason  jstr `json:"reason"`
	} `json:"error"`
}

// Signzy normalizes Signzy's DigiLocker e-Aadhaar result (result{name, uid,
// dob DD/MM/YYYY, gender, x509Data.validAadhaarDSC, address,
// splitAddress{…arrays…}, photo URL}). validAadhaarDSC yes → verified
// (Signzy checked the signing certificate), otherwise needs_review; an
// {error:{…}} body → error (not_verified for a 4xx other than auth).
func Signzy(body []byte, opts *Options) (*Record, error) {
	b, err := decodeBody[signzyBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "signzy", provider: "signzy", product: "digilocker/eaadhaar"}
	if r := b.Result; r != nil {
		c.name, c.uid, c.dob = r.Name.fv("result.name"), r.UID.fv("result.uid"), r.DOB.fv("result.dob")
		c.gender, c.addressText, c.photo = r.Gender.fv("result.gender"), r.Address.fv("result.address"), r.Photo.fv("result.photo")
		if s := r.SplitAddress; s != nil {
			p := "result.splitAddress."
			c.district, c.state, c.vtc = s.District.fv(p+"district[0]"), s.State.fv(p+"state[0][0]"), s.City.fv(p+"city[0]")
			c.pin, c.country, c.landmark = s.Pincode.fv(p+"pincode"), s.Country.fv(p+"country[0]"), s.LandMark.fv(p+"landMark")
		}
		c.aadhaarFormat = FormatKycResXML
		c.evidence = "uidai"
		c.outcome = NeedsReview
		c.status = "dsc_not_checked"
		if x := r.X509Data; x != nil && x.ValidAadhaarDSC.set {
			c.sigVerified = ptr(x.ValidAadhaarDSC.v)
			if x.ValidAadhaarDSC.v {
				c.outcome, c.status = Verified, "validAadhaarDSC=yes"
				c.checkMethods = []string{"vcrypt"}
			} else {
				c.outcome, c.status = NotVerified, "validAadhaarDSC=no"
			}
		}
	}
	if e := b.Error; e != nil {
		c.failCode(e.Status.s, e.Reason.s)
		if !httpError(e.Status.s) && len(e.Status.s) == 3 && e.Status.s[0] == '4' {
			c.outcome = NotVerified
		}
		c.status, c.failureCode, c.failureMessage = e.Status.s, e.Reason.s, e.Message.s
	}
	if b.Result == nil && b.Error == nil {
		c.outcome = Error
		c.warn("unknown_status")
	}
	return build(c, body, opts), nil
}
