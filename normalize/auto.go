package normalize

import (
	"bytes"
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

// Adapters lists every adapter name in a stable order.
var Adapters = []string{AdapterOVSE, AdapterAccuAuth, AdapterJourney, Adapter1Kosmos, AdapterOfflineXML, AdapterQR, AdapterSDJWT,
	AdapterDigiLocker, AdapterCashfree, AdapterSetu, AdapterSurepass, AdapterSandbox, AdapterDecentro, AdapterIDfy, AdapterSignzy,
	AdapterIDA, AdapterRecord}

var adapterFuncs = map[string]func([]byte, *Options) (*Record, error){
	AdapterOVSE: OVSE, AdapterAccuAuth: AccuAuth, AdapterJourney: Journey, Adapter1Kosmos: OneKosmos,
	AdapterOfflineXML: OfflineEKYCXML, AdapterQR: SecureQRJSON, AdapterSDJWT: SDJWTResidentJSON, AdapterDigiLocker: KycResXML,
	AdapterCashfree: Cashfree, AdapterSetu: Setu, AdapterSurepass: Surepass, AdapterSandbox: Sandbox, AdapterDecentro: Decentro,
	AdapterIDfy: IDfy, AdapterSignzy: Signzy, AdapterIDA: IDA, AdapterRecord: FromRecord,
}

// Using runs the adapter named from (one of [Adapters], or "auto" or
// "" for [Auto]) on body.
func Using(from string, body []byte, opts *Options) (*Record, error) {
	if from == "" || from == "auto" {
		return Auto(body, opts)
	}
	fn, ok := adapterFuncs[from]
	if !ok {
		return nil, fmt.Errorf("%w: no adapter %q", ErrUnknownSource, from)
	}
	return fn(body, opts)
}

// Auto detects which source produced body ([Detect]) and normalizes it with
// that adapter; Record.Source.Adapter says which. Bodies that match no
// source give [ErrUnknownSource]; an encrypted 1Kosmos envelope gives
// [ErrEncrypted].
func Auto(body []byte, opts *Options) (*Record, error) {
	name, err := Detect(body, opts)
	if err != nil {
		return nil, err
	}
	return adapterFuncs[name](body, opts)
}

// Detect tells which adapter reads body, looking only at its structure:
// the XML root element, or the names of the JSON object's members (values,
// photos included, are skipped without being decoded).
func Detect(body []byte, opts *Options) (string, error) {
	if len(body) > opts.maxBody() {
		return "", ErrTooLarge
	}
	i := skipWS(body, 0)
	if i < len(body) && body[i] == 0xEF && bytes.HasPrefix(body[i:], []byte("\xEF\xBB\xBF")) {
		i = skipWS(body, i+3)
	}
	if i >= len(body) {
		return "", fmt.Errorf("%w: empty body", ErrMalformed)
	}
	if body[i] == '<' {
		head := body[i:min(len(body), i+4096)]
		switch {
		case bytes.Contains(head, []byte("<OfflinePaperlessKyc")):
			return AdapterOfflineXML, nil
		case bytes.Contains(head, []byte("<KycRes")) || bytes.Contains(head, []byte("<Certificate")):
			return AdapterDigiLocker, nil
		}
		return "", fmt.Errorf("%w: xml root is not OfflinePaperlessKyc or KycRes", ErrUnknownSource)
	}
	top, ok := objectMembers(body[i:], 512)
	if !ok {
		return "", fmt.Errorf("%w: not a json object", ErrMalformed)
	}
	k := keySet(top)
	data := k.sub("data")
	result := k.sub("result")
	switch {
	case k.str("schema") == SchemaV1:
		return AdapterRecord, nil
	case k.has("verified_claims"):
		return AdapterIDA, nil
	case k.has("publicKey") && k.has("data") && len(k) <= 3:
		return "", ErrEncrypted
	case k.has("session_status") || data.has("session_status"):
		return AdapterOVSE, nil
	case k.has("sessionResult") || k.has("responseStatus") || k.has("dl_object") || k.has("ppt_object") ||
		k.has("idcard_object") || k.has("liveid_object"):
		return Adapter1Kosmos, nil
	case k.has("text_data"):
		return AdapterQR, nil
	case k.has("decentroTxnId"):
		return AdapterDecentro, nil
	case k.has("task_id") && k.has("action"):
		return AdapterIDfy, nil
	case k.has("decision") || data.has("keys"):
		return AdapterJourney, nil
	case k.has("request_id") && (k.has("result") || k.has("status")):
		return AdapterAccuAuth, nil
	case k.has("status_code") && k.has("success"):
		return AdapterSurepass, nil
	case k.has("aadhaar") || data.has("aadhaar") || (k.has("errorCode") && k.has("errorMsg")) ||
		(k.sub("error").has("code") && k.sub("error").has("detail")) || k.has("kycURL") || k.has("kycUrl"):
		return AdapterSetu, nil
	case k.has("transaction_id") && len(data) > 0:
		return AdapterSandbox, nil
	case strings.HasPrefix(k.str("iss"), "https://uidai.gov.in") ||
		(k.has("name") && (k.has("po_name") || k.has("building") || k.has("local_name") || k.has("pincode"))):
		return AdapterSDJWT, nil
	case k.has("split_address") || k.has("registered_name") || k.has("name_pan_card") ||
		(k.has("ref_id") && k.has("status")) || (k.has("uid") && k.has("care_of")):
		return AdapterCashfree, nil
	case result.has("splitAddress") || result.has("x509Data"):
		return AdapterSignzy, nil
	}
	return "", fmt.Errorf("%w: no adapter recognises the json members", ErrUnknownSource)
}
