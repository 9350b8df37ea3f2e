package normalize

type surepassBody struct {
	Data        *otpKYC `json:"data"`
	StatusCode  jstr    `json:"status_code"`
	Success     jbool   `json:"success"`
	Message     jstr    `json:"message"`
	MessageCode jstr    `json:"message_code"`
	Type        jstr    `json:"type"`
}

// Surepass normalizes a Surepass aadhaar-v2/submit-otp response ({data,
// status_code, success, message, message_code}). success true → verified;
// a 401/403/429 or 5xx status_code → error; any other failure (invalid or
// expired OTP, number problems) → not_verified.
func Surepass(body []byte, opts *Options) (*Record, error) {
	s, err := decodeBody[surepassBody](body, opts)
	if err != nil {
		return nil, err
	}
	c := &core{adapter: "surepass", provider: "surepass", product: "aadhaar-v2/submit-otp"}
	if s.Data != nil {
		s.Data.fill(c, "data.")
	}
	c.status = s.StatusCode.s
	switch {
	case s.Success.set && s.Success.v:
		c.outcome = Verified
	case httpError(s.StatusCode.s):
		c.failCode(s.StatusCode.s, s.MessageCode.s)
	default:
		c.outcome = NotVerified
	}
	if c.outcome != Verified {
		c.failureCode, c.failureMessage = s.MessageCode.s, s.Message.s
	}
	return build(c, body, opts), nil
}
