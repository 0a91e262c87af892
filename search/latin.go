package search

import (
	"strings"
	"unicode"
)

// The same Russian name is spelt many ways in Latin letters: Navalny,
// Navalnyy, Naval'nyi; Yuri, Yury, Iurii, Jurij; Alexander, Aleksandr.
// NameKeys reduces every spelling to the consonants that all of them
// share, so that a name typed as a journalist abroad writes it finds the
// person, whichever system the profile (or unidecode) used.

// latinFolds turn the digraphs of the common systems (BGN/PCGN, ICAO,
// ISO 9 without diacritics, German and French habits) into one letter,
// longest first. Ш and Щ meet, and so do Ч and Ц: a key only has to
// bring the right name into the results, the ranking does the rest.
var latinFolds = strings.NewReplacer(
	"shch", "s", "sch", "s", "tch", "c", "dzh", "z",
	"sh", "s", "ch", "c", "zh", "z", "kh", "h", "ts", "c", "tz", "c", "dj", "z",
	"ck", "k", "ph", "f", "x", "ks", "w", "v", "q", "k",
)

// minKey is the shortest key worth matching: shorter ones would bring in
// half the list.
const minKey = 3

// glides fold the iotated vowels (ю, я, е, ё after a vowel, й) that the
// systems write as yu, iu, ju and so on.
var glides = strings.NewReplacer(
	"yu", "u", "iu", "u", "ju", "u", "ya", "a", "ia", "a", "ja", "a",
	"ye", "e", "ie", "e", "je", "e", "yo", "o", "io", "o", "jo", "o",
	"y", "i", "j", "i",
)

// NameKeys of one Latin word: its consonants (Aleksandr and Alexander
// meet), and its letters with the glides folded (Yuri, Yury, Iurii and
// Jurij meet, which have too few consonants to tell apart). Nil for a word
// that is not Latin or too short.
func NameKey(word string) []string {
	w := strings.ToLower(word)
	for _, r := range w {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return nil
		}
	}
	w = latinFolds.Replace(w)
	var keys []string
	consonants := squeeze(strings.Map(func(r rune) rune {
		if strings.ContainsRune("aeiouyj", r) {
			return -1
		}
		return r
	}, w))
	if len(consonants) >= minKey {
		keys = append(keys, consonants)
	}
	if v := squeeze(glides.Replace(w)); len(v) >= minKey && v != consonants {
		keys = append(keys, v)
	}
	return keys
}

// squeeze makes every run of one letter a single letter.
func squeeze(s string) string {
	var b strings.Builder
	var last rune
	for _, r := range s {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// NameKeys returns the keys of every word of the names given, in Latin
// letters (Cyrillic ones are transliterated first), separated by spaces,
// for the index.
func NameKeys(names ...string) string {
	var b strings.Builder
	for _, n := range names {
		// Soft and hard signs vanish in most spellings; unidecode writes
		// them as apostrophes, which would split the word.
		n = strings.NewReplacer("ь", "", "ъ", "", "Ь", "", "Ъ", "").Replace(n)
		for _, w := range strings.FieldsFunc(joinApostrophes(Latin(n)), func(r rune) bool { return !unicode.IsLetter(r) }) {
			for _, k := range NameKey(w) {
				b.WriteString(k)
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}
