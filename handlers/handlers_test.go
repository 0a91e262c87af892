package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"casebook/assets"
	"casebook/auth"
	"casebook/handlers"
	"casebook/store"
	"casebook/workflow"
)

func TestHealthAndLanguageRedirect(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	if r := c.get("/healthz"); r.StatusCode != 200 || r.body != "ok" {
		t.Fatalf("healthz: %d %q", r.StatusCode, r.body)
	}
	for accept, want := range map[string]string{
		"en-GB,en;q=0.9":          "/en/",
		"ru-RU,ru;q=0.9,en;q=0.8": "/ru/",
		"de-DE":                   "/ru/",
		"":                        "/ru/",
		"uk-UA,uk;q=0.9,en;q=0.5": "/en/",
		"not a header;;;":         "/ru/",
	} {
		r := c.get("/", "Accept-Language", accept)
		if r.StatusCode != http.StatusFound || r.Header.Get("Location") != want {
			t.Errorf("Accept-Language %q: %d %s, want 302 %s", accept, r.StatusCode, r.Header.Get("Location"), want)
		}
	}
	for _, l := range []string{"ru", "en"} {
		r := c.get("/" + l + "/")
		if r.StatusCode != 200 {
			t.Fatalf("/%s/: %d", l, r.StatusCode)
		}
		if got := r.doc(t).Find("html").AttrOr("lang", ""); got != l {
			t.Errorf("/%s/ has lang=%q", l, got)
		}
	}
	if r := c.get("/de/"); r.StatusCode != 404 {
		t.Errorf("/de/: %d", r.StatusCode)
	}
	if r := c.get("/en"); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/en/" {
		t.Errorf("/en: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestWholeWorkflowThroughForms(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	if r := res.get("/studio/"); r.StatusCode != 200 {
		t.Fatalf("dashboard: %d", r.StatusCode)
	}
	id := e.createCase(res, caseForm())

	buttons := func(c *client) []string {
		t.Helper()
		r := c.get(casePath(id))
		if r.StatusCode != 200 {
			t.Fatalf("case page: %d", r.StatusCode)
		}
		var out []string
		r.doc(t).Find(`button[name="transition"]`).Each(func(_ int, s *goquerySelection) {
			out = append(out, s.AttrOr("value", ""))
		})
		slices.Sort(out)
		return out
	}
	law, ed := e.login("lawyer"), e.login("editor")
	for who, want := range map[*client][]string{res: {"submit"}, law: nil, ed: {"submit"}} {
		if got := buttons(who); !slices.Equal(got, want) {
			t.Errorf("draft buttons %v, want %v", got, want)
		}
	}
	// A new draft waits for nobody: its author knows about it.
	if d := res.get("/studio/").doc(t); strings.Contains(d.Find(".waiting").Text(), "Александр Акимушкин") {
		t.Errorf("a new draft is waiting for the researcher")
	}

	if r := e.transition(res, id, workflow.Submit, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.StatusCode)
	}
	if got := buttons(res); len(got) != 1 || got[0] != "withdraw" {
		t.Errorf("researcher in legal review: %v", got)
	}
	if got := buttons(law); !slices.Equal(got, []string{"approve_legal", "request_changes"}) {
		t.Errorf("lawyer in legal review: %v", got)
	}
	// Approving without the checklist is refused with a message, and
	// nothing changes.
	before := e.detail(id)
	r := e.transition(law, id, workflow.ApproveLegal, url.Values{"notes": {"my notes stay"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("approve without review: %d", r.StatusCode)
	}
	d := r.doc(t)
	if d.Find("#review-error").Length() == 0 || d.Find("#review-notes").Text() != "my notes stay" {
		t.Errorf("refused review lost its message or its text")
	}
	if after := e.detail(id); after.Case.State != before.Case.State {
		t.Fatalf("refused approval changed the state to %s", after.Case.State)
	}
	if r := e.transition(law, id, workflow.ApproveLegal, approval()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", r.StatusCode, r.body)
	}
	if got := buttons(ed); !slices.Equal(got, []string{"publish", "request_changes"}) {
		t.Errorf("editor in editorial review: %v", got)
	}
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.StatusCode)
	}
	if got := buttons(ed); !slices.Equal(got, []string{"unpublish"}) {
		t.Errorf("editor on a published case: %v", got)
	}

	visitor := e.client()
	for _, c := range []struct{ lang, name string }{{"ru", "Александр Акимушкин"}, {"en", "Aleksandr Akimushkin"}} {
		r := visitor.get("/" + c.lang + "/cases/aleksandr-akimushkin")
		if r.StatusCode != 200 {
			t.Fatalf("%s profile: %d", c.lang, r.StatusCode)
		}
		d := r.doc(t)
		if got := d.Find("h1").Text(); got != c.name {
			t.Errorf("%s profile h1 %q", c.lang, got)
		}
		if d.Find(".profile-main h2").Length() == 0 {
			t.Errorf("%s profile: the Markdown section heading is missing", c.lang)
		}
		list := visitor.get("/" + c.lang + "/cases?q=" + url.QueryEscape(strings.ToUpper(c.name[:4])))
		if !strings.Contains(list.doc(t).Find(".case-list").Text(), c.name) {
			t.Errorf("%s search does not find the case", c.lang)
		}
	}
	// Dates are written as each language writes them.
	if ru := visitor.get("/ru/cases/aleksandr-akimushkin").body; !strings.Contains(ru, "19 сентября 2024") || !strings.Contains(ru, "май 2024") {
		t.Errorf("Russian dates missing")
	}
	if en := visitor.get("/en/cases/aleksandr-akimushkin").body; !strings.Contains(en, "19 September 2024") || !strings.Contains(en, "May 2024") {
		t.Errorf("English dates missing")
	}
}

