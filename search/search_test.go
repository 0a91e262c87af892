package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTerms(t *testing.T) {
	cases := map[string][]string{
		"Акимушкин":                 {"акимушкин"},
		"  Alexander   AKIMUSHKIN ": {"alexander", "akimushkin"},
		`"дискредитации армии"`:     {"дискредитации", "армии"},
		"NEAR(a b)":              {"near", "a", "b"},
		"*":                      nil,
		"AND OR NOT":             {"and", "or", "not"},
		"280.3":                  {"280", "3"},
		"Фёдор":                  {"федор"},
		"%_\\":                   nil,
		"a a a":                  {"a"},
		strings.Repeat("x ", 50): {"x"},
		"' OR 1=1 --":            {"or", "1"},
		"one two three four five six seven eight nine ten eleven": {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"},
	}
	for in, want := range cases {
		if got := Terms(in); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"Акимушкин", `"a" NEAR(b`, "*", "280.3", "\x00\xff", "Фёдор ёлка", strings.Repeat("ы", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		terms := Terms(q)
		if len(terms) > MaxTerms {
			t.Fatalf("%d terms", len(terms))
		}
		for _, term := range terms {
			if term == "" || utf8.RuneCountInString(term) > MaxTermRune || !utf8.ValidString(term) {
				t.Fatalf("bad term %q", term)
			}
			for _, r := range term {
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
					t.Fatalf("term %q holds %q", term, r)
				}
			}
		}
	})
}
