package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"casebook/content"
)

// factsFixture is published people with person facts and prosecutions:
// anna has two prosecutions (one in the group "Сеть"/"Network", with a
// part after the article's code and a military court, one in Moscow
// still under investigation); boris is released, in the same group, his
// birthday public and his English version unpublished; viktor is in the
// shape before prosecutions; galina is in another group. The draft
// dmitry, in the group "Сеть" too, is imported apart and never public.
const factsFixture = `{"groups": [
  {"code": "network", "ru": {"name": "Сеть", "description": "Дело «Сети»"}, "en": {"name": "Network", "description": "The Network case"}},
  {"code": "new-greatness", "ru": {"name": "Новое величие", "description": ""}, "en": {"name": "New Greatness", "description": ""}}
], "cases": [
  {"slug": "anna", "status": "political_prisoner", "recognized_on": "2024-01", "custody": "serving_sentence",
   "gender": "female", "born_on": "1990-03-15", "birthday_public": false, "citizenship": ["RU", "UA"],
   "prosecutions": [
     {"group": "network", "articles": ["280.3 ч.1"], "region": "tatarstan", "verdict_on": "2020-05", "stage": "sentenced",
      "sentence": {"kind": "colony", "months": 72, "regime": "general"},
      "ru": {"court": "Южный окружной военный суд"}, "en": {"court": "Southern District Military Court"}},
     {"articles": ["207.3"], "region": "moscow", "opened_on": "2023-02", "stage": "investigation"}
   ],
   "ru": {"name": "Анна Первая", "headline": "Заголовок", "body": "Текст."}, "en": {"name": "Anna Pervaya", "headline": "Headline", "body": "Text."}},
  {"slug": "boris", "status": "released", "recognized_on": "2023-05", "custody": "released",
   "gender": "male", "born_on": "1960-07-01", "birthday_public": true, "citizenship": ["RU"],
   "prosecutions": [
     {"group": "network", "articles": ["282.2"], "region": "sverdlovsk-oblast", "verdict_on": "2019-03", "stage": "sentenced",
      "sentence": {"kind": "suspended", "months": 24},
      "ru": {"court": "Свердловский областной суд"}, "en": {"court": "Sverdlovsk Regional Court", "note": "not public"}}
   ],
   "ru": {"name": "Борис Второй", "headline": "Заголовок", "body": "Текст."}, "en": {"name": "Boris Vtoroy"}},
  {"slug": "viktor", "status": "political_prisoner", "recognized_on": "2024-11", "custody": "serving_sentence",
   "region": "arkhangelsk-oblast", "articles": ["280.3"], "detained_on": "2024-05", "sentenced_on": "2024-09-19",
   "ru": {"name": "Виктор Третий", "headline": "Заголовок", "body": "Текст."}},
  {"slug": "galina", "status": "political_prisoner", "recognized_on": "2022-02", "custody": "pretrial_detention",
   "gender": "female", "born_on": "2001", "citizenship": ["BY"],
   "prosecutions": [
     {"group": "new-greatness", "articles": ["280.3"], "region": "vologda-oblast", "verdict_on": "2022-01", "stage": "sentenced",
      "sentence": {"kind": "colony", "months": 200, "regime": "strict"}}
   ],
   "ru": {"name": "Галина Четвёртая", "headline": "Заголовок", "body": "Текст."}}
]}`

// draftFixture is a co-defendant of anna and boris whose case is a draft.
const draftFixture = `[{"slug": "dmitry", "status": "political_prisoner", "gender": "male", "born_on": "1985", "custody": "released",
  "prosecutions": [{"group": "network", "articles": ["280.3"], "region": "moscow", "ru": {"court": "Южный окружной военный суд"}}],
  "ru": {"name": "Дмитрий Черновиков", "headline": "Черновик", "body": "Текст."}}]`

// importFacts publishes factsFixture and imports the draft.
func importFacts(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	for _, f := range []struct {
		json      string
		published bool
	}{{factsFixture, true}, {draftFixture, false}} {
		d, err := ParseImport([]byte(f.json))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Import(ctx, d, ImportOptions{AsPublished: f.published}); err != nil {
			t.Fatal(err)
		}
	}
}

