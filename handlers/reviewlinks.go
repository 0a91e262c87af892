package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"casebook/auth"
	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// Review links let a person without an account (the defence lawyer, a
// relative) read one case's draft as it would go out, and with a comment
// link write in its thread. The studio side makes, lists and revokes
// them; the guest side (/review/{token}) does nothing but show and take
// comments: no route of a guest's reaches a transition, an edit or an
// approval, and the studio's routes know no guest.

// reviewLinks is the studio page of a case's review links.
func (h *Handler) reviewLinks(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	if !workflow.CanManageReviewLinks(userOf(c).Actor()) {
		return errs.Forbidden("reviewlink.error.role")
	}
	return h.renderReviewLinks(c, id, http.StatusOK, newLinkForm(), nil)
}

// newLinkForm is the form's defaults: comments allowed, the default
// lifetime, not pinned.
func newLinkForm() views.ReviewLinkForm {
	return views.ReviewLinkForm{Scope: workflow.ScopeComment, Hours: strconv.Itoa(int(workflow.ReviewLinkDefaultTTL / time.Hour))}
}

func (h *Handler) renderReviewLinks(c echo.Context, id int64, status int, form views.ReviewLinkForm, created *views.CreatedLink) error {
	// Never kept: the answer to a new link holds its token.
	c.Response().Header().Set("Cache-Control", "no-store")
	page, err := h.st.ReviewLinks(c.Request().Context(), id)
	if err != nil {
		return err
	}
	p := h.printer(c)
	heading := p.T("reviewlink.title", page.Detail.Working.Content.DisplayName(p.Lang()))
	sp, err := h.studioPage(c, heading)
	if err != nil {
		return err
	}
	vm := views.ReviewLinksPage{StudioPage: sp, ID: id, Heading: heading, Working: page.Detail.Working, Form: form, Created: created}
	for _, l := range page.Links {
		if l.Live() {
			vm.Live = append(vm.Live, l)
		} else {
			vm.Ended = append(vm.Ended, l)
		}
	}
	return h.render(c, status, views.ReviewLinksView(vm))
}

