package handlers_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
)

// factsCases are published people with person facts and prosecutions:
// anna has two prosecutions (one in the group "Сеть"/"Network" with a
// part after the article's code, one in Moscow), her birthday not public;
// boris is released, in the same group, his birthday public, his English
// version unpublished; viktor is in the shape before prosecutions; galina
// is in another group.
const factsCases = `{"groups": [
  {"code": "network", "ru": {"name": "Сеть", "description": "Дело «Сети»"}, "en": {"name": "Network", "description": "The Network case"}},
  {"code": "new-greatness", "ru": {"name": "Новое величие", "description": ""}, "en": {"name": "New Greatness", "description": ""}}
], "cases": [
  {"slug": "anna-pervaya", "status": "political_prisoner", "recognized_on": "2024-01", "custody": "serving_sentence",
   "gender": "female", "born_on": "1990-03-15", "birthday_public": false, "citizenship": ["RU", "UA"],
   "ru": {"name": "Анна Первая", "headline": "Заголовок", "body": "Текст.", "occupation": "журналистка"},
   "en": {"name": "Anna Pervaya", "headline": "Headline", "body": "Text.", "occupation": "journalist"},
   "prosecutions": [
     {"group": "network", "articles": ["280.3 ч.1"], "region": "tatarstan", "verdict_on": "2020-05", "stage": "sentenced",
      "sentence": {"kind": "colony", "months": 72, "regime": "general", "release_expected_on": "2026-05"},
      "ru": {"court": "Южный окружной военный суд", "judge": "Иванов"}, "en": {"court": "Southern District Military Court", "judge": "Ivanov"}},
     {"articles": ["207.3"], "region": "moscow", "opened_on": "2023-02", "stage": "investigation"}
   ]},
  {"slug": "boris-vtoroy", "status": "released", "recognized_on": "2023-05", "custody": "released",
   "gender": "male", "born_on": "1960-07-01", "birthday_public": true, "citizenship": ["RU"],
   "ru": {"name": "Борис Второй", "headline": "Заголовок", "body": "Текст."}, "en": {"name": "Борис Второй"},
   "prosecutions": [
     {"group": "network", "articles": ["282.2"], "region": "sverdlovsk-oblast", "verdict_on": "2019-03", "stage": "sentenced",
      "sentence": {"kind": "suspended", "months": 24},
      "ru": {"court": "Свердловский областной суд"}, "en": {"court": "Sverdlovsk Regional Court", "note": "not public"}}
   ]},
  {"slug": "viktor-tretiy", "status": "political_prisoner", "recognized_on": "2024-11", "custody": "serving_sentence",
   "region": "arkhangelsk-oblast", "articles": ["280.3"], "detained_on": "2024-05", "sentenced_on": "2024-09-19",
   "ru": {"name": "Виктор Третий", "headline": "Заголовок", "body": "Текст."}},
  {"slug": "galina-chetvyortaya", "status": "political_prisoner", "recognized_on": "2022-02", "custody": "pretrial_detention",
   "gender": "female", "born_on": "2001", "citizenship": ["BY"],
   "ru": {"name": "Галина Четвёртая", "headline": "Заголовок", "body": "Текст."},
   "prosecutions": [
     {"group": "new-greatness", "articles": ["280.3"], "region": "vologda-oblast", "verdict_on": "2022-01", "stage": "sentenced",
      "sentence": {"kind": "colony", "months": 200, "regime": "strict"}}
   ]}
]}`

// draftCoDefendant is a co-defendant of anna and boris in the group
// "Сеть" whose case is a draft: no public surface may name it.
const draftCoDefendant = `[{"slug": "darya-skrytnova", "status": "political_prisoner", "gender": "female", "born_on": "1985", "custody": "released",
  "citizenship": ["RU"],
  "prosecutions": [{"group": "network", "articles": ["280.3"], "region": "moscow", "ru": {"court": "Южный окружной военный суд"}}],
  "ru": {"name": "Дарья Скрытнова", "headline": "Черновик", "body": "Текст."}, "en": {"name": "Darya Skrytnova", "headline": "Draft", "body": "Text."}}]`

