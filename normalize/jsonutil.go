package normalize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// jstr reads any JSON scalar as a string (providers send the same field as
// a number in one response and a string in another), null as "", and an
// array as its first string leaf (Signzy's splitAddress arrays).
type jstr struct {
	s   string
	num bool
}

func (j *jstr) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '"':
		// Fast path: the decoder calling us has already validated the
		// JSON, so a string without escapes is its bytes (one copy
		// instead of two more scans of, say, a 40 KB photo).
		if len(b) >= 2 && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
			j.s = string(b[1 : len(b)-1])
			return nil
		}
		return json.Unmarshal(b, &j.s)
	case 'n':
		j.s = ""
		return nil
	case 't', 'f':
		j.s = string(b)
		return nil
	case '[':
		var arr []jstr
		if err := json.Unmarshal(b, &arr); err != nil {
			return err
		}
		for _, a := range arr {
			if a.s != "" {
				*j = a
				return nil
			}
		}
		return nil
	case '{':
		return nil // an object where a scalar was expected: ignore
	}
	// A number: keep its decimal text ("581115", "100.00" stays "100").
	if _, err := strconv.ParseFloat(string(b), 64); err != nil {
		return err
	}
	j.s, j.num = string(b), true
	return nil
}

func (j jstr) fv(path string) fv { return fv{v: j.s, path: path, num: j.num} }

// jbool reads true/false, "true"/"false", "yes"/"no", "Y"/"N".
type jbool struct {
	set, v bool
}

func (j *jbool) UnmarshalJSON(b []byte) error {
	var s jstr
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	switch s.s {
	case "true", "yes", "Yes", "YES", "Y", "y", "1":
		j.set, j.v = true, true
	case "false", "no", "No", "NO", "N", "n", "0":
		j.set, j.v = true, false
	}
	return nil
}

func (j jbool) ptr() *bool {
	if !j.set {
		return nil
	}
	return ptr(j.v)
}

// decodeBody checks the body cap and decodes a JSON body into a new T.
func decodeBody[T any](body []byte, opts *Options) (*T, error) {
	if len(body) > opts.maxBody() {
		return nil, ErrTooLarge
	}
	v := new(T)
	if err := decode(body, v); err != nil {
		return nil, err
	}
	return v, nil
}

// decode unmarshals a JSON body into v, mapping every failure onto
// ErrMalformed without quoting the input.
func decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return fmt.Errorf("%w: json syntax error at offset %d", ErrMalformed, se.Offset)
		case errors.As(err, &te):
			return fmt.Errorf("%w: field %q has the wrong type", ErrMalformed, te.Field)
		}
		return fmt.Errorf("%w: json", ErrMalformed)
	}
	return nil
}

// A member is one key of a JSON object with the raw bytes of its value.
type member struct {
	key []byte // raw, still quoted-escaped (keys we look for are plain ASCII)
	val []byte
}

// objectMembers lists the members of the JSON object in b without
// decoding any value: strings are skipped with IndexByte, so a large photo
// costs almost nothing. It returns ok=false if b is not an object or is
// malformed at this level (full validation is left to encoding/json).
// At most max members are returned.
func objectMembers(b []byte, max int) (out []member, ok bool) {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	i++
	for {
		i = skipWS(b, i)
		if i >= len(b) {
			return nil, false
		}
		if b[i] == '}' {
			return out, true
		}
		if b[i] != '"' {
			return nil, false
		}
		end := skipString(b, i)
		if end < 0 {
			return nil, false
		}
		key := b[i+1 : end-1]
		i = skipWS(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		i = skipWS(b, i+1)
		vend := skipValue(b, i)
		if vend < 0 {
			return nil, false
		}
		if len(out) < max {
			out = append(out, member{key: key, val: b[i:vend]})
		}
		i = skipWS(b, vend)
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// skipString returns the index after the closing quote of the string
// starting at b[i] == '"', or -1.
func skipString(b []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return -1
		}
		q := j + k
		bs := 0
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			bs++
		}
		if bs%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
}

// skipValue returns the index after the JSON value starting at b[i], or -1.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e := skipString(b, j)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// keySet is the member list of one object level, for detection.
type keySet []member

func (k keySet) has(name string) bool {
	for _, m := range k {
		if string(m.key) == name {
			return true
		}
	}
	return false
}

func (k keySet) get(name string) []byte {
	for _, m := range k {
		if string(m.key) == name {
			return m.val
		}
	}
	return nil
}

// sub lists the members of the object value of key name (nil if absent or
// not an object).
func (k keySet) sub(name string) keySet {
	v := k.get(name)
	if len(v) == 0 || v[0] != '{' {
		return nil
	}
	m, _ := objectMembers(v, 256)
	return m
}

// str returns the value of key name when it is a plain JSON string without
// escapes, else "".
func (k keySet) str(name string) string {
	v := k.get(name)
	if len(v) < 2 || v[0] != '"' || bytes.IndexByte(v, '\\') >= 0 {
		return ""
	}
	return string(v[1 : len(v)-1])
}
