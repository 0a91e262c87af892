package handlers

import (
	"context"
	"net/http"
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
	pendingKey   = "pending_uid"
	pendingAtKey = "pending_at"
	nextKey      = "next"
	// pendingTTL bounds the time between the password and the code.
	pendingTTL = 5 * time.Minute
)

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
