// Package revdiff compares two revisions of a case field by field, with
// the changed words marked, for the compare page and the conflict page,
// and merges two changes made to one revision (Merge).
package revdiff

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"

	"casebook/content"
)

// Op is what happened to a run of text.
type Op int

const (
	Equal Op = iota
	Insert
	Delete
)

// Segment is a run of text with one Op.
type Segment struct {
	Op   Op
	Text string
}

// tokens splits s into words (runs of letters and digits), runs of spaces,
// and single other characters, so that a diff never cuts a word in two.
func tokens(s string) []string {
	var out []string
	runes := []rune(s)
	for i := 0; i < len(runes); {
		j := i + 1
		switch r := runes[i]; {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			for j < len(runes) && (unicode.IsLetter(runes[j]) || unicode.IsDigit(runes[j]) || unicode.IsMark(runes[j])) {
				j++
			}
		case unicode.IsSpace(r):
			for j < len(runes) && unicode.IsSpace(runes[j]) {
				j++
			}
		}
		out = append(out, string(runes[i:j]))
		i = j
	}
	return out
}

// Words diffs a and b word by word. Joining the Equal and Delete segments
// gives a back exactly, and the Equal and Insert segments give b. Each
// distinct token is mapped to one rune, as diffmatchpatch does for lines,
// so the diff runs over words and reads as an editor would mark a text.
func Words(a, b string) []Segment {
	// Revisions are JSON and so valid UTF-8; anything else is read the way
	// the rune conversion below reads it, on both paths alike.
	a, b = validUTF8(a), validUTF8(b)
	if a == b {
		if a == "" {
			return nil
		}
		return []Segment{{Equal, a}}
	}
	index := map[string]rune{}
	var table []string
	encode := func(s string) []rune {
		var rs []rune
		for _, tok := range tokens(s) {
			r, ok := index[tok]
			if !ok {
				r = runeID(len(table))
				index[tok] = r
				table = append(table, tok)
			}
			rs = append(rs, r)
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMainRunes(ra, rb, false)
	diffs = dmp.DiffCleanupSemantic(diffs)
	decode := func(s string) string {
		var sb strings.Builder
		for _, r := range s {
			sb.WriteString(table[runeIndex(r)])
		}
		return sb.String()
	}
	var out []Segment
	for _, d := range diffs {
		op := Equal
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = Insert
		case diffmatchpatch.DiffDelete:
			op = Delete
		}
		text := decode(d.Text)
		if text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += text
			continue
		}
		out = append(out, Segment{op, text})
	}
	return out
}

func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string([]rune(s))
}

// Field is one changed field of a revision.
type Field struct {
	// Key is the form field name of the contract: "name_ru", "body_en",
	// "region", "articles", "sources", "timeline", "photo"...
	Key string
	// Lang is "ru" or "en" for per-language fields, "" otherwise.
	Lang     string
	Segments []Segment
}

type field struct {
	key, lang string
	value     func(*content.Case) string
}

// fields lists the comparable fields of a and b in the order the form
// shows them, every field of every prosecution either has among them.
func fields(a, b *content.Case) []field {
	out := []field{
		{"slug", "", func(c *content.Case) string { return c.Slug }},
		{"status", "", func(c *content.Case) string { return c.Status }},
		{"recognized_on", "", func(c *content.Case) string { return string(c.RecognizedOn) }},
		{"gender", "", func(c *content.Case) string { return c.Gender }},
		{"born_on", "", func(c *content.Case) string { return string(c.BornOn) }},
		{"birthday_public", "", func(c *content.Case) string { return strconv.FormatBool(c.BirthdayPublic) }},
		{"citizenship", "", func(c *content.Case) string { return strings.Join(c.Citizenship, ", ") }},
	}
	out = append(out, prosecutionFields(a, b)...)
	out = append(out, []field{
		{"categories", "", func(c *content.Case) string { return strings.Join(c.Categories, ", ") }},
		{"custody", "", func(c *content.Case) string { return c.Custody }},
		{"place_of_detention", "", func(c *content.Case) string { return c.PlaceOfDetention }},
		{"letter_address", "", func(c *content.Case) string { return c.LetterAddress }},
		{"letter_address_checked_on", "", func(c *content.Case) string { return string(c.LetterAddressCheckedOn) }},
		{"photo", "", func(c *content.Case) string {
			if c.Photo.URL == "" && c.Photo.Credit == "" {
				return ""
			}
			return c.Photo.URL + " — " + c.Photo.Credit
		}},
	}...)
	for _, l := range content.Langs() {
		l := l
		sfx := "_" + string(l)
		out = append(out,
			field{"name" + sfx, string(l), func(c *content.Case) string { return c.Text(l).Name }},
			field{"occupation" + sfx, string(l), func(c *content.Case) string { return c.Text(l).Occupation }},
			field{"headline" + sfx, string(l), func(c *content.Case) string { return c.Text(l).Headline }},
			field{"statement" + sfx, string(l), func(c *content.Case) string { return c.Text(l).Statement }},
			field{"body" + sfx, string(l), func(c *content.Case) string { return c.Text(l).Body }},
			field{"sentence" + sfx, string(l), func(c *content.Case) string { return c.Text(l).Sentence }},
			field{"locality" + sfx, string(l), func(c *content.Case) string { return c.Text(l).Locality }},
			field{"photo_alt" + sfx, string(l), func(c *content.Case) string { return c.Text(l).PhotoAlt }},
		)
	}
	out = append(out,
		field{"sources", "", func(c *content.Case) string {
			lines := make([]string, 0, len(c.Sources))
			for _, s := range c.Sources {
				lines = append(lines, s.Title+" — "+s.URL)
			}
			return strings.Join(lines, "\n")
		}},
		field{"timeline", "", func(c *content.Case) string {
			lines := make([]string, 0, len(c.Timeline))
			for _, e := range c.Timeline {
				lines = append(lines, string(e.Date)+" | "+e.RU+" | "+e.EN)
			}
			return strings.Join(lines, "\n")
		}},
	)
	return out
}

// Compare returns the fields whose values differ between a and b, in form
// order, with their words diffed. Either may be nil, meaning empty.
func Compare(a, b *content.Case) []Field {
	if a == nil {
		a = &content.Case{}
	}
	if b == nil {
		b = &content.Case{}
	}
	var out []Field
	for _, f := range fields(a, b) {
		va, vb := f.value(a), f.value(b)
		if va == vb {
			continue
		}
		out = append(out, Field{Key: f.key, Lang: f.lang, Segments: Words(va, vb)})
	}
	return out
}
