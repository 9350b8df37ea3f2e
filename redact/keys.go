// Sensitive key names: the exact default set, and matching by tokens for
// the names vendors actually use ("customer_name", "nameOnCard",
// "bankAccountNumber", "otpValue", "X-Api-Key").
//
// A key name is normalized (ASCII lowercase, '_' and '-' dropped) and
// looked up in the exact set first: the defaults, Options.ExtraKeys and
// ExtraSecretKeys, and the names Options.IgnoreKeys removed, which are
// never sensitive. A name not in the set is split into tokens at '_', '-',
// '.', ' ', ':', '/', at lower-to-upper case changes ("nameOnCard") and at
// letter/digit changes ("address1"), and its last token (the head, after
// dropping filler such as "value", "raw", "hash", digits and a plural 's')
// decides:
//
//   - a personal head is sensitive: name, dob, address, email, mobile,
//     phone, aadhaar, pan, passport, otp, photo, signature…;
//   - "name" is not when the token before it is on the safe-list of
//     technical qualifiers (file, host, service, app, logger, bucket,
//     bank, branch, company, image…), "address" not after ip, mac, host,
//     remote…;
//   - "number", "no", "num" are sensitive after account, card, aadhaar,
//     mobile, passport, dl, licence, vehicle… ("account_number"); "id"
//     after voter, email, upi, passport…; "code" after pin, postal, otp,
//     auth, security…; "key" after api, secret, private, access, license…;
//     "token" unless after page, next, continuation, cursor; "line" after
//     address;
//   - credentials are Secret: password, secret, token, cookie,
//     authorization, cvv, pin, credentials, api keys;
//   - phrases: "name on card", "name as per PAN", "name at bank", "date of
//     birth", "place of birth", "care of".
//
// A name without separators or case changes ("customername") cannot be
// split: it is sensitive when it is a known stem and head written together
// ("customer"+"name", "account"+"number"), never by default.
//
// Some keys are sensitive only for some values (keyRule): "result" holds a
// vendor's whole answer when it is an object, but "success" is a status;
// "image" is a photo in base64 but "nginx:1.25" is a container image; "uid"
// is an Aadhaar number with 12 digits but a POSIX user with 4; "pc" is a
// PIN code with 6 digits; "requestid" is a 1Kosmos credential only in a
// 1Kosmos context; "name" in a log record's envelope is the logger's name.

package redact

import "bytes"

// keyRule says for which values a sensitive key's value is replaced whole.
type keyRule uint8

const (
	// ruleWhole replaces every value.
	ruleWhole keyRule = iota
	// ruleContainer replaces objects and arrays; any other value is
	// scanned ("result": {...} versus "result": "success").
	ruleContainer
	// ruleBlob replaces objects, arrays and strings that hold encoded data
	// (base64 of at least blobMin bytes, a data: URI); any other value is
	// scanned ("image": "nginx:1.25" is a container image).
	ruleBlob
	// ruleUID replaces a value of 10 or more digits (Aadhaar numbers and
	// VIDs, whatever their check digit); any other value is scanned
	// ("uid=1000" in an audit log is a POSIX user).
	ruleUID
	// rulePIN replaces a six-digit Indian PIN code; any other value is
	// scanned ("pc=0x4a5b3c" is a program counter).
	rulePIN
	// ruleKosmos replaces the value in a 1Kosmos context (see
	// kosmosContext); elsewhere it is scanned like any value: a request id
	// is no secret.
	ruleKosmos
	// ruleEnvelope replaces a value that is a 1Kosmos envelope ("data").
	ruleEnvelope
	// ruleName replaces the value, except a logger's name in the envelope
	// of a log record (see loggerName).
	ruleName
	// ruleTraceID keeps a hex id as it is, unscanned (OpenTelemetry span
	// and trace ids, which may be all digits); any other value is scanned.
	ruleTraceID
)

// keyInfo is what a key name says about its value. kind 0 is not
// sensitive (unless rule is ruleTraceID, which is no redaction).
type keyInfo struct {
	kind Kind
	rule keyRule
	// eol: in free text, an unquoted value runs to the end of the line
	// (an Authorization or Cookie header: "Cookie: a=1; b=2").
	eol bool
	// scan: the name itself may hold personal data (see scanKey), a
	// property of its bytes cached with the decision: the JSON parser
	// tests it for every key, and scanKey's loop and the branch on the
	// name's length cost more than the cache's bit.
	scan bool
}

