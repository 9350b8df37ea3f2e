package normalize_test

import (
	"fmt"
	"strings"

	"github.com/kyckit/kyckit/normalize"
)

func ExampleAuto() {
	body := []byte(`{
	  "session_status": "completed", "success": true, "txn": "txn-1",
	  "name": "Meera  Nair Iyer", "dob": "1991-07-23", "gender": "F", "mobile": "91234 56780",
	  "result": {"uid": "xxxxxxxx5678", "care_of": "D/O: Suresh Iyer", "state": "Orissa", "pincode": "751001"}
	}`)
	rec, err := normalize.Auto(body, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := rec.Claims
	fmt.Println(rec.Source.Adapter, rec.Result.Outcome)
	fmt.Println(c.Name, c.Birthdate, c.Gender, c.PhoneNumber)
	fmt.Println(c.Address.Region, c.Address.IN.StateCode, c.Address.PostalCode)
	fmt.Println(rec.IN.Aadhaar.Masked, rec.IN.CareOf.Relation, rec.Warnings)
	fmt.Println(rec) // masked
	// Output:
	// ovse verified
	// Meera Nair Iyer 1991-07-23 female +919123456780
	// Odisha IN-OD 751001
	// XXXXXXXX5678 daughter_of [state_alias:Orissa]
	// normalize.Record{adapter=ovse outcome=verified claims=[name,birthdate,gender,address,phone_number,aadhaar_last4] REDACTED}
}

func ExampleCompareNames() {
	m := normalize.CompareNames("Anita Kumari", "Ankita Kumari")
	fmt.Println(m.Optimistic.Category, m.Pessimistic.Category)
	// Output: HIGH_PARTIAL_MATCH MODERATE_PARTIAL_MATCH
}

func ExampleCompare() {
	a, _ := normalize.Auto([]byte(`{"request_id":"r1","status":"OK","result":{"full_name":"Mr. Rakesh Kumar Singh","dob":"1990-04-05","gender":"M","zip":"110001","aadhaar_number":"xxxxxxxx2346"}}`), nil)
	b, _ := normalize.Auto([]byte(`{"session_status":"completed","name":"Rakesh K Singh","dob":"05-04-1990","gender":"M","result":{"uid":"xxxx-xxxx-2346","pincode":"110001"}}`), nil)
	c := normalize.Compare(a, b)
	fmt.Println(c.Name.Optimistic.Category, c.Birthdate, c.Gender, c.PostalCode, c.Last4)
	// Output: HIGH_PARTIAL_MATCH exact equal equal equal
}

func ExampleBirthdate() {
	for _, s := range []string{"02-02-1995", "09031994", "1958", "02/13/1990"} {
		d, err := normalize.Birthdate(s)
		fmt.Printf("%q %v\n", d, err)
	}
	// Output:
	// "1995-02-02" <nil>
	// "1994-03-09" <nil>
	// "1958" <nil>
	// "" normalize: invalid date: month or day out of range
}

func ExampleState() {
	sd, _ := normalize.State("Uttaranchal")
	fmt.Println(sd.Code, sd.Name, sd.Alias)
	sd, _ = normalize.State("IN-OR")
	fmt.Println(sd.Code, sd.Name)
	// Output:
	// IN-UK Uttarakhand Uttaranchal
	// IN-OD Odisha
}

func ExampleAadhaar() {
	id, _ := normalize.Aadhaar("2341 2341 2346") // an invented, Verhoeff-valid test number
	fmt.Println(id.Masked, id.Last4, id.WasFull)
	id, _ = normalize.Aadhaar("xxxx-xxxx-1234")
	fmt.Println(id.Masked, id.Last4, id.WasFull)
	// Output:
	// XXXXXXXX2346 2346 true
	// XXXXXXXX1234 1234 false
}

func ExampleMobile() {
	m, _ := normalize.Mobile("+91 98765-43210")
	fmt.Println(m)
	// Output: +919876543210
}

// Normalize a provider's HTTP response, status code included, and act on
// the decision, which is the same for every provider.
func ExampleUsingResponse() {
	for _, resp := range []struct {
		status int
		body   string
	}{
		{200, `{"session_status": "pending", "session_id": "ovse_sess_1"}`},
		{200, `{"session_status": "completed", "name": "Asha Rao", "dob": "1990-01-15", "full_address": "12, MG Road, Pune, Maharashtra - 411001"}`},
		{401, `{"detail": {}, "message": "Invalid token"}`},
		{503, ``}, // a gateway's answer, no body
	} {
		rec, err := normalize.UsingResponse("auto", resp.status, []byte(resp.body), nil)
		if err != nil {
			fmt.Println(err)
			continue
		}
		r := rec.Result
		switch r.Decision {
		case normalize.DecisionRetry:
			fmt.Println("retry later:", strings.TrimSpace(r.Outcome+" "+string(r.ErrorClass)))
		case normalize.DecisionFix:
			fmt.Println("fix the call:", r.ErrorClass, r.HTTPStatus)
		default:
			fmt.Println(r.Decision, rec.Claims.Address.PostalCode, rec.Claims.Address.Region)
		}
	}
	// Output:
	// retry later: pending
	// clear 411001 Maharashtra
	// fix the call: auth 401
	// retry later: error upstream
}
