package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casebook/store"
)

// auditActions lists the actions of the audit entries written since
// entry after, oldest first, with their data.
func (e *env) auditActions(after int64) []string {
	e.t.Helper()
	var out []string
	for _, a := range e.auditSince(after) {
		out = append(out, a.Action+":"+string(a.Data))
	}
	return out
}

func (e *env) lastAuditID() int64 {
	e.t.Helper()
	all, err := e.st.AuditLog(context.Background(), store.AuditQuery{Limit: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(all) == 0 {
		return 0
	}
	return all[0].ID
}

// TestASessionIsNoPasswordOracle: a signed-in browser that someone else
// borrows cannot guess the password through the forms that ask for it
// again. Each wrong answer is an audit entry naming the form; the fifth
// ends that session; other sessions of the account then wait, without
// any password being hashed; and a second factor cannot be enrolled
// without the password.
func TestASessionIsNoPasswordOracle(t *testing.T) {
	e := newEnv(t)
	hashes := e.countHashes()
	borrowed, owners := e.login("editor"), e.login("editor")
	start := e.lastAuditID()
	wrong := url.Values{"current": {"not the password"}, "new": {"a new long password"}, "repeat": {"a new long password"}}
	for i := range 4 {
		r := borrowed.post("/studio/account/password", wrong)
		if r.StatusCode != http.StatusUnprocessableEntity || r.doc(t).Find("#current-error").Length() == 0 {
			t.Fatalf("wrong password %d: %d", i+1, r.StatusCode)
		}
	}
	got := e.auditActions(start)
	if len(got) != 4 || got[0] != `user.password_check_failed:{"act":"password_change"}` {
		t.Errorf("audit after four wrong passwords: %v", got)
	}
	// The fifth ends the borrowed session.
	r := borrowed.post("/studio/account/2fa/disable", url.Values{"current": {"still not it"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?checks=1" {
		t.Fatalf("fifth wrong password: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := borrowed.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the borrowed session still works: %d", r.StatusCode)
	}
	if n := e.client().get("/login?checks=1").doc(t).Find("#login-notice").Length(); n != 1 {
		t.Error("the sign-in page does not say why")
	}
	// The owner's other session waits, and nothing is hashed for it.
	before := hashes.Load()
	r = owners.post("/studio/account/password", url.Values{"current": {testPassword}, "new": {"a new long password"}, "repeat": {"a new long password"}})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || r.doc(t).Find("#current-error").Length() == 0 {
		t.Fatalf("a password change while throttled: %d", r.StatusCode)
	}
	if n := hashes.Load() - before; n != 0 {
		t.Errorf("%d hashes while throttled", n)
	}
	if r := owners.get("/studio/"); r.StatusCode != http.StatusOK {
		t.Fatalf("the owner's session ended too: %d", r.StatusCode)
	}
	// A quarter of an hour later, the owner changes the password.
	later := time.Now().Add(16 * time.Minute)
	e.h.SetThrottleClock(func() time.Time { return later })
	if r := owners.post("/studio/account/password", url.Values{"current": {testPassword}, "new": {"a new long password"}, "repeat": {"a new long password"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the window: %d", r.StatusCode)
	}
}

// TestEnrolmentNeedsThePassword: tying the account to an authenticator
// asks for the password with the code.
func TestEnrolmentNeedsThePassword(t *testing.T) {
	e := newEnv(t)
	c := e.login("lawyer")
	page := c.get("/studio/account/2fa")
	if page.doc(t).Find(`form input[name="current"][type="password"]`).Length() != 1 {
		t.Fatal("the enrolment form does not ask for the password")
	}
	secret := strings.ReplaceAll(page.doc(t).Find("#totp-secret").Text(), " ", "")
	code, _ := totp.GenerateCode(secret, time.Now())
	for _, pw := range []string{"", "not the password"} {
		r := c.post("/studio/account/2fa", url.Values{"current": {pw}, "code": {code}})
		if r.StatusCode != http.StatusUnprocessableEntity || r.doc(t).Find("#current-error").Length() == 0 {
			t.Errorf("enrolment with password %q: %d", pw, r.StatusCode)
		}
		if _, on, _, _ := e.st.TOTPState(context.Background(), e.users["lawyer"].ID); on {
			t.Fatalf("enrolled with password %q", pw)
		}
	}
	if r := c.post("/studio/account/2fa", url.Values{"current": {testPassword}, "code": {code}}); r.StatusCode != http.StatusOK {
		t.Fatalf("enrolment with the password: %d", r.StatusCode)
	}
	if _, on, _, _ := e.st.TOTPState(context.Background(), e.users["lawyer"].ID); !on {
		t.Fatal("not enrolled")
	}
}

// TestDisablingAnAccountEndsItsLinks: an invitation or reset link stops
// working when its account is disabled, and stays dead when the account
// is enabled again; a reset link is not issued for a disabled account.
func TestDisablingAnAccountEndsItsLinks(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.users["admin"]
	invited, invite, err := e.st.InviteUser(ctx, admin, "new@example.org", "New Person", "researcher")
	if err != nil {
		t.Fatal(err)
	}
	reset, err := e.st.ResetPassword(ctx, admin, e.users["lawyer"].ID)
	if err != nil {
		t.Fatal(err)
	}
	adm := e.login("admin")
	for _, id := range []int64{invited.ID, e.users["lawyer"].ID} {
		if r := adm.post("/studio/users/"+i64(id)+"/disable", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable %d: %d", id, r.StatusCode)
		}
	}
	v := e.client()
	for _, tok := range []string{invite, reset} {
		if r := v.get("/password?token=" + url.QueryEscape(tok)); r.StatusCode != http.StatusGone {
			t.Errorf("link of a disabled account: %d", r.StatusCode)
		}
		if r := v.post("/password", url.Values{"token": {tok}, "new": {"a new long password"}, "repeat": {"a new long password"}}); r.StatusCode != http.StatusGone {
			t.Errorf("setting a password with it: %d", r.StatusCode)
		}
	}
	// No reset link for a disabled account, and no button for one.
	if r := adm.post("/studio/users/"+i64(e.users["lawyer"].ID)+"/reset", nil); r.StatusCode != http.StatusConflict {
		t.Errorf("reset of a disabled account: %d", r.StatusCode)
	}
	if n := adm.get("/studio/users").doc(t).Find(`form[action="/studio/users/` + i64(e.users["lawyer"].ID) + `/reset"]`).Length(); n != 0 {
		t.Error("a reset button for a disabled account")
	}
	for _, id := range []int64{invited.ID, e.users["lawyer"].ID} {
		adm.post("/studio/users/"+i64(id)+"/enable", nil)
	}
	for _, tok := range []string{invite, reset} {
		if r := v.get("/password?token=" + url.QueryEscape(tok)); r.StatusCode != http.StatusGone {
			t.Errorf("an old link after enabling again: %d", r.StatusCode)
		}
	}
	// A new link works.
	fresh, err := e.st.ResetPassword(ctx, admin, e.users["lawyer"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := v.get("/password?token=" + url.QueryEscape(fresh)); r.StatusCode != http.StatusOK {
		t.Errorf("a new link: %d", r.StatusCode)
	}
}
