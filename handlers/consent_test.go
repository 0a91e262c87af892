package handlers_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"casebook/content"
	"casebook/handlers"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

// ru is the studio's language for accounts that chose none, whose
// browsers ask for none.
var ru = i18n.New().Printer(content.RU)

// photoCaseReady creates, as the researcher, a case with a photo and
// takes it to editorial review; the researcher is its creator.
func photoCaseReady(t *testing.T, e *env, nameRU, nameEN string) int64 {
	t.Helper()
	res := e.login("researcher")
	form := caseForm()
	form.Set("name_ru", nameRU)
	form.Set("name_en", nameEN)
	form.Set("photo_credit", "Family archive")
	r := res.postMultipart("/studio/cases/new", form, "portrait.jpg", jpegWithSecrets(t, 300, 400))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", r.StatusCode)
	}
	var id int64
	fmtSscan(r.Header.Get("Location"), &id)
	if e.detail(id).Working.Content.Photo.URL == "" {
		t.Fatal("no photo")
	}
	for _, step := range []struct {
		c     *client
		t     workflow.Transition
		extra url.Values
	}{{res, workflow.Submit, nil}, {e.login("lawyer"), workflow.ApproveLegal, approval()}} {
		if r := e.transition(step.c, id, step.t, step.extra); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", step.t, r.StatusCode)
		}
	}
	return id
}

func consentPath(id int64) string { return casePath(id) + "/consent" }

// formBase is the base a form of the consent page carries now.
func formBase(t *testing.T, c *client, id int64, form string) string {
	t.Helper()
	return c.get(consentPath(id)).doc(t).Find(form+` input[name="base"]`).AttrOr("value", "")
}

// recordConsent sends the consent form as the page has it now.
func recordConsent(t *testing.T, c *client, id int64, party, subject, decision, on, note string) *response {
	t.Helper()
	return c.post(consentPath(id), url.Values{"party": {party}, "subject": {subject}, "decision": {decision},
		"decided_on": {on}, "note": {note}, "base": {formBase(t, c, id, "#consent-form")}})
}

func mustRecordConsent(t *testing.T, c *client, id int64, party, subject, decision, on, note string) {
	t.Helper()
	if r := recordConsent(t, c, id, party, subject, decision, on, note); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("record consent %s %s: %d\n%s", subject, decision, r.StatusCode, r.doc(t).Find("main").Text())
	}
}

