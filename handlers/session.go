package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"casebook/auth"
	"casebook/errs"
	"casebook/store"
	"casebook/views"
)

const (
	userKey    = "user"
	sessionKey = "session"
	flashKey   = "flash"
	// flashArgs fills the flash message's verbs, already in the person's
	// language.
	flashArgs = "flash_args"
)

func (h *Handler) session(c echo.Context) (*sessions.Session, error) {
	return h.sess.Get(c.Request(), auth.CookieName)
}

// currentUser returns the signed-in, enabled user of the request, or nil.
func (h *Handler) currentUser(c echo.Context) (*store.User, *sessions.Session, error) {
	if _, err := c.Cookie(auth.CookieName); err != nil {
		return nil, nil, nil
	}
	s, err := h.session(c)
	if err != nil {
		return nil, nil, err
	}
	uid, ok := s.Values[auth.UserKey].(int64)
	if !ok || uid == 0 {
		return nil, s, nil
	}
	u, err := h.st.UserByID(c.Request().Context(), uid)
	if errs.Is(err, errs.KindNotFound) {
		return nil, s, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, s, nil
	}
	return u, s, nil
}

// requireUser guards the studio: no session, no page. Studio answers are
// never cached and never indexed, since they hold unpublished drafts.
func (h *Handler) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		hd := c.Response().Header()
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Robots-Tag", "noindex, nofollow")
		u, s, err := h.currentUser(c)
		if err != nil {
			return err
		}
		if u == nil {
			if c.Request().Method == http.MethodGet || c.Request().Method == http.MethodHead {
				return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
			}
			return h.keepForm(c, s)
		}
		c.Set(userKey, u)
		c.Set(sessionKey, s)
		if !strings.HasPrefix(c.Path(), "/studio/account/2fa") {
			held, err := h.confined(c.Request().Context(), u)
			if err != nil {
				return err
			}
			if held {
				if c.Request().Method == http.MethodGet || c.Request().Method == http.MethodHead {
					return c.Redirect(http.StatusSeeOther, "/studio/account/2fa")
				}
				return errs.Forbidden("account.2fa_required")
			}
		}
		return next(c)
	}
}

// confined says whether u, signed in, is held to the enrolment page: a
// role that must use a second factor gets nothing else until it has one.
// Every route that serves signed-in users more than visitors asks it (the
// studio, draft photos), so that a phished password alone opens none.
func (h *Handler) confined(ctx context.Context, u *store.User) (bool, error) {
	if u.TOTP {
		return false, nil
	}
	required, err := h.st.Required2FA(ctx)
	if err != nil {
		return false, err
	}
	return slices.Contains(required, u.Role), nil
}

func userOf(c echo.Context) *store.User { return c.Get(userKey).(*store.User) }

// keepForm handles a form that arrives without a live session; nothing
// typed is lost to a session that ended. When it ended by time, the
// server knows whose it was: the form is kept for that account, which
// finds it again after signing in. Otherwise nobody known sent it, and
// nothing is written: the answer (401) is a sign-in form on the same page
// that carries what was sent in hidden fields, and signing in there puts
// it back into the form. A button press that is not worth keeping (a
// workflow step, a setting) is said not to have happened, and signing in
// leads back to its page to press it again.
func (h *Handler) keepForm(c echo.Context, s *sessions.Session) error {
	var uid int64
	if s != nil {
		uid, _ = s.Values[auth.ExpiredUserKey].(int64)
	}
	p := h.printer(c)
	r := c.Request()
	back := restorePath(r.URL.Path)
	if back == "" {
		return h.loginPage(c, http.StatusUnauthorized, views.LoginPage{Next: pageOf(c.Echo(), r.URL.EscapedPath()),
			Notice: p.T("login.ended_not_done")})
	}
	// The route's own body limit has not run yet: this is its group's
	// middleware.
	r.Body = http.MaxBytesReader(c.Response(), r.Body, 64<<20)
	form, file, err := readFormText(r, formTextLimit)
	if err != nil {
		return h.loginPage(c, http.StatusUnauthorized, views.LoginPage{Next: back, Notice: p.T("login.ended_too_large")})
	}
	if uid != 0 {
		if err := h.st.SavePending(r.Context(), uid, back, form); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/login?kept=1&next="+url.QueryEscape(back))
	}
	vm := (&keptForm{to: r.URL.Path, form: form}).carry(views.LoginPage{Notice: p.T("login.ended_kept")})
	if file {
		vm.Notice += " " + p.T("login.ended_file")
	}
	return h.loginPage(c, http.StatusUnauthorized, vm)
}

