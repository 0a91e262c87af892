package handlers

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"casebook/auth"
	"casebook/content"
	"casebook/errs"
	"casebook/store"
	"casebook/views"
)

const totpPendingKey = "totp_pending"

func (h *Handler) required2FA(c echo.Context) (bool, error) {
	roles, err := h.st.Required2FA(c.Request().Context())
	if err != nil {
		return false, err
	}
	return slices.Contains(roles, userOf(c).Role), nil
}

func (h *Handler) account(c echo.Context) error {
	return h.renderAccount(c, http.StatusOK, nil, nil)
}

func (h *Handler) renderAccount(c echo.Context, status int, fe, disableFE content.FieldErrors) error {
	ctx := c.Request().Context()
	u := userOf(c)
	list, err := h.st.UserSessions(ctx, u.ID)
	if err != nil {
		return err
	}
	left, err := h.st.RecoveryCodesLeft(ctx, u.ID)
	if err != nil {
		return err
	}
	required, err := h.required2FA(c)
	if err != nil {
		return err
	}
	p := h.printer(c)
	sp, err := h.studioPage(c, p.T("account.title"))
	if err != nil {
		return err
	}
	s, _ := c.Get(sessionKey).(*sessions.Session)
	return h.render(c, status, views.AccountView(views.AccountPage{
		StudioPage: sp, Sessions: list, CurrentID: auth.ID(s), RecoveryLeft: left, Required: required,
		Errors: fe, DisableErrors: disableFE,
	}))
}

// recheckKey counts one account's wrong answers to "your password".
func recheckKey(u *store.User) string { return strconv.FormatInt(u.ID, 10) }

// recheckWait says whether the account may be asked for its password
// again now; past the limit the answer is 429 and no password is hashed.
func (h *Handler) recheckWait(c echo.Context) bool {
	if wait := h.limits.recheck.Wait(recheckKey(userOf(c))); wait > 0 {
		h.log.Warn("password check throttled", "user", userOf(c).ID)
		retryAfter(c, wait)
		return true
	}
	return false
}

// recheckFailed counts a wrong answer to "your password" (the store has
// written its audit entry). At the limit this session ends: a borrowed
// session must not be able to guess its way to the account.
func (h *Handler) recheckFailed(c echo.Context) (ended bool, err error) {
	key := recheckKey(userOf(c))
	h.limits.recheck.Fail(key)
	if h.limits.recheck.Wait(key) == 0 {
		return false, nil
	}
	s, _ := c.Get(sessionKey).(*sessions.Session)
	if s != nil {
		s.Options.MaxAge = -1
		if err := s.Save(c.Request(), c.Response()); err != nil {
			return false, err
		}
	}
	if err := h.st.Record(c.Request().Context(), userOf(c), "session.end", store.AuditCause{Cause: store.CauseWrongPasswords}); err != nil {
		return false, err
	}
	return true, c.Redirect(http.StatusSeeOther, "/login?checks=1")
}

// changePassword replaces one's own password; every other session ends.
func (h *Handler) changePassword(c echo.Context) error {
	u := userOf(c)
	if c.FormValue("new") != c.FormValue("repeat") {
		return h.renderAccount(c, http.StatusUnprocessableEntity, content.FieldErrors{"repeat": "error.password_repeat"}, nil)
	}
	if h.recheckWait(c) {
		return h.renderAccount(c, http.StatusTooManyRequests, content.FieldErrors{"current": "error.recheck_throttled"}, nil)
	}
	s, _ := c.Get(sessionKey).(*sessions.Session)
	err := h.st.ChangePassword(c.Request().Context(), u, c.FormValue("current"), c.FormValue("new"), auth.ID(s))
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		if fe["current"] != "" {
			if ended, err := h.recheckFailed(c); ended || err != nil {
				return err
			}
		}
		return h.renderAccount(c, http.StatusUnprocessableEntity, fe, nil)
	}
	if err != nil {
		return err
	}
	if err := h.flash(c, "flash.password_changed"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/account")
}

