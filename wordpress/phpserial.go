package wordpress

import (
	"errors"
	"strconv"
	"strings"
)

// WordPress stores arrays PHP-serialized: Polylang's translation group
// (`a:2:{s:2:"ru";i:12;s:2:"en";i:13;}`), a multiple-choice custom field.
// phpUnserialize reads the little of the format they use (arrays,
// strings, integers, floats, booleans and null), never objects: it
// builds nothing but data.

// phpPair is one entry of a PHP array, in its order.
type phpPair struct {
	Key   any
	Value any
}

var errPHP = errors.New("not PHP-serialized data")

// phpUnserialize reads one serialized value that fills s.
func phpUnserialize(s string) (any, error) {
	r := &phpReader{s: s}
	v, err := r.value(0)
	if err != nil {
		return nil, err
	}
	if r.i != len(s) {
		return nil, errPHP
	}
	return v, nil
}

type phpReader struct {
	s string
	i int
}

// maxPHPDepth bounds nesting: a custom field is an array, at most of
// arrays.
const maxPHPDepth = 8

func (r *phpReader) value(depth int) (any, error) {
	if depth > maxPHPDepth || r.i+1 >= len(r.s) || r.s[r.i+1] != ':' && r.s[r.i] != 'N' {
		return nil, errPHP
	}
	kind := r.s[r.i]
	switch kind {
	case 'N':
		if !strings.HasPrefix(r.s[r.i:], "N;") {
			return nil, errPHP
		}
		r.i += 2
		return nil, nil
	case 'b', 'i', 'd':
		r.i += 2
		end := strings.IndexByte(r.s[r.i:], ';')
		if end < 0 {
			return nil, errPHP
		}
		text := r.s[r.i : r.i+end]
		r.i += end + 1
		switch kind {
		case 'b':
			return text == "1", nil
		case 'i':
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return nil, errPHP
			}
			return n, nil
		default:
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, errPHP
			}
			return f, nil
		}
	case 's':
		r.i += 2
		n, err := r.length(':')
		if err != nil || r.i+n+2 > len(r.s) || r.s[r.i] != '"' || r.s[r.i+1+n] != '"' || r.s[r.i+2+n] != ';' {
			return nil, errPHP
		}
		v := r.s[r.i+1 : r.i+1+n]
		r.i += n + 3
		return v, nil
	case 'a':
		r.i += 2
		n, err := r.length(':')
		if err != nil || r.i >= len(r.s) || r.s[r.i] != '{' || n > len(r.s) {
			return nil, errPHP
		}
		r.i++
		out := make([]phpPair, 0, n)
		for range n {
			k, err := r.value(depth + 1)
			if err != nil {
				return nil, err
			}
			switch k.(type) {
			case string, int64:
			default:
				return nil, errPHP
			}
			v, err := r.value(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, phpPair{k, v})
		}
		if r.i >= len(r.s) || r.s[r.i] != '}' {
			return nil, errPHP
		}
		r.i++
		return out, nil
	}
	return nil, errPHP
}

// length reads a decimal length up to the separator sep.
func (r *phpReader) length(sep byte) (int, error) {
	end := strings.IndexByte(r.s[r.i:], sep)
	if end <= 0 {
		return 0, errPHP
	}
	n, err := strconv.Atoi(r.s[r.i : r.i+end])
	if err != nil || n < 0 {
		return 0, errPHP
	}
	r.i += end + 1
	return n, nil
}

// phpText writes a scalar as text: what a custom field's value reads as.
func phpText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		if x {
			return "1", true
		}
		return "0", true
	}
	return "", false
}
