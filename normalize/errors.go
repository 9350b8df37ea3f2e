package normalize

import "errors"

// Errors returned by the adapters and [Auto]. Every error this package
// returns wraps exactly one of these sentinels (test with errors.Is). No
// error string ever contains a value taken from the input: fields are named,
// never quoted.
var (
	// ErrUnknownSource means [Auto] could not tell which source produced
	// the body.
	ErrUnknownSource = errors.New("normalize: unknown source")
	// ErrMalformed means the body is not well-formed JSON or XML of the
	// expected shape.
	ErrMalformed = errors.New("normalize: malformed body")
	// ErrTooLarge means the body exceeds [Options.MaxBodyBytes].
	ErrTooLarge = errors.New("normalize: body too large")
	// ErrEncrypted means the body is an encrypted envelope (a 1Kosmos
	// {data, publicKey} poll response); decrypt it first.
	ErrEncrypted = errors.New("normalize: body is encrypted")
)

// Errors returned by the field rules ([Date], [Gender], [State], [PIN],
// [Mobile], [Aadhaar], [Photo], [Timestamp]). Adapters never fail on a bad
// field: they drop it and add a warning to the record instead.
var (
	// ErrEmpty means the value is empty or a placeholder.
	ErrEmpty = errors.New("normalize: empty value")
	// ErrDate means the value is not a day-first date or a year.
	ErrDate = errors.New("normalize: invalid date")
	// ErrTimestamp means the value is not a supported timestamp.
	ErrTimestamp = errors.New("normalize: invalid timestamp")
	// ErrGender means the gender code is not recognised.
	ErrGender = errors.New("normalize: unknown gender code")
	// ErrState means the value names no Indian state or union territory.
	ErrState = errors.New("normalize: unknown state")
	// ErrPIN means the value is not a 6-digit Indian PIN code.
	ErrPIN = errors.New("normalize: invalid pin code")
	// ErrMobile means the value is not an Indian mobile number.
	ErrMobile = errors.New("normalize: invalid mobile number")
	// ErrAadhaar means the value is neither a masked nor a full Aadhaar
	// number (a 16-digit VID is rejected with this error too: it must
	// never be stored).
	ErrAadhaar = errors.New("normalize: invalid aadhaar number")
	// ErrPhoto means the value is not a photo (a placeholder, bad base64,
	// an unknown image type, or too large).
	ErrPhoto = errors.New("normalize: invalid photo")
)
