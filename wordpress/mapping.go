package wordpress

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"casebook/content"
	"casebook/store"
)

// Map is the mapping file (--map FILE, JSON): which posts become cases
// and how their terms and custom fields become a case's fields. Every key
// is optional; README.md ("Moving a WordPress site over") documents each.
type Map struct {
	// PostType is the post type whose posts become cases; --type wins.
	PostType string `json:"post_type"`
	// Lang is the language of posts the source gives none for; --lang
	// wins.
	Lang string `json:"lang"`
	// Status is the recognition status of every case unless a term or a
	// custom field says another.
	Status string `json:"status"`
	// Terms maps "taxonomy:slug" (or "taxonomy:*", every term of the
	// taxonomy) to what the term makes of a case.
	Terms map[string]TermTarget `json:"terms"`
	// Meta maps a case field (see MetaFields) to the post meta key it is
	// read from.
	Meta map[string]string `json:"meta"`
	// Values maps, per case field, a value as WordPress stores it to the
	// code Casebook uses.
	Values map[string]map[string]string `json:"values"`
	// UnmappedTerms is "ignore" (the default: the report lists them) or
	// "refuse" (a post with a category or tag the map does not name is
	// refused).
	UnmappedTerms string `json:"unmapped_terms"`
}

// TermTarget is what a term makes of a case: a category, a region, a
// recognition status or an article it adds. An empty one ({}) names a
// term to be ignored. "*" stands for the term's own slug.
type TermTarget struct {
	Category string `json:"category"`
	Region   string `json:"region"`
	Status   string `json:"status"`
	Article  string `json:"article"`
}

// MetaFields are the case fields a custom field may fill: those of the
// whole case, then those written per language (read from the post of
// each language).
func MetaFields() []string { return append(slices.Clone(factFields), textFields...) }

var (
	factFields = []string{"status", "recognized_on", "region", "articles", "categories", "detained_on", "sentenced_on",
		"custody", "place_of_detention", "letter_address", "letter_address_checked_on", "gender", "born_on",
		"citizenship", "photo_credit"}
	textFields = []string{"name", "headline", "statement", "sentence", "locality", "occupation", "photo_alt"}
	// valueFields are the fields whose values are codes, which Values
	// may translate.
	valueFields = []string{"status", "region", "articles", "categories", "custody", "gender", "citizenship"}
)