// blobMin is the shortest base64 value that ruleBlob replaces.
const blobMin = 64

// exactRules gives the default keys whose values are replaced only for
// some values.
var exactRules = map[string]keyRule{
	"name": ruleName, "result": ruleContainer, "uid": ruleUID, "pc": rulePIN,
	"image": ruleBlob, "imagefront": ruleBlob, "imageback": ruleBlob, "photo": ruleBlob, "pht": ruleBlob,
	"face": ruleBlob, "userphoto": ruleBlob, "profileimage": ruleBlob, "signature": ruleBlob, "pdf": ruleBlob,
	"aadhaarpdf": ruleBlob, "requestid": ruleKosmos,
}

// traceKeys name OpenTelemetry and W3C trace-context ids.
var traceKeys = []string{"spanid", "traceid", "parentid", "parentspanid", "traceparent"}

// plainKeys are common log keys that are never sensitive: looking them up
// skips the token rules.
var plainKeys = []string{
	"time", "ts", "timestamp", "level", "lvl", "severity", "msg", "message", "status", "code", "state",
	"session", "sessionid", "id", "type", "method", "path", "url", "uri", "host", "hostname", "pid",
	"v", "logger", "caller", "source", "error", "err", "duration", "latency", "latencyms", "attempt",
	"count", "event", "service", "version", "env", "success", "ok", "kind", "txn", "txnid", "ref",
}

// keyTokens holds the tokens of a key name, lowercase.
type keyTokens struct {
	buf [maxKeyLen]byte
	end [16]uint8 // end of token k in buf; token k starts at end[k-1]
	n   int
}

func (t *keyTokens) tok(k int) []byte {
	if k < 0 || k >= t.n {
		return nil
	}
	start := uint8(0)
	if k > 0 {
		start = t.end[k-1]
	}
	return t.buf[start:t.end[k]]
}

// split tokenizes name (see the file comment).
func (t *keyTokens) split(name []byte) {
	t.n = 0
	w := uint8(0)
	open := false
	for i, c := range name {
		brk := false
		switch {
		case isLetter(c) || isDigit(c):
			if open && i > 0 {
				p := name[i-1]
				switch {
				case isUpper(c) && isLetter(p) && !isUpper(p): // nameOn
					brk = true
				case isUpper(c) && isUpper(p) && i+1 < len(name) && isLetter(name[i+1]) && !isUpper(name[i+1]): // XMLHttp
					brk = true
				case isDigit(c) != isDigit(p): // address1, 2fa
					brk = true
				}
			}
		default:
			if open {
				t.close(w)
				open = false
			}
			continue
		}
		if brk {
			t.close(w)
		}
		if int(w) < len(t.buf) {
			t.buf[w] = lower(c)
			w++
		}
		open = true
	}
	if open {
		t.close(w)
	}
}

func (t *keyTokens) close(w uint8) {
	if t.n > 0 && t.end[t.n-1] == w {
		return
	}
	if t.n == len(t.end) {
		copy(t.end[:], t.end[1:]) // keep the last tokens: the head is at the end
		t.n--
	}
	t.end[t.n] = w
	t.n++
}

// set is a set of words: one bit of wordBits, so that one lookup tells
// every set a word is in.
type set uint32

// wordBits holds the sets of every word the key rules know.
var wordBits = map[string]set{}

// nextSet is the bit of the next set words makes.
var nextSet set = 1

// words makes a set of ws.
func words(ws ...string) set {
	b := nextSet
	nextSet <<= 1
	for _, w := range ws {
		wordBits[w] |= b
	}
	return b
}

// wordTab is wordBits as a strTab, built once all the sets are made.
var wordTab strTab[set]

func init() { wordTab = newStrTab(wordBits) }

// wordsOf returns the sets w is in. It does not allocate.
func wordsOf(w []byte) set {
	s, _ := wordTab.get(w)
	return s
}

