package handlers_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"
)

// signOutEverywhere ends every session of an account on the server, as
// signing out in another browser, a password change elsewhere or an
// administrator would: the browsers still send their cookies, which now
// name nobody.
func (e *env) signOutEverywhere(name string) {
	e.t.Helper()
	ctx := context.Background()
	u := e.users[name]
	sessions, err := e.st.UserSessions(ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, s := range sessions {
		if err := e.st.EndSession(ctx, u, s.ID); err != nil {
			e.t.Fatal(err)
		}
	}
}

// nothingPending checks that no account has a kept form waiting.
func (e *env) nothingPending(what string) {
	e.t.Helper()
	for name, u := range e.users {
		if p, err := e.st.PendingPath(context.Background(), u.ID); err != nil || p != "" {
			e.t.Errorf("%s: a form is kept for %s at %q (%v)", what, name, p, err)
		}
	}
}

// signInFields is what the sign-in form of a page sends: its hidden
// fields, with the e-mail and password filled in.
func signInFields(t *testing.T, d *goquery.Document, email, pw string) url.Values {
	t.Helper()
	form := d.Find(`.login form[action="/login"]`)
	if form.Length() != 1 {
		t.Fatalf("the page has %d sign-in forms", form.Length())
	}
	v, _ := formControls(form)
	v.Set("email", email)
	v.Set("password", pw)
	return v
}

// noBackAdvice fails if a page tells the person to go back in the
// browser: studio pages are no-store, so Back shows an empty form.
func noBackAdvice(t *testing.T, what, body string) {
	t.Helper()
	for _, s := range []string{"Go back in your browser", "Вернитесь в браузере", "back in your browser"} {
		if strings.Contains(body, s) {
			t.Errorf("%s advises going back in the browser", what)
		}
	}
}

// TestFormSentAfterSignOutIsKeptOnTheSamePage: the session was ended
// elsewhere, so the server does not know who sends the new case. The
// answer is a sign-in form on the same page that carries the text; a
// wrong password keeps carrying it; nothing is written until the person
// is signed in, and then the text is back in the form, every field as
// typed.
func TestFormSentAfterSignOutIsKeptOnTheSamePage(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	e.signOutEverywhere("researcher")
	before := e.footprintAll()
	form := caseForm()
	form.Set("body_en", "## Who\n\nA long text written while signed out elsewhere.\n\nA second paragraph.")
	form.Set("headline_ru", `Заголовок с "кавычками" & <угловыми> скобками`)
	form["articles"] = []string{"280.3", "207.3"}
	form.Add("source_title", "First")
	form.Add("source_url", "https://example.org/1")
	form.Add("source_title", "Second")
	form.Add("source_url", "https://example.org/2")
	r := res.postMultipart("/studio/cases/new", form, "portrait.jpg", jpegWithSecrets(t, 40, 40))
	if r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a form sent after signing out: %d", r.StatusCode)
	}
	noBackAdvice(t, "the answer", r.body)
	d := r.doc(t)
	notice := d.Find("#login-notice").Text()
	if !strings.Contains(notice, "не потеряно") || !strings.Contains(notice, "фотографию") {
		t.Errorf("the notice does not say the text is kept and the photo is not: %q", notice)
	}
	if enc := d.Find(`.login form`).AttrOr("enctype", ""); enc != "multipart/form-data" {
		t.Errorf("the sign-in form is sent as %q", enc)
	}
	if got := d.Find(`input[name="kept.body_en"]`).AttrOr("value", ""); got != form.Get("body_en") {
		t.Errorf("the page carries body_en as %q", got)
	}
	if d.Find(`input[name="kept.photo"]`).Length() != 0 {
		t.Error("the page carries the photo")
	}
	if e.footprintAll() != before {
		t.Error("a form from nobody known changed the database")
	}
	e.nothingPending("after the anonymous form")

	// A wrong password: the page still carries the text, and nothing is
	// kept on the server for anyone.
	wrong := res.postMultipart("/login", signInFields(t, d, "researcher@example.org", "not the password"), "", nil)
	if wrong.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", wrong.StatusCode)
	}
	wd := wrong.doc(t)
	if got := wd.Find(`input[name="kept.body_en"]`).AttrOr("value", ""); got != form.Get("body_en") {
		t.Fatalf("after a wrong password the page carries body_en as %q", got)
	}
	e.nothingPending("after a wrong password")

	in := res.postMultipart("/login", signInFields(t, wd, "researcher@example.org", testPassword), "", nil)
	if in.StatusCode != http.StatusSeeOther || in.Header.Get("Location") != "/studio/cases/new" {
		t.Fatalf("signing in: %d to %q", in.StatusCode, in.Header.Get("Location"))
	}
	page := res.get("/studio/cases/new")
	pd := page.doc(t)
	if pd.Find("#form-notice").Length() == 0 {
		t.Error("the form does not say it holds the kept text")
	}
	back, _ := formControls(pd.Find("form.case-form"))
	for _, name := range []string{"body_en", "headline_ru", "name_ru", "detained_on", "sentenced_on"} {
		if back.Get(name) != form.Get(name) {
			t.Errorf("%s given back as %q, sent %q", name, back.Get(name), form.Get(name))
		}
	}
	// The articles are one text input now ("280.3, 207.3").
	if got := strings.ReplaceAll(strings.Join(back["articles"], ","), " ", ""); got != "280.3,207.3" && got != "207.3,280.3" {
		t.Errorf("articles given back as %v", back["articles"])
	}
	if strings.Join(back["source_title"], ",") != "First,Second," {
		t.Errorf("source rows given back as %v", back["source_title"])
	}
	// Leaving this page loses nothing: it is the account's unsaved copy.
	if res.get("/studio/cases/new").doc(t).Find("#autosave-offer").Length() != 1 {
		t.Error("the given-back text is not kept once its page is left")
	}
	id := e.createCase(res, back)
	if got := e.detail(id).Working.Content.EN.Body; got != form.Get("body_en") {
		t.Errorf("saved body %q", got)
	}
}

