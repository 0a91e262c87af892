package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"casebook/workflow"
)

// approvedCase is a case a lawyer approved, in editorial review.
func approvedCase(t *testing.T, s *Store) (id int64, ed *User) {
	t.Helper()
	ctx := context.Background()
	res := mustUser(t, s, "r@example.org", "researcher")
	law := mustUser(t, s, "l@example.org", "lawyer")
	ed = mustUser(t, s, "e@example.org", "editor")
	id, err := s.CreateCase(ctx, res, sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	mustTransition(t, s, res, id, workflow.Submit, workflow.Input{})
	mustTransition(t, s, law, id, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}})
	d, _ := s.CaseDetail(ctx, id)
	if d.Case.ApprovedRevisionID != d.Case.WorkingRevisionID || !d.Workflow().ApprovalCovers() {
		t.Fatalf("the approval does not name the revision approved: %d, working %d", d.Case.ApprovedRevisionID, d.Case.WorkingRevisionID)
	}
	return id, ed
}

// sneakRevision writes a revision the way no studio path may: straight
// into the tables, behind the rules, as a bug or a hand edit of the
// database would.
func sneakRevision(t *testing.T, s *Store, id int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.w.ExecContext(ctx, `INSERT INTO revisions (case_id, number, content, state, author_id, created_at)
		SELECT case_id, number + 1, json_set(content, '$.status', 'political_prisoner'), state, author_id, created_at FROM revisions
		WHERE id = (SELECT working_revision_id FROM cases WHERE id = ?)`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE cases SET working_revision_id = (SELECT max(id) FROM revisions WHERE case_id = ?) WHERE id = ?`, id, id); err != nil {
		t.Fatal(err)
	}
}

// TestPublishRefusesWhatTheLawyerDidNotApprove: whatever way a working
// revision came to differ from the approved one, publishing it now or at
// its scheduled time is refused.
func TestPublishRefusesWhatTheLawyerDidNotApprove(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id, ed := approvedCase(t, s)
	sneakRevision(t, s, id)
	d, _ := s.CaseDetail(ctx, id)
	_, err := s.Transition(ctx, workflow.Default(), ed, id, d.Case.WorkingRevisionID, workflow.Publish, workflow.Input{})
	if d, ok := err.(*workflow.Denied); !ok || d.Reason != workflow.ReasonNotApproved {
		t.Fatalf("publish of an unapproved revision: %v", err)
	}
	if d2, _ := s.CaseDetail(ctx, id); d2.Case.LiveRevisionID != 0 || d2.Case.State != workflow.EditorialReview {
		t.Fatalf("refused publish changed the case: %+v", d2.Case)
	}

	// Scheduled, then changed behind the rules: at its time it goes back
	// to the lawyer instead of out.
	s2 := openTest(t)
	id2, ed2 := approvedCase(t, s2)
	mustTransition(t, s2, ed2, id2, workflow.Publish, workflow.Input{PublishAt: time.Now().Add(time.Hour)})
	sneakRevision(t, s2, id2)
	s2.SetClock(func() time.Time { return time.Now().Add(2 * time.Hour) })
	got, err := s2.PublishDue(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("PublishDue published %v (%v)", got, err)
	}
	d2, _ := s2.CaseDetail(ctx, id2)
	if d2.Case.LiveRevisionID != 0 || d2.Case.State != workflow.LegalReview || !d2.Case.PublishAt.IsZero() {
		t.Fatalf("after PublishDue: %+v", d2.Case)
	}
	if n := countPublic(t, s2); n != 0 {
		t.Errorf("%d cases in the public index", n)
	}
	entries, _ := s2.AuditLog(ctx, AuditQuery{Limit: 100})
	if entries[0].Action != "case.back_to_legal" || entries[0].CaseID != id2 {
		t.Errorf("latest audit entry %+v", entries[0])
	}
}

func countPublic(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT count(*) FROM public_index`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMigration0012SendsBackWhatChangedAfterApproval: a database from
// before approvals named their revision may hold a case edited after the
// approval and still waiting for publication. The migration finds the
// approved revision of every approved case and sends such a case back to
// legal review, with an audit entry.
func TestMigration0012SendsBackWhatChangedAfterApproval(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	changed, _ := approvedCase(t, s)
	sneakRevision(t, s, changed)
	law, _ := s.UserByEmail(ctx, "l@example.org")
	res, _ := s.UserByEmail(ctx, "r@example.org")
	kept, err := s.CreateCase(ctx, res, sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	mustTransition(t, s, res, kept, workflow.Submit, workflow.Input{})
	mustTransition(t, s, law, kept, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}})
	// As before the migration: no approved revision on record.
	if _, err := s.w.ExecContext(ctx, `UPDATE cases SET approved_revision_id = NULL`); err != nil {
		t.Fatal(err)
	}
	body, err := migrations.ReadFile("migrations/0012_approved_revision.sql")
	if err != nil {
		t.Fatal(err)
	}
	// Its data statements; the column exists already.
	sql := strings.Replace(string(body), "ALTER TABLE cases ADD COLUMN approved_revision_id INTEGER REFERENCES revisions(id);", "", 1)
	if _, err := s.w.ExecContext(ctx, sql); err != nil {
		t.Fatal(err)
	}
	d, _ := s.CaseDetail(ctx, changed)
	if d.Case.State != workflow.LegalReview || d.Case.LegalApprovedBy != 0 || d.Case.ApprovedRevisionID != 0 {
		t.Errorf("changed after approval: %+v", d.Case)
	}
	k, _ := s.CaseDetail(ctx, kept)
	if k.Case.State != workflow.EditorialReview || k.Case.ApprovedRevisionID != k.Case.WorkingRevisionID {
		t.Errorf("approved and unchanged: %+v", k.Case)
	}
	entries, _ := s.AuditLog(ctx, AuditQuery{Limit: 100})
	found := false
	for _, e := range entries {
		if e.Action == "case.back_to_legal" && e.CaseID == changed {
			found = true
			if e.At.IsZero() {
				t.Errorf("the migration's audit entry has no readable time")
			}
		}
	}
	if !found {
		t.Error("no audit entry for the case sent back")
	}
}