// goquerySelection keeps the test files' imports short.
type goquerySelection = goquery.Selection

func TestForgedTransitionChangesNothing(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	law := e.login("lawyer")
	cases := []struct {
		who *client
		t   workflow.Transition
	}{
		{res, workflow.Publish},
		{res, workflow.ApproveLegal},
		{law, workflow.Submit},
		{law, workflow.Publish},
		{res, workflow.Unpublish},
	}
	for _, c := range cases {
		before := e.detail(id)
		r := e.transition(c.who, id, c.t, approval())
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("forged %s: status %d", c.t, r.StatusCode)
		}
		after := e.detail(id)
		if after.Case != before.Case {
			t.Errorf("forged %s changed the case: %+v", c.t, after.Case)
		}
	}
	// An unknown transition name is a bad request.
	r := res.post(casePath(id)+"/transition", url.Values{"transition": {"delete_everything"}, "revision": {i64(e.detail(id).Case.WorkingRevisionID)}})
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown transition: %d", r.StatusCode)
	}
}

func TestFourEyesExplainsMissingButton(t *testing.T) {
	e := newEnv(t)
	ed := e.login("editor")
	id := e.createCase(ed, caseForm())
	e.transition(ed, id, workflow.Submit, nil)
	e.transition(e.login("lawyer"), id, workflow.ApproveLegal, approval())
	d := ed.get(casePath(id)).doc(t)
	if d.Find(`button[value="publish"]`).Length() != 0 {
		t.Fatal("the submitter is offered publish")
	}
	if !strings.Contains(d.Find(".withheld").Text(), "четырёх глаз") {
		t.Errorf("no four-eyes explanation: %q", d.Find(".withheld").Text())
	}
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("submitter publishes: %d", r.StatusCode)
	}
	// With four eyes off, the same editor may publish.
	e2 := newEnv(t, handlers.WithRules(workflow.Rules{FourEyes: false}))
	ed2 := e2.login("editor")
	id2 := e2.createCase(ed2, caseForm())
	e2.transition(ed2, id2, workflow.Submit, nil)
	e2.transition(e2.login("lawyer"), id2, workflow.ApproveLegal, approval())
	if r := e2.transition(ed2, id2, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("four eyes off: publish %d", r.StatusCode)
	}
}

func TestCrossSitePostIsRefused(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	before := e.detail(id)
	form := url.Values{"transition": {"submit"}, "revision": {i64(before.Case.WorkingRevisionID)}}
	for _, h := range [][]string{
		{"Origin", "https://evil.example"},
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
	} {
		r := res.post(casePath(id)+"/transition", form, h...)
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %s: status %d", h[0], h[1], r.StatusCode)
		}
		if after := e.detail(id); after.Case != before.Case {
			t.Fatalf("cross-site post changed the case")
		}
	}
	// Creating a case and signing in are protected too.
	if r := res.post("/studio/cases/new", caseForm(), "Sec-Fetch-Site", "cross-site"); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site create: %d", r.StatusCode)
	}
	if r := e.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}, "Origin", "https://evil.example"); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login: %d", r.StatusCode)
	}
	// The same-origin browser request passes.
	if r := res.post(casePath(id)+"/transition", form, "Sec-Fetch-Site", "same-origin", "Origin", e.srv.URL); r.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin: %d", r.StatusCode)
	}
}

