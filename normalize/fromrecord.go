package normalize

import (
	"fmt"
	"time"
)

// FromRecord re-applies every field rule to a record's JSON (schema
// normalize/v1). Normalizing a normalized record changes nothing: this is
// the idempotence the package guarantees. Fields that no longer pass a rule
// are dropped with a warning.
func FromRecord(body []byte, opts *Options) (*Record, error) {
	r, err := decodeBody[Record](body, opts)
	if err != nil {
		return nil, err
	}
	if r.Schema != SchemaV1 {
		return nil, fmt.Errorf("%w: field %q missing", ErrMalformed, "schema")
	}
	b := &builder{r: r, opts: opts}
	cl := &r.Claims
	cl.Name, cl.GivenName, cl.FamilyName = b.text(cl.Name), b.text(cl.GivenName), b.text(cl.FamilyName)
	for k, v := range cl.LocalNames {
		cl.LocalNames[k] = b.text(v)
	}
	if cl.Birthdate != "" {
		if d, err := Birthdate(cl.Birthdate); err == nil {
			cl.Birthdate = d
		} else {
			cl.Birthdate = ""
			b.warn("dob_invalid")
		}
	}
	if cl.Gender != "" {
		if g, err := Gender(cl.Gender); err == nil {
			cl.Gender = g
		} else {
			cl.Gender = ""
			b.warn("gender_unknown")
		}
	}
	if cl.PhoneNumber != "" {
		if m, err := Mobile(cl.PhoneNumber); err == nil {
			cl.PhoneNumber = m
		} else {
			cl.PhoneNumber, cl.PhoneNumberVerified = "", nil
			b.warn("mobile_invalid")
		}
	}
	if cl.Picture != "" {
		p, err := Photo(cl.Picture, opts.maxPhoto())
		if err == nil && p.URL == "" {
			cl.Picture = p.DataURI()
		} else {
			cl.Picture = ""
			b.warn("photo_invalid")
		}
	}
	if a := cl.Address; a != nil {
		renormAddress(b, a)
	}
	if vc := r.VerifiedClaims; vc != nil {
		vc.Claims.Address = cl.Address
		vc.Claims.Name, vc.Claims.Birthdate, vc.Claims.Gender = cl.Name, cl.Birthdate, cl.Gender
		vc.Claims.GivenName, vc.Claims.FamilyName = cl.GivenName, cl.FamilyName
	}
	if e := r.IN; e != nil {
		if e.CareOf != nil {
			co := ParseCareOf(b.text(e.CareOf.Raw))
			e.CareOf = &co
		}
		if a := e.Aadhaar; a != nil {
			if a.Masked != "" {
				if id, err := Aadhaar(a.Masked); err == nil {
					a.Masked, a.Last4 = id.Masked, id.Last4
				} else {
					a.Masked, a.Last4 = "", ""
					b.warn("uid_invalid_dropped")
				}
			}
			if a.GeneratedAt != "" {
				if ts, err := Timestamp(a.GeneratedAt); err == nil {
					a.GeneratedAt = ts
				}
			}
		}
		if e.MaskedMobile != "" {
			if m, ok := MaskedMobile(e.MaskedMobile); ok {
				e.MaskedMobile = m
			} else {
				e.MaskedMobile = ""
			}
		}
	}
	if r.Source.ReceivedAt == "" {
		r.Source.ReceivedAt = opts.now().Format(time.RFC3339Nano)
	}
	renormResult(b, &r.Result)
	b.scrub()
	return r, nil
}

// renormResult re-applies the result invariants: an outcome of the five,
// an HTTP error status (the record's, or Options.HTTPStatus) making an
// error, an error class exactly on errors, retryable only on errors and
// pending results, and the decision those imply.
func renormResult(b *builder, res *Result) {
	switch res.Outcome {
	case Verified, NotVerified, Pending, NeedsReview, Error:
	default:
		res.Outcome = Error
		b.warn("unknown_status")
	}
	if st := b.opts.httpStatus(); st != 0 {
		res.HTTPStatus = st
	}
	if res.Outcome == Verified && namesNobody(&b.r.Claims) {
		res.Outcome = NeedsReview
		b.warn("identity_incomplete")
	}
	if class, retry, ok := HTTPClass(res.HTTPStatus); ok && res.Outcome != Error {
		res.Outcome, res.ErrorClass, res.Retryable = Error, class, retry
		b.warn("http_status_error")
	}
	switch res.Outcome {
	case Error:
		switch res.ErrorClass {
		case ClassAuth, ClassNotFound, ClassInvalidRequest, ClassQuota, ClassRateLimited, ClassUpstream, ClassInternal:
		default:
			res.ErrorClass, res.Retryable = ClassInternal, false
			b.warn("error_class_unknown")
		}
	case Pending:
		res.ErrorClass, res.Retryable = "", true
	default:
		res.ErrorClass, res.Retryable = "", false
	}
	if b.r.VerifiedClaims != nil && res.Outcome != Verified {
		b.r.VerifiedClaims = nil
	}
	res.Decision = DecisionOf(res.Outcome, res.Retryable)
}

func renormAddress(b *builder, a *Address) {
	a.Formatted = b.text(a.Formatted)
	a.StreetAddress, a.Locality, a.HouseNumber = b.text(a.StreetAddress), b.text(a.Locality), b.text(a.HouseNumber)
	if a.Region != "" {
		if sd, err := State(a.Region); err == nil {
			a.Region = sd.Name
			if a.IN != nil {
				a.IN.StateCode = sd.Code
			}
		}
	}
	if a.PostalCode != "" {
		if p, err := PIN(a.PostalCode); err == nil {
			a.PostalCode = p
		} else {
			a.PostalCode = ""
			b.warn("pincode_invalid")
		}
	}
	if in := a.IN; in != nil {
		for _, s := range []*string{&in.House, &in.Street, &in.Landmark, &in.Locality, &in.VTC, &in.SubDistrict,
			&in.District, &in.PostOffice, &in.SourceFormatted} {
			*s = b.text(*s)
		}
	}
}
