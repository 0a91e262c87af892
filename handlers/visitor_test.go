package handlers_test

import (
	"context"
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
