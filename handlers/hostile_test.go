package handlers_test

import (
	"net/url"
	"strings"
	"testing"
)

// hostile are values that have broken web applications.
var hostile = []string{
	`'"><script>alert(1)</script>`, `../../../../etc/passwd`, "\x00", "%00", "\xff\xfe\xfd",
	`' OR 1=1 --`, `"; DROP TABLE cases; --`, `NEAR("a" "b")`, `*`, `-1`, `0`, `99999999999999999999`,
	strings.Repeat("A", 70000), `{{7*7}}`, `${jndi:ldap://x}`, "\r\nSet-Cookie: x=1", `//evil.example`, `javascript:alert(1)`,
}

var hostileFields = []string{
	"q", "page", "rev", "lang", "a", "b", "case", "user", "before", "token", "next", "kept", "set",
	"email", "password", "code", "name", "role", "transition", "revision", "comment", "body", "number",
	"name_ru", "name_en", "headline_en", "body_ru", "slug", "status", "region", "articles", "categories", "detained_on",
	"source_url", "source_title", "timeline_date", "timeline_ru", "photo_url", "publish_at", "criteria", "violence",
	"id", "current", "new", "repeat", "require_2fa", "four_eyes", "name_ru", "code", "retired", "add_row",
}

// TestHostileInputNeverBreaksARoute sends hostile values in every
// parameter, query string and form field of every route, signed in and
// not: no answer may be a 5xx or show an SQL error or a stack trace.
func TestHostileInputNeverBreaksARoute(t *testing.T) {
	e := newEnv(t)
	e.publish(caseForm())
	clients := map[string]*client{"anon": e.client(), "admin": e.login("admin"), "editor": e.login("editor")}
	for who, c := range clients {
		for _, r := range e.echo.Routes() {
			if r.Method == "echo_route_not_found" || r.Method == "HEAD" || r.Path == "/logout" {
				continue
			}
			for i, v := range hostile {
				path := r.Path
				for _, p := range []string{":lang", ":slug", ":id", ":kind", ":code", ":file", "*"} {
					path = strings.ReplaceAll(path, p, url.PathEscape(v))
				}
				if len(path) > 4000 {
					path = path[:4000]
				}
				form := url.Values{}
				for _, f := range hostileFields {
					form.Add(f, hostile[(i+len(f))%len(hostile)])
				}
				var res *response
				if r.Method == "GET" {
					res = c.get(path + "?" + form.Encode())
				} else {
					res = c.post(path, form)
				}
				if res.StatusCode >= 500 {
					t.Errorf("%s %s (%s, value %d): %d", r.Method, r.Path, who, i, res.StatusCode)
				}
				low := strings.ToLower(res.body)
				for _, leak := range []string{"goroutine ", "sql logic", "sqlite", "panic:", "runtime error"} {
					if strings.Contains(low, leak) {
						t.Errorf("%s %s (%s, value %d) leaks %q", r.Method, r.Path, who, i, leak)
					}
				}
				if len(res.Header.Values("X")) > 0 {
					t.Errorf("%s %s: a header was injected", r.Method, r.Path)
				}
			}
		}
	}
}
