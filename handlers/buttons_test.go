package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"casebook/store"
	"casebook/workflow"
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

// route is a registered route, to tell whether a form's action or a link
// reaches one.
type route struct {
	method, name string
	parts        []string
}

func routesOf(e *env) []route {
	var out []route
	for _, r := range e.echo.Routes() {
		if r.Method == "echo_route_not_found" {
			continue
		}
		out = append(out, route{method: r.Method, name: r.Name, parts: strings.Split(r.Path, "/")})
	}
	return out
}

// find names the route that answers method and path, or "".
func findRoute(routes []route, method, path string) string {
	segs := strings.Split(path, "/")
	for _, r := range routes {
		if r.method != method {
			continue
		}
		if matchRoute(r.parts, segs) {
			return r.name
		}
	}
	return ""
}

func matchRoute(parts, segs []string) bool {
	for i, p := range parts {
		if p == "*" {
			return true
		}
		if i >= len(segs) {
			return false
		}
		if strings.HasPrefix(p, ":") {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if p != segs[i] {
			return false
		}
	}
	return len(parts) == len(segs)
}

// formTags counts the <form> start tags of a page as sent and the deepest
// nesting of them. The DOM cannot tell: its parser drops a nested form.
func formTags(page string) (count, depth int) {
	z := html.NewTokenizer(strings.NewReader(page))
	open := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return count, depth
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "form" {
				count++
				open++
				depth = max(depth, open)
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "form" && open > 0 {
				open--
			}
		}
	}
}

// clickEverything is run in each studio page. It clicks every submit
// button the way a person's click activates it, with the page's own
// scripts held back (they may take a click over, as the add-a-row buttons
// do, and the test is about the form without them), browser validation
// off, and the submission caught before it leaves: what each click would
// have sent, or that it sends nothing.
const clickEverything = `(() => {
  const out = [];
  let sent = null;
  const hold = e => e.stopPropagation();
  const catchSubmit = e => {
    e.preventDefault();
    const s = e.submitter;
    const f = e.target;
    const action = s && s.hasAttribute("formaction") ? s.formAction : f.action;
    const method = (s && s.hasAttribute("formmethod") ? s.formMethod : f.method).toUpperCase();
    sent = {form: f, submitter: s, action, method, query: method === "GET" ? new URLSearchParams(new FormData(f, s)).toString() : ""};
  };
  window.addEventListener("click", hold, true);
  window.addEventListener("submit", catchSubmit, true);
  for (const f of document.forms) f.noValidate = true;
  const buttons = document.querySelectorAll('button, input[type="submit"], input[type="image"]');
  for (const b of buttons) {
    const type = (b.getAttribute("type") || "submit").toLowerCase();
    if (b.tagName === "BUTTON" && type !== "submit") {
      if (type === "button" && !b.dataset.addRow) out.push({label: b.textContent.trim(), problem: "a button of type=button does nothing without a script"});
      continue;
    }
    const label = (b.getAttribute("aria-label") || b.textContent || b.value || "").trim().replace(/\s+/g, " ");
    if (!b.form) { out.push({label, problem: "outside any form"}); continue; }
    if (b.disabled) continue;
    sent = null;
    b.click();
    if (!sent) { out.push({label, problem: "the click sent nothing"}); continue; }
    if (sent.form !== b.form || sent.submitter !== b) { out.push({label, problem: "the click sent another form"}); continue; }
    out.push({label, action: sent.action, method: sent.method, query: sent.query});
  }
  window.removeEventListener("click", hold, true);
  window.removeEventListener("submit", catchSubmit, true);
  return JSON.stringify({forms: document.forms.length, buttons: out});
})()`

type clicked struct {
	Label, Problem, Action, Method, Query string
}

