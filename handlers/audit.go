package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"casebook/errs"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

const auditPage = 100

// idParam reads an optional positive id from the query.
func idParam(c echo.Context, name string) (int64, error) {
	raw := strings.TrimSpace(c.QueryParam(name))
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 1 {
		return 0, errs.Invalid("error.bad_id")
	}
	return n, nil
}

// audit shows the audit log to editors and admins, filterable by case and
// by person.
func (h *Handler) audit(c echo.Context) error {
	if !workflow.CanReadAudit(userOf(c).Actor()) {
		return errs.Forbidden("error.403.message")
	}
	caseID, err := idParam(c, "case")
	if err != nil {
		return err
	}
	actorID, err := idParam(c, "user")
	if err != nil {
		return err
	}
	before, err := idParam(c, "before")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	entries, err := h.st.AuditLog(ctx, store.AuditQuery{CaseID: caseID, ActorID: actorID, Before: before, Limit: auditPage})
	if err != nil {
		return err
	}
	users, err := h.st.Users(ctx)
	if err != nil {
		return err
	}
	p := h.printer(c)
	sp, err := h.studioPage(c, p.T("audit.title"))
	if err != nil {
		return err
	}
	vm := views.AuditPage{StudioPage: sp, Entries: entries, Users: users, CaseID: caseID, ActorID: actorID}
	if len(entries) == auditPage {
		vm.NextURL = views.AuditNext(caseID, actorID, entries[len(entries)-1].ID)
	}
	return h.render(c, http.StatusOK, views.AuditView(vm))
}
