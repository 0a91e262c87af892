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

func TestStemsMeet(t *testing.T) {
	for _, pair := range [][2]string{
		{"Акимушкина", "Акимушкин"}, {"дискредитации", "дискредитацию"}, {"армии", "армия"},
		{"Политзаключённым", "политзаключенный"}, {"sentenced", "sentence"}, {"prisoners", "prisoner"},
	} {
		if Stem(pair[0]) != Stem(pair[1]) {
			t.Errorf("%q → %q, %q → %q", pair[0], Stem(pair[0]), pair[1], Stem(pair[1]))
		}
	}
}

func TestQuery(t *testing.T) {
	for in, want := range map[string]string{
		"Акимушкина":            `"акимушкин"*`,
		`дискредитации "армии"`: `"дискредитац"* "арм"*`,
		`NEAR( * AND`:           `"near"* "and"*`,
		`"`:                     ``,
		`' OR 1=1 --`:           `"or"* "1"*`,
	} {
		if got := Query(in); got != want {
			t.Errorf("Query(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSnippet(t *testing.T) {
	text := "## Кто он\n\nВ мае 2024 года Акимушкина задержали по обвинению в повторной «дискредитации» армии. <b>Суд</b> был позже."
	got := Snippet(text, "акимушкин дискредитацию", 12)
	for _, want := range []string{"<mark>Акимушкина</mark>", "<mark>дискредитации</mark>"} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "\n") || strings.Contains(got, "##") {
		t.Errorf("snippet keeps line breaks or Markdown: %q", got)
	}
	if s := Snippet("a <script>alert(1)</script> b", "script", 10); strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;") {
		t.Errorf("snippet not escaped: %q", s)
	}
	if Snippet(text, "ничего такого", 10) != "" || Snippet(text, "***", 10) != "" {
		t.Error("a snippet for no match")
	}
}

func TestLatin(t *testing.T) {
	if got := strings.ToLower(Latin("Александр Акимушкин")); got != "aleksandr akimushkin" {
		t.Errorf("Latin = %q", got)
	}
}