// TestBrowserEveryButtonAndLink walks the studio in Chromium as each role,
// from the dashboard through every link, over cases in every state. On
// every page, every form must reach the DOM as sent (no nested form), every
// submit button must send its own form to a route that takes that method,
// and every link must lead to a page (no 404, no 405, no error). The pages
// walked then go through the Nu HTML Checker, which reports nested forms
// and every other error.
func TestBrowserEveryButtonAndLink(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	publishVariety(t, e)
	publishFull(t, e)
	in := map[workflow.State]int64{}
	for _, s := range []workflow.State{workflow.Draft, workflow.LegalReview, workflow.EditorialReview, workflow.Scheduled} {
		in[s] = e.caseIn(s, false)
	}
	e.caseIn(workflow.Published, true)
	unpub := e.caseIn(workflow.Published, false)
	e.transition(e.login("editor"), unpub, workflow.Unpublish, url.Values{"comment": {"Taken down at the family's request."}})
	// Consent records and takedown requests, pending and decided, for
	// the consent pages' forms.
	if _, err := e.st.RecordConsent(ctx, e.users["editor"], unpub, store.ConsentInput{Party: "family", Subject: "photo", Decision: "refused", On: "2025-05"}); err != nil {
		t.Fatal(err)
	}
	for _, decided := range []bool{false, true} {
		req, err := e.st.RegisterTakedown(ctx, e.users["editor"], in[workflow.Scheduled], store.TakedownInput{ReceivedOn: "2025-05-01", Requester: "The sister", Asked: []string{"photo"}})
		if err != nil {
			t.Fatal(err)
		}
		if decided {
			if _, err := e.st.DecideTakedown(ctx, e.users["admin"], in[workflow.Scheduled], store.DecisionInput{Request: req, Decision: "refused", Reason: "Public interest"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A case with revisions to restore and a thread.
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	form := caseForm()
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form.Set("headline_en", "A second headline")
	res.post(casePath(id)+"/edit", form)
	if err := e.st.AddComment(ctx, e.users["researcher"], id, "Is the date right?"); err != nil {
		t.Fatal(err)
	}
	// A review link, whose page has a revoke button.
	if _, _, err := e.st.CreateReviewLink(ctx, e.users["editor"], id, store.ReviewLinkInput{ReviewLinkRequest: workflow.ReviewLinkRequest{
		Label: "defence lawyer", Scope: workflow.ScopeComment, TTL: workflow.ReviewLinkDefaultTTL}}); err != nil {
		t.Fatal(err)
	}
	// An unsaved copy of its form, which the form offers to restore or
	// discard.
	form.Set("headline_en", "An unsaved headline")
	if err := e.st.KeepAutosave(ctx, e.users["researcher"].ID, id, e.detail(id).Case.WorkingRevisionID, form); err != nil {
		t.Fatal(err)
	}
	// People in every state for the accounts page.
	_, invite, err := e.st.InviteUser(ctx, e.users["admin"], "invited@example.org", "Invited Person", "lawyer")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetDisabled(ctx, e.users["admin"], e.extra("gone", "researcher").ID, true); err != nil {
		t.Fatal(err)
	}

	routes := routesOf(e)
	b := browserFor(t, 6*time.Minute)
	dir := t.TempDir()
	var files []string
	// Each role walks the studio from its dashboard; a visitor walks the
	// public site and the pages a person sees before signing in.
	walks := []struct {
		role   string
		start  []string
		inside []string
	}{
		{"researcher", []string{"/studio/"}, []string{"/studio/"}},
		{"lawyer", []string{"/studio/"}, []string{"/studio/"}},
		{"editor", []string{"/studio/"}, []string{"/studio/"}},
		{"admin", []string{"/studio/"}, []string{"/studio/"}},
		{"visitor", []string{"/ru/", "/en/", "/login", "/password?token=" + url.QueryEscape(invite)}, []string{"/ru/", "/en/", "/login"}},
	}
	for _, w := range walks {
		role := w.role
		c, p := e.client(), person(t, b)
		if role != "visitor" {
			c = e.login(role)
			e.browserLogin(t, p, role)
		}
		// The walk goes at a phone's width: every page must fit it.
		must(t, p, chromedp.EmulateViewport(phoneWidth, 800))
		pages, checked := 0, map[string]bool{}
		perRoute := map[string]int{}
		queue := append([]string{}, w.start...)
		seen := map[string]bool{}
		for _, s := range w.start {
			seen[s] = true
		}
		// check fetches a link once and says what is wrong with it.
		check := func(from, link string) {
			if checked[link] {
				return
			}
			checked[link] = true
			r := c.get(link)
			if r.StatusCode >= 400 {
				t.Errorf("%s: %s links to %s, which answers %d", role, from, link, r.StatusCode)
			}
		}
		enqueue := func(from, link string) {
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: %s has a link that is no URL: %q", role, from, link)
				return
			}
			if u.Host != "" && "http://"+u.Host != e.srv.URL {
				return
			}
			u.Scheme, u.Host, u.Fragment = "", "", ""
			link = u.String()
			if !slices.ContainsFunc(w.inside, func(prefix string) bool { return strings.HasPrefix(u.Path, prefix) }) {
				check(from, link)
				return
			}
			name := findRoute(routes, http.MethodGet, u.Path)
			if name == "" {
				t.Errorf("%s: %s links to %s, which no route serves", role, from, link)
				return
			}
			// A few pages of each kind are enough, as they come from one
			// template, but every case: its state decides its buttons.
			if seen[link] || perRoute[name] >= 12 {
				return
			}
			seen[link] = true
			perRoute[name]++
			queue = append(queue, link)
		}
		for len(queue) > 0 && pages < 250 {
			path := queue[0]
			queue = queue[1:]
			r := c.get(path)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s: %s answers %d", role, path, r.StatusCode)
				continue
			}
			pages++
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				continue
			}
			f := filepath.Join(dir, itoa(len(files))+"_"+role+strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "_", "%", "_").Replace(path)+".html")
			os.WriteFile(f, []byte(r.body), 0o644)
			files = append(files, f)
			sent, depth := formTags(r.body)
			if depth > 1 {
				t.Errorf("%s: %s nests forms, which browsers drop", role, path)
			}
			r.doc(t).Find("a[href]").Each(func(_ int, s *goquerySelection) {
				if href := s.AttrOr("href", ""); !strings.HasPrefix(href, "mailto:") {
					enqueue(path, resolve(path, href))
				}
			})

			must(t, p, chromedp.Navigate(e.srv.URL+path), chromedp.WaitReady(chromedp.ID("main")))
			fitsThePhone(t, p, role+": "+path)
			forms, gets := pressEverything(t, p, e, routes, role+": "+path)
			if forms != sent {
				t.Errorf("%s: %s sends %d forms and the browser keeps %d", role, path, sent, forms)
			}
			for _, g := range gets {
				enqueue(path, g)
			}
		}
		if pages < 10 {
			t.Errorf("%s: the walk reached only %d pages", role, pages)
		}
		t.Logf("%s: %d pages, %d other links", role, pages, len(checked))
	}

	// The pages that answer a refused action hold forms too: the case form
	// with a wrong date, the conflict page, a review without its
	// checklist, a request for changes without a comment, a wrong password.
	refused := func(role, where string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		p := person(t, b)
		if role != "visitor" {
			e.browserLogin(t, p, role)
		}
		must(t, p, steps...)
		if n, _ := chromedp.Run(p, chromedp.Evaluate[int](`document.querySelectorAll('[role="alert"], .field-error, #conflict, #action-error, #review-error').length`)); n == 0 {
			t.Errorf("%s: %s shows no message", role, where)
		}
		pressEverything(t, p, e, routes, role+": "+where)
		// These pages answer a POST, so the checker gets them as the
		// browser holds them.
		page, err := chromedp.Run(p, chromedp.Evaluate[string](`"<!DOCTYPE html>\n" + document.documentElement.outerHTML`))
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, itoa(len(files))+"_"+role+"_"+strings.ReplaceAll(where, " ", "_")+".html")
		os.WriteFile(f, []byte(page), 0o644)
		files = append(files, f)
	}
	refused("researcher", "the case form with a wrong date",
		chromedp.Navigate(e.srv.URL+casePath(id)+"/edit"), chromedp.WaitVisible(chromedp.ID("detained_on")),
		chromedp.SetValue(chromedp.ID("detained_on"), "the day before"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)), chromedp.WaitVisible(chromedp.CSS(".field-error")))
	refused("researcher", "the conflict page",
		chromedp.Navigate(e.srv.URL+casePath(id)+"/edit"), chromedp.WaitVisible(chromedp.ID("body_en")),
		chromedp.Func(func(context.Context, *chromedp.Target) error {
			form := caseForm()
			form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
			form.Set("headline_en", "Changed meanwhile")
			if r := e.login("editor").post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
				return fmt.Errorf("the other save: %d", r.StatusCode)
			}
			return nil
		}),
		// A change of the same field collides, so the page asks.
		chromedp.SetValue(chromedp.ID("headline_en"), "Changed here too"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)), chromedp.WaitVisible(chromedp.ID("conflict")))
	refused("lawyer", "a review without its checklist",
		chromedp.Navigate(e.srv.URL+casePath(in[workflow.LegalReview])), chromedp.WaitVisible(chromedp.CSS(`button[value="approve_legal"]`)),
		chromedp.Click(chromedp.CSS(`button[value="approve_legal"]`)), chromedp.WaitVisible(chromedp.ID("review-error")))
	refused("editor", "a request for changes without a comment",
		chromedp.Navigate(e.srv.URL+casePath(in[workflow.EditorialReview])), chromedp.WaitVisible(chromedp.CSS(`button[value="request_changes"]`)),
		chromedp.Click(chromedp.CSS(`button[value="request_changes"]`)), chromedp.WaitVisible(chromedp.ID("action-error")))
	refused("visitor", "a wrong password",
		chromedp.Navigate(e.srv.URL+"/login"), chromedp.SendKeys(chromedp.ID("email"), "editor@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "not the password"),
		chromedp.Click(chromedp.CSS(`.login button[type="submit"]`)), chromedp.WaitVisible(chromedp.ID("login-error")))

	t.Run("vnu", func(t *testing.T) {
		jar := webTool(t, "CASEBOOK_VNU_JAR", "the Nu HTML Checker (npm vnu-jar)")
		vnuFiles(t, jar, files)
	})
}