var (
	// fillers are dropped from the end before the head is read.
	fillers = words("value", "val", "text", "txt", "str", "string", "raw", "hash", "hashed", "masked",
		"plain", "clear", "full", "list", "arr", "array", "details", "detail", "info")

	// fieldHeads are personal data whatever comes before them.
	fieldHeads = words("firstname", "lastname", "middlename", "fullname", "surname", "givenname",
		"familyname", "fathername", "mothername", "spousename", "nickname", "father", "mother",
		"spouse", "husband", "guardian",
		"dob", "birthdate", "birthday", "yob", "gender", "sex", "birth",
		"street", "house", "landmark", "locality", "vtc", "village", "city", "district", "dist",
		"subdist", "subdistrict", "postoffice", "pincode", "zipcode", "postcode", "zip",
		"email", "mobile", "phone", "telephone", "msisdn", "whatsapp", "contact", "landline",
		"aadhaar", "aadhar", "adhaar", "vid", "pan", "passport", "epic", "tin", "ssn", "vpa", "upi",
		"otp", "xml")

	// blobHeads hold images or documents.
	blobHeads = words("photo", "selfie", "face", "pht", "image", "picture", "signature", "thumbprint",
		"fingerprint", "pdf")

	// secretHeads are credentials.
	secretHeads = words("password", "passwd", "pwd", "passphrase", "passcode", "secret", "token",
		"cookie", "authorization", "credential", "credentials", "cvv", "cvc", "cvv2", "pin", "mpin",
		"tpin", "apikey", "privatekey", "licensekey", "sessiontoken", "accesstoken", "refreshtoken")

	// nameSafe qualifiers make "x_name" a technical name, not a person's.
	nameSafe = words("file", "host", "user", "service", "svc", "app", "application", "logger", "log",
		"event", "span", "metric", "table", "bucket", "queue", "topic", "container", "pod", "node",
		"cluster", "namespace", "ns", "key", "field", "column", "col", "template", "tmpl", "product",
		"plan", "bank", "branch", "device", "browser", "os", "model", "brand", "company", "org",
		"organization", "organisation", "merchant", "business", "vendor", "provider", "partner",
		"tenant", "env", "environment", "region", "zone", "job", "task", "step", "stage", "flow",
		"workflow", "method", "function", "func", "fn", "class", "module", "package", "pkg",
		"operation", "op", "route", "handler", "attribute", "attr", "param", "parameter", "header",
		"cookie", "db", "database", "schema", "index", "role", "group", "policy", "rule", "check",
		"test", "scheme", "document", "doc", "dir", "folder", "path", "image", "domain", "server",
		"instance", "project", "repo", "repository", "tag", "commit", "build", "release",
		"version", "feature", "flag", "experiment", "campaign", "channel", "source", "target",
		"action", "activity", "command", "cmd", "process", "program", "tool", "library", "lib",
		"plugin", "component", "resource", "kind", "type", "state", "country", "currency",
		"language", "locale", "timezone", "font", "color", "colour", "theme", "icon", "screen",
		"page", "view", "window", "tab", "menu", "button", "form", "input", "element", "widget",
		"content", "media", "asset", "object", "entity", "record", "item", "category", "section",
		"collection", "variable", "var", "property", "prop", "setting", "config", "option",
		"secret", "card", "network", "interface", "queue", "stream", "sheet", "report", "attachment")

	// addressSafe qualifiers make "x_address" a network or memory address.
	addressSafe = words("ip", "ipv4", "ipv6", "mac", "host", "server", "remote", "local", "bind",
		"listen", "peer", "proxy", "gateway", "dns", "memory", "mem", "base", "return", "wallet",
		"contract", "network", "net", "socket", "sock", "node", "hardware", "broadcast", "multicast",
		"loopback", "src", "dst", "client", "forwarded", "real")

	// numberStems make "x_number", "x_no", "x_num" personal.
	numberStems = words("account", "acct", "acc", "ac", "card", "aadhaar", "aadhar", "adhaar", "uid",
		"pan", "passport", "voter", "epic", "mobile", "mob", "phone", "ph", "contact", "whatsapp",
		"telephone", "tel", "fax", "dl", "licence", "license", "vehicle", "rc", "id", "enrolment",
		"enrollment", "ssn", "tin", "upi", "vid", "debit", "credit", "bank", "cif", "building",
		"flat", "door", "plot", "ration", "aadhaarcard")

	// idStems make "x_id" personal.
	idStems = words("voter", "email", "mail", "aadhaar", "aadhar", "upi", "vpa", "passport", "pan",
		"national", "tax", "epic", "ration")

	// codeStems make "x_code" personal (pin, postal…) or a credential.
	codeStems       = words("pin", "postal", "zip", "post")
	codeSecretStems = words("otp", "share", "auth", "verification", "recovery", "backup", "mfa", "totp",
		"secret", "security", "access", "passcode")

	// keyStems make "x_key" a credential.
	keyStems = words("api", "secret", "private", "access", "license", "licence", "session",
		"encryption", "signing", "client", "master", "hmac", "app", "auth", "subscription", "sdk")

	// tokenSafe qualifiers make "x_token" no credential.
	tokenSafe = words("page", "next", "prev", "continuation", "cursor", "pagination", "sync", "resume",
		"type", "count")

	// namePreps start a phrase after "name": name on card, name as per
	// PAN, name at bank, name in Aadhaar.
	namePreps = words("on", "as", "at", "in", "per")

	// nameStems, written together with "name" ("customername"), are a
	// person's name.
	nameStems = words("first", "last", "middle", "full", "given", "family", "father", "mother",
		"spouse", "husband", "wife", "guardian", "customer", "holder", "cardholder", "accountholder",
		"account", "applicant", "beneficiary", "bene", "payee", "payer", "nominee", "person", "display",
		"legal", "maiden", "sur", "nick", "resident", "candidate", "patient", "borrower", "coapplicant",
		"owner", "relative", "care", "parent", "member", "consumer", "employee")

	// addressStems, written together with "address", are a postal or
	// e-mail address.
	addressStems = words("email", "street", "home", "permanent", "current", "residential", "postal",
		"billing", "shipping", "mailing", "full", "formatted", "correspondence", "office", "communication")
)

