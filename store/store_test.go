package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"casebook/content"
	"casebook/errs"
	"casebook/password"
	"casebook/workflow"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "casebook.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustUser(t *testing.T, s *Store, email, role string) *User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), nil, NewUser{Email: email, Name: email, Role: role, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func sampleCase() *content.Case {
	return &content.Case{
		Status: "political_prisoner",
		RU:     content.Text{Name: "Александр Акимушкин", Headline: "Блогер осуждён", Body: "## Кто он\n\nТекст."},
		EN:     content.Text{Name: "Aleksandr Akimushkin", Headline: "Blogger sentenced", Body: "## Who\n\nText."},
	}
}

func TestPragmasReachEveryConnection(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, db := range []struct {
		name string
		q    func() (int, string)
	}{
		{"reader", func() (int, string) {
			var fk int
			var mode string
			s.r.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
			s.r.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
			return fk, mode
		}},
		{"writer", func() (int, string) {
			var fk int
			var mode string
			s.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
			s.w.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
			return fk, mode
		}},
	} {
		fk, mode := db.q()
		if fk != 1 || mode != "wal" {
			t.Errorf("%s: foreign_keys=%d journal_mode=%s", db.name, fk, mode)
		}
	}
	if _, err := s.r.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('x', 'y')`); err == nil {
		t.Error("the read pool can write")
	}
}

func TestCaseLifecycle(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	res := mustUser(t, s, "r@example.org", "researcher")
	law := mustUser(t, s, "l@example.org", "lawyer")
	ed := mustUser(t, s, "e@example.org", "editor")
	rules := workflow.Default()

	id, err := s.CreateCase(ctx, res, sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CaseDetail(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Case.Slug != "aleksandr-akimushkin" || d.Case.State != workflow.Draft || d.Live != nil {
		t.Fatalf("new case: %+v", d.Case)
	}
	rev1 := d.Case.WorkingRevisionID

	if _, err := s.PublicCaseBySlug(ctx, d.Case.Slug); !errs.Is(err, errs.KindNotFound) {
		t.Fatalf("a draft is public: %v", err)
	}
	// Transitions refuse a stale revision.
	if _, err := s.Transition(ctx, rules, res, id, rev1+100, workflow.Submit, workflow.Input{}); !errs.Is(err, errs.KindConflict) {
		t.Fatalf("stale submit: %v", err)
	}
	mustTransition(t, s, res, id, workflow.Submit, workflow.Input{})
	// The researcher can no longer edit.
	if _, err := s.SaveRevision(ctx, res, id, rev1, sampleCase()); !errs.Is(err, errs.KindForbidden) {
		t.Fatalf("researcher edits in review: %v", err)
	}
	// The editor may not publish out of order.
	if _, err := s.Transition(ctx, rules, ed, id, rev1, workflow.Publish, workflow.Input{}); err == nil {
		t.Fatal("publish from legal review")
	}
	mustTransition(t, s, law, id, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}})
	mustTransition(t, s, ed, id, workflow.Publish, workflow.Input{})

	pc, err := s.PublicCaseBySlug(ctx, "aleksandr-akimushkin")
	if err != nil {
		t.Fatal(err)
	}
	if pc.Live.ID != rev1 {
		t.Fatalf("live revision %d, want %d", pc.Live.ID, rev1)
	}
	items, total, err := s.PublicList(ctx, PublicQuery{Text: "АКИМУШКИН"})
	if err != nil || total != 1 || len(items) != 1 {
		t.Fatalf("search by upper-case Cyrillic: %v %d %v", items, total, err)
	}
	if _, total, _ := s.PublicList(ctx, PublicQuery{Text: `%_\"'`}); total != 0 {
		t.Fatalf("LIKE wildcards matched %d", total)
	}

	// Editing the published case starts a draft; the live revision stays.
	c := sampleCase()
	c.EN.Headline = "A new headline"
	rev2, err := s.SaveRevision(ctx, ed, id, rev1, c)
	if err != nil {
		t.Fatal(err)
	}
	d, _ = s.CaseDetail(ctx, id)
	if d.Case.State != workflow.Draft || d.Case.LiveRevisionID != rev1 || d.Case.WorkingRevisionID != rev2.ID {
		t.Fatalf("after edit: %+v", d.Case)
	}
	pc, _ = s.PublicCaseBySlug(ctx, "aleksandr-akimushkin")
	if pc.Live.Content.EN.Headline != "Blogger sentenced" {
		t.Fatalf("public shows the working revision: %q", pc.Live.Content.EN.Headline)
	}
	// A save based on the old revision is a conflict and writes nothing.
	_, err = s.SaveRevision(ctx, ed, id, rev1, sampleCase())
	var se *StaleError
	if !errors.As(err, &se) || se.Current.ID != rev2.ID {
		t.Fatalf("stale save: %v", err)
	}
	// Unpublish needs a reason and then answers Gone.
	if _, err := s.Transition(ctx, rules, ed, id, rev2.ID, workflow.Unpublish, workflow.Input{}); err == nil {
		t.Fatal("unpublish without a reason")
	}
	mustTransition(t, s, ed, id, workflow.Unpublish, workflow.Input{Comment: "family asked"})
	if _, err := s.PublicCaseBySlug(ctx, "aleksandr-akimushkin"); !errs.Is(err, errs.KindGone) {
		t.Fatalf("unpublished case: %v", err)
	}
	if _, total, _ := s.PublicList(ctx, PublicQuery{}); total != 0 {
		t.Fatalf("unpublished case still listed")
	}
	comments, _ := s.Comments(ctx, id)
	if len(comments) != 1 || comments[0].Transition != "unpublish" || comments[0].Body != "family asked" {
		t.Fatalf("comments %+v", comments)
	}
	// Revisions and audit entries cannot be changed.
	if _, err := s.w.ExecContext(ctx, `UPDATE revisions SET content = '{}' WHERE id = ?`, rev1); err == nil {
		t.Error("a revision was updated")
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM audit`); err == nil {
		t.Error("the audit log was deleted")
	}
}

func mustTransition(t *testing.T, s *Store, u *User, id int64, tr workflow.Transition, in workflow.Input) {
	t.Helper()
	d, err := s.CaseDetail(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(context.Background(), workflow.Default(), u, id, d.Case.WorkingRevisionID, tr, in); err != nil {
		t.Fatalf("%s by %s: %v", tr, u.Role, err)
	}
}

func TestUsers(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustUser(t, s, "a@example.org", "admin")
	if _, err := s.CreateUser(ctx, nil, NewUser{Email: "A@example.org", Role: "editor", Password: "long enough password"}); !errs.Is(err, errs.KindConflict) {
		t.Errorf("duplicate e-mail in another case: %v", err)
	}
	if _, err := s.CreateUser(ctx, nil, NewUser{Email: "b@example.org", Role: "boss", Password: "long enough password"}); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("unknown role: %v", err)
	}
	if _, err := s.CreateUser(ctx, nil, NewUser{Email: "not an address", Role: "editor", Password: "long enough password"}); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("bad e-mail: %v", err)
	}
	if _, err := s.CreateUser(ctx, nil, NewUser{Email: "c@example.org", Role: "editor", Password: "short"}); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("short password: %v", err)
	}
	if _, err := s.Authenticate(ctx, "a@example.org", "long enough password", true); err != nil {
		t.Errorf("right password: %v", err)
	}
	for _, c := range [][2]string{{"a@example.org", "wrong password"}, {"nobody@example.org", "long enough password"}} {
		if _, err := s.Authenticate(ctx, c[0], c[1], true); err != ErrBadCredentials {
			t.Errorf("%s: %v", c[0], err)
		}
	}
	entries, _ := s.Audit(ctx, 0, 10)
	var failed int
	for _, e := range entries {
		if e.Action == "login.failed" {
			failed++
		}
	}
	if failed != 2 {
		t.Errorf("failed sign-ins recorded: %d", failed)
	}
}

// BenchmarkAuthenticate compares a sign-in with a wrong password against
// one for an e-mail that has no account: they should take the same time,
// so that timing does not tell which addresses have accounts.
//
//	go test ./store -run '^$' -bench Authenticate -count 6
func BenchmarkAuthenticate(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.CreateUser(ctx, nil, NewUser{Email: "known@example.org", Role: "editor", Password: "long enough password"}); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, email string }{{"wrong-password", "known@example.org"}, {"unknown-account", "unknown@example.org"}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Authenticate(ctx, c.email, "not the password", true); err != ErrBadCredentials {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestAuthenticateHashesOnEveryPath counts the hashes a sign-in computes
// (password.Verify hashes exactly when it returns no error): one on every
// path, so that no answer is quicker than another and timing does not
// tell which addresses have accounts. BenchmarkAuthenticate measures the
// times themselves.
func TestAuthenticateHashesOnEveryPath(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	admin := mustUser(t, s, "admin@example.org", "admin")
	off := mustUser(t, s, "off@example.org", "editor")
	if err := s.SetDisabled(ctx, admin, off.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.InviteUser(ctx, admin, "invited@example.org", "Invited", "lawyer"); err != nil {
		t.Fatal(err)
	}
	hashes := 0
	s.verify = func(encoded, pw string) (bool, error) {
		ok, err := password.Verify(encoded, pw)
		if err == nil {
			hashes++
		}
		return ok, err
	}
	for _, c := range []struct{ what, email, pw string }{
		{"right password", "admin@example.org", "long enough password"},
		{"wrong password", "admin@example.org", "not the password"},
		{"unknown account", "nobody@example.org", "long enough password"},
		{"empty e-mail", "", ""},
		{"disabled account", "off@example.org", "long enough password"},
		{"invited, no password yet", "invited@example.org", ""},
		{"invited, a guess", "invited@example.org", "long enough password"},
	} {
		hashes = 0
		s.Authenticate(ctx, c.email, c.pw, true)
		if hashes != 1 {
			t.Errorf("%s: %d hashes, want 1", c.what, hashes)
		}
	}
}

// TestEnableTOTPOnlyOnce: two confirmations racing past the handler's
// check must not leave the second secret and recovery codes in force.
func TestEnableTOTPOnlyOnce(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "e@example.org", "editor")
	first, err := s.EnableTOTP(ctx, u, "FIRSTSECRET", 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnableTOTP(ctx, u, "SECONDSECRET", 101); err != ErrTOTPEnabled {
		t.Fatalf("second enrolment: %v", err)
	}
	if secret, _, step, _ := s.TOTPState(ctx, u.ID); secret != "FIRSTSECRET" || step != 100 {
		t.Errorf("after a refused enrolment: %s %d", secret, step)
	}
	if ok, _ := s.UseRecoveryCode(ctx, u.ID, first[0]); !ok {
		t.Error("the first recovery codes stopped working")
	}
}

// TestRevisionsSince gives a stale form what it missed: its own revision
// and every later one with its author, and nothing of another case.
func TestRevisionsSince(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	res := mustUser(t, s, "r@example.org", "researcher")
	ed := mustUser(t, s, "e@example.org", "editor")
	id, err := s.CreateCase(ctx, res, sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	first, _ := s.CaseDetail(ctx, id)
	c := sampleCase()
	c.EN.Headline = "Second"
	second, err := s.SaveRevision(ctx, ed, id, first.Working.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	c.EN.Headline = "Third"
	third, err := s.SaveRevision(ctx, res, id, second.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.RevisionsSince(ctx, id, second.ID)
	if err != nil || len(got) != 2 || got[0].ID != second.ID || got[1].ID != third.ID || got[0].AuthorName != "e@example.org" || got[1].Content.EN.Headline != "Third" {
		t.Fatalf("since the second revision: %+v, %v", got, err)
	}
	if got, _ := s.RevisionsSince(ctx, id, first.Working.ID); len(got) != 3 {
		t.Errorf("since the first: %d revisions", len(got))
	}
	other, err := s.CreateCase(ctx, res, sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevisionsSince(ctx, other, second.ID); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("another case's revision: %v", err)
	}
}