func TestLoginSessionsAndLogout(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	// Anonymous studio requests go to the login page.
	if r := c.get("/studio/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous studio: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.post("/studio/cases/new", caseForm()); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous post: %d", r.StatusCode)
	}
	// A wrong password, an unknown account, a disabled one and an
	// invited one without a password yet all get the same answer; the
	// e-mail stays in the form.
	ctx := context.Background()
	admin, _ := e.st.UserByID(ctx, e.users["admin"].ID)
	if err := e.st.SetDisabled(ctx, admin, e.users["lawyer"].ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.st.InviteUser(ctx, admin, "invited@example.org", "Invited", "researcher"); err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, try := range [][2]string{{"editor@example.org", "wrong password!"}, {"nobody@example.org", "wrong password!"}, {"lawyer@example.org", testPassword}, {"invited@example.org", ""}} {
		email := try[0]
		r := c.post("/login", url.Values{"email": {email}, "password": {try[1]}})
		if r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("bad login %s: %d", email, r.StatusCode)
		}
		d := r.doc(t)
		if d.Find("#email").AttrOr("value", "") != email {
			t.Errorf("e-mail not kept")
		}
		bodies = append(bodies, d.Find("#login-error").Text())
	}
	for _, b := range bodies[1:] {
		if b != bodies[0] || b == "" {
			t.Errorf("login errors differ: %q", bodies)
		}
	}
	if r := c.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}, "next": {"https://evil.example/"}}); r.Header.Get("Location") != "/studio/" {
		t.Fatalf("login redirected to %q", r.Header.Get("Location"))
	}
	u, _ := url.Parse(e.srv.URL)
	cookies := c.jar.Cookies(u)
	if len(cookies) != 1 || cookies[0].Name != auth.CookieName {
		t.Fatalf("cookies after login: %v", cookies)
	}
	if strings.Contains(cookies[0].Value, i64(e.users["editor"].ID)) && len(cookies[0].Value) < 40 {
		t.Errorf("the cookie looks like it holds the user id: %q", cookies[0].Value)
	}
	// A copy of the cookie works until logout, then stops working.
	thief := e.client()
	thief.jar.SetCookies(u, cookies)
	if r := thief.get("/studio/"); r.StatusCode != 200 {
		t.Fatalf("copied cookie before logout: %d", r.StatusCode)
	}
	if r := c.post("/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	if r := thief.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("copied cookie after logout: %d", r.StatusCode)
	}
	if n, _ := e.st.CountSessions(context.Background(), e.users["editor"].ID); n != 0 {
		t.Errorf("%d sessions left after logout", n)
	}
	// A tampered cookie is no session.
	forged := e.client()
	forged.jar.SetCookies(u, []*http.Cookie{{Name: auth.CookieName, Value: cookies[0].Value[:len(cookies[0].Value)-4] + "AAAA"}})
	if r := forged.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("tampered cookie: %d", r.StatusCode)
	}
	// Signing in again gives a new session id.
	c2 := e.login("editor")
	if got := c2.jar.Cookies(u)[0].Value; got == cookies[0].Value {
		t.Errorf("session id did not change at sign-in")
	}
}

