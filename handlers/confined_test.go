package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"casebook/assets"
	"casebook/store"
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

// TestConfinedSessionGetsNoMoreThanAVisitor walks every route as a
// researcher whose role must use a second factor and who has none: the
// studio sends it to the enrolment page (or refuses a form), and every
// other route answers as it does a visitor, so that a route added later
// cannot serve such a session more.
func TestConfinedSessionGetsNoMoreThanAVisitor(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hash := strings.Repeat("c", 64)
	if err := e.st.SaveMedia(ctx, nil, []store.MediaItem{{Hash: hash, Ext: "jpg", Mime: "image/jpeg", Variant: "profile", Width: 1, Height: 1, Data: []byte{0xff}}}); err != nil {
		t.Fatal(err)
	}
	e.publish(caseForm())
	draft := parseForm(caseForm())
	draft.EN.Name, draft.RU.Name = "Draft Person", "Черновик"
	draft.Photo.URL = "/media/" + hash + ".jpg"
	id, err := e.st.CreateCase(ctx, e.extra("author", "researcher"), draft)
	if err != nil {
		t.Fatal(err)
	}
	target := e.extra("target", "researcher")
	params := map[string]string{
		":lang": "en", ":slug": "aleksandr-akimushkin", ":id": i64(id), ":kind": "regions", ":code": "outside-russia",
		":file": hash + ".jpg", "*": strings.TrimPrefix(assets.Path("style.css"), "/assets/"),
	}
	if r := e.login("admin").post("/studio/settings/2fa", url.Values{"require_2fa": {"researcher"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", r.StatusCode)
	}
	c := e.login("researcher")
	routes := e.echo.Routes()
	sort.Slice(routes, func(a, b int) bool {
		if (routes[a].Path == "/logout") != (routes[b].Path == "/logout") {
			return routes[b].Path == "/logout"
		}
		return routes[a].Path < routes[b].Path
	})
	n := 0
	for _, r := range routes {
		if r.Method == "echo_route_not_found" || r.Method == http.MethodHead || strings.HasPrefix(r.Path, "/studio/account/2fa") {
			continue
		}
		key := r.Method + " " + r.Path
		want, ok := routeTable[key]
		if !ok {
			t.Errorf("route %s has no entry in the access table", key)
			continue
		}
		path := r.Path
		for p, v := range params {
			if strings.Contains(r.Path, "/users/") && p == ":id" {
				v = i64(target.ID)
			}
			path = strings.Replace(path, p, v, 1)
		}
		status, location := want.anon, ""
		switch {
		case strings.HasPrefix(r.Path, "/studio/") && r.Method == http.MethodGet:
			status, location = http.StatusSeeOther, "/studio/account/2fa"
		case strings.HasPrefix(r.Path, "/studio/"):
			status = http.StatusForbidden
		case key == "GET /login":
			// Signed in, it goes on into the studio, which holds it.
			status, location = http.StatusSeeOther, "/studio/"
		}
		var res *response
		if r.Method == http.MethodGet {
			res = c.get(path)
		} else {
			res = c.post(path, url.Values{})
		}
		n++
		if res.StatusCode != status || location != "" && res.Header.Get("Location") != location {
			t.Errorf("%s held to enrolment: %d %q, want %d %q", key, res.StatusCode, res.Header.Get("Location"), status, location)
		}
	}
	if n < 50 {
		t.Errorf("only %d routes walked", n)
	}
}
