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
	page, err := h.st.HistoryPage(c.Request().Context(), id)
	if err != nil {
		return err
	}
	d := page.Detail
	p := h.printer(c)
	name := d.Working.Content.DisplayName(p.Lang())
	sp, err := h.studioPage(c, p.T("history.title", name))
	if err != nil {
		return err
	}
	vm := views.HistoryPage{
		StudioPage: sp, Heading: p.T("history.title", name), ID: id, Revisions: page.Revisions,
		WorkingID: d.Working.ID, CanRestore: workflow.CanEdit(userOf(c).Actor(), d.Workflow()),
		Reviews: map[int][]store.ReviewRecord{},
	}
	for _, r := range page.Reviews {
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
	cmp, err := h.st.Compare(c.Request().Context(), id, func(latest int) (a, b int, err error) {
		if a, err = revisionParam(c, "a", max(latest-1, 1)); err != nil {
			return 0, 0, err
		}
		b, err = revisionParam(c, "b", latest)
		return a, b, err
	})
	if err != nil {
		return err
	}
	d, ra, rb, latest := cmp.Detail, cmp.A, cmp.B, cmp.Detail.Working.Number
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