func TestPublicPagesSetNoCookieAndLoadNothingElsewhere(t *testing.T) {
	e := newEnv(t)
	e.publish(caseForm())
	// A visitor with a cookie left from somewhere (an ended studio
	// session, a forged one) gets none set either.
	stale := e.client()
	u, _ := url.Parse(e.srv.URL)
	stale.jar.SetCookies(u, []*http.Cookie{{Name: auth.CookieName, Value: "stale"}})
	var paths []string
	for _, p := range []string{"/", "/ru/", "/en/", "/ru/cases", "/en/cases?q=blogger", "/en/cases/aleksandr-akimushkin", "/ru/cases/nope",
		"/en/stats", "/en/feed.atom", "/sitemap.xml", "/robots.txt", "/api/v1/cases", "/api/v1/cases.csv", "/api/v1/cases/aleksandr-akimushkin",
		assets.Path("style.css"), "/healthz", "/login", "/password?token=nope", "/nope"} {
		// Twice: the second answer comes from the page cache.
		paths = append(paths, p, p)
	}
	for i, p := range paths {
		c := e.client()
		if i%4 >= 2 {
			c = stale
		}
		r := c.get(p)
		if sc := r.Header.Values("Set-Cookie"); len(sc) != 0 {
			t.Errorf("%s sets cookies %v", p, sc)
		}
		if r.StatusCode == 200 && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			d := r.doc(t)
			// What a browser loads (links to pages, canonical and
			// alternates included, are not loads).
			d.Find(`script[src], link[rel="stylesheet"], link[rel="icon"], link[rel="preload"], img[src], iframe, source[src], video[src], audio[src]`).Each(func(_ int, s *goquerySelection) {
				for _, a := range []string{"src", "href"} {
					if v, ok := s.Attr(a); ok && !strings.HasPrefix(v, "/") {
						t.Errorf("%s loads %s", p, v)
					}
				}
			})
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
			if r.Header.Get(h) == "" {
				t.Errorf("%s lacks %s", p, h)
			}
		}
	}
}

func TestFormErrorsKeepTextAndChangeNothing(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	form := caseForm()
	form.Set("detained_on", "2024-13-45")
	form.Set("sentenced_on", "May")
	r := res.post("/studio/cases/new", form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad dates: %d", r.StatusCode)
	}
	d := r.doc(t)
	for _, f := range []string{"detained_on", "sentenced_on"} {
		if d.Find("#"+f+"-error").Length() == 0 || d.Find("#"+f).AttrOr("aria-invalid", "") != "true" {
			t.Errorf("no error next to %s", f)
		}
	}
	if d.Find("#detained_on").AttrOr("value", "") != "2024-13-45" || d.Find("#body_ru").Text() != form.Get("body_ru") || d.Find("#name_en").AttrOr("value", "") != form.Get("name_en") {
		t.Errorf("the form lost what was typed")
	}
	if cs, _ := e.st.StudioCases(context.Background()); len(cs) != 0 {
		t.Fatalf("a refused form created a case")
	}
	// An empty form says what is missing.
	r = res.post("/studio/cases/new", url.Values{})
	if r.StatusCode != http.StatusUnprocessableEntity || r.doc(t).Find("#name_ru-error").Length() == 0 {
		t.Errorf("empty form: %d", r.StatusCode)
	}
	// Unknown reference codes are refused.
	form = caseForm()
	form.Set("region", "atlantis")
	if r := res.post("/studio/cases/new", form); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown region: %d", r.StatusCode)
	}
}

// TestStaleSaveIsAConflictThatKeepsText: a save based on an old revision
// that changed a field someone else changed meanwhile writes nothing; the
// form comes back holding the person's text, based on the current
// revision, and shows what the other person wrote.
func TestStaleSaveIsAConflictThatKeepsText(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	base := i64(e.detail(id).Case.WorkingRevisionID)

	first := caseForm()
	first.Set("revision", base)
	first.Set("headline_en", "Edited by the first person")
	if r := res.post(casePath(id)+"/edit", first); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", r.StatusCode)
	}
	after := e.detail(id)
	second := caseForm()
	second.Set("revision", base)
	second.Set("headline_en", "Edited by the second person")
	second.Set("body_en", "My long text that must not be lost")
	r := e.login("editor").post(casePath(id)+"/edit", second)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: %d", r.StatusCode)
	}
	d := r.doc(t)
	if d.Find("#body_en").Text() != "My long text that must not be lost" || d.Find("#headline_en").AttrOr("value", "") != "Edited by the second person" {
		t.Errorf("conflict page lost the text")
	}
	if !strings.Contains(d.Find("#conflict").Text(), "Edited by the first person") {
		t.Errorf("conflict page does not show what changed")
	}
	if got := d.Find(`input[name="revision"]`).AttrOr("value", ""); got != i64(after.Case.WorkingRevisionID) {
		t.Errorf("conflict form based on %s, want the current revision", got)
	}
	if now := e.detail(id); now.Case.WorkingRevisionID != after.Case.WorkingRevisionID {
		t.Errorf("a stale save wrote a revision")
	}
}