// publishFacts publishes factsCases and imports the draft co-defendant.
func publishFacts(t *testing.T, e *env) {
	t.Helper()
	for _, f := range []struct {
		json      string
		published bool
	}{{factsCases, true}, {draftCoDefendant, false}} {
		d, err := store.ParseImport([]byte(f.json))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Import(context.Background(), d, store.ImportOptions{AsPublished: f.published}); err != nil {
			t.Fatal(err)
		}
	}
}

// apiTotal is the total /api/v1/cases or /api/v1/prosecutions answers.
func apiTotal(t *testing.T, c *client, path string) int {
	t.Helper()
	r := c.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, r.StatusCode)
	}
	var out struct{ Total int }
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out.Total
}

// csvRows reads a CSV answer, its header apart.
func csvRows(t *testing.T, c *client, path string) ([]string, [][]string) {
	t.Helper()
	r := c.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, r.StatusCode)
	}
	all, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff"))).ReadAll()
	if err != nil || len(all) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	return all[0], all[1:]
}

// TestListFiltersOfPersonFactsAndProsecutions: the list, the API and the
// CSV filter by group, gender, citizenship, years of birth and release,
// and by region and article over every prosecution (the code matching an
// article written with its part); the list's form offers each, with
// counts, and the years as number fields; the filters in force can be
// removed one by one; a wrong value is a 400 that says what the filter
// takes, never a 500.
func TestListFiltersOfPersonFactsAndProsecutions(t *testing.T) {
	e := newEnv(t)
	publishFacts(t, e)
	c := e.client()
	names := func(p string) []string {
		r := c.get(p)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", p, r.StatusCode)
		}
		var out []string
		r.doc(t).Find(".case-list .card-title").Each(func(_ int, s *goquerySelection) { out = append(out, strings.TrimSpace(s.Text())) })
		slices.Sort(out)
		return out
	}
	for query, want := range map[string]string{
		"":                                       "Anna Pervaya,Борис Второй,Виктор Третий,Галина Четвёртая",
		"group=network":                          "Anna Pervaya,Борис Второй",
		"group=new-greatness":                    "Галина Четвёртая",
		"gender=female":                          "Anna Pervaya,Галина Четвёртая",
		"gender=male":                            "Борис Второй",
		"citizenship=RU":                         "Anna Pervaya,Борис Второй",
		"citizenship=ua":                         "Anna Pervaya",
		"born_from=1980":                         "Anna Pervaya,Галина Четвёртая",
		"born_to=1970":                           "Борис Второй",
		"born_from=1985&born_to=1995":            "Anna Pervaya",
		"released=true":                          "Борис Второй",
		"released=false":                         "Anna Pervaya,Виктор Третий,Галина Четвёртая",
		"region=moscow":                          "Anna Pervaya",
		"region=arkhangelsk-oblast":              "Виктор Третий",
		"article=280.3":                          "Anna Pervaya,Виктор Третий,Галина Четвёртая",
		"article=207.3":                          "Anna Pervaya",
		"gender=female&group=network":            "Anna Pervaya",
		"gender=female&released=true":            "",
		"q=Network":                              "Anna Pervaya,Борис Второй",
		"q=Military+Court":                       "Anna Pervaya",
		"status=political_prisoner&born_to=1995": "Anna Pervaya",
	} {
		if got := strings.Join(names("/en/cases?"+query), ","); got != want {
			t.Errorf("/en/cases?%s: %q, want %q", query, got, want)
		}
		want := len(strings.FieldsFunc(want, func(r rune) bool { return r == ',' }))
		if n := apiTotal(t, c, "/api/v1/cases?"+query); n != want {
			t.Errorf("/api/v1/cases?%s: %d, want %d", query, n, want)
		}
		if _, rows := csvRows(t, c, "/api/v1/cases.csv?"+query); len(rows) != want {
			t.Errorf("/api/v1/cases.csv?%s: %d rows, want %d", query, len(rows), want)
		}
	}
	// The form: a select with counts for each filter, number fields for
	// the years; the filters in force are kept and each can be removed.
	d := c.get("/en/cases?gender=female&born_from=1980&citizenship=ru").doc(t)
	form := d.Find(`aside form[method="get"]`)
	for _, f := range []string{"group", "gender", "citizenship", "released"} {
		if form.Find(`select[name="`+f+`"] option[value!=""]`).Length() == 0 {
			t.Errorf("the form has no %s choices", f)
		}
		if d.Find(`.facet-links a[href*="`+f+`="]`).Length() == 0 {
			t.Errorf("no %s links", f)
		}
	}
	if got := form.Find(`select[name="group"] option[value="network"]`).Text(); got != "Network (1)" {
		t.Errorf("the group's choice reads %q", got)
	}
	if got := form.Find(`select[name="gender"] option[selected]`).Text(); got != "female (1)" {
		t.Errorf("the chosen gender reads %q", got)
	}
	if got := form.Find(`select[name="citizenship"] option[selected]`).AttrOr("value", ""); got != "RU" {
		t.Errorf("the chosen citizenship is %q", got)
	}
	for name, want := range map[string]string{"born_from": "1980", "born_to": ""} {
		in := form.Find(`input[type="number"][name="` + name + `"]`)
		if in.Length() != 1 || in.AttrOr("value", "x") != want || form.Find(`label[for="`+in.AttrOr("id", "")+`"]`).Length() != 1 {
			t.Errorf("the field %s: %d, value %q", name, in.Length(), in.AttrOr("value", "x"))
		}
	}
	var removes []string
	d.Find(".active-filters a").Each(func(_ int, a *goquerySelection) { removes = append(removes, a.AttrOr("href", "")) })
	for _, want := range []string{"/en/cases?citizenship=RU&born_from=1980", "/en/cases?gender=female&citizenship=RU", "/en/cases?gender=female&born_from=1980"} {
		if !slices.Contains(removes, want) {
			t.Errorf("no link removes a filter to %s: %v", want, removes)
		}
	}
	// Wrong values: a 400 that says what the filter takes (the open
	// data in the language the request asks for, Russian here).
	cat := i18n.New()
	for query, key := range map[string]string{
		"gender=woman": "error.filter_gender", "gender=%00": "error.filter_gender",
		"citizenship=RUS": "error.filter_citizenship", "citizenship=R1": "error.filter_citizenship",
		"born_from=80": "error.filter_born", "born_to=19%2080": "error.filter_born", "born_from=-1990": "error.filter_born",
		"born_from=99999999999999999999": "error.filter_born", "born_from=2000&born_to=1990": "error.filter_born_order",
		"released=yes": "error.filter_released", "released=TRUE": "error.filter_released",
		"group=<x>": "error.query",
	} {
		for _, p := range []string{"/en/cases?", "/ru/cases?", "/api/v1/cases?", "/api/v1/cases.csv?", "/api/v1/prosecutions?", "/api/v1/prosecutions.csv?"} {
			l := content.RU
			if strings.HasPrefix(p, "/en/") {
				l = content.EN
			}
			want := cat.Printer(l).T(key)
			r := c.get(p+query, "Accept-Language", "ru")
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, want) {
				t.Errorf("%s%s: %d, without %q", p, query, r.StatusCode, want)
			}
		}
	}
}

