package handlers

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
	"casebook/views"
)

// personFacts are the facts box's lines about the person: the date or
// year of birth, with the age where the whole date is public, the
// citizenship and the occupation. cc is the content as shown: on a public
// page already cut by ForPublic, so a birthday that is not cleared shows
// as its year.
func personFacts(p *i18n.Printer, cc *content.Case, now time.Time) []views.Fact {
	var out []views.Fact
	if cc.BornOn != "" {
		_, m, d := cc.BornOn.Parts()
		switch {
		case m == 0:
			out = append(out, views.Fact{Label: p.T("fact.born_year"), Values: []string{p.Date(cc.BornOn)}})
		case d == 0 || cc.Status == "deceased":
			// A month gives no age to the year; the dead have none.
			out = append(out, views.Fact{Label: p.T("fact.born_on"), Values: []string{p.Date(cc.BornOn)}})
		default:
			v := p.Date(cc.BornOn)
			if age, ok := cc.Age(now); ok {
				v = p.T("fact.born_age", v, p.N("fact.age", age))
			}
			out = append(out, views.Fact{Label: p.T("fact.born_on"), Values: []string{v}})
		}
	}
	var countries []string
	for _, code := range cc.Citizenship {
		countries = append(countries, p.Country(code))
	}
	if len(countries) > 0 {
		out = append(out, views.Fact{Label: p.T("fact.citizenship"), Values: countries})
	}
	if o := strings.TrimSpace(cc.Text(p.Lang()).Occupation); o != "" {
		out = append(out, views.Fact{Label: p.T("fact.occupation"), Values: []string{o}})
	}
	return out
}

// articleLabel writes an article as the field writes it, with its part,
// and the reference list's title of its code: "ст. 280.3 ч.1 — ...".
func articleLabel(p *i18n.Printer, refs *store.References, article string) string {
	if a, ok := store.Find(refs.Articles, content.ArticleCode(article)); ok {
		return p.T("fact.article", p.ArticlePart(article), a.Label(p.Lang()))
	}
	return p.ArticlePart(article)
}

// detailed says whether a case's prosecutions hold more than the facts
// box shows of a case in the shape before prosecutions (its articles'
// codes, region and two dates): then the profile details each.
func detailed(ps []content.Prosecution) bool {
	if len(ps) > 1 {
		return true
	}
	for _, q := range ps {
		if q.Group != "" || q.OpenedOn != "" || q.Stage != "" || q.Sentence != (content.Sentence{}) ||
			q.RU != (content.ProsecutionText{}) || q.EN != (content.ProsecutionText{}) {
			return true
		}
		for _, a := range q.Articles {
			if a != content.ArticleCode(a) {
				return true
			}
		}
	}
	return false
}

// prosecutionViews details the case's prosecutions for its profile, each
// with its group and the group's other published members (co, by group
// code, from store.CoDefendants); nil when the facts box says it all.
func prosecutionViews(p *i18n.Printer, cc *content.Case, refs *store.References, co map[string][]store.GroupMember) []views.ProsecutionView {
	ps := cc.EffectiveProsecutions()
	if !detailed(ps) {
		return nil
	}
	l := p.Lang()
	out := make([]views.ProsecutionView, 0, len(ps))
	for i, q := range ps {
		v := views.ProsecutionView{ID: "prosecution-" + strconv.Itoa(i+1)}
		if len(ps) > 1 {
			v.Heading = p.T("prosecution.number", i+1)
		}
		var facts []views.Fact
		add := func(key string, values ...string) {
			values = slices.DeleteFunc(slices.Clone(values), func(s string) bool { return strings.TrimSpace(s) == "" })
			if len(values) > 0 {
				facts = append(facts, views.Fact{Label: p.T(key), Values: values})
			}
		}
		if q.Group != "" {
			name := q.Group
			if g, ok := store.Find(refs.Groups, q.Group); ok {
				name = g.Label(l)
			}
			v.Group = &views.GroupLink{Name: name, URL: views.GroupURL(l, q.Group)}
			for _, m := range co[q.Group] {
				v.CoDefendants = append(v.CoDefendants, personLink(l, m))
			}
			sortByName(v.CoDefendants, func(p views.PersonLink) string { return p.Name })
		}
		var arts []string
		for _, a := range q.Articles {
			arts = append(arts, articleLabel(p, refs, a))
		}
		add("fact.articles", arts...)
		region := ""
		if r, ok := store.Find(refs.Regions, q.Region); ok {
			region = r.Label(l)
		}
		add("fact.region", region)
		add("prosecution.opened_on", p.Date(q.OpenedOn))
		add("fact.detained_on", p.Date(q.DetainedOn))
		add("prosecution.verdict_on", p.Date(q.VerdictOn))
		t := q.Text(l)
		add("prosecution.court", t.Court)
		add("prosecution.judge", t.Judge)
		add("prosecution.prosecutor", t.Prosecutor)
		add("prosecution.stage", p.Stage(q.Stage))
		add("fact.sentence", p.Sentence(q.Sentence))
		add("prosecution.release_expected_on", p.Date(q.Sentence.ReleaseExpectedOn))
		released := p.Date(q.Sentence.ReleasedOn)
		if how := p.ReleasedHow(q.Sentence.ReleasedHow); how != "" {
			if released == "" {
				released = how
			} else {
				released = p.T("prosecution.released", released, how)
			}
		}
		add("prosecution.released_on", released)
		v.Facts = facts
		v.Note = t.Note
		out = append(out, v)
	}
	return out
}

// personLink links a published case's profile in l, or in the other
// language where it has no version in l.
func personLink(l content.Lang, m store.GroupMember) views.PersonLink {
	if m.Complete[l] {
		return views.PersonLink{Name: m.Name[l], URL: views.CaseURL(l, m.Slug)}
	}
	o := l.Other()
	return views.PersonLink{Name: m.Name[o], URL: views.CaseURL(o, m.Slug), Lang: o}
}

// sortByName orders items by their names alphabetically: in lower case,
// with ё as е (Unicode puts it after я), which is the Russian and the
// English alphabet's order. The CLDR collation of golang.org/x/text would
// add a megabyte of tables to the binary for lists of a few names.
func sortByName[T any](items []T, name func(T) string) {
	key := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "ё", "е") }
	slices.SortStableFunc(items, func(a, b T) int { return strings.Compare(key(name(a)), key(name(b))) })
}

// groupCodes lists the groups the case's prosecutions name, each once.
func groupCodes(cc *content.Case) []string {
	var out []string
	for _, q := range cc.EffectiveProsecutions() {
		if q.Group != "" && !slices.Contains(out, q.Group) {
			out = append(out, q.Group)
		}
	}
	return out
}

// coDefendants reads the published co-defendants of the case id (0 for
// none yet) in the groups its content names: from published data only,
// so that a preview, too, names no draft.
func (h *Handler) coDefendants(ctx context.Context, id int64, cc *content.Case) (map[string][]store.GroupMember, error) {
	codes := groupCodes(cc)
	if len(codes) == 0 {
		return nil, nil
	}
	return h.st.CoDefendants(ctx, id, codes)
}