func TestMarkdownIsSanitisedOnEveryPage(t *testing.T) {
	e := newEnv(t)
	form := caseForm()
	form.Set("body_en", "## Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n<img src=x onerror=alert(3)>")
	form.Set("name_en", `<script>alert(4)</script>Ivan`)
	id := e.publish(form)
	for _, p := range []string{"/en/cases/script-alert-4-script-ivan", "/en/cases", casePath(id)} {
		c := e.client()
		if strings.HasPrefix(p, "/studio") {
			c = e.login("editor")
		}
		r := c.get(p)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", p, r.StatusCode)
		}
		for _, bad := range []string{"<script>", "javascript:", "onerror"} {
			if strings.Contains(r.body, bad) {
				t.Errorf("%s contains %s", p, bad)
			}
		}
	}
}

func TestUnpublishAnswersGone(t *testing.T) {
	e := newEnv(t)
	id := e.publish(caseForm())
	ed := e.login("editor")
	if r := e.transition(ed, id, workflow.Unpublish, nil); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unpublish without reason: %d", r.StatusCode)
	}
	if r := e.client().get("/en/cases/aleksandr-akimushkin"); r.StatusCode != 200 {
		t.Fatalf("refused unpublish took the case down: %d", r.StatusCode)
	}
	if r := e.transition(ed, id, workflow.Unpublish, url.Values{"comment": {"The family asked."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	c := e.client()
	if r := c.get("/en/cases/aleksandr-akimushkin"); r.StatusCode != http.StatusGone || strings.Contains(r.body, "Akimushkin") {
		t.Errorf("unpublished profile: %d", r.StatusCode)
	}
	if r := c.get("/en/cases"); strings.Contains(r.body, "Akimushkin") {
		t.Errorf("unpublished case still listed")
	}
	if r := c.get("/en/cases/never-existed"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown slug: %d", r.StatusCode)
	}
	// A draft is not public: 404, not a page and not a hint it exists.
	res := e.login("researcher")
	e.createCase(res, caseForm())
	if r := c.get("/en/cases/aleksandr-akimushkin-2"); r.StatusCode != http.StatusNotFound {
		t.Errorf("draft: %d", r.StatusCode)
	}
}

func TestEditingPublishedKeepsLiveUntilPublished(t *testing.T) {
	e := newEnv(t)
	id := e.publish(caseForm())
	law := e.login("lawyer")
	form := caseForm()
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form.Set("headline_en", "A changed headline")
	if r := law.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.StatusCode)
	}
	if d := e.detail(id); d.Case.State != workflow.Draft || d.Live == nil {
		t.Fatalf("after edit: %s live=%v", d.Case.State, d.Live != nil)
	}
	r := e.client().get("/en/cases/aleksandr-akimushkin")
	if strings.Contains(r.body, "A changed headline") || r.StatusCode != 200 {
		t.Errorf("the public page shows an unapproved edit")
	}
	// The studio shows live and working, and what publishing would change.
	d := law.get(casePath(id)).doc(t)
	if d.Find(".badge-live").Length() == 0 || !strings.Contains(d.Find("#live-diff ins").Text(), "changed") {
		t.Errorf("the case page does not show the difference between live and working")
	}
	// The waiting count in the navigation: a draft nobody sent back waits
	// for nobody, so the editor sees none.
	if n := e.login("editor").get("/studio/").doc(t).Find("header .count-badge").Length(); n != 0 {
		t.Errorf("editor has a waiting badge for a draft")
	}
}

