package store

import (
	"context"
	"errors"
	"testing"

	"casebook/errs"
	"casebook/workflow"
)

// TestCasePageComparesWithTheApprovedRevision: the case page's read
// carries the approved revision exactly while the case is back in legal
// review with another one, besides the thread, the reviews and the
// settings.
func TestCasePageComparesWithTheApprovedRevision(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, ed := approvedCase(t, s)
	admin := mustUser(t, s, "a@example.org", "admin")
	p, err := s.CasePage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	approved := p.Detail.Working
	if p.Approved != nil || len(p.Reviews) != 1 || p.Reviews[0].RevisionID != approved.ID || p.Settings != (Settings{FourEyes: true}) {
		t.Fatalf("in editorial review: approved %v, reviews %+v, settings %+v", p.Approved, p.Reviews, p.Settings)
	}
	c := approved.Content.Clone()
	c.EN.Headline = "Changed after the approval"
	if _, err := s.SaveRevision(ctx, ed, id, approved.ID, c); err != nil {
		t.Fatal(err)
	}
	if err := s.AddComment(ctx, ed, id, "Back to you."); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCorrections(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	if p, err = s.CasePage(ctx, id); err != nil {
		t.Fatal(err)
	}
	if p.Detail.Case.State != workflow.LegalReview || p.Approved == nil || p.Approved.ID != approved.ID || p.Approved.Content.EN.Headline != approved.Content.EN.Headline {
		t.Fatalf("back in legal review: state %s, approved %+v", p.Detail.Case.State, p.Approved)
	}
	if len(p.Comments) != 1 || p.Comments[0].Body != "Back to you." || !p.Settings.Corrections {
		t.Errorf("comments %+v, settings %+v", p.Comments, p.Settings)
	}
	if _, err := s.CasePage(ctx, id+1); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("the page of no case: %v", err)
	}
}

// TestCompareAndPreviewChooseByTheWorkingRevision: the revisions to show
// are chosen knowing the working one, and a choice refused is the
// answer, after a case that does not exist.
func TestCompareAndPreviewChooseByTheWorkingRevision(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, ed := approvedCase(t, s)
	d, _ := s.CaseDetail(ctx, id)
	c := d.Working.Content.Clone()
	c.EN.Headline = "Second"
	if _, err := s.SaveRevision(ctx, ed, id, d.Case.WorkingRevisionID, c); err != nil {
		t.Fatal(err)
	}
	cmp, err := s.Compare(ctx, id, func(working int) (int, int, error) { return working - 1, working, nil })
	if err != nil {
		t.Fatal(err)
	}
	if cmp.A.Number != 1 || cmp.B.Number != 2 || cmp.B != cmp.Detail.Working || cmp.A.Content.EN.Headline == cmp.B.Content.EN.Headline {
		t.Errorf("compared %d with %d", cmp.A.Number, cmp.B.Number)
	}
	pv, err := s.Preview(ctx, id, func(working int) (int, error) { return working - 1, nil })
	if err != nil {
		t.Fatal(err)
	}
	if pv.Revision.Number != 1 || pv.Case.Slug != d.Case.Slug {
		t.Errorf("previewed revision %d of %q", pv.Revision.Number, pv.Case.Slug)
	}
	refused := errors.New("not a number")
	if _, err := s.Compare(ctx, id, func(int) (int, int, error) { return 0, 0, refused }); err != refused {
		t.Errorf("a refused choice to compare: %v", err)
	}
	if _, err := s.Preview(ctx, id, func(int) (int, error) { return 0, refused }); err != refused {
		t.Errorf("a refused choice to preview: %v", err)
	}
	if _, err := s.Preview(ctx, id, func(int) (int, error) { return 3, nil }); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("a revision that does not exist: %v", err)
	}
	asked := false
	if _, err := s.Compare(ctx, id+1, func(int) (int, int, error) { asked = true; return 1, 1, refused }); !errs.Is(err, errs.KindNotFound) || asked {
		t.Errorf("no such case: %v, asked which revisions: %v", err, asked)
	}
	h, err := s.HistoryPage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Revisions) != 2 || !h.Revisions[0].Working || len(h.Reviews) != 1 || h.Reviews[0].RevisionNumber != 1 {
		t.Errorf("history %+v, reviews %+v", h.Revisions, h.Reviews)
	}
}
