package handlers_test

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"
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
