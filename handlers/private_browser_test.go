package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPrivateFields: in Chromium, a lawyer follows the case page's
// link to the private fields, types into each, saves and finds them kept,
// also after opening the page again; a save that meets someone else's
// shows both texts and saves on the second press; a value too long is
// refused beside its field. Every state of the page fits a phone, passes
// the Nu HTML Checker and axe. A researcher who did not start the case
// has no link, and the page answers 403.
func TestBrowserPrivateFields(t *testing.T) {
	e := newEnv(t)
	id := e.createCase(e.login("researcher"), caseForm())
	e.extra("other", "researcher")
	b := browser(t)
	law := person(t, b)
	e.browserLogin(t, law, "lawyer")
	typed := map[string]string{
		"private_family_contact":     "Сестра Ольга, +7 900 000-11-22",
		"private_lawyer_contact":     "Counsel Petrova, Signal @petrova",
		"private_source_reliability": "B2: the sister, confirmed by the verdict",
		"private_notes":              "Do not call in the daytime.\nThe family fears a search.",
	}
	must(t, law,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.ID("private-link")),
		chromedp.Click(chromedp.ID("private-link")),
		chromedp.WaitVisible(chromedp.ID("private-form")),
	)
	for _, name := range privateInputs {
		must(t, law, chromedp.SendKeys(chromedp.ID(name), typed[name]))
	}
	must(t, law, chromedp.Click(chromedp.CSS(`#private-form button[type="submit"]`)), chromedp.WaitVisible(chromedp.ID("flash")))
	kept := func(when string) {
		t.Helper()
		for _, name := range privateInputs {
			got, err := chromedp.Run(law, chromedp.Value(chromedp.ID(name)))
			if err != nil || got != typed[name] {
				t.Errorf("%s: %s holds %q (%v), want %q", when, name, got, err, typed[name])
			}
		}
	}
	kept("after saving")
	if loc, _ := chromedp.Run(law, chromedp.Location()); !strings.HasSuffix(loc, privatePath(id)) {
		t.Errorf("after saving the browser is at %s", loc)
	}
	must(t, law, chromedp.Navigate(e.srv.URL+privatePath(id)), chromedp.WaitVisible(chromedp.ID("private-form")))
	kept("opened again")
	dir := t.TempDir()
	files := []string{pageFile(t, law, dir, "private")}
	axeClean(t, law, "the private fields", "body")
	must(t, law, chromedp.EmulateViewport(phoneWidth, 800))
	fitsThePhone(t, law, "the private fields")

	// Someone saves the notes while the lawyer changes them too.
	if r := fillPrivate(t, e.login("editor"), id, map[string]string{"private_notes": "The editor's notes"}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the editor's save: %d", r.StatusCode)
	}
	must(t, law,
		chromedp.SetValue(chromedp.ID("private_notes"), "The lawyer's notes"),
		chromedp.Click(chromedp.CSS(`#private-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("private-error")),
	)
	if got, _ := chromedp.Run(law, chromedp.Value(chromedp.ID("private_notes"))); got != "The lawyer's notes" {
		t.Errorf("the conflict page's notes: %q", got)
	}
	if got := text(t, law, "#private_notes-note .diff-current"); got != "The editor's notes" {
		t.Errorf("the conflict page shows theirs as %q", got)
	}
	fitsThePhone(t, law, "the private fields in conflict")
	files = append(files, pageFile(t, law, dir, "private-conflict"))
	axeClean(t, law, "the private fields in conflict", "body")
	must(t, law, chromedp.Click(chromedp.CSS(`#private-form button[type="submit"]`)), chromedp.WaitVisible(chromedp.ID("flash")))
	if p, _ := e.st.ReadPrivate(context.Background(), e.users["admin"], id); p.Field("notes").Value != "The lawyer's notes" {
		t.Errorf("after the second press the notes are %q", p.Field("notes").Value)
	}

	// A value too long.
	must(t, law,
		chromedp.SetValue(chromedp.ID("private_family_contact"), strings.Repeat("я", 2001)),
		chromedp.Click(chromedp.CSS(`#private-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("private_family_contact-error")),
	)
	fitsThePhone(t, law, "the private fields with a value too long")
	files = append(files, pageFile(t, law, dir, "private-too-long"))
	axeClean(t, law, "the private fields with a value too long", "body")
	checkHTML(t, files)

	// A researcher who did not start the case.
	other := person(t, b)
	e.browserLogin(t, other, "other")
	must(t, other, chromedp.Navigate(e.srv.URL+casePath(id)), chromedp.WaitVisible(chromedp.ID("case-state")))
	if n, _ := chromedp.Run(other, chromedp.Evaluate[int](`document.querySelectorAll('a[href$="/private"], #private-link').length`)); n != 0 {
		t.Errorf("another researcher sees %d links to the private fields", n)
	}
	must(t, other, chromedp.Navigate(e.srv.URL+privatePath(id)), chromedp.WaitReady(chromedp.ID("main")))
	if n, _ := chromedp.Run(other, chromedp.Evaluate[int](`document.querySelectorAll("#private-form, textarea").length`)); n != 0 || text(t, other, "h1") != "Not allowed" {
		t.Errorf("another researcher's page: %q", text(t, other, "main"))
	}
	if r := e.login("other").get(privatePath(id)); r.StatusCode != http.StatusForbidden {
		t.Errorf("another researcher: %d", r.StatusCode)
	}
}
