package handlers_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"casebook/content"
	"casebook/handlers"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

// studioText is a message as the studio shows it to the test's people,
// who have no language of their own and whose client asks for none: in
// the default language, Russian.
func studioText(key string, args ...any) string {
	return i18n.New().Printer(content.RU).T(key, args...)
}

// otherToken is a token one character off tok.
func otherToken(tok string) string {
	last := "A"
	if strings.HasSuffix(tok, "A") {
		last = "B"
	}
	return tok[:len(tok)-1] + last
}

// linkForm is the studio's form for a new review link.
func linkForm(label string, scope workflow.ReviewScope) url.Values {
	return url.Values{"label": {label}, "scope": {string(scope)}, "hours": {"72"}}
}

// newLink makes a review link for case id through the studio's form as c
// and returns its token, read off the answer page, the one place that
// shows it.
func (e *env) newLink(c *client, id int64, form url.Values) string {
	e.t.Helper()
	r := c.post(casePath(id)+"/review-links", form)
	if r.StatusCode != http.StatusCreated {
		e.t.Fatalf("new review link: %d\n%s", r.StatusCode, r.body)
	}
	u := r.doc(e.t).Find("#created-url").AttrOr("value", "")
	// The address is the site's: --base-url's when it is set.
	_, token, ok := strings.Cut(u, "/review/")
	if !ok || len(token) != 43 {
		e.t.Fatalf("the page shows the link %q", u)
	}
	return token
}

// checkGuestHeaders fails unless an answer under /review/ is kept by
// nobody, indexed by nobody and tells no page it links to its address.
func checkGuestHeaders(t *testing.T, where string, h http.Header) {
	t.Helper()
	if got := h.Get("Cache-Control"); got != "no-store" {
		t.Errorf("%s: Cache-Control %q", where, got)
	}
	if got := h.Get("X-Robots-Tag"); !strings.Contains(got, "noindex") {
		t.Errorf("%s: X-Robots-Tag %q", where, got)
	}
	if got := h.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("%s: Referrer-Policy %q", where, got)
	}
	if c := h.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("%s sets a cookie: %v", where, c)
	}
	checkSecurityHeaders(t, where, h)
}

// linkOf is the id of the link labelled label on the studio's list.
func (e *env) linkOf(id int64, label string) *store.ReviewLink {
	e.t.Helper()
	p, err := e.st.ReviewLinks(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, l := range p.Links {
		if l.Label == label {
			return &l
		}
	}
	e.t.Fatalf("no link %q", label)
	return nil
}

// TestReviewLinkIsShownOnce: the way to a case's links is on its page
// for lawyers, editors and administrators only; a new link's full address
// is on the answer to the form (no redirect, not kept by any cache) and
// nowhere after: not on the list, the case page, the audit log, the log.
func TestReviewLinkIsShownOnce(t *testing.T) {
	e := newEnv(t)
	id := e.createCase(e.login("researcher"), caseForm())
	for role, allowed := range map[string]bool{"researcher": false, "lawyer": true, "editor": true, "admin": true} {
		c := e.login(role)
		if n := c.get(casePath(id)).doc(t).Find(`a[href="` + casePath(id) + `/review-links"]`).Length(); n != map[bool]int{true: 1}[allowed] {
			t.Errorf("%s: %d links to the review links on the case page", role, n)
		}
		want := map[bool]int{true: 200, false: 403}[allowed]
		if r := c.get(casePath(id) + "/review-links"); r.StatusCode != want {
			t.Errorf("%s: the page answers %d, want %d", role, r.StatusCode, want)
		}
		if r := c.post(casePath(id)+"/review-links", linkForm("x", workflow.ScopeView)); !allowed && r.StatusCode != 403 {
			t.Errorf("%s makes a link: %d", role, r.StatusCode)
		}
	}
	if p, _ := e.st.ReviewLinks(context.Background(), id); len(p.Links) != 3 {
		t.Fatalf("%d links, want the three allowed", len(p.Links))
	}
	ed := e.login("editor")
	page := ed.get(casePath(id) + "/review-links")
	if page.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the page: Cache-Control %q", page.Header.Get("Cache-Control"))
	}
	d := page.doc(t)
	if d.Find("#link-hours").AttrOr("value", "") != "72" || d.Find(`input[name="scope"][value="view_and_comment"]`).AttrOr("checked", "no") == "no" ||
		d.Find("#link-pin").AttrOr("checked", "no") != "no" {
		t.Errorf("the form's defaults: hours %q", d.Find("#link-hours").AttrOr("value", ""))
	}

	r := ed.post(casePath(id)+"/review-links", linkForm("defence lawyer", workflow.ScopeComment))
	if r.StatusCode != http.StatusCreated || r.Header.Get("Location") != "" || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d, Location %q, Cache-Control %q", r.StatusCode, r.Header.Get("Location"), r.Header.Get("Cache-Control"))
	}
	u := r.doc(t).Find("#created-url").AttrOr("value", "")
	// The address is the site's: --base-url's when it is set.
	_, token, ok := strings.Cut(u, "/review/")
	if raw, err := base64.RawURLEncoding.DecodeString(token); !ok || err != nil || len(raw) != 32 {
		t.Fatalf("the address shown: %q", u)
	}
	if n := strings.Count(r.body, token); n != 1 {
		t.Errorf("the answer holds the token %d times", n)
	}
	if !strings.Contains(r.doc(t).Find("#created-once").Text(), studioText("reviewlink.created_once")) {
		t.Errorf("the answer does not say the link is shown once")
	}
	list := ed.get(casePath(id) + "/review-links")
	if strings.Contains(list.body, token) || !strings.Contains(list.doc(t).Find("#live-links").Text(), "defence lawyer") {
		t.Errorf("the list shows the token, or not the link")
	}
	if strings.Contains(ed.get(casePath(id)).body, token) {
		t.Errorf("the case page shows the token")
	}
	all, _ := e.st.AuditLog(context.Background(), store.AuditQuery{Limit: 1000})
	created := false
	for _, a := range all {
		if strings.Contains(string(a.Data), token) {
			t.Errorf("the audit entry %s holds the token", a.Action)
		}
		created = created || a.Action == "review_link.create"
	}
	if !created {
		t.Errorf("no audit entry of the link made")
	}
	if strings.Contains(e.logs.String(), token) {
		t.Errorf("the log holds the token")
	}
}

