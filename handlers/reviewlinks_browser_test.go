package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"casebook/content"
	"casebook/i18n"
)

// TestBrowserReviewLinkGuestComments is the review link in
// Chromium: an editor opens the case's review links from its page, makes
// a comment link by clicking, and reads its address off the page; a
// guest in a browser of their own, with no cookie of the studio, opens
// it, sees the confidential draft banner and the draft's photo, switches
// the language, is refused a comment without a name with the text kept,
// and leaves one signed with a name; the editor finds it in the case's
// thread marked as external with the link's label. The studio page and
// the guest's pages fit a phone, pass axe and the Nu HTML Checker.
func TestBrowserReviewLinkGuestComments(t *testing.T) {
	e := newEnv(t)
	id := fullDraft(t, e)
	b := browser(t)
	dir := t.TempDir()
	var files []string

	ed := person(t, b)
	e.browserLogin(t, ed, "editor")
	must(t, ed,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.ID("review-links-link")),
		chromedp.Click(chromedp.ID("review-links-link")),
		chromedp.WaitVisible(chromedp.ID("link-label")),
	)
	// Too long a life is refused beside its input, with the label kept.
	must(t, ed,
		chromedp.SendKeys(chromedp.ID("link-label"), "defence lawyer"),
		chromedp.SetValue(chromedp.ID("link-hours"), "400"),
		chromedp.Click(chromedp.CSS(`#new-link button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("link-hours-error")),
	)
	if v, _ := chromedp.Run(ed, chromedp.Value(chromedp.ID("link-label"))); v != "defence lawyer" {
		t.Errorf("the refused form kept the label %q", v)
	}
	files = append(files, pageFile(t, ed, dir, "studio-refused"))
	axeClean(t, ed, "the refused link form", "html")
	must(t, ed,
		chromedp.SetValue(chromedp.ID("link-hours"), "48"),
		chromedp.Click(chromedp.CSS(`#new-link button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("created-url")),
	)
	link, err := chromedp.Run(ed, chromedp.Value(chromedp.ID("created-url")))
	if err != nil || !strings.HasPrefix(link, e.srv.URL+"/review/") {
		t.Fatalf("the page shows the link %q (%v)", link, err)
	}
	must(t, ed, chromedp.EmulateViewport(phoneWidth, 800))
	fitsThePhone(t, ed, "the new link's page")
	must(t, ed, chromedp.EmulateReset())
	files = append(files, pageFile(t, ed, dir, "studio-created"))
	axeClean(t, ed, "the new link's page", "html")
	// Shown once: the list, loaded again, does not show it.
	must(t, ed, chromedp.Navigate(e.srv.URL+casePath(id)+"/review-links"), chromedp.WaitVisible(chromedp.ID("live-links")))
	if html, _ := chromedp.Run(ed, chromedp.OuterHTML(chromedp.CSS("html"))); strings.Contains(html, link) {
		t.Errorf("the list shows the link again")
	}
	if got := text(t, ed, "#live-links"); !strings.Contains(got, "defence lawyer") {
		t.Errorf("the live links: %q", got)
	}

	guest := person(t, b)
	must(t, guest,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.ID("review-banner")),
	)
	if got := text(t, guest, "#review-banner"); !strings.Contains(got, "Confidential draft") {
		t.Errorf("the banner: %q", got)
	}
	if w, _ := chromedp.Run(guest, chromedp.Evaluate[int](`document.querySelector("figure.portrait img").naturalWidth`)); w == 0 {
		t.Errorf("the draft's photo does not load for the guest")
	}
	if c, _ := chromedp.Run(guest, chromedp.Evaluate[string](`document.cookie`)); c != "" {
		t.Errorf("the guest has cookies: %q", c)
	}
	must(t, guest, chromedp.EmulateViewport(phoneWidth, 800))
	fitsThePhone(t, guest, "the guest's page")
	must(t, guest, chromedp.EmulateReset())
	files = append(files, pageFile(t, guest, dir, "guest"))
	axeClean(t, guest, "the guest's page", "html")
	must(t, guest,
		chromedp.Click(chromedp.CSS("a.lang-switch")),
		chromedp.WaitVisible(chromedp.ID("review-banner")),
	)
	if got := text(t, guest, "#review-banner"); !strings.Contains(got, "Конфиденциальный черновик") {
		t.Errorf("after switching the language the banner says %q", got)
	}
	must(t, guest,
		chromedp.Click(chromedp.CSS("a.lang-switch")),
		chromedp.WaitVisible(chromedp.ID("guest-comment")),
		chromedp.SendKeys(chromedp.ID("guest-comment"), "The date of the arrest is 14 May, not 15."),
		chromedp.Click(chromedp.CSS(`#comment button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("guest-name-error")),
	)
	if v, _ := chromedp.Run(guest, chromedp.Value(chromedp.ID("guest-comment"))); v != "The date of the arrest is 14 May, not 15." {
		t.Errorf("the refused comment kept %q", v)
	}
	files = append(files, pageFile(t, guest, dir, "guest-refused"))
	axeClean(t, guest, "the guest's refused comment", "html")
	must(t, guest,
		chromedp.SendKeys(chromedp.ID("guest-name"), "Anna Petrova"),
		chromedp.Click(chromedp.CSS(`#comment button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("comment-sent")),
	)
	files = append(files, pageFile(t, guest, dir, "guest-sent"))

	must(t, ed,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.ID("thread-h")),
	)
	who := text(t, ed, ".thread li .who")
	// The browser asks for English.
	if !strings.HasPrefix(who, "Anna Petrova "+i18n.New().Printer(content.EN).T("reviewlink.external", "defence lawyer")+" · ") {
		t.Errorf("the thread shows the comment as by %q", who)
	}
	if got := text(t, ed, ".thread li p"); got != "The date of the arrest is 14 May, not 15." {
		t.Errorf("the thread shows %q", got)
	}
	files = append(files, pageFile(t, ed, dir, "thread"))
	axeClean(t, ed, "the thread with a guest's comment", ".thread")

	// The link ends: the guest's next visit says so, without saying why.
	must(t, ed,
		chromedp.Navigate(e.srv.URL+casePath(id)+"/review-links"),
		chromedp.WaitVisible(chromedp.CSS("#live-links form button")),
		chromedp.Click(chromedp.CSS("#live-links form button")),
		chromedp.WaitVisible(chromedp.ID("ended-links")),
	)
	files = append(files, pageFile(t, ed, dir, "studio-ended"))
	axeClean(t, ed, "the list with an ended link", "html")
	must(t, guest, chromedp.Navigate(link+"?lang=en"), chromedp.WaitVisible(chromedp.ID("guest-ended")))
	files = append(files, pageFile(t, guest, dir, "guest-ended"))
	axeClean(t, guest, "the ended link's page", "html")
	checkHTML(t, files)
}
