package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRestoreARevision clicks Restore on the history page in
// Chromium: the old revision comes back as a new working revision, and the
// compare buttons, which live in another form, still compare. (Restore was
// once a form nested inside the compare form; the browser dropped it and
// the button sent Compare instead, while a handler test that posted the
// form directly passed.)
func TestBrowserRestoreARevision(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	first := caseForm().Get("headline_en")
	for _, headline := range []string{"A second headline", "A third headline"} {
		form := caseForm()
		form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
		form.Set("headline_en", headline)
		if r := res.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.StatusCode)
		}
	}
	if n := e.detail(id).Working.Number; n != 3 {
		t.Fatalf("working revision %d, want 3", n)
	}

	b := browser(t)
	p := person(t, b)
	e.browserLogin(t, p, "researcher")
	must(t, p,
		chromedp.Navigate(e.srv.URL+casePath(id)+"/history"),
		chromedp.WaitVisible(chromedp.ID("rev-1")),
	)
	// The working revision has no Restore; the two older ones do, each a
	// form of its own in the DOM.
	if n, _ := chromedp.Run(p, chromedp.Evaluate[int](`document.querySelectorAll("#rev-1 form.restore button, #rev-2 form.restore button").length`)); n != 2 {
		t.Fatalf("%d restore forms in the DOM, want 2", n)
	}
	must(t, p,
		chromedp.Click(chromedp.CSS(`#rev-1 form.restore button`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	loc, _ := chromedp.Run(p, chromedp.Location())
	if !strings.HasSuffix(loc, casePath(id)) {
		t.Errorf("after Restore the browser is at %s", loc)
	}
	if got := text(t, p, "#flash"); !strings.Contains(got, "estored") {
		t.Errorf("no restored message: %q", got)
	}
	d := e.detail(id)
	if d.Working.Number != 4 || d.Working.Content.EN.Headline != first {
		t.Fatalf("after Restore: revision %d with headline %q, want 4 with %q", d.Working.Number, d.Working.Content.EN.Headline, first)
	}

	// Compare the restored revision with the first: the radio buttons
	// outside the compare form still belong to it.
	must(t, p,
		chromedp.Navigate(e.srv.URL+casePath(id)+"/history"),
		chromedp.WaitVisible(chromedp.ID("rev-4")),
		chromedp.Click(chromedp.CSS(`#rev-1 input[name="a"]`)),
		chromedp.Click(chromedp.CSS(`#rev-4 input[name="b"]`)),
		chromedp.Click(chromedp.CSS(`#compare button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".lede")),
	)
	loc, _ = chromedp.Run(p, chromedp.Location())
	if u, err := url.Parse(loc); err != nil || u.Path != casePath(id)+"/compare" || u.Query().Get("a") != "1" || u.Query().Get("b") != "4" {
		t.Errorf("Compare went to %s", loc)
	}
	if n, _ := chromedp.Run(p, chromedp.Evaluate[int](`document.querySelectorAll("#compare-same").length`)); n != 1 {
		t.Errorf("revision 4 differs from revision 1 after restoring it")
	}
}
