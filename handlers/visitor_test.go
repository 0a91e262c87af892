package handlers_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"casebook/workflow"
)

// facetCounts reads the filter links beside the list of one filter
// (status, region, article, category or year, in the order the sidebar
// shows them): label -> count.
func facetCounts(t *testing.T, d *goquery.Document, filter string) map[string]int {
	t.Helper()
	i := slices.Index([]string{"status", "region", "article", "category", "year"}, filter)
	out := map[string]int{}
	d.Find(".facet-links").Eq(i).Find("li").Each(func(_ int, li *goquerySelection) {
		text := strings.Join(strings.Fields(li.Text()), " ")
		m := regexp.MustCompile(`^(.*) \((\d+)\)$`).FindStringSubmatch(text)
		if m == nil {
			t.Errorf("filter %q has no count", text)
			return
		}
		n, _ := strconv.Atoi(m[2])
		out[m[1]] = n
	})
	return out
}

// TestSearchFindsRegionAndCategoryNamesAndCountsTheResult: the names the
// sidebar lists find their cases when typed into the search box, in any
// grammatical case, and the sidebar counts what was found, not every
// published case.
func TestSearchFindsRegionAndCategoryNamesAndCountsTheResult(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	c := e.client()
	cards := func(d *goquery.Document) []string {
		var out []string
		d.Find(".case-list .card-title").Each(func(_ int, s *goquerySelection) { out = append(out, strings.TrimSpace(s.Text())) })
		return out
	}
	for q, want := range map[string]string{
		"Свердловская":           "Николай Гусев",
		"в Свердловской области": "Николай Гусев",
		"архангельской":          "Александр Акимушкин",
		"Tatarstan":              "Marina Sokolova",
		"Свобода слова":          "Марина Соколова",
		"Гусев Свердловская":     "Николай Гусев",
	} {
		lang := "ru"
		if q == "Tatarstan" {
			lang = "en"
		}
		d := c.get("/" + lang + "/cases?q=" + url.QueryEscape(q)).doc(t)
		if got := cards(d); len(got) != 1 || got[0] != want {
			t.Errorf("%q found %v, want %s", q, got, want)
		}
		// One result: every count beside it is 1.
		for _, f := range []string{"status", "region", "year"} {
			for label, n := range facetCounts(t, d, f) {
				if n != 1 {
					t.Errorf("%q: %s %q counts %d beside one result", q, f, label, n)
				}
			}
		}
	}
	// "армии" is in one body; article 280.3 has two cases, one found.
	d := c.get("/ru/cases?q=" + url.QueryEscape("армии")).doc(t)
	if got := cards(d); len(got) != 1 {
		t.Fatalf("армии found %v", got)
	}
	for label, n := range facetCounts(t, d, "article") {
		if strings.Contains(label, "280.3") && n != 1 {
			t.Errorf("article %q counts %d beside one result", label, n)
		}
	}
	// With a filter in force, the other values of the same filter count
	// what choosing them would show.
	d = c.get("/en/cases?status=released").doc(t)
	if got := facetCounts(t, d, "status"); got["Political prisoner"] != 2 || got["Released"] != 1 {
		t.Errorf("status counts under status=released: %v", got)
	}
	if got := facetCounts(t, d, "region"); len(got) != 1 || got["Sverdlovsk Oblast"] != 1 {
		t.Errorf("region counts under status=released: %v", got)
	}
	// A filter that finds nothing with the search stays chosen in the
	// form, counted 0.
	d = c.get("/en/cases?q=Tatarstan&region=sverdlovsk-oblast").doc(t)
	if sel := d.Find(`select[name="region"] option[selected]`); sel.AttrOr("value", "") != "sverdlovsk-oblast" || !strings.Contains(sel.Text(), "(0)") {
		t.Errorf("the region in force is not kept in the form: %q", sel.Text())
	}
}

