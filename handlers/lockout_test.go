package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"casebook/auth"
	"casebook/password"
)

// The sign-in limits (SECURITY.md): brute force is stopped by address,
// by account and address, and by account; none of them keeps the owner
// out. The test server sets no IPExtractor, so Echo takes the client
// address from X-Forwarded-For, and each attacker below has its own.

const wrongPassword = "wrong password!"

func from(addr string) []string { return []string{"X-Forwarded-For", addr} }

// signIn posts the sign-in form from addr ("" for the test's own).
func (c *client) signIn(email, pw, addr string, extra ...string) *response {
	c.e.t.Helper()
	form := url.Values{"email": {email}, "password": {pw}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	if addr == "" {
		return c.post("/login", form)
	}
	return c.post("/login", form, from(addr)...)
}

// spray fails n times for email, each time from a new browser at an
// address of its own: a distributed attack.
func (e *env) spray(email string, n int) {
	e.t.Helper()
	for i := 0; i < n; i++ {
		if r := e.client().signIn(email, wrongPassword, "203.0.113."+strconv.Itoa(100+i)); r.StatusCode != http.StatusUnauthorized {
			e.t.Fatalf("attacker %d: %d", i, r.StatusCode)
		}
	}
}

// countHashes counts the password hashes the server computes from now on
// (password.Verify hashes exactly when it returns no error).
func (e *env) countHashes() *atomic.Int64 {
	var n atomic.Int64
	e.st.SetPasswordCheck(func(encoded, pw string) (bool, error) {
		ok, err := password.Verify(encoded, pw)
		if err == nil {
			n.Add(1)
		}
		return ok, err
	})
	return &n
}

// freeze stops the throttles' clock, so that the minutes a page shows do
// not change between two answers.
func (e *env) freeze() {
	now := time.Now()
	e.h.SetThrottleClock(func() time.Time { return now })
}

// refused fails unless r is a 429 with a sensible Retry-After and a
// message on the page.
func refused(t *testing.T, what string, r *response) {
	t.Helper()
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("%s: %d, want 429", what, r.StatusCode)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 15*60+1 {
		t.Errorf("%s: Retry-After %q", what, r.Header.Get("Retry-After"))
	}
	if r.doc(t).Find("#login-error").Text() == "" {
		t.Errorf("%s: no message on the page", what)
	}
}

func signedIn(t *testing.T, what string, c *client, r *response) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/studio/" {
		t.Fatalf("%s: %d %s, want 303 to /studio/", what, r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get("/studio/"); r.StatusCode != http.StatusOK {
		t.Fatalf("%s: the studio answers %d", what, r.StatusCode)
	}
}

// deviceOf is the device cookie a client holds, or nil.
func (c *client) deviceOf() *http.Cookie {
	u, _ := url.Parse(c.e.srv.URL + "/login")
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == auth.DeviceCookieName {
			return ck
		}
	}
	return nil
}

// TestLockoutOneAddressOneAccount: five wrong passwords for an account
// from one address, and the sixth waits even with the right password,
// without any hashing; the owner at another address signs in at once.
func TestLockoutOneAddressOneAccount(t *testing.T) {
	e := newEnv(t)
	attacker := e.client()
	for i := 0; i < 5; i++ {
		if r := attacker.signIn("editor@example.org", wrongPassword, "203.0.113.7"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.StatusCode)
		}
	}
	hashes := e.countHashes()
	r := attacker.signIn("editor@example.org", testPassword, "203.0.113.7")
	refused(t, "sixth attempt", r)
	if n := hashes.Load(); n != 0 {
		t.Errorf("a refused attempt computed %d hashes", n)
	}
	// A new browser at the same address is the same attacker.
	refused(t, "a new browser at the address", e.client().signIn("editor@example.org", testPassword, "203.0.113.7"))
	owner := e.client()
	signedIn(t, "the owner at another address", owner, owner.signIn("editor@example.org", testPassword, "198.51.100.1"))
	if hashes.Load() != 1 {
		t.Errorf("%d hashes in all, want 1 (the owner's)", hashes.Load())
	}
	// The owner signing in does not forgive the attacker.
	refused(t, "the attacker after the owner", attacker.signIn("editor@example.org", testPassword, "203.0.113.7"))
	// The log says which limit held, never the address.
	if logs := e.logs.String(); !strings.Contains(logs, "sign-in throttled") || !strings.Contains(logs, "limit=account+address") || strings.Contains(logs, "203.0.113.") {
		t.Errorf("log:\n%s", logs)
	}
}

