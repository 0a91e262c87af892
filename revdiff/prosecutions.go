package revdiff

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"casebook/content"
)

// A case's prosecutions are compared and merged field by field inside
// each prosecution, under the keys the form names them by
// (content.ProsecutionKey): "articles" and "region" of the first,
// "prosecutions.1.sentence.months" of the second. When the two sides do
// not hold the same number of prosecutions, the prosecutions cannot be
// matched field by field: they merge as rows, like sources, under the key
// "prosecutions".

// ProsecutionsKey names the whole list of prosecutions, where its rows
// were added or removed.
const ProsecutionsKey = "prosecutions"

// pfield is one field of a prosecution, read and written as text (the
// numbers as decimal) except the articles, a set.
type pfield struct {
	name, lang string
	get        func(p *content.Prosecution) string
	set        func(p *content.Prosecution, v string)
}

func pfields() []pfield {
	str := func(name string, at func(p *content.Prosecution) *string) pfield {
		return pfield{name: name, get: func(p *content.Prosecution) string { return *at(p) }, set: func(p *content.Prosecution, v string) { *at(p) = v }}
	}
	date := func(name string, at func(p *content.Prosecution) *content.Date) pfield {
		return pfield{name: name, get: func(p *content.Prosecution) string { return string(*at(p)) }, set: func(p *content.Prosecution, v string) { *at(p) = content.Date(v) }}
	}
	out := []pfield{
		str("group", func(p *content.Prosecution) *string { return &p.Group }),
		{name: "articles", get: func(p *content.Prosecution) string { return strings.Join(p.Articles, ", ") }},
		str("region", func(p *content.Prosecution) *string { return &p.Region }),
		date("opened_on", func(p *content.Prosecution) *content.Date { return &p.OpenedOn }),
		date("detained_on", func(p *content.Prosecution) *content.Date { return &p.DetainedOn }),
		date("verdict_on", func(p *content.Prosecution) *content.Date { return &p.VerdictOn }),
		str("stage", func(p *content.Prosecution) *string { return &p.Stage }),
		str("sentence.kind", func(p *content.Prosecution) *string { return &p.Sentence.Kind }),
		{name: "sentence.months",
			get: func(p *content.Prosecution) string { return number(int64(p.Sentence.Months)) },
			set: func(p *content.Prosecution, v string) { p.Sentence.Months, _ = strconv.Atoi(v) }},
		str("sentence.regime", func(p *content.Prosecution) *string { return &p.Sentence.Regime }),
		{name: "sentence.fine_rub",
			get: func(p *content.Prosecution) string { return number(p.Sentence.FineRub) },
			set: func(p *content.Prosecution, v string) { p.Sentence.FineRub, _ = strconv.ParseInt(v, 10, 64) }},
		date("sentence.release_expected_on", func(p *content.Prosecution) *content.Date { return &p.Sentence.ReleaseExpectedOn }),
		date("sentence.released_on", func(p *content.Prosecution) *content.Date { return &p.Sentence.ReleasedOn }),
		str("sentence.released_how", func(p *content.Prosecution) *string { return &p.Sentence.ReleasedHow }),
	}
	for _, l := range content.Langs() {
		for _, f := range []string{"court", "judge", "prosecutor", "note"} {
			text := func(p *content.Prosecution) *content.ProsecutionText { return p.Text(l) }
			var at func(p *content.Prosecution) *string
			switch f {
			case "court":
				at = func(p *content.Prosecution) *string { return &text(p).Court }
			case "judge":
				at = func(p *content.Prosecution) *string { return &text(p).Judge }
			case "prosecutor":
				at = func(p *content.Prosecution) *string { return &text(p).Prosecutor }
			default:
				at = func(p *content.Prosecution) *string { return &text(p).Note }
			}
			pf := str(f+"_"+string(l), at)
			pf.lang = string(l)
			out = append(out, pf)
		}
	}
	return out
}