// createReviewLink makes a link and answers with the page itself, which
// shows the link's full address this once: no redirect carries the
// token, and nothing shows it again.
func (h *Handler) createReviewLink(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	u := userOf(c)
	if !workflow.CanManageReviewLinks(u.Actor()) {
		return errs.Forbidden("reviewlink.error.role")
	}
	p := h.printer(c)
	form := views.ReviewLinkForm{
		Label: strings.TrimSpace(c.FormValue("label")),
		Scope: workflow.ReviewScope(c.FormValue("scope")),
		Hours: strings.TrimSpace(c.FormValue("hours")),
		Pin:   c.FormValue("pin") == "yes",
	}
	in := store.ReviewLinkInput{ReviewLinkRequest: workflow.ReviewLinkRequest{Label: form.Label, Scope: form.Scope, TTL: workflow.ReviewLinkDefaultTTL}}
	problems := content.FieldErrors{}
	if form.Hours != "" {
		n, err := strconv.Atoi(form.Hours)
		switch {
		case !allDigits(form.Hours):
			problems["hours"] = "reviewlink.error.hours_number"
		case err != nil || n > 100_000:
			// A number too long to read is too long a life.
			in.TTL = workflow.ReviewLinkMaxTTL + time.Hour
		default:
			in.TTL = time.Duration(n) * time.Hour
		}
	}
	if form.Pin {
		in.PinRevisionID, _ = strconv.ParseInt(c.FormValue("revision"), 10, 64)
		if in.PinRevisionID <= 0 {
			form.Error = p.T("reviewlink.error.revision")
			return h.renderReviewLinks(c, id, http.StatusUnprocessableEntity, form, nil)
		}
	}
	for k, v := range in.Problems() {
		if problems[k] == "" {
			problems[k] = v
		}
	}
	if len(problems) > 0 {
		return h.renderReviewLinks(c, id, http.StatusUnprocessableEntity, withProblems(p, form, problems), nil)
	}
	l, token, err := h.st.CreateReviewLink(c.Request().Context(), u, id, in)
	var fe content.FieldErrors
	switch {
	case errors.As(err, &fe):
		return h.renderReviewLinks(c, id, http.StatusUnprocessableEntity, withProblems(p, form, fe), nil)
	case errs.Is(err, errs.KindInvalid):
		form.Error = p.Error(err)
		return h.renderReviewLinks(c, id, http.StatusUnprocessableEntity, form, nil)
	case err != nil:
		return err
	}
	created := &views.CreatedLink{Link: *l, URL: h.siteOrigin(c) + "/review/" + token}
	return h.renderReviewLinks(c, id, http.StatusCreated, newLinkForm(), created)
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// withProblems puts the problems, in words, beside the form's inputs.
func withProblems(p *i18n.Printer, form views.ReviewLinkForm, fe content.FieldErrors) views.ReviewLinkForm {
	form.Problems = map[string]string{}
	for k, key := range fe {
		if key == "reviewlink.error.hours_max" {
			form.Problems[k] = p.T(key, int(workflow.ReviewLinkMaxTTL/time.Hour))
		} else {
			form.Problems[k] = p.T(key)
		}
	}
	return form
}

// revokeReviewLink ends a link of the case at once.
func (h *Handler) revokeReviewLink(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	u := userOf(c)
	if !workflow.CanManageReviewLinks(u.Actor()) {
		return errs.Forbidden("reviewlink.error.role")
	}
	link, err := strconv.ParseInt(c.FormValue("link"), 10, 64)
	if err != nil || link <= 0 {
		return errs.NotFound("reviewlink.error.unknown")
	}
	done, err := h.st.RevokeReviewLink(c.Request().Context(), u, id, link)
	if err != nil {
		return err
	}
	msg := "flash.link_revoked"
	if !done {
		msg = "flash.link_already_ended"
	}
	if err := h.flash(c, msg); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.ReviewLinksURL(id))
}

// siteOrigin is the address a link given out starts with: --base-url, or
// the request's own.
func (h *Handler) siteOrigin(c echo.Context) string {
	if h.base != "" {
		return h.base
	}
	return h.requestOrigin(c.Request())
}

// guestHeaders are on every answer under /review/: nothing keeps it (a
// shared computer's cache, a proxy), no search engine indexes it, and no
// page it links to learns its address, which holds the token.
func (h *Handler) guestHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		hd := c.Response().Header()
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Robots-Tag", "noindex, nofollow")
		hd.Set("Referrer-Policy", "no-referrer")
		if l, ok := content.ParseLang(c.QueryParam("lang")); ok {
			c.Set(langKey, l)
		} else if l, ok := content.ParseLang(c.FormValue("lang")); ok && c.Request().Method == http.MethodPost {
			c.Set(langKey, l)
		}
		return next(c)
	}
}

// guestPrinter is the guest's language: the one chosen on the page, else
// the browser's.
func (h *Handler) guestPrinter(c echo.Context) *i18n.Printer {
	if l, ok := c.Get(langKey).(content.Lang); ok {
		return h.cat.Printer(l)
	}
	l := h.cat.Match(c.Request().Header.Get("Accept-Language"), h.defaultLang)
	c.Set(langKey, l)
	return h.cat.Printer(l)
}

