// Package handlers is Casebook's HTTP layer: routes, middleware, one file
// per resource, and the one error handler that turns domain errors into
// pages. Handlers parse the request, ask workflow whether the person may act,
// call the store, and render a view model. What a page shows of a case is
// one store call, one read transaction, so that its parts agree
// (store.CasePage, HistoryPage, Compare, Preview); the frame of every studio
// page adds one small query (store.Frame), and a change is one store call
// that checks the rules again inside its write transaction.
package handlers

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"casebook/assets"
	"casebook/auth"
	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
	"casebook/markdown"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// Handler serves Casebook.
type Handler struct {
	st          *store.Store
	sess        *auth.SessionStore
	log         *slog.Logger
	cat         *i18n.Catalog
	md          *markdown.Renderer
	rules       workflow.Rules
	defaultLang content.Lang
	secure      bool
	cop         *http.CrossOriginProtection
	// uploads bounds how many photos are decoded at once: one at the
	// pixel limit takes some 400 MB and seconds of CPU.
	uploads chan struct{}
	// limits count failed sign-ins (limits.go).
	limits limits
	// logAddresses puts client addresses in the access log; off unless
	// an operator turns it on.
	logAddresses bool
	// noAccessLog leaves out the line per request (errors are still
	// logged), for a server behind a proxy that logs, or for benchmarks.
	noAccessLog bool
	// base is the site's public address (--base-url), for canonical
	// links, feeds and the sitemap; empty means the request's own.
	base string
	// trustProxy says a reverse proxy sets X-Forwarded-For and
	// X-Forwarded-Proto (--trust-proxy); without it a client could send
	// them itself, so they are ignored.
	trustProxy bool
	// static is set while exporting the site as static files.
	static bool
	cache  *pageCache
	memo   memo
}

// Option configures a Handler.
type Option func(*Handler)

// WithRules sets the editorial rules (four eyes on or off).
func WithRules(r workflow.Rules) Option { return func(h *Handler) { h.rules = r } }

// WithDefaultLang sets the language for visitors whose browser asks for
// neither Russian nor English.
func WithDefaultLang(l content.Lang) Option { return func(h *Handler) { h.defaultLang = l } }

// WithSecure says the server is reached over TLS (directly or through a
// proxy): cookies get Secure and responses Strict-Transport-Security.
func WithSecure(secure bool) Option { return func(h *Handler) { h.secure = secure } }

// WithBaseURL sets the site's public address, such as
// https://example.org, for canonical links, feeds and the sitemap.
func WithBaseURL(u string) Option { return func(h *Handler) { h.base = strings.TrimRight(u, "/") } }

// WithTrustProxy says the server runs behind a reverse proxy that sets
// X-Forwarded-Proto, so that links built from a request (when there is no
// base URL) take their scheme from it.
func WithTrustProxy(on bool) Option { return func(h *Handler) { h.trustProxy = on } }

// WithStatic renders pages for a static mirror: search needs a server,
// and the pages say so.
func WithStatic() Option { return func(h *Handler) { h.static = true } }

// WithLogAddresses puts client addresses in the access log. Off by
// default: a log of who read what can be seized.
func WithLogAddresses(on bool) Option { return func(h *Handler) { h.logAddresses = on } }

// WithoutAccessLog leaves out the access log line of each request.
func WithoutAccessLog() Option { return func(h *Handler) { h.noAccessLog = true } }

