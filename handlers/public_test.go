package handlers_test

import (
	"casebook/content"
	"casebook/handlers"
	"casebook/i18n"
	"casebook/store"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"casebook/workflow"
)

// publishVariety publishes three cases that differ in status, region,
// article, category and year.
func publishVariety(t *testing.T, e *env) {
	t.Helper()
	a := caseForm()
	a.Set("recognized_on", "2024-11")
	a.Set("region", "arkhangelsk-oblast")
	a["articles"] = []string{"280.3"}
	a["categories"] = []string{"anti-war"}
	a.Set("body_ru", "## Кто такой Александр Акимушкин\n\nВ мае 2024 года его задержали по обвинению в повторной «дискредитации» армии.")
	e.publish(a)
	b := caseForm()
	b.Set("name_ru", "Марина Соколова")
	b.Set("name_en", "Marina Sokolova")
	b.Set("headline_en", "A teacher sentenced for remarks in class")
	b.Set("headline_ru", "Учительницу осудили за слова на уроке")
	b.Set("body_en", "## Who\n\nA teacher in Naberezhnye Chelny.")
	b.Set("body_ru", "## Кто\n\nУчительница истории.")
	b.Set("statement_en", "The project considers Marina Sokolova a political prisoner.")
	b.Set("statement_ru", "Проект считает Марину Соколову политзаключённой.")
	b.Set("recognized_on", "2025-03")
	b.Set("region", "tatarstan")
	b["articles"] = []string{"207.3"}
	b["categories"] = []string{"anti-war", "expression"}
	e.publish(b)
	c := caseForm()
	c.Set("name_ru", "Николай Гусев")
	c.Set("name_en", "")
	c.Set("headline_en", "")
	c.Set("body_en", "")
	c.Set("statement_en", "")
	c.Set("statement_ru", "Проект считал Николая Гусева политзаключённым.")
	c.Set("headline_ru", "Пенсионера освободили")
	c.Set("body_ru", "## Кто\n\nПенсионер из Каменска-Уральского.")
	c.Set("status", "released")
	c.Set("recognized_on", "2023-08")
	c.Set("region", "sverdlovsk-oblast")
	c["articles"] = []string{"280.3"}
	e.publish(c)
}

func TestHomeCountsWithPluralForms(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	ru := e.client().get("/ru/").doc(t).Find(".counts").Text()
	for _, want := range []string{"2 политзаключённых", "1 освобождённый"} {
		if !strings.Contains(ru, want) {
			t.Errorf("home counts %q lack %q", ru, want)
		}
	}
	en := e.client().get("/en/").doc(t).Find(".counts").Text()
	if !strings.Contains(en, "2 political prisoners") || !strings.Contains(en, "1 released") {
		t.Errorf("English counts %q", en)
	}
}

func TestListFiltersCombineAndWorkWithoutScript(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	c := e.client()
	names := func(p string) []string {
		var out []string
		c.get(p).doc(t).Find(".case-list .card-title").Each(func(_ int, s *goquerySelection) { out = append(out, strings.TrimSpace(s.Text())) })
		return out
	}
	for p, want := range map[string]int{
		"/en/cases":                                        3,
		"/en/cases?status=political_prisoner":              2,
		"/en/cases?article=280.3":                          2,
		"/en/cases?article=280.3&status=released":          1,
		"/en/cases?category=expression":                    1,
		"/en/cases?region=tatarstan&category=anti-war":     1,
		"/en/cases?year=2024":                              1,
		"/en/cases?year=2024&region=tatarstan":             0,
		"/ru/cases?q=" + url.QueryEscape("Акимушкина"):     1,
		"/ru/cases?q=" + url.QueryEscape("дискредитацию"):  1,
		"/en/cases?q=akimushkin&status=political_prisoner": 1,
	} {
		if got := names(p); len(got) != want {
			t.Errorf("%s: %d cases %v, want %d", p, len(got), got, want)
		}
	}
	// Sorted by recognition date, newest first.
	if got := names("/en/cases"); len(got) != 3 || !strings.Contains(got[0], "Sokolova") || !strings.Contains(got[2], "Гусев") {
		t.Errorf("order %v", got)
	}
	// The Russian-only case is linked in Russian from the English list.
	d := c.get("/en/cases").doc(t)
	if href, _ := d.Find(`.case-list a[hreflang="ru"]`).Attr("href"); href != "/ru/cases/nikolai-gusev" {
		t.Errorf("the Russian-only case links to %q", href)
	}
	// Filters as links and as a GET form.
	if d.Find(`.facet-links a[href*="status="]`).Length() == 0 || d.Find(`aside form[method="get"] select[name="region"]`).Length() == 0 {
		t.Error("no filter links or filter form")
	}
	// Active filters can be removed.
	d = c.get("/en/cases?status=released&year=2023").doc(t)
	if href, _ := d.Find(".active-filters a").First().Attr("href"); href != "/en/cases?year=2023" {
		t.Errorf("remove filter link %q", href)
	}
	// Malformed filters are a clear 400.
	for _, p := range []string{"/en/cases?status=<x>", "/en/cases?year=" + strings.Repeat("9", 300)} {
		if r := c.get(p); r.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
	}
}

