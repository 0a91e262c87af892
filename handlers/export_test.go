package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"casebook/auth"
	"casebook/handlers"
)

// TestExportSiteServesTheSameProfiles exports the public site, serves the
// files with a plain file server, and compares every profile with the one
// the live server renders.
func TestExportSiteServesTheSameProfiles(t *testing.T) {
	e := newEnv(t, handlers.WithBaseURL("https://casebook.example"))
	publishVariety(t, e)
	ctx := context.Background()
	sess, _ := auth.NewSessionStore(ctx, e.st, false)
	h := handlers.New(e.st, sess, slog.New(slog.NewTextHandler(io.Discard, nil)), handlers.WithStatic(), handlers.WithBaseURL("https://casebook.example"))
	se := echo.New()
	h.Routes(se)
	dir := t.TempDir()
	n, err := h.ExportSite(ctx, se, dir)
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("wrote only %d files", n)
	}
	static := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer static.Close()
	get := func(base, p string) (int, string) {
		res, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, p := range []string{"/ru/cases/aleksandr-akimushkin/", "/en/cases/aleksandr-akimushkin/", "/ru/cases/marina-sokolova/", "/ru/cases/nikolai-gusev/", "/en/cases/nikolai-gusev/"} {
		code, exported := get(static.URL, p)
		if code != 200 {
			t.Fatalf("static %s: %d", p, code)
		}
		_, live := get(e.srv.URL, strings.TrimSuffix(p, "/"))
		// The page's content and its head are the same; only the footer
		// of a mirror leaves out the open-data link, which needs a server.
		for _, part := range []string{"head", "main"} {
			if a, b := section(exported, part), section(live, part); a != b || a == "" {
				t.Errorf("%s: the exported <%s> differs from the live one", p, part)
			}
		}
	}
	// Lists, filters as links, pages, feeds, sitemap, assets and photos.
	for _, p := range []string{"/", "/ru/", "/en/cases/", "/ru/cases/by-status/released/", "/ru/cases/by-year/2024/", "/ru/stats/", "/ru/feed.atom", "/sitemap.xml", "/robots.txt"} {
		if code, _ := get(static.URL, p); code != 200 {
			t.Errorf("static %s: %d", p, code)
		}
	}
	_, list := get(static.URL, "/ru/cases/")
	for _, name := range []string{"Акимушкин", "Соколова", "Гусев"} {
		if !strings.Contains(list, name) {
			t.Errorf("the static list lacks %s", name)
		}
	}
	if !strings.Contains(list, "статическая копия") {
		t.Error("the static list does not say search needs the server")
	}
	if strings.Contains(list, `select name="region"`) {
		t.Error("the static list offers a filter form that cannot work")
	}
	// Every link in the static pages leads to a file that exists.
	for _, page := range []string{"/ru/", "/en/", "/ru/cases/", "/ru/stats/"} {
		_, body := get(static.URL, page)
		for _, href := range hrefs(body) {
			if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "/api/") || strings.Contains(href, "?") {
				continue
			}
			path := filepath.Join(dir, filepath.FromSlash(href))
			if st, err := os.Stat(path); err != nil || (st.IsDir() && !exists(filepath.Join(path, "index.html"))) {
				t.Errorf("%s links to %s, which the export lacks", page, href)
			}
		}
	}
	// Drafts are not exported.
	res := e.login("researcher")
	draft := caseForm()
	draft.Set("name_en", "Draft Only")
	e.createCase(res, draft)
	dir2 := t.TempDir()
	if _, err := h.ExportSite(ctx, se, dir2); err != nil {
		t.Fatal(err)
	}
	if exists(filepath.Join(dir2, "en", "cases", "draft-only", "index.html")) {
		t.Error("a draft was exported")
	}
}

// TestExportSiteWithoutBaseURL: a mirror exported without --base-url
// names no host at all (the requests the export makes up have one,
// example.com, that is nobody's): its links are paths.
func TestExportSiteWithoutBaseURL(t *testing.T) {
	e := newEnv(t)
	e.publish(caseForm())
	ctx := context.Background()
	sess, _ := auth.NewSessionStore(ctx, e.st, false)
	h := handlers.New(e.st, sess, slog.New(slog.NewTextHandler(io.Discard, nil)), handlers.WithStatic())
	se := echo.New()
	h.Routes(se)
	dir := t.TempDir()
	if _, err := h.ExportSite(ctx, se, dir); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if strings.Contains(string(b), "example.com") {
			t.Errorf("%s names example.com", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "en", "cases", "aleksandr-akimushkin", "index.html"))
	if !strings.Contains(string(b), `<link rel="canonical" href="/en/cases/aleksandr-akimushkin">`) {
		t.Errorf("canonical link of the exported profile:\n%.600s", b)
	}
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func hrefs(body string) []string {
	var out []string
	for _, part := range strings.Split(body, `href="`)[1:] {
		if i := strings.IndexByte(part, '"'); i > 0 {
			out = append(out, strings.ReplaceAll(part[:i], "&amp;", "&"))
		}
	}
	return out
}

// section returns the HTML of the first <tag>...</tag> of a page.
func section(body, tag string) string {
	i := strings.Index(body, "<"+tag)
	j := strings.Index(body, "</"+tag+">")
	if i < 0 || j < i {
		return ""
	}
	return body[i:j]
}

// TestExportSiteStopsWhenCanceled: an export stopped half-way (Ctrl-C)
// fails, and writes no empty page for the answers it no longer waited for.
func TestExportSiteStopsWhenCanceled(t *testing.T) {
	e := newEnv(t)
	e.publish(caseForm())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sess, _ := auth.NewSessionStore(ctx, e.st, false)
	// Canceled once the first page is written (its access log line),
	// so that the pages after it are asked for in vain.
	h := handlers.New(e.st, sess, slog.New(slog.NewTextHandler(cancelWriter(cancel), nil)), handlers.WithStatic())
	se := echo.New()
	h.Routes(se)
	dir := t.TempDir()
	if _, err := h.ExportSite(ctx, se, dir); err == nil {
		t.Error("a canceled export succeeded")
	}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && fi.Size() == 0 {
			t.Errorf("an empty page: %s", p)
		}
		return nil
	})
}

type cancelWriter context.CancelFunc

func (w cancelWriter) Write(p []byte) (int, error) { w(); return len(p), nil }