// TestProsecutionsAPI: /api/v1/prosecutions and its CSV give one row per
// prosecution of a published case with the case's slug, a case in the
// old shape one; person filters select people and region, article and
// group the prosecution itself; paging is the cases'; texts of a
// language a case does not publish are empty; the draft co-defendant is
// in no answer of the open data, nor on the list by its group, nor in
// the search or the statistics.
func TestProsecutionsAPI(t *testing.T) {
	e := newEnv(t)
	publishFacts(t, e)
	c := e.client()
	type row struct {
		Slug  string
		Index int
		content.Prosecution
	}
	rows := func(p string) (string, []row, string) {
		t.Helper()
		r := c.get(p)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", p, r.StatusCode)
		}
		if r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s is not open to every site", p)
		}
		var out struct {
			Total        int
			Prosecutions []row
			Next         string
		}
		if err := json.Unmarshal([]byte(r.body), &out); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, x := range out.Prosecutions {
			ids = append(ids, x.Slug+":"+itoa(x.Index))
		}
		if out.Next == "" && out.Total != len(ids) {
			t.Errorf("%s: total %d, %d rows", p, out.Total, len(ids))
		}
		return strings.Join(ids, " "), out.Prosecutions, out.Next
	}
	for query, want := range map[string]string{
		"":                            "viktor-tretiy:0 anna-pervaya:0 anna-pervaya:1 boris-vtoroy:0 galina-chetvyortaya:0",
		"region=moscow":               "anna-pervaya:1",
		"article=280.3":               "viktor-tretiy:0 anna-pervaya:0 galina-chetvyortaya:0",
		"group=network":               "anna-pervaya:0 boris-vtoroy:0",
		"gender=female":               "anna-pervaya:0 anna-pervaya:1 galina-chetvyortaya:0",
		"gender=female&article=207.3": "anna-pervaya:1",
		"released=true":               "boris-vtoroy:0",
		"citizenship=by":              "galina-chetvyortaya:0",
		"born_from=1985&born_to=1995": "anna-pervaya:0 anna-pervaya:1",
		"q=Анна":                      "anna-pervaya:0 anna-pervaya:1",
	} {
		got, _, _ := rows("/api/v1/prosecutions?" + query)
		if got != want {
			t.Errorf("/api/v1/prosecutions?%s: %q, want %q", query, got, want)
		}
		head, csvRows := csvRows(t, c, "/api/v1/prosecutions.csv?"+query)
		var ids []string
		for _, r := range csvRows {
			ids = append(ids, r[0]+":"+r[1])
		}
		if strings.Join(ids, " ") != want || head[0] != "slug" || head[1] != "index" {
			t.Errorf("/api/v1/prosecutions.csv?%s: %v, header %v", query, ids, head)
		}
	}
	// Pages as the cases'.
	first, _, next := rows("/api/v1/prosecutions?per_page=2&utm_source=x")
	if first != "viktor-tretiy:0 anna-pervaya:0" || next != "/api/v1/prosecutions?page=2&per_page=2" {
		t.Errorf("first page %q, next %q", first, next)
	}
	if second, _, _ := rows(next); second != "anna-pervaya:1 boris-vtoroy:0" {
		t.Errorf("second page %q", second)
	}
	if r := c.get("/api/v1/prosecutions?per_page=501"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("per_page=501: %d", r.StatusCode)
	}
	// What a row holds.
	_, all, _ := rows("/api/v1/prosecutions")
	by := map[string]row{}
	for _, r := range all {
		by[r.Slug+":"+itoa(r.Index)] = r
	}
	if a := by["anna-pervaya:0"]; a.Group != "network" || !slices.Equal(a.Articles, []string{"280.3 ч.1"}) || a.Sentence.Months != 72 ||
		a.Sentence.Kind != "colony" || a.EN.Court != "Southern District Military Court" || a.RU.Judge != "Иванов" || a.Sentence.ReleaseExpectedOn != "2026-05" {
		t.Errorf("anna's first prosecution: %+v", a)
	}
	if b := by["boris-vtoroy:0"]; b.EN != (content.ProsecutionText{}) || b.RU.Court != "Свердловский областной суд" {
		t.Errorf("boris's English texts are published: %+v", b)
	}
	if v := by["viktor-tretiy:0"]; v.Region != "arkhangelsk-oblast" || !slices.Equal(v.Articles, []string{"280.3"}) || v.VerdictOn != "2024-09-19" {
		t.Errorf("the case in the old shape: %+v", v)
	}
	head, csvAll := csvRows(t, c, "/api/v1/prosecutions.csv")
	col := func(r []string, name string) string { return r[slices.Index(head, name)] }
	for _, r := range csvAll {
		if r[0] == "anna-pervaya" && r[1] == "0" {
			if col(r, "articles") != "280.3 ч.1" || col(r, "sentence_months") != "72" || col(r, "court_en") != "Southern District Military Court" || col(r, "group") != "network" {
				t.Errorf("anna's CSV row: %v", r)
			}
		}
	}
	// The cases' JSON carries the person facts and the prosecutions
	// beside the derived top-level fields; the old shape one prosecution.
	var list struct{ Cases []content.Case }
	if err := json.Unmarshal([]byte(c.get("/api/v1/cases?per_page=50").body), &list); err != nil {
		t.Fatal(err)
	}
	for _, cc := range list.Cases {
		switch cc.Slug {
		case "anna-pervaya":
			if cc.Gender != "female" || !slices.Equal(cc.Citizenship, []string{"RU", "UA"}) || cc.EN.Occupation != "journalist" || len(cc.Prosecutions) != 2 ||
				!slices.Equal(cc.Articles, []string{"280.3 ч.1", "207.3"}) || cc.Region != "moscow" || cc.SentencedOn != "2020-05" {
				t.Errorf("anna in the API: %+v", cc)
			}
		case "viktor-tretiy":
			if len(cc.Prosecutions) != 1 || cc.Prosecutions[0].Region != "arkhangelsk-oblast" || cc.Region != "arkhangelsk-oblast" {
				t.Errorf("viktor in the API: %+v", cc)
			}
		case "boris-vtoroy":
			if cc.Prosecutions[0].EN != (content.ProsecutionText{}) {
				t.Errorf("boris's English court in the API: %+v", cc.Prosecutions)
			}
		}
	}
	head, caseRows := csvRows(t, c, "/api/v1/cases.csv")
	for _, r := range caseRows {
		if r[0] == "anna-pervaya" {
			if col := func(name string) string { return r[slices.Index(head, name)] }; col("groups") != "network" || col("prosecutions") != "2" ||
				col("citizenship") != "RU;UA" || col("gender") != "female" || col("occupation_ru") != "журналистка" || col("born_on") != "1990" {
				t.Errorf("anna's case row: %v", r)
			}
		}
	}
	// The draft co-defendant is nowhere public.
	for _, p := range []string{
		"/api/v1/prosecutions?per_page=500", "/api/v1/prosecutions.csv", "/api/v1/prosecutions?group=network", "/api/v1/prosecutions.csv?region=moscow",
		"/api/v1/cases?per_page=500", "/api/v1/cases.csv", "/api/v1/cases?group=network&gender=female",
		"/ru/cases?group=network", "/en/cases?group=network", "/ru/cases?q=" + url.QueryEscape("Сеть"), "/en/cases?q=Network",
		"/ru/cases?q=" + url.QueryEscape("военного суда"), "/en/stats", "/ru/stats", "/en/cases?released=true", "/en/cases?born_from=1985&born_to=1985",
	} {
		r := c.get(p)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
		for _, leak := range []string{"darya-skrytnova", "Скрытнова", "Skrytnova"} {
			if strings.Contains(r.body, leak) {
				t.Errorf("%s names the draft co-defendant (%q)", p, leak)
			}
		}
	}
	if n := apiTotal(t, c, "/api/v1/cases?born_from=1985&born_to=1985"); n != 0 {
		t.Errorf("the draft counts in the API: %d", n)
	}
}

