package aadhaarxml

// Field extraction from the verified tree: validly signed documents (the
// fixture key stands for UIDAI's) whose fields could be read two ways must
// be refused or read the way the signed tree says, never from elements
// outside UidData/Poi, UidData/Poa and UidData/Pht in no namespace.

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"
)

func TestAdversarialFieldExtraction(t *testing.T) {
	k := fixtureKey(t)
	v := &Verifier{Certs: k.ring(t), Now: fixedNow}
	photo := base64.StdEncoding.EncodeToString(testJPEG())
	const poi = `<Poi dob="15-08-1992" gender="F" name="Kavya Example"/>`
	body := func(uid string) string {
		return `<OfflinePaperlessKyc referenceId="` + advRef + `">` + uid + `</OfflinePaperlessKyc>`
	}
	for _, tt := range []struct {
		name      string
		body      string
		want      error
		wantName  string
		wantPhoto []byte
	}{
		{"two-poi", body(`<UidData>` + poi + `<Poi name="Mallory"/></UidData>`), ErrMalformed, "", nil},
		{"two-uiddata", body(`<UidData>` + poi + `</UidData><UidData><Poi name="Mallory"/></UidData>`), ErrMalformed, "", nil},
		{"two-pht", body(`<UidData>` + poi + `<Pht>` + photo + `</Pht><Pht></Pht></UidData>`), ErrMalformed, "", nil},
		{"no-uiddata", body(`<Poi name="Mallory"/>`), ErrMalformed, "", nil},
		// A photo split by a child element: reading the text before the
		// child only would return a truncated photo.
		{"pht-split-by-element", body(`<UidData>` + poi + `<Pht>` + photo[:40] + `<x/>` + photo[40:] + `</Pht></UidData>`), ErrMalformed, "", nil},
		{"pht-with-empty-child", body(`<UidData>` + poi + `<Pht>` + photo + `<x/></Pht></UidData>`), ErrMalformed, "", nil},
		{"poi-xml-namesake", body(`<UidData><Poi xml:name="Mallory" dob="15-08-1992" gender="F" name="Kavya Example"/></UidData>`), nil, "Kavya Example", nil},
		{"poi-nested-deeper", body(`<UidData><X><Poi name="Mallory"/></X>` + poi + `</UidData>`), nil, "Kavya Example", nil},
		{"poi-in-namespace", body(`<UidData><Poi xmlns="urn:x" name="Mallory"/>` + poi + `</UidData>`), nil, "Kavya Example", nil},
		{"poi-prefixed", body(`<UidData xmlns:k="urn:k"><k:Poi name="Mallory"/>` + poi + `</UidData>`), nil, "Kavya Example", nil},
		{"poi-outside-uiddata", body(`<Poi name="Mallory"/><UidData>` + poi + `</UidData>`), nil, "Kavya Example", nil},
		{"pht-wrapped-crlf-refs", body(`<UidData>` + poi + `<Pht>` + photo[:76] + "&#13;\n" + photo[76:152] + "\r\n \t" + photo[152:] + `</Pht></UidData>`), nil, "Kavya Example", testJPEG()},
		{"pht-whitespace-only", body(`<UidData>` + poi + "<Pht>\r\n\t </Pht></UidData>"), nil, "Kavya Example", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			xml := signXML(t, k, tt.body, signOpts{})
			d, err := v.VerifyXML(xml)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("VerifyXML = %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("VerifyXML: %v", err)
			}
			if d.Name != tt.wantName || !bytes.Equal(d.Photo, tt.wantPhoto) {
				t.Fatalf("name %q, %d photo bytes", d.Name, len(d.Photo))
			}
			// The unverified readers read the same fields.
			for _, read := range []func([]byte) (*Document, error){v.InspectXML, DecodeXMLUnverified} {
				u, err := read(xml)
				if err != nil || u.Name != d.Name || !bytes.Equal(u.Photo, d.Photo) {
					t.Fatalf("unverified read differs: %v", err)
				}
			}
		})
	}
}
