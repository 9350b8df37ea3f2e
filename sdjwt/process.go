package sdjwt

import (
	"fmt"
	"strconv"
)

// processor implements RFC 9901 §7.1 steps 3-5 in one pass over the
// payload: every node is visited once and every disclosure is decoded and
// hashed once, so the cost is linear in the token size.
type processor struct {
	discs    []Disclosure
	byDigest map[string]int
	used     []bool
	parent   []int // disclosure index that embeds disclosure i, or -1
	seen     map[string]struct{}
	maxDepth int
	path     []string // current position, shared stack
	cur      int      // disclosure whose value is being walked, or -1
}

// process resolves the disclosures of t against its payload and returns the
// processed payload. It fills Path and the processed Value of each
// disclosure (in a copy) and reports parents for [Present].
func process(t *Token, maxDepth int) (claims map[string]any, discs []Disclosure, parent []int, err error) {
	p := &processor{
		discs:    make([]Disclosure, len(t.Disclosures)),
		byDigest: make(map[string]int, len(t.Disclosures)),
		used:     make([]bool, len(t.Disclosures)),
		parent:   make([]int, len(t.Disclosures)),
		seen:     make(map[string]struct{}, 2*len(t.Disclosures)+8),
		maxDepth: maxDepth,
		path:     make([]string, 0, 8),
		cur:      -1,
	}
	copy(p.discs, t.Disclosures)
	for i := range p.discs {
		d := p.discs[i].Digest
		if d == "" {
			return nil, nil, nil, fmt.Errorf("%w: %q %q", ErrHashAlgorithm, "_sd_alg", "unsupported")
		}
		if _, dup := p.byDigest[d]; dup {
			return nil, nil, nil, fmt.Errorf("%w: disclosure %d", ErrDuplicateDisclosure, i)
		}
		p.byDigest[d] = i
		p.parent[i] = -1
	}
	claims, err = p.object(t.Payload, 1, true)
	if err != nil {
		return nil, nil, nil, err
	}
	for i, u := range p.used {
		if !u {
			return nil, nil, nil, fmt.Errorf("%w: disclosure %d", ErrUnreferencedDisclosure, i)
		}
	}
	return claims, p.discs, p.parent, nil
}

func (p *processor) value(v any, depth int) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		return p.object(x, depth+1, false)
	case []any:
		return p.array(x, depth+1)
	}
	return v, nil
}

func (p *processor) where() string {
	if len(p.path) == 0 {
		return "top level"
	}
	// Claim names are not claim values; naming the position is safe.
	s := ""
	for i, e := range p.path {
		if i > 0 {
			s += "."
		}
		s += e
	}
	return strconv.Quote(s)
}

func (p *processor) object(m map[string]any, depth int, top bool) (map[string]any, error) {
	if depth > p.maxDepth {
		return nil, fmt.Errorf("%w: nesting deeper than %d", ErrTooLarge, p.maxDepth)
	}
	sdRaw, hasSD := m["_sd"]
	var sd []any
	if hasSD {
		var ok bool
		if sd, ok = sdRaw.([]any); !ok {
			return nil, fmt.Errorf("%w: %q at %s is not an array", ErrMalformed, "_sd", p.where())
		}
	}
	out := make(map[string]any, len(m)+len(sd))
	for k, v := range m {
		switch k {
		case "_sd":
			continue
		case "_sd_alg":
			if top {
				continue
			}
			return nil, fmt.Errorf("%w: %q at %s (allowed only at the top level)", ErrHashAlgorithm, "_sd_alg", p.where())
		}
		p.path = append(p.path, k)
		nv, err := p.value(v, depth)
		p.path = p.path[:len(p.path)-1]
		if err != nil {
			return nil, err
		}
		out[k] = nv
	}
	for _, e := range sd {
		dg, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("%w: %q at %s has a non-string element", ErrMalformed, "_sd", p.where())
		}
		if _, dup := p.seen[dg]; dup {
			return nil, fmt.Errorf("%w: in %q at %s", ErrDuplicateDigest, "_sd", p.where())
		}
		p.seen[dg] = struct{}{}
		i, ok := p.byDigest[dg]
		if !ok {
			continue // decoy or not disclosed
		}
		d := &p.discs[i]
		if d.ArrayElement {
			return nil, fmt.Errorf("%w: disclosure %d is an array element but referenced from %q", ErrDisclosureType, i, "_sd")
		}
		switch d.Name {
		case "_sd", "...", "_sd_alg":
			return nil, fmt.Errorf("%w: disclosure %d", ErrReservedClaimName, i)
		}
		if _, exists := out[d.Name]; exists {
			return nil, fmt.Errorf("%w: disclosure %d, claim %q at %s", ErrClaimCollision, i, d.Name, p.where())
		}
		v, err := p.disclose(i, d.Name, depth)
		if err != nil {
			return nil, err
		}
		out[d.Name] = v
	}
	return out, nil
}

func (p *processor) disclose(i int, seg string, depth int) (any, error) {
	d := &p.discs[i]
	p.used[i] = true
	p.parent[i] = p.cur
	p.path = append(p.path, seg)
	d.Path = append([]string(nil), p.path...)
	saved := p.cur
	p.cur = i
	v, err := p.value(d.Value, depth)
	p.cur = saved
	p.path = p.path[:len(p.path)-1]
	if err != nil {
		return nil, err
	}
	d.Value = v
	return v, nil
}

func (p *processor) array(a []any, depth int) ([]any, error) {
	if depth > p.maxDepth {
		return nil, fmt.Errorf("%w: nesting deeper than %d", ErrTooLarge, p.maxDepth)
	}
	out := make([]any, 0, len(a))
	for idx, e := range a {
		if obj, ok := e.(map[string]any); ok && len(obj) == 1 {
			if dv, ok := obj["..."]; ok {
				dg, ok := dv.(string)
				if !ok {
					return nil, fmt.Errorf("%w: %q at %s is not a string", ErrMalformed, "...", p.where())
				}
				if _, dup := p.seen[dg]; dup {
					return nil, fmt.Errorf("%w: array element at %s", ErrDuplicateDigest, p.where())
				}
				p.seen[dg] = struct{}{}
				i, ok := p.byDigest[dg]
				if !ok {
					continue // undisclosed element or decoy: removed
				}
				if !p.discs[i].ArrayElement {
					return nil, fmt.Errorf("%w: disclosure %d is an object property but referenced from an array", ErrDisclosureType, i)
				}
				v, err := p.disclose(i, strconv.Itoa(idx), depth)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
				continue
			}
		}
		p.path = append(p.path, strconv.Itoa(idx))
		nv, err := p.value(e, depth)
		p.path = p.path[:len(p.path)-1]
		if err != nil {
			return nil, err
		}
		out = append(out, nv)
	}
	return out, nil
}
