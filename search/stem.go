package search

import (
	"strings"
	"unicode"

	"github.com/gosimple/unidecode"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// words splits text into lower-cased words of letters and digits, ё read
// as е, with no limit: the indexing side of Terms.
func words(text string) []string {
	return strings.FieldsFunc(strings.ReplaceAll(strings.ToLower(joinApostrophes(text)), "ё", "е"), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
	})
}

// joinApostrophes drops an apostrophe between two letters: in a Latin
// spelling of a Russian name it stands for the soft sign (Naval'nyi), in
// English it joins one word (O'Brien); either way the word is one.
func joinApostrophes(s string) string {
	if !strings.ContainsAny(s, "'’ʼʹ") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if (r == '\'' || r == '’' || r == 'ʼ' || r == 'ʹ') && i > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isCyrillic(w string) bool {
	for _, r := range w {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// Stem reduces a word to its stem: the Russian snowball stemmer for a
// Cyrillic word, the English one for a Latin word, the word itself
// otherwise. Indexing and querying both go through it, so "Акимушкина"
// meets "Акимушкин" and "дискредитации" meets "дискредитацию".
func Stem(w string) string {
	w = strings.ReplaceAll(strings.ToLower(w), "ё", "е")
	switch {
	case isCyrillic(w):
		return russian.Stem(w, false)
	case isLatin(w):
		return english.Stem(w, false)
	}
	return w
}

// queryStem is the stem a query word is looked up by, as a prefix of the
// indexed stems. The Russian stemmer takes -ов/-ев for a plural ending, so
// the surname "Петров" is indexed as "петр" while "Петрова" (in "дело
// Петрова") stems to "петров" and would miss him; stemming a Cyrillic
// query word twice takes that ending off too. A second pass only ever
// shortens the stem, so the prefix still covers every form the first
// did.
func queryStem(w string) string {
	s := Stem(w)
	if isCyrillic(s) {
		s = Stem(s)
	}
	return s
}

func isLatin(w string) bool {
	for _, r := range w {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r)) {
			return false
		}
	}
	return w != ""
}

// IndexText turns text into the stems of its words, separated by spaces,
// for the full-text index.
func IndexText(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		for _, w := range words(p) {
			b.WriteString(Stem(w))
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// Latin spells Cyrillic text in Latin letters, so that a name searched as
// it is written abroad finds the Russian one.
func Latin(text string) string { return unidecode.Unidecode(text) }

// Query builds a full-text match expression from what a visitor typed:
// every word stemmed, quoted (so it can only ever be a word) and taken as
// a prefix, all of them required. It returns "" when nothing in q is a
// word.
//
// A Latin word may also be a name spelt another way than the profile
// spells it: it then matches the name keys too (see NameKey). A word that
// names entries of the reference lists (a region, a category, see Names)
// also matches the cases that carry them; names may be nil.
func Query(q string, names *Names) string {
	var parts []string
	for _, t := range Terms(q) {
		s := queryStem(t)
		if s == "" {
			continue
		}
		// Terms hold only letters and digits, so no quote can break out.
		p := textColumns + ` : "` + s + `"*`
		keys := NameKey(t)
		for _, k := range keys {
			p += ` OR latin : "` + k + `"`
		}
		// Tokens are letters and digits too (RefToken).
		named := names.tokens(s)
		for _, tok := range named {
			p += ` OR refs : "` + tok + `"`
		}
		if len(keys) > 0 || len(named) > 0 {
			p = `(` + p + `)`
		}
		parts = append(parts, p)
	}
	// FTS5 joins bare phrases by AND, but not groups in parentheses.
	return strings.Join(parts, " AND ")
}

// textColumns are the columns of the index that hold stemmed words; the
// latin column holds name keys, which only a name key may match, and the
// refs column the tokens of a case's region and categories (RefToken),
// which only a word that names them may match.
const textColumns = `{name headline statement body extra}`
