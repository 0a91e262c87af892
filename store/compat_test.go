package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"casebook/content"
	"casebook/workflow"
)

// The files of these tests were written before prosecutions:
// testdata/export-before-prosecutions.json by Store.Export of the code
// before them (commit 25d72db: two cases, one published and edited since,
// one draft with a comment), testdata/cases-before-prosecutions.json by
// hand in the case JSON of that time.

// personKeys are the keys the case JSON gained beside `prosecutions`: a
// revision written before them reads them as empty.
var personKeys = map[string]bool{"gender": true, "born_on": true, "birthday_public": true, "citizenship": true, "occupation": true}

// diffOld lists where stored differs from what the file had: every key of
// the file must be stored with its value; stored may add the person
// facts, empty, and the keys in extra, and nothing else. With fill, it
// may also add any key with an empty value, as the store has always
// filled in the keys a hand-written file leaves out.
func diffOld(file, stored any, path string, extra map[string]bool, fill bool) []string {
	fm, ok1 := file.(map[string]any)
	sm, ok2 := stored.(map[string]any)
	if !ok1 || !ok2 {
		if !reflect.DeepEqual(file, stored) {
			return []string{fmt.Sprintf("%s: %v, the file had %v", path, stored, file)}
		}
		return nil
	}
	var out []string
	for k, v := range fm {
		sv, ok := sm[k]
		if !ok {
			out = append(out, path+"."+k+": dropped")
			continue
		}
		out = append(out, diffOld(v, sv, path+"."+k, nil, fill)...)
	}
	for k, v := range sm {
		if _, ok := fm[k]; ok || extra[k] {
			continue
		}
		if (!personKeys[k] && !fill) || !emptyJSON(v) {
			out = append(out, fmt.Sprintf("%s.%s: added %v", path, k, v))
		}
	}
	return out
}

func emptyJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !emptyJSON(e) {
				return false
			}
		}
		return true
	}
	return false
}

