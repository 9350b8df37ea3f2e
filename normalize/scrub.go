package normalize

import "reflect"

// scrub is the last line of defence against a full Aadhaar number or VID
// in a record: it walks every string the record holds (claims, extension,
// verified_claims, result, source, warnings, provenance) and masks
// stand-alone 12- and 16-digit numbers. The few values that are digits or
// base64 by construction — the E.164 phone number, the picture, hash
// digests and the body hash — are set aside first and put back.
func (b *builder) scrub() {
	r := b.r
	phone, pic, raw := r.Claims.PhoneNumber, r.Claims.Picture, r.Source.RawSHA256
	r.Claims.PhoneNumber, r.Claims.Picture, r.Source.RawSHA256 = "", "", ""
	var hm, he string
	if h := r.IN; h != nil && h.Hashes != nil {
		if h.Hashes.Mobile != nil {
			hm, h.Hashes.Mobile.Value = h.Hashes.Mobile.Value, ""
		}
		if h.Hashes.Email != nil {
			he, h.Hashes.Email.Value = h.Hashes.Email.Value, ""
		}
	}
	changed := scrubValue(reflect.ValueOf(r).Elem(), 0)
	r.Claims.PhoneNumber, r.Claims.Picture, r.Source.RawSHA256 = phone, pic, raw
	if h := r.IN; h != nil && h.Hashes != nil {
		if h.Hashes.Mobile != nil {
			h.Hashes.Mobile.Value = hm
		}
		if h.Hashes.Email != nil {
			h.Hashes.Email.Value = he
		}
	}
	if changed {
		b.warn("aadhaar_in_text_masked")
	}
}

// scrubValue masks numbers in every settable string reachable from v. The
// record types are finite trees, so depth stays small; the cap is a guard.
func scrubValue(v reflect.Value, depth int) bool {
	if depth > 16 {
		return false
	}
	changed := false
	switch v.Kind() {
	case reflect.String:
		if m, ok := maskAadhaarInText(v.String()); ok && v.CanSet() {
			v.SetString(m)
			changed = true
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			changed = scrubValue(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				changed = scrubValue(v.Field(i), depth+1) || changed
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			changed = scrubValue(v.Index(i), depth+1) || changed
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String || v.Type().Elem().Kind() != reflect.String {
			return false
		}
		iter := v.MapRange()
		type kv struct{ k, v string }
		var fix []kv
		var drop []string
		for iter.Next() {
			k, val := iter.Key().String(), iter.Value().String()
			mk, ck := maskAadhaarInText(k)
			mv, cv := maskAadhaarInText(val)
			if ck || cv {
				if ck {
					drop = append(drop, k)
				}
				fix = append(fix, kv{mk, mv})
			}
		}
		for _, k := range drop {
			v.SetMapIndex(reflect.ValueOf(k), reflect.Value{})
		}
		for _, f := range fix {
			v.SetMapIndex(reflect.ValueOf(f.k), reflect.ValueOf(f.v))
		}
		changed = len(fix) > 0
	}
	return changed
}