// classify applies the token rules to a key name that is not in the exact
// set.
func classify(t *keyTokens, norm []byte) keyInfo {
	n := t.n
	// Drop fillers and digits from the end.
	for n > 1 {
		h := t.tok(n - 1)
		if wordsOf(h)&fillers != 0 || isDigit(h[0]) {
			n--
			continue
		}
		break
	}
	if n == 0 {
		return keyInfo{}
	}
	head, prev := t.tok(n-1), t.tok(n-2)
	if info, ok := headInfo(head, prev, n); ok {
		return info
	}
	// A plural head: "emails", "phones", "addresses", "photos".
	if l := len(head); l > 3 && head[l-1] == 's' {
		for _, sing := range [...][]byte{head[:l-1], head[:l-2]} {
			if len(sing) > 2 {
				if info, ok := headInfo(sing, prev, n); ok {
					return info
				}
			}
		}
	}
	// "name on card", "name as per aadhaar", "name at bank".
	if n >= 3 && string(t.tok(0)) == "name" && wordsOf(t.tok(1))&namePreps != 0 {
		return keyInfo{kind: Field}
	}
	if n == 1 {
		return compound(norm)
	}
	return keyInfo{}
}

// headInfo decides a key by its head token and the token before it.
func headInfo(head, prev []byte, n int) (keyInfo, bool) {
	pb := wordsOf(prev)
	switch string(head) {
	case "name":
		if pb&nameSafe != 0 {
			return keyInfo{}, true
		}
		if n == 1 {
			return keyInfo{kind: Field, rule: ruleName}, true
		}
		return keyInfo{kind: Field}, true
	case "address", "addr", "addresse":
		if pb&addressSafe != 0 {
			return keyInfo{}, true
		}
		return keyInfo{kind: Field}, true
	case "number", "no", "num", "nbr", "numbr":
		if pb&numberStems != 0 {
			return keyInfo{kind: Field}, true
		}
		return keyInfo{}, true
	case "id":
		if pb&idStems != 0 {
			return keyInfo{kind: Field}, true
		}
		if string(prev) == "request" && n == 2 {
			return keyInfo{kind: Secret, rule: ruleKosmos}, true
		}
		if (string(prev) == "span" || string(prev) == "trace" || string(prev) == "parent") && n <= 3 {
			return keyInfo{rule: ruleTraceID}, true
		}
		return keyInfo{}, true
	case "code":
		switch {
		case pb&codeStems != 0:
			return keyInfo{kind: Field}, true
		case pb&codeSecretStems != 0:
			return keyInfo{kind: Secret}, true
		}
		return keyInfo{}, true
	case "key":
		if pb&keyStems != 0 {
			return keyInfo{kind: Secret}, true
		}
		return keyInfo{}, true
	case "token":
		if pb&tokenSafe != 0 {
			return keyInfo{}, true
		}
		return keyInfo{kind: Secret}, true
	case "line":
		if string(prev) == "address" || string(prev) == "addr" || string(prev) == "street" {
			return keyInfo{kind: Field}, true
		}
		return keyInfo{}, true
	case "account":
		if string(prev) == "bank" {
			return keyInfo{kind: Field}, true
		}
		return keyInfo{}, true
	case "date", "place", "year", "day", "country", "city":
		if string(prev) == "birth" {
			return keyInfo{kind: Field}, true
		}
		if string(head) == "city" {
			return keyInfo{kind: Field}, true
		}
		return keyInfo{}, true
	case "of":
		if string(prev) == "care" {
			return keyInfo{kind: Field}, true
		}
		return keyInfo{}, false
	case "office":
		if string(prev) == "post" {
			return keyInfo{kind: Field}, true
		}
		return keyInfo{}, true
	case "result":
		return keyInfo{kind: Field, rule: ruleContainer}, true
	case "uid":
		return keyInfo{kind: Field, rule: ruleUID}, true
	case "mail":
		if string(prev) == "e" {
			return keyInfo{kind: Field}, true
		}
		return keyInfo{}, false
	}
	switch hb := wordsOf(head); {
	case hb&fieldHeads != 0:
		return keyInfo{kind: Field}, true
	case hb&blobHeads != 0:
		return keyInfo{kind: Field, rule: ruleBlob}, true
	case hb&secretHeads != 0:
		return keyInfo{kind: Secret, eol: string(head) == "cookie" || string(head) == "authorization"}, true
	}
	return keyInfo{}, false
}

