package revdiff

import (
	"cmp"
	"slices"

	"github.com/sergi/go-diff/diffmatchpatch"

	"casebook/content"
)

// Outcome is what a three-way merge did with one field.
type Outcome int

const (
	// Unchanged: neither side changed the field.
	Unchanged Outcome = iota
	// Yours: only the person saving changed it; their value is kept.
	Yours
	// Theirs: only the revisions saved meanwhile changed it; theirs is kept.
	Theirs
	// Same: both sides made the same change.
	Same
	// Both: both changed it in ways that combine (codes added or removed
	// on either side, rows changed in different places); both are kept.
	Both
	// Collision: both changed the same value differently. The merged case
	// holds yours, the alternative holds theirs; a person decides.
	Collision
)

// MergedField is a field that either side changed, with what the merge did.
type MergedField struct {
	// Key is the form field name, as in Field.
	Key     string
	Lang    string
	Outcome Outcome
}

// MergeResult is a three-way merge of a case.
type MergeResult struct {
	// Merged holds every change of both sides and, where they collide,
	// yours: a form showing it loses nothing the person typed.
	Merged *content.Case
	// Alternative is Merged with each collision resolved to theirs
	// instead; for rows, only the colliding rows differ.
	Alternative *content.Case
	// Fields lists the fields that either side changed, in form order.
	Fields []MergedField
}

// Collisions returns the fields that both sides changed differently.
func (r *MergeResult) Collisions() []MergedField {
	var out []MergedField
	for _, f := range r.Fields {
		if f.Outcome == Collision {
			out = append(out, f)
		}
	}
	return out
}

// Merge merges two changes of one case field by field: base is the
// revision the person's form was opened on, theirs the working revision
// saved meanwhile, yours what the person sent. A field only one side
// changed takes that side's value, so that saving the merge never undoes
// a change its author did not see. Lists of codes (articles, categories)
// merge as sets: additions and removals of both sides are kept. Sources
// and timeline merge row by row, because two people adding a source each
// is the common case and should not make anyone choose; rows both sides
// changed in place merge cell by cell, so one person's Russian and the
// other's English of the same event both stay. The photo and its credit
// are one field: a credit belongs to its picture. A nil base means the
// form's revision is unknown: every difference is then a collision.
func Merge(base, theirs, yours *content.Case) *MergeResult {
	r := &MergeResult{Merged: theirs.Clone(), Alternative: theirs.Clone()}
	for _, f := range mergeFields() {
		if f.key == ProsecutionsKey {
			r.Fields = append(r.Fields, mergeProsecutions(r.Merged, r.Alternative, base, theirs, yours)...)
			continue
		}
		o := f.merge(r.Merged, r.Alternative, base, theirs, yours)
		if o != Unchanged {
			r.Fields = append(r.Fields, MergedField{Key: f.key, Lang: f.lang, Outcome: o})
		}
	}
	return r
}

// CopyField sets the field named key of dst to its value in src and
// reports whether key names a field.
func CopyField(dst, src *content.Case, key string) bool {
	if isProsecutionKey(key) {
		return copyProsecutionField(dst, src, key)
	}
	for _, f := range mergeFields() {
		if f.key == key {
			f.copy(dst, src)
			return true
		}
	}
	return false
}

// ChangedKeys lists the keys of the fields whose values differ between a
// and b, in form order. Lists of codes compare as sets, as Merge reads
// them.
func ChangedKeys(a, b *content.Case) []string {
	var out []string
	for _, f := range mergeFields() {
		if f.key == ProsecutionsKey {
			out = append(out, prosecutionKeys(a, b)...)
			continue
		}
		if !f.equal(a, b) {
			out = append(out, f.key)
		}
	}
	return out
}

// IsField reports whether key names a field of the case form that Merge
// knows.
func IsField(key string) bool {
	if isProsecutionKey(key) {
		return true
	}
	for _, f := range mergeFields() {
		if f.key == key {
			return true
		}
	}
	return false
}

// FieldWords diffs the field named key between a and b word by word, as
// Compare shows it; a nil a means empty.
func FieldWords(a, b *content.Case, key string) []Segment {
	if a == nil {
		a = &content.Case{}
	}
	if isProsecutionKey(key) {
		return Words(prosecutionText(a, key), prosecutionText(b, key))
	}
	for _, f := range fields(a, b) {
		if f.key == key {
			return Words(f.value(a), f.value(b))
		}
	}
	return nil
}

