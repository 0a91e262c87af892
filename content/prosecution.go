package content

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A case is one person; the field counts one row per prosecution of a
// person (OVD-Info) and recognises group cases (Memorial). So a case holds
// its prosecutions in order, each with its own articles, region, dates,
// court and sentence, and the top-level articles, region, detained_on and
// sentenced_on that the case had before are derived from them.
//
// There is one reading of a case's prosecutions, EffectiveProsecutions:
// the stored list, or for a case in the shape before prosecutions (an old
// revision, an old export) the one prosecution made of its top-level
// fields. Normalize writes that reading into the case, so a case saved
// from now on stores `prosecutions` as soon as it holds any prosecution
// data, and its top-level fields are then derived from them (Summarize).
// Old revisions are never rewritten in the database: reading one
// normalizes it in memory.

// Prosecution is one criminal prosecution of the person.
type Prosecution struct {
	// Group is the code of the case group (a reference list) the
	// prosecution belongs to, "" for none.
	Group string `json:"group"`
	// Articles are criminal-code articles as the field writes them: the
	// reference list's code, optionally followed by a space and its part
	// ("280.3 ч.1"); see ArticleCode.
	Articles []string `json:"articles"`
	// Region is where the case was investigated.
	Region     string          `json:"region"`
	OpenedOn   Date            `json:"opened_on"`
	DetainedOn Date            `json:"detained_on"`
	VerdictOn  Date            `json:"verdict_on"`
	Stage      string          `json:"stage"`
	Sentence   Sentence        `json:"sentence"`
	RU         ProsecutionText `json:"ru"`
	EN         ProsecutionText `json:"en"`
}

// Sentence is a sentence as data.
type Sentence struct {
	Kind string `json:"kind"`
	// Months is the term, 0 to 600; 0 when there is none or it is not
	// known.
	Months int    `json:"months"`
	Regime string `json:"regime"`
	// FineRub is a fine in roubles, on its own or beside another
	// punishment.
	FineRub           int64  `json:"fine_rub"`
	ReleaseExpectedOn Date   `json:"release_expected_on"`
	ReleasedOn        Date   `json:"released_on"`
	ReleasedHow       string `json:"released_how"`
}

// ProsecutionText is what of a prosecution is written per language. An
// additional ban or another part of the sentence that the data does not
// hold goes into the note.
type ProsecutionText struct {
	Court      string `json:"court"`
	Judge      string `json:"judge"`
	Prosecutor string `json:"prosecutor"`
	Note       string `json:"note"`
}

// Text returns the texts of the given language.
func (p *Prosecution) Text(l Lang) *ProsecutionText {
	if l == EN {
		return &p.EN
	}
	return &p.RU
}

// The enumerations of the case JSON. Each value may also be empty, for
// not stated: a case written before prosecutions has no stage, and a
// prosecution before its verdict has no sentence.

// Genders are the values of gender.
func Genders() []string { return []string{"male", "female", "other"} }

// Stages are the stages a prosecution goes through, in order.
func Stages() []string { return []string{"investigation", "trial", "appeal", "sentenced", "closed"} }

// SentenceKinds are the kinds of punishment.
func SentenceKinds() []string {
	return []string{"colony", "prison", "suspended", "fine", "restricted_freedom", "forced_labour", "compulsory_work", "compulsory_treatment", "other"}
}

// Regimes are the regimes of a penal colony or prison.
func Regimes() []string { return []string{"general", "strict", "special", "settlement", "prison"} }

// ReleasedHows are the ways a person is released.
func ReleasedHows() []string {
	return []string{"served_term", "parole", "pardon", "quashed", "exchange", "amnesty"}
}

// MaxMonths is the longest term a sentence may give, in months.
const MaxMonths = 600

// ArticleCode is the reference list's code of an article as the field
// writes it: what stands before the first space ("280.3" of "280.3 ч.1").
func ArticleCode(article string) string {
	code, _, _ := strings.Cut(strings.TrimSpace(article), " ")
	return code
}

