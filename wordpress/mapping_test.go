package wordpress

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"casebook/store"
	"casebook/wordpress/wptest"
)

// fixtureStore is a new database with Casebook's reference lists.
func fixtureStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "casebook.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestMapErrors: a mapping file that is wrong says where and how, every
// mistake at once, before anything is read or written.
func TestMapErrors(t *testing.T) {
	for _, c := range []struct {
		name, json string
		want       []string
	}{
		{"syntax", "{\n  \"lang\": \"ru\",\n  \"meta\": {\"status\" \"x\"}\n}", []string{"line 3, column"}},
		{"unknown key", `{"metas": {}}`, []string{`unknown field "metas"`}},
		{"wrong type", "{\n\"terms\": []}", []string{"line 2", "terms"}},
		{"several at once", `{
		  "lang": "de",
		  "unmapped_terms": "skip",
		  "terms": {"anti-war": {"category": "anti-war"}, "category:x": {"region": "*"}},
		  "meta": {"detained": "pp_detained", "status": ""},
		  "values": {"detained_on": {"a": "b"}}
		}`, []string{
			`lang: "de" is not a language Casebook publishes in`,
			`unmapped_terms: "skip"`,
			`terms: "anti-war" must be "taxonomy:slug"`,
			`terms: "category:x": "region": "*" (the term's own slug) only goes with "taxonomy:*"`,
			`meta: "detained" is not a case field; the fields are status, recognized_on, region`,
			`meta: "status": name the post meta key`,
			`values: "detained_on" has no values to translate`,
		}},
	} {
		_, err := ParseMap(strings.NewReader(c.json))
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", c.name, err, w)
			}
		}
	}
	// Codes are checked against Casebook's lists.
	st := fixtureStore(t)
	refs, err := st.References(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMap(strings.NewReader(`{"status": "politzek", "terms": {"category:a": {"category": "no-such", "region": "arkhangelsk-oblast"}},
		"values": {"custody": {"СИЗО": "prison"}, "citizenship": {"Россия": "RUS"}, "status": {"ПЗ": "political_prisoner"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	err = m.CheckCodes(refs)
	for _, w := range []string{`status: "politzek" is not one of Casebook's statuses (political_prisoner,`,
		`terms: "category:a": "no-such" is not in Casebook's categories`,
		`values: custody: "СИЗО": "prison" is not in Casebook's custodies (pretrial_detention,`,
		`values: citizenship: "Россия": "RUS" is not in Casebook's country codes`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("%v lacks %q", err, w)
		}
	}
	if err != nil && (strings.Contains(err.Error(), "arkhangelsk-oblast") || strings.Contains(err.Error(), "ПЗ")) {
		t.Errorf("a good code refused: %v", err)
	}
	if _, err := ReadMap(wptest.Fixture("map.json")); err != nil {
		t.Errorf("the fixture's mapping: %v", err)
	}
	if _, err := ReadMap(filepath.Join(t.TempDir(), "none.json")); err == nil {
		t.Error("a missing file read")
	}
}