// TestLockoutOneAddressManyAccounts: twenty failures from one address,
// over any accounts, and the address waits for every account.
func TestLockoutOneAddressManyAccounts(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for i := 0; i < 20; i++ {
		if r := c.signIn("nobody"+strconv.Itoa(i)+"@example.org", wrongPassword, "203.0.113.8"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.StatusCode)
		}
	}
	hashes := e.countHashes()
	refused(t, "21st attempt", c.signIn("lawyer@example.org", testPassword, "203.0.113.8"))
	if hashes.Load() != 0 {
		t.Errorf("a refused attempt computed %d hashes", hashes.Load())
	}
	other := e.client()
	signedIn(t, "another address", other, other.signIn("lawyer@example.org", testPassword, "198.51.100.1"))
}

// TestLockoutDistributed: ten wrong passwords from ten addresses lock the
// account for every browser it has not been used in, without hashing; the
// owner's browser that signed in before gets in at once, untouched by
// them. A device cookie counts only for its own account, and nothing
// else the server signs passes for one.
func TestLockoutDistributed(t *testing.T) {
	e := newEnv(t)
	e.freeze()
	owner := e.login("editor")
	if owner.deviceOf() == nil {
		t.Fatal("no device cookie after signing in")
	}
	session := func() string {
		u, _ := url.Parse(e.srv.URL)
		for _, ck := range owner.jar.Cookies(u) {
			if ck.Name == auth.CookieName {
				return ck.Value
			}
		}
		t.Fatal("no session cookie")
		return ""
	}()
	if r := owner.post("/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	e.spray("editor@example.org", 10)
	hashes := e.countHashes()
	r := e.client().signIn("editor@example.org", testPassword, "198.51.100.1")
	refused(t, "a new browser with the right password", r)
	d := r.doc(t)
	if hashes.Load() != 0 {
		t.Errorf("a refused attempt computed %d hashes", hashes.Load())
	}
	if d.Find(`input#code[name="code"][autocomplete="one-time-code"]`).Length() != 1 || d.Find(`label[for="code"]`).Text() == "" {
		t.Error("the lock page does not ask for the second factor")
	}
	if msg := d.Find("#login-error").Text(); !strings.Contains(msg, " 15 ") && !strings.Contains(msg, " 16 ") {
		t.Errorf("lock message %q", d.Find("#login-error").Text())
	}
	// The same page for an address without an account: it tells nothing.
	e.spray("nobody@example.org", 10)
	r2 := e.client().signIn("nobody@example.org", testPassword, "198.51.100.1")
	refused(t, "an unknown account", r2)
	if got, want := strings.ReplaceAll(r2.body, "nobody@", "editor@"), r.body; got != want {
		t.Error("the lock page of an unknown account differs from a real one's")
	}

	// The owner's browser.
	hashes = e.countHashes()
	signedIn(t, "the owner's browser", owner, owner.signIn("editor@example.org", testPassword, "198.51.100.2"))
	if hashes.Load() != 1 {
		t.Errorf("%d hashes, want 1", hashes.Load())
	}
	// Still locked for everyone else: the owner did not reset the count.
	refused(t, "a new browser after the owner", e.client().signIn("editor@example.org", testPassword, "198.51.100.3"))

	// A device cookie of another account trusts nothing here.
	lawyerBrowser := e.login("lawyer")
	e.spray("researcher@example.org", 10)
	lawyerBrowser.post("/logout", nil)
	refused(t, "another account's device cookie", lawyerBrowser.signIn("researcher@example.org", testPassword, "198.51.100.4"))
	// A session cookie's value under the device cookie's name.
	forged := e.client()
	u, _ := url.Parse(e.srv.URL + "/login")
	forged.jar.SetCookies(u, []*http.Cookie{{Name: auth.DeviceCookieName, Value: session, Path: "/login"}})
	refused(t, "a session cookie as a device cookie", forged.signIn("editor@example.org", testPassword, "198.51.100.5"))
	// A tampered device cookie.
	dc := owner.deviceOf().Value
	forged2 := e.client()
	forged2.jar.SetCookies(u, []*http.Cookie{{Name: auth.DeviceCookieName, Value: dc[:len(dc)-4] + "AAAA", Path: "/login"}})
	refused(t, "a tampered device cookie", forged2.signIn("editor@example.org", testPassword, "198.51.100.6"))

	// After the window, everyone again.
	later := time.Now().Add(16 * time.Minute)
	e.h.SetThrottleClock(func() time.Time { return later })
	fresh := e.client()
	signedIn(t, "a new browser after the window", fresh, fresh.signIn("editor@example.org", testPassword, "198.51.100.7"))
}

// TestLockoutPasswordAndCode: during a distributed lock, a new browser of
// an account with a second factor gets in with the password and a code
// together; a wrong password or a wrong code gets the same lock page, so
// the form cannot be used to guess either, nor to go round the code
// step's own limit.
func TestLockoutPasswordAndCode(t *testing.T) {
	e := newEnv(t)
	e.freeze()
	secret, codes := enrol(t, e.login("editor"))
	e.spray("editor@example.org", 10)
	code, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	hashes := e.countHashes()

	wrongCode := e.client().signIn("editor@example.org", testPassword, "203.0.113.50", "code", "000000")
	refused(t, "right password, wrong code", wrongCode)
	wrongPw := e.client().signIn("editor@example.org", wrongPassword, "203.0.113.51", "code", code)
	refused(t, "wrong password, right code", wrongPw)
	if wrongCode.body != wrongPw.body || wrongCode.Header.Get("Retry-After") != wrongPw.Header.Get("Retry-After") {
		t.Error("the lock page tells a wrong code from a wrong password")
	}
	if hashes.Load() != 2 {
		t.Errorf("%d hashes for two combined attempts", hashes.Load())
	}
	// An account without a second factor cannot be opened this way, and
	// the page is the same again.
	e.spray("lawyer@example.org", 10)
	noTOTP := e.client().signIn("lawyer@example.org", testPassword, "203.0.113.52", "code", "123456")
	refused(t, "an account without a second factor", noTOTP)
	if strings.ReplaceAll(noTOTP.body, "lawyer@", "editor@") != wrongCode.body {
		t.Error("the lock page tells an account without a second factor apart")
	}

	// The owner, on a browser never used for the account.
	owner := e.client()
	r := owner.signIn("editor@example.org", testPassword, "198.51.100.1")
	refused(t, "the owner without a code", r)
	signedIn(t, "the owner with password and code", owner, owner.signIn("editor@example.org", testPassword, "198.51.100.1", "code", code))
	if owner.deviceOf() == nil {
		t.Error("no device cookie after signing in with the code")
	}
	// That browser is known from now on: the password step lets it by,
	// and the code step follows as usual.
	owner.post("/logout", nil)
	if r := owner.signIn("editor@example.org", testPassword, "198.51.100.1"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login/2fa" {
		t.Fatalf("the known browser's password step: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	// A recovery code works in the combined form too.
	other := e.client()
	signedIn(t, "a recovery code with the password", other, other.signIn("editor@example.org", testPassword, "198.51.100.9", "code", codes[0]))
	// A code sent when the account is not locked is ignored: the code
	// step asks for it.
	if r := e.client().signIn("lawyer@example.org", testPassword, "", "code", "123456"); r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("lawyer still locked: %d", r.StatusCode)
	}
	if r := e.client().signIn("admin@example.org", testPassword, "198.51.100.10", "code", "000000"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a code with the password of an account that is not locked: %d", r.StatusCode)
	}

	// Someone who has the password and guesses codes in this form meets
	// the code step's limit: five wrong codes, then even the right one
	// waits (the page is still the same).
	e2 := newEnv(t)
	e2.freeze()
	secret2, _ := enrol(t, e2.login("editor"))
	e2.spray("editor@example.org", 10)
	for i := 0; i < 5; i++ {
		refused(t, "guessing codes", e2.client().signIn("editor@example.org", testPassword, "203.0.113."+strconv.Itoa(60+i), "code", "00000"+strconv.Itoa(i)))
	}
	next, _ := totp.GenerateCode(secret2, time.Now().Add(30*time.Second))
	late := e2.client()
	refused(t, "the right code after five wrong ones", late.signIn("editor@example.org", testPassword, "203.0.113.70", "code", next))
	if r := late.get("/studio/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("signed in past the code limit: %d", r.StatusCode)
	}
}

// TestLockoutStolenDevice: a copy of the owner's device cookie gets five
// tries, then that browser waits; its failures count against it alone.
func TestLockoutStolenDevice(t *testing.T) {
	e := newEnv(t)
	owner := e.login("editor")
	thief := e.client()
	u, _ := url.Parse(e.srv.URL + "/login")
	thief.jar.SetCookies(u, []*http.Cookie{owner.deviceOf()})
	for i := 0; i < 5; i++ {
		// From a new address each time: addresses do not matter to a
		// trusted browser.
		if r := thief.signIn("editor@example.org", wrongPassword, "203.0.113."+strconv.Itoa(i+1)); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.StatusCode)
		}
	}
	hashes := e.countHashes()
	refused(t, "the stolen device, sixth attempt", thief.signIn("editor@example.org", testPassword, "203.0.113.9"))
	if hashes.Load() != 0 {
		t.Errorf("%d hashes", hashes.Load())
	}
	// The account, the pair and the address were not counted: five
	// more failures elsewhere leave the account below its limit of ten.
	e.spray("editor@example.org", 5)
	fresh := e.client()
	signedIn(t, "a new browser at the thief's first address", fresh, fresh.signIn("editor@example.org", testPassword, "203.0.113.1"))
}

