package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

// weakPasswords are refused wherever a password is set, each with the
// reason a person reads beside the field. anna@example.org, Anna
// Researcher, is whose password it is.
var weakPasswords = []struct{ pw, key string }{
	{"password123", "error.password_common"},
	{"correct horse battery staple", "error.password_common"},
	{"anna.researcher2024", "error.password_personal"},
	{"Spring2024!", "error.password_guessable"},
	{"Xk9#mP2", "error.password_short"},
}

// strongPassphrase is the kind of password the refusals advise: several
// unrelated words, with spaces, no digits.
const strongPassphrase = "thistle barometer lagoon ferret"

// refusedBeside checks a refusal on a page: 422, the reason in the
// person's language beside the new-password field and tied to it, and no
// password sent back.
func refusedBeside(t *testing.T, r *response, pw, key string, lang string) {
	t.Helper()
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("%q: %d", pw, r.StatusCode)
		return
	}
	d := r.doc(t)
	want := i18n.New().Printer(content.Lang(lang)).T(key)
	if got := strings.TrimSpace(d.Find("#new-error").Text()); got != want {
		t.Errorf("%q: beside the field %q, want %q", pw, got, want)
	}
	if d := d.Find("#new"); d.AttrOr("aria-invalid", "") != "true" || !strings.Contains(d.AttrOr("aria-describedby", ""), "new-error") {
		t.Errorf("%q: the field is not tied to its error", pw)
	}
	if strings.Contains(r.body, `value="`+pw+`"`) {
		t.Errorf("%q is sent back in the page", pw)
	}
}