// TestReviewLinkFormRefusesBadInput: too long a life (more than 14 days),
// a lifetime that is no number, no label, a scope that is none: each is
// refused beside its input, with what was typed kept, and no link made.
func TestReviewLinkFormRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	id := e.createCase(e.login("researcher"), caseForm())
	ed := e.login("editor")
	most := studioText("reviewlink.error.hours_max", 336)
	if !strings.Contains(most, "336") {
		t.Fatalf("the message of too long a life: %q", most)
	}
	for _, c := range []struct {
		change map[string]string
		sel    string
		want   string
	}{
		{map[string]string{"hours": "337"}, "#link-hours-error", most},
		{map[string]string{"hours": "99999999999999999999999"}, "#link-hours-error", most},
		{map[string]string{"hours": "three days"}, "#link-hours-error", studioText("reviewlink.error.hours_number")},
		{map[string]string{"hours": "-3"}, "#link-hours-error", studioText("reviewlink.error.hours_number")},
		{map[string]string{"hours": "0"}, "#link-hours-error", studioText("reviewlink.error.hours_min")},
		{map[string]string{"label": "  "}, "#link-label-error", studioText("reviewlink.error.label_empty")},
		{map[string]string{"label": strings.Repeat("л", 101)}, "#link-label-error", studioText("reviewlink.error.label_long")},
		{map[string]string{"scope": "publish"}, "#link-scope-error", studioText("reviewlink.error.scope")},
		{map[string]string{"pin": "yes", "revision": ""}, "#link-error", studioText("reviewlink.error.revision")},
	} {
		form := linkForm("defence lawyer", workflow.ScopeComment)
		for k, v := range c.change {
			form.Set(k, v)
		}
		r := ed.post(casePath(id)+"/review-links", form)
		d := r.doc(t)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Find(c.sel).Text(), c.want) {
			t.Errorf("%v: %d, %s says %q", c.change, r.StatusCode, c.sel, d.Find(c.sel).Text())
		}
		if d.Find("#link-label").AttrOr("value", "") != strings.TrimSpace(form.Get("label")) || d.Find("#link-hours").AttrOr("value", "") != form.Get("hours") {
			t.Errorf("%v: the form lost what was typed", c.change)
		}
		if d.Find("#created-url").Length() != 0 {
			t.Errorf("%v: a link is shown", c.change)
		}
	}
	if p, _ := e.st.ReviewLinks(context.Background(), id); len(p.Links) != 0 {
		t.Fatalf("refused forms made %d links", len(p.Links))
	}
	form := linkForm("defence lawyer", workflow.ScopeView)
	form.Set("hours", "336")
	e.newLink(ed, id, form)
	if l := e.linkOf(id, "defence lawyer"); l.ExpiresAt.Sub(l.CreatedAt) != 14*24*time.Hour || l.Scope != workflow.ScopeView {
		t.Errorf("a link of 336 hours lives %v", l.ExpiresAt.Sub(l.CreatedAt))
	}
	form = linkForm("sister", workflow.ScopeView)
	form.Del("hours")
	e.newLink(ed, id, form)
	if l := e.linkOf(id, "sister"); l.ExpiresAt.Sub(l.CreatedAt) != 72*time.Hour {
		t.Errorf("a link without a lifetime lives %v", l.ExpiresAt.Sub(l.CreatedAt))
	}
}

