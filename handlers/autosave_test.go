package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// formGen opens a case form and returns the generation its page carries
// for the copies its script sends, and the form's fields as loaded.
func formGen(t *testing.T, c *client, path string) (string, url.Values) {
	t.Helper()
	r := c.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, r.StatusCode)
	}
	form := r.doc(t).Find("form.case-form")
	gen, ok := form.Attr("data-autosave-gen")
	if !ok || form.AttrOr("data-autosave", "") == "" {
		t.Fatalf("%s does not send unsaved copies", path)
	}
	v, _ := formControls(form)
	return gen, v
}

// autosave sends a copy the way the form's script does: the form's fields
// and the page's generation, multipart.
func (c *client) autosave(path, gen string, form url.Values) *response {
	c.e.t.Helper()
	v := url.Values{}
	for k, vs := range form {
		v[k] = vs
	}
	v.Set("autosave_gen", gen)
	return c.postMultipart(path+"/autosave", v, "", nil)
}

// offered says whether a case form offers an unsaved copy back.
func offered(t *testing.T, c *client, path string) bool {
	t.Helper()
	d := c.get(path).doc(t)
	n := d.Find("#autosave-offer").Length()
	if n == 1 && (d.Find(`#autosave-offer a[href="`+path+`?restore=1"]`).Length() != 1 ||
		d.Find(`#autosave-offer form[action="`+path+`/autosave/discard"][method="post"] button`).Length() != 1) {
		t.Errorf("%s offers a copy without a Restore link and a Discard form", path)
	}
	return n == 1
}

// TestAutosaveKeepsACopyForItsAccountAlone: what the new-case form's
// script sends is kept as the account's unsaved copy, offered back when
// the form is opened again and restored on request; another account
// neither sees it nor overwrites it; saving the form ends it, and a copy
// still on its way from the page that was saved does not bring it back.
func TestAutosaveKeepsACopyForItsAccountAlone(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	gen, loaded := formGen(t, res, "/studio/cases/new")
	// The form as it came is nothing unsaved.
	if r := res.autosave("/studio/cases/new", gen, loaded); r.StatusCode != http.StatusNoContent {
		t.Fatalf("autosave of the empty form: %d", r.StatusCode)
	}
	if offered(t, res, "/studio/cases/new") {
		t.Error("an untouched form is offered back")
	}
	form := caseForm()
	form.Set("body_en", "Half-written text about the arrest")
	if r := res.autosave("/studio/cases/new", gen, form); r.StatusCode != http.StatusNoContent {
		t.Fatalf("autosave: %d", r.StatusCode)
	}
	e.extra("other", "researcher")
	other := e.client()
	other.post("/login", url.Values{"email": {"other@example.org"}, "password": {testPassword}})
	if offered(t, other, "/studio/cases/new") || strings.Contains(other.get("/studio/cases/new?restore=1").body, "Half-written") {
		t.Fatal("another account is offered the copy")
	}
	ogen, _ := formGen(t, other, "/studio/cases/new")
	theirs := caseForm()
	theirs.Set("body_en", "The other researcher's text")
	if r := other.autosave("/studio/cases/new", ogen, theirs); r.StatusCode != http.StatusNoContent {
		t.Fatalf("the other's autosave: %d", r.StatusCode)
	}
	if r := e.login("lawyer").autosave("/studio/cases/new", "0", form); r.StatusCode != http.StatusForbidden {
		t.Errorf("a lawyer keeps a copy of the new-case form: %d", r.StatusCode)
	}

	if !offered(t, res, "/studio/cases/new") {
		t.Fatal("the copy is not offered back")
	}
	d := res.get("/studio/cases/new?restore=1").doc(t)
	if got := d.Find("#body_en").Text(); got != form.Get("body_en") {
		t.Fatalf("restored body %q", got)
	}
	if d.Find("#form-notice").Length() == 0 {
		t.Error("the restored form does not say it is not saved yet")
	}
	restored, _ := formControls(d.Find("form.case-form"))
	id := e.createCase(res, restored)
	if e.detail(id).Working.Content.EN.Body != form.Get("body_en") {
		t.Error("the restored text was not saved")
	}
	if offered(t, res, "/studio/cases/new") {
		t.Error("the copy outlives the save")
	}
	// A copy sent from the saved page arrives late: refused.
	if r := res.autosave("/studio/cases/new", gen, form); r.StatusCode != http.StatusConflict {
		t.Errorf("a copy from before the save: %d", r.StatusCode)
	}
	if offered(t, res, "/studio/cases/new") {
		t.Error("a late copy came back after the save")
	}
	// The other account's copy is untouched by all this.
	if !offered(t, other, "/studio/cases/new") || !strings.Contains(other.get("/studio/cases/new?restore=1").body, "The other researcher") {
		t.Error("the other account lost its copy")
	}
}