// restorePath is the page that gives back a kept form sent to path, or ""
// for forms that are not worth keeping (a button press can be repeated).
func restorePath(path string) string {
	if path == views.NewCaseURL {
		return path
	}
	if m := keptPattern.FindStringSubmatch(path); m != nil {
		if m[2] == "edit" {
			return path
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		return views.StudioCaseURL(id)
	}
	return ""
}

var keptPattern = regexp.MustCompile(`^/studio/cases/([0-9]+)/(edit|comments)$`)

// flash leaves a message for the next page the person sees; args fill
// its verbs.
func (h *Handler) flash(c echo.Context, key string, args ...string) error {
	s, ok := c.Get(sessionKey).(*sessions.Session)
	if !ok {
		return nil
	}
	s.Values[flashKey] = key
	delete(s.Values, flashArgs)
	if len(args) > 0 {
		s.Values[flashArgs] = args
	}
	return s.Save(c.Request(), c.Response())
}

// studioPage builds the frame of a studio page and takes the waiting
// flash message, if any.
func (h *Handler) studioPage(c echo.Context, title string) (views.StudioPage, error) {
	p := h.printer(c)
	sp := views.StudioPage{Page: views.Page{P: p, Title: title + " · " + p.T("studio.name"), NoIndex: true}, User: userOf(c)}
	n, err := h.waitingCount(c)
	if err != nil {
		return sp, err
	}
	sp.Waiting = n
	if s, ok := c.Get(sessionKey).(*sessions.Session); ok {
		if key, ok := s.Values[flashKey].(string); ok {
			args, _ := s.Values[flashArgs].([]string)
			delete(s.Values, flashKey)
			delete(s.Values, flashArgs)
			if err := s.Save(c.Request(), c.Response()); err != nil {
				return sp, err
			}
			if h.cat.Has(key) {
				sp.Flash = p.T(key, anys(args)...)
			}
		}
	}
	return sp, nil
}

// waitingCount counts the cases that wait for the signed-in person, for
// the number beside "Dashboard" on every studio page: the dashboard lists
// the same ones under "waiting for you". The frame carries no content, so
// the count costs one small query however many cases there are.
func (h *Handler) waitingCount(c echo.Context) (int, error) {
	f, err := h.st.Frame(c.Request().Context())
	if err != nil {
		return 0, err
	}
	rules := h.rulesWith(f.Settings)
	n := 0
	for _, wc := range f.Open {
		if rules.Waiting(userOf(c).Actor(), wc) {
			n++
		}
	}
	return n, nil
}

// safeNext keeps a post-login redirect inside the studio, so that the login
// form cannot be used to send someone to another site.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/studio/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/studio/"
}

func (h *Handler) loginForm(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if _, err := c.Cookie(auth.CookieName); err == nil {
		if u, _, err := h.currentUser(c); err == nil && u != nil {
			return c.Redirect(http.StatusSeeOther, safeNext(c.QueryParam("next")))
		}
	}
	p := h.printer(c)
	vm := views.LoginPage{Next: safeNext(c.QueryParam("next"))}
	switch {
	case c.QueryParam("kept") == "1":
		vm.Notice = p.T("login.kept")
	case c.QueryParam("set") == "1":
		vm.Notice = p.T("login.password_set")
	case c.QueryParam("checks") == "1":
		vm.Notice = p.T("login.signed_out_checks")
	}
	return h.loginPage(c, http.StatusOK, vm)
}

func (h *Handler) loginPage(c echo.Context, status int, vm views.LoginPage) error {
	p := h.printer(c)
	// What was typed goes back into the form, but no account has a longer
	// address, and a field of megabytes is not sent back whole.
	if len(vm.Email) > store.MaxEmailLength {
		vm.Email = strings.ToValidUTF8(vm.Email[:store.MaxEmailLength], "")
	}
	vm.Page = views.Page{P: p, Title: p.T("title.login") + " · " + p.T("studio.name"), NoIndex: true}
	return h.render(c, status, views.LoginView(vm))
}