// New wires a Handler.
func New(st *store.Store, sess *auth.SessionStore, log *slog.Logger, opts ...Option) *Handler {
	h := &Handler{
		st:          st,
		sess:        sess,
		log:         log,
		cat:         i18n.New(),
		md:          markdown.New(),
		rules:       workflow.Default(),
		defaultLang: content.RU,
		cop:         http.NewCrossOriginProtection(),
		uploads:     make(chan struct{}, 2),
		cache:       newPageCache(),
		limits:      newLimits(),
	}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Routes registers every route and middleware on e.
func (h *Handler) Routes(e *echo.Echo) {
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = h.handleError
	e.Use(h.accessLog, h.recoverPanics, h.securityHeaders, h.originForm, h.crossOrigin,
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "2M", Skipper: ownLimit}))
	// The case form carries a photo of up to 10 MB and text besides. The
	// limit is well above that so that a bigger file still reaches the
	// form handler, which refuses it with a message and keeps the text,
	// instead of a bare 413 that loses everything; the file part spills to
	// disk, not memory.
	upload := middleware.BodyLimit(uploadLimit)
	// The sign-in form may carry a case form sent after its session had
	// ended, and the case form's script sends copies of its text: both
	// the text of a case, without files.
	text := middleware.BodyLimit(keptBodyLimit)

	get(e, "/healthz", h.healthz, "healthz")
	get(e, "/", h.root, "root")
	get(e, "/assets/*", echo.WrapHandler(http.HandlerFunc(assets.ServeHTTP)), "assets")

	get(e, "/login", h.loginForm, "login")
	e.POST("/login", h.login, text).Name = "login.post"
	e.POST("/logout", h.logout).Name = "logout"
	get(e, "/login/2fa", h.login2FAForm, "login.2fa")
	e.POST("/login/2fa", h.login2FA).Name = "login.2fa.post"
	get(e, "/password", h.passwordForm, "password")
	e.POST("/password", h.setPassword).Name = "password.post"

	get(e, "/studio", func(c echo.Context) error { return c.Redirect(http.StatusMovedPermanently, "/studio/") }, "studio.slash")
	s := e.Group("/studio", h.requireUser)
	get(s, "/", h.dashboard, "studio.dashboard")
	get(s, "/cases/new", h.newCase, "studio.case.new")
	s.POST("/cases/new", h.createCase, upload).Name = "studio.case.create"
	s.POST("/cases/new/autosave", h.autosave, text).Name = "studio.case.new.autosave"
	s.POST("/cases/new/autosave/discard", h.discardAutosave).Name = "studio.case.new.autosave.discard"
	get(s, "/cases/:id", h.casePage, "studio.case")
	get(s, "/cases/:id/edit", h.editCase, "studio.case.edit")
	s.POST("/cases/:id/edit", h.saveCase, upload).Name = "studio.case.save"
	s.POST("/cases/:id/edit/autosave", h.autosave, text).Name = "studio.case.autosave"
	s.POST("/cases/:id/edit/autosave/discard", h.discardAutosave).Name = "studio.case.autosave.discard"
	get(s, "/cases/:id/history", h.history, "studio.case.history")
	get(s, "/cases/:id/compare", h.compare, "studio.case.compare")
	s.POST("/cases/:id/restore", h.restore).Name = "studio.case.restore"
	get(s, "/cases/:id/preview", h.preview, "studio.case.preview")
	get(s, "/audit", h.audit, "studio.audit")
	get(s, "/settings", h.settings, "studio.settings")
	s.POST("/settings", h.saveSettings).Name = "studio.settings.save"
	get(s, "/account", h.account, "studio.account")
	s.POST("/account/password", h.changePassword).Name = "studio.account.password"
	s.POST("/account/lang", h.setLang).Name = "studio.account.lang"
	s.POST("/account/sessions/end", h.endSession).Name = "studio.account.session.end"
	get(s, "/account/2fa", h.enrol2FA, "studio.account.2fa")
	get(s, "/account/2fa/qr.png", h.qrCode, "studio.account.2fa.qr")
	s.POST("/account/2fa", h.confirm2FA).Name = "studio.account.2fa.confirm"
	s.POST("/account/2fa/disable", h.disable2FA).Name = "studio.account.2fa.disable"
	get(s, "/users", h.users, "studio.users")
	s.POST("/users", h.inviteUser).Name = "studio.users.invite"
	s.POST("/users/:id/role", h.userRole).Name = "studio.users.role"
	s.POST("/users/:id/disable", h.userDisable).Name = "studio.users.disable"
	s.POST("/users/:id/enable", h.userEnable).Name = "studio.users.enable"
	s.POST("/users/:id/reset", h.userReset).Name = "studio.users.reset"
	s.POST("/users/:id/2fa-reset", h.user2FAReset).Name = "studio.users.2fa_reset"
	s.POST("/settings/2fa", h.saveRequired2FA).Name = "studio.settings.2fa"
	get(s, "/texts", h.texts, "studio.texts")
	s.POST("/texts", h.saveTexts).Name = "studio.texts.save"
	get(s, "/reference", h.references, "studio.reference")
	get(s, "/reference/:kind", h.references, "studio.reference.kind")
	s.POST("/reference/:kind", h.addReference).Name = "studio.reference.add"
	s.POST("/reference/:kind/:code", h.updateReference).Name = "studio.reference.update"
	s.POST("/reference/:kind/:code/delete", h.deleteReference).Name = "studio.reference.delete"
	s.POST("/cases/:id/transition", h.transition).Name = "studio.case.transition"
	// The case page's workflow forms post to the page itself, so that a
	// refused action (a review with questions unanswered) is shown at the
	// case's own address.
	s.POST("/cases/:id", h.transition).Name = "studio.case.act"
	s.POST("/cases/:id/comments", h.comment).Name = "studio.case.comment"
	get(s, "/cases/:id/private", h.privatePage, "studio.case.private")
	s.POST("/cases/:id/private", h.savePrivate).Name = "studio.case.private.save"
	get(s, "/cases/:id/review-links", h.reviewLinks, "studio.case.review_links")
	s.POST("/cases/:id/review-links", h.createReviewLink).Name = "studio.case.review_links.create"
	s.POST("/cases/:id/review-links/revoke", h.revokeReviewLink).Name = "studio.case.review_links.revoke"
	get(s, "/cases/:id/consent", h.consentPage, "studio.case.consent")
	s.POST("/cases/:id/consent", h.recordConsent).Name = "studio.case.consent.record"
	s.POST("/cases/:id/takedowns", h.registerTakedown).Name = "studio.case.takedown.register"
	s.POST("/cases/:id/takedowns/decide", h.decideTakedown).Name = "studio.case.takedown.decide"

	get(e, "/media/:file", h.media, "media")

	// A review link's guest: the page, its comment form and its photo,
	// nothing else (reviewlinks.go), never through the page cache.
	get(e, "/review/:token", h.reviewPage, "guest.review", h.guestHeaders)
	e.POST("/review/:token", h.reviewComment, h.guestHeaders).Name = "guest.review.comment"
	get(e, "/review/:token/media/:file", h.reviewMedia, "guest.review.media", h.guestHeaders)

	get(e, "/robots.txt", h.robots, "robots", h.cachePublic)
	get(e, "/sitemap.xml", h.sitemap, "sitemap", h.cachePublic)
	get(e, "/api/v1/cases", h.apiCases, "api.cases", h.cachePublic)
	get(e, "/api/v1/cases.csv", h.apiCSV, "api.cases.csv", h.cachePublic)
	get(e, "/api/v1/cases/:slug", h.apiCase, "api.case", h.cachePublic)
	get(e, "/api/v1/prosecutions", h.apiProsecutions, "api.prosecutions", h.cachePublic)
	get(e, "/api/v1/prosecutions.csv", h.apiProsecutionsCSV, "api.prosecutions.csv", h.cachePublic)

	get(e, "/:lang", h.langRedirect, "public.lang")
	p := e.Group("/:lang", h.publicLang, h.cachePublic)
	get(p, "/", h.home, "public.home")
	get(p, "/cases", h.list, "public.list")
	get(p, "/cases/:slug", h.profile, "public.profile")
	get(p, "/groups/:code", h.group, "public.group")
	get(p, "/stats", h.stats, "public.stats")
	get(p, "/feed.atom", h.feed, "public.feed")
	get(p, "/open-data", h.openDataPage, "public.open_data")
}