// publishMany publishes n more cases, recognised one month apart from
// January 2010 on, half of them released; it signs in once per role.
func publishMany(t *testing.T, e *env, n int) {
	t.Helper()
	res, law, ed := e.login("researcher"), e.login("lawyer"), e.login("editor")
	for i := range n {
		f := caseForm()
		f.Set("name_ru", fmt.Sprintf("Человек Номер %d", i))
		f.Set("name_en", fmt.Sprintf("Person Number %d", i))
		f.Set("slug", fmt.Sprintf("person-number-%d", i))
		f.Set("recognized_on", fmt.Sprintf("%d-%02d", 2010+i/12, i%12+1))
		if i%2 == 1 {
			f.Set("status", "released")
		}
		id := e.createCase(res, f)
		for _, step := range []struct {
			c     *client
			t     workflow.Transition
			extra url.Values
		}{{res, workflow.Submit, nil}, {law, workflow.ApproveLegal, approval()}, {ed, workflow.Publish, nil}} {
			if r := e.transition(step.c, id, step.t, step.extra); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d", step.t, r.StatusCode)
			}
		}
	}
}

// TestListPagesFiltersAndCount: every one of the five filters is a link
// with its count and a field of the GET form; the list is paged by 20,
// sorted by recognition date (newest first) across the pages, the page
// links keep the filters, the number of results is shown, and a page
// number that is hostile gives 400 and one past the end an empty page,
// never a server error.
func TestListPagesFiltersAndCount(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	publishMany(t, e, 40)
	c := e.client()
	en := i18n.New().Printer(content.EN)
	d := c.get("/en/cases").doc(t)
	for _, f := range []string{"status", "region", "article", "category", "year"} {
		if d.Find(`aside form[method="get"] select[name="`+f+`"] option[value!=""]`).Length() == 0 {
			t.Errorf("the form has no %s field", f)
		}
		links := d.Find(`.facet-links a[href*="` + f + `="]`)
		if links.Length() == 0 {
			t.Errorf("no %s links", f)
		}
		links.Each(func(_ int, a *goquerySelection) {
			if !regexp.MustCompile(`^\(\d+\)$`).MatchString(strings.TrimSpace(a.Next().Text())) {
				t.Errorf("%s link %q without a count: %q", f, a.Text(), a.Next().Text())
			}
		})
	}
	// A link combines with the filter in force.
	d = c.get("/en/cases?status=released").doc(t)
	if href := d.Find(`.facet-links a[href*="year=2010"]`).AttrOr("href", ""); href != "/en/cases?status=released&year=2010" {
		t.Errorf("year link under a status filter: %q", href)
	}
	// Pages, newest first throughout, the count of all results.
	var names []string
	seen := map[string]bool{}
	next := "/en/cases"
	pages := 0
	for next != "" && pages < 5 {
		d := c.get(next).doc(t)
		pages++
		if got := strings.TrimSpace(d.Find("#result-count").Text()); got != en.N("count.profiles", 43) {
			t.Errorf("%s: count %q", next, got)
		}
		d.Find(".case-list .card-title").Each(func(_ int, s *goquerySelection) { names = append(names, strings.TrimSpace(s.Text())) })
		d.Find(".case-list .card-title a").Each(func(_ int, s *goquerySelection) {
			if href := s.AttrOr("href", ""); seen[href] {
				t.Errorf("%s twice", href)
			} else {
				seen[href] = true
			}
		})
		next = d.Find(`.pager a[rel="next"]`).AttrOr("href", "")
	}
	if pages != 3 || len(seen) != 43 {
		t.Errorf("%d pages, %d cases", pages, len(seen))
	}
	// publishVariety's cases are of 2025, 2024 and 2023; person i was
	// recognised in month i from 2010 on.
	want := []string{"Marina Sokolova", "Aleksandr Akimushkin", "Николай Гусев"}
	for i := 39; i >= 0; i-- {
		want = append(want, fmt.Sprintf("Person Number %d", i))
	}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("not sorted by recognition date: %v", names)
	}
	// The page links keep the filters; the count says how many match.
	d = c.get("/en/cases?status=released").doc(t)
	if got := strings.TrimSpace(d.Find("#result-count").Text()); got != en.N("count.found", 21) {
		t.Errorf("filtered count %q", got)
	}
	href := d.Find(`.pager a[rel="next"]`).AttrOr("href", "")
	if href != "/en/cases?status=released&page=2" {
		t.Fatalf("next page %q", href)
	}
	d = c.get(href).doc(t)
	if n := d.Find(".case-list .card-title").Length(); n != 1 {
		t.Errorf("page 2 of the released: %d cases", n)
	}
	if prev := d.Find(`.pager a[rel="prev"]`).AttrOr("href", ""); prev != "/en/cases?status=released" {
		t.Errorf("previous page %q", prev)
	}
	if d.Find(`.pager a[rel="next"]`).Length() != 0 {
		t.Error("a next page after the last")
	}
	for _, p := range []string{"0", "-1", "abc", "1e3", "99999999999999999999", "10001", "2%00", "%27", "1.5"} {
		if r := c.get("/en/cases?status=released&page=" + p); r.StatusCode != http.StatusBadRequest {
			t.Errorf("page=%s: %d", p, r.StatusCode)
		}
	}
	r := c.get("/en/cases?page=9999")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("page past the end: %d", r.StatusCode)
	}
	if d := r.doc(t); d.Find(".case-list .card-title").Length() != 0 || d.Find("p.empty").Length() != 1 {
		t.Error("a page past the end is not empty")
	}
}

