package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// input opens the command's input: the single file argument, or standard
// input when there is none or it is "-". The caller closes it. name is the
// file name for messages ("standard input" for stdin).
func (e *env) input(args []string) (r io.ReadCloser, name string, err error) {
	switch {
	case len(args) > 1:
		return nil, "", usagef("too many arguments: want at most one input file, got %d", len(args))
	case len(args) == 0 || args[0] == "-":
		return io.NopCloser(e.stdin), "standard input", nil
	}
	f, err := os.Open(args[0])
	if err != nil {
		return nil, "", withHint(fmt.Errorf("cannot open input: %w", err))
	}
	return f, args[0], nil
}

// readInput reads the whole input, refusing more than max bytes.
func (e *env) readInput(args []string, max int64) ([]byte, error) {
	r, name, err := e.input(args)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return readLimited(r, name, max)
}

// readFile reads a small file named by a flag (a key, a license, a key
// set), refusing more than max bytes. what names it in messages.
func readFile(path, what string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, withHint(fmt.Errorf("cannot open %s: %w", what, err))
	}
	defer f.Close()
	return readLimited(f, what, max)
}

func readLimited(r io.Reader, name string, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if int64(len(b)) > max {
		return nil, withHint(fmt.Errorf("%s is larger than %d bytes", name, max))
	}
	return b, nil
}

// output returns where the command writes its data: standard output when
// path is "" or "-", otherwise an outputFile that run renames into place
// only if the command succeeds.
func (e *env) output(path string) io.Writer {
	if path == "" || path == "-" {
		return e.stdout
	}
	o := &outputFile{path: path}
	e.outputs = append(e.outputs, o)
	return o
}

// outputFile writes to a temporary file beside path, created on the first
// write, with mode 0600 because kyckit output may hold personal data. run
// renames it to path when the command succeeds (commit) and removes it when
// it fails (abort), so a failed command never leaves a partial file and never
// truncates an existing one.
type outputFile struct {
	path string
	f    *os.File
	err  error
}

func (o *outputFile) open() error {
	if o.f != nil || o.err != nil {
		return o.err
	}
	dir, base := filepath.Split(o.path)
	if dir == "" {
		dir = "."
	}
	o.f, o.err = os.CreateTemp(dir, "."+base+".kyckit-*")
	if o.err != nil {
		o.err = fmt.Errorf("cannot create output: %w", o.err)
	}
	return o.err
}

func (o *outputFile) Write(p []byte) (int, error) {
	if err := o.open(); err != nil {
		return 0, err
	}
	n, err := o.f.Write(p)
	if err != nil {
		o.err = fmt.Errorf("writing output: %w", err)
	}
	return n, err
}

func (o *outputFile) commit() error {
	if err := o.open(); err != nil { // a command that wrote nothing still makes the file
		return err
	}
	err := o.f.Sync()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.f.Name(), o.path)
	}
	if err != nil {
		os.Remove(o.f.Name())
		return fmt.Errorf("writing output: %w", err)
	}
	return nil
}

func (o *outputFile) abort() {
	if o.f != nil {
		o.f.Close()
		os.Remove(o.f.Name())
	}
}
