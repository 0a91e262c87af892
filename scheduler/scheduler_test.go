package scheduler

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"casebook/content"
	"casebook/store"
	"casebook/workflow"
)

// scheduledCase opens a store on the clock now and schedules a case for
// publication at at.
func scheduledCase(t *testing.T, now func() time.Time, at time.Time) (*store.Store, int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetClock(now)
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
	step(law, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"e"}, Violence: "no", Sufficient: true, Notes: "n"}})
	step(ed, workflow.Publish, workflow.Input{PublishAt: at})
	return st, id
}

// fakeClock is moved by hand; its ticks are sent by the test.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	ticks chan time.Time
	every time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Every(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.every = d
	return c.ticks, func() {}
}

// tick moves the clock to at and delivers a tick. The channel is
// unbuffered and the tick is sent twice, so that when tick returns the
// scheduler has handled the first one completely; the second, at the same
// time, finds nothing more due.
func (c *fakeClock) tick(t *testing.T, at time.Time) {
	t.Helper()
	c.mu.Lock()
	c.now = at
	c.mu.Unlock()
	for range 2 {
		select {
		case c.ticks <- at:
		case <-time.After(5 * time.Second):
			t.Fatal("the scheduler does not take ticks from its clock")
		}
	}
}

// TestRunPublishesAtTheFirstTickAfterItsTime: while the server runs, a
// case due at T stays unpublished at every tick before T and goes out at
// the first tick after it.
func TestRunPublishesAtTheFirstTickAfterItsTime(t *testing.T) {
	ctx := context.Background()
	due := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	clock := &fakeClock{now: due.Add(-2 * time.Minute), ticks: make(chan time.Time)}
	st, id := scheduledCase(t, clock.Now, due)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		Run(runCtx, st, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{Interval: 30 * time.Second, SessionIdle: time.Hour, Clock: clock})
		close(done)
	}()
	defer func() { cancel(); <-done }()
	state := func() workflow.State {
		d, err := st.CaseDetail(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Case.State
	}
	for _, at := range []time.Time{due.Add(-90 * time.Second), due.Add(-30 * time.Second), due.Add(-time.Millisecond)} {
		clock.tick(t, at)
		if got := state(); got != workflow.Scheduled {
			t.Fatalf("tick at %s, before the time: %s", at.Format(time.TimeOnly), got)
		}
	}
	if clock.every != 30*time.Second {
		t.Errorf("the scheduler ticks every %s, want the configured 30s", clock.every)
	}
	clock.tick(t, due.Add(20*time.Second))
	if got := state(); got != workflow.Published {
		t.Fatalf("first tick after the time: %s, want published", got)
	}
	d, _ := st.CaseDetail(ctx, id)
	if want := due.Add(20 * time.Second); !d.Case.PublishedAt.Equal(want) {
		t.Errorf("published at %s, want the tick's time %s", d.Case.PublishedAt, want)
	}
	if _, err := st.PublicCaseBySlug(ctx, "embargoed-person"); err != nil {
		t.Errorf("not public: %v", err)
	}
}

// TestRunPublishesWhatFellDueWhileDown: a server that starts after a
// scheduled time publishes at once, before its first tick.
func TestRunPublishesWhatFellDueWhileDown(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC), ticks: make(chan time.Time)}
	st, id := scheduledCase(t, clock.Now, clock.now.Add(time.Hour))
	clock.now = clock.now.Add(26 * time.Hour) // down overnight
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		// No tick ever comes: only the catch-up at start can publish.
		Run(runCtx, st, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{Interval: time.Hour, SessionIdle: time.Hour, Clock: clock})
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
