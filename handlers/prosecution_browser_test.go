package handlers_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"casebook/store"
	"casebook/workflow"
)

// byName selects a form control by its name; the names of prosecution
// inputs hold dots, which an #id selector would read as classes.
func byName(name string) chromedp.CSS { return chromedp.CSS(`[name="` + name + `"]`) }

// formShots saves full screenshots of the page at a desk's and a phone's
// width into CASEBOOK_SHOTS (CASEBOOK_SHOTS=/tmp/shots-form), to look at;
// without it, none.
func formShots(t *testing.T, p context.Context, name string) {
	t.Helper()
	dir := os.Getenv("CASEBOOK_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int64{1280, phoneWidth} {
		must(t, p, chromedp.EmulateViewport(w, 900))
		full, err := chromedp.Run(p, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+itoa(int(w))+".png"), full, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must(t, p, chromedp.EmulateReset())
}

// TestBrowserSecondProsecutionAndGroup is the researcher in
// Chromium: on a new case they type the name and the first prosecution's
// articles, click "Add a prosecution" (the form comes back with their
// text and a second prosecution, without asking before leaving), fill
// the second one's articles with a part and choose its case group, add a
// third and remove it again, and save. The saved revision holds the two
// prosecutions, parts and group intact. The form with two prosecutions
// fits a phone's screen, and passes the Nu HTML Checker and axe.
func TestBrowserSecondProsecutionAndGroup(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	group := "ufa-hizb-ut-tahrir-2015"
	if err := e.st.AddRef(ctx, e.users["editor"], store.RefGroups, store.RefInput{Code: group,
		NameRU: "Уфимское дело «Хизб ут-Тахрир» (2015)", NameEN: "The Ufa Hizb ut-Tahrir case (2015)",
		DescEN: "Five men from Bashkiria prosecuted together."}); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	l := personLeaving(t, b)
	p := l.ctx
	e.browserLogin(t, p, "researcher")
	must(t, p,
		chromedp.Navigate(e.srv.URL+"/studio/cases/new"),
		chromedp.WaitVisible(chromedp.ID("name_en")),
		chromedp.SendKeys(chromedp.ID("name_en"), "Rinat Second"),
		chromedp.SendKeys(chromedp.ID("headline_en"), "Two prosecutions, one of them a group case"),
		chromedp.SendKeys(chromedp.ID("body_en"), "## Who is Rinat Second\n\nA teacher from Ufa."),
		chromedp.SendKeys(chromedp.ID("articles"), "280.3 ч.1"),
		chromedp.SendKeys(chromedp.ID("sentenced_on"), "2024-09-19"),
	)
	if n, _ := chromedp.Run(p, chromedp.Evaluate[int](`document.querySelectorAll("fieldset.prosecution").length`)); n != 1 {
		t.Fatalf("a new case shows %d prosecutions, want 1", n)
	}
	if n, _ := chromedp.Run(p, chromedp.Evaluate[int](`document.querySelectorAll('button[name="prosecution_remove"]').length`)); n != 0 {
		t.Errorf("the only prosecution offers to be removed")
	}
	must(t, p,
		chromedp.Click(chromedp.ID("prosecution-add")),
		chromedp.WaitVisible(chromedp.ID("prosecution-1")),
	)
	if l.asked.Load() != 0 {
		t.Error("adding a prosecution asked before leaving the page")
	}
	if got, _ := chromedp.Run(p, chromedp.Value(chromedp.ID("name_en"))); got != "Rinat Second" {
		t.Errorf("the name after adding a prosecution: %q", got)
	}
	if got, _ := chromedp.Run(p, chromedp.Value(chromedp.ID("articles"))); got != "280.3 ч.1" {
		t.Errorf("the first prosecution's articles after adding one: %q", got)
	}
	if n, _ := chromedp.Run(p, chromedp.Evaluate[int](`document.querySelectorAll("fieldset.prosecution").length`)); n != 2 {
		t.Fatalf("%d prosecutions after adding one, want 2", n)
	}
	if e.caseCount(t) != 0 {
		t.Fatal("adding a prosecution saved the case")
	}
	must(t, p,
		chromedp.SendKeys(byName("prosecutions.1.articles"), "282.2 ч.2"),
		chromedp.SetValue(byName("prosecutions.1.group"), group),
		chromedp.SendKeys(byName("prosecutions.1.verdict_on"), "2025-03"),
		chromedp.SetValue(byName("prosecutions.1.sentence.kind"), "colony"),
		chromedp.SendKeys(byName("prosecutions.1.sentence.months"), "78"),
		chromedp.SetValue(byName("prosecutions.1.sentence.regime"), "strict"),
	)
	formShots(t, p, "case-form-two-prosecutions")
	must(t, p, chromedp.EmulateViewport(phoneWidth, 800))
	fitsThePhone(t, p, "the case form with two prosecutions")
	must(t, p, chromedp.EmulateReset())
	dir := t.TempDir()
	files := []string{pageFile(t, p, dir, "two-prosecutions")}
	axeClean(t, p, "the case form with two prosecutions", "form.case-form")

	// A third, removed again: the two typed stay as they were.
	must(t, p,
		chromedp.Click(chromedp.ID("prosecution-add")),
		chromedp.WaitVisible(chromedp.ID("prosecution-2")),
		chromedp.SendKeys(byName("prosecutions.2.articles"), "207.3"),
		chromedp.Click(chromedp.CSS(`#prosecution-2 button[name="prosecution_remove"]`)),
		chromedp.WaitNotPresent(chromedp.ID("prosecution-2")),
	)
	if got, _ := chromedp.Run(p, chromedp.Value(byName("prosecutions.1.articles"))); got != "282.2 ч.2" {
		t.Errorf("the second prosecution's articles after removing the third: %q", got)
	}
	if got, _ := chromedp.Run(p, chromedp.Value(byName("prosecutions.1.group"))); got != group {
		t.Errorf("the second prosecution's group after removing the third: %q", got)
	}
	if l.asked.Load() != 0 {
		t.Error("adding or removing a prosecution asked before leaving the page")
	}
	// The page holds text no revision holds: leaving it asks, as after
	// typing; staying keeps it.
	l.stay.Store(true)
	must(t, p, chromedp.Click(chromedp.CSS(`.site-nav a[href="/studio/"]`)))
	l.waitAsked(t, 1)
	time.Sleep(200 * time.Millisecond)
	if loc, _ := chromedp.Run(p, chromedp.Location()); !strings.HasSuffix(loc, "/studio/cases/new") {
		t.Fatalf("after choosing to stay the browser is at %s", loc)
	}
	// A term that is no number is refused beside its input, as typed.
	must(t, p,
		chromedp.SetValue(byName("prosecutions.1.sentence.months"), "шесть лет"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[id="prosecutions.1.sentence.months-error"]`)),
	)
	if got, _ := chromedp.Run(p, chromedp.Value(byName("prosecutions.1.sentence.months"))); got != "шесть лет" {
		t.Errorf("the refused term comes back as %q", got)
	}
	formShots(t, p, "case-form-refused-term")
	must(t, p,
		chromedp.SetValue(byName("prosecutions.1.sentence.months"), "78"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	if l.asked.Load() != 1 {
		t.Error("saving asked before leaving the page")
	}
	loc, _ := chromedp.Run(p, chromedp.Location())
	var id int64
	fmtSscan(strings.TrimPrefix(loc, e.srv.URL), &id)
	if id == 0 {
		t.Fatalf("saved to %s", loc)
	}
	ps := e.detail(id).Working.Content.Prosecutions
	if len(ps) != 2 {
		t.Fatalf("the saved revision holds %d prosecutions: %+v", len(ps), ps)
	}
	if !slices.Equal(ps[0].Articles, []string{"280.3 ч.1"}) || ps[0].VerdictOn != "2024-09-19" || ps[0].Group != "" {
		t.Errorf("the first prosecution: %+v", ps[0])
	}
	if !slices.Equal(ps[1].Articles, []string{"282.2 ч.2"}) || ps[1].Group != group || ps[1].VerdictOn != "2025-03" ||
		ps[1].Sentence.Kind != "colony" || ps[1].Sentence.Months != 78 || ps[1].Sentence.Regime != "strict" {
		t.Errorf("the second prosecution: %+v", ps[1])
	}
	// The case page shows both to the reviewers.
	if got := text(t, p, "#case-prosecution-2"); !strings.Contains(got, "282.2 ч.2") || !strings.Contains(got, "Hizb ut-Tahrir") {
		t.Errorf("the case page's second prosecution: %q", got)
	}
	formShots(t, p, "case-page-two-prosecutions")
	must(t, p, chromedp.EmulateViewport(phoneWidth, 800))
	fitsThePhone(t, p, "the case page with two prosecutions")
	must(t, p, chromedp.EmulateReset())
	files = append(files, pageFile(t, p, dir, "case-page"))

	// The lawyer chooses which prosecution the review assesses.
	if r := e.transition(e.login("researcher"), id, workflow.Submit, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.StatusCode)
	}
	law := person(t, b)
	e.browserLogin(t, law, "lawyer")
	must(t, law,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.ID("review-prosecution")),
		chromedp.SetValue(chromedp.ID("review-prosecution"), "2"),
	)
	formShots(t, law, "review-two-prosecutions")
	must(t, law, chromedp.EmulateViewport(phoneWidth, 800))
	fitsThePhone(t, law, "the review of a case with two prosecutions")
	must(t, law, chromedp.EmulateReset())
	files = append(files, pageFile(t, law, dir, "review"))
	axeClean(t, law, "the review form", "#review")
	checkHTML(t, files)
}

// axeClean runs axe-core on the part of the page sel names and fails on
// any WCAG 2.1 A/AA violation.
func axeClean(t *testing.T, p context.Context, where, sel string) {
	t.Helper()
	t.Run("axe "+where, func(t *testing.T) {
		axe, err := os.ReadFile(webTool(t, "CASEBOOK_AXE_JS", "axe-core (npm axe-core)"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(p, chromedp.Evaluate[any](string(axe))); err != nil {
			t.Fatalf("loading axe: %v", err)
		}
		res, err := chromedp.Run(p, chromedp.Evaluate[string](`axe.run(`+"`"+sel+"`"+`, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
			.then(r => JSON.stringify(r.violations.map(x => ({id: x.id, help: x.help, nodes: x.nodes.slice(0, 3).map(n => n.target.join(" "))}))))`, chromedp.EvalAwaitPromise))
		if err != nil || res != "[]" {
			t.Errorf("%s: %s %v", where, res, err)
		}
	})
}

// caseCount counts the cases in the studio.
func (e *env) caseCount(t *testing.T) int {
	t.Helper()
	cases, err := e.st.StudioCases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(cases)
}
