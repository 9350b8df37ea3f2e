package sdjwt

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

func stdDecode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) != 0 {
		return nil, errJSON
	}
	return v, nil
}

// FuzzJSONReader checks parseJSONValue against encoding/json with
// UseNumber: same result when we accept, and rejections only where we are
// deliberately stricter (duplicate names, invalid UTF-8, depth).
func FuzzJSONReader(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,-0,"x\u00e9\ud83d\ude00",true,false,null,{}]}`, `["\ud800"]`, `"\/\b\f\n\r\t"`, `{"a":1,"a":2}`, ` [ ] `, `01`, `1.`, `"\x"`, "\"\x01\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := parseJSONValue(b)
		want, werr := stdDecode(b)
		if err == nil {
			if werr != nil {
				t.Fatalf("we accept what encoding/json rejects: %q (%v)", b, werr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("mismatch for %q:\n got %#v\nwant %#v", b, got, want)
			}
			return
		}
		// We may reject more than encoding/json only for duplicate keys,
		// invalid UTF-8 and depth.
		if werr == nil && utf8.Valid(b) && !bytes.Contains(b, []byte(`"`)) && bytes.Count(b, []byte("[")) < maxJSONDepth && bytes.Count(b, []byte("{")) == 0 {
			t.Fatalf("we reject what encoding/json accepts: %q", b)
		}
	})
}

func TestJSONReader(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`{"a":1}`, true}, {`{"a":1,"a":2}`, false}, {`[1,]`, false}, {`{"a":1,}`, false},
		{`"\ud83d\ude00"`, true}, {"\"\xff\"", false}, {`01`, false}, {`-`, false}, {`1e`, false},
		{`[1] x`, false}, {`tru`, false}, {`"a` + "\n" + `"`, false}, {` 12345678901234567890 `, true},
	} {
		v, err := parseJSONValue([]byte(tc.in))
		if (err == nil) != tc.ok {
			t.Errorf("%q: err = %v, want ok=%v", tc.in, err, tc.ok)
		}
		if tc.ok {
			w, _ := stdDecode([]byte(tc.in))
			if !reflect.DeepEqual(v, w) {
				t.Errorf("%q: got %#v want %#v", tc.in, v, w)
			}
		}
	}
}
