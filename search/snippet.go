package search

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SnippetOf returns an HTML fragment, escaped, of the part of the passage
// (plain text: the words a page shows, markdown.Renderer.Text) around the first word that matches the query,
// with every matching word wrapped in <mark>; "" when no word matches.
// A word is stemmed only if its first letter starts a query stem (both
// stemmers change endings, never the first letter), and once: stemming
// every word of each result was a quarter of a broad search's time
// (pprof, BENCHMARKS.md).
func SnippetOf(passage, q string, width int) string {
	stems := map[string]bool{}
	firsts := map[rune]bool{}
	for _, t := range Terms(q) {
		st := queryStem(t)
		stems[st] = true
		r, _ := utf8.DecodeRuneInString(st)
		firsts[r] = true
	}
	if len(stems) == 0 {
		return ""
	}
	// The words are read one by one, as byte spans of the passage, only
	// as far as the snippet needs: a result that matched by its region or
	// category has no matching word, and reading it whole into runes and
	// spans first took a third of such a search (pprof).
	type span struct{ start, end int }
	var spans []span
	pos := 0
	next := func() bool {
		for pos < len(passage) {
			r, n := utf8.DecodeRuneInString(passage[pos:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				break
			}
			pos += n
		}
		if pos >= len(passage) {
			return false
		}
		start := pos
		for pos < len(passage) {
			r, n := utf8.DecodeRuneInString(passage[pos:])
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
				break
			}
			pos += n
		}
		spans = append(spans, span{start, pos})
		return true
	}
	known := map[string]bool{}
	matches := func(k int) bool {
		w := passage[spans[k].start:spans[k].end]
		if m, ok := known[w]; ok {
			return m
		}
		m := false
		r, _ := utf8.DecodeRuneInString(w)
		if r = unicode.ToLower(r); firsts[r] || r == 'ё' && firsts['е'] {
			st := Stem(w)
			for q := range stems {
				if strings.HasPrefix(st, q) {
					m = true
					break
				}
			}
		}
		known[w] = m
		return m
	}
	first := -1
	for k := 0; first < 0 && next(); k++ {
		if matches(k) {
			first = k
		}
	}
	if first < 0 {
		return ""
	}
	from := max(first-width/3, 0)
	// Read as far as the snippet goes, and one word more to know whether
	// the passage goes on after it.
	for len(spans) <= from+width && next() {
	}
	to := min(from+width, len(spans))
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	at := spans[from].start
	for k := from; k < to; k++ {
		sp := spans[k]
		b.WriteString(html.EscapeString(collapse(passage[at:sp.start])))
		word := html.EscapeString(passage[sp.start:sp.end])
		if matches(k) {
			b.WriteString("<mark>" + word + "</mark>")
		} else {
			b.WriteString(word)
		}
		at = sp.end
	}
	if to < len(spans) {
		b.WriteString(" …")
	}
	return b.String()
}

var spaces = regexp.MustCompile(`\s+`)

// collapse makes line breaks and runs of spaces one space: a snippet is
// one line.
func collapse(s string) string { return spaces.ReplaceAllString(s, " ") }