// TestPasswordRuleOnTheSetPasswordPage: the page of an invitation (and
// of a reset link, the same page) refuses each weak password with its
// reason, in the language of the person's browser, and leaves the link
// and the account as they were; a passphrase with spaces is set.
func TestPasswordRuleOnTheSetPasswordPage(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	r := admin.post("/studio/users", url.Values{"email": {"anna@example.org"}, "name": {"Anna Researcher"}, "role": {"researcher"}})
	m := linkPattern.FindStringSubmatch(r.doc(t).Find("#one-time-link").Text())
	if m == nil {
		t.Fatalf("no link: %d", r.StatusCode)
	}
	token := m[1]
	visitor := e.client()
	if hint := visitor.get("/password?token="+token, "Accept-Language", "en").doc(t).Find("#new-hint").Text(); !strings.Contains(hint, "phrase of several unrelated words") {
		t.Errorf("no rule beside the field: %q", hint)
	}
	for _, lang := range []string{"en", "ru"} {
		for _, w := range weakPasswords {
			r := visitor.post("/password", url.Values{"token": {token}, "new": {w.pw}, "repeat": {w.pw}}, "Accept-Language", lang)
			refusedBeside(t, r, w.pw, w.key, lang)
		}
	}
	// Nothing changed: the link still works and the account has no
	// password yet.
	if r := visitor.get("/password?token=" + token); r.StatusCode != 200 {
		t.Fatalf("a refusal spent the link: %d", r.StatusCode)
	}
	if u, _ := e.st.UserByEmail(context.Background(), "anna@example.org"); !u.NoPassword {
		t.Fatal("a refused password was set")
	}
	r = visitor.post("/password", url.Values{"token": {token}, "new": {strongPassphrase}, "repeat": {strongPassphrase}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a passphrase with spaces: %d\n%s", r.StatusCode, r.doc(t).Find("#new-error").Text())
	}
	if r := e.client().post("/login", url.Values{"email": {"anna@example.org"}, "password": {strongPassphrase}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the passphrase: %d", r.StatusCode)
	}
}

// TestPasswordRuleOnTheAccountPage: changing one's own password refuses
// the same passwords, beside the new-password field, in the language the
// person chose; the old password keeps working.
func TestPasswordRuleOnTheAccountPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	anna, err := e.st.CreateUser(ctx, nil, store.NewUser{Email: "anna@example.org", Name: "Anna Researcher", Role: "researcher", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	c := e.client()
	if r := c.post("/login", url.Values{"email": {"anna@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	if hint := c.get("/studio/account").doc(t).Find("#new-hint").Text(); hint == "" {
		t.Error("no rule beside the field")
	}
	for _, lang := range []string{"ru", "en"} {
		if err := e.st.SetLang(ctx, anna, lang); err != nil {
			t.Fatal(err)
		}
		for _, w := range weakPasswords {
			r := c.post("/studio/account/password", url.Values{"current": {testPassword}, "new": {w.pw}, "repeat": {w.pw}})
			refusedBeside(t, r, w.pw, w.key, lang)
		}
	}
	if r := e.client().post("/login", url.Values{"email": {"anna@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the old password no longer works after refusals: %d", r.StatusCode)
	}
	r := c.post("/studio/account/password", url.Values{"current": {testPassword}, "new": {strongPassphrase}, "repeat": {strongPassphrase}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a passphrase with spaces: %d %s", r.StatusCode, r.doc(t).Find(".field-error").Text())
	}
	if r := e.client().post("/login", url.Values{"email": {"anna@example.org"}, "password": {strongPassphrase}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the new passphrase: %d", r.StatusCode)
	}
}

// TestSettingsRecommendTwoFactor: while editors or admins may sign in
// with a password alone (an installation older than the requirement, or
// a team that lifted it), the settings page recommends requiring it.
func TestSettingsRecommendTwoFactor(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	if admin.get("/studio/settings").doc(t).Find("#require-2fa-advice").Length() != 1 {
		t.Error("no recommendation while nobody must use a second factor")
	}
	admin.post("/studio/settings/2fa", url.Values{"require_2fa": {"editor"}})
	if admin.get("/studio/settings").doc(t).Find("#require-2fa-advice").Length() != 1 {
		t.Error("no recommendation while admins may sign in with a password alone")
	}
	admin.post("/studio/settings/2fa", url.Values{"require_2fa": {"editor", "admin"}})
	enrol(t, admin)
	if admin.get("/studio/settings").doc(t).Find("#require-2fa-advice").Length() != 0 {
		t.Error("a recommendation of what is already required")
	}
}

// newInstall is Casebook as it starts for a new team: a new database and
// its first administrator, made as `casebook user add` makes one.
func newInstall(t *testing.T) *env {
	t.Helper()
	e := newBareEnv(t)
	u, err := e.st.CreateUser(context.Background(), nil, store.NewUser{Email: "first.admin@example.org", Name: "First Admin", Role: "admin", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	e.users["admin"] = u
	return e
}

// TestNewInstallRequiresTwoFactor: a new installation requires the
// second factor of editors and admins, and not of the others.
func TestNewInstallRequiresTwoFactor(t *testing.T) {
	e := newInstall(t)
	required, err := e.st.Required2FA(context.Background())
	if err != nil || !slices.Equal(required, []workflow.Role{workflow.Editor, workflow.Admin}) {
		t.Fatalf("a new installation requires %v (%v)", required, err)
	}
	c := e.client()
	r := c.post("/login", url.Values{"email": {"first.admin@example.org"}, "password": {testPassword}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	if r := c.get(r.Header.Get("Location")); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/studio/account/2fa" {
		t.Fatalf("the first sign-in does not lead to enrolment: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get("/studio/settings"); r.Header.Get("Location") != "/studio/account/2fa" {
		t.Errorf("the settings are reachable without a second factor: %d", r.StatusCode)
	}
	for _, role := range []string{"researcher", "lawyer"} {
		if _, err := e.st.CreateUser(context.Background(), nil, store.NewUser{Email: role + "@example.org", Role: role, Password: testPassword}); err != nil {
			t.Fatal(err)
		}
		if r := e.login(role).get("/studio/"); r.StatusCode != 200 {
			t.Errorf("a %s is held: %d", role, r.StatusCode)
		}
	}
}

// secretGroups is how the enrolment page writes the secret: groups of
// four letters and digits, to be typed by hand.
var secretGroups = regexp.MustCompile(`^[A-Z2-7]{4}( [A-Z2-7]{4})* ?[A-Z2-7]{0,4}$`)

// TestBrowserNewInstallAdminEnrols is a new team's first administrator in
// Chromium: they sign in and land on the enrolment page, where the secret
// stands as text beside the QR code, grouped to be typed by hand; they
// confirm with their password and a code, keep their recovery codes and
// reach the dashboard.
func TestBrowserNewInstallAdminEnrols(t *testing.T) {
	e := newInstall(t)
	ctx := person(t, browser(t))
	must(t, ctx,
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), "first.admin@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`.login button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("totp-secret")),
	)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/studio/account/2fa") {
		t.Fatalf("after the first sign-in: %s %v", loc, err)
	}
	if text(t, ctx, "#enrol-required") == "" {
		t.Error("the page does not say why")
	}
	secret := text(t, ctx, "#totp-secret")
	if !secretGroups.MatchString(secret) || len(strings.ReplaceAll(secret, " ", "")) < 16 {
		t.Errorf("the secret as text: %q", secret)
	}
	// The QR code and the secret stand together, and the image loaded.
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => { const i = document.querySelector("img.qr"); await i.decode(); return i.naturalWidth > 0 && i.closest("li").contains(document.getElementById("totp-secret")); })()`, chromedp.EvalAwaitPromise))
	if err != nil || !loaded {
		t.Error("no QR code beside the secret")
	}
	code, err := totp.GenerateCode(strings.ReplaceAll(secret, " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	must(t, ctx,
		chromedp.SendKeys(chromedp.ID("current"), testPassword),
		chromedp.SendKeys(chromedp.ID("code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/studio/account/2fa"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("recovery-codes")),
		chromedp.Click(chromedp.CSS(`a.button[href="/studio/"]`)),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/studio/") {
		t.Fatalf("after enrolling: %s", loc)
	}
	if u, _ := e.st.UserByEmail(context.Background(), "first.admin@example.org"); !u.TOTP {
		t.Error("the second factor is not on")
	}
}