// slugsOf lists the slugs a query finds, sorted, checking the total.
func slugsOf(t *testing.T, s *Store, q PublicQuery) string {
	t.Helper()
	q.Limit = 50
	items, total, err := s.PublicList(context.Background(), q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Slug)
	}
	slices.Sort(out)
	if total != len(out) {
		t.Errorf("%+v: total %d, %d listed", q, total, len(out))
	}
	return strings.Join(out, " ")
}

// rowsOf lists the prosecutions a query finds as slug:index, in order,
// checking the total.
func rowsOf(t *testing.T, s *Store, q PublicQuery) string {
	t.Helper()
	q.Limit = 50
	rows, total, err := s.PublicProsecutions(context.Background(), q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s:%d", r.Slug, r.Index))
	}
	if total != len(out) {
		t.Errorf("%+v: total %d, %d listed", q, total, len(out))
	}
	return strings.Join(out, " ")
}

// checkFactFilters checks every new filter of the list and of the
// prosecutions against factsFixture.
func checkFactFilters(t *testing.T, s *Store) {
	t.Helper()
	for _, c := range []struct {
		q    PublicQuery
		want string
	}{
		{PublicQuery{}, "anna boris galina viktor"},
		{PublicQuery{Group: "network"}, "anna boris"},
		{PublicQuery{Group: "new-greatness"}, "galina"},
		{PublicQuery{Group: "nothing"}, ""},
		{PublicQuery{Gender: "female"}, "anna galina"},
		{PublicQuery{Gender: "male"}, "boris"},
		{PublicQuery{Gender: "other"}, ""},
		{PublicQuery{Citizenship: "RU"}, "anna boris"},
		{PublicQuery{Citizenship: "UA"}, "anna"},
		{PublicQuery{Citizenship: "BY"}, "galina"},
		{PublicQuery{BornFrom: 1980}, "anna galina"},
		{PublicQuery{BornTo: 1970}, "boris"},
		{PublicQuery{BornFrom: 1985, BornTo: 1995}, "anna"},
		{PublicQuery{BornFrom: 1990, BornTo: 1990}, "anna"},
		{PublicQuery{BornFrom: 2002}, ""},
		{PublicQuery{Released: ReleasedYes}, "boris"},
		{PublicQuery{Released: ReleasedNo}, "anna galina viktor"},
		// Any prosecution: anna's second one is in Moscow.
		{PublicQuery{Region: "moscow"}, "anna"},
		{PublicQuery{Region: "tatarstan"}, "anna"},
		{PublicQuery{Region: "arkhangelsk-oblast"}, "viktor"},
		// The code matches an article written with its part.
		{PublicQuery{Article: "280.3"}, "anna galina viktor"},
		{PublicQuery{Article: "207.3"}, "anna"},
		{PublicQuery{Article: "280.3 ч.1"}, ""},
		{PublicQuery{Gender: "female", Group: "network", Released: ReleasedNo, Citizenship: "UA", BornTo: 1995, Region: "moscow"}, "anna"},
		{PublicQuery{Gender: "female", Released: ReleasedYes}, ""},
		{PublicQuery{Text: "Анна", Group: "network"}, "anna"},
	} {
		if got := slugsOf(t, s, c.q); got != c.want {
			t.Errorf("cases %+v: %q, want %q", c.q, got, c.want)
		}
	}
	// Prosecutions: newest recognitions first, each case's in its order;
	// region, article and group select the prosecution itself, the rest
	// the person.
	for _, c := range []struct {
		q    PublicQuery
		want string
	}{
		{PublicQuery{}, "viktor:0 anna:0 anna:1 boris:0 galina:0"},
		{PublicQuery{Region: "moscow"}, "anna:1"},
		{PublicQuery{Article: "280.3"}, "viktor:0 anna:0 galina:0"},
		{PublicQuery{Group: "network"}, "anna:0 boris:0"},
		{PublicQuery{Gender: "female"}, "anna:0 anna:1 galina:0"},
		{PublicQuery{Released: ReleasedYes}, "boris:0"},
		{PublicQuery{Gender: "female", Article: "207.3"}, "anna:1"},
		{PublicQuery{Text: "Анна"}, "anna:0 anna:1"},
		{PublicQuery{Limit: 2, Offset: 1}, ""},
	} {
		if c.q.Limit != 0 {
			rows, total, err := s.PublicProsecutions(context.Background(), c.q)
			if err != nil || total != 5 || len(rows) != 2 || rows[0].Slug != "anna" || rows[0].Index != 0 || rows[1].Index != 1 {
				t.Errorf("a page of prosecutions: %+v, %d, %v", rows, total, err)
			}
			continue
		}
		if got := rowsOf(t, s, c.q); got != c.want {
			t.Errorf("prosecutions %+v: %q, want %q", c.q, got, c.want)
		}
	}
}

