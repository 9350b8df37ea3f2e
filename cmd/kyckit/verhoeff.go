package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/kyckit/kyckit/internal/aadhaarnum"
	"github.com/kyckit/kyckit/internal/verhoeff"
)

var verhoeffCommand = &command{
	name:    "verhoeff",
	summary: "check or compute Verhoeff check digits (Aadhaar numbers, VIDs)",
	usage: `Usage:
	kyckit verhoeff check   [-aadhaar] [-o FILE] [FILE]
	kyckit verhoeff compute [-o FILE] [FILE]

Both read one number per line; spaces and hyphens between digits are
ignored. check prints "valid" or "invalid" for each line and exits 1 if any
line is invalid. compute prints each number followed by its check digit.
Numbers are never echoed by check, so its output is safe to log.`,
	subs: []*command{
		{
			name:    "check",
			summary: "report whether each number has a valid check digit",
			usage: `Usage: kyckit verhoeff check [-aadhaar] [-o FILE] [FILE]

Prints "valid" or "invalid" for each input line, in order, and exits 1 if
any line is invalid. With -aadhaar a line must also be a well-formed Aadhaar
number or VID (12 or 16 digits, first digit 2-9, not a palindrome).`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				aadhaar := fs.Bool("aadhaar", false, "also apply the Aadhaar number and VID rules")
				return func(e *env, args []string) error {
					return verhoeffLines(e, args, *out, func(line string) (string, error) {
						if *aadhaar {
							if _, err := aadhaarnum.Check(line); err != nil {
								return "invalid", err
							}
							return "valid", nil
						}
						digits := stripSeparators(line)
						if !isDigits(digits) {
							return "invalid", errNotDigits
						}
						if !verhoeff.Valid(digits) {
							return "invalid", errCheckDigit
						}
						return "valid", nil
					})
				}
			},
		},
		{
			name:    "compute",
			summary: "append the check digit to each number",
			usage: `Usage: kyckit verhoeff compute [-o FILE] [FILE]

Prints each input number (separators removed) followed by its Verhoeff
check digit. Fails without output if any line is not a digit string.`,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				out := fs.String("o", "", "write to `FILE` instead of standard output")
				return func(e *env, args []string) error {
					return verhoeffLines(e, args, *out, func(line string) (string, error) {
						digits := stripSeparators(line)
						c, err := verhoeff.Compute(digits)
						if err != nil {
							return "", errNotDigits
						}
						return digits + string(c), nil
					})
				}
			},
		},
	},
}

var (
	errNotDigits  = errors.New("not a string of digits")
	errCheckDigit = errors.New("check digit mismatch")

	errInputTooLarge = errors.New("input line too long")
)

// maxNumberLine caps one input line of the verhoeff commands.
const maxNumberLine = 4096

// verhoeffLines applies fn to each non-blank input line and writes its
// result. Results are written as they come (check reports every line);
// a failing line makes the command fail, which discards any -o file.
func verhoeffLines(e *env, args []string, out string, fn func(string) (string, error)) error {
	r, name, err := e.input(args)
	if err != nil {
		return err
	}
	defer r.Close()
	w := bufio.NewWriter(e.output(out))
	r.setIdle(w.Flush) // a filter: results appear as the lines come
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256), maxNumberLine)
	var firstErr error
	bad, lineNo := 0, 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		res, err := fn(line)
		if err != nil {
			bad++
			if firstErr == nil {
				// Name the line, never the number.
				firstErr = fmt.Errorf("%s line %d: %w", name, lineNo, err)
			}
			if res == "" {
				continue
			}
		}
		fmt.Fprintln(w, res)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("%s line %d: %w (max %d bytes)", name, lineNo+1, errInputTooLarge, maxNumberLine)
		}
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if lineNo == 0 {
		return withHint(fmt.Errorf("no numbers in %s", name), "give one number per line")
	}
	if bad > 1 {
		return fmt.Errorf("%d lines invalid, first: %w", bad, firstErr)
	}
	return firstErr
}

func stripSeparators(s string) string {
	if !strings.ContainsAny(s, " -") {
		return s
	}
	return strings.NewReplacer(" ", "", "-", "").Replace(s)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
