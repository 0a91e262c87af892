package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"casebook/content"
	"casebook/errs"
	"casebook/workflow"
)

// populate builds a studio with cases in several states, a comment, a
// legal review, a moved slug and a photo.
func populate(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	res := mustUser(t, s, "r@example.org", "researcher")
	law := mustUser(t, s, "l@example.org", "lawyer")
	ed := mustUser(t, s, "e@example.org", "editor")
	if err := s.SaveMedia(ctx, res, []MediaItem{
		{Hash: strings.Repeat("a", 64), Ext: "jpg", Mime: "image/jpeg", Variant: "profile", Width: 2, Height: 2, Data: []byte{1, 2, 3}},
		{Hash: strings.Repeat("b", 64), Ext: "jpg", Mime: "image/jpeg", Variant: "list", Width: 1, Height: 1, Data: []byte{4}},
	}); err != nil {
		t.Fatal(err)
	}
	c := sampleCase()
	c.Photo = content.Photo{URL: "/media/" + strings.Repeat("a", 64) + ".jpg", Credit: "family archive"}
	c.Timeline = []content.TimelineEntry{{Date: "2024-09-19", RU: "приговор", EN: "sentence"}}
	c.Sources = []content.Source{{Title: "Source", URL: "https://example.org/a"}}
	id, err := s.CreateCase(ctx, res, c)
	if err != nil {
		t.Fatal(err)
	}
	mustTransition(t, s, res, id, workflow.Submit, workflow.Input{})
	mustTransition(t, s, law, id, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}, Comment: "fine"})
	mustTransition(t, s, ed, id, workflow.Publish, workflow.Input{})
	d, _ := s.CaseDetail(ctx, id)
	c2 := d.Working.Content.Clone()
	c2.Slug = "akimushkin"
	c2.EN.Headline = "Edited after publication"
	if _, err := s.SaveRevision(ctx, ed, id, d.Case.WorkingRevisionID, c2); err != nil {
		t.Fatal(err)
	}
	other := sampleCase()
	other.EN.Name, other.RU.Name = "Ivan Petrov", "Иван Петров"
	id2, err := s.CreateCase(ctx, res, other)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddComment(ctx, law, id2, "Need the verdict."); err != nil {
		t.Fatal(err)
	}
	// A draft renamed: its first slug stays reserved, never public.
	d2, _ := s.CaseDetail(ctx, id2)
	c3 := d2.Working.Content.Clone()
	c3.Slug = "petrov"
	if _, err := s.SaveRevision(ctx, ed, id2, d2.Case.WorkingRevisionID, c3); err != nil {
		t.Fatal(err)
	}
	// A case published, renamed and published again: its first address
	// redirects.
	third := sampleCase()
	third.EN.Name, third.RU.Name = "Olga Sidorova", "Ольга Сидорова"
	id3, err := s.CreateCase(ctx, res, third)
	if err != nil {
		t.Fatal(err)
	}
	publish := func(editor *User) {
		mustTransition(t, s, res, id3, workflow.Submit, workflow.Input{})
		mustTransition(t, s, law, id3, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"b"}, Violence: "no", Sufficient: true, Notes: "n"}})
		mustTransition(t, s, editor, id3, workflow.Publish, workflow.Input{})
	}
	publish(ed)
	d3, _ := s.CaseDetail(ctx, id3)
	c4 := d3.Working.Content.Clone()
	c4.Slug = "sidorova"
	if _, err := s.SaveRevision(ctx, ed, id3, d3.Case.WorkingRevisionID, c4); err != nil {
		t.Fatal(err)
	}
	publish(mustUser(t, s, "e2@example.org", "editor"))
}