func (h *Handler) login(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	email := strings.TrimSpace(c.FormValue("email"))
	pw := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	p := h.printer(c)
	a := h.attemptOf(c, email)
	// A form sent after the session ended, carried by this sign-in form:
	// it stays in every answer until the person is signed in.
	kept := keptOf(c)
	// The limits are checked before any password hashing, so that a
	// flood costs the server little.
	if wait, kind := h.wait(a); wait > 0 {
		if kind == limitAccount {
			if code := strings.TrimSpace(c.FormValue("code")); code != "" {
				return h.loginWithCode(c, a, email, pw, code, next, kept)
			}
			h.log.Warn("sign-in throttled", "limit", kind)
			return h.lockedPage(c, wait, email, next, kept)
		}
		h.log.Warn("sign-in throttled", "limit", kind)
		retryAfter(c, wait)
		return h.loginPage(c, http.StatusTooManyRequests, kept.carry(views.LoginPage{Email: email, Next: next,
			Error: p.T("login.throttled", minutes(wait))}))
	}
	record := h.recordFailure(a)
	u, err := h.st.Authenticate(c.Request().Context(), email, pw, record)
	if err == store.ErrBadCredentials {
		h.failRecorded(a, record)
		h.fail(a)
		return h.loginPage(c, http.StatusUnauthorized, kept.carry(views.LoginPage{Email: email, Next: next, Error: p.T("login.error")}))
	}
	if err != nil {
		return err
	}
	h.succeed(a)
	s, err := h.session(c)
	if err != nil {
		return err
	}
	if u.TOTP {
		// A new token at each step of signing in: whatever token the
		// browser had before, planted or not, is worthless now.
		if err := h.sess.Renew(c.Request(), s); err != nil {
			return err
		}
		s.Values = map[any]any{pendingKey: u.ID, pendingAtKey: time.Now().Unix(), nextKey: next}
		if kept != nil {
			// Kept on the server from now on, with the password right,
			// in this session alone: the code page does not carry it.
			body, err := kept.encode()
			if err != nil {
				return err
			}
			s.Values[keptFormKey], s.Values[keptPathKey] = body, kept.to
		}
		if err := s.Save(c.Request(), c.Response()); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/login/2fa")
	}
	h.log.Info("sign-in", "user", u.ID)
	return h.signedIn(c, s, u, next, kept)
}

// lockedPage answers an untrusted browser when the account has failed too
// often from browsers it has not been used in. It says how to get in all
// the same, and asks for the second factor with the password.
func (h *Handler) lockedPage(c echo.Context, wait time.Duration, email, next string, kept *keptForm) error {
	// Never less than a second, even if the lock ended as it was counted.
	wait = max(wait, time.Second)
	retryAfter(c, wait)
	return h.loginPage(c, http.StatusTooManyRequests, kept.carry(views.LoginPage{Email: email, Next: next, Locked: true,
		Error: h.printer(c).T("login.locked", minutes(wait))}))
}

// loginWithCode is the way past the account-wide limit for a browser the
// account has not been used in: the password and a second-factor code in
// one form. Whatever is wrong (the password, the code, an account without
// a second factor), the answer is the same lock page, so that it does not
// tell which part was wrong, and it counts as a failure of the browser.
func (h *Handler) loginWithCode(c echo.Context, a attempt, email, pw, code, next string, kept *keptForm) error {
	ctx := c.Request().Context()
	record := h.recordFailure(a)
	u, err := h.st.Authenticate(ctx, email, pw, record)
	if err != nil && err != store.ErrBadCredentials {
		return err
	}
	if err == store.ErrBadCredentials {
		h.failRecorded(a, record)
	}
	ok := false
	if u != nil && u.TOTP {
		// The code step's own limit holds here too: with the password
		// known, this form must not be a way round it.
		key := strconv.FormatInt(u.ID, 10)
		if h.limits.code.Wait(key) == 0 {
			if ok, err = h.secondFactor(ctx, u, code); err != nil {
				return err
			}
			if !ok {
				h.limits.code.Fail(key)
			}
		}
	}
	if !ok {
		if u != nil {
			if err := h.st.Record(ctx, u, "login.2fa_failed", nil); err != nil {
				return err
			}
		}
		h.fail(a)
		h.log.Warn("sign-in throttled", "limit", limitAccount)
		return h.lockedPage(c, h.limits.account.Wait(a.email), email, next, kept)
	}
	h.succeed(a)
	s, err := h.session(c)
	if err != nil {
		return err
	}
	if err := h.st.Record(ctx, u, "login.2fa", nil); err != nil {
		return err
	}
	return h.signedIn(c, s, u, next, kept)
}

// signedIn ends a sign-in that is complete (password, and second factor
// if the account has one): a new session token for the account, the
// device cookie that makes this browser known to it, and on to next. A
// kept form is now kept for the account, and its page gives it back.
func (h *Handler) signedIn(c echo.Context, s *sessions.Session, u *store.User, next string, kept *keptForm) error {
	if kept != nil {
		next = restorePath(kept.to)
		if err := h.st.SavePending(c.Request().Context(), u.ID, next, kept.form); err != nil {
			return err
		}
	}
	// A new token at each step of signing in: whatever token the browser
	// had before, planted or not, is worthless now.
	if err := h.sess.Renew(c.Request(), s); err != nil {
		return err
	}
	s.Values = map[any]any{auth.UserKey: u.ID}
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	if err := h.sess.IssueDevice(c.Response(), c.Request(), u.Email); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, safeNext(next))
}

