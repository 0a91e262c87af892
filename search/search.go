// Package search turns what a visitor types into the search box into plain
// words. Nothing typed is ever an operator: quotes, NEAR(, *, AND/OR/NOT and
// wildcards are treated as text, so no query can fail or reach the
// database as syntax.
package search

import (
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
// MaxTermRune runes each. Anything else
// separates words.
func Terms(q string) []string {
	if r := []rune(q); len(r) > MaxQueryRune {
		q = string(r[:MaxQueryRune])
	}
	var out []string
	seen := map[string]bool{}
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
		if len(out) == MaxTerms {
			break
		}
	}
	return out
}
