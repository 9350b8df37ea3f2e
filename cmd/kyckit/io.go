package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// input opens the command's input: the single file argument, or standard
// input when there is none or it is "-". The caller closes it. name is the
// file name for messages ("standard input" for stdin).
func (e *env) input(args []string) (r *stream, name string, err error) {
	switch {
	case len(args) > 1:
		return nil, "", usagef("too many arguments: want at most one input file, got %d", len(args))
	case len(args) == 0 || args[0] == "-":
		return e.stdin, "standard input", nil
	}
	f, err := os.Open(args[0])
	if err != nil {
		return nil, "", withHint(fmt.Errorf("cannot open input: %w", err))
	}
	return newStream(e.ctx, f, f), args[0], nil
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

// A stream is a command's input, read ahead by a goroutine so that a read
// that blocks (a terminal, a pipe nobody writes to, a FIFO) never holds up a
// command that was interrupted: once the command's context is done, Read
// returns the context's cause (see [signalError]) instead of waiting.
//
// A stream also tells its reader when it is about to wait: the idle hook
// runs before a Read that would block, which is how a filter flushes its
// output exactly when no more input is already waiting.
type stream struct {
	ctx    context.Context
	src    io.Reader
	closer io.Closer // nil for standard input, which kyckit never closes

	start sync.Once
	stop  chan struct{} // closed by Close; the pump then exits
	ready chan chunk    // filled by pump
	free  chan []byte   // empty buffers for pump

	closeOnce sync.Once

	cur  chunk // being consumed: cur.b[off:] is unread
	off  int
	err  error        // sticky: the error that ended the stream
	idle func() error // run before a Read that would block; nil for none
}

// chunk is one read of the pump: its bytes, then its error.
type chunk struct {
	b   []byte
	err error
}

// Read-ahead: at most streamBuffers buffers of streamBuffer bytes are in
// flight, so memory stays bounded whatever the input.
const (
	streamBuffer  = 32 << 10
	streamBuffers = 3
)

// newStream returns a stream reading src; Close closes closer, if any.
// Reading starts with the first Read, so a command that never reads
// standard input does not consume it.
func newStream(ctx context.Context, src io.Reader, closer io.Closer) *stream {
	return &stream{
		ctx:    ctx,
		src:    src,
		closer: closer,
		stop:   make(chan struct{}),
		ready:  make(chan chunk, streamBuffers),
		free:   make(chan []byte, streamBuffers),
	}
}

func (s *stream) pump() {
	for {
		var buf []byte
		select {
		case buf = <-s.free:
		case <-s.stop:
			return
		}
		if buf == nil {
			buf = make([]byte, streamBuffer)
		}
		var n int
		err := context.Cause(s.ctx) // interrupted: read no more
		if err == nil {
			n, err = s.src.Read(buf[:cap(buf)])
		}
		select {
		case s.ready <- chunk{buf[:n], err}:
		case <-s.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

// setIdle makes fn run before each Read that would wait for input. An error
// from fn ends the stream with that error.
func (s *stream) setIdle(fn func() error) { s.idle = fn }

// next makes s.cur hold unread bytes, or returns the error that ends the
// stream: the source's (io.EOF at the end), the idle hook's, or the
// context's cause once the command is interrupted. Bytes the pump had
// already read when the interrupt came are still delivered, so that a
// filter writes out everything it read.
func (s *stream) next() error {
	if s.err != nil {
		return s.err
	}
	for s.off == len(s.cur.b) {
		if s.cur.err != nil {
			s.err = s.cur.err
			return s.err
		}
		if s.cur.b != nil {
			s.free <- s.cur.b // never blocks: free has room for every buffer
		}
		s.start.Do(func() {
			for range streamBuffers {
				s.free <- nil // allocated by pump when first used
			}
			go s.pump()
		})
		select {
		case s.cur = <-s.ready:
		default:
			if s.ctx.Err() != nil {
				s.err = context.Cause(s.ctx)
				return s.err
			}
			if s.idle != nil {
				if err := s.idle(); err != nil {
					s.err = err
					return err
				}
			}
			select {
			case s.cur = <-s.ready:
			case <-s.ctx.Done():
				select {
				case s.cur = <-s.ready: // arrived with the interrupt
				default:
					s.err = context.Cause(s.ctx)
					return s.err
				}
			}
		}
		s.off = 0
	}
	return nil
}

func (s *stream) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if err := s.next(); err != nil {
		return 0, err
	}
	n := copy(p, s.cur.b[s.off:])
	s.off += n
	return n, nil
}

// WriteTo lets io.Copy hand over the pump's buffers without copying them.
func (s *stream) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		if err := s.next(); err != nil {
			if err == io.EOF {
				err = nil
			}
			return total, err
		}
		n, err := w.Write(s.cur.b[s.off:])
		s.off += n
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
}

// Close stops the read-ahead and closes the file, if the stream has one.
// It is safe to call more than once.
func (s *stream) Close() (err error) {
	s.closeOnce.Do(func() {
		close(s.stop)
		if s.closer != nil {
			err = s.closer.Close()
		}
	})
	return err
}

// output returns where the command writes its data: standard output when
// path is "" or "-", otherwise an outputFile that run commits only if the
// command succeeds.
func (e *env) output(path string) io.Writer {
	if path == "" || path == "-" {
		return e.stdout
	}
	o := &outputFile{path: path}
	e.mu.Lock()
	e.outputs = append(e.outputs, o)
	e.mu.Unlock()
	return o
}

// finishOutputs commits every output file when err is nil and removes them
// all otherwise; it returns the first commit error.
func (e *env) finishOutputs(err error) error {
	e.mu.Lock()
	outs := e.outputs
	e.outputs = nil
	e.mu.Unlock()
	for _, o := range outs {
		if err == nil {
			err = o.commit()
		} else {
			o.abort()
		}
	}
	return err
}

// outputFile is an -o FILE output, opened on the first write.
//
// A regular file (or a name that does not exist yet) is written to a
// temporary file beside it, with mode 0600 because kyckit output may hold
// personal data. run renames it to the name when the command succeeds
// (commit) and removes it when it fails or is interrupted (abort), so a
// failed command never leaves a partial file and never truncates an
// existing one.
//
// A name that exists and is not a regular file — a character device such as
// /dev/null or /dev/stdout, a FIFO — is written in place, as a shell's ">"
// would: renaming a temporary file over it would replace the device or the
// FIFO with a regular file. It is opened only by the first write (or by
// commit, when the command succeeded without writing), so a command that
// fails before writing leaves it untouched; what was written before a
// failure cannot be taken back.
//
// A symbolic link is followed, link by link, to the name it finally points
// to, and that name is written as above: the link itself stays a link.
//
// An interrupted command may still be writing when run aborts its output:
// the mutex orders the two, and a write after abort fails without creating
// anything.
type outputFile struct {
	mu     sync.Mutex
	path   string
	f      *os.File
	target string // path with symbolic links resolved
	direct bool   // f is target itself: no temporary file, no rename
	err    error
}

// errOutputDone fails a write after the output was committed or discarded.
var errOutputDone = errors.New("output already closed")

// maxOutputLinks bounds the symbolic links followed for -o, as the kernel
// bounds them for open(2) (ELOOP).
const maxOutputLinks = 40

// resolveOutput follows the symbolic links of path, one at a time, and
// returns the name they end at with its FileInfo (nil when that name does
// not exist yet: a dangling link creates its target, as ">" would).
func resolveOutput(path string) (string, os.FileInfo, error) {
	for range maxOutputLinks {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if fi.Mode()&os.ModeSymlink == 0 {
			return path, fi, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", nil, &fs.PathError{Op: "open", Path: path, Err: errTooManyLinks}
}

var errTooManyLinks = errors.New("too many levels of symbolic links")

func (o *outputFile) open() error {
	if o.f != nil || o.err != nil {
		return o.err
	}
	target, fi, err := resolveOutput(o.path)
	switch {
	case err != nil:
	case fi != nil && fi.IsDir():
		err = &fs.PathError{Op: "open", Path: o.path, Err: errIsDir}
	case fi != nil && !fi.Mode().IsRegular():
		// A device or FIFO: written in place (no O_TRUNC, O_CREATE:
		// it exists and has no contents to truncate).
		o.f, err = os.OpenFile(target, os.O_WRONLY, 0)
		o.direct = true
	default:
		dir, base := filepath.Split(target)
		if dir == "" {
			dir = "."
		}
		o.f, err = os.CreateTemp(dir, "."+base+".kyckit-*")
	}
	if err != nil {
		o.f = nil
		o.err = fmt.Errorf("cannot create output: %w", err)
		return o.err
	}
	o.target = target
	return nil
}

var errIsDir = errors.New("is a directory")

func (o *outputFile) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
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
	o.mu.Lock()
	defer o.mu.Unlock()
	err := o.open() // a command that wrote nothing still makes the file
	if err == nil {
		if !o.direct {
			err = o.f.Sync() // fsync fails on a FIFO or a terminal: only for files
		}
		if cerr := o.f.Close(); err == nil {
			err = cerr
		}
		if err == nil && !o.direct {
			err = os.Rename(o.f.Name(), o.target)
		}
		if err != nil {
			err = fmt.Errorf("writing output: %w", err)
		}
	} else if o.f != nil { // a write failed
		o.f.Close()
	}
	if err != nil && o.f != nil && !o.direct {
		os.Remove(o.f.Name())
	}
	o.err = errOutputDone
	return err
}

func (o *outputFile) abort() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.f != nil && o.err != errOutputDone {
		o.f.Close()
		if !o.direct {
			os.Remove(o.f.Name())
		}
	}
	o.err = errOutputDone
}

// isTerminal reports whether w is a terminal (a character device other than
// the null device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}

// warnSecretOnStdout warns when what (a private key) goes to standard
// output where others may read it: a terminal (scrollback, screen sharing)
// or a file the shell created readable by others. A pipe gets no warning:
// the reader decides.
func (e *env) warnSecretOnStdout(what string) {
	if isTerminal(e.stdout) {
		e.warnf("printing %s on the terminal", what)
		e.hintf("write it to a file with mode 0600 with -o FILE")
		return
	}
	f, ok := e.stdout.(*os.File)
	if !ok {
		return
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 {
		e.warnf("writing %s to a file other users can read (mode %04o)", what, fi.Mode().Perm())
		e.hintf("use -o FILE, which writes mode 0600, or chmod 600 the file")
	}
}