// TestBirthdayNotPublicNeverShowsDayAndMonth: a date of birth whose
// birthday the editors have not made public shows its year alone in the
// API (list and case), both CSVs, the feeds and the profile; one made
// public shows whole.
func TestBirthdayNotPublicNeverShowsDayAndMonth(t *testing.T) {
	e := newEnv(t)
	publishFacts(t, e)
	c := e.client()
	hidden := []string{"1990-03", "03-15", "15 марта", "15 March", "March 15", "15.03.1990"}
	for _, p := range []string{
		"/api/v1/cases", "/api/v1/cases/anna-pervaya", "/api/v1/cases.csv", "/api/v1/prosecutions", "/api/v1/prosecutions.csv",
		"/ru/feed.atom", "/en/feed.atom", "/ru/cases/anna-pervaya", "/en/cases/anna-pervaya", "/sitemap.xml", "/ru/cases", "/en/stats",
	} {
		r := c.get(p)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", p, r.StatusCode)
		}
		for _, h := range hidden {
			if strings.Contains(r.body, h) {
				t.Errorf("%s shows %q of a birthday that is not public", p, h)
			}
		}
	}
	var one content.Case
	if err := json.Unmarshal([]byte(c.get("/api/v1/cases/anna-pervaya").body), &one); err != nil || one.BornOn != "1990" || one.BirthdayPublic {
		t.Errorf("anna's date of birth in the API: %q (%v)", one.BornOn, err)
	}
	if err := json.Unmarshal([]byte(c.get("/api/v1/cases/boris-vtoroy").body), &one); err != nil || one.BornOn != "1960-07-01" {
		t.Errorf("boris's public birthday in the API: %q (%v)", one.BornOn, err)
	}
}