// uploadLimit bounds a request to the case form.
const uploadLimit = "64M"

// ownLimit says whether a request goes to a route that has a body limit
// of its own: one that takes a photo, or the text of a case form.
func ownLimit(c echo.Context) bool {
	switch c.Path() {
	case "/studio/cases/new", "/studio/cases/:id/edit", "/studio/cases/new/autosave", "/studio/cases/:id/edit/autosave":
		return true
	case "/login":
		return c.Request().Method == http.MethodPost
	}
	return false
}

// router is what Echo and its groups have in common.
type router interface {
	Match(methods []string, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) []*echo.Route
}

// get registers a page for GET and HEAD: monitors, caches and link checkers
// ask with HEAD, and net/http drops the body of a HEAD answer itself.
func get(r router, path string, fn echo.HandlerFunc, name string, mw ...echo.MiddlewareFunc) {
	for _, rt := range r.Match([]string{http.MethodGet, http.MethodHead}, path, fn, mw...) {
		rt.Name = name
	}
}

// render buffers the component so that a failure half-way becomes an error
// page instead of half a page with a 200 status.
func (h *Handler) render(c echo.Context, status int, comp templ.Component) error {
	var buf bytes.Buffer
	if err := comp.Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// securityHeaders sets what every response carries. The policy allows
// scripts, styles and images from this server only, and no framing.
// fixedSecurityHeaders are the headers every answer carries, whatever it
// is. The routed path sets them (securityHeaders) and the page cache keeps
// them with each entry (securityHeaderNames), from this one list.
func fixedSecurityHeaders() http.Header {
	return http.Header{
		"Content-Security-Policy": {"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
		"X-Content-Type-Options":  {"nosniff"},
		"X-Frame-Options":         {"DENY"},
		// same-origin: links to sources elsewhere do not tell their site
		// which profile a reader came from, while forms still carry an
		// Origin header for the cross-site check.
		"Referrer-Policy":            {"same-origin"},
		"Permissions-Policy":         {"accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"},
		"Cross-Origin-Opener-Policy": {"same-origin"},
	}
}

// securityHeaderNames are the security headers an answer may carry: the
// fixed ones, HSTS over TLS, and the robots tag of pages not to index.
func securityHeaderNames() []string {
	var out []string
	for k := range fixedSecurityHeaders() {
		out = append(out, k)
	}
	return append(out, "Strict-Transport-Security", "X-Robots-Tag")
}

func (h *Handler) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	// Built once: the keys are already canonical and the values are never
	// changed in place (Set replaces them), so every response can share
	// them, which saves allocations on the hot path.
	fixed := fixedSecurityHeaders()
	hsts := []string{"max-age=63072000; includeSubDomains"}
	return func(c echo.Context) error {
		hd := c.Response().Header()
		for k, v := range fixed {
			hd[k] = v
		}
		if h.secure || c.Request().TLS != nil {
			hd["Strict-Transport-Security"] = hsts
		}
		return next(c)
	}
}

// originForm refuses a request whose target is a whole address
// ("GET http://evil.example/en/ HTTP/1.1") when links are built from the
// request: Go's server then takes the host from that address and drops the
// Host header, so a cache in front, which keys on the Host header, would
// keep a page that names another site under this one's address. Browsers
// never send that form to a server that is not a proxy. With --base-url
// nothing from the request reaches a link, and the request is served.
func (h *Handler) originForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if h.base == "" && absoluteForm(c.Request()) {
			return errs.Invalid("error.absolute_form")
		}
		return next(c)
	}
}