// TestKeptFormSurvivesTheSecondFactor: an account with a second factor
// gives the password, then the code; the edit sent after signing out is
// kept in the half-signed-in session (never in the pending forms before
// the code), and the edit form gets it back after the code.
func TestKeptFormSurvivesTheSecondFactor(t *testing.T) {
	e := newEnv(t)
	ed := e.login("editor")
	_, codes := enrol(t, ed)
	id := e.createCase(e.login("researcher"), caseForm())
	base := i64(e.detail(id).Case.WorkingRevisionID)
	e.signOutEverywhere("editor")
	form := caseForm()
	form.Set("revision", base)
	form.Set("statement_en", "A statement rewritten while signed out")
	r := ed.postMultipart(casePath(id)+"/edit", form, "", nil)
	if r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("an edit sent after signing out: %d", r.StatusCode)
	}
	if strings.Contains(r.body, "фотографию") {
		t.Error("the page speaks of a photo nobody chose")
	}
	pw := ed.postMultipart("/login", signInFields(t, r.doc(t), "editor@example.org", testPassword), "", nil)
	if pw.StatusCode != http.StatusSeeOther || pw.Header.Get("Location") != "/login/2fa" {
		t.Fatalf("password: %d to %q", pw.StatusCode, pw.Header.Get("Location"))
	}
	e.nothingPending("between the password and the code")
	step := ed.get("/login/2fa")
	if step.doc(t).Find("#login-notice").Length() == 0 {
		t.Error("the code step does not say the text is kept")
	}
	done := ed.post("/login/2fa", url.Values{"code": {codes[0]}})
	if done.StatusCode != http.StatusSeeOther || done.Header.Get("Location") != casePath(id)+"/edit" {
		t.Fatalf("code: %d to %q", done.StatusCode, done.Header.Get("Location"))
	}
	d := ed.get(casePath(id) + "/edit").doc(t)
	if got := d.Find("#statement_en").Text(); got != "A statement rewritten while signed out" {
		t.Fatalf("statement given back as %q", got)
	}
	if got := d.Find(`input[name="revision"]`).AttrOr("value", ""); got != base {
		t.Errorf("the form is based on revision %s, sent on %s", got, base)
	}
}

