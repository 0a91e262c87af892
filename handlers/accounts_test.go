package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casebook/auth"
	"casebook/handlers"
	"casebook/store"
	"casebook/workflow"
)

var linkPattern = regexp.MustCompile(`/password\?token=([A-Z0-9]+)`)

func TestInviteAndOneTimeLink(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	r := admin.post("/studio/users", url.Values{"email": {"new@example.org"}, "name": {"New Person"}, "role": {"lawyer"}})
	if r.StatusCode != 200 {
		t.Fatalf("invite: %d", r.StatusCode)
	}
	m := linkPattern.FindStringSubmatch(r.doc(t).Find("#one-time-link").Text())
	if m == nil {
		t.Fatal("no one-time link shown")
	}
	// Until the link is used, the account cannot sign in at all.
	if r := e.client().post("/login", url.Values{"email": {"new@example.org"}, "password": {""}}); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("invited account signs in: %d", r.StatusCode)
	}
	visitor := e.client()
	page := visitor.get("/password?token=" + m[1])
	if page.StatusCode != 200 || page.Header.Get("Referrer-Policy") != "no-referrer" || len(page.Header.Values("Set-Cookie")) != 0 {
		t.Fatalf("link page: %d %v", page.StatusCode, page.Header)
	}
	if r := visitor.post("/password", url.Values{"token": {m[1]}, "new": {"short"}, "repeat": {"short"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("short password: %d", r.StatusCode)
	}
	if r := visitor.post("/password", url.Values{"token": {m[1]}, "new": {"a long fresh password"}, "repeat": {"another one"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("mismatch: %d", r.StatusCode)
	}
	if r := visitor.post("/password", url.Values{"token": {m[1]}, "new": {"a long fresh password"}, "repeat": {"a long fresh password"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d", r.StatusCode)
	}
	// The link works once.
	if r := visitor.get("/password?token=" + m[1]); r.StatusCode != http.StatusGone {
		t.Errorf("used link: %d", r.StatusCode)
	}
	c := e.client()
	if r := c.post("/login", url.Values{"email": {"new@example.org"}, "password": {"a long fresh password"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the new password: %d", r.StatusCode)
	}
	// Invalid input keeps what was typed; a taken e-mail is refused.
	r = admin.post("/studio/users", url.Values{"email": {"new@example.org"}, "name": {"Again"}, "role": {"editor"}})
	if r.StatusCode != http.StatusUnprocessableEntity || r.doc(t).Find("#invite-name").AttrOr("value", "") != "Again" {
		t.Errorf("taken e-mail: %d", r.StatusCode)
	}
}

func TestResetLinkExpiresIn24Hours(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	lawyer := e.users["lawyer"]
	r := admin.post("/studio/users/"+i64(lawyer.ID)+"/reset", nil)
	m := linkPattern.FindStringSubmatch(r.body)
	if r.StatusCode != 200 || m == nil {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	// The old password still works until the link is used.
	if r := e.client().post("/login", url.Values{"email": {"lawyer@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("old password after a reset link: %d", r.StatusCode)
	}
	// The link is shown on the answer only, not when the page is opened
	// again.
	if strings.Contains(admin.get("/studio/users").body, m[1]) {
		t.Error("the users page shows the link again")
	}
	e.st.SetClock(func() time.Time { return time.Now().Add(23 * time.Hour) })
	if r := e.client().get("/password?token=" + m[1]); r.StatusCode != 200 {
		t.Errorf("a 23-hour-old link: %d", r.StatusCode)
	}
	e.st.SetClock(func() time.Time { return time.Now().Add(25 * time.Hour) })
	if r := e.client().get("/password?token=" + m[1]); r.StatusCode != http.StatusGone {
		t.Errorf("a 25-hour-old link: %d", r.StatusCode)
	}
	if r := e.client().post("/password", url.Values{"token": {m[1]}, "new": {"a long new password"}, "repeat": {"a long new password"}}); r.StatusCode != http.StatusGone {
		t.Errorf("setting a password with a 25-hour-old link: %d", r.StatusCode)
	}
	e.st.SetClock(time.Now)
	if r := e.client().post("/login", url.Values{"email": {"lawyer@example.org"}, "password": {"a long new password"}}); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("an expired link set the password: %d", r.StatusCode)
	}
	// A new link replaces the old one.
	r2 := linkPattern.FindStringSubmatch(admin.post("/studio/users/"+i64(lawyer.ID)+"/reset", nil).body)
	r3 := linkPattern.FindStringSubmatch(admin.post("/studio/users/"+i64(lawyer.ID)+"/reset", nil).body)
	if e.client().get("/password?token="+r2[1]).StatusCode != http.StatusGone || e.client().get("/password?token="+r3[1]).StatusCode != 200 {
		t.Error("an older link still works after a new one")
	}
	// Using the link sets the password, ends the account's sessions, and
	// spends the link: the same form sent again is refused.
	signedIn := e.login("lawyer")
	set := url.Values{"token": {r3[1]}, "new": {"a long new password"}, "repeat": {"a long new password"}}
	if r := e.client().post("/password", set); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	if r := signedIn.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a session survived the reset: %d", r.StatusCode)
	}
	set["new"], set["repeat"] = []string{"the attacker's password"}, []string{"the attacker's password"}
	if r := e.client().post("/password", set); r.StatusCode != http.StatusGone {
		t.Errorf("a used link set a password again: %d", r.StatusCode)
	}
	for pw, want := range map[string]int{testPassword: 401, "the attacker's password": 401, "a long new password": 303} {
		if r := e.client().post("/login", url.Values{"email": {"lawyer@example.org"}, "password": {pw}}); r.StatusCode != want {
			t.Errorf("sign-in with %q after the reset: %d, want %d", pw, r.StatusCode, want)
		}
	}
}

func TestDisableEndsSessionsAtOnce(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	ed, ed2 := e.login("editor"), e.login("editor")
	if r := ed.get("/studio/"); r.StatusCode != 200 {
		t.Fatal(r.StatusCode)
	}
	if r := admin.post("/studio/users/"+i64(e.users["editor"].ID)+"/disable", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", r.StatusCode)
	}
	for i, c := range []*client{ed, ed2} {
		if r := c.get("/studio/"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("session %d of a disabled account still works: %d", i, r.StatusCode)
		}
		if r := c.post("/studio/cases/new", caseForm()); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("session %d of a disabled account posts: %d", i, r.StatusCode)
		}
	}
	if n, _ := e.st.CountSessions(context.Background(), e.users["editor"].ID); n != 0 {
		t.Errorf("%d sessions of a disabled account are left", n)
	}
	if r := e.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled account signs in: %d", r.StatusCode)
	}
	if r := admin.post("/studio/users/"+i64(e.users["editor"].ID)+"/enable", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", r.StatusCode)
	}
	// The ended sessions stay ended; signing in works again.
	if r := ed.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("an ended session came back with the account: %d", r.StatusCode)
	}
	if r := e.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("re-enabled account: %d", r.StatusCode)
	}
	// Role change, at once for a session already open, and the last
	// administrator stays.
	res := e.login("researcher")
	if r := res.get("/studio/audit"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a researcher reads the audit log: %d", r.StatusCode)
	}
	if r := admin.post("/studio/users/"+i64(e.users["researcher"].ID)+"/role", url.Values{"role": {"editor"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("role change: %d", r.StatusCode)
	}
	if u, _ := e.st.UserByID(context.Background(), e.users["researcher"].ID); u.Role != workflow.Editor {
		t.Errorf("role: %s", u.Role)
	}
	if r := res.get("/studio/audit"); r.StatusCode != 200 {
		t.Errorf("the new role in the open session: %d", r.StatusCode)
	}
	if r := admin.post("/studio/users/"+i64(e.users["researcher"].ID)+"/role", url.Values{"role": {"boss"}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown role: %d", r.StatusCode)
	}
	if r := admin.post("/studio/users/"+i64(e.users["admin"].ID)+"/role", url.Values{"role": {"editor"}}); r.StatusCode != http.StatusConflict {
		t.Errorf("demoting the last admin: %d", r.StatusCode)
	}
	if r := admin.post("/studio/users/"+i64(e.users["admin"].ID)+"/disable", nil); r.StatusCode != http.StatusConflict {
		t.Errorf("disabling oneself: %d", r.StatusCode)
	}
}

func TestOwnPasswordAndSessions(t *testing.T) {
	e := newEnv(t)
	here := e.login("researcher")
	there := e.login("researcher")
	d := here.get("/studio/account").doc(t)
	if n := d.Find(`form[action="/studio/account/sessions/end"]`).Length(); n != 1 {
		t.Fatalf("%d other sessions listed, want 1", n)
	}
	if d.Find(".badge-live").Length() != 1 {
		t.Error("this session is not marked")
	}
	// End the other session from here.
	id := d.Find(`form[action="/studio/account/sessions/end"] input[name="id"]`).AttrOr("value", "")
	if r := here.post("/studio/account/sessions/end", url.Values{"id": {id}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("end session: %d", r.StatusCode)
	}
	if r := there.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the ended session still works: %d", r.StatusCode)
	}
	// Someone else's session id, or one that does not exist, does nothing.
	other := e.login("lawyer")
	theirs, _ := e.st.UserSessions(context.Background(), e.users["lawyer"].ID)
	if len(theirs) != 1 {
		t.Fatalf("%d lawyer sessions", len(theirs))
	}
	for _, id := range []string{theirs[0].ID, strings.Repeat("0", 64)} {
		if r := here.post("/studio/account/sessions/end", url.Values{"id": {id}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("ending a session that is not one's own: %d", r.StatusCode)
		}
	}
	if r := other.get("/studio/"); r.StatusCode != 200 {
		t.Errorf("someone else ended the lawyer's session: %d", r.StatusCode)
	}
	// Changing the password ends the other sessions, not this one.
	third := e.login("researcher")
	if r := here.post("/studio/account/password", url.Values{"current": {"wrong password!"}, "new": {"a brand new password"}, "repeat": {"a brand new password"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong current password: %d", r.StatusCode)
	}
	if r := here.post("/studio/account/password", url.Values{"current": {testPassword}, "new": {"a brand new password"}, "repeat": {"a brand new password"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d", r.StatusCode)
	}
	if r := third.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Error("another session survived a password change")
	}
	if r := here.get("/studio/"); r.StatusCode != 200 {
		t.Error("the session that changed the password ended")
	}
	if r := other.get("/studio/"); r.StatusCode != 200 {
		t.Error("someone else's session ended")
	}
}

// enrol turns on the second factor for a client through the pages and
// returns the secret and the recovery codes.
func enrol(t *testing.T, c *client) (string, []string) {
	t.Helper()
	secret, codes, _ := enrolWithCode(t, c)
	return secret, codes
}

// enrolWithCode is enrol, also giving the code that confirmed the
// enrolment: a code made again later may belong to the next 30 seconds.
func enrolWithCode(t *testing.T, c *client) (secret string, recovery []string, confirmation string) {
	t.Helper()
	d := c.get("/studio/account/2fa").doc(t)
	secret = strings.ReplaceAll(d.Find("#totp-secret").Text(), " ", "")
	if secret == "" {
		t.Fatal("no secret shown")
	}
	// The QR code is drawn here: an image from this server (or inline),
	// never from a service that would see the secret.
	img := d.Find("img.qr")
	src := img.AttrOr("src", "")
	if img.Length() != 1 || !(strings.HasPrefix(src, "data:image/") || strings.HasPrefix(src, "/") && !strings.HasPrefix(src, "//")) {
		t.Fatalf("QR code image %d, src %q", img.Length(), src)
	}
	if !strings.HasPrefix(src, "/") {
		src = "/studio/account/2fa/qr.png"
	}
	qr := c.get(src)
	if qr.StatusCode != 200 || qr.Header.Get("Content-Type") != "image/png" || qr.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("QR code: %d %v", qr.StatusCode, qr.Header)
	}
	if r := c.post("/studio/account/2fa", url.Values{"current": {testPassword}, "code": {"000000"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong confirmation code: %d", r.StatusCode)
	}
	code, _ := totp.GenerateCode(secret, time.Now())
	r := c.post("/studio/account/2fa", url.Values{"current": {testPassword}, "code": {code}})
	if r.StatusCode != 200 {
		t.Fatalf("confirm: %d", r.StatusCode)
	}
	var codes []string
	r.doc(t).Find("#recovery-codes code").Each(func(_ int, s *goquerySelection) { codes = append(codes, s.Text()) })
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes", len(codes))
	}
	seen := map[string]bool{}
	for _, code := range codes {
		if seen[code] || len(code) < 10 {
			t.Fatalf("recovery codes %q", codes)
		}
		seen[code] = true
	}
	return secret, codes, code
}

// TestTwoFactorEnrolmentIsConfirmedOnce checks what happens after the
// confirmation: the recovery codes are not shown again, the same form sent
// again is refused (and changes nothing), the confirmation code does not
// also sign in, and wrong codes at sign-in are throttled.
func TestTwoFactorEnrolmentIsConfirmedOnce(t *testing.T) {
	e := newEnv(t)
	ed := e.login("editor")
	secret, codes, conf := enrolWithCode(t, ed)
	for _, p := range []string{"/studio/account", "/studio/account/2fa", "/studio/"} {
		r := ed.get(p)
		for _, code := range codes {
			if strings.Contains(r.body, code) {
				t.Fatalf("%s shows a recovery code again", p)
			}
		}
	}
	if r := ed.get("/studio/account/2fa/qr.png"); r.StatusCode != http.StatusNotFound {
		t.Errorf("QR code of the confirmed secret: %d", r.StatusCode)
	}
	// The confirmation sent again, with the code it already used.
	r := ed.post("/studio/account/2fa", url.Values{"current": {testPassword}, "code": {conf}})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("a second confirmation: %d", r.StatusCode)
	}
	if r.doc(t).Find("#recovery-codes code").Length() != 0 {
		t.Error("a second confirmation shows recovery codes")
	}
	if n, _ := e.st.RecoveryCodesLeft(context.Background(), e.users["editor"].ID); n != 10 {
		t.Errorf("%d recovery codes after a second confirmation", n)
	}
	if s, _, _, _ := e.st.TOTPState(context.Background(), e.users["editor"].ID); s != secret {
		t.Error("a second confirmation replaced the secret")
	}
	// The code that confirmed the enrolment is spent: it does not sign in.
	c := e.client()
	c.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	if r := c.post("/login/2fa", url.Values{"code": {conf}}); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("the confirmation code signs in: %d", r.StatusCode)
	}
	// Wrong codes, from an authenticator or as recovery codes, are
	// throttled like passwords; then even the right code waits, in every
	// browser the account has not signed in from before.
	now := time.Now()
	e.h.SetThrottleClock(func() time.Time { return now })
	for i := 0; i < 4; i++ {
		wrong := []string{"000000", "aaaaa-bbbbb"}[i%2]
		if r := c.post("/login/2fa", url.Values{"code": {wrong}}); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d", i, r.StatusCode)
		}
	}
	next, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	r = c.post("/login/2fa", url.Values{"code": {next}})
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("after five wrong codes: %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if r := c.post("/login/2fa", url.Values{"code": {codes[1]}}); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a recovery code while throttled: %d", r.StatusCode)
	}
	if r := c.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("studio while throttled: %d", r.StatusCode)
	}
	// A fresh password step does not lift it.
	c2 := e.client()
	c2.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	if r := c2.post("/login/2fa", url.Values{"code": {next}}); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a new sign-in while throttled: %d", r.StatusCode)
	}
	now = now.Add(16 * time.Minute)
	if r := c2.post("/login/2fa", url.Values{"code": {next}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after the window: %d", r.StatusCode)
	}
}

func TestTwoFactorSignIn(t *testing.T) {
	e := newEnv(t)
	ed := e.login("editor")
	secret, codes := enrol(t, ed)
	// The password alone no longer signs in.
	c := e.client()
	r := c.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login/2fa" {
		t.Fatalf("password step: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("studio after the password only: %d", r.StatusCode)
	}
	if r := c.post("/login/2fa", url.Values{"code": {"123456"}}); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong code: %d", r.StatusCode)
	}
	// The code used to confirm enrolment cannot be used again; wait for
	// a fresh one by asking for the next step's code.
	code, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if r := c.post("/login/2fa", url.Values{"code": {code}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("right code: %d", r.StatusCode)
	}
	if r := c.get("/studio/"); r.StatusCode != 200 {
		t.Fatalf("studio after the code: %d", r.StatusCode)
	}
	// The same code does not work twice.
	c2 := e.client()
	c2.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	if r := c2.post("/login/2fa", url.Values{"code": {code}}); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("a replayed code: %d", r.StatusCode)
	}
	// A recovery code works once.
	if r := c2.post("/login/2fa", url.Values{"code": {codes[0]}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("recovery code: %d", r.StatusCode)
	}
	c3 := e.client()
	c3.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	if r := c3.post("/login/2fa", url.Values{"code": {codes[0]}}); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("a used recovery code: %d", r.StatusCode)
	}
	// An admin can reset a lost second factor.
	e.login("admin").post("/studio/users/"+i64(e.users["editor"].ID)+"/2fa-reset", nil)
	if r := e.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}); r.Header.Get("Location") != "/studio/" {
		t.Errorf("after a 2FA reset: %s", r.Header.Get("Location"))
	}
}

func TestRequiredTwoFactorForARole(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	if r := admin.post("/studio/settings/2fa", url.Values{"require_2fa": {"editor", "admin"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", r.StatusCode)
	}
	ed := e.login("editor")
	if r := ed.get("/studio/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/studio/account/2fa" {
		t.Fatalf("an editor without 2FA reaches the studio: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := ed.post("/studio/cases/new", caseForm()); r.StatusCode != http.StatusForbidden {
		t.Errorf("an editor without 2FA posts: %d", r.StatusCode)
	}
	if r := e.login("researcher").get("/studio/"); r.StatusCode != 200 {
		t.Errorf("a researcher is held: %d", r.StatusCode)
	}
	enrol(t, ed)
	if r := ed.get("/studio/"); r.StatusCode != 200 {
		t.Errorf("after enrolling: %d", r.StatusCode)
	}
	// A required second factor cannot be switched off by its owner.
	if r := ed.post("/studio/account/2fa/disable", url.Values{"current": {testPassword}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("switching off a required 2FA: %d", r.StatusCode)
	}
}

// TestSignInThrottle: five wrong passwords for an account from one address
// hold that account at that address, twenty hold the address; the owner
// elsewhere is not held (lockout_test.go has the rest of the rule).
func TestSignInThrottle(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	e.h.SetThrottleClock(func() time.Time { return now })
	c := e.client()
	for i := 0; i < 5; i++ {
		if r := c.post("/login", url.Values{"email": {"editor@example.org"}, "password": {"wrong password!"}}); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.StatusCode)
		}
	}
	// Now even the right password waits at this address, with
	// Retry-After.
	r := c.post("/login", url.Values{"email": {"EDITOR@example.org"}, "password": {testPassword}})
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("sixth attempt: %d", r.StatusCode)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 60 || s > 15*60+1 {
		t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	if r.doc(t).Find("#login-error").Length() == 0 {
		t.Error("no message on the page")
	}
	// Other accounts are not locked by it, nor is the account from
	// another address.
	if r := e.client().post("/login", url.Values{"email": {"lawyer@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("another account: %d", r.StatusCode)
	}
	if r := e.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}, "X-Forwarded-For", "198.51.100.20"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the account from another address: %d", r.StatusCode)
	}
	// An address without an account is throttled the same way, with the
	// same message: a 401 where others get 429 would tell it apart.
	c3 := e.client()
	for i := 0; i < 5; i++ {
		c3.post("/login", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password!"}})
	}
	r3 := c3.post("/login", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password!"}})
	if r3.StatusCode != http.StatusTooManyRequests || r3.Header.Get("Retry-After") == "" {
		t.Errorf("unknown account, sixth attempt: %d", r3.StatusCode)
	}
	if got, want := r3.doc(t).Find("#login-error").Text(), r.doc(t).Find("#login-error").Text(); got != want {
		t.Errorf("throttle messages differ: %q, %q", got, want)
	}
	now = now.Add(16 * time.Minute)
	if r := c.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after the window: %d", r.StatusCode)
	}
	// Per address: twenty failures over many accounts.
	e2 := newEnv(t)
	c2 := e2.client()
	for i := 0; i < 20; i++ {
		c2.post("/login", url.Values{"email": {"nobody" + strconv.Itoa(i) + "@example.org"}, "password": {"x"}})
	}
	if r := c2.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("address throttle: %d", r.StatusCode)
	}
}

func TestSessionTimeouts(t *testing.T) {
	e := newEnv(t)
	c := e.login("researcher")
	e.st.SetClock(func() time.Time { return time.Now().Add(90 * time.Minute) })
	if r := c.get("/studio/"); r.StatusCode != 200 {
		t.Fatalf("within the idle timeout: %d", r.StatusCode)
	}
	e.st.SetClock(func() time.Time { return time.Now().Add(90*time.Minute + 2*time.Hour + time.Minute) })
	if r := c.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("past the idle timeout: %d", r.StatusCode)
	}
	// The absolute lifetime ends even a busy session.
	e2 := newEnv(t)
	c2 := e2.login("researcher")
	for h := 1; h <= 13; h++ {
		at := time.Now().Add(time.Duration(h) * time.Hour)
		e2.st.SetClock(func() time.Time { return at })
		r := c2.get("/studio/")
		if h < 12 && r.StatusCode != 200 {
			t.Fatalf("hour %d: %d", h, r.StatusCode)
		}
		if h >= 12 && r.StatusCode != http.StatusSeeOther {
			t.Errorf("hour %d, past the lifetime: %d", h, r.StatusCode)
		}
	}
}

// TestSignInChangesTheSessionID: a session token obtained before signing in
// (planted in the browser by someone who has one, or the half-signed-in
// session between the password and the code) is not the one after, and is
// worthless afterwards.
func TestSignInChangesTheSessionID(t *testing.T) {
	e := newEnv(t)
	u, _ := url.Parse(e.srv.URL)
	token := func(c *client) string {
		for _, ck := range c.jar.Cookies(u) {
			if ck.Name == auth.CookieName {
				return ck.Value
			}
		}
		return ""
	}
	// The attacker signs in as themselves and plants the cookie.
	attacker := e.login("researcher")
	planted := token(attacker)
	victim := e.client()
	victim.jar.SetCookies(u, attacker.jar.Cookies(u))
	if r := victim.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("victim's sign-in: %d", r.StatusCode)
	}
	if got := token(victim); got == "" || got == planted {
		t.Fatalf("the session token did not change at sign-in")
	}
	if r := attacker.get("/studio/account"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the planted token still opens a session: %d", r.StatusCode)
	}
	if r := victim.get("/studio/"); r.StatusCode != 200 {
		t.Errorf("victim after sign-in: %d", r.StatusCode)
	}
	// With a second factor, the token changes again at the code.
	ed := e.login("editor")
	secret, _ := enrol(t, ed)
	c := e.client()
	c.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	halfway := token(c)
	thief := e.client()
	thief.jar.SetCookies(u, c.jar.Cookies(u))
	code, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if r := c.post("/login/2fa", url.Values{"code": {code}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("code: %d", r.StatusCode)
	}
	if got := token(c); got == "" || got == halfway {
		t.Fatalf("the session token did not change at the second factor")
	}
	if r := thief.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the half-way token opens the studio: %d", r.StatusCode)
	}
	if r := thief.get("/login/2fa"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Errorf("the half-way token still owes a code: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestSecureDeploymentHeadersAndCookies(t *testing.T) {
	plain := newEnv(t)
	r := plain.client().get("/en/")
	if r.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain HTTP without --secure-cookies")
	}
	csp := r.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "default-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %s", want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows unsafe: %s", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
		if r.Header.Get(h) != want {
			t.Errorf("%s: %q", h, r.Header.Get(h))
		}
	}
	if r.Header.Get("Permissions-Policy") == "" {
		t.Error("no Permissions-Policy")
	}
	secure := newEnvSecure(t)
	r = secure.client().get("/en/")
	if !strings.Contains(r.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Error("no HSTS with --secure-cookies")
	}
	lr := secure.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	cookie := lr.Header.Get("Set-Cookie")
	for _, want := range []string{"Secure", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie lacks %s: %s", want, cookie)
		}
	}
}

func TestAccessLogAddressesOnlyWhenTurnedOn(t *testing.T) {
	for _, on := range []bool{false, true} {
		e := newEnv(t, handlers.WithLogAddresses(on))
		e.publish(caseForm())
		before := len(e.logs.String())
		c := e.client()
		// Each twice, for the routed answer and the cached one; with a
		// proxy's header too, which must not reach the log either.
		for _, p := range []string{"/en/cases", "/en/cases", "/en/cases/aleksandr-akimushkin", "/en/cases/aleksandr-akimushkin", "/en/cases/nope", "/sitemap.xml", "/sitemap.xml"} {
			c.get(p, "X-Forwarded-For", "203.0.113.7", "X-Real-Ip", "203.0.113.8")
		}
		logs := e.logs.String()[before:]
		if strings.Count(logs, "msg=http") < 7 || !strings.Contains(logs, "cache=hit") {
			t.Fatalf("the requests are not all logged:\n%s", logs)
		}
		got := strings.Contains(logs, "127.0.0.1")
		if got != on {
			t.Errorf("log addresses %v: address in the log %v\n%s", on, got, logs)
		}
		if !on && (strings.Contains(logs, "203.0.113.") || strings.Contains(logs, "addr=")) {
			t.Errorf("a forwarded address reached the log:\n%s", logs)
		}
	}
}

// TestAccessLogBehindATrustedProxy: with addresses turned on behind a
// trusted proxy, the routed and the cached answers both log the client's
// address from X-Forwarded-For, never the proxy's.
func TestAccessLogBehindATrustedProxy(t *testing.T) {
	e := newEnv(t, handlers.WithLogAddresses(true), handlers.WithTrustProxy(true))
	e.publish(caseForm())
	before := len(e.logs.String())
	c := e.client()
	for range 2 {
		c.get("/en/cases/aleksandr-akimushkin", "X-Forwarded-For", "203.0.113.7")
	}
	lines := 0
	for _, line := range strings.Split(e.logs.String()[before:], "\n") {
		if !strings.Contains(line, "msg=http") {
			continue
		}
		lines++
		if !strings.Contains(line, "addr=203.0.113.7") || strings.Contains(line, "127.0.0.1") {
			t.Errorf("a line names the proxy, not the client: %s", line)
		}
	}
	if lines != 2 || !strings.Contains(e.logs.String(), "cache=hit") {
		t.Fatalf("%d lines, want the routed one and the cached one", lines)
	}
}

var _ = auth.CookieName
var _ = store.TokenTTL

func TestStudioFollowsThePersonsLanguage(t *testing.T) {
	e := newEnv(t)
	c := e.login("lawyer")
	if got := c.get("/studio/").doc(t).Find("html").AttrOr("lang", ""); got != "ru" {
		t.Fatalf("default studio language %q", got)
	}
	if r := c.post("/studio/account/lang", url.Values{"lang": {"en"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set language: %d", r.StatusCode)
	}
	d := c.get("/studio/", "Accept-Language", "ru").doc(t)
	if d.Find("html").AttrOr("lang", "") != "en" || !strings.Contains(d.Find("h1").Text(), "Cases") {
		t.Errorf("studio after choosing English: %q", d.Find("h1").Text())
	}
	if r := c.post("/studio/account/lang", url.Values{"lang": {"de"}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown language: %d", r.StatusCode)
	}
}
