package redact

import (
	"syscall"
	"testing"
)

// TestClassifyPageEnd: a line that ends at the end of a page, with the page
// after it unmapped, is classified without a read past its end (the
// assembly reads a partial block with masked loads: a plain load would
// fault here) and as the reference classifies it, at every length.
func TestClassifyPageEnd(t *testing.T) {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(mem)
	if err := syscall.Mprotect(mem[page:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	const pattern = `{"uid":"2341 2341 2346"} ABCPE1234F uid_234123412346 -9[W~/+=:a1 "\%` + "\xe0\x7f"
	for i := 0; i < page; i++ {
		mem[i] = pattern[i%len(pattern)]
	}
	for n := 1; n <= 300; n++ {
		src := mem[page-n : page : page]
		checkCompute(t, src, n%2 == 0)
	}
}