// TestGuestPage: the guest's page is the profile as it would go out, with
// the confidential draft banner in the guest's language (which the guest
// may switch), not indexed, kept or referred, and never from the page
// cache; its photo comes through the token alone, the revision's only,
// while the studio's /media/ stays closed to the guest. A pinned link
// shows its revision's photo after the photo changed.
func TestGuestPage(t *testing.T) {
	e := newEnv(t)
	id := fullDraft(t, e)
	ed := e.login("editor")
	first := e.detail(id)
	pinForm := linkForm("sister", workflow.ScopeView)
	pinForm.Set("pin", "yes")
	pinForm.Set("revision", i64(first.Case.WorkingRevisionID))
	pinned := e.newLink(ed, id, pinForm)
	floating := e.newLink(ed, id, linkForm("defence lawyer", workflow.ScopeComment))

	g := e.client()
	r := g.get("/review/"+floating, "Accept-Language", "en-GB,en;q=0.9")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("the guest page: %d", r.StatusCode)
	}
	checkGuestHeaders(t, "the guest page", r.Header)
	d := r.doc(t)
	if d.Find(`meta[name="robots"]`).AttrOr("content", "") != "noindex, nofollow" {
		t.Errorf("no noindex meta")
	}
	if d.Find("html").AttrOr("lang", "") != "en" || !strings.Contains(d.Find("#review-banner").Text(), "Confidential draft") {
		t.Errorf("the banner: %q", d.Find("#review-banner").Text())
	}
	// The profile's own page builder: what the studio's preview shows,
	// which is what the public would read.
	preview := ed.get(casePath(id) + "/preview?lang=en").doc(t).Find("article.profile")
	if d.Find("h1").Text() != "Ekaterina Polnaya" || d.Find(".help-box").Length() != 1 || d.Find(".disclaimer").Length() != 1 ||
		preview.Length() != 1 || d.Find("article.profile").Text() != preview.Text() {
		t.Errorf("the guest page is not the profile as the preview shows it")
	}
	if d.Find("#review-banner").Length() != 1 || d.Find(".preview-banner").Length() != 0 {
		t.Errorf("the banner is missing, or the studio's preview banner shows")
	}
	if sw := d.Find("a.lang-switch").AttrOr("href", ""); sw != "/review/"+floating+"?lang=ru" {
		t.Errorf("the language switch leads to %q", sw)
	}
	ru := g.get("/review/" + floating + "?lang=ru").doc(t)
	if ru.Find("html").AttrOr("lang", "") != "ru" || !strings.Contains(ru.Find("#review-banner").Text(), "Конфиденциальный черновик") {
		t.Errorf("the Russian banner: %q", ru.Find("#review-banner").Text())
	}
	// A view is a view each time: no cache answered the second.
	if l := e.linkOf(id, "defence lawyer"); l.Views != 2 {
		t.Errorf("%d views counted, want 2", l.Views)
	}

	src := d.Find("figure.portrait img").AttrOr("src", "")
	draftPhoto := first.Working.Content.Photo.URL
	if src != "/review/"+floating+draftPhoto {
		t.Fatalf("the photo is at %q, the draft's is %q", src, draftPhoto)
	}
	photo := g.get(src)
	if photo.StatusCode != http.StatusOK || photo.Header.Get("Content-Type") != "image/jpeg" || len(photo.body) < 100 {
		t.Fatalf("the photo through the token: %d %s", photo.StatusCode, photo.Header.Get("Content-Type"))
	}
	checkGuestHeaders(t, "the photo", photo.Header)
	if r := g.get(draftPhoto); r.StatusCode != http.StatusNotFound {
		t.Errorf("the draft's photo at /media/ without a session: %d", r.StatusCode)
	}
	if r := ed.get(draftPhoto); r.StatusCode != http.StatusOK {
		t.Errorf("the studio's /media/: %d", r.StatusCode)
	}
	for _, bad := range []string{"/review/" + floating + "/media/" + strings.Repeat("a", 64) + ".jpg", "/review/" + floating + "/media/x.jpg",
		"/review/" + strings.Repeat("A", 43) + draftPhoto} {
		if r := g.get(bad); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, r.StatusCode)
		}
	}

	// A new photo: the unpinned link shows it, the pinned one the old,
	// and each link serves its own photo only.
	form := caseForm()
	form.Set("revision", i64(first.Case.WorkingRevisionID))
	form.Set("slug", fullSlug)
	if r := e.login("researcher").postMultipart(casePath(id)+"/edit", form, "new.jpg", jpegWithSecrets(t, 600, 800)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a new photo: %d %s", r.StatusCode, r.body)
	}
	newPhoto := e.detail(id).Working.Content.Photo.URL
	if newPhoto == draftPhoto || newPhoto == "" {
		t.Fatalf("the photo did not change: %q", newPhoto)
	}
	if got := g.get("/review/"+pinned).doc(t).Find("figure.portrait img").AttrOr("src", ""); got != "/review/"+pinned+draftPhoto {
		t.Errorf("the pinned link shows the photo %q", got)
	}
	if got := g.get("/review/"+floating).doc(t).Find("figure.portrait img").AttrOr("src", ""); got != "/review/"+floating+newPhoto {
		t.Errorf("the unpinned link shows the photo %q", got)
	}
	for path, want := range map[string]int{
		"/review/" + pinned + draftPhoto: 200, "/review/" + pinned + newPhoto: 404,
		"/review/" + floating + newPhoto: 200, "/review/" + floating + draftPhoto: 404,
	} {
		if r := g.get(path); r.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, r.StatusCode, want)
		}
	}
	// HEAD answers as GET does, and counts no view.
	before := e.linkOf(id, "sister").Views
	req, _ := http.NewRequest(http.MethodHead, e.srv.URL+"/review/"+pinned, nil)
	if h := g.do(req); h.StatusCode != http.StatusOK {
		t.Errorf("HEAD: %d", h.StatusCode)
	}
	if after := e.linkOf(id, "sister").Views; after != before {
		t.Errorf("HEAD counted a view")
	}
}

