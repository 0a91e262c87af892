package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/views"
	"casebook/workflow"
)

// canManageAccounts refuses whoever workflow.CanManageAccounts refuses.
func canManageAccounts(c echo.Context) error {
	if !workflow.CanManageAccounts(userOf(c).Actor()) {
		return errs.Forbidden("error.403.message")
	}
	return nil
}

func (h *Handler) users(c echo.Context) error {
	if err := canManageAccounts(c); err != nil {
		return err
	}
	return h.renderUsers(c, http.StatusOK, views.UsersPage{InviteRole: string(workflow.Researcher)})
}

func (h *Handler) renderUsers(c echo.Context, status int, vm views.UsersPage) error {
	ctx := c.Request().Context()
	list, err := h.st.Users(ctx)
	if err != nil {
		return err
	}
	required, err := h.st.Required2FA(ctx)
	if err != nil {
		return err
	}
	p := h.printer(c)
	sp, err := h.studioPage(c, p.T("users.title"))
	if err != nil {
		return err
	}
	vm.StudioPage, vm.Users, vm.Me, vm.Required = sp, list, userOf(c).ID, required
	return h.render(c, status, views.UsersView(vm))
}

// oneTimeLink is the address of a set-password link on this server.
func (h *Handler) oneTimeLink(c echo.Context, token string) string {
	return h.baseURL(c) + "/password?token=" + token
}

func (h *Handler) inviteUser(c echo.Context) error {
	if err := canManageAccounts(c); err != nil {
		return err
	}
	email, name, role := c.FormValue("email"), c.FormValue("name"), c.FormValue("role")
	u, token, err := h.st.InviteUser(c.Request().Context(), userOf(c), email, name, role)
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		return h.renderUsers(c, http.StatusUnprocessableEntity, views.UsersPage{InviteEmail: email, InviteName: name, InviteRole: role, Errors: fe})
	}
	if err != nil {
		return err
	}
	// The link is shown once, on this answer, and never stored in a
	// form that could be read back.
	return h.renderUsers(c, http.StatusOK, views.UsersPage{InviteRole: string(workflow.Researcher), Link: h.oneTimeLink(c, token), Linked: u})
}

func userParam(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.NotFound("error.404.message")
	}
	return id, nil
}

func (h *Handler) userAction(c echo.Context, do func(id int64) error, flash string) error {
	if err := canManageAccounts(c); err != nil {
		return err
	}
	id, err := userParam(c)
	if err != nil {
		return err
	}
	if err := do(id); err != nil {
		return err
	}
	if err := h.flash(c, flash); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/users#user-"+strconv.FormatInt(id, 10))
}

func (h *Handler) userRole(c echo.Context) error {
	return h.userAction(c, func(id int64) error {
		return h.st.SetRole(c.Request().Context(), userOf(c), id, c.FormValue("role"))
	}, "flash.user_saved")
}

func (h *Handler) userDisable(c echo.Context) error {
	return h.userAction(c, func(id int64) error {
		return h.st.SetDisabled(c.Request().Context(), userOf(c), id, true)
	}, "flash.user_disabled")
}

func (h *Handler) userEnable(c echo.Context) error {
	return h.userAction(c, func(id int64) error {
		return h.st.SetDisabled(c.Request().Context(), userOf(c), id, false)
	}, "flash.user_enabled")
}

func (h *Handler) user2FAReset(c echo.Context) error {
	return h.userAction(c, func(id int64) error {
		return h.st.DisableTOTP(c.Request().Context(), userOf(c), id)
	}, "flash.user_2fa_reset")
}

func (h *Handler) userReset(c echo.Context) error {
	if err := canManageAccounts(c); err != nil {
		return err
	}
	id, err := userParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	token, err := h.st.ResetPassword(ctx, userOf(c), id)
	if err != nil {
		return err
	}
	u, err := h.st.UserByID(ctx, id)
	if err != nil {
		return err
	}
	return h.renderUsers(c, http.StatusOK, views.UsersPage{InviteRole: string(workflow.Researcher), Link: h.oneTimeLink(c, token), Linked: u})
}

func (h *Handler) saveRequired2FA(c echo.Context) error {
	if err := canChangeSettings(c); err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	var roles []workflow.Role
	for _, r := range form["require_2fa"] {
		if role, ok := workflow.ParseRole(r); ok {
			roles = append(roles, role)
		}
	}
	if err := h.st.SetRequired2FA(c.Request().Context(), userOf(c), roles); err != nil {
		return err
	}
	if err := h.flash(c, "flash.settings"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/settings")
}

// canChangeSettings refuses whoever workflow.CanChangeSettings refuses.
func canChangeSettings(c echo.Context) error {
	if !workflow.CanChangeSettings(userOf(c).Actor()) {
		return errs.Forbidden("error.403.message")
	}
	return nil
}