// TestStatsCountPeopleAndProsecutions: the statistics page counts people
// and prosecutions apart, and draws the people by gender (with those not
// stated) and by age, and the prosecutions by the term of the sentence,
// each with the numbers of the data.
func TestStatsCountPeopleAndProsecutions(t *testing.T) {
	e := newEnv(t)
	publishFacts(t, e)
	e.st.SetClock(func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) })
	c := e.client()
	for _, l := range content.Langs() {
		p := i18n.New().Printer(l)
		d := c.get("/" + string(l) + "/stats").doc(t)
		if got, want := squash(d.Find(".lede").Text()), p.N("count.profiles", 4)+", "+p.N("count.prosecutions", 5); got != want {
			t.Errorf("%s: the lede says %q, want %q", l, got, want)
		}
		table := func(id string) map[string]string {
			out := map[string]string{}
			d.Find("#" + id + "-title").Parent().Find("table tbody tr").Each(func(_ int, tr *goquerySelection) {
				out[strings.TrimSpace(tr.Find("td").First().Text())] = strings.TrimSpace(tr.Find("td").Last().Text())
			})
			return out
		}
		for id, want := range map[string]map[string]string{
			"gender": {p.T("filter.gender_female"): "2", p.T("filter.gender_male"): "1", p.T("stats.gender_unknown"): "1"},
			"ages": {p.T("stats.age.under-25"): "1", p.T("stats.age.25-34"): "1", p.T("stats.age.35-44"): "0", p.T("stats.age.45-54"): "0",
				p.T("stats.age.55-64"): "1", p.T("stats.age.65-plus"): "0", p.T("stats.age.unknown"): "1"},
			"terms": {p.T("stats.term.none"): "1", p.T("stats.term.up-to-3"): "0", p.T("stats.term.3-5"): "0", p.T("stats.term.5-10"): "1",
				p.T("stats.term.10-15"): "0", p.T("stats.term.over-15"): "1"},
			// A case counts in the region of each of its prosecutions.
			"regions": {"Moscow": "1", "Москва": "1"},
		} {
			got := table(id)
			for k, v := range want {
				if id == "regions" {
					if got[k] != "" && got[k] != v {
						t.Errorf("%s %s: %s = %q, want %s", l, id, k, got[k], v)
					}
					continue
				}
				if got[k] != v {
					t.Errorf("%s %s: %s = %q, want %s (%v)", l, id, k, got[k], v, got)
				}
			}
			if id != "regions" && len(got) != len(want) {
				t.Errorf("%s %s: %v", l, id, got)
			}
		}
		if len(table("regions")) != 5 {
			t.Errorf("%s: regions %v", l, table("regions"))
		}
		// A gender leads to the list of its people.
		if href := d.Find("#gender-title").Parent().Find(`a[href*="gender=female"]`).AttrOr("href", ""); href != "/"+string(l)+"/cases?gender=female" {
			t.Errorf("%s: the gender bar links %q", l, href)
		}
	}
}