func (h *Handler) endSession(c echo.Context) error {
	if err := h.st.EndSession(c.Request().Context(), userOf(c), c.FormValue("id")); err != nil {
		return err
	}
	if err := h.flash(c, "flash.session_ended"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/account")
}

// pendingKey returns the second-factor key being enrolled, making one if
// there is none yet. It lives in the server-side session until confirmed.
func (h *Handler) pendingTOTP(c echo.Context, create bool) (string, string, error) {
	s, _ := c.Get(sessionKey).(*sessions.Session)
	if s == nil {
		return "", "", errs.E(errs.KindUnauthorized, "login.expired")
	}
	if url, ok := s.Values[totpPendingKey].(string); ok {
		key, err := auth.TOTPKey(url)
		if err == nil {
			return url, key.Secret(), nil
		}
	}
	if !create {
		return "", "", nil
	}
	key, err := auth.NewTOTPKey("Casebook", userOf(c).Email)
	if err != nil {
		return "", "", err
	}
	s.Values[totpPendingKey] = key.URL()
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return "", "", err
	}
	return key.URL(), key.Secret(), nil
}

func (h *Handler) enrol2FA(c echo.Context) error {
	if userOf(c).TOTP {
		return c.Redirect(http.StatusSeeOther, "/studio/account")
	}
	return h.renderEnrol(c, http.StatusOK, enrolErrors{})
}

// enrolErrors are the messages beside the enrolment form's two fields.
type enrolErrors struct{ password, code string }

func (h *Handler) renderEnrol(c echo.Context, status int, msg enrolErrors) error {
	_, secret, err := h.pendingTOTP(c, true)
	if err != nil {
		return err
	}
	required, err := h.required2FA(c)
	if err != nil {
		return err
	}
	p := h.printer(c)
	sp, err := h.studioPage(c, p.T("enrol.title"))
	if err != nil {
		return err
	}
	return h.render(c, status, views.EnrolView(views.EnrolPage{StudioPage: sp, Secret: groups(secret), Required: required, Error: msg.code, PasswordError: msg.password}))
}

// groups writes a secret in groups of four, to be typed by hand.
func groups(s string) string {
	var parts []string
	for len(s) > 4 {
		parts = append(parts, s[:4])
		s = s[4:]
	}
	return strings.Join(append(parts, s), " ")
}

// qrCode draws the pending key, so that no third-party service ever sees
// the secret.
func (h *Handler) qrCode(c echo.Context) error {
	url, _, err := h.pendingTOTP(c, false)
	if err != nil {
		return err
	}
	if url == "" {
		return echo.ErrNotFound
	}
	key, err := auth.TOTPKey(url)
	if err != nil {
		return err
	}
	png, err := auth.QRCode(key)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "image/png", png)
}

// confirm2FA turns the second factor on once the person proves their app
// produces the right codes, and shows the recovery codes once.
func (h *Handler) confirm2FA(c echo.Context) error {
	u := userOf(c)
	if u.TOTP {
		// A refusal, not a redirect that reads like success: the
		// confirmation (and its code) has been spent.
		return store.ErrTOTPEnabled
	}
	_, secret, err := h.pendingTOTP(c, false)
	if err != nil {
		return err
	}
	p := h.printer(c)
	// The password first: whoever borrowed a signed-in browser must not
	// be able to tie the account to their own authenticator.
	if h.recheckWait(c) {
		return h.renderEnrol(c, http.StatusTooManyRequests, enrolErrors{password: p.T("error.recheck_throttled")})
	}
	err = h.st.CheckPassword(c.Request().Context(), u, c.FormValue("current"), store.Act2FAEnrol)
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		if ended, err := h.recheckFailed(c); ended || err != nil {
			return err
		}
		return h.renderEnrol(c, http.StatusUnprocessableEntity, enrolErrors{password: p.T(fe["current"])})
	}
	if err != nil {
		return err
	}
	if secret == "" {
		return h.renderEnrol(c, http.StatusUnprocessableEntity, enrolErrors{code: p.T("login.code_wrong")})
	}
	step, ok := auth.VerifyTOTP(secret, c.FormValue("code"), time.Now())
	if !ok {
		return h.renderEnrol(c, http.StatusUnprocessableEntity, enrolErrors{code: p.T("login.code_wrong")})
	}
	codes, err := h.st.EnableTOTP(c.Request().Context(), u, secret, step)
	if err != nil {
		return err
	}
	s, _ := c.Get(sessionKey).(*sessions.Session)
	delete(s.Values, totpPendingKey)
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	u.TOTP = true
	sp, err := h.studioPage(c, p.T("recovery.title"))
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, views.RecoveryView(views.RecoveryPage{StudioPage: sp, Codes: codes}))
}

