package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casebook/wordpress/wptest"
)

// TestImportWordPressCommand: `casebook import-wordpress` end to end:
// a run that refuses a post writes nothing and fails with the report;
// the flags (anywhere, or from CASEBOOK_<FLAG>) import the fixture site,
// a second run of its export or of its REST pages changes nothing, and
// export-site writes a page at each old address of a public case that
// sends the browser to the profile.
func TestImportWordPressCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	mapFile := wptest.Fixture("map.json")
	wxr := wptest.Fixture("site.xml")
	var out, errOut bytes.Buffer
	err := run(ctx, []string{"import-wordpress", wxr, "--map", mapFile, "--db", db}, nil, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "1 refused: nothing imported") ||
		!strings.Contains(out.String(), "give the site's uploads folder with --uploads DIR") || !strings.Contains(out.String(), "nothing was imported") {
		t.Fatalf("without photos: %v\n%s", err, out.String())
	}
	up := filepath.Join(dir, "uploads")
	if err := wptest.Uploads(up); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CASEBOOK_UPLOADS", up)
	out.Reset()
	if err := run(ctx, []string{"import-wordpress", "--db", db, wxr, "--map", mapFile, "--as-published"}, nil, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{`WordPress https://politzek.example.org (site.xml), post type "figurant"`, "posts: 4 (1 draft, 2 publish, 1 trash), making 2 cases",
		"cases: 2 new, 0 updated, 0 unchanged"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	for _, src := range []string{wxr, wptest.Fixture("rest")} {
		out.Reset()
		if err := run(ctx, []string{"import-wordpress", src, "--map", mapFile, "--as-published", "--db", db}, nil, &out, &errOut); err != nil ||
			!strings.Contains(out.String(), "cases: 0 new, 0 updated, 2 unchanged") {
			t.Errorf("again from %s: %v\n%s", filepath.Base(src), err, out.String())
		}
	}
	// --type wins over the mapping's post type.
	out.Reset()
	err = run(ctx, []string{"import-wordpress", wxr, "--map", mapFile, "--type", "post", "--db", db}, nil, &out, &errOut)
	if err == nil || !strings.Contains(out.String(), `post type "post"`) || !strings.Contains(out.String(), "the mapping does not name its term category:uncategorized") {
		t.Errorf("--type post: %v\n%s", err, out.String())
	}
	for _, bad := range [][]string{
		{"import-wordpress", wxr, "--lang", "de", "--db", db},
		{"import-wordpress", "--db", db},
		{"import-wordpress", filepath.Join(dir, "none.xml"), "--db", db},
	} {
		if err := run(ctx, bad, nil, &out, &errOut); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	badMap := filepath.Join(dir, "map.json")
	os.WriteFile(badMap, []byte("{\n  \"meta\": {\"detained\": \"x\"}\n}"), 0o644)
	if err := run(ctx, []string{"import-wordpress", wxr, "--map", badMap, "--db", db}, nil, &out, &errOut); err == nil ||
		!strings.Contains(err.Error(), `meta: "detained" is not a case field`) {
		t.Errorf("a wrong mapping: %v", err)
	}

	site := filepath.Join(dir, "site")
	if err := run(ctx, []string{"export-site", site, "--db", db, "--base-url", "https://mirror.example.org"}, nil, &out, &errOut); err != nil {
		t.Fatalf("export-site: %v\n%s", err, errOut.String())
	}
	for file, to := range map[string]string{
		"figurant/aleksandr-akimushkin/index.html":       "/ru/cases/aleksandr-akimushkin",
		"figurant/akimushkin/index.html":                 "/ru/cases/aleksandr-akimushkin",
		"en/figurant/aleksandr-akimushkin-en/index.html": "/en/cases/aleksandr-akimushkin",
	} {
		page, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(file)))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		for _, want := range []string{`<meta http-equiv="refresh" content="0; url=` + to + `">`, `<link rel="canonical" href="https://mirror.example.org` + to + `">`,
			`<a href="` + to + `">`, `<meta name="robots" content="noindex">`} {
			if !strings.Contains(string(page), want) {
				t.Errorf("%s lacks %s:\n%s", file, want, page)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(site, "ru", "cases", "aleksandr-akimushkin", "index.html")); err != nil {
		t.Errorf("the profile itself: %v", err)
	}
	filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "Черновая") {
				t.Errorf("%s names the draft", p)
			}
		}
		return nil
	})
}
