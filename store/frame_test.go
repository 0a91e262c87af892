package store

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"casebook/workflow"
)

// TestFrameIsWhatTheDashboardReads: the frame's cases are those of the
// studio's list in WaitingStates, each as the rules see it on the
// dashboard, with the authors and contributors of every review round,
// and the settings as an administrator left them.
func TestFrameIsWhatTheDashboardReads(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	res := mustUser(t, s, "r@example.org", "researcher")
	law := mustUser(t, s, "l@example.org", "lawyer")
	law2 := mustUser(t, s, "l2@example.org", "lawyer")
	ed := mustUser(t, s, "e@example.org", "editor")
	ed2 := mustUser(t, s, "e2@example.org", "editor")
	admin := mustUser(t, s, "a@example.org", "admin")
	review := workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}}
	edit := func(u *User, id int64, headline string) {
		t.Helper()
		d, err := s.CaseDetail(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		c := d.Working.Content.Clone()
		c.EN.Headline = headline
		if _, err := s.SaveRevision(ctx, u, id, d.Case.WorkingRevisionID, c); err != nil {
			t.Fatal(err)
		}
	}
	newCase := func(steps ...func(id int64)) {
		t.Helper()
		c := sampleCase()
		id, err := s.CreateCase(ctx, res, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range steps {
			step(id)
		}
	}
	do := func(u *User, tr workflow.Transition, in workflow.Input) func(int64) {
		return func(id int64) { mustTransition(t, s, u, id, tr, in) }
	}
	by := func(u *User, headline string) func(int64) { return func(id int64) { edit(u, id, headline) } }
	submit, approve := do(res, workflow.Submit, workflow.Input{}), do(law, workflow.ApproveLegal, review)
	publish := do(ed2, workflow.Publish, workflow.Input{})
	newCase()
	newCase(submit)
	newCase(by(ed, "An editor's change"), submit)
	newCase(submit, approve)
	newCase(by(law, "A lawyer's change"), submit, by(ed, "An editor's change"), do(law2, workflow.ApproveLegal, review))
	newCase(submit, approve, by(ed, "Back to the lawyer"))
	newCase(submit, do(law, workflow.RequestChanges, workflow.Input{Comment: "Sources."}))
	newCase(submit, approve, do(ed2, workflow.Publish, workflow.Input{PublishAt: time.Now().Add(time.Hour)}))
	newCase(submit, approve, publish)
	newCase(submit, approve, publish, by(ed, "A correction"))
	newCase(submit, approve, publish, by(res, "An update"), submit, approve)
	newCase(submit, approve, publish, do(admin, workflow.Unpublish, workflow.Input{Comment: "Safety."}))
	if err := s.SetFourEyes(ctx, admin, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCorrections(ctx, admin, true); err != nil {
		t.Fatal(err)
	}

	f, err := s.Frame(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f.Settings != (Settings{FourEyes: false, Corrections: true}) {
		t.Errorf("the frame's settings: %+v", f.Settings)
	}
	list, err := s.StudioCases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []workflow.Case
	states := map[workflow.State]bool{}
	for _, cs := range list {
		c := cs.Workflow()
		if !slices.Contains(workflow.WaitingStates(), c.State) {
			continue
		}
		states[c.State] = true
		c.Complete, c.Status = false, ""
		want = append(want, c)
	}
	if len(states) != len(workflow.WaitingStates()) {
		t.Fatalf("the cases are in %v only", states)
	}
	got := slices.Clone(f.Open)
	for _, cs := range [][]workflow.Case{want, got} {
		slices.SortFunc(cs, func(a, b workflow.Case) int { return int(a.WorkingRevision - b.WorkingRevision) })
		for i := range cs {
			slices.Sort(cs[i].Contributors)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the frame reads\n%+v\nthe studio's list\n%+v", got, want)
	}
	contributed := 0
	for _, c := range got {
		if len(c.Contributors) > 1 {
			contributed++
		}
	}
	if contributed == 0 {
		t.Error("no case has more than one contributor: the test says nothing of them")
	}
}
