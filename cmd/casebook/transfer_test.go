package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"casebook/content"
	"casebook/store"
)

// readExport reads an export file as generic JSON.
func readExport(t *testing.T, path string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestImportFilesWrittenBeforeProsecutions: `casebook import` takes an
// export written before prosecutions and a file of cases in the JSON of
// that time, and `casebook export` gives the old revisions back without
// prosecutions, with their top-level fields as they were. (The store's
// tests compare them key by key.)
func TestImportFilesWrittenBeforeProsecutions(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	old := filepath.Join("..", "..", "store", "testdata", "export-before-prosecutions.json")
	db := filepath.Join(dir, "a.db")
	if err := run(ctx, []string{"import", old, "--db", db}, nil, &out, &errOut); err != nil || !strings.Contains(out.String(), "imported 2 cases") {
		t.Fatalf("import of an old export: %v\n%s%s", err, out.String(), errOut.String())
	}
	exp := filepath.Join(dir, "export.json")
	if err := run(ctx, []string{"export", exp, "--db", db}, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	before, after := readExport(t, old), readExport(t, exp)
	for i, c := range before["cases"].([]any) {
		for j, r := range c.(map[string]any)["revisions"].([]any) {
			was := r.(map[string]any)["content"].(map[string]any)
			now := after["cases"].([]any)[i].(map[string]any)["revisions"].([]any)[j].(map[string]any)["content"].(map[string]any)
			if _, ok := now["prosecutions"]; ok {
				t.Errorf("case %d revision %d was given prosecutions", i, j)
			}
			for _, k := range []string{"articles", "region", "detained_on", "sentenced_on", "ru", "en", "timeline", "sources"} {
				if k == "ru" || k == "en" {
					delete(now[k].(map[string]any), "occupation")
				}
				if !reflect.DeepEqual(was[k], now[k]) {
					t.Errorf("case %d revision %d: %s %v, was %v", i, j, k, now[k], was[k])
				}
			}
		}
	}
	out.Reset()
	if err := run(ctx, []string{"import", filepath.Join("..", "..", "store", "testdata", "cases-before-prosecutions.json"), "--db", filepath.Join(dir, "b.db")}, nil, &out, &errOut); err != nil || !strings.Contains(out.String(), "imported 2 cases") {
		t.Fatalf("import of old cases: %v\n%s%s", err, out.String(), errOut.String())
	}
}

// groupsFile is an import file of groups and cases in the new shape,
// with every field of a prosecution set.
const groupsFile = `{
  "groups": [
    {"code": "tomsk-leaflets-2024", "ru": {"name": "Дело о томских листовках", "description": "Трое студентов."},
     "en": {"name": "Tomsk leaflets case", "description": "Three students."}},
    {"code": "ufa-hizb-ut-tahrir-2015", "ru": {"name": "Уфимское дело", "description": ""}, "en": {"name": "Ufa case", "description": "Five from Bashkiria."}}
  ],
  "cases": [
    {"slug": "denis-kornilov", "status": "political_prisoner", "categories": ["anti-war"],
     "gender": "male", "born_on": "2003-04-17", "birthday_public": true, "citizenship": ["RU", "UA"], "custody": "serving_sentence",
     "ru": {"name": "Денис Корнилов", "headline": "Студента приговорили", "body": "Текст.", "occupation": "студент"},
     "en": {"name": "Denis Kornilov", "headline": "A student sentenced", "body": "Text.", "occupation": "student"},
     "prosecutions": [
       {"group": "tomsk-leaflets-2024", "articles": ["280.4 ч.2", "207.3 ч.1"], "region": "tomsk-oblast",
        "opened_on": "2024-03-12", "detained_on": "2024-03-14", "verdict_on": "2025-02-14", "stage": "sentenced",
        "sentence": {"kind": "colony", "months": 48, "regime": "general", "fine_rub": 100000,
                     "release_expected_on": "2027-09", "released_on": "2026-12-01", "released_how": "exchange"},
        "ru": {"court": "Советский районный суд Томска", "judge": "Иванова", "prosecutor": "Петров", "note": "Запрет на администрирование сайтов."},
        "en": {"court": "Sovetsky District Court of Tomsk", "judge": "Ivanova", "prosecutor": "Petrov", "note": "Banned from running websites."}},
       {"articles": ["205.2 ч.2"], "region": "tomsk-oblast", "opened_on": "2024-11", "stage": "trial",
        "ru": {"court": "Центральный окружной военный суд"}, "en": {"court": "Central District Military Court"}}
     ]},
    {"slug": "polina-vereshchagina", "status": "political_prisoner", "gender": "female", "born_on": "2002", "citizenship": ["RU"],
     "ru": {"name": "Полина Верещагина", "headline": "Студентку приговорили", "body": "Текст."},
     "prosecutions": [{"group": "tomsk-leaflets-2024", "articles": ["280.4 ч.2"], "region": "tomsk-oblast", "verdict_on": "2025-02-14", "stage": "appeal",
        "sentence": {"kind": "colony", "months": 42, "regime": "general"}}]}
  ]
}`

// TestExportImportRoundTripOfProsecutionsCommands: cases of the new shape
// imported from a file of groups and cases lose nothing, and `casebook
// export` then `import` into an empty database then `export` gives the
// same cases and groups, compared as JSON.
func TestExportImportRoundTripOfProsecutionsCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	in := filepath.Join(dir, "groups.json")
	os.WriteFile(in, []byte(groupsFile), 0o644)
	db1, db2 := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	e1, e2 := filepath.Join(dir, "e1.json"), filepath.Join(dir, "e2.json")
	if err := run(ctx, []string{"import", in, "--as-published", "--db", db1}, nil, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	for _, args := range [][]string{{"export", e1, "--db", db1}, {"import", e1, "--db", db2}, {"export", e2, "--db", db2}} {
		if err := run(ctx, args, nil, &out, &errOut); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
	}
	// What the file said is what the first export holds.
	var file struct{ Cases []*content.Case }
	if err := json.Unmarshal([]byte(groupsFile), &file); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(e1)
	var d store.Dump
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	for i, want := range file.Cases {
		want.Normalize()
		if got := d.Cases[i].Revisions[0].Content; !got.Equal(want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			t.Errorf("case %d exported as\n%s\nwant\n%s", i, g, w)
		}
	}
	// The second export is the first, but for when it was made and the
	// accounts of the import, as JSON.
	a, b := readExport(t, e1), readExport(t, e2)
	for _, k := range []string{"references", "media", "users"} {
		if !reflect.DeepEqual(a[k], b[k]) {
			t.Errorf("%s differ after the round trip:\n%v\n%v", k, a[k], b[k])
		}
	}
	groups, _ := json.Marshal(b["references"].(map[string]any)["groups"])
	if !strings.Contains(string(groups), `"description_en":"Five from Bashkiria."`) || !strings.Contains(string(groups), `"description_ru":"Трое студентов."`) {
		t.Errorf("exported groups: %s", groups)
	}
	ca, cb := a["cases"].([]any), b["cases"].([]any)
	if len(ca) != 2 || len(cb) != 2 {
		t.Fatalf("%d and %d cases", len(ca), len(cb))
	}
	for i := range ca {
		x, y := ca[i].(map[string]any), cb[i].(map[string]any)
		// The import adds its own entry to each case's audit.
		delete(x, "audit")
		delete(y, "audit")
		xs, _ := json.Marshal(x)
		ys, _ := json.Marshal(y)
		if string(xs) != string(ys) {
			t.Errorf("case %d differs after the round trip:\n%s\n%s", i, xs, ys)
		}
	}
}

// TestImportGroupsAndCasesCommand: a file whose case names a group
// neither it nor the database holds is refused with its other problems,
// a group's named as a group, and nothing is written.
func TestImportGroupsAndCasesCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"groups": [
	   {"code": "tomsk-leaflets-2024", "ru": {"name": "Дело о томских листовках"}, "en": {"name": "Tomsk leaflets case"}},
	   {"code": "Bad Code", "ru": {"name": "Плохой код"}, "en": {"name": "Bad code"}}
	 ],
	 "cases": [{"slug": "one", "status": "political_prisoner", "en": {"name": "One"},
	   "prosecutions": [{"group": "tomsk-leaflets-2024", "articles": ["280.4"]}, {"group": "nowhere-2020", "articles": ["280.4"], "sentence": {"months": 700}}]}]}`), 0o644)
	db := filepath.Join(dir, "a.db")
	err := run(ctx, []string{"import", bad, "--db", db}, nil, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "nothing imported: 3 problems") {
		t.Fatalf("bad import: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{
		"group 2 (Bad Code): code: Code: lower-case Latin letters",
		"case 1 (one): prosecutions.1.group: There is no such case group in the reference list.",
		"case 1 (one): prosecutions.1.sentence.months: The term is a whole number of months from 0 to 600.",
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
	if strings.Contains(errOut.String(), "case 2") || strings.Contains(errOut.String(), "groups.") {
		t.Errorf("a group's problem reported as a case's:\n%s", errOut.String())
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cases, _ := st.StudioCases(ctx)
	refs, _ := st.References(ctx)
	if len(cases) != 0 || len(refs.Groups) != 0 {
		t.Errorf("a refused import wrote %d cases and %d groups", len(cases), len(refs.Groups))
	}
}

// TestREADMEImportExampleImports: the example of an import file in the
// README is one.
func TestREADMEImportExampleImports(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "### Import files")
	_, block, ok2 := strings.Cut(section, "```json\n")
	example, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("the README has no example of an import file")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "example.json")
	os.WriteFile(file, []byte(example), 0o644)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"import", file, "--db", filepath.Join(dir, "a.db")}, nil, &out, &errOut); err != nil || !strings.Contains(out.String(), "imported 1 cases") {
		t.Fatalf("the README's example: %v\n%s%s", err, out.String(), errOut.String())
	}
}