// mergeField is one field of the case as Merge sees it. merge writes the
// merged value into mine (yours on a collision) and alt (theirs on a
// collision) and says what it did.
type mergeField struct {
	key, lang string
	merge     func(mine, alt, base, theirs, yours *content.Case) Outcome
	copy      func(dst, src *content.Case)
	equal     func(a, b *content.Case) bool
}

// mergeFields lists the fields in the order of fields(), so that a merge
// reads in the same order as a comparison. The test walks the case type,
// so that a field added later cannot be left out of the merge.
func mergeFields() []mergeField {
	out := []mergeField{
		scalar("slug", "", func(c *content.Case) *string { return &c.Slug }),
		scalar("status", "", func(c *content.Case) *string { return &c.Status }),
		scalar("recognized_on", "", func(c *content.Case) *content.Date { return &c.RecognizedOn }),
		scalar("gender", "", func(c *content.Case) *string { return &c.Gender }),
		scalar("born_on", "", func(c *content.Case) *content.Date { return &c.BornOn }),
		scalar("birthday_public", "", func(c *content.Case) *bool { return &c.BirthdayPublic }),
		set("citizenship", func(c *content.Case) *[]string { return &c.Citizenship }),
		// The prosecutions, field by field (mergeProsecutions); the
		// top-level articles, region and dates are derived from them.
		{key: ProsecutionsKey},
		set("categories", func(c *content.Case) *[]string { return &c.Categories }),
		scalar("custody", "", func(c *content.Case) *string { return &c.Custody }),
		scalar("place_of_detention", "", func(c *content.Case) *string { return &c.PlaceOfDetention }),
		scalar("letter_address", "", func(c *content.Case) *string { return &c.LetterAddress }),
		scalar("letter_address_checked_on", "", func(c *content.Case) *content.Date { return &c.LetterAddressCheckedOn }),
		scalar("photo", "", func(c *content.Case) *content.Photo { return &c.Photo }),
	}
	for _, l := range content.Langs() {
		sfx, lang := "_"+string(l), string(l)
		out = append(out,
			scalar("name"+sfx, lang, func(c *content.Case) *string { return &c.Text(l).Name }),
			scalar("occupation"+sfx, lang, func(c *content.Case) *string { return &c.Text(l).Occupation }),
			scalar("headline"+sfx, lang, func(c *content.Case) *string { return &c.Text(l).Headline }),
			scalar("statement"+sfx, lang, func(c *content.Case) *string { return &c.Text(l).Statement }),
			scalar("body"+sfx, lang, func(c *content.Case) *string { return &c.Text(l).Body }),
			scalar("sentence"+sfx, lang, func(c *content.Case) *string { return &c.Text(l).Sentence }),
			scalar("locality"+sfx, lang, func(c *content.Case) *string { return &c.Text(l).Locality }),
			scalar("photo_alt"+sfx, lang, func(c *content.Case) *string { return &c.Text(l).PhotoAlt }),
		)
	}
	out = append(out,
		rows("sources", func(c *content.Case) *[]content.Source { return &c.Sources }, func(b, t, y content.Source) (m, a content.Source, collide bool) {
			var c1, c2 bool
			m.Title, a.Title, c1 = cell(b.Title, t.Title, y.Title)
			m.URL, a.URL, c2 = cell(b.URL, t.URL, y.URL)
			return m, a, c1 || c2
		}),
		rows("timeline", func(c *content.Case) *[]content.TimelineEntry { return &c.Timeline }, func(b, t, y content.TimelineEntry) (m, a content.TimelineEntry, collide bool) {
			var c1, c2, c3 bool
			m.Date, a.Date, c1 = cell(b.Date, t.Date, y.Date)
			m.RU, a.RU, c2 = cell(b.RU, t.RU, y.RU)
			m.EN, a.EN, c3 = cell(b.EN, t.EN, y.EN)
			return m, a, c1 || c2 || c3
		}),
	)
	return out
}

// outcome names what a merge did, from the values alone: the merged value
// against each side's.
func outcome(changed, mergedIsTheirs, mergedIsYours bool) Outcome {
	switch {
	case !changed:
		return Unchanged
	case mergedIsTheirs && mergedIsYours:
		return Same
	case mergedIsTheirs:
		return Theirs
	case mergedIsYours:
		return Yours
	}
	return Both
}

// pick merges one value three ways; a nil base is unknown.
func pick[T comparable](base *T, theirs, yours T) (mine, alt T, o Outcome) {
	switch {
	case theirs == yours:
		if base == nil || *base == theirs {
			return theirs, theirs, Unchanged
		}
		return theirs, theirs, Same
	case base != nil && yours == *base:
		return theirs, theirs, Theirs
	case base != nil && theirs == *base:
		return yours, yours, Yours
	}
	return yours, theirs, Collision
}

