package store

import (
	"context"
	"strings"
	"testing"
)

// TestAuditDataHasAShapePerAction: every action the log can hold has the
// type of its data, and a value of another type is refused before it is
// written, so that what the studio reads back is what was meant.
func TestAuditDataHasAShapePerAction(t *testing.T) {
	for _, a := range AuditActions() {
		if _, ok := auditShapeOf(a); !ok {
			t.Errorf("%s has no data shape", a)
		}
	}
	for _, c := range []struct {
		action string
		data   any
	}{
		{"user.create", AuditAccount{Email: "a@example.org"}},
		{"login", AuditAccount{}},
		{"transition.publish", &AuditTransition{}},
		{"user.role", nil},
		{"no.such.action", nil},
	} {
		if _, err := auditJSON(c.action, c.data); err == nil {
			t.Errorf("%s took %T", c.action, c.data)
		}
	}
	for _, c := range []struct {
		action string
		data   any
		want   string
	}{
		{"login", nil, `{}`},
		{"user.create", AuditUserCreate{Email: "a&b<c>@example.org", Role: "lawyer"}, `{"email":"a&b<c>@example.org","role":"lawyer"}`},
		{"transition.submit", AuditTransition{From: "draft", To: "legal_review"}, `{"from":"draft","to":"legal_review"}`},
		{"settings.four_eyes", AuditSwitch{}, `{"on":false}`},
		{"session.end", AuditCause{}, `{}`},
	} {
		if got, err := auditJSON(c.action, c.data); err != nil || got != c.want {
			t.Errorf("%s: %s %v, want %s", c.action, got, err, c.want)
		}
	}
}

// TestAuditDataColumn: the data column holds a JSON object or nothing
// (an entry written before it existed), and the log stays append-only
// with it.
func TestAuditDataColumn(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	insert := func(data any) error {
		_, err := s.w.ExecContext(ctx, `INSERT INTO audit (at, action, detail, data) VALUES (?, 'login.failed', '', ?)`, formatTime(s.now()), data)
		return err
	}
	for _, bad := range []string{`not json`, `[1]`, `"text"`, `5`, `null`} {
		if err := insert(bad); err == nil {
			t.Errorf("data %s accepted", bad)
		}
	}
	if err := insert(`{"email":"a@example.org"}`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO audit (at, action, detail) VALUES (?, 'login.failed', 'old@example.org')`, formatTime(s.now())); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE audit SET data = '{}'`, `UPDATE audit SET data = NULL`} {
		if _, err := s.w.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	log, err := s.AuditLog(ctx, AuditQuery{})
	if err != nil || len(log) != 2 {
		t.Fatalf("%d entries, %v", len(log), err)
	}
	if log[0].Data != nil || log[0].Detail != "old@example.org" {
		t.Errorf("old entry %+v", log[0])
	}
	if _, err := log[0].Args(); err == nil {
		t.Error("an old entry has arguments")
	}
	if a, err := log[1].Args(); err != nil || a != (AuditAccount{Email: "a@example.org"}) {
		t.Errorf("new entry: %#v %v", a, err)
	}
}