func exportJSON(t *testing.T, s *Store) []byte {
	t.Helper()
	d, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d.ExportedAt = ""
	b, err := json.MarshalIndent(d, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExportImportRoundTrip: an export imported into an empty database
// and exported again gives the same content; the only additions are the
// import's own audit entries.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	populate(t, a)
	// Entries with data and, as written before migration 0017, with
	// words only: both go through as they are.
	for _, q := range []string{
		`INSERT INTO audit (at, action, data) VALUES ('2024-01-02T03:04:05.000000Z', 'user.create', '{"email":"x@example.org","role":"lawyer"}')`,
		`INSERT INTO audit (at, action, detail) VALUES ('2024-01-02T03:04:06.000000Z', 'user.create', 'old@example.org as editor')`,
		`INSERT INTO audit (at, action, case_id, data) VALUES ('2024-01-02T03:04:07.000000Z', 'case.slug', 1, '{"from":"a","to":"b"}')`,
	} {
		if _, err := a.w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	first := exportJSON(t, a)

	dump, err := ParseImport(first)
	if err != nil {
		t.Fatal(err)
	}
	b := openTest(t)
	if n, err := b.Import(ctx, dump, ImportOptions{Source: "x.json"}); err != nil || n != 3 {
		t.Fatalf("import: %d %v", n, err)
	}
	d2, err := b.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d2.ExportedAt = ""
	for i := range d2.Cases {
		var kept []DumpAudit
		for _, e := range d2.Cases[i].Audit {
			if e.Action != "case.import" {
				kept = append(kept, e)
			}
		}
		d2.Cases[i].Audit = kept
	}
	var top []DumpAudit
	for _, e := range d2.Audit {
		if e.Action != "import" {
			top = append(top, e)
		}
	}
	d2.Audit = top
	second, _ := json.MarshalIndent(d2, "", " ")
	if string(first) != string(second) {
		t.Fatalf("round trip differs:\n--- first\n%s\n--- second\n%s", first, second)
	}
	var data []string
	for _, e := range append(d2.Audit, d2.Cases[0].Audit...) {
		if strings.HasPrefix(e.At, "2024-01-02") {
			data = append(data, e.Action+" "+e.Detail+" "+string(e.Data))
		}
	}
	if got, want := strings.Join(data, "; "), `user.create  {"email":"x@example.org","role":"lawyer"}; user.create old@example.org as editor ; case.slug  {"from":"a","to":"b"}`; got != want {
		t.Errorf("audit entries after the round trip: %s, want %s", got, want)
	}
	for _, bad := range []string{`[1]`, `"words"`, `{"a":`} {
		d := &Dump{Audit: []DumpAudit{{At: "2024-01-02T03:04:05.000000Z", Action: "login", Data: json.RawMessage(bad)}}}
		if _, err := openTest(t).Import(ctx, d, ImportOptions{}); err == nil {
			t.Errorf("audit data %s imported", bad)
		}
	}
	// The imported studio works: the public page at the live address
	// (the working one is not public until its edit is), the old public
	// slug, the reserved draft slug, the photo.
	if pc, err := b.PublicCaseBySlug(ctx, "aleksandr-akimushkin"); err != nil || pc.Live.Content.EN.Headline != "Blogger sentenced" {
		t.Fatalf("public case after import: %v", err)
	}
	for _, slug := range []string{"akimushkin", "ivan-petrov", "petrov"} {
		if _, err := b.PublicCaseBySlug(ctx, slug); !errs.Is(err, errs.KindNotFound) {
			t.Errorf("%s after import: %v, want not found", slug, err)
		}
	}
	var moved *MovedError
	if _, err := b.PublicCaseBySlug(ctx, "olga-sidorova"); !errors.As(err, &moved) || moved.Slug != "sidorova" {
		t.Fatalf("old slug after import: %v", err)
	}
	if _, err := b.CreateCase(ctx, mustUser(t, b, "r2@example.org", "researcher"), &content.Case{Status: "political_prisoner", EN: content.Text{Name: "Ivan Petrov"}}); err != nil {
		t.Fatal(err)
	}
	if got := mustCaseBySlugPrefix(t, b, "Ivan Petrov"); got == "ivan-petrov" {
		t.Error("a new case took the reserved slug of an imported one")
	}
	if _, public, err := b.Media(ctx, strings.Repeat("a", 64)); err != nil || !public {
		t.Fatalf("live photo after import: public=%v %v", public, err)
	}
	// Imported accounts exist for attribution but cannot sign in.
	if _, err := b.Authenticate(ctx, "r@example.org", "long enough password", true); err == nil {
		t.Error("an imported account signs in without a password being set")
	}
}

func TestImportPlainCasesAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	file := `[
	 {"slug": "", "status": "political_prisoner", "region": "arkhangelsk-oblast", "articles": ["280.3"], "ru": {"name": "Пётр Первый", "headline": "h", "body": "b"}},
	 {"slug": "second", "status": "political_prisoner", "detained_on": "2024-13-45", "articles": ["999.9"], "ru": {"name": "Второй"}},
	 {"slug": "BAD SLUG", "status": "hero", "en": {"name": "Third"}, "sources": [{"title": "x", "url": "javascript:alert(1)"}]}
	]`
	dump, err := ParseImport([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Import(ctx, dump, ImportOptions{Source: "f.json"})
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("bad file imported: %v", err)
	}
	got := map[string]bool{}
	for _, p := range ie.Problems {
		got[p.Slug+" "+p.Field+" "+p.Key] = true
	}
	for _, want := range []string{
		"second detained_on error.date", "second articles error.unknown_value",
		"BAD SLUG slug error.slug", "BAD SLUG status error.unknown_value", "BAD SLUG source_url_0 error.url",
	} {
		if !got[want] {
			t.Errorf("missing problem %q in %v", want, ie.Problems)
		}
	}
	if cs, _ := s.StudioCases(ctx); len(cs) != 0 {
		t.Fatalf("a refused import wrote %d cases", len(cs))
	}
	// A good file imports as drafts, or published with AsPublished.
	good := `[{"slug": "", "status": "political_prisoner", "ru": {"name": "Пётр Первый", "headline": "h", "body": "b"}},
	          {"slug": "", "status": "political_prisoner", "ru": {"name": "Пётр Первый", "headline": "h", "body": "b"}}]`
	dump, _ = ParseImport([]byte(good))
	var progress []int
	if n, err := s.Import(ctx, dump, ImportOptions{Source: "good.json", Progress: func(done, total int) { progress = append(progress, done) }}); err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	cs, _ := s.StudioCases(ctx)
	slugs := map[string]bool{}
	for _, c := range cs {
		slugs[c.Slug] = true
		if c.State != workflow.Draft {
			t.Errorf("imported case is %s", c.State)
		}
	}
	if !slugs["piotr-pervyi"] || !slugs["piotr-pervyi-2"] || len(progress) != 2 {
		t.Errorf("slugs %v progress %v", slugs, progress)
	}
	dump, _ = ParseImport([]byte(`[{"slug": "published-one", "status": "political_prisoner", "en": {"name": "P", "headline": "h", "body": "b"}}]`))
	if _, err := s.Import(ctx, dump, ImportOptions{AsPublished: true, Source: "p.json"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublicCaseBySlug(ctx, "published-one"); err != nil {
		t.Errorf("--as-published case is not public: %v", err)
	}
	entries, _ := s.Audit(ctx, 0, 50)
	var imports int
	for _, e := range entries {
		if e.Action == "case.import" {
			imports++
		}
	}
	if imports != 3 {
		t.Errorf("%d case.import audit entries, want 3", imports)
	}
	// The same slug again is refused.
	dump, _ = ParseImport([]byte(`[{"slug": "published-one", "status": "political_prisoner", "en": {"name": "P"}}]`))
	if _, err := s.Import(ctx, dump, ImportOptions{}); !errors.As(err, &ie) {
		t.Errorf("taken slug imported: %v", err)
	}
}

func TestParseImportRefusesOtherJSON(t *testing.T) {
	for _, in := range []string{`{"format": "wordpress"}`, `"text"`, `[{"nmae": "typo"}]`, `{`, ``} {
		if _, err := ParseImport([]byte(in)); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

// mustCaseBySlugPrefix returns the slug of the newest case with this
// English name.
func mustCaseBySlugPrefix(t *testing.T, s *Store, name string) string {
	t.Helper()
	var slug string
	if err := s.r.QueryRowContext(context.Background(), `SELECT c.slug FROM cases c JOIN revisions r ON r.id = c.working_revision_id
		WHERE json_extract(r.content, '$.en.name') = ? ORDER BY c.id DESC LIMIT 1`, name).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	return slug
}

// TestExportCarriesTheAuditLog: every entry of the audit log is in the
// export, attached to its case where it has one, with when, who, what and
// which revision; a round trip that dropped the log would fail here.
func TestExportCarriesTheAuditLog(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	populate(t, s)
	if _, err := s.Authenticate(ctx, "l@example.org", "wrong password!", true); err == nil {
		t.Fatal("a wrong password signs in")
	}
	log, err := s.AuditLog(ctx, AuditQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		at, actor, action, slug string
		revision                int
	}
	exported := map[key]int{}
	for _, a := range d.Audit {
		exported[key{a.At, a.Actor, a.Action, "", a.Revision}]++
	}
	actions := map[string][]string{}
	for _, c := range d.Cases {
		for _, a := range c.Audit {
			exported[key{a.At, a.Actor, a.Action, c.Slug, a.Revision}]++
			actions[c.Slug] = append(actions[c.Slug], a.Action)
		}
	}
	emails := map[int64]string{}
	users, _ := s.Users(ctx)
	for _, u := range users {
		emails[u.ID] = u.Email
	}
	n := 0
	for _, e := range log {
		k := key{formatTime(e.At), emails[e.ActorID], e.Action, e.CaseSlug, e.Revision}
		if exported[k] == 0 {
			t.Errorf("the export lacks %+v", e)
			continue
		}
		exported[k]--
		n++
	}
	if n != len(log) || len(log) < 20 {
		t.Fatalf("%d of %d entries exported", n, len(log))
	}
	for slug, want := range map[string][]string{
		"akimushkin": {"case.create", "transition.submit", "transition.approve_legal", "transition.publish", "case.slug", "case.edit"},
		"petrov":     {"case.create", "case.comment", "case.slug", "case.edit"},
		"sidorova":   {"case.create", "transition.submit", "transition.approve_legal", "transition.publish", "case.slug", "case.edit", "transition.submit", "transition.approve_legal", "transition.publish"},
	} {
		if got := strings.Join(actions[slug], " "); got != strings.Join(want, " ") {
			t.Errorf("%s: exported audit %q, want %q", slug, got, strings.Join(want, " "))
		}
	}
	var top []string
	for _, a := range d.Audit {
		top = append(top, a.Action)
	}
	if got := strings.Join(top, " "); !strings.Contains(got, "user.create") || !strings.Contains(got, "media.upload") || !strings.HasSuffix(got, "login.failed") {
		t.Errorf("exported audit outside cases: %q", got)
	}
}
