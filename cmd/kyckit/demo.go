package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kyckit/kyckit/cmd/kyckit/internal/demo"
)

var demoCommand = &command{
	name:    "demo",
	summary: "run kyckit's main job end to end on invented data",
	usage: `Usage: kyckit demo [-json] [-v] [-o FILE]

Plays a verifier that receives one invented resident from three sources and
handles the personal data the way kyckit recommends:

	1. an OVSE callback: SD-JWT verified under the UIDAI profile, key
	   binding to the callback's txn, resident normalized
	2. a 1Kosmos v3 poll response: service key pinned, decrypted,
	   document result normalized
	3. an Offline e-KYC ZIP: opened with its share code, signature
	   verified, mobile hash checked, normalized
	4. the three records compared (evidence, not a verdict)
	5. the personal data stored under the 1Kosmos read-once policy, read
	   once, the second read refused, the deletion receipt verified
	6. every step logged through the redact handler; the log is scanned
	   for each personal value of the fixtures

Prints each step with ✓ or ✗ and its time; -json prints the same as JSON.
Exits 1 if any step fails. Uses only kyckit's own synthetic fixtures and
throwaway keys, no network, and a temporary directory it removes.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) error {
		out := fs.String("o", "", "write to `FILE` instead of standard output")
		asJSON := fs.Bool("json", false, "print the report as JSON")
		verbose := fs.Bool("v", false, "also print the demo's (redacted) log to standard error")
		return func(e *env, args []string) error {
			if len(args) > 0 {
				return usagef("demo takes no arguments, got %d", len(args))
			}
			dir, err := os.MkdirTemp("", "kyckit-demo-*")
			if err != nil {
				return fmt.Errorf("cannot create the demo's temporary directory: %w", err)
			}
			defer os.RemoveAll(dir)
			opts := &demo.Options{Dir: dir}
			if *verbose {
				opts.Log = e.stderr
			}
			rep, err := demo.Run(e.ctx, opts)
			if err != nil {
				return err
			}
			w := e.output(*out)
			if *asJSON {
				b, err := json.MarshalIndent(rep, "", "  ")
				if err != nil {
					return fmt.Errorf("encoding output: %w", err)
				}
				if _, err := w.Write(append(b, '\n')); err != nil {
					return err
				}
			} else if err := printDemo(w, rep); err != nil {
				return err
			}
			if !rep.OK {
				return errDemoFailed
			}
			return nil
		}
	},
}

// errDemoFailed is the exit-1 error of a demo whose report has a ✗.
var errDemoFailed = errors.New("demo failed: a step is marked ✗")

func printDemo(w io.Writer, rep *demo.Report) error {
	var b strings.Builder
	b.WriteString("kyckit demo: one invented resident, three sources, end to end\n\n")
	for _, s := range rep.Steps {
		mark := "✓"
		if !s.OK {
			mark = "✗"
		}
		timing := fmt.Sprintf("%7.1f ms", s.Millis)
		if s.Skipped {
			timing = "  skipped"
		}
		fmt.Fprintf(&b, "%s %d %-58s %s\n", mark, s.Number, s.Name, timing)
		for _, l := range s.Lines {
			fmt.Fprintf(&b, "      %s\n", l)
		}
		if s.Error != "" {
			fmt.Fprintf(&b, "      error: %s\n", s.Error)
		}
	}
	passed := 0
	for _, s := range rep.Steps {
		if s.OK {
			passed++
		}
	}
	fmt.Fprintf(&b, "\n%d/%d steps passed in %.1f ms (invented people, kyckit's own fixtures, throwaway keys)\n",
		passed, len(rep.Steps), rep.Millis)
	_, err := io.WriteString(w, b.String())
	return err
}
