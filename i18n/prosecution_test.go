package i18n

import (
	"strings"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"casebook/content"
)

// nb is the no-break space that groups Russian digits and keeps ₽ on
// its number's line.
const nb = "\u00a0"

// TestPluralsOfTerms: years and months take the Russian forms their
// number asks for (1 год, 2 года, 5 лет, 11 лет, 21 год, 111 лет, 121
// год) and the English ones.
func TestPluralsOfTerms(t *testing.T) {
	ru, en := New().Printer(content.RU), New().Printer(content.EN)
	for _, c := range []struct {
		n                    int
		years, months        string
		yearsEN, monthsEN    string
		ageRU, ageEN, people string
	}{
		{1, "1 год", "1 месяц", "1 year", "1 month", "1 год", "age 1", "1 человек"},
		{2, "2 года", "2 месяца", "2 years", "2 months", "2 года", "age 2", "2 человека"},
		{5, "5 лет", "5 месяцев", "5 years", "5 months", "5 лет", "age 5", "5 человек"},
		{11, "11 лет", "11 месяцев", "11 years", "11 months", "11 лет", "age 11", "11 человек"},
		{12, "12 лет", "12 месяцев", "12 years", "12 months", "12 лет", "age 12", "12 человек"},
		{14, "14 лет", "14 месяцев", "14 years", "14 months", "14 лет", "age 14", "14 человек"},
		{21, "21 год", "21 месяц", "21 years", "21 months", "21 год", "age 21", "21 человек"},
		{22, "22 года", "22 месяца", "22 years", "22 months", "22 года", "age 22", "22 человека"},
		{25, "25 лет", "25 месяцев", "25 years", "25 months", "25 лет", "age 25", "25 человек"},
		{111, "111 лет", "111 месяцев", "111 years", "111 months", "111 лет", "age 111", "111 человек"},
		{121, "121 год", "121 месяц", "121 years", "121 months", "121 год", "age 121", "121 человек"},
	} {
		for _, got := range []struct{ got, want string }{
			{ru.N("sentence.term.years", c.n), c.years}, {ru.N("sentence.term.months", c.n), c.months},
			{en.N("sentence.term.years", c.n), c.yearsEN}, {en.N("sentence.term.months", c.n), c.monthsEN},
			{ru.N("fact.age", c.n), c.ageRU}, {en.N("fact.age", c.n), c.ageEN}, {ru.N("group.count", c.n), c.people},
		} {
			if got.got != got.want {
				t.Errorf("%d: %q, want %q", c.n, got.got, got.want)
			}
		}
	}
}

// TestTerm: a term of a year or more is written in years and months, a
// shorter one in months.
func TestTerm(t *testing.T) {
	ru, en := New().Printer(content.RU), New().Printer(content.EN)
	for _, c := range []struct {
		months int
		ru, en string
	}{
		{0, "", ""},
		{1, "1 месяц", "1 month"},
		{2, "2 месяца", "2 months"},
		{5, "5 месяцев", "5 months"},
		{11, "11 месяцев", "11 months"},
		{12, "1 год", "1 year"},
		{13, "1 год 1 месяц", "1 year 1 month"},
		{14, "1 год 2 месяца", "1 year 2 months"},
		{20, "1 год 8 месяцев", "1 year 8 months"},
		{24, "2 года", "2 years"},
		{25, "2 года 1 месяц", "2 years 1 month"},
		{60, "5 лет", "5 years"},
		{78, "6 лет 6 месяцев", "6 years 6 months"},
		{132, "11 лет", "11 years"},
		{144, "12 лет", "12 years"},
		{168, "14 лет", "14 years"},
		{252, "21 год", "21 years"},
		{257, "21 год 5 месяцев", "21 years 5 months"},
		{264, "22 года", "22 years"},
		{266, "22 года 2 месяца", "22 years 2 months"},
		{300, "25 лет", "25 years"},
		{311, "25 лет 11 месяцев", "25 years 11 months"},
		{1332, "111 лет", "111 years"},
		{1452, "121 год", "121 years"},
		{1453, "121 год 1 месяц", "121 years 1 month"},
	} {
		if got := ru.Term(c.months); got != c.ru {
			t.Errorf("%d months in Russian: %q, want %q", c.months, got, c.ru)
		}
		if got := en.Term(c.months); got != c.en {
			t.Errorf("%d months in English: %q, want %q", c.months, got, c.en)
		}
	}
}