// TestBrowserSearchARegionAndFollowTheCounts: a visitor types a region as
// Russian says it into the search box at the top of the page and presses
// Enter; the sidebar counts what was found, and each filter link shows
// as many cases as its count promised.
func TestBrowserSearchARegionAndFollowTheCounts(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	publishMany(t, e, 4)
	b := browser(t)
	v := person(t, b)
	must(t, v,
		chromedp.Navigate(e.srv.URL+"/ru/"),
		chromedp.SendKeys(chromedp.ID("site-q"), "в Свердловской области\r"),
		chromedp.WaitVisible(chromedp.ID("result-count")),
	)
	if got := text(t, v, ".case-list"); !strings.Contains(got, "Николай Гусев") || strings.Count(got, "Пенсионер") != 1 {
		t.Fatalf("found %q", got)
	}
	if got := text(t, v, "#result-count"); got != "Найдено 1 дело" {
		t.Errorf("count %q", got)
	}
	// Every filter link beside one result says (1); follow each.
	hrefs, err := chromedp.Run(v, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".facet-links a")].map(a => a.getAttribute("href"))`))
	if err != nil || len(hrefs) == 0 {
		t.Fatalf("filter links: %v %v", hrefs, err)
	}
	counts, _ := chromedp.Run(v, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".facet-links a")].map(a => a.nextElementSibling.textContent)`))
	for i, c := range counts {
		if c != "(1)" {
			t.Errorf("link %s counts %s beside one result", hrefs[i], c)
		}
	}
	for _, h := range hrefs {
		must(t, v,
			chromedp.Navigate(e.srv.URL+h),
			chromedp.WaitVisible(chromedp.ID("result-count")),
		)
		if n, _ := chromedp.Run(v, chromedp.Evaluate[int](`document.querySelectorAll(".case-list .card-title").length`)); n != 1 {
			t.Errorf("%s shows %d cases, its link said 1", h, n)
		}
	}
	// The filter form in the sidebar: choose a status, press Show.
	must(t, v,
		chromedp.Navigate(e.srv.URL+"/en/cases"),
		chromedp.WaitVisible(chromedp.ID("f-status")),
		chromedp.SetValue(chromedp.ID("f-status"), "released"),
		chromedp.Click(chromedp.CSS(`aside.filters button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".active-filters")),
	)
	opts, _ := chromedp.Run(v, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#f-year option")].filter(o => o.value).map(o => o.value + " " + o.textContent)`))
	shown, _ := chromedp.Run(v, chromedp.Evaluate[int](`document.querySelectorAll(".case-list .card-title").length`))
	sum := 0
	for _, o := range opts {
		m := regexp.MustCompile(`\((\d+)\)$`).FindStringSubmatch(o)
		if m == nil {
			t.Fatalf("year option %q has no count", o)
		}
		n, _ := strconv.Atoi(m[1])
		sum += n
	}
	if sum != shown || shown != 3 {
		t.Errorf("released: %d shown, the years count %d (%v)", shown, sum, opts)
	}
}

// layout is where the parts of a profile stand, in CSS pixels from the
// top of the page, as Chromium laid them out.
type layout struct {
	LedeBottom, FactsTop, FactsBottom, FactsLeft, MainTop, MainRight, PhotoHeight, ViewHeight, ViewWidth float64
	// FactsBeforeMain: the facts box comes before the text in the
	// document, so a screen reader reads it after the headline.
	FactsBeforeMain, HeadBeforeFacts bool
}

const measure = `(async () => {
	const box = s => document.querySelector(s).getBoundingClientRect();
	const img = document.querySelector(".portrait img");
	if (img) { await img.decode(); }
	const facts = document.querySelector(".facts"), main = document.querySelector(".profile-main"), head = document.querySelector(".profile-head");
	return {
		LedeBottom: box(".profile-head .lede").bottom + scrollY, FactsTop: box(".facts").top + scrollY, FactsBottom: box(".facts").bottom + scrollY,
		FactsLeft: box(".facts").left, MainTop: box(".profile-main").top + scrollY, MainRight: box(".profile-main").right,
		PhotoHeight: img ? img.getBoundingClientRect().height : 0, ViewHeight: innerHeight, ViewWidth: innerWidth,
		FactsBeforeMain: !!(facts.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING),
		HeadBeforeFacts: !!(head.compareDocumentPosition(facts) & Node.DOCUMENT_POSITION_FOLLOWING),
	};
})()`

