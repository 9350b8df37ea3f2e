package onekosmos

import (
	"bytes"
	"testing"
)

// TestOpenLineWrapped: line breaks inside an envelope (as line-wrapping
// base64 encoders write them) are ignored; any other byte inside is not.
func TestOpenLineWrapped(t *testing.T) {
	key := unhex(t, katAKey)
	want, err := Open(key, katAData)
	if err != nil {
		t.Fatal(err)
	}
	wrapped := katAData[:20] + "\r\n" + katAData[20:40] + "\n" + katAData[40:]
	got, err := Open(key, wrapped)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Open(wrapped) = %q, %v", got, err)
	}
	for _, bad := range []string{katAData[:20] + " " + katAData[20:], katAData[:20] + "\t" + katAData[20:]} {
		if _, err := Open(key, bad); err != ErrDecrypt {
			t.Errorf("Open with inner white space = %v, want ErrDecrypt", err)
		}
	}
}
