// IP addresses (opt-in): IPv4 in dotted decimal and IPv6 in any of its
// textual forms, validated by net/netip.

package redact

import (
	"net/netip"
	"unsafe"
)

// ipv4At matches a dotted-decimal IPv4 address at s[i]: four decimal
// octets of at most 255 without leading zeros, not part of a longer dotted
// run (a version such as 1.2.3.4.5).
func ipv4At(s []byte, lo, i, hi int) int {
	if i > lo && (s[i-1] == '.' || s[i-1] == ':') && i-2 >= lo && isAlnum(s[i-2]) {
		return 0
	}
	k := i
	for part := 0; part < 4; part++ {
		if part > 0 {
			if k+1 >= hi || s[k] != '.' || !isDigit(s[k+1]) {
				return 0
			}
			k++
		}
		d, v := k, 0
		for k < hi && isDigit(s[k]) && k-d < 3 {
			v = v*10 + int(s[k]-'0')
			k++
		}
		if k == d || v > 255 || (k-d > 1 && s[d] == '0') {
			return 0
		}
	}
	if !endOK(s, k, hi) || (k+1 < hi && s[k] == '.' && isDigit(s[k+1])) {
		return 0
	}
	return k
}

// isHexWord reports whether w is one to four hex digits: a group of an
// IPv6 address.
func isHexWord(w []byte) bool {
	if len(w) == 0 || len(w) > 4 {
		return false
	}
	for _, c := range w {
		if hexVal(c) < 0 {
			return false
		}
	}
	return true
}

// ipv6At matches an IPv6 address at s[i] (a hex digit, or the ':' of a
// leading "::"), with an optional zone ("fe80::1%eth0"), as net/netip
// parses it. Brackets and a port around it are left alone.
func ipv6At(s []byte, lo, i, hi int) int {
	if i > lo && (isWord(s[i-1]) || s[i-1] == ':' || s[i-1] == '.') {
		return 0
	}
	k, colons := i, 0
	for k < hi && k-i < 45 {
		c := s[k]
		if c == ':' {
			colons++
		} else if hexVal(c) < 0 && c != '.' {
			break
		}
		k++
	}
	if colons < 2 {
		return 0
	}
	end := k
	for end > i && (s[end-1] == '.' || (s[end-1] == ':' && !(end-2 >= i && s[end-2] == ':'))) {
		end-- // a full stop or a colon after the address
	}
	// The address without the zone is parsed: netip keeps nothing of it.
	addr := s[i:end]
	if _, err := netip.ParseAddr(unsafe.String(unsafe.SliceData(addr), len(addr))); err != nil {
		return 0
	}
	if end < hi && s[end] == '%' {
		z := end + 1
		for z < hi && (isAlnum(s[z]) || s[z] == '_' || s[z] == '-' || s[z] == '.') {
			z++
		}
		if z > end+1 {
			end = z
		}
	}
	if end < hi && isWord(s[end]) {
		return 0
	}
	return end
}