// compound decides a one-token name that may be a stem and a head written
// together ("customername", "accountnumber", "emailid", "apikey").
func compound(norm []byte) keyInfo {
	cut := func(suffix string) (set, bool) {
		if len(norm) > len(suffix) && bytes.HasSuffix(norm, []byte(suffix)) {
			return wordsOf(norm[:len(norm)-len(suffix)]), true
		}
		return 0, false
	}
	if p, ok := cut("name"); ok && p&nameStems != 0 {
		return keyInfo{kind: Field}
	}
	for _, suf := range [...]string{"number", "num", "no"} {
		if p, ok := cut(suf); ok && p&numberStems != 0 {
			return keyInfo{kind: Field}
		}
	}
	if p, ok := cut("id"); ok && p&idStems != 0 {
		return keyInfo{kind: Field}
	}
	if p, ok := cut("address"); ok && p&addressStems != 0 {
		return keyInfo{kind: Field}
	}
	if p, ok := cut("code"); ok {
		if p&codeStems != 0 {
			return keyInfo{kind: Field}
		}
		if p&codeSecretStems != 0 {
			return keyInfo{kind: Secret}
		}
	}
	if p, ok := cut("key"); ok && p&keyStems != 0 {
		return keyInfo{kind: Secret}
	}
	if p, ok := cut("token"); ok && p&tokenSafe == 0 {
		return keyInfo{kind: Secret}
	}
	for _, suf := range [...]string{"password", "passwd", "secret"} {
		if _, ok := cut(suf); ok {
			return keyInfo{kind: Secret}
		}
	}
	switch string(norm) {
	case "dateofbirth", "placeofbirth", "yearofbirth", "nameoncard", "careof":
		return keyInfo{kind: Field}
	}
	return keyInfo{}
}

// normKey writes the normalized form of a key name (at most maxKeyLen
// bytes) to buf and returns it: ASCII lowercase, without '_' and '-', so
// that "first_name", "firstName" and "First-Name" are one key.
func normKey(buf *[maxKeyLen]byte, name []byte) []byte {
	n := 0
	for _, c := range name {
		if c == '_' || c == '-' {
			continue
		}
		buf[n] = lower(c)
		n++
	}
	return buf[:n]
}

