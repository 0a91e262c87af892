package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserConsentBlocksAndTakedownRemoves: in Chromium an editor opens
// the consent page from a case's page, sends the consent form empty (and
// reads the messages beside its inputs), records the family's refusal of
// the photo, and back on the case page finds no publish button and the
// reason where it was, with the consent beside it. Then the editor
// decides a takedown request of a published case "removed", and its
// public profile answers 410. The consent page, its refusal and the case
// page pass the Nu HTML Checker and axe-core.
func TestBrowserConsentBlocksAndTakedownRemoves(t *testing.T) {
	e := newEnv(t)
	id := photoCaseReady(t, e, "Мария Фотова", "Maria Fotova")
	pub := e.publish(caseForm())
	req := registerTakedown(t, e, e.login("researcher"), pub, "The sister", "Everything, please", "everything")
	profile := "/en/cases/" + e.detail(pub).Case.PublicSlug
	if r := e.client().get(profile); r.StatusCode != http.StatusOK {
		t.Fatalf("the profile before: %d", r.StatusCode)
	}

	b := browser(t)
	ed := person(t, b)
	e.browserLogin(t, ed, "editor")
	dir := t.TempDir()
	var files []string
	must(t, ed,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="request_changes"]`)),
	)
	if n, _ := chromedp.Run(ed, chromedp.Evaluate[int](`document.querySelectorAll('button[value="publish"]').length`)); n != 1 {
		t.Fatalf("before the refusal: %d publish buttons", n)
	}
	must(t, ed,
		chromedp.Click(chromedp.CSS(`#consent-state a`)),
		chromedp.WaitVisible(chromedp.ID("consent-form")),
	)
	files = append(files, pageFile(t, ed, dir, "consent"))
	axeClean(t, ed, "the consent page", "main")

	// Sent empty: a message beside each choice, nothing recorded.
	must(t, ed,
		chromedp.SetValue(chromedp.ID("consent-note"), "The mother said no on the phone"),
		chromedp.Click(chromedp.CSS(`#consent-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("consent-form-error")),
	)
	for _, sel := range []string{"#party-error", "#subject-error", "#decision-error", "#decided_on-error"} {
		if n, _ := chromedp.Run(ed, chromedp.Evaluate[int](`document.querySelectorAll('`+sel+`').length`)); n != 1 {
			t.Errorf("the empty form shows no %s", sel)
		}
	}
	if got, _ := chromedp.Run(ed, chromedp.Evaluate[string](`document.getElementById("consent-note").value`)); got != "The mother said no on the phone" {
		t.Errorf("the note after the refusal: %q", got)
	}
	files = append(files, pageFile(t, ed, dir, "consent_refused"))
	axeClean(t, ed, "the refused consent form", "main")

	must(t, ed,
		chromedp.Click(chromedp.CSS(`#consent-form input[name="party"][value="family"]`)),
		chromedp.Click(chromedp.CSS(`#consent-form input[name="subject"][value="photo"]`)),
		chromedp.Click(chromedp.CSS(`#consent-form input[name="decision"][value="refused"]`)),
		chromedp.SendKeys(chromedp.ID("decided_on"), "2025-05-03"),
		chromedp.Click(chromedp.CSS(`#consent-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("flash")),
		chromedp.WaitVisible(chromedp.ID("consent-current")),
	)
	if got := text(t, ed, "#consent-current"); !strings.Contains(got, "refused") || !strings.Contains(got, "The mother said no on the phone") {
		t.Errorf("the consent in force: %q", got)
	}
	must(t, ed,
		chromedp.Click(chromedp.CSS(`main .meta a`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	if n, _ := chromedp.Run(ed, chromedp.Evaluate[int](`document.querySelectorAll('button[value="publish"]').length`)); n != 0 {
		t.Error("the publish button is still offered")
	}
	// The reason is in the actions panel, beside the consent in force.
	reason, _ := chromedp.Run(ed, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('.actions .withheld')).map(e => e.textContent).join(" ")`))
	if !strings.Contains(reason, "Publish: consent to the photo was refused") || !strings.Contains(reason, "Remove the photo") {
		t.Errorf("the reason beside the buttons: %q", reason)
	}
	if got := text(t, ed, ".actions #consent-photo"); !strings.Contains(got, "refused") || !strings.Contains(got, "the family") {
		t.Errorf("the consent beside the buttons: %q", got)
	}
	files = append(files, pageFile(t, ed, dir, "case"))
	axeClean(t, ed, "the consent on the case page", "#consent-state")

	// The takedown of the published case.
	// Sent without its reason first: the message is beside the reason.
	must(t, ed,
		chromedp.Navigate(e.srv.URL+consentPath(pub)),
		chromedp.WaitVisible(chromedp.ID("decide-"+i64(req)+"-form")),
		chromedp.Click(chromedp.CSS(`#decide-`+i64(req)+`-form input[value="removed"]`)),
		chromedp.Click(chromedp.CSS(`#decide-`+i64(req)+`-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("decide-"+i64(req)+"-reason-error")),
	)
	if e.detail(pub).Live == nil {
		t.Fatal("a decision without its reason took the case down")
	}
	files = append(files, pageFile(t, ed, dir, "decide_refused"))
	axeClean(t, ed, "the refused decision form", "main")
	must(t, ed,
		chromedp.SendKeys(chromedp.ID("decide-"+i64(req)+"-reason"), "The family is at risk"),
		chromedp.Click(chromedp.CSS(`#decide-`+i64(req)+`-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("flash")),
	)
	if got := text(t, ed, "#flash"); !strings.Contains(got, "410") {
		t.Errorf("flash after the decision: %q", got)
	}
	files = append(files, pageFile(t, ed, dir, "consent_decided"))
	axeClean(t, ed, "the takedown register", "main")
	if r := e.client().get(profile); r.StatusCode != http.StatusGone {
		t.Errorf("the profile after the decision: %d", r.StatusCode)
	}
	visitor := person(t, b)
	must(t, visitor, chromedp.Navigate(e.srv.URL+profile), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := text(t, visitor, "main h1"); got != "Profile removed" {
		t.Errorf("the visitor reads %q", got)
	}
	checkHTML(t, files)
}