// TestCommentSentAfterTheSessionEndedIsGivenBack: a comment sent after
// the session ended, by time or otherwise, is back in the comment box
// of the case page after signing in. (The one kept after a timeout was
// once kept and never shown.)
func TestCommentSentAfterTheSessionEndedIsGivenBack(t *testing.T) {
	for _, how := range []string{"time", "sign-out"} {
		t.Run(how, func(t *testing.T) {
			e := newEnv(t)
			res := e.login("researcher")
			id := e.createCase(res, caseForm())
			comment := url.Values{"body": {"Is the sentence date right? The court's site says the 19th."}}
			var in *response
			if how == "time" {
				e.st.SetClock(func() time.Time { return time.Now().Add(3 * time.Hour) })
				r := res.post(casePath(id)+"/comments", comment)
				if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?kept=1") {
					t.Fatalf("comment after a timeout: %d %q", r.StatusCode, r.Header.Get("Location"))
				}
				in = res.post("/login", url.Values{"email": {"researcher@example.org"}, "password": {testPassword}, "next": {casePath(id)}})
			} else {
				e.signOutEverywhere("researcher")
				r := res.post(casePath(id)+"/comments", comment)
				if r.StatusCode != http.StatusUnauthorized {
					t.Fatalf("comment after signing out: %d", r.StatusCode)
				}
				noBackAdvice(t, "the answer", r.body)
				in = res.postMultipart("/login", signInFields(t, r.doc(t), "researcher@example.org", testPassword), "", nil)
			}
			if in.Header.Get("Location") != casePath(id) {
				t.Fatalf("after signing in: %d to %q", in.StatusCode, in.Header.Get("Location"))
			}
			if n := len(mustComments(t, e, id)); n != 0 {
				t.Fatalf("%d comments written before signing in", n)
			}
			d := res.get(casePath(id)).doc(t)
			if got := d.Find("#new-comment").Text(); got != comment.Get("body") {
				t.Fatalf("the comment box holds %q", got)
			}
			if d.Find("#flash").Length() == 0 {
				t.Error("the page does not say the comment is not sent yet")
			}
		})
	}
}

func mustComments(t *testing.T, e *env, id int64) []string {
	t.Helper()
	cs, err := e.st.Comments(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Body)
	}
	return out
}

// TestButtonPressedAfterSignOutIsNotDone: a workflow step or a setting
// pressed after the session ended is not kept: the page says it was not
// done, and signing in there leads back to the page of the button, to
// press it again.
func TestButtonPressedAfterSignOutIsNotDone(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	admin := e.login("admin")
	target := e.extra("target", "researcher")
	e.signOutEverywhere("researcher")
	e.signOutEverywhere("admin")
	for _, tc := range []struct {
		c          *client
		path, page string
		form       url.Values
	}{
		{res, casePath(id) + "/transition", casePath(id), url.Values{"transition": {"submit"}, "revision": {i64(e.detail(id).Case.WorkingRevisionID)}}},
		{res, casePath(id) + "/restore", casePath(id), url.Values{"number": {"1"}}},
		{admin, "/studio/users/" + i64(target.ID) + "/role", "/studio/users", url.Values{"role": {"admin"}}},
		{admin, "/studio/reference/regions/outside-russia/delete", "/studio/reference/regions", nil},
		{admin, "/studio/account/sessions/end", "/studio/account", url.Values{"id": {"x"}}},
		{admin, "/studio/settings/2fa", "/studio/settings", url.Values{"require_2fa": {"admin"}}},
	} {
		before := e.footprintAll()
		r := tc.c.post(tc.path, tc.form)
		if r.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: %d", tc.path, r.StatusCode)
			continue
		}
		noBackAdvice(t, tc.path, r.body)
		d := r.doc(t)
		if !strings.Contains(d.Find("#login-notice").Text(), "не выполнено") {
			t.Errorf("%s: the page does not say it was not done: %q", tc.path, d.Find("#login-notice").Text())
		}
		if d.Find(`input[name^="kept"]`).Length() != 0 {
			t.Errorf("%s: a button press is carried through signing in", tc.path)
		}
		if got := d.Find(`input[name="next"]`).AttrOr("value", ""); got != tc.page {
			t.Errorf("%s: signing in leads to %q, want %q", tc.path, got, tc.page)
		}
		if e.footprintAll() != before {
			t.Errorf("%s: a button pressed by nobody known changed the database", tc.path)
		}
	}
	if e.detail(id).Case.State != "draft" {
		t.Error("the case moved")
	}
	in := res.postMultipart("/login", url.Values{"email": {"researcher@example.org"}, "password": {testPassword}, "next": {casePath(id)}}, "", nil)
	if in.Header.Get("Location") != casePath(id) {
		t.Errorf("signing in leads to %q", in.Header.Get("Location"))
	}
}