// lookupKey returns what key name says about its value. It does not
// allocate. Names of up to 32 bytes go through r.keyCache; a hit on a
// short name read from a line costs no call.
func (r *Redactor) lookupKey(name []byte) keyInfo {
	if n := len(name); n > 0 && n <= 16 && cap(name) >= 16 && r.keyCache != nil {
		k0, k1 := rawKey16(name)
		if m := r.keyCache.slot(k0, k1, n).get(k0, k1, n); m != 0 {
			return unpackMeta(m)
		}
	}
	return r.lookupKeyMiss(name)
}

// lookupKeyMiss is lookupKey past a cache hit on a short name.
func (r *Redactor) lookupKeyMiss(name []byte) keyInfo {
	if n := len(name); n > 0 && n <= 16 && r.keyCache != nil {
		k0, k1 := rawKey(name)
		slot := r.keyCache.slot(k0, k1, n)
		if m := slot.get(k0, k1, n); m != 0 {
			return unpackMeta(m)
		}
		info := r.decideKey(name)
		slot.put(k0, k1, n, info)
		return info
	}
	if n := len(name); n > 16 && n <= 32 && r.keyCache != nil {
		k := rawLongKey(name)
		slot := r.keyCache.longSlot(&k, n)
		if info, ok := slot.get(&k, n); ok {
			return info
		}
		info := r.decideKey(name)
		slot.put(&k, n, info)
		return info
	}
	return r.decideKey(name)
}

// decideKey is lookupKey without the cache.
func (r *Redactor) decideKey(name []byte) keyInfo {
	info := r.keyRules(name)
	info.scan = len(name) >= 8 && scanKey(name)
	return info
}

// keyRules is decideKey without the scan of the name.
func (r *Redactor) keyRules(name []byte) keyInfo {
	if len(name) == 0 || len(name) > maxKeyLen {
		return keyInfo{}
	}
	var buf [maxKeyLen]byte
	l := normKey(&buf, name)
	if len(l) == 0 {
		return keyInfo{}
	}
	if info, ok := r.keys.get(l); ok {
		return info
	}
	if !r.tokenKeys || (bytes.IndexByte(name, '[') >= 0 && hasTag(name, 0, len(name), len(name))) {
		// A key that holds a redaction tag was redacted itself
		// ("[AADHAAR]": a number used as a key): its words are the tag's.
		return keyInfo{}
	}
	var t keyTokens
	t.split(name)
	return classify(&t, l)
}

// whole reports whether value v of a key described by info is replaced
// whole. vt is the value's type: 's' a string (or unquoted text), 'n' a
// number, 'o' an object or array. e is the pass over the whole line, for
// the rules that look at the context (nil for a slog attribute: no line);
// depth is the JSON depth of the object holding the key (1 for a
// top-level key, 0 in free text).
func (r *Redactor) whole(info keyInfo, v []byte, vt byte, e *emitter, depth int) bool {
	switch info.rule {
	case ruleWhole:
		return true
	case ruleContainer:
		return vt == 'o'
	case ruleBlob:
		return vt == 'o' || blobValue(v)
	case ruleUID:
		return vt != 'o' && uidValue(v)
	case rulePIN:
		return vt != 'o' && pinValue(v)
	case ruleKosmos:
		return (vt == 's' && kosmosEnvelope(v)) || (e != nil && e.lineHas(&e.kosmos, kosmosContext))
	case ruleEnvelope:
		return vt == 's' && isEnvelope(v)
	case ruleName:
		return !(depth <= 1 && vt == 's' && e != nil && loggerName(v) && e.lineHas(&e.envelope, logEnvelope))
	}
	return false
}

// blobValue reports whether v holds encoded data: a data: URI, or at least
// blobMin bytes of base64 (standard or URL alphabet, padded or not, with
// line breaks) at its start; the rest is not read, as the whole value goes.
func blobValue(v []byte) bool {
	if hasPrefixFold(v, "data:") {
		return true
	}
	if len(v) < blobMin {
		return false
	}
	v = v[:blobMin]
	for k := 0; k < len(v); k++ {
		c := v[k]
		switch {
		case isB64Std(c), c == '-', c == '_', c == '=', c == '\n', c == '\r':
		case c == '\\' && k+1 < len(v) && (v[k+1] == 'n' || v[k+1] == 'r' || v[k+1] == '/'):
			k++
		default:
			return false
		}
	}
	return true
}

