package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"casebook/content"
	"casebook/handlers"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

// matrixAllowed is the design's permission table, written out again for
// HTTP, for a person who neither submitted nor wrote the revision.
var matrixAllowed = map[string]bool{
	"researcher/draft/submit": true, "editor/draft/submit": true, "admin/draft/submit": true,
	"editor/legal_review/withdraw": true, "admin/legal_review/withdraw": true,
	"lawyer/legal_review/approve_legal":       true,
	"lawyer/legal_review/request_changes":     true,
	"editor/legal_review/request_changes":     true,
	"admin/legal_review/request_changes":      true,
	"editor/editorial_review/request_changes": true,
	"admin/editorial_review/request_changes":  true,
	"editor/editorial_review/publish":         true,
	"admin/editorial_review/publish":          true,
	"editor/scheduled/unschedule":             true,
	"admin/scheduled/unschedule":              true,
}

// caseIn builds a case in the given state, authored, submitted, approved
// and published by accounts other than the ones under test. With live,
// the case was published before and has a new working revision.
func (e *env) caseIn(state workflow.State, live bool) int64 {
	e.t.Helper()
	ctx := context.Background()
	author, lawyer, editor := e.extra("author", "researcher"), e.extra("lawyer0", "lawyer"), e.extra("editor0", "editor")
	cc := parseForm(caseForm())
	id, err := e.st.CreateCase(ctx, author, cc)
	if err != nil {
		e.t.Fatal(err)
	}
	step := func(u *store.User, t workflow.Transition, in workflow.Input) {
		e.t.Helper()
		if _, err := e.st.Transition(ctx, workflow.Default(), u, id, e.detail(id).Case.WorkingRevisionID, t, in); err != nil {
			e.t.Fatalf("%s: %v", t, err)
		}
	}
	review := &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}
	toReview := func() {
		step(author, workflow.Submit, workflow.Input{})
		step(lawyer, workflow.ApproveLegal, workflow.Input{Review: review})
	}
	if live {
		toReview()
		step(editor, workflow.Publish, workflow.Input{})
		c := e.detail(id).Working.Content.Clone()
		c.EN.Headline += " (updated)"
		if _, err := e.st.SaveRevision(ctx, editor, id, e.detail(id).Case.WorkingRevisionID, c); err != nil {
			e.t.Fatal(err)
		}
		// The new draft was written by editor0: submit it as the author.
	}
	switch state {
	case workflow.LegalReview:
		step(author, workflow.Submit, workflow.Input{})
	case workflow.EditorialReview:
		toReview()
	case workflow.Scheduled:
		toReview()
		// Not editor0, who wrote the edit of a live case: four eyes.
		step(e.extra("editor1", "editor"), workflow.Publish, workflow.Input{PublishAt: time.Now().Add(24 * time.Hour)})
	case workflow.Published:
		if !live {
			toReview()
			step(editor, workflow.Publish, workflow.Input{})
		}
	}
	if got := e.detail(id).Case.State; got != state && !(live && state == workflow.Published) {
		e.t.Fatalf("built a %s case, want %s", got, state)
	}
	return id
}

// extra returns (creating once) an account that is not one of the
// accounts whose permissions a test checks.
func (e *env) extra(name, role string) *store.User {
	e.t.Helper()
	if u, ok := e.users[name]; ok {
		return u
	}
	u, err := e.st.CreateUser(context.Background(), nil, store.NewUser{Email: name + "@example.org", Name: name, Role: role, Password: testPassword})
	if err != nil {
		e.t.Fatal(err)
	}
	e.users[name] = u
	return u
}

// footprint is everything an action on a case can write: its row and how
// many revisions, comments and audit entries it has.
type footprint struct {
	Case                        store.Case
	Revisions, Comments, Audits int
}