// cell merges one cell of a row both sides changed.
func cell[T comparable](base, theirs, yours T) (mine, alt T, collide bool) {
	mine, alt, o := pick(&base, theirs, yours)
	return mine, alt, o == Collision
}

func scalar[T comparable](key, lang string, at func(*content.Case) *T) mergeField {
	return mergeField{
		key: key, lang: lang,
		merge: func(mine, alt, base, theirs, yours *content.Case) Outcome {
			var b *T
			if base != nil {
				b = at(base)
			}
			m, a, o := pick(b, *at(theirs), *at(yours))
			*at(mine), *at(alt) = m, a
			return o
		},
		copy:  func(dst, src *content.Case) { *at(dst) = *at(src) },
		equal: func(a, b *content.Case) bool { return *at(a) == *at(b) },
	}
}

func members(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, x := range list {
		m[x] = true
	}
	return m
}

func sameSet(a, b []string) bool {
	ma, mb := members(a), members(b)
	if len(ma) != len(mb) {
		return false
	}
	for x := range ma {
		if !mb[x] {
			return false
		}
	}
	return true
}

// set merges a list of codes as a set: what either side added is in, what
// either side removed is out; such changes never collide.
func set(key string, at func(*content.Case) *[]string) mergeField {
	return mergeField{
		key: key,
		merge: func(mine, alt, base, theirs, yours *content.Case) Outcome {
			var b *[]string
			if base != nil {
				b = at(base)
			}
			m, a, o := mergeCodes(b, *at(theirs), *at(yours))
			*at(mine), *at(alt) = m, a
			return o
		},
		copy:  func(dst, src *content.Case) { *at(dst) = slices.Clone(*at(src)) },
		equal: func(a, b *content.Case) bool { return sameSet(*at(a), *at(b)) },
	}
}

// mergeCodes merges a list of codes three ways as a set; a nil base is
// unknown, and then any difference collides.
func mergeCodes(base *[]string, t, y []string) (mine, alt []string, o Outcome) {
	if base == nil {
		if sameSet(t, y) {
			return slices.Clone(t), slices.Clone(t), Unchanged
		}
		return slices.Clone(y), slices.Clone(t), Collision
	}
	b := *base
	inBase, inYours, seen := members(b), members(y), map[string]bool{}
	merged := []string{}
	for _, x := range t {
		removedByYou := inBase[x] && !inYours[x]
		if !removedByYou && !seen[x] {
			merged, seen[x] = append(merged, x), true
		}
	}
	for _, x := range y {
		if !inBase[x] && !seen[x] {
			merged, seen[x] = append(merged, x), true
		}
	}
	return merged, slices.Clone(merged), outcome(!sameSet(b, t) || !sameSet(b, y), sameSet(merged, t), sameSet(merged, y))
}

// rows merges a list of rows; cells merges one row that both sides
// changed in place.
func rows[T comparable](key string, at func(*content.Case) *[]T, cells func(b, t, y T) (T, T, bool)) mergeField {
	return mergeField{
		key: key,
		merge: func(mine, alt, base, theirs, yours *content.Case) Outcome {
			t, y := *at(theirs), *at(yours)
			if base == nil {
				if slices.Equal(t, y) {
					*at(mine), *at(alt) = slices.Clone(t), slices.Clone(t)
					return Unchanged
				}
				*at(mine), *at(alt) = slices.Clone(y), slices.Clone(t)
				return Collision
			}
			m, a, collide := MergeRows(*at(base), t, y, cells)
			*at(mine), *at(alt) = m, a
			if collide {
				return Collision
			}
			b := *at(base)
			return outcome(!slices.Equal(b, t) || !slices.Equal(b, y), slices.Equal(m, t), slices.Equal(m, y))
		},
		copy:  func(dst, src *content.Case) { *at(dst) = slices.Clone(*at(src)) },
		equal: func(a, b *content.Case) bool { return slices.Equal(*at(a), *at(b)) },
	}
}

// hunk is a change of one side to a list: the base rows [start, end)
// replaced by rows.
type hunk[T any] struct {
	start, end int
	rows       []T
	theirs     bool
}

func (h hunk[T]) inPlace() bool { return len(h.rows) == h.end-h.start }

// runeID maps the i-th distinct token (a word, a row) to a rune, so that
// diffmatchpatch diffs tokens as it diffs characters. Any valid rune works
// as an id: private use first, then the planes past the surrogates.
func runeID(i int) rune {
	r := rune(i) + 0xE000
	if r >= 0xF900 {
		r = rune(i) - (0xF900 - 0xE000) + 0x10000
	}
	return r
}