func TestSearchUnderstandsRussian(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	c := e.client()
	for q, want := range map[string]string{
		"Акимушкина":          "Акимушкин",
		"дискредитации армии": "Акимушкин",
		"Akimushkin":          "Акимушкин",
		"Gusev":               "Гусев", // the Latin spelling of a Russian-only name
		"учительница":         "Соколова",
	} {
		d := c.get("/ru/cases?q=" + url.QueryEscape(q)).doc(t)
		if got := d.Find(".case-list").Text(); !strings.Contains(got, want) {
			t.Errorf("search %q: %q lacks %q", q, got, want)
		}
	}
	d := c.get("/ru/cases?q=" + url.QueryEscape("дискредитацию")).doc(t)
	if mark := d.Find(".snippet mark").First().Text(); mark != "дискредитации" {
		t.Errorf("highlighted %q", mark)
	}
	for _, q := range []string{`"`, `NEAR(`, `*`, `AND`, `OR NOT`, `-`, `"a" OR "b`, `a:b`, `^`} {
		if r := c.get("/ru/cases?q=" + url.QueryEscape(q)); r.StatusCode != 200 {
			t.Errorf("query %q: %d", q, r.StatusCode)
		}
	}
}

func TestFeedSitemapRobotsAndOpenData(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	c := e.client()
	feed := c.get("/ru/feed.atom")
	var f struct {
		Entries []struct {
			Title string `xml:"title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(feed.body), &f); err != nil || len(f.Entries) != 3 || !strings.HasPrefix(feed.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("Russian feed: %v %d entries", err, len(f.Entries))
	}
	if en := c.get("/en/feed.atom").body; strings.Contains(en, "Гусев") {
		t.Error("the English feed lists a Russian-only profile")
	}
	sm := c.get("/sitemap.xml").body
	if !strings.Contains(sm, "/ru/cases/aleksandr-akimushkin") || !strings.Contains(sm, `hreflang="en"`) || strings.Contains(sm, "/en/cases/nikolai-gusev") {
		t.Errorf("sitemap:\n%s", sm)
	}
	if r := c.get("/robots.txt"); !strings.Contains(r.body, "Disallow: /studio/") || !strings.Contains(r.body, "Sitemap: ") {
		t.Errorf("robots.txt:\n%s", r.body)
	}
	api := c.get("/api/v1/cases?status=political_prisoner")
	if api.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no CORS header on open data")
	}
	var list struct {
		Total int              `json:"total"`
		Cases []map[string]any `json:"cases"`
	}
	if err := json.Unmarshal([]byte(api.body), &list); err != nil || list.Total != 2 || len(list.Cases) != 2 {
		t.Fatalf("api list: %v %+v", err, list.Total)
	}
	for _, key := range []string{"slug", "status", "articles", "ru", "en", "timeline", "sources", "photo"} {
		if _, ok := list.Cases[0][key]; !ok {
			t.Errorf("open data case lacks %q", key)
		}
	}
	one := c.get("/api/v1/cases/nikolai-gusev")
	var cc map[string]any
	json.Unmarshal([]byte(one.body), &cc)
	if en := cc["en"].(map[string]any); en["name"] != "" {
		t.Errorf("an unpublished language leaks through open data: %v", en)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.get("/api/v1/cases.csv").body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 4 || rows[0][0] != "slug" {
		t.Errorf("csv: %v %d rows", err, len(rows))
	}
	// Drafts never appear in open data.
	res := e.login("researcher")
	draft := caseForm()
	draft.Set("name_en", "Secret Draft Person")
	e.createCase(res, draft)
	if strings.Contains(c.get("/api/v1/cases").body, "Secret Draft") || c.get("/api/v1/cases/secret-draft-person").StatusCode != 404 {
		t.Error("a draft is in open data")
	}
}

func TestPublicAnswersCacheAndRevalidate(t *testing.T) {
	e := newEnv(t)
	id := e.publish(caseForm())
	c := e.client()
	for _, p := range []string{"/en/", "/en/cases", "/en/cases/aleksandr-akimushkin", "/en/stats", "/en/feed.atom", "/sitemap.xml", "/api/v1/cases"} {
		r := c.get(p)
		etag := r.Header.Get("ETag")
		if r.StatusCode != 200 || etag == "" || r.Header.Get("Cache-Control") == "" {
			t.Fatalf("%s: %d etag=%q cc=%q", p, r.StatusCode, etag, r.Header.Get("Cache-Control"))
		}
		if r2 := c.get(p, "If-None-Match", etag); r2.StatusCode != http.StatusNotModified {
			t.Errorf("%s: conditional request %d", p, r2.StatusCode)
		}
		// Compressed for a client that asks.
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+p, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.body) > 1024 {
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("%s: not compressed", p)
			} else {
				zr, _ := gzip.NewReader(res.Body)
				plain, _ := io.ReadAll(zr)
				if string(plain) != r.body {
					t.Errorf("%s: the compressed body differs", p)
				}
			}
		}
		res.Body.Close()
	}
	// A publication is visible at once, cache or not.
	before := c.get("/en/cases").body
	form := caseForm()
	form.Set("name_en", "Second Person")
	form.Set("name_ru", "Второй Человек")
	e.publish(form)
	if after := c.get("/en/cases").body; after == before || !strings.Contains(after, "Second Person") {
		t.Error("the cached list did not change after a publication")
	}
	e.transition(e.login("editor"), id, workflow.Unpublish, url.Values{"comment": {"safety"}})
	if strings.Contains(c.get("/en/cases").doc(t).Find(".case-list").Text(), "Akimushkin") {
		t.Error("the cached list still shows an unpublished case")
	}
	if r := c.get("/en/cases/aleksandr-akimushkin"); r.StatusCode != http.StatusGone {
		t.Errorf("unpublished profile from the cache: %d", r.StatusCode)
	}
	// Site texts are editable and show at once.
	ed := e.login("editor")
	f := url.Values{}
	f.Set("how_to_help_en", "Write to **them** today.")
	if r := ed.post("/studio/texts", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("texts: %d", r.StatusCode)
	}
	if !strings.Contains(c.get("/en/").body, "<strong>them</strong>") {
		t.Error("an edited site text does not show")
	}
}

func TestProfileMetaForSearchAndSharing(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	d := e.client().get("/en/cases/aleksandr-akimushkin").doc(t)
	for sel, want := range map[string]string{
		`link[rel="canonical"]`:                "/en/cases/aleksandr-akimushkin",
		`link[rel="alternate"][hreflang="ru"]`: "/ru/cases/aleksandr-akimushkin",
		`meta[property="og:title"]`:            "",
		`meta[property="og:description"]`:      "",
		`meta[name="twitter:card"]`:            "",
	} {
		s := d.Find(sel)
		if s.Length() == 0 {
			t.Errorf("no %s", sel)
			continue
		}
		v := s.AttrOr("href", s.AttrOr("content", ""))
		if want != "" && !strings.HasSuffix(v, want) {
			t.Errorf("%s = %q", sel, v)
		}
	}
	// A Russian-only profile has no English alternate, and its English
	// page says so and links to the Russian one.
	ru := e.client().get("/ru/cases/nikolai-gusev").doc(t)
	if ru.Find(`link[rel="alternate"][hreflang="en"]`).Length() != 0 {
		t.Error("an alternate for a language the profile does not have")
	}
	en := e.client().get("/en/cases/nikolai-gusev").doc(t)
	if href, _ := en.Find(".notice a").Attr("href"); href != "/ru/cases/nikolai-gusev" || en.Find(`meta[name="robots"]`).Length() == 0 {
		t.Errorf("untranslated page: link %q", href)
	}
}

// TestProfileMissingInThisLanguage: a profile asked for in a language it
// has no version in says so, in that language, and links to the version
// that exists; the name it shows is marked as being in the other
// language; the page is not indexed and its canonical link is the
// existing profile, not itself.
func TestProfileMissingInThisLanguage(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	r := e.client().get("/en/cases/nikolai-gusev")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	d := r.doc(t)
	en := i18n.New().Printer(content.EN)
	if lang := d.Find("html").AttrOr("lang", ""); lang != "en" {
		t.Errorf("html lang %q", lang)
	}
	notice := d.Find("main .notice")
	if !strings.Contains(notice.Text(), en.T("profile.not_translated")) {
		t.Errorf("notice %q", notice.Text())
	}
	link := notice.Find("a")
	if link.AttrOr("href", "") != "/ru/cases/nikolai-gusev" || link.AttrOr("hreflang", "") != "ru" || link.Text() != en.T("profile.read_other") {
		t.Errorf("link to the existing version: %q %q %q", link.AttrOr("href", ""), link.AttrOr("hreflang", ""), link.Text())
	}
	h1 := d.Find("main h1")
	if h1.Text() != "Николай Гусев" || h1.AttrOr("lang", "") != "ru" {
		t.Errorf("h1 %q lang %q", h1.Text(), h1.AttrOr("lang", ""))
	}
	if c := d.Find(`link[rel="canonical"]`).AttrOr("href", ""); !strings.HasSuffix(c, "/ru/cases/nikolai-gusev") {
		t.Errorf("canonical %q", c)
	}
	if u := d.Find(`meta[property="og:url"]`).AttrOr("content", ""); !strings.HasSuffix(u, "/ru/cases/nikolai-gusev") {
		t.Errorf("og:url %q", u)
	}
	if !strings.Contains(d.Find(`meta[name="robots"]`).AttrOr("content", ""), "noindex") {
		t.Error("the stand-in page is indexable")
	}
	if d.Find(`link[rel="alternate"][hreflang="en"]`).Length() != 0 {
		t.Error("an alternate for the missing language")
	}
	// The version that exists is itself: its own canonical, indexable,
	// and its name needs no lang of its own.
	ru := e.client().get("/ru/cases/nikolai-gusev").doc(t)
	if c := ru.Find(`link[rel="canonical"]`).AttrOr("href", ""); !strings.HasSuffix(c, "/ru/cases/nikolai-gusev") {
		t.Errorf("ru canonical %q", c)
	}
	if ru.Find(`meta[name="robots"]`).Length() != 0 || ru.Find("main h1[lang]").Length() != 0 || ru.Find("main .notice").Length() != 0 {
		t.Error("the Russian profile is marked as missing")
	}
	// Lists in the missing language link the case in the one it has.
	list := e.client().get("/en/cases").doc(t)
	if list.Find(`a[href="/ru/cases/nikolai-gusev"]`).Length() == 0 {
		t.Error("the English list does not link the Russian profile")
	}
}

func TestStatsPage(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	d := e.client().get("/ru/stats").doc(t)
	// Years, regions, articles, categories; gender, ages, terms.
	if n := d.Find("figure.chart svg").Length(); n != 7 {
		t.Errorf("%d charts", n)
	}
	if n := d.Find("figure.chart table").Length(); n != 7 {
		t.Errorf("%d tables", n)
	}
	if !strings.Contains(d.Find("#regions-title").Parent().Find("table").Text(), "Архангельская область") {
		t.Error("the region table lacks a region")
	}
	if d.Find("script").Length() != 0 {
		t.Error("the stats page has a script")
	}
}

// TestStatsFullLabelsAndEveryYear: the tables name each article with its
// whole title (the chart shortens only its drawing and keeps the whole
// label in a <title>), and the chart per year has every year from the
// first recognition to the last, with 0 where there were none.
func TestStatsFullLabelsAndEveryYear(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	old := caseForm()
	old.Set("name_ru", "Пётр Старый")
	old.Set("name_en", "Pyotr Stary")
	old.Set("recognized_on", "2020-02")
	e.publish(old)
	refs, err := e.st.References(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	art, ok := store.Find(refs.Articles, "207.3")
	if !ok || len([]rune(art.Label(content.RU))) <= 40 {
		t.Fatalf("article 207.3: %v", art)
	}
	for _, l := range content.Langs() {
		p := i18n.New().Printer(l)
		d := e.client().get("/" + string(l) + "/stats").doc(t)
		full := p.T("filter.article", "207.3", art.Label(l))
		articles := d.Find("#articles-title").Parent()
		found := false
		articles.Find("table td").Each(func(_ int, s *goquerySelection) { found = found || s.Text() == full })
		if !found {
			t.Errorf("%s: the article table lacks the whole label %q", l, full)
		}
		drawn := false
		articles.Find("svg text.bar-label").Each(func(_ int, s *goquerySelection) {
			if s.Find("title").Text() != full {
				return
			}
			drawn = true
			s.Find("tspan").Each(func(_ int, line *goquerySelection) {
				if n := len([]rune(line.Text())); n == 0 || n > 26 {
					t.Errorf("%s: a drawn line of %d characters", l, n)
				}
			})
			if n := s.Find("tspan").Length(); n != 2 || !strings.HasSuffix(s.Find("tspan").Last().Text(), "…") {
				t.Errorf("%s: the long label is drawn in %d lines: %q", l, n, s.Find("tspan").Text())
			}
		})
		if !drawn {
			t.Errorf("%s: no bar has the whole label in its <title>", l)
		}
		years := d.Find("#years-title").Parent()
		var rows []string
		years.Find("table tbody tr").Each(func(_ int, s *goquerySelection) {
			rows = append(rows, s.Find("td").First().Text()+"="+s.Find("td").Last().Text())
			if s.Find("td").Last().Text() == "0" && s.Find("a").Length() != 0 {
				t.Errorf("%s: a link to an empty year", l)
			}
		})
		if got := strings.Join(rows, " "); got != "2020=1 2021=0 2022=0 2023=1 2024=1 2025=1" {
			t.Errorf("%s: years %s", l, got)
		}
		if n := years.Find("svg rect.bar").Length(); n != 6 {
			t.Errorf("%s: %d year bars", l, n)
		}
	}
}

// TestFastPathAnswersAsTheRoutedPath asks each public page twice: the
// first answer is rendered through Echo's routes and middleware, the second
// comes from the cache in front of them. Status, headers and bytes must be
// the same, plain and gzipped, for GET, HEAD and a conditional request.
func TestFastPathAnswersAsTheRoutedPath(t *testing.T) {
	e := newEnv(t)
	id := e.publish(caseForm())
	raw := &http.Transport{DisableCompression: true}
	ask := func(method, p string, hdr ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, e.srv.URL+p, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := raw.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		res.Header.Del("Date")
		return res, b
	}
	same := func(what string, a, b *http.Response, ab, bb []byte) {
		t.Helper()
		if a.StatusCode != b.StatusCode || string(ab) != string(bb) {
			t.Errorf("%s: routed %d (%d bytes), fast %d (%d bytes)", what, a.StatusCode, len(ab), b.StatusCode, len(bb))
		}
		for k := range a.Header {
			if a.Header.Get(k) != b.Header.Get(k) {
				t.Errorf("%s: header %s routed %q, fast %q", what, k, a.Header.Get(k), b.Header.Get(k))
			}
		}
		for k := range b.Header {
			if _, ok := a.Header[k]; !ok {
				t.Errorf("%s: the fast path adds %s", what, k)
			}
		}
	}
	pages := []string{"/en/", "/ru/cases", "/en/cases?q=akimushkin", "/en/cases/aleksandr-akimushkin", "/ru/stats", "/en/feed.atom", "/sitemap.xml", "/robots.txt", "/api/v1/cases", "/api/v1/cases.csv"}
	// Before each pair a site text is saved (the same text each time),
	// which starts a new generation of the cache, so that the pair's first
	// answer is never already in it. (A parameter of its own would not do:
	// the cache ignores the parameters a page does not read.)
	fresh := func(p string) string {
		if err := e.st.SetSiteText(context.Background(), e.users["editor"], "disclaimer", content.EN, "The project's assessment."); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, page := range pages {
		for _, enc := range []string{"", "gzip"} {
			p := fresh(page)
			a, ab := ask(http.MethodGet, p, "Accept-Encoding", enc)
			b, bb := ask(http.MethodGet, p, "Accept-Encoding", enc)
			same(p+" "+enc, a, b, ab, bb)
			if a.StatusCode != http.StatusOK || a.Header.Get("Set-Cookie") != "" {
				t.Errorf("%s: %d, cookie %q", p, a.StatusCode, a.Header.Get("Set-Cookie"))
			}
			p = fresh(page)
			a, ab = ask(http.MethodHead, p, "Accept-Encoding", enc)
			b, bb = ask(http.MethodHead, p, "Accept-Encoding", enc)
			same("HEAD "+p+" "+enc, a, b, ab, bb)
			etag := b.Header.Get("ETag")
			p = fresh(page)
			a, ab = ask(http.MethodGet, p, "Accept-Encoding", enc, "If-None-Match", etag)
			b, bb = ask(http.MethodGet, p, "Accept-Encoding", enc, "If-None-Match", etag)
			same("If-None-Match "+p+" "+enc, a, b, ab, bb)
			if a.StatusCode != http.StatusNotModified {
				t.Errorf("%s %s: conditional request answered %d", p, enc, a.StatusCode)
			}
		}
	}
	// What the cache holds stops at once when the case goes.
	ask(http.MethodGet, "/en/cases/aleksandr-akimushkin")
	e.transition(e.login("editor"), id, workflow.Unpublish, url.Values{"comment": {"safety"}})
	if r, _ := ask(http.MethodGet, "/en/cases/aleksandr-akimushkin"); r.StatusCode != http.StatusGone {
		t.Errorf("unpublished profile: %d", r.StatusCode)
	}
}

// A forged Host or X-Forwarded-Proto is the attacker's own answer: it must
// not plant its address in the cached page that the next visitor gets.
func TestForgedHostDoesNotPoisonTheCache(t *testing.T) {
	e := newEnv(t)
	e.publish(caseForm())
	c := e.client()
	paths := []string{"/en/", "/en/cases", "/en/cases/aleksandr-akimushkin", "/en/feed.atom", "/sitemap.xml", "/robots.txt", "/api/v1/cases"}
	forge := func(p string, set func(*http.Request)) *response {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+p, nil)
		set(req)
		return c.do(req)
	}
	for _, p := range paths {
		for name, set := range map[string]func(*http.Request){
			"Host":              func(r *http.Request) { r.Host = "evil.example" },
			"X-Forwarded-Proto": func(r *http.Request) { r.Header.Set("X-Forwarded-Proto", "evil") },
		} {
			// Twice, so that the second forged request is a cache hit
			// and the honest one after it finds the entry warm too.
			forge(p, set)
			forge(p, set)
			honest := c.get(p)
			if honest.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", p, honest.StatusCode)
			}
			if strings.Contains(honest.body, "evil") {
				t.Errorf("%s: after a forged %s the page a visitor gets carries it", p, name)
			}
		}
	}
	// With --base-url the pages name the configured address whatever the
	// request says.
	b := newEnv(t, handlers.WithBaseURL("https://casebook.example"))
	b.publish(caseForm())
	bc := b.client()
	req, _ := http.NewRequest(http.MethodGet, b.srv.URL+"/en/cases/aleksandr-akimushkin", nil)
	req.Host = "evil.example"
	if r := bc.do(req); strings.Contains(r.body, "evil.example") || !strings.Contains(r.body, "https://casebook.example/en/cases/aleksandr-akimushkin") {
		t.Error("with a base URL the canonical address follows the request's Host")
	}
}

// TestSearchRanksAndEscapes: a person named in the query comes before a
// case that only mentions the word in its body, and the passage shown
// around the match is text, its markup characters escaped.
func TestSearchRanksAndEscapes(t *testing.T) {
	e := newEnv(t)
	mention := caseForm()
	mention.Set("name_ru", "Мария Соколова")
	mention.Set("name_en", "Maria Sokolova")
	mention.Set("body_ru", "Соседка по камере рассказала, что Петровский суд < областного & \"Петрову\" <i>не</i> верят, и так далее.")
	e.publish(mention)
	named := caseForm()
	named.Set("name_ru", "Иван Петров")
	named.Set("name_en", "Ivan Petrov")
	e.publish(named)
	r := e.client().get("/ru/cases?q=" + url.QueryEscape("Петрову"))
	d := r.doc(t)
	var names []string
	d.Find(".case-list h2, .case-list h3").Each(func(_ int, s *goquerySelection) { names = append(names, strings.TrimSpace(s.Text())) })
	if len(names) != 2 || names[0] != "Иван Петров" {
		t.Fatalf("ranked %v, want Иван Петров first of two", names)
	}
	snippet, _ := d.Find(".case-list .snippet").Last().Html()
	if !strings.Contains(snippet, "&lt;") || !strings.Contains(snippet, "&amp;") || strings.Contains(snippet, "<i>") || !strings.Contains(snippet, "<mark>") {
		t.Errorf("snippet HTML %q", snippet)
	}
}