// uidValue reports whether v is a number of 10 or more digits, grouped or
// not: an Aadhaar number or VID after "uid", whatever its check digit.
func uidValue(v []byte) bool {
	n := 0
	for k := 0; k < len(v); {
		if _, l := digitAt(v, k, len(v)); l > 0 {
			n++
			k += l
			continue
		}
		if l, _ := sepAt(v, k, len(v)); l > 0 {
			k += l
			continue
		}
		return false
	}
	return n >= 10
}

// pinValue reports whether v is an Indian PIN code: six digits, the first
// 1-9, possibly as "560 001".
func pinValue(v []byte) bool {
	if len(v) == 7 && v[3] == ' ' {
		return v[0] != '0' && allDigits(v[:3]) && allDigits(v[4:])
	}
	return len(v) == 6 && v[0] != '0' && allDigits(v)
}

// hexID reports whether v is an id written in hex, such as an
// OpenTelemetry span id (16 hex digits) or trace id (32).
func hexID(v []byte) bool {
	if len(v) < 8 || len(v) > 64 {
		return false
	}
	for _, c := range v {
		if hexVal(c) < 0 {
			return false
		}
	}
	return true
}

// kosmosEnvelope reports whether v is a 1Kosmos envelope, as its
// requestid header carries one: base64 of IV, ciphertext and tag (44 bytes
// or more), with letters of both cases — a hex digest is not one.
func kosmosEnvelope(v []byte) bool {
	if !isEnvelope(v) {
		return false
	}
	up, low := false, false
	for _, c := range v {
		up = up || isUpper(c)
		low = low || (c >= 'a' && c <= 'z')
	}
	return up && low
}

// kosmosContext reports whether line is a 1Kosmos request or response: it
// names the licensekey header (case-insensitive, with or without '_' or
// '-'), which 1Kosmos sends with every requestid.
//
// A "1Kosmos context" is thus: the requestid value itself is an envelope
// (kosmosEnvelope), or the same line carries a licensekey. Elsewhere a
// request_id or requestId is an ordinary id and is only scanned.
func kosmosContext(line []byte) bool {
	// Find "icense" or "ICENSE" first (fast), then check the rest.
	for off := 0; off < len(line); {
		a := bytes.Index(line[off:], []byte("icense"))
		if b := bytes.Index(line[off:], []byte("ICENSE")); b >= 0 && (a < 0 || b < a) {
			a = b
		}
		if a < 0 {
			return false
		}
		k := off + a - 1 // at the 'l'
		off += a + 1
		if k < 0 || line[k]|0x20 != 'l' {
			continue
		}
		// line[k:k+7] is "license": the search found its "icense". (A
		// branch for "licence" used to follow; that spelling never reaches
		// here and 1Kosmos does not use it.)
		j := k + 7
		if j < len(line) && (line[j] == '_' || line[j] == '-') {
			j++
		}
		if hasPrefixFold(line[j:], "key") {
			return true
		}
	}
	return false
}

// loggerName reports whether v can be a logger's name: an identifier such
// as "kyc-worker", "com.example.kyc" or "uvicorn.error", starting with a
// lowercase letter or '_', without spaces.
func loggerName(v []byte) bool {
	if len(v) == 0 || len(v) > 128 || !(v[0] >= 'a' && v[0] <= 'z' || v[0] == '_') {
		return false
	}
	for _, c := range v {
		if !(isAlnum(c) || c == '.' || c == '_' || c == '-' || c == ':' || c == '/') {
			return false
		}
	}
	return true
}

// logEnvelope reports whether line is a log record that carries its
// logger's name in "name" (Bunyan, pino, Python's JSON loggers): it has a
// level key and a message key.
func logEnvelope(line []byte) bool {
	level := false
	for _, k := range [...]string{`"level"`, `level=`, `"lvl"`, `lvl=`, `"severity"`, `severity=`} {
		if bytes.Contains(line, []byte(k)) {
			level = true
			break
		}
	}
	if !level {
		return false
	}
	for _, k := range [...]string{`"msg"`, `msg=`, `"message"`, `message=`} {
		if bytes.Contains(line, []byte(k)) {
			return true
		}
	}
	return false
}
