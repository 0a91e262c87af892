package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

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
		id, _ := strconv.ParseInt(m[1], 10, 64)
		switch m[2] {
		case "edit", "private":
			return path
		case "consent", "takedowns", "takedowns/decide":
			return views.ConsentURL(id)
		}
		return views.StudioCaseURL(id)
	}
	return ""
}

var keptPattern = regexp.MustCompile(`^/studio/cases/([0-9]+)/(edit|comments|private|consent|takedowns|takedowns/decide)$`)

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

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