// TestPersonFactsAndProsecutionsFilter: the list filters on the person
// facts (group, gender, citizenship, years of birth, release), region and
// article match any prosecution, and the prosecutions of published cases
// are listed one row each with the case's slug; the draft co-defendant is
// in none of them.
func TestPersonFactsAndProsecutionsFilter(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	importFacts(t, s)
	checkFactFilters(t, s)
	// A row holds the prosecution as the public sees it: the texts of a
	// language the case does not publish are empty; a case in the old
	// shape is one prosecution of its top-level fields.
	rows, _, err := s.PublicProsecutions(ctx, PublicQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]content.Prosecution{}
	for _, r := range rows {
		by[fmt.Sprintf("%s:%d", r.Slug, r.Index)] = r.Prosecution
	}
	if b := by["boris:0"]; b.RU.Court != "Свердловский областной суд" || b.EN != (content.ProsecutionText{}) || b.Sentence.Kind != "suspended" {
		t.Errorf("boris's prosecution: %+v", b)
	}
	if v := by["viktor:0"]; v.Region != "arkhangelsk-oblast" || !slices.Equal(v.Articles, []string{"280.3"}) || v.DetainedOn != "2024-05" || v.VerdictOn != "2024-09-19" {
		t.Errorf("viktor's prosecution: %+v", v)
	}
	if a := by["anna:0"]; !slices.Equal(a.Articles, []string{"280.3 ч.1"}) || a.EN.Court != "Southern District Military Court" || a.Sentence.Months != 72 {
		t.Errorf("anna's first prosecution: %+v", a)
	}
	// The public date of birth: the year alone unless the birthday is
	// public.
	for slug, want := range map[string]string{"anna": "1990", "boris": "1960-07-01", "viktor": "", "galina": "2001"} {
		var born string
		if err := s.r.QueryRowContext(ctx, `SELECT born_on FROM public_index WHERE slug = ?`, slug).Scan(&born); err != nil || born != want {
			t.Errorf("%s: born_on %q (%v), want %q", slug, born, err, want)
		}
	}
	items, _, err := s.PublicList(ctx, PublicQuery{Limit: 50, WithContent: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Slug == "anna" && it.Live.BornOn != "1990" {
			t.Errorf("the open data shows anna born on %q", it.Live.BornOn)
		}
	}
	// Unpublished, a case leaves the prosecutions too.
	var annaID int64
	if err := s.r.QueryRowContext(ctx, `SELECT case_id FROM public_index WHERE slug = 'anna'`).Scan(&annaID); err != nil {
		t.Fatal(err)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := unindexPublic(ctx, tx.Tx, annaID); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := rowsOf(t, s, PublicQuery{}); got != "viktor:0 boris:0 galina:0" {
		t.Errorf("after anna is taken down: %q", got)
	}
}

// TestFacetsOfPersonFactsCountTheList: the counts of group, gender,
// citizenship and release beside the list, and those of region and
// article now over every prosecution, are what choosing each value
// lists, for searches and filters of every kind, years of birth
// included.
func TestFacetsOfPersonFactsCountTheList(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	importFacts(t, s)
	set := func(q PublicQuery, facet int, v string) PublicQuery {
		switch facet {
		case facetStatus:
			q.Status = v
		case facetRegion:
			q.Region = v
		case facetArticle:
			q.Article = v
		case facetCategory:
			q.Category = v
		case facetYear:
			q.Year = v
		case facetGroup:
			q.Group = v
		case facetGender:
			q.Gender = v
		case facetCitizenship:
			q.Citizenship = v
		case facetReleased:
			q.Released = v
		}
		return q
	}
	total := func(q PublicQuery) int {
		q.Limit = 1
		_, n, err := s.PublicList(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, q := range []PublicQuery{
		{}, {Text: "Сеть"}, {Gender: "female"}, {Group: "network", Released: ReleasedNo}, {BornFrom: 1980},
		{BornTo: 1970, Text: "Борис"}, {Region: "moscow"}, {Citizenship: "RU", Article: "280.3"}, {Text: "военного суда", Gender: "female"},
	} {
		f, err := s.PublicFacets(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if want := total(q); f.Total != want {
			t.Errorf("%+v: facets say %d, the list %d", q, f.Total, want)
		}
		for facet, counts := range [facetCount][]Count{f.Status, f.Region, f.Article, f.Category, f.Year, f.Group, f.Gender, f.Citizenship, f.Released} {
			for _, c := range counts {
				if want := total(set(q, facet, c.Key)); c.Count != want || c.Count == 0 {
					t.Errorf("%+v: facet %d %s counted %d, choosing it lists %d", q, facet, c.Key, c.Count, want)
				}
			}
		}
	}
	f, err := s.PublicFacets(ctx, PublicQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]Count{
		"group":       {{"network", 2}, {"new-greatness", 1}},
		"gender":      {{"female", 2}, {"male", 1}},
		"citizenship": {{"RU", 2}, {"BY", 1}, {"UA", 1}},
		"released":    {{"false", 3}, {"true", 1}},
		"article":     {{"280.3", 3}, {"207.3", 1}, {"282.2", 1}},
	}
	for name, got := range map[string][]Count{"group": f.Group, "gender": f.Gender, "citizenship": f.Citizenship, "released": f.Released, "article": f.Article} {
		if !slices.Equal(got, want[name]) {
			t.Errorf("%s counted %v, want %v", name, got, want[name])
		}
	}
	if len(f.Region) != 5 {
		t.Errorf("regions %v: anna's two and one each of the others", f.Region)
	}
}

// TestGroupNamesAndCourtsFindCases: a person is found by the name of
// their group in either language and any grammatical case, and by the
// court of a prosecution in the language that publishes it; a draft
// co-defendant never; a renamed group by its new name at once.
func TestGroupNamesAndCourtsFindCases(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	importFacts(t, s)
	checkSearches(t, s)
	editor := mustUser(t, s, "editor@example.org", "editor")
	if err := s.UpdateRef(ctx, editor, RefGroups, RefInput{Code: "network", NameRU: "Пензенское дело", NameEN: "Penza case"}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"пензенского дела": "anna boris",
		"Penza":            "anna boris",
		"Сети":             "",
	} {
		if got := slugsOf(t, s, PublicQuery{Text: q}); got != want {
			t.Errorf("after the rename, %q found %q, want %q", q, got, want)
		}
	}
}

// checkSearches checks the searches by group and court of factsFixture.
func checkSearches(t *testing.T, s *Store) {
	t.Helper()
	for q, want := range map[string]string{
		"Сеть":                    "anna boris",
		"«Сети»":                  "anna boris",
		"Network":                 "anna boris",
		"Нового величия":          "galina",
		"New Greatness":           "galina",
		"военного суда":           "anna",
		"Military Court":          "anna",
		"областным судом":         "boris",
		"Regional Court":          "", // boris's English version is not published
		"Черновиков":              "",
		"Анна Сеть":               "anna",
		"Southern District Court": "anna",
	} {
		if got := slugsOf(t, s, PublicQuery{Text: q}); got != want {
			t.Errorf("%q found %q, want %q", q, got, want)
		}
	}
}

// TestFactsFilledOnOpenForCasesPublishedBefore: a database whose cases
// were published before the person facts and prosecutions were indexed
// (migration 0019) answers the new filters, the prosecutions and the
// searches by group and court after the next start, with no case
// published again.
func TestFactsFilledOnOpenForCasesPublishedBefore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "before.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	importFacts(t, s)
	// Back to the database as it was before migration 0019: no facts, no
	// prosecutions, the articles as the cases wrote them, and a search
	// index with neither groups nor courts.
	for _, q := range []string{
		`DROP TABLE public_prosecutions`,
		`DROP INDEX public_index_born_year`,
		`ALTER TABLE public_index DROP COLUMN gender`,
		`ALTER TABLE public_index DROP COLUMN born_on`,
		`ALTER TABLE public_index DROP COLUMN born_year`,
		`ALTER TABLE public_index DROP COLUMN citizenship`,
		`ALTER TABLE public_index DROP COLUMN released`,
		`ALTER TABLE public_index DROP COLUMN regions`,
		`ALTER TABLE public_index DROP COLUMN groups`,
		`UPDATE public_index SET articles = '["280.3 ч.1","207.3"]' WHERE slug = 'anna'`,
		`UPDATE public_fts SET refs = '', extra = ''`,
		`DELETE FROM schema_migrations WHERE version = '0019_public_facts'`,
	} {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var revisions int
	if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM revisions`).Scan(&revisions); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkFactFilters(t, s)
	checkSearches(t, s)
	var after int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM revisions`).Scan(&after); err != nil || after != revisions {
		t.Errorf("%d revisions before, %d after (%v)", revisions, after, err)
	}
	// Once filled, a start finds nothing to do.
	var unfacted int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM public_index p WHERE NOT EXISTS (SELECT 1 FROM public_prosecutions WHERE case_id = p.case_id)`).Scan(&unfacted); err != nil || unfacted != 0 {
		t.Errorf("%d cases without facts (%v)", unfacted, err)
	}
}

// TestPublicStatsCountPeopleAgesAndTerms: the statistics count people and
// prosecutions apart, the people by age on the day asked (from the
// public date of birth: the year alone gives the lower bound), and the
// prosecutions with a sentence by its term.
func TestPublicStatsCountPeopleAgesAndTerms(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	importFacts(t, s)
	s.SetClock(func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) })
	st, err := s.PublicStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.People != 4 || st.Prosecutions != 5 || st.Sentenced != 3 {
		t.Errorf("%d people, %d prosecutions, %d sentenced", st.People, st.Prosecutions, st.Sentenced)
	}
	// anna 1990 (34 at least), boris 1960-07-01 (64 until July), galina
	// 2001 (23 at least), viktor unknown.
	wantAges := []Count{{AgeUnder25, 1}, {Age25to34, 1}, {Age35to44, 0}, {Age45to54, 0}, {Age55to64, 1}, {Age65up, 0}, {AgeUnknown, 1}}
	if !slices.Equal(st.Ages, wantAges) {
		t.Errorf("ages %v, want %v", st.Ages, wantAges)
	}
	// anna's 72 months, boris's suspended term, galina's 200 months.
	wantTerms := []Count{{TermNone, 1}, {TermUpTo3, 0}, {Term3to5, 0}, {Term5to10, 1}, {Term10to15, 0}, {TermOver15, 1}}
	if !slices.Equal(st.Terms, wantTerms) {
		t.Errorf("terms %v, want %v", st.Terms, wantTerms)
	}
	// On boris's birthday he is 65.
	s.SetClock(func() time.Time { return time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC) })
	st, err = s.PublicStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Ages[4].Count != 0 || st.Ages[5].Count != 1 {
		t.Errorf("on 1 July 2025: %v", st.Ages)
	}
	// The bounds of the groups.
	for _, c := range []struct {
		s    content.Sentence
		want string
	}{
		{content.Sentence{Kind: "fine", FineRub: 30000}, TermNone},
		{content.Sentence{Kind: "suspended", Months: 60}, TermNone},
		{content.Sentence{Kind: "colony", Months: 36}, TermUpTo3},
		{content.Sentence{Kind: "colony", Months: 37}, Term3to5},
		{content.Sentence{Kind: "forced_labour", Months: 60}, Term3to5},
		{content.Sentence{Kind: "colony", Months: 120}, Term5to10},
		{content.Sentence{Kind: "prison", Months: 180}, Term10to15},
		{content.Sentence{Kind: "colony", Months: 181}, TermOver15},
	} {
		if got := TermGroup(c.s); got != c.want {
			t.Errorf("%+v: %s, want %s", c.s, got, c.want)
		}
	}
	for age, want := range map[int]string{0: AgeUnder25, 24: AgeUnder25, 25: Age25to34, 34: Age25to34, 35: Age35to44, 54: Age45to54, 64: Age55to64, 65: Age65up, 99: Age65up} {
		if got := AgeGroup(age, true); got != want {
			t.Errorf("age %d: %s, want %s", age, got, want)
		}
	}
}
