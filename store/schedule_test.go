package store

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"casebook/errs"
	"casebook/workflow"
)

// TestScheduledPublication moves the store's clock: a case scheduled for
// later is not public, nothing happens before its time, and PublishDue
// publishes it once the time has come, index and all.
func TestScheduledPublication(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	res := mustUser(t, s, "r@example.org", "researcher")
	law := mustUser(t, s, "l@example.org", "lawyer")
	ed := mustUser(t, s, "e@example.org", "editor")
	id, err := s.CreateCase(ctx, res, sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	mustTransition(t, s, res, id, workflow.Submit, workflow.Input{})
	mustTransition(t, s, law, id, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}})
	mustTransition(t, s, ed, id, workflow.Publish, workflow.Input{PublishAt: now.Add(3 * time.Hour)})
	d, _ := s.CaseDetail(ctx, id)
	if d.Case.State != workflow.Scheduled || !d.Case.PublishAt.Equal(now.Add(3*time.Hour)) {
		t.Fatalf("scheduled: %s %v", d.Case.State, d.Case.PublishAt)
	}
	if ids, err := s.PublishDue(ctx); err != nil || len(ids) != 0 {
		t.Fatalf("published before its time: %v %v", ids, err)
	}
	if _, err := s.PublicCaseBySlug(ctx, "aleksandr-akimushkin"); err == nil {
		t.Fatal("a scheduled case is public")
	}
	// The server was down when the time came; it comes back later.
	now = now.Add(5 * time.Hour)
	ids, err := s.PublishDue(ctx)
	if err != nil || len(ids) != 1 || ids[0] != id {
		t.Fatalf("PublishDue: %v %v", ids, err)
	}
	d, _ = s.CaseDetail(ctx, id)
	if d.Case.State != workflow.Published || d.Case.LiveRevisionID != d.Case.WorkingRevisionID || !d.Case.PublishAt.IsZero() {
		t.Fatalf("after PublishDue: %+v", d.Case)
	}
	if _, total, _ := s.PublicList(ctx, PublicQuery{Text: "akimushkin"}); total != 1 {
		t.Errorf("the published case is not in the public list")
	}
	entries, _ := s.Audit(ctx, id, 1)
	a, _ := entries[0].Args()
	if tr, _ := a.(AuditTransition); entries[0].Action != "transition.publish" || tr.From != "scheduled" || tr.To != "published" || !tr.Due.Equal(now.Add(-2*time.Hour)) {
		t.Errorf("audit: %+v %s", entries[0], entries[0].Data)
	}
	if ids, _ := s.PublishDue(ctx); len(ids) != 0 {
		t.Errorf("published twice")
	}
}

