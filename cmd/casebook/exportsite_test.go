package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportSiteCommandWritesGroupPages: `casebook export-site` writes
// the page of a case group with a published member in both languages,
// linked from its members' profiles and listed in the sitemap, and none
// for a group whose only member is a draft.
func TestExportSiteCommandWritesGroupPages(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	var out, errOut bytes.Buffer
	published := filepath.Join(dir, "groups.json")
	os.WriteFile(published, []byte(`{"groups": [
	    {"code": "network", "ru": {"name": "Дело «Сети»", "description": "Описание"}, "en": {"name": "The Network case", "description": "About"}},
	    {"code": "hidden-cell", "ru": {"name": "Дело «Ячейки»", "description": ""}, "en": {"name": "The Cell case", "description": ""}}],
	  "cases": [
	    {"slug": "anna-gruppova", "status": "political_prisoner", "custody": "serving_sentence",
	     "ru": {"name": "Анна Группова", "headline": "h", "body": "b"}, "en": {"name": "Anna Gruppova", "headline": "h", "body": "b"},
	     "prosecutions": [{"group": "network", "articles": ["205.5 ч.2"], "stage": "sentenced",
	                       "sentence": {"kind": "colony", "months": 78, "regime": "strict"}}]}]}`), 0o644)
	if err := run(ctx, []string{"import", published, "--db", db, "--as-published"}, nil, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	draft := filepath.Join(dir, "draft.json")
	os.WriteFile(draft, []byte(`[{"slug": "elena-skrytaya", "status": "political_prisoner",
	     "ru": {"name": "Елена Скрытая", "headline": "h", "body": "b"}, "en": {"name": "Elena Skrytaya", "headline": "h", "body": "b"},
	     "prosecutions": [{"group": "hidden-cell", "articles": ["280.3"]}]}]`), 0o644)
	if err := run(ctx, []string{"import", draft, "--db", db}, nil, &out, &errOut); err != nil {
		t.Fatalf("import of the draft: %v\n%s", err, errOut.String())
	}
	site := filepath.Join(dir, "site")
	if err := run(ctx, []string{"export-site", site, "--db", db, "--base-url", "https://mirror.example.org"}, nil, &out, &errOut); err != nil {
		t.Fatalf("export-site: %v\n%s", err, errOut.String())
	}
	for l, want := range map[string]string{"ru": "6 лет 6 месяцев колонии строгого режима", "en": "6 years 6 months in a strict-regime colony"} {
		page, err := os.ReadFile(filepath.Join(site, l, "groups", "network", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), want) || !strings.Contains(string(page), `href="/`+l+`/cases/anna-gruppova"`) {
			t.Errorf("%s: the group page lacks the member or the sentence", l)
		}
		profile, err := os.ReadFile(filepath.Join(site, l, "cases", "anna-gruppova", "index.html"))
		if err != nil || !strings.Contains(string(profile), `href="/`+l+`/groups/network"`) {
			t.Errorf("%s: the profile does not link the group page: %v", l, err)
		}
		if _, err := os.Stat(filepath.Join(site, l, "groups", "hidden-cell")); err == nil {
			t.Errorf("%s: a page for a group with no published member", l)
		}
	}
	sm, _ := os.ReadFile(filepath.Join(site, "sitemap.xml"))
	if !strings.Contains(string(sm), "https://mirror.example.org/ru/groups/network</loc>") || strings.Contains(string(sm), "hidden-cell") {
		t.Errorf("sitemap:\n%s", sm)
	}
	filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "Скрытая") || strings.Contains(string(b), "Skrytaya") {
				t.Errorf("%s names the draft", p)
			}
		}
		return nil
	})
}