// absoluteForm says whether the request line names more than a path (or
// "*", which OPTIONS may ask for).
func absoluteForm(r *http.Request) bool {
	return r.RequestURI != "" && r.RequestURI != "*" && !strings.HasPrefix(r.RequestURI, "/")
}

// crossOrigin refuses state-changing requests that a browser sent from
// another site (Sec-Fetch-Site, else Origin against Host), which covers
// every form of the studio and the login form.
func (h *Handler) crossOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := h.cop.Check(c.Request()); err != nil {
			return errs.Forbidden("error.forgery")
		}
		return next(c)
	}
}

// accessLog logs each request without the client's address or query
// string: what a visitor reads or searches for is nobody's business, and a
// log can be seized. A client that left before its answer was written is
// logged as such, with nginx's status 499, and gets no error page: nobody
// would read it, and nothing failed on the server's side.
func (h *Handler) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		gone := err != nil && clientGone(c, err)
		if err != nil && !gone {
			c.Error(err)
		}
		// The error page itself may be what found the client gone.
		gone = gone || !c.Response().Committed && c.Request().Context().Err() != nil
		if h.noAccessLog {
			return nil
		}
		msg, status := "http", c.Response().Status
		if gone {
			msg, status = "client went away", statusClientClosed
		}
		var more []any
		if u, ok := c.Get(userKey).(*store.User); ok {
			more = append(more, "user", u.ID)
		}
		h.logRequest(msg, c.Request(), status, c.Response().Size, start, more...)
		return nil
	}
}