// TestAutosaveHasALimit: a copy larger than any case form is refused,
// and the copy before it stays.
func TestAutosaveHasALimit(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	gen, _ := formGen(t, res, "/studio/cases/new")
	form := caseForm()
	form.Set("body_en", "The text before")
	res.autosave("/studio/cases/new", gen, form)
	form.Set("body_en", strings.Repeat("x", 4<<20+1))
	if r := res.autosave("/studio/cases/new", gen, form); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a copy over the limit: %d", r.StatusCode)
	}
	if !strings.Contains(res.get("/studio/cases/new?restore=1").body, "The text before") {
		t.Error("the copy before was lost")
	}
	if r := res.postMultipart("/studio/cases/new/autosave", url.Values{"body_en": {"x"}}, "", nil); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a copy without its page generation: %d", r.StatusCode)
	}
}

// TestAutosaveOfAnEditGoesThroughTheConflictPage: a copy of an edit,
// restored after someone else saved the case, is based on the revision it
// was written on, so Save shows the conflict page rather than overwrite.
// Discard drops the copy.
func TestAutosaveOfAnEditGoesThroughTheConflictPage(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	ed := e.login("editor")
	path := casePath(id) + "/edit"
	gen, form := formGen(t, ed, path)
	base := form.Get("revision")
	form.Set("headline_en", "The editor's unsaved headline")
	if r := ed.autosave(path, gen, form); r.StatusCode != http.StatusNoContent {
		t.Fatalf("autosave: %d", r.StatusCode)
	}
	// The researcher may edit the draft too, and cannot touch the
	// editor's copy: his own copy is his.
	if offered(t, res, path) {
		t.Error("the researcher is offered the editor's copy")
	}
	mine := caseForm()
	mine.Set("revision", base)
	mine.Set("headline_en", "The researcher's saved headline")
	if r := res.post(path, mine); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the researcher's save: %d", r.StatusCode)
	}
	if !offered(t, ed, path) {
		t.Fatal("the editor's copy is not offered")
	}
	d := ed.get(path + "?restore=1").doc(t)
	if got := d.Find("#headline_en").AttrOr("value", ""); got != "The editor's unsaved headline" {
		t.Fatalf("restored headline %q", got)
	}
	if got := d.Find(`input[name="revision"]`).AttrOr("value", ""); got != base {
		t.Fatalf("the restored form is based on revision %s, the copy on %s", got, base)
	}
	if !strings.Contains(d.Find("#form-notice").Text(), "изменилось") {
		t.Errorf("the notice does not say the case has changed since: %q", d.Find("#form-notice").Text())
	}
	restored, _ := formControls(d.Find("form.case-form"))
	r := ed.post(path, restored)
	if r.StatusCode != http.StatusConflict || r.doc(t).Find("#conflict").Length() == 0 {
		t.Fatalf("saving the restored copy on old ground: %d", r.StatusCode)
	}
	if e.detail(id).Working.Content.EN.Headline != "The researcher's saved headline" {
		t.Fatal("the restored copy overwrote the newer save")
	}
	// Discard, without script: a plain form.
	dr := ed.post(path+"/autosave/discard", nil)
	if dr.StatusCode != http.StatusSeeOther || dr.Header.Get("Location") != path {
		t.Fatalf("discard: %d to %q", dr.StatusCode, dr.Header.Get("Location"))
	}
	page := ed.get(path).doc(t)
	if page.Find("#autosave-offer").Length() != 0 {
		t.Error("the discarded copy is still offered")
	}
	if page.Find("#flash").Length() == 0 {
		t.Error("no word that the copy was discarded")
	}
}

