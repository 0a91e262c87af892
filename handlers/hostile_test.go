package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"casebook/markdown"
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
	"group", "gender", "citizenship", "born_from", "born_to", "released", "per_page",
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

// TestHostileQueriesAreWords: whatever is typed into the search is read as
// plain words: FTS5 syntax (quotes, NEAR(, *, lone operators, columns)
// finds what its words find, bytes that are not text are dropped, and a
// query longer than 200 characters is cut to 200 before it is searched,
// not refused. The list and the open data answer alike.
func TestHostileQueriesAreWords(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	c := e.client()
	found := func(p string) (int, string, string) {
		r := c.get(p)
		d := r.doc(t)
		return r.StatusCode, d.Find(".case-list").Text(), d.Find("#list-q").AttrOr("value", "")
	}
	for _, q := range []string{
		`"Акимушкин"`, `"Акимушкин`, `Акимушкин*`, `(Акимушкин)`, `Акимушкин -армии`, `^Акимушкин`, `{} : Акимушкин`,
		`Акимушкин"армии`, "Акимушкин\xff\xfe", "Акимушкин" + strings.Repeat(" ", 300) + "армии",
	} {
		status, list, _ := found("/ru/cases?q=" + url.QueryEscape(q))
		if status != 200 || !strings.Contains(list, "Акимушкин") {
			t.Errorf("query %q: %d, %q", q, status, strings.TrimSpace(list))
		}
	}
	// Operators are words like any other, which must be in the text too:
	// none of these is, so they find nothing, and fail nowhere.
	for _, q := range []string{`"`, `NEAR(`, `*`, `AND`, `OR NOT`, `-`, `""`, `:`, `NEAR("a" "b", 2)`, "\x00", strings.Repeat(`"`, 5000),
		`NEAR(Акимушкин`, `Акимушкин AND`, `OR Акимушкин`, `name:Акимушкин`, `Акимушкин NOT`, strings.Repeat("NEAR(", 1000)} {
		status, list, _ := found("/ru/cases?q=" + url.QueryEscape(q))
		if status != 200 || strings.TrimSpace(list) != "" {
			t.Errorf("query %q: %d, %q", q, status, strings.TrimSpace(list))
		}
	}
	// A long query is cut: the words past 200 characters are not searched,
	// and the search box shows what was.
	long := strings.Repeat("х", 300) + " Акимушкин"
	status, list, shown := found("/ru/cases?q=" + url.QueryEscape(long))
	if status != 200 || strings.Contains(list, "Акимушкин") || len([]rune(shown)) != 200 {
		t.Errorf("long query: %d, %d characters shown, %q", status, len([]rune(shown)), strings.TrimSpace(list))
	}
	for _, p := range []string{"/api/v1/cases?q=" + url.QueryEscape(long), "/api/v1/cases?q=" + url.QueryEscape(`NEAR("a" *`), "/api/v1/cases.csv?q=" + url.QueryEscape(long)} {
		if r := c.get(p); r.StatusCode != 200 {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
	}
}

// TestHostileUploadNamesAreIgnored sends photos under names that have
// broken upload handlers: none gives a 5xx or leaks internals, and a photo
// that is taken is stored under its content hash, never under a name the
// browser chose.
func TestHostileUploadNamesAreIgnored(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	photo := jpegWithSecrets(t, 64, 64)
	stored := regexp.MustCompile(`^/media/[0-9a-f]{64}\.(jpg|webp|png)$`)
	taken := 0
	for i, name := range []string{
		"../../etc/passwd", "..\\..\\windows\\win.ini", "a\x00.jpg", "/etc/passwd.jpg", strings.Repeat("a", 5000) + ".jpg",
		"photo.jpg\r\nX-Injected: 1", `"><img src=x onerror=alert(1)>.jpg`, "фото.JPG", ".jpg", "", "photo.php.jpg", "%2e%2e%2fx.jpg",
	} {
		form := caseForm()
		form.Set("name_en", "Person "+itoa(i))
		form.Set("name_ru", "Человек "+itoa(i))
		for _, data := range [][]byte{photo, []byte("not an image at all")} {
			r := res.postMultipart("/studio/cases/new", form, name, data)
			if r.StatusCode >= 500 {
				t.Fatalf("upload named %q: %d", name, r.StatusCode)
			}
			low := strings.ToLower(r.body)
			for _, leak := range []string{"goroutine ", "sqlite", "panic:", "runtime error", "no such file", "/tmp/"} {
				if strings.Contains(low, leak) {
					t.Errorf("upload named %q leaks %q", name, leak)
				}
			}
			if len(r.Header.Values("X-Injected")) != 0 {
				t.Errorf("upload named %q injected a header", name)
			}
			// A part without a file name is no file (net/http's rule), so
			// the case is saved without a photo.
			junk := data[0] != photo[0]
			// A control character in a part's header makes the whole
			// body malformed MIME (no browser sends one): 400 is the
			// answer, not a 5xx.
			malformed := strings.ContainsAny(name, "\x00\r\n")
			if malformed && r.StatusCode != http.StatusBadRequest && r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a malformed part named %q: %d", name, r.StatusCode)
			}
			if junk && name != "" && !malformed && r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a text file named %q: %d", name, r.StatusCode)
			}
			if r.StatusCode != http.StatusSeeOther {
				continue
			}
			var id int64
			fmtSscan(r.Header.Get("Location"), &id)
			u := e.detail(id).Working.Content.Photo.URL
			if !stored.MatchString(u) && !(name == "" && u == "") {
				t.Errorf("upload named %q stored as %q", name, u)
			}
			if stored.MatchString(u) {
				taken++
			}
			// And again through the edit form.
			ef := caseForm()
			ef.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
			ef.Set("name_en", "Person "+itoa(i))
			ef.Set("name_ru", "Человек "+itoa(i))
			if r := res.postMultipart(casePath(id)+"/edit", ef, name, data); r.StatusCode >= 500 {
				t.Errorf("edit with an upload named %q: %d", name, r.StatusCode)
			}
		}
	}
	if taken < 9 {
		t.Errorf("only %d photos were taken: the test does not reach storage", taken)
	}
}

// TestLongBodyIsRefusedAndDeepNestingRendersFast: a body longer than the
// Markdown renderer reads is refused at save time with a message in the
// person's language; one within the bound but nested 150,000 quotes deep
// (which took 15 s to render) is published and its profile answers at
// once.
func TestLongBodyIsRefusedAndDeepNestingRendersFast(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	for _, tc := range []struct{ lang, want string }{
		{"en", "This text is longer than 256 KB"},
		{"ru", "Текст длиннее 256 КБ"},
	} {
		if r := res.post("/studio/account/lang", url.Values{"lang": {tc.lang}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("language: %d", r.StatusCode)
		}
		form := caseForm()
		form.Set("body_en", strings.Repeat("ж", markdown.MaxSource/2+1))
		r := res.post("/studio/cases/new", form)
		if msg := r.doc(t).Find("#body_en-error").Text(); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d, %q", tc.lang, r.StatusCode, msg)
		}
	}
	deep := caseForm()
	deep.Set("body_en", strings.Repeat(">", 150000))
	e.publish(deep)
	start := time.Now()
	r := e.client().get("/en/cases/aleksandr-akimushkin")
	if d := time.Since(start); r.StatusCode != http.StatusOK || d > 2*time.Second {
		t.Errorf("deeply nested profile: %d in %v", r.StatusCode, d)
	}
	if n := strings.Count(r.body, "<blockquote>"); n != markdown.MaxDepth {
		t.Errorf("%d quotes deep", n)
	}
}
