package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"casebook/content"
	"casebook/search"
)

// TestLatinSpellingsOfANameFindThePerson: a journalist abroad types a name
// as their own press spells it, not as the profile does.
func TestLatinSpellingsOfANameFindThePerson(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseImport([]byte(`[
	  {"slug": "navalny", "status": "political_prisoner", "ru": {"name": "Алексей Навальный", "headline": "Политик", "body": "Текст."}},
	  {"slug": "dmitriev", "status": "political_prisoner", "ru": {"name": "Юрий Дмитриев", "headline": "Историк", "body": "Текст."}},
	  {"slug": "akimushkin", "status": "political_prisoner", "ru": {"name": "Александр Акимушкин", "headline": "Пенсионер", "body": "Армия."},
	   "en": {"name": "Aleksandr Akimushkin", "headline": "A pensioner", "body": "The army."}},
	  {"slug": "khodorkovsky", "status": "released", "ru": {"name": "Михаил Ходорковский", "headline": "Предприниматель", "body": "Текст."}},
	  {"slug": "shchukina", "status": "political_prisoner", "ru": {"name": "Ксения Щукина", "headline": "Студентка", "body": "Текст."}}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, d, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	find := func(s *Store, q string) []string {
		t.Helper()
		items, _, err := s.PublicList(ctx, PublicQuery{Text: q, Limit: 10})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var slugs []string
		for _, it := range items {
			slugs = append(slugs, it.Slug)
		}
		return slugs
	}
	for q, want := range map[string]string{
		"Navalny": "navalny", "Navalnyy": "navalny", "Naval'nyi": "navalny", "navalnyj": "navalny", "Alexei Navalny": "navalny",
		"Yuri Dmitriev": "dmitriev", "Yury Dmitriyev": "dmitriev", "Iurii Dmitriev": "dmitriev", "Jurij Dmitrijew": "dmitriev",
		"Alexander Akimushkin": "akimushkin", "Aleksandr": "akimushkin",
		"Khodorkovsky": "khodorkovsky", "Chodorkowski": "", "Hodorkovskiy": "khodorkovsky", "Mikhail Khodorkovskii": "khodorkovsky",
		"Shchukina": "shchukina", "Schukina": "shchukina", "Ksenia Shchukina": "shchukina",
		"Навальный": "navalny", "Навального": "navalny",
	} {
		got := find(s, q)
		if want == "" {
			continue // a spelling the keys do not cover; it must not fail
		}
		if len(got) == 0 || got[0] != want {
			t.Errorf("%q found %v, want %s first", q, got, want)
		}
	}
	// A word that is no name does not bring in names by its consonants.
	if got := find(s, "army"); len(got) != 1 || got[0] != "akimushkin" {
		t.Errorf("army found %v", got)
	}
	if got := find(s, "Navalny Khodorkovsky"); len(got) != 0 {
		t.Errorf("two people at once found %v: every word must match", got)
	}

	// An index made anew by a migration is filled again at the next start.
	if _, err := s.w.ExecContext(ctx, `DELETE FROM public_fts`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := find(s, "Yury Dmitriyev"); len(got) != 1 || got[0] != "dmitriev" {
		t.Errorf("after reindexing, found %v", got)
	}
}

// TestSearchAloneAndFilteredAgree: a search without filters counts and
// ranks in the full-text index alone; narrowed by a filter every case
// passes, it must give the same total and the same pages in the same
// order.
func TestSearchAloneAndFilteredAgree(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "agree.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 45; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		// Some mention the word in the name, some in the headline, some
		// only once or twice in the body, some not at all.
		name, head, body := fmt.Sprintf("Иван Иванов %d", i), "Учитель", strings.Repeat("Слово. ", i%5)
		switch i % 4 {
		case 0:
			name = fmt.Sprintf("Пётр Свидетелев %d", i)
		case 1:
			head = "Свидетели Иеговы"
		case 2:
			body += strings.Repeat("свидетелей ", 1+i%3)
		}
		fmt.Fprintf(&b, `{"slug": "c%d", "status": "political_prisoner", "recognized_on": "20%02d", "ru": {"name": %q, "headline": %q, "body": %q}}`, i, 10+i%15, name, head, body)
	}
	b.WriteString("]")
	d, err := ParseImport([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, d, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"свидетели", "Свидетелев", "слово", "учитель свидетели", "нет такого"} {
		for _, page := range []int{0, 10, 30} {
			alone, na, err := s.PublicList(ctx, PublicQuery{Text: q, Limit: 10, Offset: page})
			if err != nil {
				t.Fatal(err)
			}
			narrowed, nn, err := s.PublicList(ctx, PublicQuery{Text: q, Status: "political_prisoner", Limit: 10, Offset: page})
			if err != nil {
				t.Fatal(err)
			}
			var a, n []string
			for _, it := range alone {
				a = append(a, it.Slug)
			}
			for _, it := range narrowed {
				n = append(n, it.Slug)
			}
			if na != nn || !slices.Equal(a, n) {
				t.Errorf("%q from %d: alone %d %v, filtered %d %v", q, page, na, a, nn, n)
			}
		}
	}
	// The name outranks the headline, which outranks the body.
	top, _, _ := s.PublicList(ctx, PublicQuery{Text: "свидетели", Limit: 45})
	if len(top) == 0 || !strings.Contains(top[0].Name[content.RU], "Свидетелев") {
		t.Errorf("first result %+v, want a name match", top[0].Name)
	}
	last := top[len(top)-1]
	if strings.Contains(last.Name[content.RU], "Свидетелев") || strings.Contains(last.Headline[content.RU], "Свидетели") {
		t.Errorf("last result %v %v, want a body-only match", last.Name, last.Headline)
	}
}

// TestPassagesAreKeptAtPublishAndFilledOnOpen: the passage a search
// quotes is made when a case goes live, and a database from before
// passages were kept gets them at the next start.
func TestPassagesAreKeptAtPublishAndFilledOnOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "passages.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseImport([]byte(`[{"slug": "p", "status": "political_prisoner",
	  "ru": {"name": "Пётр Петров", "headline": "Учитель", "body": "## Кто он\n\nЕго судили за [пост](https://example.org/x) о **войне**."},
	  "en": {"name": "Pyotr Petrov", "headline": "A teacher", "body": "He was tried for a post about the war."}}]`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, d, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	snippet := func(s *Store, q string, l content.Lang) string {
		t.Helper()
		items, _, err := s.PublicList(ctx, PublicQuery{Text: q, Limit: 5})
		if err != nil || len(items) != 1 {
			t.Fatalf("%q: %v %v", q, items, err)
		}
		return items[0].Snippet[l]
	}
	const want = "Учитель. Кто он Его судили за пост о <mark>войне</mark>"
	if got := snippet(s, "войны", content.RU); got != want {
		t.Errorf("snippet %q, want %q", got, want)
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM public_passages`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := snippet(s, "войны", content.RU); got != want {
		t.Errorf("after reopening, snippet %q, want %q", got, want)
	}
	if got := snippet(s, "war", content.EN); !strings.Contains(got, "<mark>war</mark>") {
		t.Errorf("English snippet %q", got)
	}
}

// TestRegionAndCategoryNamesFindCases: the sidebar names regions and
// categories as the reference lists do, and a reader types those names,
// in either language and any grammatical case, into the search box; an
// editor's rename of a region is what finds its cases from then on.
func TestRegionAndCategoryNamesFindCases(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	d, err := ParseImport([]byte(`[
	  {"slug": "ural", "status": "released", "region": "sverdlovsk-oblast", "categories": ["protests"],
	   "ru": {"name": "Николай Гусев", "headline": "Пенсионер", "body": "Текст."}},
	  {"slug": "north", "status": "political_prisoner", "region": "vologda-oblast", "categories": ["jehovahs-witnesses"],
	   "ru": {"name": "Иван Петров", "headline": "Верующий", "body": "Текст."}, "en": {"name": "Ivan Petrov", "headline": "A believer", "body": "Text."}},
	  {"slug": "kazan", "status": "political_prisoner", "region": "tatarstan", "categories": ["anti-war", "expression"],
	   "ru": {"name": "Марина Соколова", "headline": "Учительница", "body": "Свердловская киностудия здесь ни при чём."}}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, d, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	find := func(q string) []string {
		t.Helper()
		items, total, err := s.PublicList(ctx, PublicQuery{Text: q, Limit: 10})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var slugs []string
		for _, it := range items {
			slugs = append(slugs, it.Slug)
		}
		slices.Sort(slugs)
		if total != len(slugs) {
			t.Errorf("%q: total %d, %d listed", q, total, len(slugs))
		}
		return slugs
	}
	for q, want := range map[string]string{
		"Свердловская":                "kazan ural", // the body mentions it too
		"Свердловская область":        "ural",
		"в Свердловской области":      "ural",
		"вологодской":                 "north",
		"Vologda":                     "north",
		"Vologda Oblast":              "north",
		"Татарстан":                   "kazan",
		"Republic of Tatarstan":       "kazan",
		"Свидетели Иеговы":            "north",
		"Jehovah's Witnesses":         "north",
		"антивоенное":                 "kazan",
		"Freedom of expression":       "kazan",
		"протесты":                    "ural",
		"Гусев Свердловская":          "ural",
		"Петров Татарстан":            "",
		"область":                     "north ural",
		"Архангельская":               "",
		"Ivan Petrov Vologda Oblast":  "north",
		"Иван Петров вологодская обл": "north",
	} {
		if got := strings.Join(find(q), " "); got != want {
			t.Errorf("%q found %q, want %q", q, got, want)
		}
	}

	// An editor renames a region: its new name finds the cases at once,
	// and the old one no longer does (the body's mention aside).
	editor := mustUser(t, s, "editor@example.org", "editor")
	if err := s.UpdateRef(ctx, editor, RefRegions, RefInput{Code: "sverdlovsk-oblast", NameRU: "Екатеринбургская губерния", NameEN: "Yekaterinburg Governorate"}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"губернии":                 "ural",
		"Yekaterinburg":            "ural",
		"Свердловская":             "kazan",
		"Свердловская область":     "",
		"Sverdlovsk":               "",
		"Екатеринбургская Гусев":   "ural",
		"вологодской":              "north",
		"Екатеринбургская Татарст": "",
	} {
		if got := strings.Join(find(q), " "); got != want {
			t.Errorf("after the rename, %q found %q, want %q", q, got, want)
		}
	}
	// Nothing was indexed again for it: the index holds codes.
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM public_fts WHERE public_fts MATCH 'refs : "`+search.RefToken("region", "sverdlovsk-oblast")+`"'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the region's token is on %d cases (%v)", n, err)
	}
}

// TestFacetsCountTheCurrentResult: each count beside the list is what
// choosing that value would show, with the search and every other filter
// in force kept; the counts agree with the list itself for every search
// and combination of filters tried.
func TestFacetsCountTheCurrentResult(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var b strings.Builder
	b.WriteString("[")
	regions := []string{"sverdlovsk-oblast", "vologda-oblast", "tatarstan", "moscow", ""}
	statuses := []string{"political_prisoner", "released", "persecuted"}
	articles := [][]string{{"280.3"}, {"207.3"}, {"280.3", "207.3"}, {"282.2"}}
	categories := [][]string{{"anti-war"}, {"expression"}, {"anti-war", "expression"}, {"jehovahs-witnesses"}, nil}
	for i := 0; i < 60; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		arts, _ := json.Marshal(articles[i%len(articles)])
		cats, _ := json.Marshal(categories[(i/2)%len(categories)])
		body := "Текст."
		if i%3 == 0 {
			body = "Его судили за дискредитацию армии."
		}
		fmt.Fprintf(&b, `{"slug": "c%d", "status": %q, "region": %q, "articles": %s, "categories": %s, "recognized_on": "20%02d-0%d",
		  "ru": {"name": "Человек %d", "headline": "Заголовок", "body": %q}}`,
			i, statuses[i%len(statuses)], regions[(i/3)%len(regions)], arts, cats, 20+i%4, 1+i%9, i, body)
	}
	b.WriteString("]")
	d, err := ParseImport([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, d, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	total := func(q PublicQuery) int {
		t.Helper()
		q.Limit = 1
		_, n, err := s.PublicList(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	set := func(q PublicQuery, facet, v string) PublicQuery {
		switch facet {
		case "status":
			q.Status = v
		case "region":
			q.Region = v
		case "article":
			q.Article = v
		case "category":
			q.Category = v
		case "year":
			q.Year = v
		}
		return q
	}
	for _, q := range []PublicQuery{
		{},
		{Text: "армии"},
		{Text: "Свердловская"},
		{Text: "армии", Status: "released"},
		{Status: "released", Region: "tatarstan"},
		{Text: "антивоенное", Article: "207.3"},
		{Text: "армии", Category: "anti-war", Year: "2021"},
		{Region: "moscow", Category: "expression", Article: "280.3", Status: "political_prisoner"},
		{Text: "нет такого"},
		{Text: "***"},
		{Text: "армии", Region: "outside-russia"},
	} {
		f, err := s.PublicFacets(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if want := total(q); f.Total != want {
			t.Errorf("%+v: facets say %d in all, the list %d", q, f.Total, want)
		}
		for _, facet := range []struct {
			name   string
			counts []Count
		}{{"status", f.Status}, {"region", f.Region}, {"article", f.Article}, {"category", f.Category}, {"year", f.Year}} {
			for _, c := range facet.counts {
				if want := total(set(q, facet.name, c.Key)); c.Count != want || c.Count == 0 {
					t.Errorf("%+v: %s %s counted %d, choosing it lists %d", q, facet.name, c.Key, c.Count, want)
				}
			}
		}
		// Every value with cases in the current result is counted.
		for _, st := range statuses {
			if n := total(set(q, "status", st)); n > 0 && !slices.ContainsFunc(f.Status, func(c Count) bool { return c.Key == st }) {
				t.Errorf("%+v: status %s lists %d but is not counted", q, st, n)
			}
		}
		for _, r := range regions[:4] {
			if n := total(set(q, "region", r)); n > 0 && !slices.ContainsFunc(f.Region, func(c Count) bool { return c.Key == r }) {
				t.Errorf("%+v: region %s lists %d but is not counted", q, r, n)
			}
		}
	}
	// One result, one in the sidebar.
	f, _ := s.PublicFacets(ctx, PublicQuery{Text: "Человек 7"})
	if f.Total != 1 || len(f.Status) != 1 || f.Status[0].Count != 1 {
		t.Errorf("one result counted as %+v", f)
	}
}
