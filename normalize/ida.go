package normalize

import "fmt"

type idaBody struct {
	VerifiedClaims *struct {
		Verification Verification `json:"verification"`
		Claims       struct {
			Name       jstr `json:"name"`
			GivenName  jstr `json:"given_name"`
			FamilyName jstr `json:"family_name"`
			Birthdate  jstr `json:"birthdate"`
			Gender     jstr `json:"gender"`
			Address    *struct {
				StreetAddress jstr `json:"street_address"`
				Locality      jstr `json:"locality"`
				Region        jstr `json:"region"`
				PostalCode    jstr `json:"postal_code"`
				Country       jstr `json:"country"`
				Formatted     jstr `json:"formatted"`
			} `json:"address"`
		} `json:"claims"`
	} `json:"verified_claims"`
}

// IDA normalizes an OpenID Identity Assurance response carrying
// verified_claims (Schema Definition 1.0). The claims are put through the
// same field rules; the verification element is kept as given (members
// this package does not model are dropped). The outcome is verified: the
// issuer asserts the claims; normalize checks no signature.
func IDA(body []byte, opts *Options) (*Record, error) {
	b, err := decodeBody[idaBody](body, opts)
	if err != nil {
		return nil, err
	}
	if b.VerifiedClaims == nil {
		return nil, fmt.Errorf("%w: field %q missing", ErrMalformed, "verified_claims")
	}
	vc := b.VerifiedClaims
	cl := vc.Claims
	c := &core{adapter: "ida", provider: "oidc4ida", product: "verified_claims"}
	p := "verified_claims.claims."
	c.givenName, c.familyName = cl.GivenName.fv(p+"given_name"), cl.FamilyName.fv(p+"family_name")
	c.name = cl.Name.fv(p + "name")
	if c.name.v == "" {
		c.name = f(joinSpace(cl.GivenName.s, cl.FamilyName.s), p+"given_name")
	}
	c.dob, c.gender = cl.Birthdate.fv(p+"birthdate"), cl.Gender.fv(p+"gender")
	if a := cl.Address; a != nil {
		q := p + "address."
		c.street, c.vtc, c.state = a.StreetAddress.fv(q+"street_address"), a.Locality.fv(q+"locality"), a.Region.fv(q+"region")
		c.pin, c.country, c.addressText = a.PostalCode.fv(q+"postal_code"), a.Country.fv(q+"country"), a.Formatted.fv(q+"formatted")
	}
	c.outcome, c.status = Verified, "verified_claims"
	c.verifiedAt = vc.Verification.Time
	r := build(c, body, opts)
	if r.VerifiedClaims != nil {
		v := vc.Verification
		if v.Time != "" {
			if ts, err := Timestamp(v.Time); err == nil {
				v.Time = ts
			}
		}
		r.VerifiedClaims.Verification = v
		(&builder{r: r, opts: opts}).scrub()
	}
	return r, nil
}