func (e *env) footprint(id int64) footprint {
	e.t.Helper()
	ctx := context.Background()
	hist, err := e.st.History(ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	comments, err := e.st.Comments(ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	audit, err := e.st.AuditLog(ctx, store.AuditQuery{CaseID: id, Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	return footprint{Case: e.detail(id).Case, Revisions: len(hist), Comments: len(comments), Audits: len(audit)}
}

// buttons lists the transition buttons the case page shows c, sorted.
func buttons(t *testing.T, c *client, id int64) []string {
	t.Helper()
	r := c.get(casePath(id))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("case page: %d", r.StatusCode)
	}
	var out []string
	r.doc(t).Find(`button[name="transition"]`).Each(func(_ int, s *goquerySelection) {
		out = append(out, s.AttrOr("value", ""))
	})
	slices.Sort(out)
	return out
}

// TestPermissionMatrixThroughHTTP presses every transition button as every
// role in every state: what the table allows succeeds and writes one audit
// entry; anything else is 403 and writes nothing at all (not even an audit
// line for the refusal: a refused attempt changes nothing, and the server
// log has it). In every cell the case page offers exactly the buttons
// workflow allows that person.
func TestPermissionMatrixThroughHTTP(t *testing.T) {
	e := newEnv(t)
	clients := map[string]*client{}
	for _, r := range workflow.Roles() {
		clients[string(r)] = e.login(string(r))
	}
	inputs := url.Values{"comment": {"A reason."}}
	for k, v := range approval() {
		inputs[k] = v
	}
	type situation struct {
		state workflow.State
		live  bool
	}
	situations := []situation{
		{workflow.Draft, false}, {workflow.LegalReview, false}, {workflow.EditorialReview, false},
		{workflow.Scheduled, false}, {workflow.Published, false},
		{workflow.Draft, true}, {workflow.LegalReview, true}, {workflow.EditorialReview, true},
		// An edit of a live case approved and waiting for its time: the
		// emergency unpublish must leave nothing for the scheduler.
		{workflow.Scheduled, true},
	}
	checked := 0
	for _, sit := range situations {
		refused := e.caseIn(sit.state, sit.live)
		for _, role := range workflow.Roles() {
			actor := e.users[string(role)].Actor()
			for _, tr := range workflow.Transitions() {
				name := fmt.Sprintf("%s/%s/%s live=%v", role, sit.state, tr, sit.live)
				want := matrixAllowed[fmt.Sprintf("%s/%s/%s", role, sit.state, tr)]
				if tr == workflow.Unpublish {
					want = role.IsEditor() && (sit.live || sit.state == workflow.Published)
				}
				id := refused
				if want {
					id = e.caseIn(sit.state, sit.live)
				}
				var allowed []string
				for _, a := range workflow.Default().Allowed(actor, e.detail(id).Workflow()) {
					allowed = append(allowed, string(a))
				}
				slices.Sort(allowed)
				if got := buttons(t, clients[string(role)], id); !slices.Equal(got, allowed) {
					t.Errorf("%s: the page offers %v, workflow allows %v", name, got, allowed)
				}
				if slices.Contains(allowed, string(tr)) != want {
					t.Errorf("%s: workflow allows %v, the table says %v", name, allowed, want)
				}
				before := e.footprint(id)
				r := e.transition(clients[string(role)], id, tr, inputs)
				after := e.footprint(id)
				checked++
				if want {
					if r.StatusCode != http.StatusSeeOther {
						t.Errorf("%s: %d, want it allowed", name, r.StatusCode)
						continue
					}
					if after.Case.State == before.Case.State && tr != workflow.Unpublish {
						t.Errorf("%s: allowed but the state stayed %s", name, after.Case.State)
					}
					if after.Revisions != before.Revisions || after.Audits != before.Audits+1 {
						t.Errorf("%s: %d revisions and %d audit entries written, want 0 and 1", name, after.Revisions-before.Revisions, after.Audits-before.Audits)
					}
					if tr == workflow.Unpublish && (after.Case.State == workflow.Scheduled || !after.Case.PublishAt.IsZero() || after.Case.LiveRevisionID != 0) {
						t.Errorf("%s: after unpublish %s, publish at %v, live %d", name, after.Case.State, after.Case.PublishAt, after.Case.LiveRevisionID)
					}
					continue
				}
				if r.StatusCode != http.StatusForbidden {
					t.Errorf("%s: %d, want 403", name, r.StatusCode)
				}
				if after != before {
					t.Errorf("%s: a refused transition wrote something:\nbefore %+v\nafter  %+v", name, before, after)
				}
			}
		}
	}
	if checked != len(situations)*4*len(workflow.Transitions()) {
		t.Fatalf("checked %d combinations", checked)
	}
}

// TestResearcherCannotEditOrRestoreOutsideDraft: once a case has left
// draft, a researcher (its author included) can neither save a new
// revision nor restore an old one; the answer is 403 and nothing is
// written.
func TestResearcherCannotEditOrRestoreOutsideDraft(t *testing.T) {
	e := newEnv(t)
	e.extra("author", "researcher")
	for _, who := range []string{"researcher", "author"} {
		c := e.login(who)
		for _, st := range []workflow.State{workflow.LegalReview, workflow.EditorialReview, workflow.Scheduled, workflow.Published} {
			id := e.caseIn(st, false)
			if e.detail(id).Working.Number < 2 {
				// Something to restore: an editor's edit, which keeps the
				// state of a case in review.
				cc := e.detail(id).Working.Content.Clone()
				cc.Timeline = []content.TimelineEntry{{Date: "2024-05", EN: "Detained"}}
				if _, err := e.st.SaveRevision(context.Background(), e.extra("editor0", "editor"), id, e.detail(id).Case.WorkingRevisionID, cc); err != nil {
					t.Fatal(err)
				}
			}
			if got := e.detail(id).Case.State; got == workflow.Draft {
				continue // editing a published case made a draft
			}
			before := e.footprint(id)
			form := caseForm()
			form.Set("revision", i64(before.Case.WorkingRevisionID))
			form.Set("headline_en", "A researcher's late change")
			if r := c.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s edits a %s case: %d", who, st, r.StatusCode)
			}
			if r := c.post(casePath(id)+"/restore", url.Values{"number": {"1"}, "revision": {i64(before.Case.WorkingRevisionID)}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s restores in a %s case: %d", who, st, r.StatusCode)
			}
			if after := e.footprint(id); after != before {
				t.Errorf("%s in %s: a refused edit wrote something:\nbefore %+v\nafter  %+v", who, st, before, after)
			}
			if r := c.get(casePath(id) + "/edit"); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s opens the edit form of a %s case: %d", who, st, r.StatusCode)
			}
		}
	}
}

func TestCommentsAreRequiredAndNeverPublic(t *testing.T) {
	e := newEnv(t)
	id := e.caseIn(workflow.LegalReview, false)
	law := e.login("lawyer")
	before := e.detail(id)
	r := e.transition(law, id, workflow.RequestChanges, url.Values{"comment": {"   "}})
	if r.StatusCode != http.StatusUnprocessableEntity || r.doc(t).Find("#action-error").Length() == 0 {
		t.Fatalf("empty comment: %d", r.StatusCode)
	}
	if e.detail(id).Case != before.Case {
		t.Fatal("a refused request_changes changed the case")
	}
	secret := "INTERNAL-ONLY the source is the cousin in Vologda"
	if r := e.transition(law, id, workflow.RequestChanges, url.Values{"comment": {secret}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("request changes: %d", r.StatusCode)
	}
	res := e.login("researcher")
	d := res.get(casePath(id)).doc(t)
	if !strings.Contains(d.Find(".thread").Text(), secret) || !strings.Contains(d.Find(".thread .transition").Text(), "Вернуть на доработку") {
		t.Errorf("the comment is not in the thread with its transition")
	}
	if d.Find(".case-head .badge-changes").Length() == 0 {
		t.Errorf("no 'changes requested' badge")
	}
	// The author fixes, resubmits, and it gets published: the comment
	// never reaches a public page.
	author := e.extra("author", "researcher")
	fix := parseForm(caseForm())
	fix.EN.Headline = "Fixed headline"
	if _, err := e.st.SaveRevision(context.Background(), author, id, e.detail(id).Case.WorkingRevisionID, fix); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Transition(context.Background(), workflow.Default(), author, id, e.detail(id).Case.WorkingRevisionID, workflow.Submit, workflow.Input{}); err != nil {
		t.Fatal(err)
	}
	e.transition(law, id, workflow.ApproveLegal, approval())
	e.transition(e.login("editor"), id, workflow.Publish, nil)
	v := e.client()
	for _, p := range []string{"/en/", "/ru/", "/en/cases", "/en/cases?q=cousin", "/en/cases/aleksandr-akimushkin", "/ru/cases/aleksandr-akimushkin"} {
		if strings.Contains(v.get(p).body, "INTERNAL-ONLY") {
			t.Errorf("%s shows an internal comment", p)
		}
	}
}

func TestSchedulingThroughTheStudio(t *testing.T) {
	e := newEnv(t)
	id := e.caseIn(workflow.EditorialReview, false)
	ed := e.login("editor")
	// A time in the past or malformed is refused with the text kept.
	for _, bad := range []string{"2020-01-01T10:00", "tomorrow"} {
		r := e.transition(ed, id, workflow.Publish, url.Values{"publish_at": {bad}})
		if r.StatusCode != http.StatusUnprocessableEntity || r.doc(t).Find("#publish_at").AttrOr("value", "") != bad {
			t.Errorf("publish_at %q: %d", bad, r.StatusCode)
		}
	}
	at := time.Now().UTC().Add(2 * time.Hour).Format("2006-01-02T15:04")
	if r := e.transition(ed, id, workflow.Publish, url.Values{"publish_at": {at}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d", r.StatusCode)
	}
	if got := e.detail(id).Case.State; got != workflow.Scheduled {
		t.Fatalf("state %s", got)
	}
	if r := e.client().get("/en/cases/aleksandr-akimushkin"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("a scheduled case is public: %d", r.StatusCode)
	}
	d := ed.get(casePath(id)).doc(t)
	if d.Find("#scheduled-for").Length() == 0 || d.Find(`button[value="unschedule"]`).Length() == 0 {
		t.Errorf("the case page does not show the schedule and its cancel button")
	}
	if !strings.Contains(ed.get("/studio/").doc(t).Find(".waiting").Text(), "Александр Акимушкин") {
		t.Errorf("a scheduled case does not wait for the editor")
	}
	// Cancelled: back to editorial review, no time.
	if r := e.transition(ed, id, workflow.Unschedule, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unschedule: %d", r.StatusCode)
	}
	if dd := e.detail(id); dd.Case.State != workflow.EditorialReview || !dd.Case.PublishAt.IsZero() {
		t.Errorf("after unschedule: %s %v", dd.Case.State, dd.Case.PublishAt)
	}
}

func TestFourEyesAdminSetting(t *testing.T) {
	e := newEnv(t)
	ed := e.login("editor")
	id := e.createCase(ed, caseForm())
	e.transition(ed, id, workflow.Submit, nil)
	e.transition(e.login("lawyer"), id, workflow.ApproveLegal, approval())
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("submitter publishes with four eyes on: %d", r.StatusCode)
	}
	if r := ed.get("/studio/settings"); r.StatusCode != http.StatusForbidden {
		t.Errorf("an editor reaches the settings: %d", r.StatusCode)
	}
	if r := ed.post("/studio/settings", url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Errorf("an editor changes the settings: %d", r.StatusCode)
	}
	admin := e.login("admin")
	if r := admin.post("/studio/settings", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin turns four eyes off: %d", r.StatusCode)
	}
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("four eyes off in the settings, publish: %d", r.StatusCode)
	}
	entries, _ := e.st.AuditLog(context.Background(), store.AuditQuery{ActorID: e.users["admin"].ID})
	if len(entries) == 0 || entries[0].Action != "settings.four_eyes" || string(entries[0].Data) != `{"on":false}` {
		t.Errorf("the change is not in the audit log: %+v", entries)
	}
	// --four-eyes=false wins over the setting, and the page says so.
	e2 := newEnv(t, handlers.WithRules(workflow.Rules{FourEyes: false}))
	if e2.login("admin").get("/studio/settings").doc(t).Find("#four-eyes-forced").Length() == 0 {
		t.Error("the settings page does not say the flag turned the rule off")
	}
}

func TestPreviewIsStudioOnlyAndMarked(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	p := casePath(id) + "/preview?rev=1&lang=ru"
	r := res.get(p)
	if r.StatusCode != 200 {
		t.Fatalf("preview: %d", r.StatusCode)
	}
	d := r.doc(t)
	if d.Find(".preview-banner").Length() == 0 || d.Find(`meta[name="robots"]`).AttrOr("content", "") != "noindex, nofollow" {
		t.Error("the preview is not marked as not public")
	}
	if d.Find(".profile h1").Text() != "Александр Акимушкин" {
		t.Errorf("preview heading %q", d.Find(".profile h1").Text())
	}
	if r.Header.Get("Cache-Control") != "no-store" || !strings.Contains(r.Header.Get("X-Robots-Tag"), "noindex") {
		t.Errorf("preview headers %v", r.Header)
	}
	if r := e.client().get(p); r.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous preview: %d", r.StatusCode)
	}
	for _, q := range []string{"?rev=9", "?rev=x", "?lang=de"} {
		if r := res.get(casePath(id) + "/preview" + q); r.StatusCode >= 500 || (q != "?lang=de" && r.StatusCode == 200) {
			t.Errorf("preview%s: %d", q, r.StatusCode)
		}
	}
}

func TestAuditLogPage(t *testing.T) {
	e := newEnv(t)
	id := e.publish(caseForm())
	e.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {"wrong password!"}})
	ed := e.login("editor")
	if r := e.login("researcher").get("/studio/audit"); r.StatusCode != http.StatusForbidden {
		t.Errorf("researcher reads the audit log: %d", r.StatusCode)
	}
	all := ed.get("/studio/audit", "Accept-Language", "ru").doc(t)
	ru := i18n.New().Printer(content.RU)
	for _, action := range []string{"login.failed", "login", "case.create", "transition.submit", "transition.approve_legal", "transition.publish"} {
		s := all.Find(`[data-action="` + action + `"]`)
		if s.Length() == 0 {
			t.Errorf("audit page lacks %s", action)
		} else if got := s.First().Text(); got != ru.T("audit.action."+action) {
			t.Errorf("%s shows as %q", action, got)
		}
	}
	byCase := ed.get(fmt.Sprintf("/studio/audit?case=%d", id)).doc(t)
	byCase.Find("table.audit tbody tr").Each(func(_ int, s *goquerySelection) {
		if !strings.Contains(s.Text(), "aleksandr-akimushkin") {
			t.Errorf("case filter shows %q", s.Text())
		}
	})
	byUser := ed.get(fmt.Sprintf("/studio/audit?user=%d", e.users["lawyer"].ID)).doc(t)
	if n := byUser.Find("table.audit tbody tr").Length(); n == 0 {
		t.Error("person filter shows nothing")
	}
	byUser.Find("table.audit tbody tr").Each(func(_ int, s *goquerySelection) {
		if !strings.Contains(s.Text(), "Test lawyer") {
			t.Errorf("person filter shows %q", s.Text())
		}
	})
	if r := ed.get("/studio/audit?case=abc"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("bad filter: %d", r.StatusCode)
	}
}