// disable2FA removes one's own second factor, with the password, unless
// the role requires one.
func (h *Handler) disable2FA(c echo.Context) error {
	u := userOf(c)
	required, err := h.required2FA(c)
	if err != nil {
		return err
	}
	if required {
		return errs.Forbidden("account.2fa_required")
	}
	if h.recheckWait(c) {
		return h.renderAccount(c, http.StatusTooManyRequests, nil, content.FieldErrors{"current": "error.recheck_throttled"})
	}
	err = h.st.CheckPassword(c.Request().Context(), u, c.FormValue("current"), store.Act2FADisable)
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		if ended, err := h.recheckFailed(c); ended || err != nil {
			return err
		}
		return h.renderAccount(c, http.StatusUnprocessableEntity, nil, fe)
	}
	if err != nil {
		return err
	}
	if err := h.st.DisableTOTP(c.Request().Context(), u, u.ID); err != nil {
		return err
	}
	if err := h.flash(c, "flash.2fa_disabled"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/account")
}

// passwordForm is where a one-time link (from an administrator) leads.
// The token stays in the query string, which the access log never
// records, and the page sends no referrer anywhere.
func (h *Handler) passwordForm(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	token := c.QueryParam("token")
	u, err := h.st.PasswordToken(c.Request().Context(), token)
	if err != nil {
		return err
	}
	return h.renderPassword(c, http.StatusOK, token, u, nil)
}

func (h *Handler) renderPassword(c echo.Context, status int, token string, u *store.User, fe content.FieldErrors) error {
	p := h.printer(c)
	return h.render(c, status, views.PasswordView(views.PasswordPage{
		Page:  views.Page{P: p, Title: p.T("password.title") + " · " + p.T("studio.name"), NoIndex: true},
		Token: token, Email: u.Email, Errors: fe,
	}))
}

func (h *Handler) setPassword(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	ctx := c.Request().Context()
	token := c.FormValue("token")
	u, err := h.st.PasswordToken(ctx, token)
	if err != nil {
		return err
	}
	if c.FormValue("new") != c.FormValue("repeat") {
		return h.renderPassword(c, http.StatusUnprocessableEntity, token, u, content.FieldErrors{"repeat": "error.password_repeat"})
	}
	_, err = h.st.UsePasswordToken(ctx, token, c.FormValue("new"))
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		return h.renderPassword(c, http.StatusUnprocessableEntity, token, u, content.FieldErrors{"new": fe["password"]})
	}
	if err != nil {
		return err
	}
	// Whoever holds the one-time link is the account's owner as far as
	// the server can tell: this browser is known to the account from now
	// on, and gets past a lock-out that others' failures caused.
	if err := h.sess.IssueDevice(c.Response(), c.Request(), u.Email); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/login?set=1")
}

// setLang sets the language of the person's studio.
func (h *Handler) setLang(c echo.Context) error {
	if err := h.st.SetLang(c.Request().Context(), userOf(c), c.FormValue("lang")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/account")
}