// ArticleCodes lists the codes of the prosecution's articles, each once,
// in their order.
func (p *Prosecution) ArticleCodes() []string {
	out := []string{}
	for _, a := range p.Articles {
		if c := ArticleCode(a); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// ArticlesByCodes is the list of articles that a choice of codes (a form
// that offers codes only) makes of have: the articles of have whose code
// is chosen, with their parts, then each chosen code that none of them
// carries. A form of codes thus keeps the parts it does not show.
func ArticlesByCodes(have, codes []string) []string {
	out := []string{}
	chosen := map[string]bool{}
	for _, c := range codes {
		chosen[ArticleCode(c)] = true
	}
	covered := map[string]bool{}
	for _, a := range have {
		if c := ArticleCode(a); chosen[c] {
			out = append(out, a)
			covered[c] = true
		}
	}
	for _, c := range codes {
		if c = ArticleCode(c); c != "" && !covered[c] {
			out = append(out, c)
			covered[c] = true
		}
	}
	return out
}

// EffectiveProsecutions returns the prosecutions of the case as the
// contract reads them: a copy of the stored list, or, for a case without
// one, the one prosecution made of its top-level articles, region,
// detained_on (as detained) and sentenced_on (as the verdict). It is never
// empty.
func (c *Case) EffectiveProsecutions() []Prosecution {
	if len(c.Prosecutions) == 0 {
		return []Prosecution{{Articles: slices.Clone(c.Articles), Region: c.Region, DetainedOn: c.DetainedOn, VerdictOn: c.SentencedOn}}
	}
	out := make([]Prosecution, len(c.Prosecutions))
	for i, p := range c.Prosecutions {
		p.Articles = slices.Clone(p.Articles)
		out[i] = p
	}
	return out
}

// Summary is what the top-level articles, region, detained_on and
// sentenced_on of a case say of its prosecutions.
type Summary struct {
	// Articles are the articles of every prosecution, each once, in the
	// order of the prosecutions.
	Articles []string
	// Region is the region of the latest prosecution (see Latest) or, when
	// that names none, of the latest one that does.
	Region string
	// DetainedOn is the earliest detention.
	DetainedOn Date
	// SentencedOn is the latest verdict.
	SentencedOn Date
}

// Summarize derives the top-level fields from prosecutions.
func Summarize(ps []Prosecution) Summary {
	s := Summary{Articles: []string{}}
	for _, p := range ps {
		for _, a := range p.Articles {
			if a != "" && !slices.Contains(s.Articles, a) {
				s.Articles = append(s.Articles, a)
			}
		}
		if p.DetainedOn != "" && (s.DetainedOn == "" || CompareDates(p.DetainedOn, s.DetainedOn) < 0) {
			s.DetainedOn = p.DetainedOn
		}
		if p.VerdictOn != "" && (s.SentencedOn == "" || CompareDates(p.VerdictOn, s.SentencedOn) > 0) {
			s.SentencedOn = p.VerdictOn
		}
	}
	for _, i := range byRecency(ps) {
		if ps[i].Region != "" {
			s.Region = ps[i].Region
			break
		}
	}
	return s
}

// Summary derives the top-level fields from the case's prosecutions; for
// a case without them, they are its own top-level fields.
func (c *Case) Summary() Summary { return Summarize(c.EffectiveProsecutions()) }

// Latest returns the index of the latest of prosecutions, -1 for none:
// the one whose latest date (verdict, detention or opening) is the
// latest; of prosecutions equally recent, the one listed last.
func Latest(ps []Prosecution) int {
	order := byRecency(ps)
	if len(order) == 0 {
		return -1
	}
	return order[0]
}

// byRecency lists the indexes of ps from the latest to the earliest.
func byRecency(ps []Prosecution) []int {
	latest := func(p Prosecution) Date {
		d := p.OpenedOn
		for _, x := range []Date{p.DetainedOn, p.VerdictOn} {
			if CompareDates(x, d) > 0 {
				d = x
			}
		}
		return d
	}
	order := make([]int, len(ps))
	for i := range ps {
		order[i] = len(ps) - 1 - i
	}
	// Stable on the reversed positions: equally recent ones keep the
	// later position first.
	slices.SortStableFunc(order, func(a, b int) int { return CompareDates(latest(ps[b]), latest(ps[a])) })
	return order
}

// normalize trims the prosecution's text and spaces the parts of its
// articles alike ("280.3  ч.1" is "280.3 ч.1").
func (p *Prosecution) normalize() {
	p.Group = strings.TrimSpace(p.Group)
	p.Region = strings.TrimSpace(p.Region)
	p.Stage = strings.TrimSpace(p.Stage)
	articles := make([]string, 0, len(p.Articles))
	for _, a := range p.Articles {
		articles = append(articles, strings.Join(strings.Fields(a), " "))
	}
	p.Articles = cleanList(articles)
	for _, d := range []*Date{&p.OpenedOn, &p.DetainedOn, &p.VerdictOn, &p.Sentence.ReleaseExpectedOn, &p.Sentence.ReleasedOn} {
		*d = Date(strings.TrimSpace(string(*d)))
	}
	p.Sentence.Kind = strings.TrimSpace(p.Sentence.Kind)
	p.Sentence.Regime = strings.TrimSpace(p.Sentence.Regime)
	p.Sentence.ReleasedHow = strings.TrimSpace(p.Sentence.ReleasedHow)
	for _, l := range Langs() {
		t := p.Text(l)
		t.Court = strings.TrimSpace(t.Court)
		t.Judge = strings.TrimSpace(t.Judge)
		t.Prosecutor = strings.TrimSpace(t.Prosecutor)
		t.Note = strings.TrimSpace(strings.ReplaceAll(t.Note, "\r\n", "\n"))
	}
}

// IsZero reports whether the prosecution holds nothing: a row left empty
// in a form, which is not a prosecution.
func (p *Prosecution) IsZero() bool {
	q := *p
	if len(q.Articles) > 0 {
		return false
	}
	q.Articles = nil
	return reflect.DeepEqual(q, Prosecution{})
}

// ProsecutionFields names the fields of a prosecution as keys name them
// (ProsecutionKey), in the order a form shows them: JSON paths inside the
// prosecution, with the texts of a language suffixed by it as the form's
// inputs are ("court_ru").
func ProsecutionFields() []string {
	out := []string{"group", "articles", "region", "opened_on", "detained_on", "verdict_on", "stage",
		"sentence.kind", "sentence.months", "sentence.regime", "sentence.fine_rub",
		"sentence.release_expected_on", "sentence.released_on", "sentence.released_how"}
	for _, l := range Langs() {
		for _, f := range []string{"court", "judge", "prosecutor", "note"} {
			out = append(out, f+"_"+string(l))
		}
	}
	return out
}

// firstKeys are the keys of the first prosecution's fields that the case
// form had before prosecutions, and keeps: its inputs are named so.
var firstKeys = map[string]string{"articles": "articles", "region": "region", "detained_on": "detained_on", "verdict_on": "sentenced_on"}

// ProsecutionKey names field (one of ProsecutionFields) of the i-th
// prosecution, counting from 0, as the case form, the field errors of
// Validate, the revision diff and the merge all name it:
// "prosecutions.1.sentence.months", "prosecutions.0.court_en". The first
// prosecution's articles, region, detained_on and verdict_on keep the
// names the form gave them before prosecutions: "articles", "region",
// "detained_on" and "sentenced_on".
func ProsecutionKey(i int, field string) string {
	if i == 0 {
		if k, ok := firstKeys[field]; ok {
			return k
		}
	}
	return "prosecutions." + strconv.Itoa(i) + "." + field
}

// ParseProsecutionKey is the inverse of ProsecutionKey: the prosecution
// and the field a key names, and whether it names one.
func ParseProsecutionKey(key string) (i int, field string, ok bool) {
	for f, k := range firstKeys {
		if key == k {
			return 0, f, true
		}
	}
	rest, found := strings.CutPrefix(key, "prosecutions.")
	if !found {
		return 0, "", false
	}
	num, field, found := strings.Cut(rest, ".")
	n, err := strconv.Atoi(num)
	if !found || err != nil || n < 0 || strconv.Itoa(n) != num || !slices.Contains(ProsecutionFields(), field) {
		return 0, "", false
	}
	if ProsecutionKey(n, field) != key {
		return 0, "", false // the first's old names are the only ones
	}
	return n, field, true
}

// Group is a case group (a reference list like categories): the people
// prosecuted together, whom the field recognises as one group case.
type Group struct {
	Code string    `json:"code"`
	RU   GroupText `json:"ru"`
	EN   GroupText `json:"en"`
}

// GroupText is a group's name and description in one language.
type GroupText struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Text returns the texts of the given language.
func (g *Group) Text(l Lang) *GroupText {
	if l == EN {
		return &g.EN
	}
	return &g.RU
}

// MaxProsecutions is the most prosecutions one case holds (Navalny had
// eight).
const MaxProsecutions = 30

// citizenshipCode is an ISO 3166 alpha-2 code as the case JSON writes it.
var citizenshipCode = regexp.MustCompile(`^[A-Z]{2}$`)

// PublicBornOn is the date of birth as the public may see it: whole with
// BirthdayPublic, else only its year, so that a birthday an editor has
// not cleared is not published.
func (c *Case) PublicBornOn() Date {
	if c.BirthdayPublic {
		return c.BornOn
	}
	return c.BornOn.Year()
}

// ForPublic returns the case as public surfaces show it (profile, API,
// CSV, feeds, mirror): the date of birth cut to PublicBornOn.
func (c *Case) ForPublic() *Case {
	out := *c
	out.BornOn = c.PublicBornOn()
	return &out
}

// Age is the person's age in whole years on the day of now, from the
// public date of birth; ok is false when it is not known. With only a
// year of birth, the age is the one the person reaches in now's year
// less one when the birthday may still be ahead: the lower bound.
func (c *Case) Age(now time.Time) (age int, ok bool) {
	born := c.PublicBornOn()
	y, m, d := born.Parts()
	if y == 0 {
		return 0, false
	}
	age = now.Year() - y
	if m == 0 || int(now.Month()) < m || (int(now.Month()) == m && (d == 0 || now.Day() < d)) {
		age--
	}
	if age < 0 {
		return 0, false
	}
	return age, true
}

// validateFacts checks the person facts and the prosecutions into fe,
// keyed as the form names them (see ProsecutionKey).
func (c *Case) validateFacts(fe FieldErrors, now time.Time) {
	if c.Gender != "" && !slices.Contains(Genders(), c.Gender) {
		fe["gender"] = "error.unknown_value"
	}
	if _, err := ParseDate(string(c.BornOn)); err != nil {
		fe["born_on"] = "error.date"
	} else if c.BornOn.startsAfter(now) || (c.BornOn != "" && c.BornOn.Year() < "1900") {
		fe["born_on"] = "error.born_on"
	}
	if len(c.Citizenship) > 5 {
		fe["citizenship"] = "error.too_many"
	}
	for _, code := range c.Citizenship {
		if !citizenshipCode.MatchString(code) {
			fe["citizenship"] = "error.citizenship"
		}
	}
	for _, l := range Langs() {
		if len([]rune(c.Text(l).Occupation)) > 200 {
			fe["occupation_"+string(l)] = "error.too_long"
		}
	}
	if len(c.Prosecutions) > MaxProsecutions {
		fe["prosecutions"] = "error.too_many"
	}
	for i := range c.Prosecutions {
		c.Prosecutions[i].validate(i, fe)
	}
}

// validate checks one prosecution, the i-th.
func (p *Prosecution) validate(i int, fe FieldErrors) {
	key := func(f string) string { return ProsecutionKey(i, f) }
	if len(p.Articles) > 50 {
		fe[key("articles")] = "error.too_many"
	}
	for _, a := range p.Articles {
		if len([]rune(a)) > 60 || ArticleCode(a) == "" {
			fe[key("articles")] = "error.unknown_value"
		}
	}
	for f, d := range map[string]Date{"opened_on": p.OpenedOn, "detained_on": p.DetainedOn, "verdict_on": p.VerdictOn,
		"sentence.release_expected_on": p.Sentence.ReleaseExpectedOn, "sentence.released_on": p.Sentence.ReleasedOn} {
		if _, err := ParseDate(string(d)); err != nil {
			fe[key(f)] = "error.date"
		}
	}
	for f, v := range map[string]struct {
		val  string
		list []string
	}{"stage": {p.Stage, Stages()}, "sentence.kind": {p.Sentence.Kind, SentenceKinds()},
		"sentence.regime": {p.Sentence.Regime, Regimes()}, "sentence.released_how": {p.Sentence.ReleasedHow, ReleasedHows()}} {
		if v.val != "" && !slices.Contains(v.list, v.val) {
			fe[key(f)] = "error.unknown_value"
		}
	}
	if p.Sentence.Months < 0 || p.Sentence.Months > MaxMonths {
		fe[key("sentence.months")] = "error.months"
	}
	if p.Sentence.FineRub < 0 || p.Sentence.FineRub > 1_000_000_000_000 {
		fe[key("sentence.fine_rub")] = "error.fine"
	}
	if fe[key("sentence.released_on")] == "" && p.Sentence.ReleasedOn.Before(p.VerdictOn) {
		fe[key("sentence.released_on")] = "error.release_before_verdict"
	}
	if fe[key("sentence.release_expected_on")] == "" && p.Sentence.ReleaseExpectedOn.Before(p.VerdictOn) {
		fe[key("sentence.release_expected_on")] = "error.release_before_verdict"
	}
	// A verdict may come before the detention (in absentia), never
	// before the case was opened.
	if fe[key("verdict_on")] == "" && p.VerdictOn.Before(p.OpenedOn) {
		fe[key("verdict_on")] = "error.verdict_before_case"
	}
	for _, l := range Langs() {
		t := p.Text(l)
		for f, v := range map[string]struct {
			s   string
			max int
		}{"court": {t.Court, 300}, "judge": {t.Judge, 200}, "prosecutor": {t.Prosecutor, 200}, "note": {t.Note, 2000}} {
			if len([]rune(v.s)) > v.max {
				fe[key(f+"_"+string(l))] = "error.too_long"
			}
		}
	}
}

// Released reports whether the person is free of every prosecution's
// custody: their custody says so. It is what the public filter
// `released` reads.
func (c *Case) Released() bool { return c.Custody == "released" }