// TestUnpublishLeavesEveryPublicSurface: the emergency unpublish takes the
// case off every public answer at once (pages, search, feeds, sitemap,
// open data, statistics, its photo), while another published case stays;
// its addresses answer 410 with a neutral page that says nothing of it.
func TestUnpublishLeavesEveryPublicSurface(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	form := caseForm()
	form.Set("region", "arkhangelsk-oblast")
	form.Set("photo_credit", "Family archive")
	r := res.postMultipart("/studio/cases/new", form, "portrait.jpg", jpegWithSecrets(t, 800, 600))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create with photo: %d", r.StatusCode)
	}
	var id int64
	fmtSscan(r.Header.Get("Location"), &id)
	e.takeThrough(res, id)
	other := caseForm()
	for k, v := range map[string]string{"name_ru": "Иван Петров", "name_en": "Ivan Petrov", "statement_ru": "Петров.", "statement_en": "Petrov.",
		"headline_ru": "Учителя из Твери осудили за пост", "headline_en": "A teacher from Tver sentenced for a post",
		"body_ru": "## Кто такой Иван Петров\n\nУчитель.", "body_en": "## Who is Ivan Petrov\n\nA teacher."} {
		other.Set(k, v)
	}
	e.publish(other)

	v := e.client()
	shows := func(body string) bool {
		return strings.Contains(body, "kimushkin") || strings.Contains(body, "кимушкин")
	}
	// The search box repeats the query, so HTML pages are read by their
	// results; feeds, sitemap and open data by their whole body.
	pages := []string{"/en/", "/ru/", "/en/cases", "/ru/cases", "/en/cases?q=akimushkin", "/ru/cases?q=акимушкина", "/en/cases?region=arkhangelsk-oblast"}
	mainText := func(p string) string {
		d := v.get(p).doc(t)
		return d.Find("main .case-list").Text() + strings.Join(d.Find(`main a[href*="/cases/"]`).Map(func(_ int, s *goquerySelection) string { return s.AttrOr("href", "") }), " ")
	}
	data := []string{"/ru/feed.atom", "/en/feed.atom", "/sitemap.xml", "/api/v1/cases", "/api/v1/cases.csv"}
	profiles := []string{"/en/cases/aleksandr-akimushkin", "/ru/cases/aleksandr-akimushkin", "/api/v1/cases/aleksandr-akimushkin"}
	live := e.detail(id).Live.Content
	photos := []string{live.Photo.URL}
	if thumb := v.get("/en/cases").doc(t).Find(`main img[src^="/media/"]`).First().AttrOr("src", ""); thumb != "" && thumb != live.Photo.URL {
		photos = append(photos, thumb)
	}
	if !strings.HasPrefix(live.Photo.URL, "/media/") || len(photos) != 2 {
		t.Fatalf("photo %q, list variant %v", live.Photo.URL, photos)
	}
	stats := func(l string) string {
		r := v.get("/" + l + "/stats")
		if r.StatusCode != 200 {
			t.Fatalf("stats: %d", r.StatusCode)
		}
		return strings.TrimSpace(r.doc(t).Find("main .lede").Text())
	}
	for _, p := range pages {
		if !shows(mainText(p)) {
			t.Fatalf("%s does not show the case before unpublish", p)
		}
	}
	for _, p := range append(append([]string{}, data...), profiles...) {
		if r := v.get(p); r.StatusCode != 200 || !shows(r.body) {
			t.Fatalf("%s does not show the case before unpublish: %d", p, r.StatusCode)
		}
	}
	for _, p := range photos {
		if r := v.get(p); r.StatusCode != 200 {
			t.Fatalf("%s before unpublish: %d", p, r.StatusCode)
		}
	}
	if got := stats("en"); !strings.HasPrefix(got, "2 ") {
		t.Fatalf("stats before unpublish: %q", got)
	}

	if r := e.transition(e.login("editor"), id, workflow.Unpublish, url.Values{"comment": {"The family asked."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	for _, p := range pages {
		if got := mainText(p); shows(got) {
			t.Errorf("%s still shows the case: %s", p, got)
		}
	}
	if !strings.Contains(mainText("/en/cases"), "Ivan Petrov") {
		t.Error("the other case left the list too")
	}
	for _, p := range data {
		r := v.get(p)
		if r.StatusCode != 200 || shows(r.body) {
			t.Errorf("%s: %d, still names the case: %s", p, r.StatusCode, r.body)
		}
		if !strings.Contains(r.body, "ivan-petrov") {
			t.Errorf("%s lost the other case", p)
		}
	}
	for _, p := range profiles {
		r := v.get(p)
		if r.StatusCode != http.StatusGone {
			t.Errorf("%s: %d, want 410", p, r.StatusCode)
		}
		for _, leak := range []string{"kimushkin", "кимушкин", "family", "Blogger", "Блогер", "Архангельск", "Arkhangelsk", "/media/"} {
			if strings.Contains(r.body, leak) {
				t.Errorf("%s: the 410 answer says %q", p, leak)
			}
		}
	}
	for _, p := range photos {
		if r := v.get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s after unpublish: %d, want 404", p, r.StatusCode)
		}
	}
	for _, l := range []string{"en", "ru"} {
		if got := stats(l); !strings.HasPrefix(got, "1 ") {
			t.Errorf("/%s/stats after unpublish: %q, want one profile", l, got)
		}
		if b := v.get("/" + l + "/stats").body; strings.Contains(b, "arkhangelsk-oblast") || strings.Contains(b, "Архангельская") || strings.Contains(b, "Arkhangelsk") {
			t.Errorf("/%s/stats still counts the case's region", l)
		}
	}
}
