package handlers

import (
	"strconv"
	"strings"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
	"casebook/views"
)

// The studio's case page shows reviewers everything that would go out:
// besides the public facts box, the person facts and every prosecution
// whole, field by field, with each value as the form holds it.

// studioPersonFacts lists the person facts of cc that are filled in, whole
// (the studio sees the date of birth as saved).
func studioPersonFacts(p *i18n.Printer, cc *content.Case) []views.Fact {
	var out []views.Fact
	add := func(label string, values ...string) {
		var vs []string
		for _, v := range values {
			if v != "" {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			out = append(out, views.Fact{Label: label, Values: vs})
		}
	}
	if cc.Gender != "" {
		add(p.T("field.gender"), choiceLabel(p, "choice.gender.", cc.Gender))
	}
	if cc.BornOn != "" {
		public := p.T("case.born_on_year")
		if cc.BirthdayPublic {
			public = p.T("case.born_on_public")
		}
		add(p.T("field.born_on"), p.Date(cc.BornOn)+" ("+public+")")
	}
	add(p.T("field.citizenship"), strings.Join(cc.Citizenship, ", "))
	for _, l := range content.Langs() {
		add(fieldLabel(p, "occupation_"+string(l), string(l)), cc.Text(l).Occupation)
	}
	return out
}

// studioProsecutions lists the prosecutions of cc with every field that is
// filled in.
func studioProsecutions(p *i18n.Printer, cc *content.Case, refs *store.References) []views.StudioProsecution {
	l := p.Lang()
	var out []views.StudioProsecution
	for i, pr := range cc.Prosecutions {
		v := views.StudioProsecution{Heading: p.T("form.prosecution_n", i+1)}
		add := func(field string, values ...string) {
			var vs []string
			for _, x := range values {
				if x != "" {
					vs = append(vs, x)
				}
			}
			if len(vs) > 0 {
				v.Facts = append(v.Facts, views.Fact{Label: fieldLabel(p, field, langOf(field, "")), Values: vs})
			}
		}
		if pr.Group != "" {
			name := pr.Group
			if g, ok := store.Find(refs.Groups, pr.Group); ok {
				name = g.Label(l) + " (" + g.Code + ")"
			}
			add("group", name)
		}
		var arts []string
		for _, a := range pr.Articles {
			if it, ok := store.Find(refs.Articles, content.ArticleCode(a)); ok {
				a += " — " + it.Label(l)
			}
			arts = append(arts, a)
		}
		add("articles", arts...)
		region := pr.Region
		if r, ok := store.Find(refs.Regions, pr.Region); ok {
			region = r.Label(l)
		}
		add("region", region)
		add("opened_on", p.Date(pr.OpenedOn))
		add("detained_on", p.Date(pr.DetainedOn))
		add("verdict_on", p.Date(pr.VerdictOn))
		add("stage", choiceLabel(p, "choice.stage.", pr.Stage))
		s := pr.Sentence
		add("sentence.kind", choiceLabel(p, "choice.kind.", s.Kind))
		if s.Months != 0 {
			add("sentence.months", p.T("case.months", s.Months))
		}
		add("sentence.regime", choiceLabel(p, "choice.regime.", s.Regime))
		if s.FineRub != 0 {
			add("sentence.fine_rub", p.T("case.fine_rub", s.FineRub))
		}
		add("sentence.release_expected_on", p.Date(s.ReleaseExpectedOn))
		add("sentence.released_on", p.Date(s.ReleasedOn))
		add("sentence.released_how", choiceLabel(p, "choice.released.", s.ReleasedHow))
		for _, lang := range content.Langs() {
			t, sfx := pr.Text(lang), "_"+string(lang)
			add("court"+sfx, t.Court)
			add("judge"+sfx, t.Judge)
			add("prosecutor"+sfx, t.Prosecutor)
			add("note"+sfx, t.Note)
		}
		out = append(out, v)
	}
	return out
}

// choiceLabel names a value of one of the case JSON's enumerations; a
// value the catalogue does not know is shown as it is.
func choiceLabel(p *i18n.Printer, prefix, value string) string {
	if value == "" || !p.Has(prefix+value) {
		return value
	}
	return p.T(prefix + value)
}

// reviewChoices are what a lawyer's review may assess on a case with more
// than one prosecution: the whole case, or one prosecution, named by its
// articles. A case with one needs no choice.
func reviewChoices(p *i18n.Printer, cc *content.Case, chosen int) []views.Option {
	if len(cc.Prosecutions) < 2 {
		return nil
	}
	out := []views.Option{{Value: "0", Label: p.T("review.prosecution_whole"), Selected: chosen == 0}}
	for i, pr := range cc.Prosecutions {
		what := strings.Join(pr.Articles, ", ")
		if what == "" {
			what = "—"
		}
		out = append(out, views.Option{Value: strconv.Itoa(i + 1), Label: p.T("review.prosecution_n", i+1, what), Selected: chosen == i+1})
	}
	return out
}
