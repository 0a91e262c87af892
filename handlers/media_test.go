package handlers_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestDraftPhotoNeedsTheRequiredSecondFactor: a session that the required
// second factor holds to the enrolment page gets no draft photo either,
// only what a visitor gets, until it enrols.
func TestDraftPhotoNeedsTheRequiredSecondFactor(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	upload := func(name string, w, h int) int64 {
		t.Helper()
		form := caseForm()
		form.Set("name_en", name)
		r := res.postMultipart("/studio/cases/new", form, "photo.jpg", jpegWithSecrets(t, w, h))
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", r.StatusCode, r.body)
		}
		var id int64
		fmtSscan(r.Header.Get("Location"), &id)
		return id
	}
	pub := upload("Published Person", 300, 400)
	e.takeThrough(res, pub)
	published := e.detail(pub).Live.Content.Photo.URL
	draft := e.detail(upload("Draft Person", 400, 300)).Working.Content.Photo.URL
	if published == "" || draft == "" || published == draft {
		t.Fatalf("photos %q and %q", published, draft)
	}
	if r := res.get(draft); r.StatusCode != http.StatusOK {
		t.Fatalf("the draft photo before the rule: %d", r.StatusCode)
	}

	if r := e.login("admin").post("/studio/settings/2fa", url.Values{"require_2fa": {"researcher"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", r.StatusCode)
	}
	// The session from before the rule, and one begun after it.
	fresh := e.login("researcher")
	for name, c := range map[string]*client{"earlier session": res, "new session": fresh} {
		if r := c.get("/studio/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/studio/account/2fa" {
			t.Fatalf("%s: the studio answers %d %s", name, r.StatusCode, r.Header.Get("Location"))
		}
		if r := c.get(draft); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s without the required second factor gets the draft photo: %d", name, r.StatusCode)
		}
		if r := c.get(published); r.StatusCode != http.StatusOK {
			t.Errorf("%s: the published photo: %d", name, r.StatusCode)
		}
	}
	enrol(t, fresh)
	r := fresh.get(draft)
	if r.StatusCode != http.StatusOK || r.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("after enrolling, the draft photo: %d %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
}
