package i18n

import (
	"strings"

	"casebook/content"
)

// The words of a person's facts and prosecutions: a sentence as data
// written out ("6 лет 6 месяцев колонии строгого режима"), the stages and
// the ways of release, and the names of countries.
//
// Russian puts the term first, in the nominative (which the accusative
// of these numerals equals: "приговорён к ..." is not used), and the
// place of the punishment after it in the genitive: "21 год колонии",
// "2 года условно", "5 лет ограничения свободы". So each kind has one
// message with the term (%s) and one without it, for a sentence whose
// term is not known; the term's numbers take their CLDR plural forms
// from the catalogue (prosecutionPlurals).

// Term writes a term of months in words: years and months from a year
// up ("6 лет 6 месяцев", "1 year", "2 years 1 month"), months below it
// ("11 месяцев"), "" for none.
func (p *Printer) Term(months int) string {
	if months <= 0 {
		return ""
	}
	years, rest := months/12, months%12
	switch {
	case years == 0:
		return p.N("sentence.term.months", rest)
	case rest == 0:
		return p.N("sentence.term.years", years)
	}
	return p.T("sentence.term.joined", p.N("sentence.term.years", years), p.N("sentence.term.months", rest))
}

// Fine writes a fine in roubles: "штраф 100 000 ₽", "a fine of 100,000
// roubles"; the number is grouped as the language groups digits.
func (p *Printer) Fine(rub int64) string {
	if rub <= 0 {
		return p.T("sentence.fine.bare")
	}
	return p.p.Sprintf("sentence.fine", rub)
}

// Sentence writes a sentence in words, with a fine beside the term where
// it has one ("2 года условно и штраф 100 000 ₽"); "" when the sentence
// says nothing. The regime counts for a colony and a prison only.
func (p *Printer) Sentence(s content.Sentence) string {
	term := p.Term(s.Months)
	kind := s.Kind
	if kind == "fine" {
		return p.Fine(s.FineRub)
	}
	var main string
	switch {
	case kind == "" && term == "":
	case kind == "":
		main = p.T("sentence.term_only", term)
	default:
		key := "sentence." + kind
		if !p.Has(key) {
			key = "sentence.other"
		}
		if s.Regime != "" && p.Has(key+"."+s.Regime) {
			key += "." + s.Regime
		}
		if term == "" {
			main = p.T(key + ".bare")
		} else {
			main = p.T(key, term)
		}
	}
	switch {
	case s.FineRub <= 0:
		return main
	case main == "":
		return p.Fine(s.FineRub)
	}
	return p.T("sentence.and_fine", main, p.Fine(s.FineRub))
}

// Stage names a stage of a prosecution ("" for none); one the catalogue
// does not know is shown as its code.
func (p *Printer) Stage(stage string) string {
	if stage == "" {
		return ""
	}
	return p.TOr("stage."+stage, stage)
}

// ReleasedHow says how a person was released ("" for not stated).
func (p *Printer) ReleasedHow(how string) string {
	if how == "" {
		return ""
	}
	return p.TOr("released_how."+how, how)
}

//go:generate go run countries_gen.go

// Country names the country of an ISO 3166 alpha-2 code in the printer's
// language ("RU" is "Россия", "Russia"), by the CLDR names (countries.go,
// made from golang.org/x/text's); a code that is no country is shown as
// it is.
func (p *Printer) Country(code string) string {
	names, ok := countryNames[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return code
	}
	if p.lang == content.EN {
		return names[1]
	}
	return names[0]
}

// ArticlePart writes an article as the field writes it ("280.3 ч.1") in
// the printer's language: Russian keeps it, English says "Part" for "ч."
// and "para." for "п." ("280.3 Part 1").
func (p *Printer) ArticlePart(article string) string {
	if p.lang != content.EN {
		return article
	}
	code, part, ok := strings.Cut(article, " ")
	if !ok {
		return article
	}
	part = articlePartEN.Replace(part)
	return code + " " + strings.Join(strings.Fields(part), " ")
}

var articlePartEN = strings.NewReplacer("ч.", "Part ", "п.", "para. ", "«", "(", "»", ")")

