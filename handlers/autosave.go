package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"casebook/errs"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// autosaveGenField names, in a copy the form's script sends, the
// generation of the page it comes from (store.Autosave).
const autosaveGenField = "autosave_gen"

// caseFormOf is the case form an autosave route is about: case 0 and no
// detail for the new-case form. Whoever may not use the form may not keep
// a copy of it either.
func (h *Handler) caseFormOf(c echo.Context) (int64, *store.CaseDetail, error) {
	u := userOf(c)
	if c.Param("id") == "" {
		if !workflow.CanCreate(u.Actor()) {
			return 0, nil, errs.Forbidden("error.403.message")
		}
		return 0, nil, nil
	}
	id, err := caseID(c)
	if err != nil {
		return 0, nil, err
	}
	d, err := h.st.CaseDetail(c.Request().Context(), id)
	if err != nil {
		return 0, nil, err
	}
	if !workflow.CanEdit(u.Actor(), d.Workflow()) {
		return 0, nil, errs.Forbidden("error.403.message")
	}
	return id, d, nil
}

// unsaved is what of a case form the server should keep as its unsaved
// copy: the form, with the revision it was opened on, or nil when it
// holds nothing that a form opened now would not show.
func unsaved(u *store.User, form url.Values, d *store.CaseDetail) (url.Values, int64) {
	base, rev := newCaseContent(), int64(0)
	if d != nil {
		base = d.Working.Content
		rev, _ = strconv.ParseInt(form.Get("revision"), 10, 64)
		if rev != d.Working.ID {
			// Text written on older ground: kept, and its save goes
			// through the conflict page.
			return form, rev
		}
	}
	if parseCaseForm(form, base, rightsOf(u.Actor(), d != nil)).content.Equal(base) {
		return nil, rev
	}
	return form, rev
}

// keepCopy keeps what a case form sent as its unsaved copy before the
// save is tried: if the save does not go through (a wrong date, a
// conflict, a refused photo, another row or prosecution asked for), the
// text is on the server even for a browser without the form's script.
// It reports whether the form holds anything unsaved.
func (h *Handler) keepCopy(c echo.Context, id int64, d *store.CaseDetail, form url.Values) (bool, error) {
	u := userOf(c)
	copyForm, base := unsaved(u, form, d)
	return copyForm != nil, h.st.KeepAutosave(c.Request().Context(), u.ID, id, base, copyForm)
}

// autosave keeps the copy that the case form's script sends while the
// person types. Only the account's own copy of the form is written; the
// answer is bare, for the script.
func (h *Handler) autosave(c echo.Context) error {
	id, d, err := h.caseFormOf(c)
	if err != nil {
		return err
	}
	form, _, err := readFormText(c.Request(), formTextLimit)
	if errors.Is(err, errTooLarge) {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	gen, err := strconv.ParseInt(form.Get(autosaveGenField), 10, 64)
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	delete(form, autosaveGenField)
	u := userOf(c)
	copyForm, base := unsaved(u, form, d)
	err = h.st.SaveAutosave(c.Request().Context(), u.ID, id, gen, base, copyForm)
	if errors.Is(err, store.ErrStaleAutosave) {
		// Sent from a page older than the last save or discard of this
		// form (another window, or a copy on its way as Save was pressed).
		return c.NoContent(http.StatusConflict)
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// discardAutosave drops the account's unsaved copy of a form, and goes
// back to the form.
func (h *Handler) discardAutosave(c echo.Context) error {
	id, _, err := h.caseFormOf(c)
	if err != nil {
		return err
	}
	if err := h.st.EndAutosave(c.Request().Context(), userOf(c).ID, id); err != nil {
		return err
	}
	if err := h.flash(c, "autosave.discarded"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.FormURL(id))
}

// copyFor prepares a case form page for the account's unsaved copy. A
// form given back after signing in (kept, from the pending forms) becomes
// the copy at once, as it is no more saved than before. Otherwise a copy
// the account has is offered, or, when the person asked for it, shown in
// the form.
func (h *Handler) copyFor(c echo.Context, vm *views.CaseFormPage, id int64, d *store.CaseDetail, kept url.Values, fromPending bool) error {
	ctx := c.Request().Context()
	u := userOf(c)
	p := h.printer(c)
	cp, _, err := h.st.Autosave(ctx, u.ID, id)
	if err != nil {
		return err
	}
	if fromPending {
		vm.Notice = p.T("form.kept")
		copyForm, base := unsaved(u, kept, d)
		vm.Unsaved = copyForm != nil
		return h.st.KeepAutosave(ctx, u.ID, id, base, copyForm)
	}
	if cp == nil {
		return nil
	}
	if cur, _ := unsaved(u, cp.Form, d); cur == nil {
		// The same as what is saved now (a copy that was on its way as
		// the form was saved): nothing to offer.
		return h.st.KeepAutosave(ctx, u.ID, id, 0, nil)
	}
	at := views.FormatTime(p.Lang(), cp.SavedAt)
	if c.QueryParam("restore") != "1" {
		// Until the person chooses, the page sends no copy: the one
		// offered would be overwritten by the first key pressed.
		vm.AutosaveURL = ""
		vm.Offer = &views.AutosaveOffer{Text: p.T("autosave.offer", at), Restore: p.T("autosave.restore", at),
			RestoreURL: views.FormURL(id) + "?restore=1", DiscardURL: views.FormURL(id) + "/autosave/discard"}
		return nil
	}
	start := newCaseContent()
	if d != nil {
		start = d.Working.Content
	}
	vm.Content = parseCaseForm(cp.Form, start, rightsOf(u.Actor(), d != nil)).content
	// The revision the text was written on: if the case has moved on
	// since, Save shows the conflict page, as for any form.
	vm.Revision = cp.BaseRevisionID
	vm.Notice, vm.Unsaved = p.T("autosave.restored", at), true
	if d != nil && cp.BaseRevisionID != d.Working.ID {
		vm.Notice += " " + p.T("autosave.moved_on")
	}
	vm.PhotoThumb, err = h.st.PhotoThumb(ctx, vm.Content.Photo.URL)
	return err
}