// logRequest writes the access log's line for a request, on the routed
// path and the cached one alike: never the address unless an operator
// turned that on, and then the client's as the sign-in limits see it
// (behind a trusted proxy, from X-Forwarded-For), not the proxy's.
func (h *Handler) logRequest(msg string, r *http.Request, status int, bytes int64, start time.Time, more ...any) {
	attrs := append([]any{
		"method", r.Method,
		"path", logPath(r.URL.Path),
		"status", status,
		"bytes", bytes,
		"dur_ms", float64(time.Since(start).Microseconds()) / 1000,
	}, more...)
	if h.logAddresses {
		attrs = append(attrs, "addr", h.clientAddr(r))
	}
	h.log.Info(msg, attrs...)
}

// clientAddr is the client's address: behind a trusted proxy the one it
// put in X-Forwarded-For, else the connection's.
func (h *Handler) clientAddr(r *http.Request) string {
	if h.trustProxy {
		return echo.ExtractIPFromXFFHeader()(r)
	}
	return echo.ExtractIPDirect()(r)
}

// statusClientClosed is what the access log says of a request whose
// client left before the answer was written (nginx's "client closed
// request"); it never goes over the wire.
const statusClientClosed = 499

// clientGone says whether err means that the client stopped listening
// rather than that the server failed: the client closed the connection
// while the request was worked on (the store and templates give up with
// the request's context), or the answer could not be written to it (a
// broken pipe, a reset, a client that read nothing until the write
// timeout, or any write that failed once the request was canceled).
func clientGone(c echo.Context, err error) bool {
	written := c.Response().Committed
	if c.Request().Context().Err() != nil && (errors.Is(err, context.Canceled) || written) {
		return true
	}
	return written && (errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, os.ErrDeadlineExceeded))
}

func (h *Handler) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				h.log.Error("panic", "path", logPath(c.Request().URL.Path), "panic", r, "stack", string(debug.Stack()))
				err = errors.New("panic while serving the request")
			}
		}()
		return next(c)
	}
}