// guestOpen opens the link of the request's token, with what it shows.
// Tokens that open nothing are counted per client address, keyed as
// sign-in counts them (an IPv6 address by its /64); past the limit every
// answer is 429 until the window passes, even for a right token, so that
// guessing gains nothing from a hit. answered says that the answer (the
// ended page, the throttled page) is written.
func (h *Handler) guestOpen(c echo.Context, count bool) (v *store.ReviewVisit, answered bool, err error) {
	key := auth.AddressKey(c.RealIP())
	if wait := h.limits.review.Wait(key); wait > 0 {
		h.log.Warn("review link throttled", "limit", limitAddress)
		wait = max(wait, time.Second)
		retryAfter(c, wait)
		return nil, true, h.guestEnded(c, http.StatusTooManyRequests, minutes(wait))
	}
	// The views of one link are counted by the token's hash, never the
	// token itself, which stays out of memory that outlives the request.
	sum := sha256.Sum256([]byte(c.Param("token")))
	viewKey := hex.EncodeToString(sum[:16])
	if count {
		if wait := h.limits.reviewViews.Wait(viewKey); wait > 0 {
			h.log.Warn("review link throttled", "limit", limitViews)
			wait = max(wait, time.Second)
			retryAfter(c, wait)
			return nil, true, h.guestEnded(c, http.StatusTooManyRequests, minutes(wait))
		}
	}
	v, err = h.st.VisitReviewLink(c.Request().Context(), c.Param("token"), count)
	if errs.Is(err, errs.KindNotFound) {
		h.limits.review.Fail(key)
		return nil, true, h.guestEnded(c, http.StatusNotFound, 0)
	}
	if err == nil && count {
		h.limits.reviewViews.Fail(viewKey)
	}
	return v, false, err
}

// guestEnded answers a token that opens nothing (unknown, revoked,
// expired, ended by a publication: one answer, that tells nothing of
// which) or a client held by the limit.
func (h *Handler) guestEnded(c echo.Context, status, wait int) error {
	p := h.guestPrinter(c)
	heading := p.T("guest.ended.heading")
	if status == http.StatusTooManyRequests {
		heading = p.T("guest.throttled.heading")
	}
	vm := views.GuestEndedPage{
		Page:      views.Page{P: p, Title: heading + " · " + p.T("site.name"), NoIndex: true, AltURL: c.Request().URL.Path + "?lang=" + string(p.Lang().Other())},
		Throttled: status == http.StatusTooManyRequests,
		Minutes:   wait,
	}
	if c.Request().Method == http.MethodHead {
		return c.NoContent(status)
	}
	return h.render(c, status, views.GuestEndedView(vm))
}

// guestForm is what the guest sent, given back with its problems.
type guestForm struct {
	name, comment string
	problems      map[string]string
	sent          bool
}

// reviewPage is the guest's page: the revision the link shows, through
// the same page builder as the public profile and the studio's preview,
// so that it is what would go out. Each GET is a view, counted and
// written to the audit log with the link.
func (h *Handler) reviewPage(c echo.Context) error {
	v, answered, err := h.guestOpen(c, c.Request().Method == http.MethodGet)
	if answered || err != nil {
		return err
	}
	return h.renderGuest(c, v, http.StatusOK, guestForm{})
}

func (h *Handler) renderGuest(c echo.Context, v *store.ReviewVisit, status int, form guestForm) error {
	p := h.guestPrinter(c)
	l := p.Lang()
	token := c.Param("token")
	cc := v.Revision.Content.Clone()
	cc.Slug = v.Case.Slug
	vm, err := h.profilePage(c.Request().Context(), p, v.Case.ID, cc)
	if err != nil {
		return err
	}
	vm.NoIndex = true
	vm.Title = p.T("guest.title") + " · " + vm.Title
	vm.AltURL = views.GuestURL(token, l.Other())
	if vm.Missing {
		vm.OtherURL = vm.AltURL
	}
	if vm.Photo != nil {
		// The photo through the token alone: /media/ shows a draft's
		// photo to the studio only.
		file, ok := strings.CutPrefix(vm.Photo.URL, "/media/")
		if ok {
			vm.Photo.URL = "/review/" + token + "/media/" + file
		} else {
			vm.Photo = nil
		}
	}
	gp := views.GuestPage{
		Profile:    vm,
		Revision:   v.Revision.Number,
		Expires:    v.Link.ExpiresAt,
		CanComment: workflow.GuestMay(v.Link.Scope, workflow.GuestComment),
		PostURL:    "/review/" + token + "#comment",
		Name:       form.name,
		Comment:    form.comment,
		Problems:   form.problems,
		Sent:       form.sent,
	}
	if c.Request().Method == http.MethodHead {
		return c.NoContent(status)
	}
	return h.render(c, status, views.GuestView(gp))
}

