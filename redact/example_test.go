package redact_test

import (
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/kyckit/kyckit/redact"
)

// The numbers below are invented; they only have valid check digits.
func ExampleRedactor_Redact() {
	r, err := redact.New(nil)
	if err != nil {
		panic(err)
	}
	line := []byte("kyc ok uid=2341 2341 2346 mobile=+91 98765 43210 pan=ABCPE1234F mail ravi.kumar@example.in")
	fmt.Println(string(r.Redact(nil, line)))
	// Output: kyc ok uid=[AADHAAR] mobile=[MOBILE] pan=[PAN] mail [EMAIL]
}

func ExampleRedactor_Redact_json() {
	r, _ := redact.New(nil)
	resp := `{"status":"success","data":{"name":"Ravi Kumar","dob":"01-01-1990","ref":"2341-2341-2346","address":{"pc":"560001"}}}`
	fmt.Println(r.RedactString(resp))
	// Output: {"status":"success","data":{"name":"[REDACTED]","dob":"[REDACTED]","ref":"[AADHAAR]","address":"[REDACTED]"}}
}

func ExampleOptions_partial() {
	r, _ := redact.New(&redact.Options{
		Mode:  redact.Partial,
		Modes: map[redact.Kind]redact.Mode{redact.Email: redact.Mask},
	})
	fmt.Println(r.RedactString("uid 234123412346, +91 98765 43210, ABCPE1234F, ravi@example.in"))
	// Output: uid XXXX XXXX 2346, XXXXXX3210, ABCPEXXXXF, [EMAIL]
}

func ExampleOptions_hash() {
	key := []byte("an example key of 32 bytes......") // load from a secret store
	r, _ := redact.New(&redact.Options{Mode: redact.Hash, HashKey: key, HashKeyID: "k1"})
	a := r.RedactString("2341 2341 2346")
	b := r.RedactString("234123412346")
	fmt.Println(strings.HasPrefix(a, "[AADHAAR:k1:"), a == b)
	// Output: true true
}

func ExampleNewHandler() {
	r, _ := redact.New(nil)
	inner := slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{} // stable output for the example
			}
			return a
		},
	})
	log := slog.New(redact.NewHandler(inner, r))
	log.Info("ekyc done for 2341 2341 2346", "name", "Ravi Kumar", "mobile_no", "9876543210", "attempt", 2)
	// Output: {"level":"INFO","msg":"ekyc done for [AADHAAR]","name":"[REDACTED]","mobile_no":"[MOBILE]","attempt":2}
}

func ExampleNewWriter() {
	r, _ := redact.New(nil)
	w := redact.NewWriter(os.Stdout, r)
	defer w.Close()
	// A token split across writes is still caught.
	fmt.Fprint(w, "vid 9134 5678 ")
	fmt.Fprint(w, "9012 3450 verified\n")
	// Output: vid [VID] verified
}

// Vendors name their keys in many ways; the words of a key decide, with a
// safe-list for technical names and value rules for keys that mean
// something else elsewhere.
func ExampleRedactor_Redact_keys() {
	r, _ := redact.New(nil)
	resp := `{"customer_name":"Ravi Kumar","nameOnCard":"RAVI KUMAR","otpValue":"482913","file_name":"kyc.pdf","name_match_score":"90.00","result":"success","uid":1000}`
	fmt.Println(r.RedactString(resp))
	// Output: {"customer_name":"[REDACTED]","nameOnCard":"[REDACTED]","otpValue":"[REDACTED]","file_name":"kyc.pdf","name_match_score":"90.00","result":"success","uid":1000}
}

// IP addresses are redacted only when asked.
func ExampleOptions_ip() {
	r, _ := redact.New(&redact.Options{Modes: map[redact.Kind]redact.Mode{redact.IP: redact.Partial}})
	fmt.Println(r.RedactString("login from 10.0.12.34 and 2001:db8::1"))
	// Output: login from 10.0.x.x and [IP]
}

// A record held as a map (attributes, decoded JSON) is redacted field by
// field as Redact redacts it written as a JSON object.
func ExampleRedactor_RedactField() {
	r, _ := redact.New(nil)
	fields := []struct {
		key, value string
		t          redact.ValueType
	}{
		{"operator.email", "asha.rao@example.in", redact.TypeString},
		{"mobile", "9876543210", redact.TypeString},
		{"uid", "7", redact.TypeNumber},
		{"note", "pan ABCPE1234F", redact.TypeString},
		{"file_name", "kyc.pdf", redact.TypeString},
	}
	for _, f := range fields {
		res := r.RedactField(f.key, f.value, f.t, nil)
		switch res.Action {
		case redact.Replace:
			fmt.Printf("%s: %s\n", f.key, res.Value)
		case redact.Keep:
			fmt.Printf("%s: kept\n", f.key)
		}
	}
	// Output:
	// operator.email: [REDACTED]
	// mobile: [MOBILE]
	// uid: kept
	// note: pan [PAN]
	// file_name: kept
}