// TestSentenceInWords: every kind of sentence, with and without its
// term, each regime of a colony and a prison, a fine alone and beside a
// term.
func TestSentenceInWords(t *testing.T) {
	ru, en := New().Printer(content.RU), New().Printer(content.EN)
	type S = content.Sentence
	for _, c := range []struct {
		s      S
		ru, en string
	}{
		{S{}, "", ""},
		{S{Kind: "colony", Months: 78, Regime: "strict"}, "6 лет 6 месяцев колонии строгого режима", "6 years 6 months in a strict-regime colony"},
		{S{Kind: "colony", Months: 20, Regime: "general"}, "1 год 8 месяцев колонии общего режима", "1 year 8 months in a general-regime colony"},
		{S{Kind: "colony", Months: 252, Regime: "special"}, "21 год колонии особого режима", "21 years in a special-regime colony"},
		{S{Kind: "colony", Months: 26, Regime: "settlement"}, "2 года 2 месяца колонии-поселения", "2 years 2 months in a settlement colony"},
		{S{Kind: "colony", Months: 60, Regime: "prison"}, "5 лет тюрьмы", "5 years in prison"},
		{S{Kind: "colony", Months: 11}, "11 месяцев колонии", "11 months in a penal colony"},
		{S{Kind: "colony", Regime: "strict"}, "колония строгого режима", "a strict-regime colony"},
		{S{Kind: "colony"}, "колония", "a penal colony"},
		{S{Kind: "prison", Months: 264}, "22 года тюрьмы", "22 years in prison"},
		{S{Kind: "prison", Months: 36, Regime: "general"}, "3 года тюрьмы общего режима", "3 years in a general-regime prison"},
		{S{Kind: "prison", Months: 36, Regime: "strict"}, "3 года тюрьмы строгого режима", "3 years in a strict-regime prison"},
		{S{Kind: "prison", Months: 36, Regime: "settlement"}, "3 года тюрьмы", "3 years in prison"},
		{S{Kind: "prison"}, "тюрьма", "prison"},
		{S{Kind: "suspended", Months: 24}, "2 года условно", "2 years suspended"},
		{S{Kind: "suspended", Months: 12, Regime: "general"}, "1 год условно", "1 year suspended"},
		{S{Kind: "suspended"}, "условный срок", "a suspended sentence"},
		{S{Kind: "fine", FineRub: 100000}, "штраф 100" + nb + "000" + nb + "₽", "a fine of 100,000 roubles"},
		{S{Kind: "fine", FineRub: 1}, "штраф 1" + nb + "₽", "a fine of 1 rouble"},
		{S{Kind: "fine", FineRub: 1500000, Months: 12}, "штраф 1" + nb + "500" + nb + "000" + nb + "₽", "a fine of 1,500,000 roubles"},
		{S{Kind: "fine"}, "штраф", "a fine"},
		{S{Kind: "restricted_freedom", Months: 18}, "1 год 6 месяцев ограничения свободы", "1 year 6 months of restricted freedom"},
		{S{Kind: "restricted_freedom"}, "ограничение свободы", "restricted freedom"},
		{S{Kind: "forced_labour", Months: 5}, "5 месяцев принудительных работ", "5 months of forced labour"},
		{S{Kind: "forced_labour"}, "принудительные работы", "forced labour"},
		{S{Kind: "compulsory_work", Months: 2}, "2 месяца обязательных работ", "2 months of compulsory work"},
		{S{Kind: "compulsory_work"}, "обязательные работы", "compulsory work"},
		{S{Kind: "compulsory_treatment", Months: 6}, "6 месяцев принудительного лечения", "6 months of compulsory treatment"},
		{S{Kind: "compulsory_treatment"}, "принудительное лечение", "compulsory treatment"},
		{S{Kind: "other", Months: 1}, "иное наказание на срок 1 месяц", "another punishment for 1 month"},
		{S{Kind: "other"}, "иное наказание", "another punishment"},
		{S{Months: 49}, "срок 4 года 1 месяц", "a term of 4 years 1 month"},
		// A fine beside the term.
		{S{Kind: "colony", Months: 72, Regime: "general", FineRub: 300000}, "6 лет колонии общего режима и штраф 300" + nb + "000" + nb + "₽", "6 years in a general-regime colony and a fine of 300,000 roubles"},
		{S{Kind: "suspended", Months: 24, FineRub: 50000}, "2 года условно и штраф 50" + nb + "000" + nb + "₽", "2 years suspended and a fine of 50,000 roubles"},
		{S{FineRub: 20000}, "штраф 20" + nb + "000" + nb + "₽", "a fine of 20,000 roubles"},
		// A kind the catalogue does not know (a later version's) reads as
		// another punishment, never as a bare key.
		{S{Kind: "exile", Months: 24}, "иное наказание на срок 2 года", "another punishment for 2 years"},
	} {
		if got := ru.Sentence(c.s); got != c.ru {
			t.Errorf("%+v in Russian: %q, want %q", c.s, got, c.ru)
		}
		if got := en.Sentence(c.s); got != c.en {
			t.Errorf("%+v in English: %q, want %q", c.s, got, c.en)
		}
	}
	// Every kind and regime of the contract has its words, with a term
	// and without one.
	for _, p := range []*Printer{ru, en} {
		for _, k := range content.SentenceKinds() {
			for _, r := range append(content.Regimes(), "") {
				for _, m := range []int{0, 13} {
					s := S{Kind: k, Regime: r, Months: m, FineRub: 10}
					if got := p.Sentence(s); got == "" || containsKey(got) {
						t.Errorf("%s: %+v is %q", p.Lang(), s, got)
					}
				}
			}
		}
	}
}