// number writes a term or a fine; none is "", as in the form.
func number(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func findPField(name string) (pfield, bool) {
	for _, f := range pfields() {
		if f.name == name {
			return f, true
		}
	}
	return pfield{}, false
}

// assign makes ps the prosecutions of c. A case in the shape before
// prosecutions stays in it while ps is its one prosecution of the four
// fields that shape has, so that merging two old revisions gives an old
// one; otherwise the list is stored and the top-level fields derived.
func assign(c *content.Case, ps []content.Prosecution) {
	if len(c.Prosecutions) == 0 && len(ps) == 1 {
		legacy := content.Prosecution{Articles: ps[0].Articles, Region: ps[0].Region, DetainedOn: ps[0].DetainedOn, VerdictOn: ps[0].VerdictOn}
		if jsonOf(legacy) == jsonOf(ps[0]) {
			c.Articles, c.Region, c.DetainedOn, c.SentencedOn = slices.Clone(ps[0].Articles), ps[0].Region, ps[0].DetainedOn, ps[0].VerdictOn
			return
		}
	}
	c.Prosecutions = ps
	s := content.Summarize(ps)
	c.Articles, c.Region, c.DetainedOn, c.SentencedOn = s.Articles, s.Region, s.DetainedOn, s.SentencedOn
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // prosecutions always marshal
	}
	return string(b)
}

// sameShape reports whether the sides hold as many prosecutions each, so
// that they merge field by field.
func sameShape(lists ...[]content.Prosecution) bool {
	for _, l := range lists[1:] {
		if len(l) != len(lists[0]) {
			return false
		}
	}
	return true
}

// mergeOne merges one prosecution field by field into mine and alt (both
// theirs on entry), calling report for each field either side changed.
func mergeOne(mine, alt, base *content.Prosecution, theirs, yours *content.Prosecution, report func(field, lang string, o Outcome)) {
	for _, f := range pfields() {
		var o Outcome
		if f.name == "articles" {
			var b *[]string
			if base != nil {
				b = &base.Articles
			}
			mine.Articles, alt.Articles, o = mergeCodes(b, theirs.Articles, yours.Articles)
		} else {
			var b *string
			if base != nil {
				v := f.get(base)
				b = &v
			}
			m, a, oo := pick(b, f.get(theirs), f.get(yours))
			f.set(mine, m)
			f.set(alt, a)
			o = oo
		}
		if o != Unchanged {
			report(f.name, f.lang, o)
		}
	}
}

// mergeProsecutions merges the prosecutions of the three sides into mine
// and alt and lists the fields either side changed.
func mergeProsecutions(mine, alt, base, theirs, yours *content.Case) []MergedField {
	t, y := theirs.EffectiveProsecutions(), yours.EffectiveProsecutions()
	var b []content.Prosecution
	if base != nil {
		b = base.EffectiveProsecutions()
	}
	var out []MergedField
	var mp, ap []content.Prosecution
	if sameShape(t, y) && (base == nil || sameShape(b, t)) {
		mp, ap = theirs.EffectiveProsecutions(), theirs.EffectiveProsecutions()
		for i := range t {
			var bi *content.Prosecution
			if base != nil {
				bi = &b[i]
			}
			mergeOne(&mp[i], &ap[i], bi, &t[i], &y[i], func(field, lang string, o Outcome) {
				out = append(out, MergedField{Key: content.ProsecutionKey(i, field), Lang: lang, Outcome: o})
			})
		}
	} else {
		enc := func(ps []content.Prosecution) []string {
			out := make([]string, len(ps))
			for i, p := range ps {
				out[i] = jsonOf(p)
			}
			return out
		}
		dec := func(rows []string) []content.Prosecution {
			out := make([]content.Prosecution, len(rows))
			for i, r := range rows {
				if err := json.Unmarshal([]byte(r), &out[i]); err != nil {
					panic(err) // rows are what enc wrote
				}
			}
			return out
		}
		var o Outcome
		if base == nil {
			mp, ap, o = y, t, Collision
		} else {
			m, a, collide := MergeRows(enc(b), enc(t), enc(y), func(bs, ts, ys string) (string, string, bool) {
				bp, tp, yp := dec([]string{bs, ts, ys})[0], dec([]string{bs, ts, ys})[1], dec([]string{bs, ts, ys})[2]
				m, a := tp, tp
				m.Articles, a.Articles = slices.Clone(tp.Articles), slices.Clone(tp.Articles)
				collide := false
				mergeOne(&m, &a, &bp, &tp, &yp, func(_, _ string, o Outcome) { collide = collide || o == Collision })
				return jsonOf(m), jsonOf(a), collide
			})
			mp, ap = dec(m), dec(a)
			eb, et, ey := enc(b), enc(t), enc(y)
			switch {
			case collide:
				o = Collision
			default:
				o = outcome(!slices.Equal(eb, et) || !slices.Equal(eb, ey), slices.Equal(m, et), slices.Equal(m, ey))
			}
		}
		out = append(out, MergedField{Key: ProsecutionsKey, Outcome: o})
	}
	assign(mine, mp)
	assign(alt, ap)
	return out
}

