package normalize

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Adapter names, as [Detect] reports them and [Using] and the CLI's
// -from flag accept them.
const (
	AdapterOVSE       = "ovse"
	AdapterAccuAuth   = "accuauth"
	AdapterJourney    = "journey"
	Adapter1Kosmos    = "1kosmos"
	AdapterOfflineXML = "offline-xml"
	AdapterQR         = "qr"
	AdapterSDJWT      = "sdjwt"
	AdapterDigiLocker = "digilocker" // KycRes XML
	AdapterCashfree   = "cashfree"
	AdapterSetu       = "setu"
	AdapterSurepass   = "surepass"
	AdapterSandbox    = "sandbox"
	AdapterDecentro   = "decentro"
	AdapterIDfy       = "idfy"
	AdapterSignzy     = "signzy"
	AdapterIDA        = "ida"
	AdapterRecord     = "record"
)

// An adapter is one row of the table [Detect], [Using] and [Adapters]
// derive from.
type adapter struct {
	name   string                                            // "" for a row that refuses a body
	detect func(s shape) bool                                // does a body of this shape come from this source?
	run    func(body []byte, opts *Options) (*Record, error) // nil for a row that refuses a body
	refuse error                                             // what Detect returns for a body this row detects
	// again marks a later, less specific detection for an adapter that an
	// earlier row names; Adapters lists the name once, at its first row.
	again bool
}

// A shape is what detection looks at: the XML root, or the names of a JSON
// object's members (values, photos included, are skipped undecoded).
type shape struct {
	xml          []byte // the first 4 KiB of an XML body, from '<'; nil for JSON
	k            keySet // the JSON object's members
	data, result keySet // the members of its "data" and "result" objects
}

func (s shape) xmlHas(root string) bool { return bytes.Contains(s.xml, []byte(root)) }