// registerTakedown registers a request and returns its number.
func registerTakedown(t *testing.T, e *env, c *client, id int64, requester, details string, asked ...string) int64 {
	t.Helper()
	r := c.post(casePath(id)+"/takedowns", url.Values{"received_on": {"2025-05-01"}, "requester": {requester}, "asked": asked, "details": {details}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d", r.StatusCode)
	}
	page, err := e.st.ConsentPage(context.Background(), e.users["editor"], id)
	if err != nil {
		t.Fatal(err)
	}
	return page.Takedowns[0].ID
}

// decideTakedown sends the decision form of request req as the page has
// it now.
func decideTakedown(t *testing.T, c *client, id, req int64, decision, reason string) *response {
	t.Helper()
	base := formBase(t, c, id, "#decide-"+i64(req)+"-form")
	return c.post(casePath(id)+"/takedowns/decide", url.Values{"request": {i64(req)}, "decision": {decision}, "reason": {reason}, "base": {base}})
}

// TestPhotoConsentRefusedBlocksPublication: with the photo's consent
// refused, an editor can neither publish nor schedule a revision with a
// photo, publish a correction of a live one, nor put back one taken
// down; the case page says why beside the buttons and shows the consent
// in force; a publication scheduled before the refusal is held when it
// falls due. With the photo removed (or a new consent) it publishes.
func TestPhotoConsentRefusedBlocksPublication(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed, res := e.login("editor"), e.login("researcher")
	id := photoCaseReady(t, e, "Мария Фотова", "Maria Fotova")
	mustRecordConsent(t, res, id, "family", "photo", "refused", "2025-05-03", "The mother said no")

	d := ed.get(casePath(id)).doc(t)
	if d.Find(`button[value="publish"]`).Length() != 0 {
		t.Error("the publish button is offered")
	}
	withheld := d.Find(".withheld").Text()
	if !strings.Contains(withheld, ru.T("transition.publish")+": "+ru.T("workflow.denied.photo_consent")) {
		t.Errorf("the page does not say why: %q", withheld)
	}
	if got := squash(d.Find("#consent-photo").Text()); !strings.Contains(got, ru.T("consent.decision.refused")) || !strings.Contains(got, ru.T("consent.party.family")) || !strings.Contains(got, "3 мая 2025") {
		t.Errorf("the consent beside the buttons: %q", got)
	}
	if d.Find(`#consent-state a[href="`+consentPath(id)+`"]`).Length() != 1 {
		t.Error("no link to the consent page")
	}
	if strings.Contains(d.Text(), "The mother said no") {
		t.Error("the case page shows the note")
	}
	soon := time.Now().UTC().Add(2 * time.Minute).Format("2006-01-02T15:04")
	for name, extra := range map[string]url.Values{"publish": nil, "schedule": {"publish_at": {soon}}} {
		if r := e.transition(ed, id, workflow.Publish, extra); r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, ru.T("workflow.denied.photo_consent")) {
			t.Errorf("%s with the photo refused: %d", name, r.StatusCode)
		}
	}
	if d := e.detail(id); d.Case.State != workflow.EditorialReview || d.Live != nil {
		t.Fatalf("after the refusals: %s", d.Case.State)
	}

	// Consent given, scheduled; refused again before the time: the
	// scheduled run holds it and the audit log says why.
	mustRecordConsent(t, ed, id, "person", "photo", "given", "2025-05-10", "")
	if r := e.transition(ed, id, workflow.Publish, url.Values{"publish_at": {soon}}); r.StatusCode != http.StatusSeeOther || e.detail(id).Case.State != workflow.Scheduled {
		t.Fatalf("schedule with consent: %d", r.StatusCode)
	}
	mustRecordConsent(t, res, id, "family", "photo", "refused", "2025-05-11", "")
	if d := ed.get(casePath(id)).doc(t); d.Find("#consent-held").Length() != 1 {
		t.Error("the case page does not say the scheduled publication will be held")
	}
	e.st.SetClock(func() time.Time { return time.Now().Add(10 * time.Minute) })
	published, err := e.st.PublishDue(ctx)
	e.st.SetClock(time.Now)
	if err != nil || len(published) != 0 {
		t.Fatalf("PublishDue: %v %v", published, err)
	}
	if d := e.detail(id); d.Case.State != workflow.EditorialReview || d.Live != nil {
		t.Fatalf("held: %s", d.Case.State)
	}
	if r := e.client().get("/en/cases/" + e.detail(id).Case.Slug); r.StatusCode != http.StatusNotFound {
		t.Errorf("the held profile: %d", r.StatusCode)
	}
	entries, _ := e.st.Audit(ctx, id, 1)
	if entries[0].Action != "case.held" {
		t.Errorf("audit: %s", entries[0].Action)
	}

	// The photo removed: back to the lawyer, then it publishes.
	form := caseForm()
	form.Set("name_ru", "Мария Фотова")
	form.Set("name_en", "Maria Fotova")
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form.Set("photo_url", e.detail(id).Working.Content.Photo.URL)
	form.Set("photo_remove", "yes")
	if r := ed.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther || e.detail(id).Working.Content.Photo.URL != "" {
		t.Fatalf("removing the photo: %d", r.StatusCode)
	}
	if r := e.transition(e.login("lawyer"), id, workflow.ApproveLegal, approval()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.StatusCode)
	}
	other := e.extra("editor2", "editor")
	ed2 := e.client()
	if r := ed2.post("/login", url.Values{"email": {other.Email}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatal("sign-in")
	}
	if r := e.transition(ed2, id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther || e.detail(id).Live == nil {
		t.Fatalf("publish without the photo: %d\n%s", r.StatusCode, r.body)
	}

	// A live profile with a photo: a correction of it is refused while
	// the photo is refused, and the page says the public one shows it.
	if err := e.st.SetCorrections(ctx, e.users["admin"], true); err != nil {
		t.Fatal(err)
	}
	live := photoCaseReady(t, e, "Пётр Живой", "Pyotr Zhivoy")
	if r := e.transition(ed, live, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.StatusCode)
	}
	fix := caseForm()
	fix.Set("name_ru", "Пётр Живой")
	fix.Set("name_en", "Pyotr Zhivoy")
	fix.Set("photo_credit", "Family archive")
	fix.Set("photo_url", e.detail(live).Working.Content.Photo.URL)
	fix.Set("letter_address", "ИК-2")
	fix.Set("revision", i64(e.detail(live).Case.WorkingRevisionID))
	if r := ed2.post(casePath(live)+"/edit", fix); r.StatusCode != http.StatusSeeOther || !e.detail(live).Workflow().CorrectionOnly {
		t.Fatalf("correction: %d", r.StatusCode)
	}
	mustRecordConsent(t, ed, live, "person", "photo", "refused", "2025-06-01", "")
	d = ed.get(casePath(live)).doc(t)
	if d.Find(`button[value="publish_correction"]`).Length() != 0 || !strings.Contains(d.Find(".withheld").Text(), ru.T("workflow.denied.photo_consent")) {
		t.Error("the correction is offered")
	}
	if d.Find("#consent-live-photo").Length() != 1 {
		t.Error("the page does not say the public profile shows the refused photo")
	}
	if r := e.transition(ed, live, workflow.PublishCorrection, nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("correction with the photo refused: %d", r.StatusCode)
	}

	// Taken down, it does not come back with its photo refused.
	if r := e.transition(ed, live, workflow.Unpublish, url.Values{"comment": {"For now."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	if r := e.transition(ed2, live, workflow.Republish, url.Values{"comment": {"Back."}}); r.StatusCode != http.StatusForbidden || e.detail(live).Live != nil {
		t.Errorf("republish with the photo refused: %d", r.StatusCode)
	}
	mustRecordConsent(t, ed, live, "person", "photo", "given", "2025-06-02", "")
	if r := e.transition(ed2, live, workflow.Republish, url.Values{"comment": {"Back."}}); r.StatusCode != http.StatusSeeOther || e.detail(live).Live == nil {
		t.Errorf("republish with consent: %d", r.StatusCode)
	}
}

// publicSurfaces is every public answer that lists or shows published
// cases, for a walk.
func publicSurfaces(slug string) []string {
	out := []string{"/sitemap.xml", "/api/v1/cases", "/api/v1/cases.csv", "/api/v1/prosecutions", "/api/v1/prosecutions.csv", "/robots.txt"}
	for _, l := range []string{"ru", "en"} {
		out = append(out, "/"+l+"/", "/"+l+"/cases", "/"+l+"/feed.atom", "/"+l+"/stats", "/"+l+"/open-data", "/"+l+"/cases/"+slug)
	}
	return append(out, "/api/v1/cases/"+slug)
}

// TestTakedownRemovedUnpublishes: a takedown request decided "removed"
// takes a published case off the public site at once: its profile and
// its API answer 410, and the list, the feeds, the sitemap, search and
// the open data leave it out. The decision and the removal are one
// transaction: a decision refused or failed leaves the case published.
func TestTakedownRemovedUnpublishes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.publish(caseForm())
	keep := photoCaseReady(t, e, "Оставшаяся Персона", "Remaining Person")
	ed := e.login("editor")
	if r := e.transition(ed, keep, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatal("publish the other case")
	}
	slug := e.detail(id).Case.PublicSlug
	v := e.client()
	for _, p := range []string{"/en/cases", "/ru/cases", "/en/feed.atom", "/ru/feed.atom", "/sitemap.xml", "/api/v1/cases", "/api/v1/cases.csv", "/en/cases?q=Akimushkin", "/ru/cases?q=Акимушкина", "/api/v1/cases?q=Akimushkin"} {
		if r := v.get(p); r.StatusCode != http.StatusOK || !strings.Contains(r.body, slug) {
			t.Fatalf("before: %s does not show the case (%d)", p, r.StatusCode)
		}
	}
	res := e.login("researcher")
	req := registerTakedown(t, e, res, id, "The sister", "Remove the whole profile", "everything")

	// A decision refused (no reason) or stale changes nothing.
	if r := decideTakedown(t, ed, id, req, "removed", ""); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a decision without its reason: %d", r.StatusCode)
	}
	stale := url.Values{"request": {i64(req)}, "decision": {"removed"}, "reason": {"Stale"}, "base": {"999"}}
	if r := ed.post(casePath(id)+"/takedowns/decide", stale); r.StatusCode != http.StatusConflict {
		t.Errorf("a stale decision: %d", r.StatusCode)
	}
	// A decision that fails half-way (its audit entry cannot be written)
	// leaves nothing of itself: the case is still published.
	db, err := sql.Open("sqlite", "file:"+e.st.Path()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER test_fail_decision BEFORE INSERT ON audit WHEN NEW.action = 'takedown.decide'
		BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`); err != nil {
		t.Fatal(err)
	}
	if r := decideTakedown(t, ed, id, req, "removed", "The family is in danger"); r.StatusCode != http.StatusInternalServerError {
		t.Errorf("the failing decision: %d", r.StatusCode)
	}
	if _, err := db.Exec(`DROP TRIGGER test_fail_decision`); err != nil {
		t.Fatal(err)
	}
	if d := e.detail(id); d.Live == nil || d.Case.State != workflow.Published {
		t.Fatalf("a failed decision took the case down: %s", d.Case.State)
	}
	for _, p := range []string{"/en/cases/" + slug, "/api/v1/cases/" + slug} {
		if r := v.get(p); r.StatusCode != http.StatusOK {
			t.Errorf("after the failed decision %s: %d", p, r.StatusCode)
		}
	}
	if page, _ := e.st.ConsentPage(ctx, e.users["editor"], id); page.Takedowns[0].State() != workflow.TakedownPending {
		t.Errorf("the failed decision stayed: %s", page.Takedowns[0].State())
	}

	// A lawyer may not decide.
	if r := decideTakedown(t, e.login("lawyer"), id, req, "removed", "x"); r.StatusCode != http.StatusForbidden || e.detail(id).Live == nil {
		t.Errorf("a lawyer's decision: %d", r.StatusCode)
	}

	r := decideTakedown(t, ed, id, req, "removed", "The family is in danger")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), consentPath(id)) {
		t.Fatalf("decide: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if flash := ed.get(consentPath(id)).doc(t).Find("#flash").Text(); !strings.Contains(flash, "410") {
		t.Errorf("flash: %q", flash)
	}
	for _, p := range []string{"/en/cases/" + slug, "/ru/cases/" + slug, "/api/v1/cases/" + slug} {
		if r := v.get(p); r.StatusCode != http.StatusGone {
			t.Errorf("after the decision %s: %d", p, r.StatusCode)
		}
	}
	for _, p := range []string{"/en/cases", "/ru/cases", "/en/", "/en/feed.atom", "/ru/feed.atom", "/sitemap.xml", "/api/v1/cases", "/api/v1/cases.csv", "/api/v1/prosecutions.csv",
		"/en/cases?q=Akimushkin", "/ru/cases?q=Акимушкина", "/api/v1/cases?q=Akimushkin"} {
		r := v.get(p)
		if r.StatusCode != http.StatusOK || strings.Contains(r.body, slug) {
			t.Errorf("after the decision %s (%d) still shows the case", p, r.StatusCode)
		}
		if !strings.HasSuffix(p, "Akimushkin") && !strings.HasSuffix(p, "Акимушкина") && !strings.Contains(r.body, e.detail(keep).Case.PublicSlug) {
			t.Errorf("%s does not show the other case: the walk looks at an empty page", p)
		}
	}
	d := e.detail(id)
	if d.Case.State != workflow.Draft || d.Case.UnpublishedBy != e.users["editor"].ID {
		t.Errorf("the case: %s, taken down by %d", d.Case.State, d.Case.UnpublishedBy)
	}
	// The studio shows the case as taken down, and the decision.
	if cp := ed.get(casePath(id)).doc(t); cp.Find("#taken-down").Length() != 1 {
		t.Error("the case page does not show the take-down")
	}
	if got := ed.get(consentPath(id)).doc(t).Find("#takedown-" + i64(req)).Text(); !strings.Contains(got, ru.T("takedown.decision.removed")) || !strings.Contains(got, "The family is in danger") {
		t.Errorf("the request on the page: %q", squash(got))
	}
	// A second decision of a request already removed is recorded; the
	// case stays down until someone puts it back.
	if r := decideTakedown(t, ed, id, req, "refused", "Changed our mind"); r.StatusCode != http.StatusSeeOther || e.detail(id).Live != nil {
		t.Errorf("a second decision: %d", r.StatusCode)
	}

	// A draft's takedown only records.
	draft := e.createCase(res, caseForm())
	dreq := registerTakedown(t, e, res, draft, "The lawyer", "", "name")
	if r := decideTakedown(t, ed, draft, dreq, "removed", "Not published anyway"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a draft's decision: %d", r.StatusCode)
	}
	if d := e.detail(draft); d.Case.State != workflow.Draft || !d.Case.UnpublishedAt.IsZero() {
		t.Errorf("the draft: %+v", d.Case)
	}
}

// The distinctive values of the leak test: one per private text.
const (
	leakConsentNote = "ConsentNoteXq7 Мама против"
	leakRequester   = "RequesterXq7 Иванова"
	leakDetails     = "DetailsXq7 убрать абзац"
	leakReason      = "ReasonXq7 риск"
)

// TestConsentAndTakedownTextsLeakNowhere puts a distinctive value into a
// consent note, a takedown request's requester and words and a decision's
// reason of a published case, then walks every public surface (pages,
// feeds, sitemap, the API and CSV, searches for each value), the static
// mirror file by file, the export of the studio and the audit log: none
// holds a value. The studio pages show them to those who may read them,
// and to nobody else.
func TestConsentAndTakedownTextsLeakNowhere(t *testing.T) {
	e := newEnv(t, handlers.WithBaseURL("https://casebook.example"))
	ctx := context.Background()
	id := photoCaseReady(t, e, "Утечкина Проверка", "Utechkina Proverka")
	res, ed := e.login("researcher"), e.login("editor")
	mustRecordConsent(t, res, id, "family", "photo", "given", "2025-05-03", leakConsentNote)
	req := registerTakedown(t, e, res, id, leakRequester, leakDetails, "passage")
	if r := decideTakedown(t, ed, id, req, "partly", leakReason); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decide: %d", r.StatusCode)
	}
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.StatusCode)
	}
	slug := e.detail(id).Case.PublicSlug
	secrets := []string{leakConsentNote, leakRequester, leakDetails, leakReason, "Xq7"}
	check := func(where, body string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s reveals %q", where, s)
			}
		}
	}
	v := e.client()
	for _, p := range publicSurfaces(slug) {
		r := v.get(p)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
		if !strings.HasSuffix(p, "robots.txt") && !strings.HasSuffix(p, "/stats") && !strings.HasSuffix(p, "/open-data") && !strings.Contains(r.body, slug) && !strings.Contains(r.body, "Utechkina") && !strings.Contains(r.body, "Утечкина") {
			t.Errorf("%s does not show the case: the walk looks at an empty page", p)
		}
		check(p, r.body)
	}
	// Searches for each value find nothing; the page repeats the query,
	// which is the reader's own.
	for _, s := range secrets[:4] {
		q := strings.Fields(s)[0]
		for _, p := range []string{"/ru/cases?q=", "/en/cases?q=", "/api/v1/cases?q="} {
			r := v.get(p + url.QueryEscape(q))
			if r.StatusCode != http.StatusOK || strings.Contains(r.body, slug) {
				t.Errorf("%s%s: %d, finds the case", p, q, r.StatusCode)
			}
			check(p+q, strings.ReplaceAll(r.body, q, ""))
		}
	}
	dir := exportStatic(t, e, handlers.WithBaseURL("https://casebook.example"))
	files := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, _ := os.ReadFile(p)
		check("the mirror's "+strings.TrimPrefix(p, dir), string(b))
		return nil
	})
	if files < 10 {
		t.Errorf("the mirror has %d files", files)
	}
	dump, err := e.st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(dump)
	check("the export", string(b))
	log, _ := e.st.AuditLog(ctx, store.AuditQuery{Limit: 1000})
	b, _ = json.Marshal(log)
	check("the audit log", string(b))
	check("the audit page", ed.get("/studio/audit").body)
	// The studio: the case page shows no private text to anyone; the
	// consent page shows them to the case's creator and an editor, not to
	// another researcher.
	check("the case page", ed.get(casePath(id)).body)
	page := ed.get(consentPath(id)).body
	for _, s := range secrets[:4] {
		if !strings.Contains(page, s) {
			t.Errorf("the editor's consent page lacks %q", s)
		}
	}
	if r := ed.get(consentPath(id)); r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	if !strings.Contains(res.get(consentPath(id)).body, leakReason) {
		t.Error("the creator does not read the reason")
	}
	c := e.client()
	other := e.extra("other", "researcher")
	c.post("/login", url.Values{"email": {other.Email}, "password": {testPassword}})
	r := c.get(consentPath(id))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, ru.T("takedown.decision.partly")) {
		t.Fatalf("another researcher's consent page: %d", r.StatusCode)
	}
	check("another researcher's consent page", r.body)
}

// TestConsentPermissions: a researcher who did not create the case sees
// the decisions and no form, and what they send is refused; the creator
// records; a lawyer records but does not decide a takedown.
func TestConsentPermissions(t *testing.T) {
	e := newEnv(t)
	id := photoCaseReady(t, e, "Права Проверка", "Prava Proverka")
	creator := e.login("researcher")
	other := e.extra("other", "researcher")
	c := e.client()
	c.post("/login", url.Values{"email": {other.Email}, "password": {testPassword}})
	before := e.footprint(id)
	d := c.get(consentPath(id)).doc(t)
	if d.Find("form").Length() != 1 { // the sign-out form of the frame alone
		t.Errorf("another researcher is offered %d forms", d.Find("form").Length()-1)
	}
	if r := c.post(consentPath(id), url.Values{"party": {"family"}, "subject": {"photo"}, "decision": {"refused"}, "decided_on": {"2025-01-01"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("another researcher records consent: %d", r.StatusCode)
	}
	if r := c.post(casePath(id)+"/takedowns", url.Values{"received_on": {"2025-01-01"}, "requester": {"x"}, "asked": {"photo"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("another researcher registers a takedown: %d", r.StatusCode)
	}
	if after := e.footprint(id); after != before {
		t.Error("refused forms changed the case")
	}
	d = creator.get(consentPath(id)).doc(t)
	if d.Find("#consent-form").Length() != 1 || d.Find("#takedown-form").Length() != 1 || d.Find(".decide-form").Length() != 0 {
		t.Error("the creator's forms")
	}
	mustRecordConsent(t, creator, id, "person", "name", "given", "2025-01-01", "")
	law := e.login("lawyer")
	mustRecordConsent(t, law, id, "lawyer", "address", "unknown", "2025-01", "")
	req := registerTakedown(t, e, law, id, "A cousin", "", "name")
	if d := law.get(consentPath(id)).doc(t); d.Find(".decide-form").Length() != 0 {
		t.Error("a lawyer is offered the decision form")
	}
	if r := decideTakedown(t, law, id, req, "refused", "x"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a lawyer decides: %d", r.StatusCode)
	}
	if d := e.login("admin").get(consentPath(id)).doc(t); d.Find("#decide-"+i64(req)+"-form").Length() != 1 {
		t.Error("an administrator is not offered the decision form")
	}
}

// TestConsentFormsKeepTheirText: an empty form, a wrong date, a form
// older than a record written since and a session that ended each come
// back with a message beside the input and the text as typed; nothing is
// written.
func TestConsentFormsKeepTheirText(t *testing.T) {
	e := newEnv(t)
	id := photoCaseReady(t, e, "Форма Проверка", "Forma Proverka")
	ed := e.login("editor")
	before := e.footprint(id)
	r := ed.post(consentPath(id), url.Values{"base": {formBase(t, ed, id, "#consent-form")}})
	d := r.doc(t)
	if r.StatusCode != http.StatusUnprocessableEntity || d.Find("#consent-form-error").Length() != 1 {
		t.Fatalf("empty consent form: %d", r.StatusCode)
	}
	for _, sel := range []string{"#party-error", "#subject-error", "#decision-error", "#decided_on-error"} {
		if d.Find("#consent-form "+sel).Length() != 1 {
			t.Errorf("empty consent form: no %s", sel)
		}
	}
	r = recordConsent(t, ed, id, "family", "photo", "refused", "3rd of May", "Typed with care")
	d = r.doc(t)
	if r.StatusCode != http.StatusUnprocessableEntity || d.Find("#decided_on-error").Length() != 1 || d.Find("#decided_on").AttrOr("aria-invalid", "") != "true" {
		t.Errorf("wrong date: %d", r.StatusCode)
	}
	if d.Find("#consent-note").Text() != "Typed with care" || d.Find("#decided_on").AttrOr("value", "") != "3rd of May" ||
		d.Find(`input[name="party"][value="family"]`).AttrOr("checked", "no") == "no" || d.Find(`input[name="decision"][value="refused"]`).AttrOr("checked", "no") == "no" {
		t.Error("the wrong date's form lost its text")
	}
	if r := ed.post(casePath(id)+"/takedowns", url.Values{"details": {"Only the second paragraph"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		r.doc(t).Find("#details").Text() != "Only the second paragraph" || r.doc(t).Find("#requester-error").Length() != 1 || r.doc(t).Find("#received_on-error").Length() != 1 || r.doc(t).Find("#asked-error").Length() != 1 {
		t.Errorf("empty takedown form: %d", r.StatusCode)
	}
	if after := e.footprint(id); after != before {
		t.Fatal("refused forms wrote")
	}

	// Stale: someone records the photo's consent while the form is open.
	base := formBase(t, ed, id, "#consent-form")
	mustRecordConsent(t, e.login("lawyer"), id, "family", "photo", "refused", "2025-05-01", "")
	r = ed.post(consentPath(id), url.Values{"party": {"person"}, "subject": {"photo"}, "decision": {"given"}, "decided_on": {"2025-05-02"}, "note": {"Mine, kept"}, "base": {base}})
	if r.StatusCode != http.StatusConflict || r.doc(t).Find("#consent-note").Text() != "Mine, kept" || r.doc(t).Find("#consent-form-error").Length() != 1 {
		t.Errorf("stale consent form: %d", r.StatusCode)
	}
	if page, _ := e.st.ConsentPage(context.Background(), e.users["editor"], id); len(page.Records) != 1 {
		t.Errorf("the stale form wrote: %d records", len(page.Records))
	}
	// The page it answers is based on what it shows: sent again, it goes.
	if again := r.doc(t).Find(`#consent-form input[name="base"]`).AttrOr("value", ""); again == base {
		t.Error("the conflict page keeps the old base")
	}

	req := registerTakedown(t, e, ed, id, "The brother", "", "photo")
	r = decideTakedown(t, ed, id, req, "refused", "")
	d = r.doc(t)
	if r.StatusCode != http.StatusUnprocessableEntity || d.Find("#decide-"+i64(req)+"-reason-error").Length() != 1 ||
		d.Find(`#decide-`+i64(req)+`-form input[value="refused"]`).AttrOr("checked", "no") == "no" {
		t.Errorf("a decision without a reason: %d", r.StatusCode)
	}
	base = formBase(t, ed, id, "#decide-"+i64(req)+"-form")
	if r := decideTakedown(t, e.login("admin"), id, req, "partly", "The photo is cropped"); r.StatusCode != http.StatusSeeOther {
		t.Fatal("the other decision")
	}
	r = ed.post(casePath(id)+"/takedowns/decide", url.Values{"request": {i64(req)}, "decision": {"refused"}, "reason": {"My reason, kept"}, "base": {base}})
	if r.StatusCode != http.StatusConflict || r.doc(t).Find("#decide-"+i64(req)+"-reason").Text() != "My reason, kept" {
		t.Errorf("stale decision: %d", r.StatusCode)
	}

	// A session that ended: the form is given back after signing in.
	e.st.SetClock(func() time.Time { return time.Now().Add(3 * time.Hour) })
	r = ed.post(consentPath(id), url.Values{"party": {"lawyer"}, "subject": {"name"}, "decision": {"unknown"}, "decided_on": {"2025-07"}, "note": {"Sent too late"}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?kept=1") {
		t.Fatalf("after the session ended: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	in := ed.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}, "next": {consentPath(id)}})
	if in.Header.Get("Location") != consentPath(id) {
		t.Fatalf("after signing in: %q", in.Header.Get("Location"))
	}
	d = ed.get(consentPath(id)).doc(t)
	if d.Find("#consent-note").Text() != "Sent too late" || d.Find("#decided_on").AttrOr("value", "") != "2025-07" || d.Find("#flash").Length() != 1 {
		t.Errorf("the kept form: %q", d.Find("#consent-note").Text())
	}
	if page, _ := e.st.ConsentPage(context.Background(), e.users["editor"], id); len(page.Records) != 1 {
		t.Errorf("the kept form was written: %d records", len(page.Records))
	}
}

// TestTakedownRemovedKeepsTheCaseOff: a takedown decided "removed" on a
// case scheduled but not yet public calls the schedule off (the form says
// so first); while the decision stands nothing puts the case on the site
// (publish, schedule, republish), with the reason where the button was;
// a new decision ("refused", after hearing again) lifts it.
func TestTakedownRemovedKeepsTheCaseOff(t *testing.T) {
	e := newEnv(t)
	id := e.caseIn(workflow.Scheduled, false)
	ed := e.login("editor")
	req := registerTakedown(t, e, ed, id, "The lawyer", "", "everything")
	hint := ed.get(consentPath(id)).doc(t).Find("#decide-" + i64(req) + "-form").Text()
	if !strings.Contains(hint, ru.T("takedown.decide.removed_scheduled")) {
		t.Errorf("the form does not say the schedule is called off: %q", squash(hint))
	}
	if r := decideTakedown(t, ed, id, req, "removed", "Wait for the family"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decide: %d", r.StatusCode)
	}
	d := e.detail(id)
	if d.Case.State != workflow.EditorialReview || d.Live != nil || !d.Case.PublishAt.IsZero() {
		t.Fatalf("after the decision: %s, publish at %v", d.Case.State, d.Case.PublishAt)
	}
	// Nothing puts it on the site while the decision stands; the page
	// says why where the publish button was.
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusForbidden || e.detail(id).Live != nil {
		t.Errorf("publish while removed stands: %d", r.StatusCode)
	}
	if r := e.transition(ed, id, workflow.Publish, url.Values{"publish_at": {time.Now().Add(time.Hour).Format("2006-01-02T15:04")}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("schedule while removed stands: %d", r.StatusCode)
	}
	page := ed.get(casePath(id))
	if !strings.Contains(page.body, html.EscapeString(ru.T(string(workflow.ReasonTakedownRemoved)))) {
		t.Errorf("the case page does not say why it cannot be published")
	}
	// Heard again: refused; it may go out.
	if r := decideTakedown(t, ed, id, req, "refused", "The family agreed after all"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decide again: %d", r.StatusCode)
	}
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther || e.detail(id).Live == nil {
		t.Errorf("publish after the new decision: %d", r.StatusCode)
	}
}