// TestOpenDataPageExplainsTheProsecutions: the open data page explains
// every key of the answer of /api/v1/prosecutions (a row's own keys in
// its table, the prosecution's among the case's fields) and every column
// of its CSV, lists both addresses, and explains the new filters with
// examples that answer.
func TestOpenDataPageExplainsTheProsecutions(t *testing.T) {
	e := newEnv(t)
	publishFacts(t, e)
	c := e.client()
	var list map[string]any
	if err := json.Unmarshal([]byte(c.get("/api/v1/prosecutions?per_page=1").body), &list); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	flatKeys("", list, keys)
	head, _ := csvRows(t, c, "/api/v1/prosecutions.csv")
	if len(keys) < 25 || len(head) < 20 {
		t.Fatalf("%d keys, %d columns", len(keys), len(head))
	}
	for _, lang := range []string{"ru", "en"} {
		d := c.get("/" + lang + "/open-data").doc(t)
		explained := func(table string) map[string]string {
			out := map[string]string{}
			d.Find("#" + table + " tbody tr").Each(func(_ int, tr *goquerySelection) {
				text := strings.TrimSpace(tr.Find("td").First().Text())
				tr.Find("th code").Each(func(_ int, code *goquerySelection) { out[code.Text()] = text })
			})
			return out
		}
		own, fields := explained("prosecution-keys"), explained("fields")
		for k := range keys {
			text, ok := own[k]
			if !ok {
				text, ok = fields[k]
			}
			if !ok || text == "" || strings.HasPrefix(text, "opendata.") {
				t.Errorf("%s: the key %q is explained as %q", lang, k, text)
			}
		}
		for k := range own {
			if !keys[k] {
				t.Errorf("%s: the page explains %q, which the prosecutions do not answer", lang, k)
			}
		}
		cols := explained("prosecution-csv-columns")
		for _, col := range head {
			if text := cols[col]; text == "" || strings.HasPrefix(text, "opendata.") {
				t.Errorf("%s: the column %q is explained as %q", lang, col, text)
			}
		}
		if len(cols) != len(head) {
			t.Errorf("%s: %d columns explained, the CSV has %d", lang, len(cols), len(head))
		}
		filters := explained("filters")
		for _, f := range []string{"group", "gender", "citizenship", "born_from", "born_to", "released"} {
			if filters[f] == "" {
				t.Errorf("%s: the filter %s is not explained", lang, f)
			}
			a := d.Find(`#filters a[href*="` + f + `="]`)
			if a.Length() == 0 {
				t.Errorf("%s: no example of %s", lang, f)
			}
			a.Each(func(_ int, a *goquerySelection) {
				if r := c.get(a.AttrOr("href", "")); r.StatusCode != http.StatusOK || strings.Contains(r.body, `"total": 0`) {
					t.Errorf("%s: the example %s answers %d or finds nothing", lang, a.AttrOr("href", ""), r.StatusCode)
				}
			})
		}
		for _, addr := range []string{"/api/v1/prosecutions", "/api/v1/prosecutions.csv"} {
			if d.Find(`#addresses a[href="`+addr+`"]`).Length() != 1 {
				t.Errorf("%s: the address %s is not listed", lang, addr)
			}
		}
		if !strings.Contains(d.Find("details.codes").Text(), "new-greatness") {
			t.Errorf("%s: the groups' codes are not listed", lang)
		}
	}
}