func statusOf(err error) int {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he.Code
	}
	var denied *workflow.Denied
	if errors.As(err, &denied) {
		return http.StatusForbidden
	}
	switch errs.KindOf(err) {
	case errs.KindNotFound:
		return http.StatusNotFound
	case errs.KindForbidden:
		return http.StatusForbidden
	case errs.KindConflict:
		return http.StatusConflict
	case errs.KindInvalid:
		return http.StatusBadRequest
	case errs.KindGone:
		return http.StatusGone
	case errs.KindUnauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// handleError is the one place where errors become responses: a typed
// domain error chooses the status, and a templ page explains it with the
// catalogue message the error names, and its arguments, in the reader's
// language (the page's on the public site, the person's own in the
// studio; see printer); a status's own message stands in where the error
// names none. Internal errors are logged and never shown. A form whose
// errors belong beside its fields (content.FieldErrors) is shown again by
// its own handler, with them, rather than by this page.
func (h *Handler) handleError(err error, c echo.Context) {
	if c.Response().Committed || clientGone(c, err) {
		return
	}
	status := statusOf(err)
	path := c.Request().URL.Path
	if status == http.StatusNotFound {
		// An address of the site Casebook replaced, if it is one.
		answered, oerr := h.oldAddress(c)
		if answered && oerr == nil {
			return
		}
		if oerr != nil && !clientGone(c, oerr) {
			err, status = oerr, statusOf(oerr)
		}
	}
	if status >= 500 {
		h.log.Error("request failed", "method", c.Request().Method, "path", logPath(path), "err", err)
	}
	studio := strings.HasPrefix(path, "/studio") || path == "/login" || path == "/logout"
	p := h.printer(c)
	heading := p.T("error.500.heading")
	if h.cat.Has("error." + itoa(status) + ".heading") {
		heading = p.T("error." + itoa(status) + ".heading")
	}
	message := p.Error(err)
	if message == "" && h.cat.Has("error."+itoa(status)+".message") {
		message = p.T("error." + itoa(status) + ".message")
	}
	var denied *workflow.Denied
	if errors.As(err, &denied) {
		message = p.T("transition."+string(denied.Transition)) + ": " + p.T(string(denied.Reason))
	}
	if status == http.StatusGone {
		c.Response().Header().Set("X-Robots-Tag", "noindex")
	}
	vm := views.ErrorPage{
		Page:    views.Page{P: p, Title: heading, NoIndex: true},
		Status:  status,
		Heading: heading,
		Message: message,
		Studio:  studio,
	}
	if !studio {
		// A visitor who took a wrong turn gets a language switch and the
		// way back to the list. The switch leads to the other language's
		// home, not to this address in it: the answer for a removed
		// profile must not repeat its address, which names the person.
		vm.Page.Title = heading + " · " + p.T("site.name")
		vm.AltURL = "/" + string(p.Lang().Other()) + "/"
		if _, ok := c.Get(langKey).(content.Lang); !ok && !hasLangPrefix(path) {
			// The language came from the browser's Accept-Language.
			c.Response().Header().Add("Vary", "Accept-Language")
		}
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	if rerr := h.render(c, status, views.ErrorView(vm)); rerr != nil {
		if clientGone(c, rerr) {
			return
		}
		h.log.Error("rendering the error page", "err", rerr)
		c.String(status, http.StatusText(status))
	}
}

// hasLangPrefix says whether a path is under /ru/ or /en/.
func hasLangPrefix(path string) bool {
	for _, l := range content.Langs() {
		if path == "/"+string(l) || strings.HasPrefix(path, "/"+string(l)+"/") {
			return true
		}
	}
	return false
}

// printer chooses the interface language: the URL's on the public site,
// the person's own (or their browser's) in the studio.
func (h *Handler) printer(c echo.Context) *i18n.Printer {
	if l, ok := c.Get(langKey).(content.Lang); ok {
		return h.cat.Printer(l)
	}
	if u, ok := c.Get(userKey).(*store.User); ok {
		if l, ok := content.ParseLang(u.Lang); ok {
			return h.cat.Printer(l)
		}
	}
	path := c.Request().URL.Path
	for _, l := range content.Langs() {
		if strings.HasPrefix(path, "/"+string(l)+"/") {
			return h.cat.Printer(l)
		}
	}
	// The answer is in the browser's language, so a cache must keep one
	// per language.
	addVary(c.Response().Header(), "Accept-Language")
	return h.cat.Printer(h.cat.Match(c.Request().Header.Get("Accept-Language"), h.defaultLang))
}

func (h *Handler) healthz(c echo.Context) error {
	if err := h.st.Ping(c.Request().Context()); err != nil {
		if clientGone(c, err) {
			return err
		}
		h.log.Error("health check", "err", err)
		return c.String(http.StatusServiceUnavailable, "database unavailable")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.String(http.StatusOK, "ok")
}