// TestASaveThatDoesNotGoThroughIsKept: without the form's script, the
// server keeps what a refused save sent (here a wrong date), so that
// leaving the page with the error loses nothing.
func TestASaveThatDoesNotGoThroughIsKept(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	form := caseForm()
	form.Set("detained_on", "the day before")
	form.Set("body_en", "A text with a wrong date")
	r := res.post("/studio/cases/new", form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong date: %d", r.StatusCode)
	}
	// The page with the error goes on sending copies of what is typed.
	if f := r.doc(t).Find("form.case-form"); f.AttrOr("data-autosave", "") != "/studio/cases/new/autosave" || f.AttrOr("data-autosave-gen", "") == "" {
		t.Error("the page that answers a refused save sends no copies")
	}
	if !offered(t, res, "/studio/cases/new") {
		t.Fatal("the refused form is not kept")
	}
	d := res.get("/studio/cases/new?restore=1").doc(t)
	if d.Find("#body_en").Text() != "A text with a wrong date" || d.Find("#detained_on").AttrOr("value", "") != "the day before" {
		t.Error("the refused form is not given back as sent")
	}
}

// TestCopiesStayWithTheirAccountAndTime: copies survive signing out (they
// are the owner's lost text, and nothing of them is on the computer),
// end with a new password or a disabled account (a copy made by whoever
// had the account meanwhile must not be offered to the owner as theirs),
// are never exported, and are dropped after 30 days.
func TestCopiesStayWithTheirAccountAndTime(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	res := e.login("researcher")
	gen, _ := formGen(t, res, "/studio/cases/new")
	form := caseForm()
	form.Set("body_en", "An unsaved secret source name")
	res.autosave("/studio/cases/new", gen, form)
	res.post("/logout", nil)
	res = e.login("researcher")
	if !offered(t, res, "/studio/cases/new") {
		t.Fatal("the copy did not survive signing out")
	}
	d, err := e.st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(d); strings.Contains(string(b), "secret source") {
		t.Error("the export carries an unsaved copy")
	}
	if r := e.client().get("/api/v1/cases"); strings.Contains(r.body, "secret source") {
		t.Error("open data carries an unsaved copy")
	}

	r := res.post("/studio/account/password", url.Values{"current": {testPassword}, "new": {"a brand new password"}, "repeat": {"a brand new password"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("password change: %d", r.StatusCode)
	}
	if cp, _, err := e.st.Autosave(ctx, e.users["researcher"].ID, 0); err != nil || cp != nil {
		t.Errorf("a copy outlives a password change (%v)", err)
	}

	ed := e.login("editor")
	egen, _ := formGen(t, ed, "/studio/cases/new")
	ed.autosave("/studio/cases/new", egen, form)
	if err := e.st.SetDisabled(ctx, e.users["admin"], e.users["editor"].ID, true); err != nil {
		t.Fatal(err)
	}
	if cp, _, _ := e.st.Autosave(ctx, e.users["editor"].ID, 0); cp != nil {
		t.Error("a copy outlives a disabled account")
	}

	law := e.login("lawyer")
	e.extra("researcher2", "researcher")
	id := e.createCase(e.login("researcher2"), caseForm())
	lgen, lform := formGen(t, law, casePath(id)+"/edit")
	lform.Set("body_en", "The lawyer's unsaved note")
	law.autosave(casePath(id)+"/edit", lgen, lform)
	e.st.SetClock(func() time.Time { return time.Now().Add(31 * 24 * time.Hour) })
	if cp, _, _ := e.st.Autosave(ctx, e.users["lawyer"].ID, id); cp != nil {
		t.Error("a copy older than 30 days is offered")
	}
	if err := e.st.DeleteOldAutosaves(ctx); err != nil {
		t.Fatal(err)
	}
	e.st.SetClock(time.Now)
	if cp, _, _ := e.st.Autosave(ctx, e.users["lawyer"].ID, id); cp != nil {
		t.Error("a copy older than 30 days is still stored")
	}
}