// forgedFields are fields of the studio's forms that a guest's form never
// sends: a request with one is not a guest's comment but an attempt at
// something a link never allows, and changes nothing.
var forgedFields = []string{"transition", "revision", "criteria", "publish_at", "confirm", "body"}

// reviewComment takes a guest's comment through a comment link into the
// case's thread. Only name and comment count; a form that carries a
// studio form's fields (a transition, a review) is refused whole.
func (h *Handler) reviewComment(c echo.Context) error {
	v, answered, err := h.guestOpen(c, false)
	if answered || err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	for _, f := range forgedFields {
		if _, ok := form[f]; ok {
			h.log.Warn("review link: a studio form's field refused", "field", f)
			return errs.Forbidden("guest.error.forbidden")
		}
	}
	if !workflow.GuestMay(v.Link.Scope, workflow.GuestComment) {
		return errs.Forbidden("guest.error.view_only")
	}
	p := h.guestPrinter(c)
	gf := guestForm{name: c.FormValue("name"), comment: c.FormValue("comment")}
	if fe := workflow.GuestCommentProblems(gf.name, gf.comment); fe != nil {
		gf.problems = guestProblems(p, fe)
		return h.renderGuest(c, v, http.StatusUnprocessableEntity, gf)
	}
	key := strconv.FormatInt(v.Link.ID, 10)
	if wait := h.limits.reviewComments.Wait(key); wait > 0 {
		retryAfter(c, wait)
		gf.problems = map[string]string{"comment": p.T("guest.error.too_many", minutes(wait))}
		return h.renderGuest(c, v, http.StatusTooManyRequests, gf)
	}
	_, err = h.st.AddGuestComment(c.Request().Context(), c.Param("token"), gf.name, gf.comment)
	var fe content.FieldErrors
	switch {
	case errors.As(err, &fe):
		gf.problems = guestProblems(p, fe)
		return h.renderGuest(c, v, http.StatusUnprocessableEntity, gf)
	case errs.Is(err, errs.KindNotFound):
		// The link ended while the guest wrote.
		return h.guestEnded(c, http.StatusNotFound, 0)
	case err != nil:
		return err
	}
	h.limits.reviewComments.Fail(key)
	return h.renderGuest(c, v, http.StatusOK, guestForm{name: gf.name, sent: true})
}

func guestProblems(p *i18n.Printer, fe content.FieldErrors) map[string]string {
	out := map[string]string{}
	for k, key := range fe {
		switch key {
		case "guest.error.name_long":
			out[k] = p.T(key, workflow.GuestNameMax)
		case "guest.error.comment_long":
			out[k] = p.T(key, workflow.GuestCommentMax)
		default:
			out[k] = p.T(key)
		}
	}
	return out
}

// reviewMedia serves the photo of the revision a live link shows, and
// nothing else, with the guest's headers: a draft's photo is not public,
// and the studio's /media/ gives it to the studio alone.
func (h *Handler) reviewMedia(c echo.Context) error {
	v, answered, err := h.guestOpen(c, false)
	if answered || err != nil {
		return err
	}
	file := c.Param("file")
	m := mediaName.FindStringSubmatch(file)
	if m == nil || v.Revision.Content.Photo.URL != "/media/"+file {
		return echo.ErrNotFound
	}
	item, _, err := h.st.Media(c.Request().Context(), m[1])
	if err != nil {
		return err
	}
	if item.Ext != m[2] {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Content-Length", strconv.Itoa(len(item.Data)))
	return c.Blob(http.StatusOK, item.Mime, item.Data)
}

// logPath is a request's path as the logs may hold it. A review link's
// token is a secret that opens a draft about a person at risk, and a log
// can be seized: its place says only which of the guest's pages it was.
func logPath(path string) string {
	rest, ok := strings.CutPrefix(path, "/review/")
	if !ok {
		return path
	}
	if strings.Contains(rest, "/media/") {
		return "/review/…/media/…"
	}
	return "/review/…"
}