// TestLockoutResetLinkTrustsTheBrowser: an administrator's reset link is
// the way in for an account without a second factor during a distributed
// lock: the browser that sets the password is known to the account.
func TestLockoutResetLinkTrustsTheBrowser(t *testing.T) {
	e := newEnv(t)
	e.spray("lawyer@example.org", 10)
	m := linkPattern.FindStringSubmatch(e.login("admin").post("/studio/users/"+i64(e.users["lawyer"].ID)+"/reset", nil).body)
	if m == nil {
		t.Fatal("no reset link")
	}
	owner := e.client()
	r := owner.post("/password", url.Values{"token": {m[1]}, "new": {"a long new password"}, "repeat": {"a long new password"}}, from("198.51.100.1")...)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d", r.StatusCode)
	}
	var device *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == auth.DeviceCookieName {
			device = ck
		}
	}
	if device == nil || device.Path != "/login" || !device.HttpOnly || device.SameSite != http.SameSiteStrictMode {
		t.Fatalf("device cookie from the reset link: %+v", device)
	}
	signedIn(t, "the browser that used the link", owner, owner.signIn("lawyer@example.org", "a long new password", "198.51.100.1"))
	refused(t, "another new browser", e.client().signIn("lawyer@example.org", "a long new password", "198.51.100.2"))
}

