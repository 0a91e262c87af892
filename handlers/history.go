package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"casebook/errs"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// history lists every revision of a case with who, when and in which
// state, and offers to compare or restore them.
func (h *Handler) history(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := h.st.CaseDetail(ctx, id)
	if err != nil {
		return err
	}
	revs, err := h.st.History(ctx, id)
	if err != nil {
		return err
	}
	p := h.printer(c)
	name := d.Working.Content.DisplayName(p.Lang())
	sp, err := h.studioPage(c, p.T("history.title", name))
	if err != nil {
		return err
	}
	reviews, err := h.st.Reviews(ctx, id)
	if err != nil {
		return err
	}
	vm := views.HistoryPage{
		StudioPage: sp, Heading: p.T("history.title", name), ID: id, Revisions: revs,
		WorkingID: d.Working.ID, CanRestore: workflow.CanEdit(userOf(c).Actor(), d.Workflow()),
		Reviews: map[int][]store.ReviewRecord{},
	}
	for _, r := range reviews {
		vm.Reviews[r.RevisionNumber] = append(vm.Reviews[r.RevisionNumber], r)
	}
	return h.render(c, http.StatusOK, views.HistoryView(vm))
}

// revisionParam reads a revision number from the query; absent gives def.
func revisionParam(c echo.Context, name string, def int) (int, error) {
	raw := c.QueryParam(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, errs.Invalid("error.revision")
	}
	return n, nil
}

// compare shows two revisions field by field with the changed words
// highlighted; by default the working revision against the one before.
func (h *Handler) compare(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := h.st.CaseDetail(ctx, id)
	if err != nil {
		return err
	}
	latest := d.Working.Number
	a, err := revisionParam(c, "a", max(latest-1, 1))
	if err != nil {
		return err
	}
	b, err := revisionParam(c, "b", latest)
	if err != nil {
		return err
	}
	ra, err := h.st.RevisionByNumber(ctx, id, a)
	if err != nil {
		return err
	}
	rb, err := h.st.RevisionByNumber(ctx, id, b)
	if err != nil {
		return err
	}
	p := h.printer(c)
	name := d.Working.Content.DisplayName(p.Lang())
	sp, err := h.studioPage(c, p.T("compare.title", name))
	if err != nil {
		return err
	}
	vm := views.ComparePage{
		StudioPage: sp, Heading: p.T("compare.title", name), ID: id, A: ra, B: rb,
		Fields: fieldDiffs(p, ra.Content, rb.Content), Latest: latest,
	}
	return h.render(c, http.StatusOK, views.CompareView(vm))
}

// restore writes an old revision's content as a new working revision.
func (h *Handler) restore(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	number, err := strconv.Atoi(c.FormValue("number"))
	if err != nil || number < 1 {
		return errs.Invalid("error.revision")
	}
	base, _ := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	if _, err := h.st.RestoreRevision(c.Request().Context(), userOf(c), id, base, number); err != nil {
		if errs.Is(err, errs.KindConflict) {
			return errs.Conflict("conflict.transition")
		}
		return err
	}
	if err := h.flash(c, "flash.restored"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.StudioCaseURL(id))
}
