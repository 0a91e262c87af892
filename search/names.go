package search

import (
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// A case's region and categories are codes ("sverdlovsk-oblast"), while a
// reader knows them by the names the reference lists give them in either
// language ("Свердловская область", "Sverdlovsk Oblast") and types them
// in any grammatical case ("в Вологодской области"). The index holds a
// token per code (RefToken), never the names: a search word is matched
// against the names as the lists say them now (Names) and looks up the
// tokens of the entries it names. An editor who renames a region in the
// studio changes what finds its cases at once, with no case to index
// again.

// RefToken is the index token of the entry code of the reference list
// named list ("region", "category"): the code spelt in hexadecimal, so
// that any code is one token of letters and digits that no two codes
// share. Tokens are only ever matched whole, in their own column, so a
// prefix a reader types never reaches them.
func RefToken(list, code string) string {
	return list + "x" + hex.EncodeToString([]byte(code))
}

// RefTokens joins the tokens of the codes of one list, for the index.
func RefTokens(list string, codes ...string) string {
	var b strings.Builder
	for _, c := range codes {
		if c == "" {
			continue
		}
		b.WriteString(RefToken(list, c))
		b.WriteByte(' ')
	}
	return b.String()
}

// Names are the entries of reference lists that a search word may name:
// each with its index token and the stems of the words of its names.
// Built once per change of the lists (the store keeps it), read by any
// number of searches at once.
type Names struct {
	entries []namedEntry
}

type namedEntry struct {
	token string
	stems []string
}

// NewNames makes Names of entries given as token -> the names a reader
// sees (in every language).
func NewNames(entries map[string][]string) *Names {
	n := &Names{}
	for token, names := range entries {
		e := namedEntry{token: token}
		seen := map[string]bool{}
		for _, name := range names {
			for _, w := range words(name) {
				if s := Stem(w); s != "" && !seen[s] {
					seen[s] = true
					e.stems = append(e.stems, s)
				}
			}
		}
		if len(e.stems) > 0 {
			n.entries = append(n.entries, e)
		}
	}
	return n
}

// minNamed is the shortest query stem that names entries: a single letter
// would name half the lists.
const minNamed = 2

// tokens returns the tokens of the entries one of whose name words starts
// with the query stem s, the way an indexed word matches a query word.
func (n *Names) tokens(s string) []string {
	if n == nil || utf8.RuneCountInString(s) < minNamed {
		return nil
	}
	var out []string
	for _, e := range n.entries {
		for _, st := range e.stems {
			if strings.HasPrefix(st, s) {
				out = append(out, e.token)
				break
			}
		}
	}
	return out
}

// Named returns the tokens of the entries that the words of q name, for
// tests and tools: what a search for q looks up besides the text.
func (n *Names) Named(q string) []string {
	var out []string
	for _, t := range Terms(q) {
		out = append(out, n.tokens(queryStem(t))...)
	}
	return out
}
