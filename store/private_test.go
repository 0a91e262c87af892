package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"casebook/content"
	"casebook/errs"
	"casebook/workflow"
)

// privateSecrets are distinctive values, one per private field.
var privateSecrets = map[string]string{
	PrivateFamilyContact:     "Сестра Ольга Zq7famQ +7 900 000-11-22",
	PrivateLawyerContact:     "Адвокат Zq7lawQ, signal: @zq7law",
	PrivateSourceReliability: "B2 Zq7srcQ: сестра, подтверждено приговором",
	PrivateNotes:             "Не звонить после 21:00 Zq7notQ.\nСемья боится обыска.",
}

func allPrivate(seen map[string]string) []PrivateEdit {
	var out []PrivateEdit
	for _, k := range PrivateKeys() {
		out = append(out, PrivateEdit{Key: k, Value: privateSecrets[k], Seen: seen[k]})
	}
	return out
}

// privateCase makes a case started by a researcher, and the people of
// every role around it.
func privateCase(t *testing.T, s *Store) (id int64, people map[string]*User) {
	t.Helper()
	people = map[string]*User{
		"author": mustUser(t, s, "author@example.org", "researcher"), "other": mustUser(t, s, "other@example.org", "researcher"),
		"lawyer": mustUser(t, s, "lawyer@example.org", "lawyer"), "editor": mustUser(t, s, "editor@example.org", "editor"),
		"admin": mustUser(t, s, "admin@example.org", "admin"),
	}
	id, err := s.CreateCase(context.Background(), people["author"], sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	return id, people
}

// privateAudit lists the private.* entries of a case, oldest first, as
// "action by fields".
func privateAudit(t *testing.T, s *Store, caseID int64) []string {
	t.Helper()
	log, err := s.AuditLog(context.Background(), AuditQuery{CaseID: caseID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(log) - 1; i >= 0; i-- {
		e := log[i]
		if !strings.HasPrefix(e.Action, "private.") {
			continue
		}
		for _, v := range privateSecrets {
			for _, part := range strings.Fields(v) {
				if strings.Contains(part, "Zq7") && strings.Contains(string(e.Data)+e.Detail, part) {
					t.Errorf("audit entry %s holds a private value: %s", e.Action, e.Data)
				}
			}
		}
		a, err := e.Args()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s by %s: %s", e.Action, e.ActorName, strings.Join(a.(AuditPrivateFields).Fields, ",")))
	}
	return out
}

// TestPrivateFieldsFollowTheRule: lawyers, editors, administrators and
// the researcher who started the case read and write the private fields;
// another researcher is refused both, and nothing is written or
// recorded for them. Each read that hands values out is an audit entry
// naming the fields filled, each change one naming the fields changed,
// and none holds a value.
func TestPrivateFieldsFollowTheRule(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id, people := privateCase(t, s)

	if _, err := s.ReadPrivate(ctx, people["other"], id); !errs.Is(err, errs.KindForbidden) {
		t.Errorf("another researcher reads: %v", err)
	}
	if _, err := s.SavePrivate(ctx, people["other"], id, allPrivate(nil)); !errs.Is(err, errs.KindForbidden) {
		t.Errorf("another researcher writes: %v", err)
	}
	if _, err := s.ReadPrivate(ctx, nil, id); !errs.Is(err, errs.KindForbidden) {
		t.Errorf("nobody reads: %v", err)
	}
	// An empty set is read without an entry: nothing was shown.
	page, err := s.ReadPrivate(ctx, people["author"], id)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Fields) != 4 || page.Fields[0].Key != PrivateFamilyContact || page.Fields[3].Value != "" {
		t.Fatalf("empty fields: %+v", page.Fields)
	}
	if got := privateAudit(t, s, id); len(got) != 0 {
		t.Errorf("entries before anything was filled: %v", got)
	}

	changed, err := s.SavePrivate(ctx, people["author"], id, []PrivateEdit{{Key: PrivateFamilyContact, Value: "  " + privateSecrets[PrivateFamilyContact] + "\r\n"}})
	if err != nil || !slices.Equal(changed, []string{PrivateFamilyContact}) {
		t.Fatalf("the author's save: %v %v", changed, err)
	}
	for _, who := range []string{"lawyer", "editor", "admin", "author"} {
		page, err := s.ReadPrivate(ctx, people[who], id)
		if err != nil {
			t.Fatalf("%s reads: %v", who, err)
		}
		f := page.Field(PrivateFamilyContact)
		if f.Value != privateSecrets[PrivateFamilyContact] || f.UpdatedBy != "author@example.org" || f.UpdatedAt.IsZero() {
			t.Errorf("%s reads %+v", who, f)
		}
	}
	seen := map[string]string{PrivateFamilyContact: PrivateSeen(privateSecrets[PrivateFamilyContact])}
	if changed, err := s.SavePrivate(ctx, people["lawyer"], id, allPrivate(seen)); err != nil || len(changed) != 3 {
		t.Fatalf("the lawyer's save: %v %v", changed, err)
	}
	// The same form again changes nothing and records nothing.
	for k := range privateSecrets {
		seen[k] = PrivateSeen(privateSecrets[k])
	}
	if changed, err := s.SavePrivate(ctx, people["editor"], id, allPrivate(seen)); err != nil || len(changed) != 0 {
		t.Fatalf("a save of nothing new: %v %v", changed, err)
	}
	want := []string{
		"private.edit by author@example.org: family_contact",
		"private.read by lawyer@example.org: family_contact",
		"private.read by editor@example.org: family_contact",
		"private.read by admin@example.org: family_contact",
		"private.read by author@example.org: family_contact",
		"private.edit by lawyer@example.org: lawyer_contact,source_reliability,notes",
	}
	if got := privateAudit(t, s, id); !slices.Equal(got, want) {
		t.Errorf("audit:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Private fields are no content: the case did not change for the
	// public, its revisions or its list.
	d, _ := s.CaseDetail(ctx, id)
	if d.Working.Number != 1 || s.Generation() != 0 {
		t.Errorf("a private save wrote revision %d, generation %d", d.Working.Number, s.Generation())
	}
	// A researcher who started the case writes in any state.
	mustTransition(t, s, people["author"], id, workflow.Submit, workflow.Input{})
	if _, err := s.SavePrivate(ctx, people["author"], id, []PrivateEdit{{Key: PrivateNotes, Value: "x", Seen: seen[PrivateNotes]}}); err != nil {
		t.Errorf("the author's save in legal review: %v", err)
	}
	if _, err := s.SavePrivate(ctx, people["admin"], id, []PrivateEdit{{Key: "address", Value: "x"}}); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("an unknown field: %v", err)
	}
}

// TestPrivateSaveNeverOverwritesUnseen: a form carries the fingerprint of
// each value it was opened on. A field nobody changed since is saved; one
// someone else changed while the person left it alone keeps theirs; one
// both changed, differently, stops the save: nothing is written, and the
// conflict gives every value as stored now (a read, recorded). A form
// that does not say what it showed may fill an empty field, never
// overwrite a full one.
func TestPrivateSaveNeverOverwritesUnseen(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id, people := privateCase(t, s)
	if _, err := s.SavePrivate(ctx, people["lawyer"], id, allPrivate(nil)); err != nil {
		t.Fatal(err)
	}
	opened := map[string]string{}
	for k, v := range privateSecrets {
		opened[k] = PrivateSeen(v)
	}
	// The editor saves the notes while the author has the form open.
	if _, err := s.SavePrivate(ctx, people["editor"], id, []PrivateEdit{{Key: PrivateNotes, Value: "The editor's notes", Seen: opened[PrivateNotes]}}); err != nil {
		t.Fatal(err)
	}
	// The author changes the family contact alone: saved, and the
	// editor's notes stand.
	form := allPrivate(opened)
	form[0].Value = "Брат Zq7broQ"
	changed, err := s.SavePrivate(ctx, people["author"], id, form)
	if err != nil || !slices.Equal(changed, []string{PrivateFamilyContact}) {
		t.Fatalf("a save beside another's: %v %v", changed, err)
	}
	page, _ := s.ReadPrivate(ctx, people["author"], id)
	if page.Field(PrivateNotes).Value != "The editor's notes" || page.Field(PrivateFamilyContact).Value != "Брат Zq7broQ" {
		t.Fatalf("after the merge: %+v", page.Fields)
	}
	// Now both change the notes, differently: nothing is written.
	form = allPrivate(opened)
	form[3].Value = "The author's notes"
	form[1].Value = "A new lawyer"
	before := privateAudit(t, s, id)
	_, err = s.SavePrivate(ctx, people["author"], id, form)
	var conflict *PrivateConflict
	if !errs.Is(err, errs.KindConflict) || !errors.As(err, &conflict) {
		t.Fatalf("a collision: %v", err)
	}
	if conflict.Merge[PrivateNotes] != PrivateCollision || conflict.Merge[PrivateLawyerContact] != PrivateYours ||
		conflict.Merge[PrivateFamilyContact] != PrivateTheirs || conflict.Merge[PrivateSourceReliability] != PrivateSame {
		t.Errorf("merge %v", conflict.Merge)
	}
	var current PrivatePage
	current.Fields = conflict.Current
	if current.Field(PrivateNotes).Value != "The editor's notes" || current.Field(PrivateNotes).UpdatedBy != "editor@example.org" {
		t.Errorf("the conflict shows %+v", current.Field(PrivateNotes))
	}
	page, _ = s.ReadPrivate(ctx, people["lawyer"], id)
	if page.Field(PrivateLawyerContact).Value != privateSecrets[PrivateLawyerContact] || page.Field(PrivateNotes).Value != "The editor's notes" {
		t.Errorf("a refused save wrote: %+v", page.Fields)
	}
	after := privateAudit(t, s, id)
	if len(after) != len(before)+2 || after[len(before)] != "private.read by author@example.org: family_contact,lawyer_contact,source_reliability,notes" {
		t.Errorf("the conflict's read is not recorded: %v", after[len(before):])
	}
	// Saved again on what the conflict showed, the author's text stands.
	form[3].Seen = PrivateSeen("The editor's notes")
	if changed, err := s.SavePrivate(ctx, people["author"], id, form); err != nil || !slices.Equal(changed, []string{PrivateLawyerContact, PrivateNotes}) {
		t.Errorf("the decided save: %v %v", changed, err)
	}
	// Without fingerprints: an empty field may be filled, a full one is
	// not overwritten, and an empty value takes nothing away.
	id2, _ := s.CreateCase(ctx, people["author"], sampleCase())
	if _, err := s.SavePrivate(ctx, people["lawyer"], id2, []PrivateEdit{{Key: PrivateNotes, Value: "first"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePrivate(ctx, people["lawyer"], id2, []PrivateEdit{{Key: PrivateNotes, Value: "second"}}); !errs.Is(err, errs.KindConflict) {
		t.Errorf("an unseen overwrite: %v", err)
	}
	if changed, err := s.SavePrivate(ctx, people["lawyer"], id2, []PrivateEdit{{Key: PrivateNotes, Value: ""}}); err != nil || len(changed) != 0 {
		t.Errorf("an unseen emptying: %v %v", changed, err)
	}
	// Emptying a field on purpose keeps who did it and when.
	if _, err := s.SavePrivate(ctx, people["lawyer"], id2, []PrivateEdit{{Key: PrivateNotes, Value: "", Seen: PrivateSeen("first")}}); err != nil {
		t.Fatal(err)
	}
	page, _ = s.ReadPrivate(ctx, people["lawyer"], id2)
	if f := page.Field(PrivateNotes); f.Value != "" || f.UpdatedBy != "lawyer@example.org" {
		t.Errorf("an emptied field: %+v", f)
	}
}

// TestPrivateLengthLimits: a value over its field's limit, counted in
// characters, is refused by input name and nothing is written; one at
// the limit in Cyrillic fits.
func TestPrivateLengthLimits(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id, people := privateCase(t, s)
	at := strings.Repeat("ж", PrivateLimit(PrivateLawyerContact))
	_, err := s.SavePrivate(ctx, people["lawyer"], id, []PrivateEdit{
		{Key: PrivateLawyerContact, Value: at},
		{Key: PrivateNotes, Value: strings.Repeat("n", PrivateLimit(PrivateNotes)+1)},
	})
	var fe content.FieldErrors
	if !errors.As(err, &fe) || len(fe) != 1 || fe["private_notes"] != "private.too_long" {
		t.Fatalf("too long: %v", err)
	}
	page, _ := s.ReadPrivate(ctx, people["lawyer"], id)
	if page.Field(PrivateLawyerContact).Value != "" {
		t.Error("a refused save wrote the field that fitted")
	}
	if _, err := s.SavePrivate(ctx, people["lawyer"], id, []PrivateEdit{{Key: PrivateLawyerContact, Value: at}}); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}

// dbHolds lists the tables of the database file at path whose rows hold
// s in any column, with the count.
func dbHolds(t *testing.T, path, s string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]int{}
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			// A virtual table's shadow may not be readable as such.
			continue
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				var text string
				switch v := v.(type) {
				case string:
					text = v
				case []byte:
					text = string(v)
				}
				if strings.Contains(text, s) {
					out[table]++
				}
			}
		}
		rows.Close()
	}
	return out
}

// TestPrivateValuesLiveInOneTable: after private fields are saved, read,
// refused in a conflict, published and exported, every table of the
// database is searched for their values: they are in case_private alone,
// never in a revision, the search index, the public index, the audit log
// or anywhere else.
func TestPrivateValuesLiveInOneTable(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id, people := privateCase(t, s)
	if _, err := s.SavePrivate(ctx, people["author"], id, allPrivate(nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePrivate(ctx, people["lawyer"], id, []PrivateEdit{{Key: PrivateNotes, Value: "Zq7colQ"}}); !errs.Is(err, errs.KindConflict) {
		t.Fatal(err)
	}
	mustTransition(t, s, people["author"], id, workflow.Submit, workflow.Input{})
	mustTransition(t, s, people["lawyer"], id, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Deprived: true, Sufficient: true, Notes: "n"}})
	mustTransition(t, s, people["editor"], id, workflow.Publish, workflow.Input{})
	if _, err := s.ReadPrivate(ctx, people["editor"], id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ExportWith(ctx, ExportOptions{Private: true, File: "x.json"}); err != nil {
		t.Fatal(err)
	}
	for k, v := range privateSecrets {
		got := dbHolds(t, s.Path(), v)
		if len(got) != 1 || got["case_private"] != 1 {
			t.Errorf("%s is held by %v, want case_private alone", k, got)
		}
	}
	if got := dbHolds(t, s.Path(), "Zq7colQ"); len(got) != 0 {
		t.Errorf("a refused value is held by %v", got)
	}
}

// TestExportCarriesPrivateOnlyWhenAsked: an export leaves the private
// fields out, key and all; asked for them, it carries them under
// "private" with who changed each and when, and records itself in the
// audit log (the file, how many cases) before handing them out. Imported
// into an empty database, such an export gives the fields back, and an
// export of that gives the same file, but for the import's own entries.
func TestExportCarriesPrivateOnlyWhenAsked(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	id, people := privateCase(t, a)
	if _, err := a.CreateCase(ctx, people["author"], func() *content.Case { c := sampleCase(); c.EN.Name = "Another Person"; return c }()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SavePrivate(ctx, people["author"], id, allPrivate(nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReadPrivate(ctx, people["lawyer"], id); err != nil {
		t.Fatal(err)
	}
	plain, err := a.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(plain)
	for _, v := range privateSecrets {
		if strings.Contains(string(b), v) || strings.Contains(string(b), `"private":{`) {
			t.Fatalf("the export without private fields holds them")
		}
	}
	with, err := a.ExportWith(ctx, ExportOptions{Private: true, File: "with.json"})
	if err != nil {
		t.Fatal(err)
	}
	p := with.Cases[0].Private
	if p == nil || p.FamilyContact != privateSecrets[PrivateFamilyContact] || p.Notes != privateSecrets[PrivateNotes] ||
		p.Updated[PrivateNotes].By != "author@example.org" || p.Updated[PrivateNotes].At == "" || with.Cases[1].Private != nil {
		t.Fatalf("private %+v, other case %+v", p, with.Cases[1].Private)
	}
	log, _ := a.AuditLog(ctx, AuditQuery{Limit: 1})
	if args, err := log[0].Args(); err != nil || log[0].Action != "private.export" || args != (AuditPrivateExport{File: "with.json", Cases: 1}) {
		t.Errorf("the export's entry: %s %v %v", log[0].Action, args, err)
	}
	first, _ := json.MarshalIndent(with, "", " ")
	var shape map[string]any
	json.Unmarshal(first, &shape)
	got := shape["cases"].([]any)[0].(map[string]any)["private"].(map[string]any)
	for _, k := range PrivateKeys() {
		if got[k] != privateSecrets[k] {
			t.Errorf("\"private\".%s is %v", k, got[k])
		}
	}

	dump, err := ParseImport(first)
	if err != nil {
		t.Fatal(err)
	}
	c := openTest(t)
	if _, err := c.Import(ctx, dump, ImportOptions{Source: "with.json"}); err != nil {
		t.Fatal(err)
	}
	lawyer, _ := c.UserByEmail(ctx, "lawyer@example.org")
	page, err := c.ReadPrivate(ctx, lawyer, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range PrivateKeys() {
		if f := page.Field(k); f.Value != privateSecrets[k] || f.UpdatedBy != "author@example.org" {
			t.Errorf("imported %s: %+v", k, f)
		}
	}
	again, err := c.ExportWith(ctx, ExportOptions{Private: true, File: "again.json"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*Dump{with, again} {
		d.ExportedAt = ""
		var top []DumpAudit
		for _, e := range d.Audit {
			if e.Action != "import" {
				top = append(top, e)
			}
		}
		d.Audit = top
	}
	// The import's own entries (the fields it wrote, the case it made)
	// and the read checked above come after those it brought.
	for i := range again.Cases {
		for j, e := range again.Cases[i].Audit {
			if e.Action == "case.import" || e.Action == "private.edit" && e.Actor == "" {
				again.Cases[i].Audit = again.Cases[i].Audit[:j]
				break
			}
		}
	}
	x, _ := json.MarshalIndent(with, "", " ")
	y, _ := json.MarshalIndent(again, "", " ")
	if string(x) != string(y) {
		t.Errorf("round trip differs:\n%s\n---\n%s", x, y)
	}
	// A file with a value over the limit, or a date that is none, is
	// refused with the others' problems.
	dump, _ = ParseImport(first)
	dump.Cases[0].Private.Notes = strings.Repeat("n", PrivateLimit(PrivateNotes)+1)
	dump.Cases[0].Private.Updated["notes"] = DumpPrivateChange{At: "yesterday"}
	_, err = openTest(t).Import(ctx, dump, ImportOptions{})
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Problems) != 2 || ie.Problems[0].Field != "private.notes" || ie.Problems[1].Field != "private.updated" {
		t.Errorf("a wrong private part: %v %+v", err, ie)
	}
}

// TestBackupHoldsThePrivateFields: `casebook backup` copies the whole
// database, private fields with who changed them.
func TestBackupHoldsThePrivateFields(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id, people := privateCase(t, s)
	if _, err := s.SavePrivate(ctx, people["author"], id, allPrivate(nil)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	page, err := b.ReadPrivate(ctx, people["editor"], id)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range PrivateKeys() {
		if f := page.Field(k); f.Value != privateSecrets[k] || f.UpdatedBy != "author@example.org" {
			t.Errorf("backup's %s: %+v", k, f)
		}
	}
}

// TestPrivateKeysAreFixed: the table takes the four keys alone.
func TestPrivateKeysAreFixed(t *testing.T) {
	s := openTest(t)
	id, _ := privateCase(t, s)
	if _, err := s.w.Exec(`INSERT INTO case_private (case_id, key, value, updated_at) VALUES (?, 'address', 'x', '')`, id); err == nil {
		t.Error("an unknown key was stored")
	}
}
