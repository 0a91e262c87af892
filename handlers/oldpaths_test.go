package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"casebook/store"
	"casebook/wordpress"
	"casebook/wordpress/wptest"
	"casebook/workflow"
)

// importFixture imports the fixture WordPress site into the env's store.
func (e *env) importFixture(asPublished bool) {
	e.t.Helper()
	x, err := wordpress.ReadSource(wptest.Fixture("site.xml"))
	if err != nil {
		e.t.Fatal(err)
	}
	m, err := wordpress.ReadMap(wptest.Fixture("map.json"))
	if err != nil {
		e.t.Fatal(err)
	}
	up := e.t.TempDir()
	if err := wptest.Uploads(up); err != nil {
		e.t.Fatal(err)
	}
	if _, err := wordpress.Import(context.Background(), e.st, x, m, wordpress.Options{AsPublished: asPublished, Photos: wordpress.Photos{Uploads: up}}); err != nil {
		e.t.Fatal(err)
	}
}

// TestOldAddressesOfAnImportedSite: the addresses the WordPress site
// published a profile at (its permalink with and without the slash, the
// translation's, an earlier slug's, ?p= and ?post_type=&p=) answer 301 to
// the profile in the post's language once the case is public; before,
// they answer as any unknown address does (404, and / with ?p= to the
// home page), so that a draft is not revealed; after an unpublish, 410.
// The page cache neither keeps nor hides any of it.
func TestOldAddressesOfAnImportedSite(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	e.importFixture(false)
	for _, path := range []string{"/figurant/aleksandr-akimushkin/", "/figurant/aleksandr-akimushkin", "/en/figurant/aleksandr-akimushkin-en/"} {
		r := c.get(path)
		unknown := c.get(strings.Replace(path, "aleksandr-akimushkin", "no-such-person", 1))
		if r.StatusCode != http.StatusNotFound || r.Header.Get("Location") != "" || r.body != unknown.body {
			t.Errorf("%s of a draft: %d %q", path, r.StatusCode, r.Header.Get("Location"))
		}
	}
	for _, path := range []string{"/?p=12", "/?p=14", "/?p=999999"} {
		if r := c.get(path, "Accept-Language", "ru"); r.StatusCode != http.StatusFound || r.Header.Get("Location") != "/ru/" {
			t.Errorf("%s of a draft: %d %q", path, r.StatusCode, r.Header.Get("Location"))
		}
	}
	e.importFixture(true)
	// The profile in the page cache first: the old addresses still go
	// through.
	if r := c.get("/ru/cases/aleksandr-akimushkin"); r.StatusCode != http.StatusOK {
		t.Fatalf("profile: %d", r.StatusCode)
	}
	for path, want := range map[string]string{
		"/figurant/aleksandr-akimushkin/":       "/ru/cases/aleksandr-akimushkin",
		"/figurant/aleksandr-akimushkin":        "/ru/cases/aleksandr-akimushkin",
		"/figurant/aleksandr-akimushkin/?utm=x": "/ru/cases/aleksandr-akimushkin",
		"/figurant/akimushkin/":                 "/ru/cases/aleksandr-akimushkin",
		"/en/figurant/aleksandr-akimushkin-en/": "/en/cases/aleksandr-akimushkin",
		"/?p=12":                                "/ru/cases/aleksandr-akimushkin",
		"/?p=13":                                "/en/cases/aleksandr-akimushkin",
		"/?post_type=figurant&p=13":             "/en/cases/aleksandr-akimushkin",
	} {
		for range 2 {
			r := c.get(path)
			if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != want {
				t.Errorf("%s: %d %q, want 301 %s", path, r.StatusCode, r.Header.Get("Location"), want)
			}
		}
	}
	req, _ := http.NewRequest(http.MethodHead, e.srv.URL+"/figurant/aleksandr-akimushkin/", nil)
	if r := c.do(req); r.StatusCode != http.StatusMovedPermanently {
		t.Errorf("HEAD: %d", r.StatusCode)
	}
	// The draft post's addresses stay unknown.
	if r := c.get("/?p=14", "Accept-Language", "en"); r.StatusCode != http.StatusFound || r.Header.Get("Location") != "/en/" {
		t.Errorf("the draft's ?p=14: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	// The studio is never an old address.
	if r := c.get("/studio/figurant/aleksandr-akimushkin/"); r.StatusCode == http.StatusMovedPermanently {
		t.Errorf("studio path redirected")
	}
	var id int64
	for _, it := range e.publicCaseIDs() {
		id = it
	}
	e.transition(e.login("editor"), id, workflow.Unpublish, map[string][]string{"comment": {"The family asked."}})
	for _, path := range []string{"/figurant/aleksandr-akimushkin/", "/?p=12"} {
		if r := c.get(path); r.StatusCode != http.StatusGone || r.Header.Get("Location") != "" {
			t.Errorf("%s after the unpublish: %d %q", path, r.StatusCode, r.Header.Get("Location"))
		}
	}
}

// publicCaseIDs lists the ids of the published cases.
func (e *env) publicCaseIDs() []int64 {
	e.t.Helper()
	items, _, err := e.st.PublicList(context.Background(), store.PublicQuery{Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.CaseID)
	}
	return ids
}