func runeIndex(r rune) int {
	if r >= 0x10000 {
		return int(r-0x10000) + (0xF900 - 0xE000)
	}
	return int(r - 0xE000)
}

// hunks lists the changes from base to side, diffing whole rows.
func hunks[T comparable](base, side []T, theirs bool) []hunk[T] {
	index := map[T]rune{}
	var table []T
	encode := func(list []T) []rune {
		rs := make([]rune, 0, len(list))
		for _, row := range list {
			r, ok := index[row]
			if !ok {
				r = runeID(len(table))
				index[row] = r
				table = append(table, row)
			}
			rs = append(rs, r)
		}
		return rs
	}
	rb, rs := encode(base), encode(side)
	diffs := diffmatchpatch.New().DiffMainRunes(rb, rs, false)
	var out []hunk[T]
	var cur *hunk[T]
	i := 0
	for _, d := range diffs {
		runes := []rune(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			if cur != nil {
				out = append(out, *cur)
				cur = nil
			}
			i += len(runes)
		case diffmatchpatch.DiffDelete:
			if cur == nil {
				cur = &hunk[T]{start: i, end: i, theirs: theirs}
			}
			i += len(runes)
			cur.end = i
		case diffmatchpatch.DiffInsert:
			if cur == nil {
				cur = &hunk[T]{start: i, end: i, theirs: theirs}
			}
			for _, r := range runes {
				cur.rows = append(cur.rows, table[runeIndex(r)])
			}
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// apply gives one side's version of base[start:end] with its hunks.
func apply[T any](base []T, start, end int, hs []hunk[T]) []T {
	out := []T{}
	pos := start
	for _, h := range hs {
		out = append(out, base[pos:h.start]...)
		out = append(out, h.rows...)
		pos = h.end
	}
	return append(out, base[pos:end]...)
}

// MergeRows merges two changes of a list of rows three ways, as diff3
// does: changes in different places are both kept, and rows both sides
// added at the same place are kept once each, theirs first. Where both
// changed the same rows in place (as many rows as before), cells merges
// them row by row; what cells cannot merge, and any other overlap, is a
// collision: mine then holds your version of those rows and alt theirs,
// and the rest of both lists is merged alike.
func MergeRows[T comparable](base, theirs, yours []T, cells func(b, t, y T) (T, T, bool)) (mine, alt []T, collide bool) {
	all := append(hunks(base, theirs, true), hunks(base, yours, false)...)
	slices.SortStableFunc(all, func(a, b hunk[T]) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.end, b.end)
	})
	mine, alt = []T{}, []T{}
	pos := 0
	for i := 0; i < len(all); {
		// A cluster is a run of hunks whose base ranges overlap; rows
		// added at one point by both sides join one cluster too.
		start, end := all[i].start, all[i].end
		j := i + 1
		for j < len(all) && (all[j].start < end || (start == end && all[j].start == start && all[j].end == start)) {
			end = max(end, all[j].end)
			j++
		}
		var ts, ys []hunk[T]
		for _, h := range all[i:j] {
			if h.theirs {
				ts = append(ts, h)
			} else {
				ys = append(ys, h)
			}
		}
		i = j
		mine = append(mine, base[pos:start]...)
		alt = append(alt, base[pos:start]...)
		pos = end
		tv, yv := apply(base, start, end, ts), apply(base, start, end, ys)
		switch {
		case len(ys) == 0 || slices.Equal(tv, yv):
			mine, alt = append(mine, tv...), append(alt, tv...)
		case len(ts) == 0:
			mine, alt = append(mine, yv...), append(alt, yv...)
		case start == end:
			// Both added rows here: keep theirs, then yours that theirs
			// does not already have.
			rest := slices.Clone(tv)
			both := slices.Clone(tv)
			for _, row := range yv {
				if k := slices.Index(rest, row); k >= 0 {
					rest = slices.Delete(rest, k, k+1)
					continue
				}
				both = append(both, row)
			}
			mine, alt = append(mine, both...), append(alt, both...)
		case allInPlace(ts) && allInPlace(ys):
			for k := range end - start {
				m, a, c := cells(base[start+k], tv[k], yv[k])
				mine, alt = append(mine, m), append(alt, a)
				collide = collide || c
			}
		default:
			mine, alt = append(mine, yv...), append(alt, tv...)
			collide = true
		}
	}
	mine = append(mine, base[pos:]...)
	alt = append(alt, base[pos:]...)
	return mine, alt, collide
}

func allInPlace[T any](hs []hunk[T]) bool {
	for _, h := range hs {
		if !h.inPlace() {
			return false
		}
	}
	return true
}