// TestCacheKeysOnTheNewFilters: the page cache keys on the new filters of
// the list, the cases' API and the prosecutions' (each value its own
// entry, in any order), and on nothing else they are sent with.
func TestCacheKeysOnTheNewFilters(t *testing.T) {
	e := newEnv(t)
	publishFacts(t, e)
	c := e.client()
	for _, pair := range [][2]string{
		{"/en/cases?gender=female", "/en/cases?gender=male"},
		{"/en/cases?group=network", "/en/cases?group=new-greatness"},
		{"/en/cases?citizenship=RU", "/en/cases?citizenship=BY"},
		{"/en/cases?born_from=1980", "/en/cases?born_from=1990"},
		{"/en/cases?born_to=1980", "/en/cases?born_to=1995"},
		{"/en/cases?released=true", "/en/cases?released=false"},
		{"/api/v1/cases?gender=female", "/api/v1/cases?gender=male"},
		{"/api/v1/cases.csv?released=true", "/api/v1/cases.csv?released=false"},
		{"/api/v1/prosecutions?group=network", "/api/v1/prosecutions?group=new-greatness"},
		{"/api/v1/prosecutions.csv?born_from=1980", "/api/v1/prosecutions.csv?born_from=1995"},
		{"/api/v1/prosecutions?page=1&per_page=1", "/api/v1/prosecutions?page=2&per_page=1"},
	} {
		a := c.get(pair[0])
		before := e.h.CacheLen()
		b := c.get(pair[1])
		if a.StatusCode != 200 || b.StatusCode != 200 || a.body == b.body || e.h.CacheLen() != before+1 {
			t.Errorf("%s and %s: %d, %d, same answer %v, entries %d → %d", pair[0], pair[1], a.StatusCode, b.StatusCode, a.body == b.body, before, e.h.CacheLen())
		}
		n := e.h.CacheLen()
		if r := c.get(pair[1] + "&utm_source=x&_=1"); r.body != b.body || e.h.CacheLen() != n {
			t.Errorf("%s with junk: another answer or entry", pair[1])
		}
	}
	a := c.get("/api/v1/prosecutions?gender=female&released=false&born_from=1980")
	n := e.h.CacheLen()
	if r := c.get("/api/v1/prosecutions?born_from=1980&released=false&gender=female"); r.body != a.body || e.h.CacheLen() != n {
		t.Error("the same filters in another order made another entry")
	}
}

