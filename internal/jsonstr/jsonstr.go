// Package jsonstr decodes the escapes of a JSON string (RFC 8259 §7). It is
// the one copy of that logic shared by package redact (lenient: it scans
// whatever a log holds) and package sdjwt (strict: it rejects what RFC 8259
// rejects); each caller adds its own checks around it.
//
// # What it does not check
//
// [Append] does not reject raw control characters or invalid UTF-8 in the
// content, and it does not look for the closing quote: the caller passes
// the bytes between the quotes and, when strict, checks those itself.
package jsonstr

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Hex4 parses the four hexadecimal digits at the start of b (either case).
// It reports false when b is shorter than four bytes or holds a non-digit.
func Hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var v rune
	for _, c := range b[:4] {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			v |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			v |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	return v, true
}

// Append appends the unescaped form of raw, the content of a JSON string
// without its quotes, to dst and returns the extended buffer. It reports
// false on an unknown or truncated escape. A surrogate pair \uD83D\uDE00
// becomes one rune; a lone surrogate becomes U+FFFD, as in encoding/json.
// Bytes other than escapes are copied as they are.
func Append(dst, raw []byte) ([]byte, bool) {
	for k := 0; k < len(raw); k++ {
		c := raw[k]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		k++
		if k >= len(raw) {
			return dst, false
		}
		switch raw[k] {
		case '"', '\\', '/':
			dst = append(dst, raw[k])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := Hex4(raw[k+1:])
			if !ok {
				return dst, false
			}
			k += 4
			if utf16.IsSurrogate(r) {
				d := utf8.RuneError
				if k+6 < len(raw) && raw[k+1] == '\\' && raw[k+2] == 'u' {
					if r2, ok := Hex4(raw[k+3:]); ok {
						if p := utf16.DecodeRune(r, r2); p != utf8.RuneError {
							d = p
							k += 6
						}
					}
				}
				r = d
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, false
		}
	}
	return dst, true
}