// storedRevision is the JSON of a revision as its row holds it.
func storedRevision(t *testing.T, s *Store, slug string, number int) map[string]any {
	t.Helper()
	var body string
	if err := s.r.QueryRowContext(context.Background(), `SELECT r.content FROM revisions r JOIN cases c ON c.id = r.case_id
		WHERE c.slug = ? AND r.number = ?`, slug, number).Scan(&body); err != nil {
		t.Fatalf("revision %d of %s: %v", number, slug, err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func caseID(t *testing.T, s *Store, slug string) int64 {
	t.Helper()
	var id int64
	if err := s.r.QueryRowContext(context.Background(), `SELECT id FROM cases WHERE slug = ?`, slug).Scan(&id); err != nil {
		t.Fatalf("case %s: %v", slug, err)
	}
	return id
}

// TestImportAnExportWrittenBeforeProsecutions: an export of the code
// before prosecutions loads unchanged. Its revisions are stored as the
// file has them, without prosecutions, and are never rewritten: read,
// each is the one prosecution made of its top-level fields, and an
// export gives them back as they were.
func TestImportAnExportWrittenBeforeProsecutions(t *testing.T) {
	ctx := context.Background()
	raw, err := os.ReadFile("testdata/export-before-prosecutions.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Slug      string
			Revisions []struct {
				Number  int
				Content map[string]any
			}
		}
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	d, err := ParseImport(raw)
	if err != nil {
		t.Fatal(err)
	}
	s := openTest(t)
	if n, err := s.Import(ctx, d, ImportOptions{Source: "old.json"}); err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	revisions := 0
	for _, c := range file.Cases {
		for _, r := range c.Revisions {
			revisions++
			if _, ok := r.Content["prosecutions"]; ok {
				t.Fatal("the fixture is not of the shape before prosecutions")
			}
			for _, d := range diffOld(r.Content, storedRevision(t, s, c.Slug, r.Number), fmt.Sprintf("%s#%d", c.Slug, r.Number), nil, false) {
				t.Error(d)
			}
		}
	}
	if revisions != 3 {
		t.Fatalf("%d revisions in the fixture", revisions)
	}
	// Read, the working revision is one prosecution of its top-level
	// fields; the public sees the live one so.
	det, err := s.CaseDetail(ctx, caseID(t, s, "aleksandr-akimushkin"))
	if err != nil {
		t.Fatal(err)
	}
	want := []content.Prosecution{{Articles: []string{"280.3", "207.3"}, Region: "arkhangelsk-oblast", DetainedOn: "2024-05", VerdictOn: "2024-09-19"}}
	if got := det.Working.Content.Prosecutions; !reflect.DeepEqual(got, want) {
		t.Errorf("the old working revision reads as %+v", got)
	}
	pc, err := s.PublicCaseBySlug(ctx, "aleksandr-akimushkin")
	if err != nil {
		t.Fatal(err)
	}
	want[0].Articles = []string{"280.3"}
	if got := pc.Live.Content.Prosecutions; !reflect.DeepEqual(got, want) {
		t.Errorf("the old live revision shows as %+v", got)
	}
	// The export gives the old revisions back as they were.
	exp, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(exp)
	var again struct {
		Cases []struct {
			Revisions []struct{ Content map[string]any }
		}
	}
	json.Unmarshal(b, &again)
	for i, c := range file.Cases {
		for j, r := range c.Revisions {
			for _, d := range diffOld(r.Content, again.Cases[i].Revisions[j].Content, fmt.Sprintf("export %s#%d", c.Slug, r.Number), nil, false) {
				t.Error(d)
			}
		}
	}
}

// TestImportCasesInTheShapeBeforeProsecutions: a file of cases in the
// JSON before prosecutions (top-level articles, region, detained_on,
// sentenced_on) imports with every value it had, and each case is the one
// prosecution those make.
func TestImportCasesInTheShapeBeforeProsecutions(t *testing.T) {
	ctx := context.Background()
	raw, err := os.ReadFile("testdata/cases-before-prosecutions.json")
	if err != nil {
		t.Fatal(err)
	}
	var file []map[string]any
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	d, err := ParseImport(raw)
	if err != nil {
		t.Fatal(err)
	}
	s := openTest(t)
	if n, err := s.Import(ctx, d, ImportOptions{AsPublished: true, Source: "old.json"}); err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	wants := [][]content.Prosecution{
		{{Articles: []string{"280.3"}, Region: "arkhangelsk-oblast", DetainedOn: "2024-05", VerdictOn: "2024-09-19"}},
		{{Articles: []string{"207.3", "280.3"}, Region: "moscow", DetainedOn: "2023-03-01"}},
	}
	for i, fc := range file {
		slug := fc["slug"].(string)
		stored := storedRevision(t, s, slug, 1)
		// A case saved now stores its prosecutions: the one its
		// top-level fields make, which keep their values.
		for _, d := range diffOld(fc, stored, slug, map[string]bool{"prosecutions": true}, true) {
			t.Error(d)
		}
		pc, err := s.PublicCaseBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		if got := pc.Live.Content.Prosecutions; !reflect.DeepEqual(got, wants[i]) {
			t.Errorf("%s shows as %+v", slug, got)
		}
		var c content.Case
		b, _ := json.Marshal(stored)
		json.Unmarshal(b, &c)
		if !reflect.DeepEqual(c.Prosecutions, wants[i]) {
			t.Errorf("%s is stored with %+v", slug, c.Prosecutions)
		}
	}
}

// fullCase is a case with every person fact and two prosecutions, the
// first with every field of a prosecution set, in a group.
func fullCase() *content.Case {
	c := sampleCase()
	c.Slug = "aleksandr-akimushkin"
	c.Categories = []string{"anti-war"}
	c.Gender, c.BornOn, c.BirthdayPublic, c.Citizenship = "male", "1972-03-08", true, []string{"RU", "UA"}
	c.RU.Occupation, c.EN.Occupation = "блогер", "blogger"
	c.Custody = "serving_sentence"
	c.Prosecutions = []content.Prosecution{
		{
			Group: "arkhangelsk-bloggers-2024", Articles: []string{"280.3 ч.1", "207.3 ч.2"}, Region: "arkhangelsk-oblast",
			OpenedOn: "2024-04", DetainedOn: "2024-05", VerdictOn: "2024-09-19", Stage: "sentenced",
			Sentence: content.Sentence{Kind: "colony", Months: 20, Regime: "general", FineRub: 100000,
				ReleaseExpectedOn: "2026-01", ReleasedOn: "2025-12-30", ReleasedHow: "parole"},
			RU: content.ProsecutionText{Court: "Октябрьский районный суд", Judge: "Иванова", Prosecutor: "Петров", Note: "Запрет на администрирование сайтов на 2 года."},
			EN: content.ProsecutionText{Court: "Oktyabrsky District Court", Judge: "Ivanova", Prosecutor: "Petrov", Note: "Banned from running websites for 2 years."},
		},
		{Articles: []string{"205.2"}, Region: "moscow", OpenedOn: "2025-02", Stage: "trial",
			EN: content.ProsecutionText{Court: "Second Western District Military Court"}},
	}
	return c
}

// zeroFields lists the fields of v left at their zero value.
func zeroFields(v reflect.Value, path string) []string {
	if v.Kind() == reflect.Struct {
		var out []string
		for i := range v.NumField() {
			out = append(out, zeroFields(v.Field(i), path+"."+v.Type().Field(i).Name)...)
		}
		return out
	}
	if v.IsZero() {
		return []string{path}
	}
	return nil
}

// TestExportImportRoundTripOfProsecutions: a studio with person facts,
// several prosecutions with every field, a public birthday and groups
// with descriptions exports, imports into an empty database and exports
// again to the same JSON, and the content is what was saved.
func TestExportImportRoundTripOfProsecutions(t *testing.T) {
	ctx := context.Background()
	c := fullCase()
	if z := zeroFields(reflect.ValueOf(c.Prosecutions[0]), "prosecution"); len(z) > 0 {
		t.Fatalf("the test leaves fields of a prosecution empty: %v", z)
	}
	a := openTest(t)
	admin := mustUser(t, a, "a@example.org", "admin")
	res := mustUser(t, a, "r@example.org", "researcher")
	law := mustUser(t, a, "l@example.org", "lawyer")
	ed := mustUser(t, a, "e@example.org", "editor")
	for _, g := range []RefInput{
		{Code: "arkhangelsk-bloggers-2024", NameRU: "Дело архангельских блогеров", NameEN: "Arkhangelsk bloggers case", DescRU: "Трое блогеров.", DescEN: "Three bloggers."},
		{Code: "unused-2020", NameRU: "Без участников", NameEN: "No members", DescEN: "Described in English only."},
	} {
		if err := a.AddRef(ctx, admin, RefGroups, g); err != nil {
			t.Fatal(err)
		}
	}
	id, err := a.CreateCase(ctx, res, c)
	if err != nil {
		t.Fatal(err)
	}
	mustTransition(t, a, res, id, workflow.Submit, workflow.Input{})
	mustTransition(t, a, law, id, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}})
	mustTransition(t, a, ed, id, workflow.Publish, workflow.Input{})
	det, _ := a.CaseDetail(ctx, id)
	c2 := det.Working.Content.Clone()
	c2.Prosecutions[1].Stage, c2.Prosecutions[1].VerdictOn = "sentenced", "2025-11-20"
	c2.Prosecutions[1].Sentence = content.Sentence{Kind: "fine", FineRub: 500000}
	c2.BirthdayPublic = false
	if _, err := a.SaveRevision(ctx, ed, id, det.Case.WorkingRevisionID, c2); err != nil {
		t.Fatal(err)
	}
	first := exportJSON(t, a)
	d, err := ParseImport(first)
	if err != nil {
		t.Fatal(err)
	}
	b := openTest(t)
	if _, err := b.Import(ctx, d, ImportOptions{Source: "x.json"}); err != nil {
		t.Fatal(err)
	}
	d2, err := b.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d2.ExportedAt = ""
	for i := range d2.Cases {
		d2.Cases[i].Audit = slices.DeleteFunc(d2.Cases[i].Audit, func(e DumpAudit) bool { return e.Action == "case.import" })
	}
	d2.Audit = slices.DeleteFunc(d2.Audit, func(e DumpAudit) bool { return e.Action == "import" })
	second, _ := json.MarshalIndent(d2, "", " ")
	if string(first) != string(second) {
		t.Fatalf("round trip differs:\n--- first\n%s\n--- second\n%s", first, second)
	}
	// Nothing was lost on the way in either: the revisions are what was
	// saved, the groups have their descriptions.
	want1 := fullCase()
	want1.Normalize()
	want2 := c2.Clone()
	want2.Normalize()
	if got := d2.Cases[0].Revisions; len(got) != 2 || !got[0].Content.Equal(want1) || !got[1].Content.Equal(want2) {
		t.Errorf("revisions after the round trip:\n%+v\nwant\n%+v\n%+v", got, want1, want2)
	}
	refs, err := b.References(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs.Groups) != 2 || refs.Groups[0].Description[content.EN] != "Three bloggers." || refs.Groups[1].Description[content.EN] != "Described in English only." {
		t.Errorf("groups after the round trip: %+v", refs.Groups)
	}
	// The public sees the live revision with its birthday.
	pc, err := b.PublicCaseBySlug(ctx, "aleksandr-akimushkin")
	if err != nil {
		t.Fatal(err)
	}
	if pc.Live.Content.BornOn != "1972-03-08" || len(pc.Live.Content.Prosecutions) != 2 {
		t.Errorf("public after the round trip: %q %+v", pc.Live.Content.BornOn, pc.Live.Content.Prosecutions)
	}
}

// TestImportGroupsAndCases: the object {"groups": [...], "cases": [...]}
// creates or updates its groups before its cases. A case naming a group
// that neither the file nor the database holds is refused with the
// file's other problems (a group's own, by its position), and nothing is
// written.
func TestImportGroupsAndCases(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	admin := mustUser(t, s, "a@example.org", "admin")
	for _, g := range []RefInput{
		{Code: "ufa-hizb-ut-tahrir-2015", NameRU: "старое имя", NameEN: "old name"},
		{Code: "network-2018", NameRU: "Дело «Сети»", NameEN: "Network case", DescEN: "Held in the database only."},
	} {
		if err := s.AddRef(ctx, admin, RefGroups, g); err != nil {
			t.Fatal(err)
		}
	}
	groups := func() []RefItem {
		t.Helper()
		refs, err := s.References(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return refs.Groups
	}
	before := groups()
	bad := `{"groups": [
	   {"code": "ufa-hizb-ut-tahrir-2015", "ru": {"name": "Уфимское дело «Хизб ут-Тахрир»", "description": "Пятеро из Башкирии."}, "en": {"name": "Ufa Hizb ut-Tahrir case", "description": "Five from Bashkiria."}},
	   {"code": "Bad Code", "ru": {"name": ""}, "en": {"name": "Bad"}}
	 ],
	 "cases": [
	   {"slug": "one", "status": "political_prisoner", "en": {"name": "One"},
	    "prosecutions": [{"group": "ufa-hizb-ut-tahrir-2015", "articles": ["205.5 ч.2"]}, {"group": "nowhere-2020", "articles": ["205.5"]}]},
	   {"slug": "two", "status": "political_prisoner", "detained_on": "May", "en": {"name": "Two"}}
	 ]}`
	d, err := ParseImport([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Import(ctx, d, ImportOptions{Source: "bad.json"})
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("a file naming an unknown group imported: %v", err)
	}
	got := map[Problem]bool{}
	for _, p := range ie.Problems {
		got[p] = true
	}
	for _, want := range []Problem{
		{Index: 2, Slug: "Bad Code", Field: "groups.code", Key: "error.ref_code"},
		{Index: 2, Slug: "Bad Code", Field: "groups.name_ru", Key: "error.ref_name"},
		{Index: 1, Slug: "one", Field: "prosecutions.1.group", Key: "error.unknown_group"},
		{Index: 2, Slug: "two", Field: "detained_on", Key: "error.date"},
	} {
		if !got[want] {
			t.Errorf("missing problem %+v in %+v", want, ie.Problems)
		}
	}
	if len(ie.Problems) != 4 {
		t.Errorf("problems %+v", ie.Problems)
	}
	if cs, _ := s.StudioCases(ctx); len(cs) != 0 {
		t.Errorf("a refused import wrote %d cases", len(cs))
	}
	if after := groups(); !reflect.DeepEqual(after, before) {
		t.Errorf("a refused import changed the groups: %+v", after)
	}
	// Right, the file updates the group it shares with the database,
	// creates its own, and its cases may name a group of the database.
	good := `{"groups": [
	   {"code": "ufa-hizb-ut-tahrir-2015", "ru": {"name": "Уфимское дело «Хизб ут-Тахрир»", "description": "Пятеро из Башкирии."}, "en": {"name": "Ufa Hizb ut-Tahrir case", "description": "Five from Bashkiria."}},
	   {"code": "new-greatness-2018", "ru": {"name": "Дело «Нового величия»", "description": ""}, "en": {"name": "New Greatness case", "description": ""}}
	 ],
	 "cases": [
	   {"slug": "one", "status": "political_prisoner", "en": {"name": "One"},
	    "prosecutions": [{"group": "ufa-hizb-ut-tahrir-2015", "articles": ["205.5 ч.2"]}, {"group": "network-2018", "articles": ["205.4"]}]},
	   {"slug": "two", "status": "political_prisoner", "en": {"name": "Two"}, "prosecutions": [{"group": "new-greatness-2018", "articles": ["282.1"]}]}
	 ]}`
	if d, err = ParseImport([]byte(good)); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Import(ctx, d, ImportOptions{Source: "good.json"}); err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	after := groups()
	names := map[string]string{}
	for _, g := range after {
		names[g.Code] = g.Name[content.EN] + " / " + g.Description[content.RU]
	}
	if len(after) != 3 || names["ufa-hizb-ut-tahrir-2015"] != "Ufa Hizb ut-Tahrir case / Пятеро из Башкирии." ||
		names["network-2018"] != "Network case / " || names["new-greatness-2018"] != "New Greatness case / " {
		t.Errorf("groups after the import: %v", names)
	}
	det, err := s.CaseDetail(ctx, caseID(t, s, "one"))
	if err != nil {
		t.Fatal(err)
	}
	if ps := det.Working.Content.Prosecutions; len(ps) != 2 || ps[0].Group != "ufa-hizb-ut-tahrir-2015" || ps[1].Group != "network-2018" {
		t.Errorf("the imported case's prosecutions: %+v", ps)
	}
}