// containsKey says whether s looks like a message key or a verb rather
// than words.
func containsKey(s string) bool {
	for _, w := range []string{"sentence.", "%!", "%s", "%d"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// TestCountryNamesAreCLDRs: the table of country names (countries.go) is
// what golang.org/x/text says for every two-letter code; when an update
// of x/text changes a name, `go generate ./i18n` writes it anew.
func TestCountryNamesAreCLDRs(t *testing.T) {
	n := 0
	for x := 'A'; x <= 'Z'; x++ {
		for y := 'A'; y <= 'Z'; y++ {
			code := string([]rune{x, y})
			var want [2]string
			if r, err := language.ParseRegion(code); err == nil && r.IsCountry() && r.String() == code {
				want = [2]string{display.Russian.Regions().Name(r), display.English.Regions().Name(r)}
			}
			if got := countryNames[code]; got != want && (want[0] != "" && want[1] != "" || got != [2]string{}) {
				t.Errorf("%s: %q, CLDR says %q: run go generate ./i18n", code, got, want)
			}
			if want[0] != "" {
				n++
			}
		}
	}
	if n < 240 {
		t.Errorf("only %d countries", n)
	}
}

func TestStagesReleasesCountriesArticles(t *testing.T) {
	ru, en := New().Printer(content.RU), New().Printer(content.EN)
	for _, s := range content.Stages() {
		if ru.Stage(s) == s || !en.Has("stage."+s) {
			t.Errorf("stage %s has no words", s)
		}
	}
	for _, h := range content.ReleasedHows() {
		if ru.ReleasedHow(h) == h || en.ReleasedHow(h) == h {
			t.Errorf("release %s has no words", h)
		}
	}
	if ru.Stage("") != "" || en.ReleasedHow("") != "" || ru.Stage("later") != "later" {
		t.Error("an empty or unknown stage or release")
	}
	for _, c := range []struct{ code, ru, en string }{
		{"RU", "Россия", "Russia"}, {"UA", "Украина", "Ukraine"}, {"BY", "Беларусь", "Belarus"}, {"KZ", "Казахстан", "Kazakhstan"},
		{"ZZ", "ZZ", "ZZ"}, {"R1", "R1", "R1"},
	} {
		if got := ru.Country(c.code); got != c.ru {
			t.Errorf("%s in Russian: %q", c.code, got)
		}
		if got := en.Country(c.code); got != c.en {
			t.Errorf("%s in English: %q", c.code, got)
		}
	}
	for _, c := range []struct{ in, ru, en string }{
		{"280.3", "280.3", "280.3"},
		{"280.3 ч.1", "280.3 ч.1", "280.3 Part 1"},
		{"205.5 ч. 2", "205.5 ч. 2", "205.5 Part 2"},
		{"207.3 ч.2 п.«д»", "207.3 ч.2 п.«д»", "207.3 Part 2 para. (д)"},
	} {
		if got := ru.ArticlePart(c.in); got != c.ru {
			t.Errorf("%s in Russian: %q", c.in, got)
		}
		if got := en.ArticlePart(c.in); got != c.en {
			t.Errorf("%s in English: %q", c.in, got)
		}
	}
}