// phoneWidth is a small phone's viewport, in CSS pixels.
const phoneWidth = 375

// tooWide lists, in the page, the elements wider than the viewport, and
// says whether the page itself scrolls sideways.
const tooWide = `(() => {
  const w = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > w + 1) {
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + " " + Math.round(r.width) + "px");
    }
  }
  return JSON.stringify({scroll: document.documentElement.scrollWidth > w + 1, wide: out.slice(0, 8)});
})()`

// fitsThePhone fails the test if the page p shows scrolls sideways or
// holds an element wider than the viewport.
func fitsThePhone(t *testing.T, p context.Context, where string) {
	t.Helper()
	raw, err := chromedp.Run(p, chromedp.Evaluate[string](tooWide))
	if err != nil {
		t.Fatalf("%s: measuring: %v", where, err)
	}
	var got struct {
		Scroll bool
		Wide   []string
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatal(err)
	}
	if got.Scroll || len(got.Wide) > 0 {
		t.Errorf("%s: wider than a phone (%d px): page scrolls sideways %v; %v", where, phoneWidth, got.Scroll, got.Wide)
	}
}

// pressEverything clicks every submit button of the page p shows and
// checks that each sends its own form to a route that takes its method. It
// returns how many forms the page has and the addresses its GET forms
// lead to.
func pressEverything(t *testing.T, p context.Context, e *env, routes []route, where string) (forms int, gets []string) {
	t.Helper()
	raw, err := chromedp.Run(p, chromedp.Evaluate[string](clickEverything))
	if err != nil {
		t.Fatalf("%s: clicking through: %v", where, err)
	}
	var got struct {
		Forms   int
		Buttons []clicked
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatal(err)
	}
	for _, bt := range got.Buttons {
		if bt.Problem != "" {
			t.Errorf("%s: button %q: %s", where, bt.Label, bt.Problem)
			continue
		}
		u, err := url.Parse(bt.Action)
		if err != nil || "http://"+u.Host != e.srv.URL {
			t.Errorf("%s: button %q sends to %q, not this server", where, bt.Label, bt.Action)
			continue
		}
		if findRoute(routes, bt.Method, u.Path) == "" {
			t.Errorf("%s: button %q sends %s %s, which no route takes", where, bt.Label, bt.Method, u.Path)
			continue
		}
		if bt.Method == http.MethodGet {
			gets = append(gets, u.Path+"?"+bt.Query)
		}
	}
	if len(got.Buttons) == 0 && got.Forms > 0 {
		t.Errorf("%s: %d forms and not one button", where, got.Forms)
	}
	return got.Forms, gets
}

// resolve makes href absolute against the page at path.
func resolve(path, href string) string {
	base, _ := url.Parse(path)
	u, err := base.Parse(href)
	if err != nil {
		return href
	}
	return u.String()
}