const (
	pendingKey   = "pending_uid"
	pendingAtKey = "pending_at"
	nextKey      = "next"
	// pendingTTL bounds the time between the password and the code.
	pendingTTL = 5 * time.Minute
)

// pendingUser is the account that gave its password and now owes its
// second factor, if that was recent.
func (h *Handler) pendingUser(c echo.Context) (*store.User, *sessions.Session, error) {
	if _, err := c.Cookie(auth.CookieName); err != nil {
		return nil, nil, nil
	}
	s, err := h.session(c)
	if err != nil {
		return nil, nil, err
	}
	uid, _ := s.Values[pendingKey].(int64)
	at, _ := s.Values[pendingAtKey].(int64)
	if uid == 0 || time.Since(time.Unix(at, 0)) > pendingTTL {
		return nil, s, nil
	}
	u, err := h.st.UserByID(c.Request().Context(), uid)
	if errs.Is(err, errs.KindNotFound) {
		return nil, s, nil
	}
	if err != nil || u.Disabled {
		return nil, s, err
	}
	return u, s, nil
}

func (h *Handler) login2FAForm(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	u, s, err := h.pendingUser(c)
	if err != nil {
		return err
	}
	if u == nil {
		return c.Redirect(http.StatusSeeOther, "/login")
	}
	vm := views.LoginPage{SecondFactor: true}
	if _, ok := s.Values[keptPathKey].(string); ok {
		vm.Notice = h.printer(c).T("login.kept")
	}
	return h.loginPage(c, http.StatusOK, vm)
}

// login2FA checks the second factor: a code from the authenticator app, or
// one of the recovery codes. Wrong codes are limited per account, except
// from a browser the account has signed in from before, which is limited
// on its own: someone who has the password cannot lock the owner's usual
// browser out of this step either.
func (h *Handler) login2FA(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	ctx := c.Request().Context()
	u, s, err := h.pendingUser(c)
	if err != nil {
		return err
	}
	if u == nil {
		return c.Redirect(http.StatusSeeOther, "/login")
	}
	p := h.printer(c)
	th, key := h.limits.code, strconv.FormatInt(u.ID, 10)
	if nonce := h.deviceNonce(c, u.Email); nonce != "" {
		th, key = h.limits.codeDevice, nonce
	}
	if wait := th.Wait(key); wait > 0 {
		retryAfter(c, wait)
		return h.loginPage(c, http.StatusTooManyRequests, views.LoginPage{SecondFactor: true, Error: p.T("login.throttled", minutes(wait))})
	}
	ok, err := h.secondFactor(ctx, u, c.FormValue("code"))
	if err != nil {
		return err
	}
	if !ok {
		th.Fail(key)
		if err := h.st.Record(ctx, u, "login.2fa_failed", nil); err != nil {
			return err
		}
		return h.loginPage(c, http.StatusUnauthorized, views.LoginPage{SecondFactor: true, Error: p.T("login.code_wrong")})
	}
	// Only a trusted browser's own count is forgiven: the account-wide
	// one may be an attack in progress.
	if th == h.limits.codeDevice {
		th.Reset(key)
	}
	next, _ := s.Values[nextKey].(string)
	keptTo, _ := s.Values[keptPathKey].(string)
	keptBody, _ := s.Values[keptFormKey].(string)
	if err := h.st.Record(ctx, u, "login.2fa", nil); err != nil {
		return err
	}
	return h.signedIn(c, s, u, next, decodeKept(keptTo, keptBody))
}

// secondFactor checks a code from the authenticator app, or one of the
// recovery codes, and spends it: a code works once, even within its 30
// seconds.
func (h *Handler) secondFactor(ctx context.Context, u *store.User, code string) (bool, error) {
	code = strings.TrimSpace(code)
	if strings.Contains(code, "-") {
		return h.st.UseRecoveryCode(ctx, u.ID, code)
	}
	secret, enabled, _, err := h.st.TOTPState(ctx, u.ID)
	if err != nil {
		return false, err
	}
	step, valid := auth.VerifyTOTP(secret, code, time.Now())
	if !enabled || !valid {
		return false, nil
	}
	return h.st.SpendTOTPStep(ctx, u.ID, step)
}

func (h *Handler) logout(c echo.Context) error {
	u, s, err := h.currentUser(c)
	if err != nil {
		return err
	}
	if s != nil {
		s.Options.MaxAge = -1
		if err := s.Save(c.Request(), c.Response()); err != nil {
			return err
		}
	}
	if u != nil {
		if err := h.st.Record(c.Request().Context(), u, "logout", nil); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, "/login")
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
