package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"casebook/store"
)

// loginFailures counts the failed sign-ins in the audit log since entry
// after, and the longest address among them.
func (e *env) loginFailures(after int64) (n, longest int) {
	e.t.Helper()
	for _, a := range e.auditSince(after) {
		if a.Action == "login.failed" {
			n++
			args, _ := a.Args()
			failed, _ := args.(store.AuditAccount)
			longest = max(longest, len(failed.Email))
		}
	}
	return n, longest
}

// TestAnonymousSignInCannotGrowTheDatabase: what a sender without an
// account can write is bounded. An e-mail field of megabytes is neither
// stored nor kept in memory whole; a sender gets one audit entry per
// quarter of an hour however many times it fails, and an IPv6 sender is
// counted by its /64, not address by address.
func TestAnonymousSignInCannotGrowTheDatabase(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	e.h.SetThrottleClock(func() time.Time { return now })
	start := e.lastAuditID()
	huge := strings.Repeat("x", 1900<<10) + "@example.org"
	r := e.client().post("/login", url.Values{"email": {huge}, "password": {"whatever it is"}}, "X-Forwarded-For", "198.51.100.1")
	if r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a 1.9 MB e-mail: %d", r.StatusCode)
	}
	if strings.Contains(r.body, huge[:5000]) {
		t.Error("the page sends the e-mail field back whole")
	}
	if n, longest := e.loginFailures(start); n != 1 || longest > 254 {
		t.Errorf("after a 1.9 MB e-mail: %d audit entries, the longest address %d bytes", n, longest)
	}

	// Twenty failures from one address: one audit entry.
	start = e.lastAuditID()
	for i := range 20 {
		e.client().post("/login", url.Values{"email": {"nobody" + strconv.Itoa(i) + "@example.org"}, "password": {"whatever it is"}}, "X-Forwarded-For", "198.51.100.2")
	}
	if n, _ := e.loginFailures(start); n != 1 {
		t.Errorf("twenty failures from one address wrote %d audit entries", n)
	}
	// A sender spread over a /64 is one sender: one entry, then the
	// address limit.
	start = e.lastAuditID()
	var last *response
	for i := range 21 {
		last = e.client().post("/login", url.Values{"email": {"nobody@example.org"}, "password": {"whatever it is"}}, "X-Forwarded-For", "2001:db8:7:7::"+strconv.FormatInt(int64(i+1), 16))
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the 21st failure from one /64: %d", last.StatusCode)
	}
	if n, _ := e.loginFailures(start); n != 1 {
		t.Errorf("a /64 wrote %d audit entries", n)
	}
	// Another /64 is another sender.
	if r := e.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}, "X-Forwarded-For", "2001:db8:7:8::1"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a sign-in from the next /64: %d", r.StatusCode)
	}
	// A quarter of an hour later the sender's next failure is written
	// again.
	now = now.Add(16 * time.Minute)
	start = e.lastAuditID()
	e.client().post("/login", url.Values{"email": {"nobody@example.org"}, "password": {"whatever it is"}}, "X-Forwarded-For", "198.51.100.2")
	if n, _ := e.loginFailures(start); n != 1 {
		t.Errorf("the next window: %d audit entries", n)
	}
}