// TestKeptTextHasALimit: a form whose text is larger than any case form
// allows is not carried (the sign-in form could not send it back); the
// page says it was not saved instead of promising it is kept.
func TestKeptTextHasALimit(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	e.signOutEverywhere("researcher")
	form := caseForm()
	form.Set("body_en", strings.Repeat("x", 4<<20+1))
	r := res.postMultipart("/studio/cases/new", form, "", nil)
	if r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a too large form: %d", r.StatusCode)
	}
	d := r.doc(t)
	if !strings.Contains(d.Find("#login-notice").Text(), "слишком велико") || d.Find(`input[name^="kept"]`).Length() != 0 {
		t.Errorf("notice %q with %d kept fields", d.Find("#login-notice").Text(), d.Find(`input[name^="kept"]`).Length())
	}
	// A sign-in form carrying more than the limit is refused before it
	// is read.
	big := url.Values{"email": {"researcher@example.org"}, "password": {testPassword}, "kept_to": {"/studio/cases/new"},
		"kept.body_en": {strings.Repeat("y", 6<<20)}}
	if r := res.postMultipart("/login", big, "", nil); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 6 MB sign-in: %d", r.StatusCode)
	}
	e.nothingPending("after the large forms")
}

// TestBrowserSaveAfterSignOutKeepsTheText: the session is ended elsewhere
// while a researcher types; Save answers with a sign-in form on the same
// page, and signing in there brings the form back with the text.
func TestBrowserSaveAfterSignOutKeepsTheText(t *testing.T) {
	e := newEnv(t)
	b := browser(t)
	p := person(t, b)
	e.browserLogin(t, p, "researcher")
	must(t, p,
		chromedp.Navigate(e.srv.URL+"/studio/cases/new"),
		chromedp.WaitVisible(chromedp.ID("body_en")),
		chromedp.SendKeys(chromedp.ID("name_en"), "Aleksandr Akimushkin"),
		chromedp.SendKeys(chromedp.ID("headline_en"), "A blogger has been sentenced"),
		chromedp.SendKeys(chromedp.ID("body_en"), "A long text\nwritten while signed out elsewhere."),
		chromedp.SendKeys(chromedp.ID("detained_on"), "2024-05"),
		chromedp.Func(func(context.Context, *chromedp.Target) error {
			e.signOutEverywhere("researcher")
			return nil
		}),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)),
		chromedp.WaitVisible(chromedp.ID("login-notice")),
	)
	loc, _ := chromedp.Run(p, chromedp.Location())
	if !strings.HasSuffix(loc, "/studio/cases/new") {
		t.Errorf("the sign-in form is at %s, not on the same page", loc)
	}
	shot(t, p, "kept-sign-in")
	files := []string{pageFile(t, p, t.TempDir(), "kept-sign-in")}
	noBackAdvice(t, "the page", text(t, p, "main"))
	must(t, p,
		chromedp.SendKeys(chromedp.ID("email"), "researcher@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`.login button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("form-notice")),
	)
	body, _ := chromedp.Run(p, chromedp.Value(chromedp.ID("body_en")))
	if body != "A long text\nwritten while signed out elsewhere." {
		t.Fatalf("the text given back: %q", body)
	}
	must(t, p,
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	if got := text(t, p, "h1"); !strings.Contains(got, "Akimushkin") {
		t.Errorf("saved case heading %q", got)
	}
	checkHTML(t, files)
}

// shot saves what p shows, 1280 and 375 pixels wide (the whole page and
// its top), as PNG files in
// CASEBOOK_SHOTS when that is set, for a person to look at.
func shot(t *testing.T, p context.Context, name string) {
	t.Helper()
	dir := os.Getenv("CASEBOOK_SHOTS")
	if dir == "" {
		return
	}
	for _, w := range []int64{1280, 375} {
		must(t, p, chromedp.EmulateViewport(w, 900))
		full, err := chromedp.Run(p, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		top, err := chromedp.Run(p, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Join(dir, name+"-"+itoa(int(w)))
		if err := errors.Join(os.WriteFile(base+".png", full, 0o644), os.WriteFile(base+"-top.png", top, 0o644)); err != nil {
			t.Fatal(err)
		}
	}
	must(t, p, chromedp.EmulateReset())
}

// pageFile saves the page p shows, as the browser holds it, for the Nu
// HTML Checker.
func pageFile(t *testing.T, p context.Context, dir, name string) string {
	t.Helper()
	page, err := chromedp.Run(p, chromedp.Evaluate[string](`"<!DOCTYPE html>\n" + document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, name+".html")
	if err := os.WriteFile(f, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// checkHTML runs the Nu HTML Checker over saved pages.
func checkHTML(t *testing.T, files []string) {
	t.Helper()
	t.Run("vnu", func(t *testing.T) {
		vnuFiles(t, webTool(t, "CASEBOOK_VNU_JAR", "the Nu HTML Checker (npm vnu-jar)"), files)
	})
}