// TestUnpublishCancelsAScheduledEdit: a published case whose edit is
// scheduled is taken down in an emergency; when the edit's time comes the
// scheduler must not put the case back on the public site.
func TestUnpublishCancelsAScheduledEdit(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	res := mustUser(t, s, "r@example.org", "researcher")
	law := mustUser(t, s, "l@example.org", "lawyer")
	ed := mustUser(t, s, "e@example.org", "editor")
	ed2 := mustUser(t, s, "e2@example.org", "editor")
	review := &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}
	id, err := s.CreateCase(ctx, res, sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	mustTransition(t, s, res, id, workflow.Submit, workflow.Input{})
	mustTransition(t, s, law, id, workflow.ApproveLegal, workflow.Input{Review: review})
	mustTransition(t, s, ed, id, workflow.Publish, workflow.Input{})
	d, _ := s.CaseDetail(ctx, id)
	c := d.Working.Content.Clone()
	c.EN.Headline = "An edit with an embargo"
	if _, err := s.SaveRevision(ctx, ed2, id, d.Case.WorkingRevisionID, c); err != nil {
		t.Fatal(err)
	}
	mustTransition(t, s, res, id, workflow.Submit, workflow.Input{})
	mustTransition(t, s, law, id, workflow.ApproveLegal, workflow.Input{Review: review})
	mustTransition(t, s, ed, id, workflow.Publish, workflow.Input{PublishAt: now.Add(time.Hour)})
	if d, _ := s.CaseDetail(ctx, id); d.Case.State != workflow.Scheduled || d.Live == nil {
		t.Fatalf("built %s live=%v, want a scheduled edit of a live case", d.Case.State, d.Live != nil)
	}
	mustTransition(t, s, ed2, id, workflow.Unpublish, workflow.Input{Comment: "The family asked."})
	d, _ = s.CaseDetail(ctx, id)
	if d.Case.State != workflow.Draft || !d.Case.PublishAt.IsZero() || d.Case.SubmittedBy != 0 || d.Case.LegalApprovedBy != 0 || d.Live != nil {
		t.Fatalf("after unpublish: %+v", d.Case)
	}
	now = now.Add(2 * time.Hour)
	if ids, err := s.PublishDue(ctx); err != nil || len(ids) != 0 {
		t.Fatalf("the scheduler published %v after an unpublish (%v)", ids, err)
	}
	if _, err := s.PublicCaseBySlug(ctx, "aleksandr-akimushkin"); !errs.Is(err, errs.KindGone) {
		t.Errorf("public profile after the due time: %v, want gone", err)
	}
	if n, _ := s.PublicCount(ctx); n != 0 {
		t.Errorf("%d public cases", n)
	}
}

// TestEditingAScheduledCaseCancelsTheSchedule: what was approved is no
// longer what would go out.
func TestEditingAScheduledCaseCancelsTheSchedule(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	res := mustUser(t, s, "r@example.org", "researcher")
	law := mustUser(t, s, "l@example.org", "lawyer")
	ed := mustUser(t, s, "e@example.org", "editor")
	id, _ := s.CreateCase(ctx, res, sampleCase())
	mustTransition(t, s, res, id, workflow.Submit, workflow.Input{})
	mustTransition(t, s, law, id, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}})
	mustTransition(t, s, ed, id, workflow.Publish, workflow.Input{PublishAt: time.Now().Add(time.Hour)})
	d, _ := s.CaseDetail(ctx, id)
	c := d.Working.Content.Clone()
	c.EN.Headline = "Another headline"
	if _, err := s.SaveRevision(ctx, law, id, d.Case.WorkingRevisionID, c); err != nil {
		t.Fatal(err)
	}
	d, _ = s.CaseDetail(ctx, id)
	if d.Case.State != workflow.LegalReview || !d.Case.PublishAt.IsZero() || d.Case.LegalApprovedBy != 0 || d.Case.ApprovedRevisionID != 0 {
		t.Errorf("after editing a scheduled case: %s %v, approval by %d of %d", d.Case.State, d.Case.PublishAt, d.Case.LegalApprovedBy, d.Case.ApprovedRevisionID)
	}
}

// TestAuditIsAppendOnly: the triggers refuse changes, and no code path
// outside the migrations that create those triggers updates or deletes an
// audit entry.
func TestAuditIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	mustUser(t, s, "a@example.org", "admin")
	for _, q := range []string{`UPDATE audit SET detail = 'x'`, `DELETE FROM audit`, `UPDATE audit SET at = '2000'`} {
		if _, err := s.w.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	bad := regexp.MustCompile(`(?i)(update\s+audit\b|delete\s+from\s+audit\b|replace\s+into\s+audit\b|insert\s+or\s+replace\s+into\s+audit\b|drop\s+(table|trigger)\s+(if\s+exists\s+)?audit)`)
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".sql")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(b)
		if strings.HasSuffix(path, "0001_init.sql") {
			// The triggers name the statements they refuse.
			text = regexp.MustCompile(`(?s)CREATE TRIGGER audit_no_\w+ BEFORE (UPDATE|DELETE) ON audit`).ReplaceAllString(text, "")
		}
		if m := bad.FindString(text); m != "" {
			t.Errorf("%s: %q", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
