package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"casebook/views"
)

func (h *Handler) settings(c echo.Context) error {
	if err := canChangeSettings(c); err != nil {
		return err
	}
	on, err := h.st.FourEyes(c.Request().Context())
	if err != nil {
		return err
	}
	corrections, err := h.st.Corrections(c.Request().Context())
	if err != nil {
		return err
	}
	required, err := h.st.Required2FA(c.Request().Context())
	if err != nil {
		return err
	}
	p := h.printer(c)
	sp, err := h.studioPage(c, p.T("settings.title"))
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, views.SettingsView(views.SettingsPage{StudioPage: sp, FourEyes: on, Corrections: corrections, Forced: !h.rules.FourEyes, Required: required}))
}

func (h *Handler) saveSettings(c echo.Context) error {
	if err := h.st.SetFourEyes(c.Request().Context(), userOf(c), c.FormValue("four_eyes") == "on"); err != nil {
		return err
	}
	if err := h.st.SetCorrections(c.Request().Context(), userOf(c), c.FormValue("corrections") == "on"); err != nil {
		return err
	}
	if err := h.flash(c, "flash.settings"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/settings")
}
