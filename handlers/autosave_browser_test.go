package handlers_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// leaver is a person whose case form may ask before it is left: each
// such question is answered as stay says, and counted. Any other dialog
// fails the test, as with person.
type leaver struct {
	ctx   context.Context
	asked atomic.Int32
	stay  atomic.Bool
}

func personLeaving(t *testing.T, b context.Context) *leaver {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	l := &leaver{ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		d, ok := ev.(*page.EventJavascriptDialogOpening)
		if !ok {
			return
		}
		accept := false
		if d.Type == page.DialogTypeBeforeunload {
			l.asked.Add(1)
			accept = !l.stay.Load()
		} else {
			t.Errorf("a page opened a JavaScript dialog: %s %q", d.Type, d.Message)
		}
		// A listener must not send commands itself.
		go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept})
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// waitAsked waits until the page has asked n times before being left.
func (l *leaver) waitAsked(t *testing.T, n int32) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); l.asked.Load() < n; {
		if time.Now().After(deadline) {
			t.Fatalf("the page asked %d times before being left, want %d", l.asked.Load(), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// keepNow makes the form's script send its copy now instead of in 20
// seconds, and waits until the page says it was kept.
var keepNow = chromedp.Steps(
	chromedp.Evaluate[chromedp.Void](`document.getElementById("autosave-status").textContent = ""; document.dispatchEvent(new Event("visibilitychange"))`),
	chromedp.Poll[chromedp.Void](`document.getElementById("autosave-status").textContent !== ""`, chromedp.WithPollingTimeout(10*time.Second)),
)

// TestBrowserAutosaveAndLeaving: a researcher types a new case; the
// script keeps a copy on the server; typing on and clicking Dashboard
// asks first (staying keeps the page, leaving leaves); back on New case
// the copy is offered, Restore brings the text back, and saving it ends
// the copy. Saving never asks.
func TestBrowserAutosaveAndLeaving(t *testing.T) {
	e := newEnv(t)
	b := browser(t)
	l := personLeaving(t, b)
	p := l.ctx
	e.browserLogin(t, p, "researcher")
	must(t, p,
		chromedp.Navigate(e.srv.URL+"/studio/cases/new"),
		chromedp.WaitVisible(chromedp.ID("body_en")),
		chromedp.SendKeys(chromedp.ID("name_en"), "Aleksandr Akimushkin"),
		chromedp.SendKeys(chromedp.ID("headline_en"), "A blogger has been sentenced"),
		chromedp.SendKeys(chromedp.ID("body_en"), "The first paragraph, kept by the script."),
		keepNow,
	)
	if got := text(t, p, "#autosave-status"); !strings.Contains(got, "UTC") {
		t.Errorf("the status after the copy: %q", got)
	}
	shot(t, p, "autosave-status")
	dir := t.TempDir()
	files := []string{pageFile(t, p, dir, "status")}
	cp, _, err := e.st.Autosave(context.Background(), e.users["researcher"].ID, 0)
	if err != nil || cp == nil || cp.Form.Get("body_en") != "The first paragraph, kept by the script." {
		t.Fatalf("the copy on the server: %+v (%v)", cp, err)
	}
	if l.asked.Load() != 0 {
		t.Fatal("the page asked before anything happened")
	}

	// Typing on, then a click on Dashboard: the page asks; staying
	// keeps it.
	l.stay.Store(true)
	must(t, p,
		chromedp.SendKeys(chromedp.ID("body_en"), " And a second, typed after."),
		chromedp.Click(chromedp.CSS(`.site-nav a[href="/studio/"]`)),
	)
	l.waitAsked(t, 1)
	time.Sleep(300 * time.Millisecond)
	if loc, _ := chromedp.Run(p, chromedp.Location()); !strings.HasSuffix(loc, "/studio/cases/new") {
		t.Fatalf("after choosing to stay the browser is at %s", loc)
	}
	// Leaving, this time.
	l.stay.Store(false)
	must(t, p,
		chromedp.Click(chromedp.CSS(`.site-nav a[href="/studio/"]`)),
		chromedp.WaitVisible(chromedp.CSS(".waiting")),
	)
	l.waitAsked(t, 2)

	must(t, p,
		chromedp.Click(chromedp.CSS(`.site-nav a[href="/studio/cases/new"]`)),
		chromedp.WaitVisible(chromedp.ID("autosave-offer")),
	)
	shot(t, p, "autosave-offer")
	files = append(files, pageFile(t, p, dir, "offer"))
	must(t, p,
		chromedp.Click(chromedp.ID("autosave-restore")),
		chromedp.WaitVisible(chromedp.ID("form-notice")),
	)
	body, err := chromedp.Run(p, chromedp.Value(chromedp.ID("body_en")))
	if err != nil || !strings.HasPrefix(body, "The first paragraph, kept by the script.") {
		t.Fatalf("restored body %q (%v)", body, err)
	}
	// The page being left sent what was typed after the copy too.
	if !strings.Contains(body, "And a second") {
		t.Logf("the copy sent while leaving did not arrive: %q", body)
	}
	shot(t, p, "autosave-restored")
	files = append(files, pageFile(t, p, dir, "restored"))
	asked := l.asked.Load()
	must(t, p,
		chromedp.SendKeys(chromedp.ID("body_en"), " Finished."),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	if l.asked.Load() != asked {
		t.Error("saving the form asked before leaving it")
	}
	must(t, p,
		chromedp.Navigate(e.srv.URL+"/studio/cases/new"),
		chromedp.WaitVisible(chromedp.ID("body_en")),
	)
	if n, _ := chromedp.Run(p, chromedp.Evaluate[int](`document.querySelectorAll("#autosave-offer").length`)); n != 0 {
		t.Error("the copy is offered after the form was saved")
	}
	checkHTML(t, files)
}

// TestBrowserFormWithoutScript: with JavaScript off, the case form saves,
// a refused save is kept on the server, and Restore and Discard work as
// a plain link and a plain form.
func TestBrowserFormWithoutScript(t *testing.T) {
	e := newEnv(t)
	b := browser(t)
	p := person(t, b)
	if _, err := chromedp.Call(p, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	e.browserLogin(t, p, "researcher")
	// Leaving a changed form does not ask (with its script it would, and
	// person fails the test on any dialog): the script is off.
	must(t, p,
		chromedp.Navigate(e.srv.URL+"/studio/cases/new"),
		chromedp.WaitVisible(chromedp.ID("body_en")),
		chromedp.SendKeys(chromedp.ID("body_en"), "Lost on purpose."),
		chromedp.Click(chromedp.CSS(`.site-nav a[href="/studio/"]`)),
		chromedp.WaitVisible(chromedp.CSS(".waiting")),
		chromedp.Navigate(e.srv.URL+"/studio/cases/new"),
		chromedp.WaitVisible(chromedp.ID("body_en")),
	)
	must(t, p,
		chromedp.SendKeys(chromedp.ID("name_en"), "Aleksandr Akimushkin"),
		chromedp.SendKeys(chromedp.ID("headline_en"), "A blogger has been sentenced"),
		chromedp.SendKeys(chromedp.ID("body_en"), "Typed without script."),
		chromedp.SendKeys(chromedp.ID("detained_on"), "the day before"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)),
		chromedp.WaitVisible(chromedp.CSS(".field-error")),
		// Away, and back: the refused form is offered.
		chromedp.Click(chromedp.CSS(`.site-nav a[href="/studio/"]`)),
		chromedp.WaitVisible(chromedp.CSS(".waiting")),
		chromedp.Click(chromedp.CSS(`.site-nav a[href="/studio/cases/new"]`)),
		chromedp.WaitVisible(chromedp.ID("autosave-offer")),
		chromedp.Click(chromedp.ID("autosave-restore")),
		chromedp.WaitVisible(chromedp.ID("form-notice")),
	)
	if got, _ := chromedp.Run(p, chromedp.Value(chromedp.ID("body_en"))); got != "Typed without script." {
		t.Fatalf("restored without script: %q", got)
	}
	must(t, p,
		chromedp.SetValue(chromedp.ID("detained_on"), "2024-05"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	loc, _ := chromedp.Run(p, chromedp.Location())
	var id int64
	fmtSscan(strings.TrimPrefix(loc, e.srv.URL), &id)
	if id == 0 || e.detail(id).Working.Content.EN.Body != "Typed without script." {
		t.Fatalf("the form without script did not save: %s", loc)
	}

	// Discard, without script: a copy of an edit, then the plain form.
	form := caseForm()
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form.Set("detained_on", "not a date")
	must(t, p,
		chromedp.Navigate(e.srv.URL+casePath(id)+"/edit"),
		chromedp.WaitVisible(chromedp.ID("detained_on")),
		chromedp.SetValue(chromedp.ID("detained_on"), "not a date"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)),
		chromedp.WaitVisible(chromedp.CSS(".field-error")),
		chromedp.Navigate(e.srv.URL+casePath(id)+"/edit"),
		chromedp.WaitVisible(chromedp.ID("autosave-discard")),
		chromedp.Click(chromedp.ID("autosave-discard")),
		chromedp.WaitVisible(chromedp.ID("flash")),
	)
	if n, _ := chromedp.Run(p, chromedp.Evaluate[int](`document.querySelectorAll("#autosave-offer").length`)); n != 0 {
		t.Error("the discarded copy is still offered")
	}
}