// adapters is the table, in precedence order: [Detect] returns the first
// row whose detect matches. XML rows see only XML bodies and JSON rows
// only JSON objects (s.k is nil for XML), so the two groups never compete.
var adapters = []adapter{
	// UIDAI Offline e-KYC XML: the OfflinePaperlessKyc root.
	{name: AdapterOfflineXML, run: OfflineEKYCXML, detect: func(s shape) bool { return s.xmlHas("<OfflinePaperlessKyc") }},
	// DigiLocker e-Aadhaar: a KycRes, bare or in a Certificate.
	{name: AdapterDigiLocker, run: KycResXML, detect: func(s shape) bool { return s.xmlHas("<KycRes") || s.xmlHas("<Certificate") }},
	// A normalized record: the schema marker beats every other member.
	{name: AdapterRecord, run: FromRecord, detect: func(s shape) bool { return s.k.str("schema") == SchemaV1 }},
	// An Identity Assurance response: verified_claims.
	{name: AdapterIDA, run: IDA, detect: func(s shape) bool { return s.k.has("verified_claims") }},
	// A 1Kosmos envelope still encrypted ({data, publicKey}): refused.
	{refuse: ErrEncrypted, detect: func(s shape) bool { return s.k.has("publicKey") && s.k.has("data") && len(s.k) <= 3 }},
	// KwikID-style OVSE status: session_status, at top level or under data;
	// or OVSE Init: a session_id with its launch targets.
	{name: AdapterOVSE, run: OVSE, detect: func(s shape) bool {
		return s.k.has("session_status") || s.data.has("session_status") ||
			s.k.has("session_id") && (s.k.has("launch_url") || s.k.has("intent_url") || s.k.has("qr_base64"))
	}},
	// 1Kosmos poll result, v1 (sessionResult, responseStatus) or v3 (*_object).
	{name: Adapter1Kosmos, run: OneKosmos, detect: func(s shape) bool {
		return s.k.has("sessionResult") || s.k.has("responseStatus") || s.k.has("dl_object") || s.k.has("ppt_object") ||
			s.k.has("idcard_object") || s.k.has("liveid_object")
	}},
	// Secure QR as aadhaar-py prints it: text_data.
	{name: AdapterQR, run: SecureQRJSON, detect: func(s shape) bool { return s.k.has("text_data") }},
	// Decentro: decentroTxnId.
	{name: AdapterDecentro, run: Decentro, detect: func(s shape) bool { return s.k.has("decentroTxnId") }},
	// IDfy eve v3 task: task_id and action.
	{name: AdapterIDfy, run: IDfy, detect: func(s shape) bool { return s.k.has("task_id") && s.k.has("action") }},
	// Equal-style journey: a decision, or data.keys.
	{name: AdapterJourney, run: Journey, detect: func(s shape) bool { return s.k.has("decision") || s.data.has("keys") }},
	// AccuAuth: request_id with a result or a status; a status with an
	// OTP e-KYC result (the documented success body has no request_id);
	// or a status word of AccuAuth's error table.
	{name: AdapterAccuAuth, run: AccuAuth, detect: func(s shape) bool {
		_, known := accuAuthErrors[s.k.str("status")]
		return s.k.has("request_id") && (s.k.has("result") || s.k.has("status")) ||
			s.k.has("status") && (s.result.has("full_name") || s.result.has("aadhaar_number") || s.result.has("uniqueness_id")) ||
			known && !s.k.has("data")
	}},
	// Surepass: status_code and success.
	{name: AdapterSurepass, run: Surepass, detect: func(s shape) bool { return s.k.has("status_code") && s.k.has("success") }},
	// Setu: aadhaar (top level or under data), its error shapes, or a kycURL.
	{name: AdapterSetu, run: Setu, detect: func(s shape) bool {
		return s.k.has("aadhaar") || s.data.has("aadhaar") || (s.k.has("errorCode") && s.k.has("errorMsg")) ||
			(s.k.sub("error").has("code") && s.k.sub("error").has("detail")) || s.k.has("kycURL") || s.k.has("kycUrl")
	}},
	// Sandbox: transaction_id with a non-empty data object.
	{name: AdapterSandbox, run: Sandbox, detect: func(s shape) bool { return s.k.has("transaction_id") && len(s.data) > 0 }},
	// UIDAI SD-JWT resident claims: a UIDAI issuer, or a name with UIDAI
	// address claims.
	{name: AdapterSDJWT, run: SDJWTResidentJSON, detect: func(s shape) bool {
		return strings.HasPrefix(s.k.str("iss"), "https://uidai.gov.in") ||
			(s.k.has("name") && (s.k.has("po_name") || s.k.has("building") || s.k.has("local_name") || s.k.has("pincode")))
	}},
	// Cashfree: split_address, PAN names, ref_id with a status, or uid with
	// care_of.
	{name: AdapterCashfree, run: Cashfree, detect: func(s shape) bool {
		return s.k.has("split_address") || s.k.has("registered_name") || s.k.has("name_pan_card") ||
			(s.k.has("ref_id") && s.k.has("status")) || (s.k.has("uid") && s.k.has("care_of"))
	}},
	// Signzy: result.splitAddress or result.x509Data.
	{name: AdapterSignzy, run: Signzy, detect: func(s shape) bool {
		return s.result.has("splitAddress") || s.result.has("x509Data")
	}},
	// KwikID's error bodies, last because they are the least specific:
	// {"detail", "message"} (401, 404) and {"error": "…"} (500).
	{name: AdapterOVSE, run: OVSE, again: true, detect: func(s shape) bool {
		e := s.k.get("error")
		return len(s.k) <= 2 && s.k.has("detail") && s.k.has("message") || len(s.k) == 1 && len(e) > 0 && e[0] == '"'
	}},
}

// Adapters lists every adapter name, in the order [Detect] first tries
// them.
var Adapters = func() []string {
	var names []string
	for _, a := range adapters {
		if a.name != "" && !a.again {
			names = append(names, a.name)
		}
	}
	return names
}()