// TestGuestCommentLandsInTheThread: with a comment link the guest signs
// with a free name; a comment without a name is refused beside the field
// with the text kept; one that is complete lands in the case's thread
// marked as external with the link's label, and the page says so. Each
// view and the comment are audit entries naming the link, never the
// guest's address. A view-only link takes no comment.
func TestGuestCommentLandsInTheThread(t *testing.T) {
	e := newEnv(t)
	id := e.createCase(e.login("researcher"), caseForm())
	law := e.login("lawyer")
	token := e.newLink(law, id, linkForm("defence lawyer", workflow.ScopeComment))
	viewOnly := e.newLink(law, id, linkForm("sister", workflow.ScopeView))
	const addr = "203.0.113.77"
	g := e.client()
	d := g.get("/review/"+token+"?lang=en", from(addr)...).doc(t)
	if d.Find(`form[action="/review/`+token+`#comment"] input[name="name"]`).Length() != 1 || d.Find(`textarea[name="comment"]`).Length() != 1 {
		t.Fatalf("no comment form on a comment link's page")
	}
	if n := g.get("/review/"+viewOnly+"?lang=en", from(addr)...).doc(t).Find(`textarea[name="comment"]`).Length(); n != 0 {
		t.Errorf("a view-only link's page offers a comment form")
	}

	r := g.post("/review/"+token, url.Values{"name": {" "}, "comment": {"The date of the arrest is wrong."}, "lang": {"en"}}, from(addr)...)
	d = r.doc(t)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Find("#guest-name-error").Text(), "name") ||
		d.Find("#guest-comment").Text() != "The date of the arrest is wrong." {
		t.Errorf("a comment without a name: %d, %q, text %q", r.StatusCode, d.Find("#guest-name-error").Text(), d.Find("#guest-comment").Text())
	}
	checkGuestHeaders(t, "the refused comment", r.Header)
	if thread, _ := e.st.Comments(context.Background(), id); len(thread) != 0 {
		t.Fatalf("a refused comment is in the thread")
	}
	r = g.post("/review/"+token, url.Values{"name": {"Anna Petrova"}, "comment": {"The date of the arrest is wrong."}, "lang": {"en"}}, from(addr)...)
	d = r.doc(t)
	if r.StatusCode != http.StatusOK || !strings.Contains(d.Find("#comment-sent").Text(), "reached the team") || d.Find("#guest-comment").Text() != "" {
		t.Fatalf("the comment: %d %q", r.StatusCode, d.Find("#comment-sent").Text())
	}
	checkGuestHeaders(t, "the comment's answer", r.Header)
	if r := g.post("/review/"+viewOnly, url.Values{"name": {"Sister"}, "comment": {"Me too."}}, from(addr)...); r.StatusCode != http.StatusForbidden {
		t.Errorf("a comment through a view-only link: %d", r.StatusCode)
	}

	ed := e.login("editor")
	items := ed.get(casePath(id)).doc(t).Find(".thread li")
	if items.Length() != 1 {
		t.Fatalf("%d comments in the thread", items.Length())
	}
	if items.Find("strong").Text() != "Anna Petrova" || items.Find(".external").Text() != studioText("reviewlink.external", "defence lawyer") ||
		items.Find("p").Text() != "The date of the arrest is wrong." {
		t.Errorf("the thread shows %q", squash(items.Text()))
	}
	// The studio's other pages that read comments cope with one
	// without an author: the export, the history, the audit log.
	for _, p := range []string{casePath(id) + "/history", "/studio/audit", "/studio/audit?case=" + i64(id)} {
		if r := ed.get(p); r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
	}
	if !strings.Contains(ed.get("/studio/audit").body, studioText("audit.action.review_link.comment")) {
		t.Errorf("the audit page does not name the guest's comment")
	}

	entries, _ := e.st.AuditLog(context.Background(), store.AuditQuery{CaseID: id, Limit: 100})
	seen := map[string]int{}
	link := e.linkOf(id, "defence lawyer")
	for _, a := range entries {
		if strings.Contains(string(a.Data), addr) || strings.Contains(string(a.Data), "127.0.0.1") {
			t.Errorf("%s holds an address: %s", a.Action, a.Data)
		}
		if a.Action == "review_link.view" || a.Action == "review_link.comment" {
			args, err := a.Args()
			if err != nil || a.ActorID != 0 {
				t.Errorf("%s: %v, actor %d", a.Action, err, a.ActorID)
			}
			if l, _ := args.(store.AuditReviewLink); l.Link == link.ID && l.Label == "defence lawyer" {
				seen[a.Action]++
			}
		}
	}
	if seen["review_link.view"] != 1 || seen["review_link.comment"] != 1 {
		t.Errorf("audit entries of the link: %v", seen)
	}
	dump, err := e.st.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c := dump.Cases[0].Comments; len(c) != 1 || !c[0].External || c[0].Guest != "Anna Petrova" || c[0].Link != "defence lawyer" {
		t.Errorf("the export: %+v", c)
	}
}

