package jsonstr

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestAppend(t *testing.T) {
	for _, tc := range []struct {
		raw, want string
		ok        bool
	}{
		{``, ``, true},
		{`plain`, `plain`, true},
		{`a\"b\\c\/d`, `a"b\c/d`, true},
		{`\b\f\n\r\t`, "\b\f\n\r\t", true},
		{`\u0041\u00e9\u20AC`, "Aé€", true},
		{`\ud83d\ude00`, "😀", true},
		{`\ud83dx`, "\uFFFDx", true},       // lone high surrogate
		{`\ude00`, "\uFFFD", true},         // lone low surrogate
		{`\ud83d\u0041`, "\uFFFDA", true},  // high surrogate, then no low one
		{"raw\x01ctl", "raw\x01ctl", true}, // not checked here
		{`\x`, ``, false},
		{`ab\`, `ab`, false},
		{`\u12`, ``, false},
		{`\u12G4`, ``, false},
		{`\ud83d\uZZZZ`, "\uFFFD", false},
	} {
		got, ok := Append([]byte(">"), []byte(tc.raw))
		if ok != tc.ok || (ok && string(got) != ">"+tc.want) {
			t.Errorf("Append(%q) = %q, %v; want %q, %v", tc.raw, got, ok, ">"+tc.want, tc.ok)
		}
	}
}

func TestHex4(t *testing.T) {
	for in, want := range map[string]rune{"0000": 0, "00e9": 0xe9, "ABCD": 0xabcd, "fFfF": 0xffff, "12345": 0x1234} {
		if got, ok := Hex4([]byte(in)); !ok || got != want {
			t.Errorf("Hex4(%q) = %x, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "123", "12g4", "-123", " 123"} {
		if _, ok := Hex4([]byte(in)); ok {
			t.Errorf("Hex4(%q) accepted", in)
		}
	}
}

// FuzzAppend compares Append with encoding/json on valid strings.
func FuzzAppend(f *testing.F) {
	for _, s := range []string{`a\"b`, `\ud83d\ude00`, `\ud83d`, `\u0000`, `\\\/`, `x\`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := Append(nil, raw)
		var want string
		err := json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &want)
		// Append copies invalid UTF-8 and raw quotes and control
		// characters; encoding/json replaces or rejects them.
		if !utf8.Valid(raw) || hasCtl(raw) || bareQuote(raw) {
			return
		}
		if err == nil && (!ok || string(got) != want) {
			t.Fatalf("Append(%q) = %q, %v; encoding/json %q", raw, got, ok, want)
		}
		if ok && err != nil {
			t.Fatalf("Append(%q) accepted what encoding/json rejects: %v", raw, err)
		}
	})
}

func hasCtl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// bareQuote reports whether raw holds an unescaped '"', which would end the
// string.
func bareQuote(raw []byte) bool {
	for k := 0; k < len(raw); k++ {
		switch raw[k] {
		case '\\':
			k++
		case '"':
			return true
		}
	}
	return false
}
