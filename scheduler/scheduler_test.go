package scheduler

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"casebook/content"
	"casebook/store"
	"casebook/workflow"
)

// TestRunPublishesWhatFellDueWhileDown: a server that starts after a
// scheduled time publishes at once, before its first tick.
func TestRunPublishesWhatFellDueWhileDown(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clock := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return clock })
	user := func(email, role string) *store.User {
		u, err := st.CreateUser(ctx, nil, store.NewUser{Email: email, Role: role, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	res, law, ed := user("r@example.org", "researcher"), user("l@example.org", "lawyer"), user("e@example.org", "editor")
	c := &content.Case{Status: "political_prisoner", EN: content.Text{Name: "Embargoed Person", Headline: "h", Body: "b"}}
	id, err := st.CreateCase(ctx, res, c)
	if err != nil {
		t.Fatal(err)
	}
	step := func(u *store.User, tr workflow.Transition, in workflow.Input) {
		d, _ := st.CaseDetail(ctx, id)
		if _, err := st.Transition(ctx, workflow.Default(), u, id, d.Case.WorkingRevisionID, tr, in); err != nil {
			t.Fatal(err)
		}
	}
	step(res, workflow.Submit, workflow.Input{})
	step(law, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"e"}, Violence: "no", Notes: "n"}})
	step(ed, workflow.Publish, workflow.Input{PublishAt: clock.Add(time.Hour)})

	clock = clock.Add(26 * time.Hour) // down overnight
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		Run(runCtx, st, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Hour, time.Hour)
		close(done)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		d, _ := st.CaseDetail(ctx, id)
		if d.Case.State == workflow.Published {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Run did not publish the case that fell due while the server was down")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if _, err := st.PublicCaseBySlug(ctx, "embargoed-person"); err != nil {
		t.Errorf("not public: %v", err)
	}
}