// TestGuestCannotForgeATransition: a guest's link can approve, submit or
// publish nothing. A post to /review/{token} that carries a workflow
// form's fields is refused whole, with either kind of link; posts to the
// studio's routes without a session change nothing either; four eyes is
// untouched.
func TestGuestCannotForgeATransition(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	e.transition(res, id, workflow.Submit, nil)
	if r := e.transition(e.login("lawyer"), id, workflow.ApproveLegal, approval()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.StatusCode)
	}
	ed := e.login("editor")
	comment := e.newLink(ed, id, linkForm("defence lawyer", workflow.ScopeComment))
	view := e.newLink(ed, id, linkForm("sister", workflow.ScopeView))
	rev := i64(e.detail(id).Case.WorkingRevisionID)
	before := e.footprintAll()
	g := e.client()
	for _, token := range []string{comment, view} {
		for _, tr := range workflow.Transitions() {
			form := url.Values{"transition": {string(tr)}, "revision": {rev}, "comment": {"Looks right to me"}, "name": {"Mallory"}, "confirm": {"yes"}}
			for k, v := range approval() {
				form[k] = v
			}
			if r := g.post("/review/"+token, form); r.StatusCode != http.StatusForbidden {
				t.Errorf("a guest's %s: %d", tr, r.StatusCode)
			}
			// The form of the studio's thread, too.
			if r := g.post("/review/"+token, url.Values{"body": {"Approved"}, "revision": {rev}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("a guest's studio comment: %d", r.StatusCode)
			}
		}
	}
	if r := g.post("/review/"+view, url.Values{"name": {"Sister"}, "comment": {"An honest comment"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("a comment through a view-only link: %d", r.StatusCode)
	}
	// The studio's routes know no guest: a post without a session is a
	// sign-in form, and does nothing.
	forged := url.Values{"transition": {"publish"}, "revision": {rev}, "comment": {"Publish it"}, "body": {"Planted"}, "confirm": {"yes"},
		"label": {"mine"}, "scope": {"view_and_comment"}, "hours": {"336"}, "link": {"1"}}
	for _, p := range []string{casePath(id), casePath(id) + "/transition", casePath(id) + "/comments", casePath(id) + "/restore",
		casePath(id) + "/review-links", casePath(id) + "/review-links/revoke"} {
		if r := g.post(p, forged); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("POST %s without a session: %d", p, r.StatusCode)
		}
	}
	if after := e.footprintAll(); after != before {
		t.Errorf("a guest's posts changed the studio")
	}
	d := e.detail(id)
	if d.Case.State != workflow.EditorialReview || d.Case.LiveRevisionID != 0 {
		t.Errorf("the case is %s, live %d", d.Case.State, d.Case.LiveRevisionID)
	}
	p, _ := e.st.ReviewLinks(context.Background(), id)
	if len(p.Links) != 2 || !p.Links[0].Live() || !p.Links[1].Live() {
		t.Errorf("the links after the guest's posts: %+v", p.Links)
	}
	if r := g.get("/review/" + comment); r.StatusCode != http.StatusOK {
		t.Errorf("the link after the refusals: %d", r.StatusCode)
	}
}

// TestReviewLinksEnd walks each way a link ends, through the studio: the
// revoke button, its expiry (the clock moved), the case's publication and
// its unpublication. Each answers the guest alike, 404 with a page that
// says the link has ended without telling which, as an unknown token
// does; the studio lists them as ended, with why.
func TestReviewLinksEnd(t *testing.T) {
	e := newEnv(t)
	now := time.Now().UTC()
	e.st.SetClock(func() time.Time { return now })
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	ed := e.login("editor")
	revoked := e.newLink(ed, id, linkForm("revoked one", workflow.ScopeComment))
	expiring := e.newLink(ed, id, url.Values{"label": {"expiring one"}, "scope": {"view"}, "hours": {"1"}})
	published := e.newLink(ed, id, linkForm("published one", workflow.ScopeComment))
	g := e.client()
	for _, tok := range []string{revoked, expiring, published} {
		if r := g.get("/review/" + tok); r.StatusCode != http.StatusOK {
			t.Fatalf("a new link: %d", r.StatusCode)
		}
	}
	unknown := g.get("/review/" + strings.Repeat("A", 43) + "?lang=en")
	if unknown.StatusCode != http.StatusNotFound {
		t.Fatalf("an unknown token: %d", unknown.StatusCode)
	}
	endedPage := func(what, tok string) {
		t.Helper()
		r := g.get("/review/" + tok + "?lang=en")
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", what, r.StatusCode)
		}
		checkGuestHeaders(t, what, r.Header)
		got, want := r.doc(t).Find("main").Text(), unknown.doc(t).Find("main").Text()
		if got != want || !strings.Contains(got, "has ended or is not valid") {
			t.Errorf("%s says %q, an unknown token %q", what, squash(got), squash(want))
		}
	}

	// The revoke button.
	l := e.linkOf(id, "revoked one")
	form := ed.get(casePath(id) + "/review-links").doc(t).Find("#link-" + i64(l.ID) + " form")
	if form.AttrOr("action", "") != casePath(id)+"/review-links/revoke" || form.Find(`input[name="link"]`).AttrOr("value", "") != i64(l.ID) {
		t.Fatalf("no revoke button for the link")
	}
	r := ed.post(casePath(id)+"/review-links/revoke", url.Values{"link": {i64(l.ID)}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != casePath(id)+"/review-links" {
		t.Fatalf("revoke: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if ed.get(casePath(id)+"/review-links").doc(t).Find("#flash").Text() != studioText("flash.link_revoked") {
		t.Errorf("no word of the revocation")
	}
	endedPage("revoked", revoked)
	if r := g.post("/review/"+revoked, url.Values{"name": {"Anna"}, "comment": {"Still there?"}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("a comment through a revoked link: %d", r.StatusCode)
	}

	// The expiry, checked at each use.
	now = now.Add(time.Hour + time.Second)
	endedPage("expired", expiring)
	if r := g.get("/review/" + published); r.StatusCode != http.StatusOK {
		t.Fatalf("a link of 72 hours after one: %d", r.StatusCode)
	}

	// The case goes out.
	e.takeThrough(res, id)
	endedPage("published", published)

	// Taken down.
	after := e.newLink(ed, id, linkForm("after publication", workflow.ScopeView))
	if r := g.get("/review/" + after); r.StatusCode != http.StatusOK {
		t.Fatalf("a link to a published case: %d", r.StatusCode)
	}
	if r := e.transition(ed, id, workflow.Unpublish, url.Values{"comment": {"The family asked."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	endedPage("unpublished", after)

	d := ed.get(casePath(id) + "/review-links").doc(t)
	if d.Find("#live-links li").Length() != 0 || d.Find("#no-live-links").Length() != 1 {
		t.Errorf("live links remain")
	}
	for label, why := range map[string]string{"revoked one": workflow.LinkRevoked, "expiring one": workflow.LinkExpired,
		"published one": workflow.LinkPublished, "after publication": workflow.LinkUnpublished} {
		li := d.Find("#link-" + i64(e.linkOf(id, label).ID))
		if li.Parent().AttrOr("id", "") != "ended-links" || !strings.HasPrefix(li.Find(".ended-why").Text(), studioText("reviewlink.why."+why)+",") {
			t.Errorf("%s: listed as %q", label, squash(li.Text()))
		}
	}
}

// TestReviewLinkGuessingIsThrottled: tokens that open nothing are counted
// per client address as sign-in counts them (an IPv6 address by its /64);
// past the limit the answer is 429 with a page that says so, even for a
// right token and for its photo and comment form, until the window
// passes; another address is not held.
func TestReviewLinkGuessingIsThrottled(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	e.h.SetThrottleClock(func() time.Time { return now })
	id := e.createCase(e.login("researcher"), caseForm())
	token := e.newLink(e.login("editor"), id, linkForm("defence lawyer", workflow.ScopeComment))
	g := e.client()
	for i := range 20 {
		wrong := base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(i) + strings.Repeat("x", 31)))[:43]
		addr := "2001:db8:1:2::" + strconv.Itoa(i+1)
		if r := g.get("/review/"+wrong, from(addr)...); r.StatusCode != http.StatusNotFound {
			t.Fatalf("guess %d: %d", i, r.StatusCode)
		}
	}
	same64 := "2001:db8:1:2:ffff::1"
	for what, r := range map[string]*response{
		"the right token":   g.get("/review/"+token+"?lang=en", from(same64)...),
		"its comment form":  g.post("/review/"+token, url.Values{"name": {"A"}, "comment": {"B"}, "lang": {"en"}}, from(same64)...),
		"a photo":           g.get("/review/"+token+"/media/"+strings.Repeat("a", 64)+".jpg?lang=en", from(same64)...),
		"another wrong one": g.get("/review/"+strings.Repeat("B", 43)+"?lang=en", from(same64)...),
	} {
		guestHeld(t, what, r)
		checkGuestHeaders(t, what, r.Header)
	}
	if c, _ := e.st.Comments(context.Background(), id); len(c) != 0 {
		t.Errorf("a held comment was written")
	}
	if r := g.get("/review/"+token, from("2001:db8:1:3::1")...); r.StatusCode != http.StatusOK {
		t.Errorf("another /64: %d", r.StatusCode)
	}
	if r := g.get("/review/"+token, from("198.51.100.9")...); r.StatusCode != http.StatusOK {
		t.Errorf("another address: %d", r.StatusCode)
	}
	now = now.Add(15*time.Minute + time.Second)
	if r := g.get("/review/"+token, from(same64)...); r.StatusCode != http.StatusOK {
		t.Errorf("after the window: %d", r.StatusCode)
	}
	// A right token forgives nothing: the guesses count until they age.
	for i := range 20 {
		g.get("/review/"+strings.Repeat("C", 42)+strconv.Itoa(i%10), from(same64)...)
		g.get("/review/"+token, from(same64)...)
	}
	guestHeld(t, "after twenty more guesses among right ones", g.get("/review/"+token+"?lang=en", from(same64)...))
}

// guestHeld fails unless r is a 429 with a sensible Retry-After and a
// page that says to wait.
func guestHeld(t *testing.T, what string, r *response) {
	t.Helper()
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("%s: %d, want 429", what, r.StatusCode)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 15*60+1 {
		t.Errorf("%s: Retry-After %q", what, r.Header.Get("Retry-After"))
	}
	if got := r.doc(t).Find("#guest-throttled").Text(); !strings.Contains(got, "Try again in") {
		t.Errorf("%s: the page says %q", what, squash(r.doc(t).Find("main").Text()))
	}
}

// TestReviewLinkTokenNeverLogged: the access log, error lines and warnings
// of every kind of guest request (the page, its photo, a comment, a
// refused one, a forged transition, an unknown token, a throttled one, a
// HEAD) say which guest page it was, never the token.
func TestReviewLinkTokenNeverLogged(t *testing.T) {
	e := newEnv(t, handlers.WithLogAddresses(true))
	now := time.Now()
	e.h.SetThrottleClock(func() time.Time { return now })
	id := fullDraft(t, e)
	token := e.newLink(e.login("editor"), id, linkForm("defence lawyer", workflow.ScopeComment))
	g := e.client()
	page := g.get("/review/" + token)
	src := page.doc(t).Find("figure.portrait img").AttrOr("src", "")
	if r := g.get(src); r.StatusCode != http.StatusOK {
		t.Fatalf("the photo: %d", r.StatusCode)
	}
	g.post("/review/"+token, url.Values{"name": {"Anna"}, "comment": {"A comment"}})
	g.post("/review/"+token, url.Values{"name": {""}, "comment": {"A comment"}})
	g.post("/review/"+token, url.Values{"transition": {"publish"}})
	req, _ := http.NewRequest(http.MethodHead, e.srv.URL+"/review/"+token, nil)
	g.do(req)
	for range 21 {
		g.get("/review/" + otherToken(token))
	}
	if r := g.get("/review/" + token); r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("not throttled: %d", r.StatusCode)
	}
	logs := e.logs.String()
	if strings.Contains(logs, token) || strings.Contains(logs, token[:20]) {
		t.Errorf("the log holds the token:\n%s", logs)
	}
	for _, want := range []string{`path=/review/…`, `path=/review/…/media/…`, "review link throttled"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log has no %q", want)
		}
	}
}

// TestReviewLinkPagesAreValidHTML runs the Nu HTML Checker over the new
// pages in every state: the studio's list with live and ended links, the
// answer with a new link, the form refused; the guest's page in both
// languages, with its comment refused and sent, view-only, the page of a
// link that ended and of a client held by the limit.
func TestReviewLinkPagesAreValidHTML(t *testing.T) {
	jar := webTool(t, "CASEBOOK_VNU_JAR", "the Nu HTML Checker (npm vnu-jar)")
	e := newEnv(t)
	now := time.Now()
	e.h.SetThrottleClock(func() time.Time { return now })
	id := fullDraft(t, e)
	ed := e.login("editor")
	dir := t.TempDir()
	var files []string
	save := func(name string, r *response, status int) {
		t.Helper()
		if r.StatusCode != status {
			t.Fatalf("%s: %d, want %d", name, r.StatusCode, status)
		}
		f := filepath.Join(dir, name+".html")
		if err := os.WriteFile(f, []byte(r.body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	save("studio-empty", ed.get(casePath(id)+"/review-links"), 200)
	save("studio-created", ed.post(casePath(id)+"/review-links", linkForm("defence lawyer", workflow.ScopeComment)), 201)
	bad := linkForm("", workflow.ScopeComment)
	bad.Set("hours", "400")
	save("studio-refused", ed.post(casePath(id)+"/review-links", bad), 422)
	token := e.newLink(ed, id, linkForm("sister", workflow.ScopeView))
	comment := e.newLink(ed, id, linkForm("lawyer", workflow.ScopeComment))
	ended := e.newLink(ed, id, linkForm("revoked", workflow.ScopeView))
	ed.post(casePath(id)+"/review-links/revoke", url.Values{"link": {i64(e.linkOf(id, "revoked").ID)}})
	g := e.client()
	g.get("/review/" + comment)
	save("studio-list", ed.get(casePath(id)+"/review-links"), 200)
	save("case-page", ed.get(casePath(id)), 200)
	save("guest-en", g.get("/review/"+comment+"?lang=en"), 200)
	save("guest-ru", g.get("/review/"+comment+"?lang=ru"), 200)
	save("guest-view-only", g.get("/review/"+token), 200)
	save("guest-refused", g.post("/review/"+comment, url.Values{"name": {""}, "comment": {""}, "lang": {"ru"}}), 422)
	save("guest-sent", g.post("/review/"+comment, url.Values{"name": {"Anna"}, "comment": {"A comment"}, "lang": {"en"}}), 200)
	save("thread", ed.get(casePath(id)), 200)
	save("guest-ended", g.get("/review/"+ended), 404)
	for range 20 {
		g.get("/review/" + ended)
	}
	save("guest-throttled", g.get("/review/"+token), 429)
	vnuFiles(t, jar, files)
}

// TestReviewLinkViewsAreBounded: every view is an audit entry, so the
// holder of a link cannot reload it without end: past 60 views in 15
// minutes the link answers 429 (from any address) until the window
// passes, and the views held are neither counted nor written.
func TestReviewLinkViewsAreBounded(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	e.h.SetThrottleClock(func() time.Time { return now })
	id := e.createCase(e.login("researcher"), caseForm())
	token := e.newLink(e.login("editor"), id, linkForm("defence lawyer", workflow.ScopeComment))
	other := e.newLink(e.login("editor"), id, linkForm("sister", workflow.ScopeView))
	g := e.client()
	for i := range 60 {
		if r := g.get("/review/"+token, from("198.51.100."+strconv.Itoa(i%200+1))...); r.StatusCode != http.StatusOK {
			t.Fatalf("view %d: %d", i+1, r.StatusCode)
		}
	}
	views := func() int {
		n := 0
		for _, a := range e.auditSince(0) {
			if a.Action == "review_link.view" {
				n++
			}
		}
		return n
	}
	before := views()
	guestHeld(t, "the 61st view", g.get("/review/"+token+"?lang=en", from("203.0.113.7")...))
	if got := views(); got != before {
		t.Errorf("a held view was written: %d entries, had %d", got, before)
	}
	if r := g.get("/review/"+other, from("203.0.113.7")...); r.StatusCode != http.StatusOK {
		t.Errorf("another link from the same address: %d", r.StatusCode)
	}
	now = now.Add(15*time.Minute + time.Second)
	if r := g.get("/review/"+token, from("203.0.113.7")...); r.StatusCode != http.StatusOK {
		t.Errorf("after the window: %d", r.StatusCode)
	}
}

// TestDisablingAnAccountEndsItsReviewLinks: the links an account made
// stop opening when it is disabled (perhaps taken over), stay ended when
// it is enabled again, and the list says why; links others made live on.
func TestDisablingAnAccountEndsItsReviewLinks(t *testing.T) {
	e := newEnv(t)
	id := e.createCase(e.login("researcher"), caseForm())
	byLawyer := e.newLink(e.login("lawyer"), id, linkForm("defence lawyer", workflow.ScopeComment))
	byEditor := e.newLink(e.login("editor"), id, linkForm("sister", workflow.ScopeView))
	adm := e.login("admin")
	lawyer := i64(e.users["lawyer"].ID)
	if r := adm.post("/studio/users/"+lawyer+"/disable", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", r.StatusCode)
	}
	if r := adm.post("/studio/users/"+lawyer+"/enable", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", r.StatusCode)
	}
	g := e.client()
	if r := g.get("/review/" + byLawyer); r.StatusCode != http.StatusNotFound {
		t.Errorf("a link of the disabled account: %d", r.StatusCode)
	}
	if r := g.get("/review/" + byEditor); r.StatusCode != http.StatusOK {
		t.Errorf("another's link: %d", r.StatusCode)
	}
	page := e.login("editor").get("/studio/cases/" + i64(id) + "/review-links")
	ended := page.doc(t).Find("#ended-links .ended-why").Text()
	if !strings.Contains(ended, studioText("reviewlink.why."+workflow.LinkCreatorDisabled)) {
		t.Errorf("the ended link does not say why: %q", ended)
	}
}
