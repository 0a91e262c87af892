package handlers_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"casebook/assets"
	"casebook/auth"
	"casebook/handlers"
	"casebook/store"
)

// checkSecurityHeaders fails unless a response carries the headers every
// answer must have, whatever its status or kind.
func checkSecurityHeaders(t *testing.T, where string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP lacks %s: %q", where, want, csp)
		}
	}
	if strings.Contains(csp, "unsafe-") || strings.Contains(csp, "data:") || strings.Contains(csp, "*") {
		t.Errorf("%s: CSP allows too much: %q", where, csp)
	}
	for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if h.Get(name) != want {
			t.Errorf("%s: %s %q", where, name, h.Get(name))
		}
	}
	if rp := h.Get("Referrer-Policy"); rp != "same-origin" && rp != "no-referrer" {
		t.Errorf("%s: Referrer-Policy %q", where, rp)
	}
	if pp := h.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
		t.Errorf("%s: Permissions-Policy %q", where, pp)
	}
}

// TestEveryKindOfAnswerHasTheSecurityHeaders covers what the route walk
// does not: answers from the page cache, static assets, errors of every
// kind (unknown route, wrong method, refused cross-site post, too large a
// body, gone link, throttled sign-in) and HEAD; and HSTS on all of them
// behind TLS.
func TestEveryKindOfAnswerHasTheSecurityHeaders(t *testing.T) {
	for _, secure := range []bool{false, true} {
		e := newEnv(t)
		if secure {
			e = newEnvSecure(t)
		}
		e.publish(caseForm())
		c := e.client()
		ed := e.login("editor")
		// Over the sign-in form's limit, which leaves room for a kept form.
		big := url.Values{"email": {strings.Repeat("x", 6<<20)}}
		answers := map[string]*response{}
		for i := 0; i < 2; i++ { // the second time from the page cache
			for _, p := range []string{"/en/", "/en/cases/aleksandr-akimushkin", "/en/cases?q=blogger", "/sitemap.xml", "/api/v1/cases", "/en/feed.atom"} {
				answers["GET "+p+" #"+itoa(i)] = c.get(p)
			}
		}
		answers["asset"] = c.get(assets.Path("style.css"))
		answers["missing asset"] = c.get("/assets/nope.js")
		answers["unknown route"] = c.get("/nope/nope/nope")
		answers["unknown case"] = c.get("/en/cases/nope")
		answers["wrong method"] = c.do(mustRequest(http.MethodPut, e.srv.URL+"/login"))
		answers["cross-site post"] = ed.post("/studio/cases/new", caseForm(), "Sec-Fetch-Site", "cross-site")
		answers["too large"] = c.post("/login", big)
		answers["gone link"] = c.get("/password?token=nope")
		answers["studio page"] = ed.get("/studio/")
		answers["studio 404"] = ed.get("/studio/cases/99999")
		answers["redirect"] = c.get("/")
		answers["HEAD"] = c.do(mustRequest(http.MethodHead, e.srv.URL+"/en/cases"))
		for i := 0; i < 6; i++ {
			answers["throttled"] = c.post("/login", url.Values{"email": {"editor@example.org"}, "password": {"wrong password!"}})
		}
		if answers["throttled"].StatusCode != http.StatusTooManyRequests || answers["too large"].StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("fixtures: throttled %d, too large %d", answers["throttled"].StatusCode, answers["too large"].StatusCode)
		}
		for what, r := range answers {
			checkSecurityHeaders(t, what, r.Header)
			if got := r.Header.Get("Strict-Transport-Security") != ""; got != secure {
				t.Errorf("%s: HSTS %v with --secure-cookies %v", what, got, secure)
			}
		}
	}
}

func mustRequest(method, u string) *http.Request {
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		panic(err)
	}
	return req
}

// TestTLSWithoutTheFlag: a server reached over TLS directly sends HSTS and
// Secure cookies even when --secure-cookies was forgotten.
func TestTLSWithoutTheFlag(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "casebook.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.CreateUser(ctx, nil, store.NewUser{Email: "editor@example.org", Role: "editor", Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	sess, err := auth.NewSessionStore(ctx, st, false)
	if err != nil {
		t.Fatal(err)
	}
	h := handlers.New(st, sess, slog.New(slog.DiscardHandler))
	e := echo.New()
	h.Routes(e)
	srv := httptest.NewTLSServer(h.FastPath(e))
	t.Cleanup(srv.Close)
	hc := srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, p := range []string{"/en/", "/en/", "/nope/nope"} {
		res, err := hc.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
			t.Errorf("%s over TLS: no HSTS", p)
		}
	}
	res, err := hc.PostForm(srv.URL+"/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in over TLS: %d", res.StatusCode)
	}
	cookie := res.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "Secure") || !strings.Contains(cookie, "HttpOnly") {
		t.Errorf("session cookie over TLS: %s", cookie)
	}
}