// TestWaitingCountInTheNavigation: "waiting for you" and the count beside
// the dashboard show each person what waits for their decision: a lawyer
// the legal reviews, an editor the editorial reviews and scheduled cases,
// a researcher their cases sent back with changes requested (not their
// new drafts, not a case just unpublished).
func TestWaitingCountInTheNavigation(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	clients := map[string]*client{"researcher": res, "lawyer": e.login("lawyer"), "editor": e.login("editor"), "admin": e.login("admin")}
	named := func(name string) url.Values {
		f := caseForm()
		f.Set("name_ru", name)
		f.Set("name_en", name)
		return f
	}
	newCase := func(name string) int64 { return e.createCase(res, named(name)) }
	check := func(step string, want map[string][]string) {
		t.Helper()
		for role, c := range clients {
			d := c.get("/studio/").doc(t)
			var got []string
			d.Find(".waiting a").Each(func(_ int, s *goquerySelection) {
				if n := strings.TrimSpace(s.Text()); n != "" && !slices.Contains(got, n) {
					got = append(got, n)
				}
			})
			slices.Sort(got)
			w := slices.Clone(want[role])
			slices.Sort(w)
			if !slices.Equal(got, w) {
				t.Errorf("%s: %s waits for %v, want %v", step, role, got, w)
			}
			badge := d.Find("header .count-badge")
			if len(w) == 0 {
				if badge.Length() != 0 {
					t.Errorf("%s: %s has a count %q, want none", step, role, badge.Text())
				}
			} else if badge.Text() != strconv.Itoa(len(w)) {
				t.Errorf("%s: %s's count %q, want %d", step, role, badge.Text(), len(w))
			}
		}
	}
	draft := newCase("Draft Person")
	check("a new draft", nil)
	legal := newCase("Legal Person")
	e.transition(res, legal, workflow.Submit, nil)
	editorial := newCase("Editorial Person")
	e.transition(res, editorial, workflow.Submit, nil)
	e.transition(clients["lawyer"], editorial, workflow.ApproveLegal, approval())
	scheduled := newCase("Scheduled Person")
	e.transition(res, scheduled, workflow.Submit, nil)
	e.transition(clients["lawyer"], scheduled, workflow.ApproveLegal, approval())
	e.transition(clients["admin"], scheduled, workflow.Publish, url.Values{"publish_at": {time.Now().UTC().Add(48 * time.Hour).Format("2006-01-02T15:04")}})
	sentBack := newCase("Sent Back Person")
	e.transition(res, sentBack, workflow.Submit, nil)
	if r := e.transition(clients["lawyer"], sentBack, workflow.RequestChanges, url.Values{"comment": {"The verdict is missing."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("request changes: %d", r.StatusCode)
	}
	unpublished := newCase("Unpublished Person")
	e.transition(res, unpublished, workflow.Submit, nil)
	e.transition(clients["lawyer"], unpublished, workflow.ApproveLegal, approval())
	e.transition(clients["editor"], unpublished, workflow.Publish, nil)
	if r := e.transition(clients["editor"], unpublished, workflow.Unpublish, url.Values{"comment": {"Safety."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	if e.detail(unpublished).Case.State != workflow.Draft || e.detail(draft).Case.State != workflow.Draft {
		t.Fatal("the drafts are not drafts")
	}
	reviews := []string{"Editorial Person", "Scheduled Person"}
	check("every state", map[string][]string{
		"researcher": {"Sent Back Person"},
		"lawyer":     {"Legal Person"},
		"editor":     reviews,
		"admin":      reviews,
	})
	// Fixing the text keeps it waiting; resubmitting hands it on.
	form := named("Sent Back Person")
	form.Set("revision", i64(e.detail(sentBack).Case.WorkingRevisionID))
	form.Set("sentenced_on", "2024-09-20")
	if r := res.post(casePath(sentBack)+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("fix: %d", r.StatusCode)
	}
	check("a fix saved", map[string][]string{
		"researcher": {"Sent Back Person"},
		"lawyer":     {"Legal Person"},
		"editor":     reviews,
		"admin":      reviews,
	})
	e.transition(res, sentBack, workflow.Submit, nil)
	check("resubmitted", map[string][]string{
		"lawyer": {"Legal Person", "Sent Back Person"},
		"editor": reviews,
		"admin":  reviews,
	})
}

func TestUnpublishedCaseCanReturn(t *testing.T) {
	e := newEnv(t)
	id := e.publish(caseForm())
	ed := e.login("editor")
	e.transition(ed, id, workflow.Unpublish, url.Values{"comment": {"Safety, for now."}})
	res := e.login("researcher")
	e.takeThrough(res, id)
	if r := e.client().get("/en/cases/aleksandr-akimushkin"); r.StatusCode != 200 {
		t.Errorf("republished case: %d", r.StatusCode)
	}
}

func TestHostileInputNeverFails(t *testing.T) {
	e := newEnv(t)
	e.publish(caseForm())
	c := e.client()
	for _, p := range []string{
		"/en/cases?q=" + url.QueryEscape(`' OR 1=1 --`),
		"/en/cases?q=" + url.QueryEscape(`%_\`),
		"/en/cases?q=" + url.QueryEscape(`"NEAR(`),
		"/en/cases?q=%ff%fe",
		"/en/cases?page=-1",
		"/en/cases?page=abc",
		"/en/cases?page=99999999999999999999",
		"/en/cases?q=" + strings.Repeat("a", 5000),
		"/en/cases/..%2f..%2fetc%2fpasswd",
		"/en/cases/%3Cscript%3E",
		"/en/cases/" + strings.Repeat("a", 500),
		"/xx/cases",
		"/assets/../../etc/passwd",
	} {
		r := c.get(p)
		if r.StatusCode >= 500 {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
		if strings.Contains(r.body, "goroutine") || strings.Contains(strings.ToLower(r.body), "sql") {
			t.Errorf("%s leaks internals", p)
		}
	}
	ed := e.login("editor")
	for _, p := range []string{"/studio/cases/abc", "/studio/cases/-1", "/studio/cases/99999", "/studio/cases/99999/edit"} {
		if r := ed.get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
	}
}

func TestLogsHoldNoSecrets(t *testing.T) {
	e := newEnv(t)
	e.publish(caseForm())
	c := e.login("editor")
	c.get("/studio/")
	e.client().get("/en/cases?q=secret+search+words")
	u, _ := url.Parse(e.srv.URL)
	logs := e.logs.String()
	if !strings.Contains(logs, "path=/en/cases") {
		t.Fatalf("requests are not logged:\n%s", logs)
	}
	for _, secret := range []string{testPassword, c.jar.Cookies(u)[0].Value, "127.0.0.1", "secret search words", "secret+search"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
}

var _ = store.PublicQuery{}

func TestHeadAnswersLikeGet(t *testing.T) {
	e := newEnv(t)
	e.publish(caseForm())
	for _, p := range []string{"/healthz", "/ru/", "/en/cases", "/en/cases/aleksandr-akimushkin", "/login"} {
		req, _ := http.NewRequest(http.MethodHead, e.srv.URL+p, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("HEAD %s: %d", p, res.StatusCode)
		}
	}
}

// TestDashboardGroupsCasesByState: "waiting for you" comes first, then one
// section per state in the workflow's order, each listing exactly the
// cases in that state.
func TestDashboardGroupsCasesByState(t *testing.T) {
	e := newEnv(t)
	res, law := e.login("researcher"), e.login("lawyer")
	named := func(name string) url.Values {
		f := caseForm()
		f.Set("name_ru", name)
		f.Set("name_en", name)
		return f
	}
	e.createCase(res, named("Draft Person"))
	legal := e.createCase(res, named("Legal Person"))
	e.transition(res, legal, workflow.Submit, nil)
	editorial := e.createCase(res, named("Editorial Person"))
	e.transition(res, editorial, workflow.Submit, nil)
	e.transition(law, editorial, workflow.ApproveLegal, approval())
	e.publish(named("Published Person"))
	want := map[workflow.State][]string{
		workflow.Draft:           {"Draft Person"},
		workflow.LegalReview:     {"Legal Person"},
		workflow.EditorialReview: {"Editorial Person"},
		workflow.Published:       {"Published Person"},
	}
	d := law.get("/studio/").doc(t)
	sections := d.Find("main section")
	if first, _ := sections.First().Attr("class"); first != "waiting" {
		t.Fatalf("the first section is %q, want waiting", first)
	}
	if got := strings.TrimSpace(sections.First().Find("tbody a").First().Text()); got != "Legal Person" {
		t.Errorf("the lawyer's waiting list starts with %q", got)
	}
	var order []string
	sections.Slice(1, goquery.ToEnd).Each(func(_ int, s *goquerySelection) {
		id, _ := s.Attr("aria-labelledby")
		state := workflow.State(strings.TrimPrefix(id, "group-"))
		order = append(order, string(state))
		var names []string
		s.Find("tbody a").Each(func(_ int, a *goquerySelection) {
			if n := strings.TrimSpace(a.Text()); n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		})
		if !slices.Equal(names, want[state]) {
			t.Errorf("group %s lists %v, want %v", state, names, want[state])
		}
	})
	var states []string
	for _, s := range workflow.States() {
		states = append(states, string(s))
	}
	if !slices.Equal(order, states) {
		t.Errorf("groups in the order %v, want %v", order, states)
	}
}
