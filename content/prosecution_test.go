package content

import (
	"slices"
	"testing"
	"time"
)

// TestOldShapeIsOneProsecution: a case written before prosecutions is
// read as one prosecution of its top-level fields, and a case with
// prosecutions derives those fields from them as the contract says.
func TestOldShapeIsOneProsecution(t *testing.T) {
	old := &Case{Articles: []string{"280.3"}, Region: "moscow", DetainedOn: "2024-05", SentencedOn: "2024-09-19"}
	ps := old.EffectiveProsecutions()
	if len(ps) != 1 || ps[0].Region != "moscow" || ps[0].VerdictOn != "2024-09-19" || ps[0].DetainedOn != "2024-05" || !slices.Equal(ps[0].Articles, []string{"280.3"}) {
		t.Fatalf("old shape: %+v", ps)
	}
	n := old.Clone()
	n.Normalize()
	if len(n.Prosecutions) != 1 || n.Region != "moscow" || n.SentencedOn != "2024-09-19" {
		t.Errorf("normalized: %+v", n)
	}
	empty := &Case{}
	empty.Normalize()
	if empty.Prosecutions != nil {
		t.Errorf("a case with no prosecution data has prosecutions: %+v", empty.Prosecutions)
	}
	c := &Case{Prosecutions: []Prosecution{
		{Articles: []string{"280.3 ч.1"}, Region: "arkhangelsk-oblast", DetainedOn: "2024-05", VerdictOn: "2024-09-19"},
		{Articles: []string{"207.3 ч.2", "280.3 ч.1"}, Region: "moscow", OpenedOn: "2025-01", DetainedOn: "2023-12", VerdictOn: "2025-06"},
		{}, // a row left empty in the form
	}}
	c.Normalize()
	if len(c.Prosecutions) != 2 {
		t.Fatalf("empty row kept: %+v", c.Prosecutions)
	}
	if !slices.Equal(c.Articles, []string{"280.3 ч.1", "207.3 ч.2"}) || c.Region != "moscow" || c.DetainedOn != "2023-12" || c.SentencedOn != "2025-06" {
		t.Errorf("derived: articles %v region %q detained %q sentenced %q", c.Articles, c.Region, c.DetainedOn, c.SentencedOn)
	}
	// The latest prosecution is the one with the latest date, not the
	// last listed.
	c.Prosecutions[0].VerdictOn = "2026-01"
	c.Normalize()
	if c.Region != "arkhangelsk-oblast" || c.SentencedOn != "2026-01" {
		t.Errorf("latest by date: region %q sentenced %q", c.Region, c.SentencedOn)
	}
}

func TestProsecutionKeys(t *testing.T) {
	for _, tc := range []struct {
		i     int
		field string
		key   string
	}{
		{0, "articles", "articles"}, {0, "region", "region"}, {0, "detained_on", "detained_on"}, {0, "verdict_on", "sentenced_on"},
		{0, "opened_on", "prosecutions.0.opened_on"}, {1, "articles", "prosecutions.1.articles"},
		{2, "sentence.months", "prosecutions.2.sentence.months"}, {0, "court_en", "prosecutions.0.court_en"},
	} {
		if got := ProsecutionKey(tc.i, tc.field); got != tc.key {
			t.Errorf("ProsecutionKey(%d, %s) = %s, want %s", tc.i, tc.field, got, tc.key)
		}
		if i, f, ok := ParseProsecutionKey(tc.key); !ok || i != tc.i || f != tc.field {
			t.Errorf("ParseProsecutionKey(%s) = %d %s %v", tc.key, i, f, ok)
		}
	}
	for _, bad := range []string{"prosecutions.0.region", "prosecutions.01.stage", "prosecutions.-1.stage", "prosecutions.1.nope", "prosecutions.1", "name_ru", "prosecutions.0.verdict_on"} {
		if _, _, ok := ParseProsecutionKey(bad); ok {
			t.Errorf("ParseProsecutionKey(%s) accepted", bad)
		}
	}
}