// prosecutionKeys lists the keys of the prosecution fields that differ
// between a and b.
func prosecutionKeys(a, b *content.Case) []string {
	pa, pb := a.EffectiveProsecutions(), b.EffectiveProsecutions()
	if !sameShape(pa, pb) {
		return []string{ProsecutionsKey}
	}
	var out []string
	for i := range pa {
		for _, f := range pfields() {
			va, vb := f.get(&pa[i]), f.get(&pb[i])
			if f.name == "articles" {
				if !sameSet(pa[i].Articles, pb[i].Articles) {
					out = append(out, content.ProsecutionKey(i, f.name))
				}
			} else if va != vb {
				out = append(out, content.ProsecutionKey(i, f.name))
			}
		}
	}
	return out
}

// copyProsecutionField sets the field named key (a prosecution's, or the
// whole list) of dst to its value in src, and reports whether key names
// one that src has.
func copyProsecutionField(dst, src *content.Case, key string) bool {
	if key == ProsecutionsKey {
		assign(dst, src.EffectiveProsecutions())
		return true
	}
	i, name, ok := content.ParseProsecutionKey(key)
	sp := src.EffectiveProsecutions()
	if !ok || i >= len(sp) {
		return false
	}
	dp := dst.EffectiveProsecutions()
	for len(dp) <= i {
		dp = append(dp, content.Prosecution{})
	}
	if name == "articles" {
		dp[i].Articles = slices.Clone(sp[i].Articles)
	} else {
		f, _ := findPField(name)
		f.set(&dp[i], f.get(&sp[i]))
	}
	assign(dst, dp)
	return true
}

// isProsecutionKey reports whether key names a prosecution field or the
// whole list.
func isProsecutionKey(key string) bool {
	_, _, ok := content.ParseProsecutionKey(key)
	return ok || key == ProsecutionsKey
}

// prosecutionText is the value of a prosecution key in c as Compare shows
// it: a field's text, "" where c has no such prosecution; the whole list
// one line per prosecution.
func prosecutionText(c *content.Case, key string) string {
	ps := c.EffectiveProsecutions()
	if key == ProsecutionsKey {
		lines := make([]string, 0, len(ps))
		for _, p := range ps {
			var parts []string
			for _, f := range pfields() {
				if v := f.get(&p); v != "" {
					parts = append(parts, f.name+": "+v)
				}
			}
			lines = append(lines, strings.Join(parts, "; "))
		}
		return strings.Join(lines, "\n")
	}
	i, name, ok := content.ParseProsecutionKey(key)
	if !ok || i >= len(ps) {
		return ""
	}
	f, _ := findPField(name)
	return f.get(&ps[i])
}

// prosecutionFields lists the comparable fields of the prosecutions of a
// and b for Compare: every field of every prosecution either has.
func prosecutionFields(a, b *content.Case) []field {
	n := max(len(a.EffectiveProsecutions()), len(b.EffectiveProsecutions()))
	var out []field
	for i := range n {
		for _, f := range pfields() {
			key := content.ProsecutionKey(i, f.name)
			out = append(out, field{key, f.lang, func(c *content.Case) string { return prosecutionText(c, key) }})
		}
	}
	return out
}
