// Package search turns what a visitor types into the search box into plain
// words. Nothing typed is ever an operator: quotes, NEAR(, *, AND/OR/NOT and
// wildcards are treated as text, so no query can fail or reach the
// database as syntax.
package search

import (
	"slices"
	"strings"
	"unicode"
)

// Limits keep a query cheap whatever is typed.
const (
	MaxTerms    = 10
	MaxTermRune = 64
	// MaxQueryRune bounds what is read of a query at all.
	MaxQueryRune = 200
)

// Terms splits the first MaxQueryRune runes of q into lower-cased words of
// letters and digits (ё read as е), at most MaxTerms of at most
// MaxTermRune runes each. Anything else separates words. Prepositions
// and conjunctions (stopWords) are left out when other words remain: "в
// Свердловской области" asks for the region, not for words that begin
// with "в", which every word must otherwise match.
func Terms(q string) []string {
	if r := []rune(q); len(r) > MaxQueryRune {
		q = string(r[:MaxQueryRune])
	}
	var out []string
	seen := map[string]bool{}
	content := false
	for _, f := range strings.FieldsFunc(joinApostrophes(q), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
	}) {
		f = strings.ReplaceAll(strings.ToLower(f), "ё", "е")
		if r := []rune(f); len(r) > MaxTermRune {
			f = string(r[:MaxTermRune])
		}
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, f)
		content = content || !stopWords[f]
	}
	if content {
		out = slices.DeleteFunc(out, func(f string) bool { return stopWords[f] })
	}
	if len(out) > MaxTerms {
		out = out[:MaxTerms]
	}
	return out
}

// stopWords are the words that join others in a search for a place or a
// charge ("дело в Вологодской области", "Republic of Tatarstan") and
// name nothing themselves.
var stopWords = map[string]bool{
	"в": true, "во": true, "на": true, "с": true, "со": true, "к": true, "ко": true, "о": true, "об": true,
	"у": true, "и": true, "а": true, "из": true, "по": true, "от": true, "до": true, "за": true, "для": true, "при": true,
	"of": true, "the": true, "in": true,
}