// TestLockoutCodeStepKeepsTheOwnersBrowser: someone who has the password
// fails the code five times; browsers the account has not been used in
// wait, the owner's usual browser does not.
func TestLockoutCodeStepKeepsTheOwnersBrowser(t *testing.T) {
	e := newEnv(t)
	owner := e.login("editor")
	secret, _ := enrol(t, owner)
	owner.post("/logout", nil)
	phisher := e.client()
	if r := phisher.signIn("editor@example.org", testPassword, "203.0.113.1"); r.Header.Get("Location") != "/login/2fa" {
		t.Fatalf("password step: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	for i := 0; i < 5; i++ {
		if r := phisher.post("/login/2fa", url.Values{"code": {"00000" + strconv.Itoa(i)}}, from("203.0.113.1")...); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d", i, r.StatusCode)
		}
	}
	code, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	refused(t, "the phisher's sixth code", phisher.post("/login/2fa", url.Values{"code": {code}}, from("203.0.113.1")...))
	if r := owner.signIn("editor@example.org", testPassword, "198.51.100.1"); r.Header.Get("Location") != "/login/2fa" {
		t.Fatalf("owner's password step: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	signedIn(t, "the owner's code", owner, owner.post("/login/2fa", url.Values{"code": {code}}, from("198.51.100.1")...))
	// The owner's usual browser has five tries of its own.
	owner.post("/logout", nil)
	owner.signIn("editor@example.org", testPassword, "198.51.100.1")
	for i := 0; i < 5; i++ {
		if r := owner.post("/login/2fa", url.Values{"code": {"11111" + strconv.Itoa(i)}}); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("owner's wrong code %d: %d", i, r.StatusCode)
		}
	}
	refused(t, "the owner's sixth code", owner.post("/login/2fa", url.Values{"code": {"123456"}}))
}

// TestDeviceCookieStaysOnTheSignInPages: the device cookie reaches the
// sign-in pages and nothing else (the public site stays free of cookies),
// cannot be read by scripts, is not sent from other sites, and is Secure
// exactly when the session cookie is.
func TestDeviceCookieStaysOnTheSignInPages(t *testing.T) {
	e := newEnv(t)
	r := e.client().signIn("editor@example.org", testPassword, "")
	var device *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == auth.DeviceCookieName {
			device = ck
		}
	}
	if device == nil {
		t.Fatal("no device cookie after signing in")
	}
	if device.Path != "/login" || !device.HttpOnly || device.SameSite != http.SameSiteStrictMode || device.Secure || device.MaxAge != 30*24*3600 {
		t.Errorf("device cookie %+v", device)
	}
	c := e.login("editor")
	for path, want := range map[string]bool{"/login": true, "/login/2fa": true, "/": false, "/en/": false, "/en/cases": false, "/studio/": false, "/api/v1/cases": false, "/password": false} {
		u, _ := url.Parse(e.srv.URL + path)
		got := false
		for _, ck := range c.jar.Cookies(u) {
			got = got || ck.Name == auth.DeviceCookieName
		}
		if got != want {
			t.Errorf("device cookie sent to %s: %v", path, got)
		}
	}
	secure := newEnvSecure(t)
	r = secure.client().signIn("editor@example.org", testPassword, "")
	for _, sc := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(sc, auth.DeviceCookieName+"=") && (!strings.Contains(sc, "Secure") || !strings.Contains(sc, "SameSite=Strict") || !strings.Contains(sc, "HttpOnly")) {
			t.Errorf("device cookie behind TLS: %s", sc)
		}
	}
	if len(r.Header.Values("Set-Cookie")) != 2 {
		t.Errorf("cookies at sign-in: %v", r.Header.Values("Set-Cookie"))
	}
}

// TestBrowserOwnerSignsInDuringALockout: in a real browser, the owner
// signs in and out; an attacker then fails ten times from ten addresses;
// a new browser meets the lock page, and the owner's browser signs in
// again and reaches the dashboard.
func TestBrowserOwnerSignsInDuringALockout(t *testing.T) {
	e := newEnv(t)
	b := browser(t)
	owner := person(t, b)
	e.browserLogin(t, owner, "editor")
	must(t, owner,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.ID("email")),
	)
	cookies, err := chromedp.Run(owner, chromedp.Evaluate[string]("document.cookie"))
	if err != nil || strings.Contains(cookies, auth.DeviceCookieName) {
		t.Errorf("a script on the sign-in page reads %q (%v)", cookies, err)
	}
	e.spray("editor@example.org", 10)

	stranger := person(t, b)
	must(t, stranger,
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), "editor@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`.login button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("code")),
	)
	if text(t, stranger, "#login-error") == "" {
		t.Error("the lock page has no message")
	}

	e.browserLogin(t, owner, "editor")
	loc, err := chromedp.Run(owner, chromedp.Location())
	if err != nil || loc != e.srv.URL+"/studio/" {
		t.Errorf("the owner is at %q (%v)", loc, err)
	}
}