func measureProfile(t *testing.T, v context.Context) layout {
	t.Helper()
	l, err := chromedp.Run(v, chromedp.Evaluate[layout](measure, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// pdfPages counts the pages of a PDF by its page objects.
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
}

// TestBrowserProfileOnAPhoneAndOnPaper: on a phone the facts box comes
// right under the headline, within the first screen, not after the body;
// on a wide screen it stands beside the text; printed, the facts go with
// the name, the photo is small, and a short profile is one page.
func TestBrowserProfileOnAPhoneAndOnPaper(t *testing.T) {
	e := newEnv(t)
	publishFull(t, e)
	b := browser(t)
	v := person(t, b)
	for _, lang := range []string{"ru", "en"} {
		u := e.srv.URL + "/" + lang + "/cases/" + fullSlug
		must(t, v,
			chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(u),
			chromedp.WaitVisible(chromedp.CSS(".facts")),
		)
		phone := measureProfile(t, v)
		if phone.ViewWidth != 375 {
			t.Fatalf("the phone's viewport is %v wide", phone.ViewWidth)
		}
		if !phone.HeadBeforeFacts || !phone.FactsBeforeMain {
			t.Errorf("%s: reading order: headline before facts %v, facts before text %v", lang, phone.HeadBeforeFacts, phone.FactsBeforeMain)
		}
		if gap := phone.FactsTop - phone.LedeBottom; gap < 0 || gap > 48 {
			t.Errorf("%s on a phone: the facts box is %.0f px below the headline", lang, gap)
		}
		if phone.FactsTop > 1.25*phone.ViewHeight {
			t.Errorf("%s on a phone: the facts box starts at %.0f px, past the first screen (%.0f px)", lang, phone.FactsTop, phone.ViewHeight)
		}
		if phone.MainTop < phone.FactsBottom {
			t.Errorf("%s on a phone: the text (%.0f) starts above the end of the facts (%.0f)", lang, phone.MainTop, phone.FactsBottom)
		}

		must(t, v,
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(u),
			chromedp.WaitVisible(chromedp.CSS(".facts")),
		)
		wide := measureProfile(t, v)
		if wide.FactsLeft < wide.MainRight || wide.FactsTop > wide.LedeBottom {
			t.Errorf("%s on a wide screen: the facts box is not beside the text: %+v", lang, wide)
		}

		// Printed: the print stylesheet, as a printer sees the page.
		if _, err := chromedp.Call(v, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		paper := measureProfile(t, v)
		// 45 mm is 170 CSS pixels.
		if paper.PhotoHeight == 0 || paper.PhotoHeight > 175 {
			t.Errorf("%s printed: the photo is %.0f px high", lang, paper.PhotoHeight)
		}
		if paper.FactsTop < paper.LedeBottom || paper.FactsBottom > paper.MainTop+1 {
			t.Errorf("%s printed: the facts do not stand between the headline and the text: %+v", lang, paper)
		}
		// A4, as the reader's printer has it.
		pdf, err := chromedp.Call(v, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
		if err != nil {
			t.Fatal(err)
		}
		if n := pdfPages(pdf.Data); n != 1 {
			os.WriteFile(filepath.Join(t.TempDir(), "profile.pdf"), pdf.Data, 0o644)
			t.Errorf("%s printed: the short profile takes %d pages", lang, n)
		}
		if _, err := chromedp.Call(v, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestErrorPagesOfferTheLanguageAndTheWayBack: a page that is not there
// (404) or no longer there (410) speaks the visitor's language (the
// address's, else the browser's), switches to the other language and
// leads back to the list and home.
func TestErrorPagesOfferTheLanguageAndTheWayBack(t *testing.T) {
	e := newEnv(t)
	id := e.publish(caseForm())
	if r := e.transition(e.login("editor"), id, workflow.Unpublish, url.Values{"comment": {"The family asked."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	c := e.client()
	for _, tc := range []struct {
		path, accept string
		status       int
		lang, alt    string
		heading      string
	}{
		{"/ru/cases/no-such-person", "", 404, "ru", "/en/", "Страница не найдена"},
		{"/en/cases/no-such-person", "ru", 404, "en", "/ru/", "Page not found"},
		{"/ru/cases/aleksandr-akimushkin", "", 410, "ru", "/en/", "Профиль снят с публикации"},
		{"/en/cases/aleksandr-akimushkin", "", 410, "en", "/ru/", "Profile removed"},
		{"/en/no-such-page", "", 404, "en", "/ru/", "Page not found"},
		{"/no-such-page", "en-GB,en;q=0.8", 404, "en", "/ru/", "Page not found"},
		{"/no-such-page", "ru-RU", 404, "ru", "/en/", "Страница не найдена"},
		{"/fr/cases", "en", 404, "en", "/ru/", "Page not found"},
	} {
		var r *response
		if tc.accept != "" {
			r = c.get(tc.path, "Accept-Language", tc.accept)
		} else {
			r = c.get(tc.path)
		}
		if r.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d", tc.path, r.StatusCode, tc.status)
			continue
		}
		d := r.doc(t)
		if got := d.Find("html").AttrOr("lang", ""); got != tc.lang {
			t.Errorf("%s (%s): lang %q, want %s", tc.path, tc.accept, got, tc.lang)
		}
		if got := strings.TrimSpace(d.Find("main h1").Text()); got != tc.heading {
			t.Errorf("%s: heading %q", tc.path, got)
		}
		sw := d.Find("a.lang-switch")
		if sw.AttrOr("href", "") != tc.alt || sw.AttrOr("hreflang", "") == tc.lang {
			t.Errorf("%s: language switch %q (%s), want %s", tc.path, sw.AttrOr("href", ""), sw.AttrOr("hreflang", ""), tc.alt)
		}
		for _, want := range []string{"/" + tc.lang + "/cases", "/" + tc.lang + "/"} {
			if d.Find(`main a[href="`+want+`"]`).Length() == 0 {
				t.Errorf("%s: no way back to %s", tc.path, want)
			}
		}
		if d.Find(`main form[role="search"] input[name="q"]`).Length() == 0 {
			t.Errorf("%s: no search on the page", tc.path)
		}
		// The answer does not repeat the address, which may name a person.
		if strings.Contains(r.body, "aleksandr-akimushkin") || strings.Contains(r.body, "no-such") {
			t.Errorf("%s: the answer repeats the address", tc.path)
		}
		if tc.accept != "" && !strings.HasPrefix(tc.path, "/"+tc.lang+"/") && !strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Language") {
			t.Errorf("%s: the language came from Accept-Language but the answer does not vary by it", tc.path)
		}
	}
}

// TestBrowserLostVisitorFindsTheWayBack: a visitor follows a dead link
// to a removed profile, switches the page to English and goes on to the
// list of all cases, by clicking.
func TestBrowserLostVisitorFindsTheWayBack(t *testing.T) {
	e := newEnv(t)
	id := e.publish(caseForm())
	publishVariety(t, e)
	if r := e.transition(e.login("editor"), id, workflow.Unpublish, url.Values{"comment": {"The family asked."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	b := browser(t)
	v := person(t, b)
	must(t, v,
		chromedp.Navigate(e.srv.URL+"/ru/cases/aleksandr-akimushkin"),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	)
	if got := text(t, v, "main h1"); got != "Профиль снят с публикации" {
		t.Fatalf("heading %q", got)
	}
	must(t, v,
		chromedp.Click(chromedp.CSS(`main a[href="/ru/cases"]`)),
		chromedp.WaitVisible(chromedp.ID("result-count")),
	)
	if got := text(t, v, "#result-count"); got != "3 профиля" {
		t.Errorf("the list says %q", got)
	}
	// Back on the removed profile, the language switch leads to the
	// site in English.
	must(t, v,
		chromedp.NavigateBack(),
		chromedp.WaitVisible(chromedp.CSS("a.lang-switch")),
		chromedp.Click(chromedp.CSS("a.lang-switch")),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="en"] main h1`)),
	)
	loc, _ := chromedp.Run(v, chromedp.Location())
	if !strings.HasSuffix(loc, "/en/") {
		t.Errorf("the switch led to %s", loc)
	}
	// A mistyped address, then the search on the error page.
	must(t, v,
		chromedp.Navigate(e.srv.URL+"/en/casez"),
		chromedp.WaitVisible(chromedp.ID("error-q")),
		chromedp.SendKeys(chromedp.ID("error-q"), "Sokolova\r"),
		chromedp.WaitVisible(chromedp.ID("result-count")),
	)
	if got := text(t, v, ".case-list"); !strings.Contains(got, "Marina Sokolova") {
		t.Errorf("search from the error page found %q", got)
	}
}

// flatKeys lists the key paths of a JSON value: "photo.url" for an
// object's key, "sources[].title" for a key of the objects in an array.
func flatKeys(prefix string, v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out[p] = true
			flatKeys(p, val, out)
		}
	case []any:
		for _, el := range x {
			flatKeys(prefix+"[]", el, out)
		}
	}
}

// TestOpenDataPageExplainsWhatTheAPIAnswers: the open data page, linked
// from every page's footer, explains in the visitor's language every key
// the API answers for a full profile and for the list, every CSV column,
// every filter and feed, and the licence, which editors change as a site
// text in the studio. The keys come from the API itself, so a field the
// JSON gains fails this test until the page explains it.
func TestOpenDataPageExplainsWhatTheAPIAnswers(t *testing.T) {
	e := newEnv(t)
	publishFull(t, e)
	publishVariety(t, e)
	c := e.client()
	var one map[string]any
	if err := json.Unmarshal([]byte(c.get("/api/v1/cases/"+fullSlug).body), &one); err != nil {
		t.Fatal(err)
	}
	caseKeys := map[string]bool{}
	flatKeys("", one, caseKeys)
	var list map[string]any
	if err := json.Unmarshal([]byte(c.get("/api/v1/cases?per_page=1").body), &list); err != nil {
		t.Fatal(err)
	}
	listKeys := map[string]bool{}
	for k := range list {
		listKeys[k] = true
	}
	// Every case in the list has the keys of one case.
	for _, el := range list["cases"].([]any) {
		got := map[string]bool{}
		flatKeys("", el, got)
		for k := range got {
			if !caseKeys[k] {
				caseKeys[k] = true
			}
		}
	}
	csvHead, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.get("/api/v1/cases.csv").body, "\ufeff"))).Read()
	if err != nil {
		t.Fatal(err)
	}
	if len(caseKeys) < 30 || len(listKeys) != 5 || len(csvHead) < 20 {
		t.Fatalf("the API answered %d case keys, %d list keys, %d columns", len(caseKeys), len(listKeys), len(csvHead))
	}
	for _, lang := range []string{"ru", "en"} {
		home := c.get("/" + lang + "/").doc(t)
		href := home.Find(`footer a[href="/` + lang + `/open-data"]`)
		if href.Length() != 1 {
			t.Errorf("%s: the footer does not link the open data page", lang)
		}
		r := c.get("/" + lang + "/open-data")
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", lang, r.StatusCode)
		}
		d := r.doc(t)
		if d.Find("html").AttrOr("lang", "") != lang || d.Find("a.lang-switch").AttrOr("href", "") != "/"+map[string]string{"ru": "en", "en": "ru"}[lang]+"/open-data" {
			t.Errorf("%s: language or switch wrong", lang)
		}
		explained := func(table string) map[string]string {
			out := map[string]string{}
			d.Find("#" + table + " tbody tr").Each(func(_ int, tr *goquerySelection) {
				text := strings.TrimSpace(tr.Find("td").First().Text())
				tr.Find("th code").Each(func(_ int, code *goquerySelection) { out[code.Text()] = text })
			})
			return out
		}
		check := func(what, table string, keys map[string]bool) {
			page := explained(table)
			for k := range keys {
				text, ok := page[k]
				switch {
				case !ok:
					t.Errorf("%s: the page does not explain the %s %q", lang, what, k)
				case text == "" || strings.HasPrefix(text, "opendata."):
					t.Errorf("%s: the %s %q is explained as %q", lang, what, k, text)
				}
			}
			// Nor does it explain keys the API does not have.
			for k := range page {
				if !keys[k] {
					t.Errorf("%s: the page explains the %s %q, which the API does not answer", lang, what, k)
				}
			}
		}
		check("case key", "fields", caseKeys)
		check("list key", "list-keys", listKeys)
		cols := map[string]bool{}
		for _, col := range csvHead {
			cols[col] = true
		}
		check("CSV column", "csv-columns", cols)
		// The filters of the list, with examples that answer.
		filters := explained("filters")
		for _, f := range []string{"q", "status", "region", "article", "category", "year", "page", "per_page"} {
			if filters[f] == "" {
				t.Errorf("%s: the filter %s is not explained", lang, f)
			}
		}
		d.Find("#filters a, #addresses a").Each(func(_ int, a *goquerySelection) {
			if r := c.get(a.AttrOr("href", "")); r.StatusCode != 200 {
				t.Errorf("%s: the example %s answers %d", lang, a.AttrOr("href", ""), r.StatusCode)
			}
		})
		for _, feed := range []string{"/ru/feed.atom", "/en/feed.atom", "/api/v1/cases.csv"} {
			if d.Find(`#addresses code:contains("`+feed+`")`).Length() == 0 {
				t.Errorf("%s: the address %s is not listed", lang, feed)
			}
		}
		// The codes the fields hold, with their names.
		if !strings.Contains(d.Find("details.codes").Text(), "arkhangelsk-oblast") || !strings.Contains(d.Find("details.codes").Text(), "serving_sentence") {
			t.Errorf("%s: the codes are not listed", lang)
		}
		if got := d.Find(".licence").Text(); !strings.Contains(got, "CC BY 4.0") || d.Find(`.licence a[href^="https://creativecommons.org/licenses/by/4.0/"]`).Length() != 1 {
			t.Errorf("%s: the default licence is %q", lang, got)
		}
	}
	// An editor changes the licence in the studio's site texts; the page
	// says the new one at once, the other language keeps the default.
	ed := e.login("editor")
	form := ed.get("/studio/texts").doc(t)
	if ph := form.Find(`textarea[name="open_data_licence_en"]`).AttrOr("placeholder", ""); !strings.Contains(ph, "CC BY 4.0") {
		t.Errorf("the studio does not show the default licence: %q", ph)
	}
	v := url.Values{}
	form.Find("textarea").Each(func(_ int, ta *goquerySelection) { v.Set(ta.AttrOr("name", ""), ta.Text()) })
	v.Set("open_data_licence_en", "Public domain: [CC0 1.0](https://creativecommons.org/publicdomain/zero/1.0/).")
	if r := ed.post("/studio/texts", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the texts: %d", r.StatusCode)
	}
	if got := c.get("/en/open-data").doc(t).Find(".licence").Text(); !strings.Contains(got, "CC0 1.0") || strings.Contains(got, "CC BY") {
		t.Errorf("English licence after the edit: %q", got)
	}
	if got := c.get("/ru/open-data").doc(t).Find(".licence").Text(); !strings.Contains(got, "CC BY 4.0") {
		t.Errorf("Russian licence after the English edit: %q", got)
	}
}

// TestBrowserOpenDataFromTheFooter: a visitor clicks "Open data" at the
// foot of a profile, reads the page in English, switches it to Russian,
// and opens the CSV's column list there.
func TestBrowserOpenDataFromTheFooter(t *testing.T) {
	e := newEnv(t)
	publishFull(t, e)
	b := browser(t)
	v := person(t, b)
	must(t, v,
		chromedp.Navigate(e.srv.URL+"/en/cases/"+fullSlug),
		chromedp.Click(chromedp.CSS(`footer a[href="/en/open-data"]`)),
		chromedp.WaitVisible(chromedp.ID("fields")),
	)
	if got := text(t, v, "main h1"); got != "Open data" {
		t.Errorf("heading %q", got)
	}
	must(t, v,
		chromedp.Click(chromedp.CSS("a.lang-switch")),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="ru"] #fields`)),
		chromedp.Click(chromedp.CSS(`.toc a[href="#codes-h"]`)),
		chromedp.Click(chromedp.CSS("details.codes summary")),
		chromedp.WaitVisible(chromedp.CSS("details.codes[open] table")),
	)
	if got := text(t, v, "main h1"); got != "Открытые данные" {
		t.Errorf("heading %q", got)
	}
	if got := text(t, v, "details.codes[open] table"); !strings.Contains(got, "political_prisoner") {
		t.Errorf("the statuses %q", got)
	}
}