// TestBrowserFilterByPersonFacts: a reader in Chromium chooses a gender
// and a case group in the list's form, types a year of birth, presses
// Show, and sees the people of the choice; removing the year widens it;
// a bar of the statistics by gender leads to its people.
func TestBrowserFilterByPersonFacts(t *testing.T) {
	e := newEnv(t)
	publishFacts(t, e)
	b := browser(t)
	v := person(t, b)
	titles := func() string {
		got, _ := chromedp.Run(v, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".case-list .card-title")].map(e => e.textContent.trim()).sort()`))
		return strings.Join(got, ",")
	}
	must(t, v,
		chromedp.Navigate(e.srv.URL+"/en/cases"),
		chromedp.WaitVisible(chromedp.ID("f-gender")),
		chromedp.SetValue(chromedp.ID("f-gender"), "female"),
		chromedp.SendKeys(chromedp.ID("f-born_from"), "1985"),
		chromedp.Click(chromedp.CSS(`aside.filters button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".active-filters")),
	)
	if got := titles(); got != "Anna Pervaya,Галина Четвёртая" {
		t.Errorf("female, born from 1985: %q", got)
	}
	loc, _ := chromedp.Run(v, chromedp.Location())
	if u, err := url.Parse(loc); err != nil || u.Query().Get("gender") != "female" || u.Query().Get("born_from") != "1985" {
		t.Errorf("the form led to %s", loc)
	}
	must(t, v,
		chromedp.SetValue(chromedp.ID("f-group"), "network"),
		chromedp.Click(chromedp.CSS(`aside.filters button[type="submit"]`)),
		// The new page: its chips keep the group.
		chromedp.WaitVisible(chromedp.CSS(`.active-filters a[href*="group=network"]`)),
	)
	if got := titles(); got != "Anna Pervaya" {
		t.Errorf("and the group Network: %q", got)
	}
	// The year's field keeps what was typed; its chip removes it.
	if got, _ := chromedp.Run(v, chromedp.Value(chromedp.ID("f-born_from"))); got != "1985" {
		t.Errorf("the year's field holds %q", got)
	}
	must(t, v,
		chromedp.Click(chromedp.CSS(`.active-filters a[href="/en/cases?group=network&gender=female"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`.active-filters a[href*="born_from"]`)),
	)
	if got, _ := chromedp.Run(v, chromedp.Value(chromedp.ID("f-born_from"))); got != "" {
		t.Errorf("after removing the year, the field holds %q", got)
	}
	if got := titles(); got != "Anna Pervaya" {
		t.Errorf("female in the group Network: %q", got)
	}
	must(t, v,
		chromedp.Navigate(e.srv.URL+"/en/stats"),
		chromedp.WaitVisible(chromedp.ID("gender-title")),
		chromedp.Click(chromedp.CSS(`figure:has(#gender-title) a[href="/en/cases?gender=male"]`)),
		chromedp.WaitVisible(chromedp.ID("result-count")),
	)
	if got := titles(); got != "Борис Второй" {
		t.Errorf("the bar of men led to %q", got)
	}
}