func TestValidateFacts(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	valid := &Case{RU: Text{Name: "Имя"}, Gender: "female", BornOn: "1990-04-02", Citizenship: []string{"ru", "UA"},
		Prosecutions: []Prosecution{
			{Articles: []string{"280.3 ч.1"}, OpenedOn: "2024-04", VerdictOn: "2024-09", Stage: "sentenced",
				Sentence: Sentence{Kind: "colony", Months: 78, Regime: "strict", ReleaseExpectedOn: "2030-10", ReleasedOn: "2025", ReleasedHow: "exchange"}},
			{Articles: []string{"207.3"}, Stage: "investigation"},
		}}
	valid.Normalize()
	if fe := valid.ValidateAt(now); fe != nil {
		t.Fatalf("valid case refused: %v", fe)
	}
	if !slices.Equal(valid.Citizenship, []string{"RU", "UA"}) {
		t.Errorf("citizenship %v", valid.Citizenship)
	}
	for _, tc := range []struct {
		name   string
		change func(c *Case)
		key    string
	}{
		{"gender", func(c *Case) { c.Gender = "x" }, "gender"},
		{"born in the future", func(c *Case) { c.BornOn = "2027" }, "born_on"},
		{"born badly", func(c *Case) { c.BornOn = "1990-13" }, "born_on"},
		{"citizenship", func(c *Case) { c.Citizenship = []string{"RUS"} }, "citizenship"},
		{"term over 600", func(c *Case) { c.Prosecutions[0].Sentence.Months = 601 }, "prosecutions.0.sentence.months"},
		{"negative term", func(c *Case) { c.Prosecutions[1].Sentence.Months = -1 }, "prosecutions.1.sentence.months"},
		{"release before verdict", func(c *Case) { c.Prosecutions[0].Sentence.ReleasedOn = "2024-08" }, "prosecutions.0.sentence.released_on"},
		{"expected release before verdict", func(c *Case) { c.Prosecutions[0].Sentence.ReleaseExpectedOn = "2023" }, "prosecutions.0.sentence.release_expected_on"},
		{"verdict before the case", func(c *Case) { c.Prosecutions[0].VerdictOn = "2024-03" }, "sentenced_on"},
		{"stage", func(c *Case) { c.Prosecutions[1].Stage = "done" }, "prosecutions.1.stage"},
		{"kind", func(c *Case) { c.Prosecutions[0].Sentence.Kind = "gulag" }, "prosecutions.0.sentence.kind"},
		{"regime", func(c *Case) { c.Prosecutions[0].Sentence.Regime = "soft" }, "prosecutions.0.sentence.regime"},
		{"released how", func(c *Case) { c.Prosecutions[0].Sentence.ReleasedHow = "escape" }, "prosecutions.0.sentence.released_how"},
		{"court too long", func(c *Case) { c.Prosecutions[1].EN.Court = string(make([]rune, 301)) }, "prosecutions.1.court_en"},
		{"bad date", func(c *Case) { c.Prosecutions[1].OpenedOn = "yesterday" }, "prosecutions.1.opened_on"},
	} {
		c := valid.Clone()
		tc.change(c)
		c.Normalize()
		fe := c.ValidateAt(now)
		if fe[tc.key] == "" {
			t.Errorf("%s: no error at %s: %v", tc.name, tc.key, fe)
		}
	}
	// A release on the verdict's day (a term served in pre-trial
	// detention) and a year that may mean the same days are no error.
	c := valid.Clone()
	c.Prosecutions[0].VerdictOn, c.Prosecutions[0].Sentence.ReleasedOn = "2024-09-19", "2024"
	if fe := c.ValidateAt(now); fe != nil {
		t.Errorf("release in the verdict's year refused: %v", fe)
	}
}

func TestPublicBirthday(t *testing.T) {
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	c := &Case{BornOn: "1972-12-20"}
	if c.PublicBornOn() != "1972" || c.ForPublic().BornOn != "1972" || c.BornOn != "1972-12-20" {
		t.Errorf("a birthday not cleared is public: %q", c.ForPublic().BornOn)
	}
	if age, ok := c.Age(now); !ok || age != 53 {
		t.Errorf("age from the year alone: %d %v (the lower bound)", age, ok)
	}
	c.BirthdayPublic = true
	if c.ForPublic().BornOn != "1972-12-20" {
		t.Error("a cleared birthday is cut")
	}
	if age, _ := c.Age(now); age != 53 {
		t.Errorf("age before the birthday: %d", age)
	}
	if age, _ := c.Age(now.AddDate(0, 0, 13)); age != 54 {
		t.Errorf("age on the birthday: %d", age)
	}
	if _, ok := (&Case{}).Age(now); ok {
		t.Error("an age without a date of birth")
	}
}

func TestDateOrder(t *testing.T) {
	if CompareDates("2024", "2024-05") >= 0 || CompareDates("2024-05-19", "2024-05") <= 0 || CompareDates("", "1900") >= 0 {
		t.Error("CompareDates")
	}
	if Date("2024").Before("2024-09-19") || !Date("2024-08").Before("2024-09-19") || Date("").Before("2024") {
		t.Error("Before")
	}
}

func TestArticlesByCodes(t *testing.T) {
	got := ArticlesByCodes([]string{"280.3 ч.1", "207.3 ч.2"}, []string{"280.3", "205.2"})
	if !slices.Equal(got, []string{"280.3 ч.1", "205.2"}) {
		t.Errorf("got %v", got)
	}
}