// ReadMap reads a mapping file; every mistake in it comes back at once,
// each naming the key it is about.
func ReadMap(path string) (*Map, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := ParseMap(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ParseMap reads a mapping from JSON and checks its shape.
func ParseMap(r io.Reader) (*Map, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Map
	if err := dec.Decode(&m); err != nil {
		return nil, jsonError(data, err)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	return &m, nil
}

// jsonError says where in the file a JSON error is, by line and column.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
		if te.Field != "" {
			err = fmt.Errorf("%s: must be %s, not a JSON %s", te.Field, te.Type, te.Value)
		}
	}
	if off < 0 {
		return fmt.Errorf("not a mapping: %w", err)
	}
	line, col := 1, 1
	for _, c := range data[:min(int(off), len(data))] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// MapError lists what is wrong with a mapping.
type MapError struct{ Problems []string }

func (e *MapError) Error() string {
	return "the mapping is wrong:\n  " + strings.Join(e.Problems, "\n  ")
}

func (m *Map) check() error {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if m.Lang != "" {
		if _, ok := content.ParseLang(m.Lang); !ok {
			add(`lang: %q is not a language Casebook publishes in (ru or en)`, m.Lang)
		}
	}
	switch m.UnmappedTerms {
	case "", "ignore", "refuse":
	default:
		add(`unmapped_terms: %q must be "ignore" or "refuse"`, m.UnmappedTerms)
	}
	for _, key := range sortedKeys(m.Terms) {
		tax, slug, ok := strings.Cut(key, ":")
		if !ok || tax == "" || slug == "" {
			add(`terms: %q must be "taxonomy:slug" (such as "category:anti-war" or "region:*")`, key)
		}
		t := m.Terms[key]
		for field, v := range map[string]string{"status": t.Status, "region": t.Region} {
			if v == "*" && slug != "*" {
				add(`terms: %q: "%s": "*" (the term's own slug) only goes with "taxonomy:*"`, key, field)
			}
		}
	}
	fields := MetaFields()
	for _, field := range sortedKeys(m.Meta) {
		if !slices.Contains(fields, field) {
			add(`meta: %q is not a case field; the fields are %s`, field, strings.Join(fields, ", "))
		} else if strings.TrimSpace(m.Meta[field]) == "" {
			add(`meta: %q: name the post meta key it is read from`, field)
		}
	}
	for _, field := range sortedKeys(m.Values) {
		if !slices.Contains(valueFields, field) {
			add(`values: %q has no values to translate; only %s have`, field, strings.Join(valueFields, ", "))
		}
	}
	if len(probs) > 0 {
		return &MapError{Problems: probs}
	}
	return nil
}

// CheckCodes checks the codes the mapping names against Casebook's
// reference lists and enumerations: a term or a value that leads
// nowhere is an error before any post is read.
func (m *Map) CheckCodes(refs *store.References) error {
	var probs []string
	known := func(field, code string) bool { return codeKnown(refs, field, code) }
	if m.Status != "" && !known("status", m.Status) {
		probs = append(probs, fmt.Sprintf(`status: %q is not one of Casebook's statuses (%s)`, m.Status, codeList(refs, "status")))
	}
	for _, key := range sortedKeys(m.Terms) {
		t := m.Terms[key]
		for _, c := range []struct{ field, code string }{{"categories", t.Category}, {"region", t.Region}, {"status", t.Status}, {"articles", t.Article}} {
			if c.code != "" && c.code != "*" && !known(c.field, c.code) {
				probs = append(probs, fmt.Sprintf(`terms: %q: %q is not in Casebook's %s`, key, c.code, listName(c.field)))
			}
		}
	}
	for _, field := range sortedKeys(m.Values) {
		for _, raw := range sortedKeys(m.Values[field]) {
			if code := m.Values[field][raw]; !known(field, code) {
				probs = append(probs, fmt.Sprintf(`values: %s: %q: %q is not in Casebook's %s`, field, raw, code, listName(field)))
			}
		}
	}
	if len(probs) > 0 {
		return &MapError{Problems: probs}
	}
	return nil
}

// codeKnown says whether code is a value of the field: an entry of its
// reference list (not retired), or of its enumeration.
func codeKnown(refs *store.References, field, code string) bool {
	switch field {
	case "custody":
		return slices.Contains(content.Custodies(), code)
	case "gender":
		return slices.Contains(content.Genders(), code)
	case "citizenship":
		return len(code) == 2 && strings.ToUpper(code) == code && strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
	case "articles":
		code = content.ArticleCode(code)
	}
	for _, r := range refList(refs, field) {
		if r.Code == code && !r.Retired {
			return true
		}
	}
	return false
}

// refList is the reference list of a field.
func refList(refs *store.References, field string) []store.RefItem {
	switch field {
	case "status":
		return refs.Statuses
	case "region":
		return refs.Regions
	case "articles":
		return refs.Articles
	case "categories":
		return refs.Categories
	}
	return nil
}

func listName(field string) string {
	switch field {
	case "status":
		return "statuses"
	case "region":
		return "regions"
	case "articles":
		return "articles"
	case "categories":
		return "categories"
	case "custody":
		return "custodies (" + strings.Join(content.Custodies(), ", ") + ")"
	case "gender":
		return "genders (" + strings.Join(content.Genders(), ", ") + ")"
	case "citizenship":
		return "country codes (ISO 3166 alpha-2, such as RU)"
	}
	return field
}

func codeList(refs *store.References, field string) string {
	var codes []string
	for _, r := range refList(refs, field) {
		if !r.Retired {
			codes = append(codes, r.Code)
		}
	}
	return strings.Join(codes, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