// prosecutionMessages are the texts of person facts and prosecutions,
// {Russian, English}.
func prosecutionMessages() map[string][2]string {
	return map[string][2]string{
		"sentence.term.joined": {"%s %s", "%s %s"},
		"sentence.term_only":   {"срок %s", "a term of %s"},
		"sentence.and_fine":    {"%s и %s", "%s and %s"},
		"sentence.fine.bare":   {"штраф", "a fine"},

		"sentence.colony":                    {"%s колонии", "%s in a penal colony"},
		"sentence.colony.bare":               {"колония", "a penal colony"},
		"sentence.colony.general":            {"%s колонии общего режима", "%s in a general-regime colony"},
		"sentence.colony.general.bare":       {"колония общего режима", "a general-regime colony"},
		"sentence.colony.strict":             {"%s колонии строгого режима", "%s in a strict-regime colony"},
		"sentence.colony.strict.bare":        {"колония строгого режима", "a strict-regime colony"},
		"sentence.colony.special":            {"%s колонии особого режима", "%s in a special-regime colony"},
		"sentence.colony.special.bare":       {"колония особого режима", "a special-regime colony"},
		"sentence.colony.settlement":         {"%s колонии-поселения", "%s in a settlement colony"},
		"sentence.colony.settlement.bare":    {"колония-поселение", "a settlement colony"},
		"sentence.colony.prison":             {"%s тюрьмы", "%s in prison"},
		"sentence.colony.prison.bare":        {"тюрьма", "prison"},
		"sentence.prison":                    {"%s тюрьмы", "%s in prison"},
		"sentence.prison.bare":               {"тюрьма", "prison"},
		"sentence.prison.general":            {"%s тюрьмы общего режима", "%s in a general-regime prison"},
		"sentence.prison.general.bare":       {"тюрьма общего режима", "a general-regime prison"},
		"sentence.prison.strict":             {"%s тюрьмы строгого режима", "%s in a strict-regime prison"},
		"sentence.prison.strict.bare":        {"тюрьма строгого режима", "a strict-regime prison"},
		"sentence.suspended":                 {"%s условно", "%s suspended"},
		"sentence.suspended.bare":            {"условный срок", "a suspended sentence"},
		"sentence.restricted_freedom":        {"%s ограничения свободы", "%s of restricted freedom"},
		"sentence.restricted_freedom.bare":   {"ограничение свободы", "restricted freedom"},
		"sentence.forced_labour":             {"%s принудительных работ", "%s of forced labour"},
		"sentence.forced_labour.bare":        {"принудительные работы", "forced labour"},
		"sentence.compulsory_work":           {"%s обязательных работ", "%s of compulsory work"},
		"sentence.compulsory_work.bare":      {"обязательные работы", "compulsory work"},
		"sentence.compulsory_treatment":      {"%s принудительного лечения", "%s of compulsory treatment"},
		"sentence.compulsory_treatment.bare": {"принудительное лечение", "compulsory treatment"},
		"sentence.other":                     {"иное наказание на срок %s", "another punishment for %s"},
		"sentence.other.bare":                {"иное наказание", "another punishment"},

		"stage.investigation": {"следствие", "investigation"},
		"stage.trial":         {"суд", "trial"},
		"stage.appeal":        {"апелляция", "appeal"},
		"stage.sentenced":     {"приговор вынесен", "sentenced"},
		"stage.closed":        {"дело прекращено", "closed"},

		"released_how.served_term": {"по окончании срока", "at the end of the term"},
		"released_how.parole":      {"условно-досрочно", "on parole"},
		"released_how.pardon":      {"по помилованию", "pardoned"},
		"released_how.quashed":     {"приговор отменён", "the verdict was quashed"},
		"released_how.exchange":    {"в результате обмена", "in a prisoner exchange"},
		"released_how.amnesty":     {"по амнистии", "under an amnesty"},

		// The profile: person facts and prosecutions
		"fact.born_on":                    {"Дата рождения", "Born"},
		"fact.born_year":                  {"Год рождения", "Year of birth"},
		"fact.born_age":                   {"%s (%s)", "%s (%s)"},
		"fact.citizenship":                {"Гражданство", "Citizenship"},
		"fact.occupation":                 {"Род занятий", "Occupation"},
		"prosecution.one":                 {"Уголовное дело", "Prosecution"},
		"prosecution.many":                {"Уголовные дела", "Prosecutions"},
		"prosecution.number":              {"Дело %d", "Prosecution %d"},
		"prosecution.of":                  {"Дело %d: %s", "Prosecution %d: %s"},
		"prosecution.group":               {"Групповое дело", "Group case"},
		"prosecution.opened_on":           {"Дело возбуждено", "Case opened"},
		"prosecution.verdict_on":          {"Дата приговора", "Verdict"},
		"prosecution.court":               {"Суд", "Court"},
		"prosecution.judge":               {"Судья", "Judge"},
		"prosecution.prosecutor":          {"Прокурор", "Prosecutor"},
		"prosecution.stage":               {"Стадия", "Stage"},
		"prosecution.release_expected_on": {"Ожидаемое освобождение", "Expected release"},
		"prosecution.released_on":         {"Освобождение", "Released"},
		"prosecution.released":            {"%s, %s", "%s, %s"},
		"prosecution.note":                {"Примечание", "Note"},
		"prosecution.codefendants":        {"Другие фигуранты дела", "Co-defendants"},

		// The group page
		"group.kicker":      {"Групповое дело", "Group case"},
		"group.description": {"Опубликованные профили фигурантов группового дела «%s».", "The published profiles of the defendants in the group case “%s”."},
		"group.members":     {"Фигуранты дела", "Defendants"},
	}
}

// prosecutionPlurals are the plural messages of person facts and
// prosecutions.
func prosecutionPlurals() map[string]pluralMessage {
	return map[string]pluralMessage{
		"sentence.term.years": {
			RU: [4]string{"%d год", "%d года", "%d лет", "%d года"},
			EN: [2]string{"%d year", "%d years"},
		},
		"sentence.term.months": {
			RU: [4]string{"%d месяц", "%d месяца", "%d месяцев", "%d месяца"},
			EN: [2]string{"%d month", "%d months"},
		},
		// The ₽ sign stays on the line of its number.
		"sentence.fine": {
			RU: [4]string{"штраф %d\u00a0₽", "штраф %d\u00a0₽", "штраф %d\u00a0₽", "штраф %d\u00a0₽"},
			EN: [2]string{"a fine of %d rouble", "a fine of %d roubles"},
		},
		"fact.age": {
			RU: [4]string{"%d год", "%d года", "%d лет", "%d года"},
			EN: [2]string{"age %d", "age %d"},
		},
		"group.count": {
			RU: [4]string{"%d человек", "%d человека", "%d человек", "%d человека"},
			EN: [2]string{"%d person", "%d people"},
		},
	}
}
