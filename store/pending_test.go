package store

import (
	"context"
	"net/url"
	"testing"
	"time"
)

// TestTakePendingDoesNotWaitForTheWriter: a page with no kept form opens
// while a save holds the writer, and a kept form is still taken once.
func TestTakePendingDoesNotWaitForTheWriter(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "r@example.org", "researcher")
	if err := s.SavePending(ctx, u.ID, "/studio/cases/1", url.Values{"body": {"kept"}}); err != nil {
		t.Fatal(err)
	}
	busy, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, time.Second)
	_, ok, err := s.TakePending(short, u.ID, "/studio/cases/2")
	cancel()
	busy.Rollback()
	if err != nil || ok {
		t.Fatalf("a page without a kept form while the writer is busy: %v, kept %v", err, ok)
	}
	for i, want := range []bool{true, false} {
		form, ok, err := s.TakePending(ctx, u.ID, "/studio/cases/1")
		if err != nil || ok != want || (ok && form.Get("body") != "kept") {
			t.Fatalf("take %d: %v %v %v", i+1, form, ok, err)
		}
	}
}