// Using runs the adapter named from (one of [Adapters], or "auto" or
// "" for [Auto]) on body.
func Using(from string, body []byte, opts *Options) (*Record, error) {
	if from == "" || from == "auto" {
		return Auto(body, opts)
	}
	a, ok := adapterNamed(from)
	if !ok {
		return nil, fmt.Errorf("%w: no adapter %q", ErrUnknownSource, from)
	}
	return a.run(body, opts)
}

// UsingResponse normalizes an HTTP response: its status code and body. It
// runs [Using] with [Options.HTTPStatus] set to status, so that a status of
// 400 or more makes the record an error, classified by the body's own code
// or else by the status ([HTTPClass]). An error status whose body is empty,
// not JSON or XML, or not one any adapter reads (a gateway's 429 or 503
// page, the journey's bodiless 429 and 503) still gives a record: outcome
// error, classified by the status alone, with Source.Adapter from (or
// "http" for auto) and the warning body_not_read when the body was not
// empty. A body over [Options.MaxBodyBytes] is [ErrTooLarge] whatever the
// status.
func UsingResponse(from string, status int, body []byte, opts *Options) (*Record, error) {
	if _, ok := adapterNamed(from); !ok && from != "" && from != "auto" {
		return nil, fmt.Errorf("%w: no adapter %q", ErrUnknownSource, from)
	}
	o := Options{}
	if opts != nil {
		o = *opts
	}
	o.HTTPStatus = status
	rec, err := Using(from, body, &o)
	if err == nil || status < 400 || errors.Is(err, ErrTooLarge) ||
		!errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownSource) {
		return rec, err
	}
	name := from
	if name == "" || name == "auto" {
		name = "http"
	}
	c := &core{adapter: name, outcome: Error}
	if len(bytes.TrimSpace(body)) > 0 {
		c.warn("body_not_read")
	}
	return build(c, body, &o), nil
}

func adapterNamed(name string) (adapter, bool) {
	for _, a := range adapters {
		if a.name == name && name != "" {
			return a, true
		}
	}
	return adapter{}, false
}

// Auto detects which source produced body ([Detect]) and normalizes it with
// that adapter; Record.Source.Adapter says which. Bodies that match no
// source give [ErrUnknownSource]; an encrypted 1Kosmos envelope gives
// [ErrEncrypted].
func Auto(body []byte, opts *Options) (*Record, error) {
	a, err := detect(body, opts)
	if err != nil {
		return nil, err
	}
	return a.run(body, opts)
}

// Detect tells which adapter reads body, looking only at its structure:
// the XML root element, or the names of the JSON object's members (values,
// photos included, are skipped without being decoded).
func Detect(body []byte, opts *Options) (string, error) {
	a, err := detect(body, opts)
	if err != nil {
		return "", err
	}
	return a.name, nil
}

func detect(body []byte, opts *Options) (adapter, error) {
	if len(body) > opts.maxBody() {
		return adapter{}, ErrTooLarge
	}
	i := skipWS(body, 0)
	if i < len(body) && body[i] == 0xEF && bytes.HasPrefix(body[i:], []byte("\xEF\xBB\xBF")) {
		i = skipWS(body, i+3)
	}
	if i >= len(body) {
		return adapter{}, fmt.Errorf("%w: empty body", ErrMalformed)
	}
	var s shape
	if body[i] == '<' {
		s.xml = body[i:min(len(body), i+4096)]
	} else {
		top, ok := objectMembers(body[i:], 512)
		if !ok {
			return adapter{}, fmt.Errorf("%w: not a json object", ErrMalformed)
		}
		s.k = keySet(top)
		s.data, s.result = s.k.sub("data"), s.k.sub("result")
	}
	for _, a := range adapters {
		if a.detect(s) {
			if a.refuse != nil {
				return adapter{}, a.refuse
			}
			return a, nil
		}
	}
	if s.xml != nil {
		return adapter{}, fmt.Errorf("%w: xml root is not OfflinePaperlessKyc or KycRes", ErrUnknownSource)
	}
	return adapter{}, fmt.Errorf("%w: no adapter recognises the json members", ErrUnknownSource)
}
