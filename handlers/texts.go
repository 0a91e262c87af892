package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// texts lets editors change the site-wide texts in both languages.
func (h *Handler) texts(c echo.Context) error {
	if !workflow.CanEditSiteTexts(userOf(c).Actor()) {
		return errs.Forbidden("error.403.message")
	}
	texts, err := h.rawSiteTexts(c.Request().Context())
	if err != nil {
		return err
	}
	return h.renderTexts(c, http.StatusOK, texts, nil)
}

func (h *Handler) renderTexts(c echo.Context, status int, texts map[string]map[content.Lang]string, fe content.FieldErrors) error {
	p := h.printer(c)
	sp, err := h.studioPage(c, p.T("texts.title"))
	if err != nil {
		return err
	}
	// What an empty field stands for, in its own language.
	defaults := map[string]map[content.Lang]string{}
	for _, k := range store.SiteTextKeys() {
		defaults[k] = map[content.Lang]string{}
		for _, l := range content.Langs() {
			defaults[k][l] = h.cat.Printer(l).T(siteTextDefaults[k])
		}
	}
	return h.render(c, status, views.TextsView(views.TextsPage{StudioPage: sp, Keys: store.SiteTextKeys(), Texts: texts, Defaults: defaults, Errors: fe}))
}

func (h *Handler) saveTexts(c echo.Context) error {
	if !workflow.CanEditSiteTexts(userOf(c).Actor()) {
		return errs.Forbidden("error.403.message")
	}
	ctx := c.Request().Context()
	typed := map[string]map[content.Lang]string{}
	for _, k := range store.SiteTextKeys() {
		typed[k] = map[content.Lang]string{}
		for _, l := range content.Langs() {
			typed[k][l] = c.FormValue(k + "_" + string(l))
		}
	}
	for _, k := range store.SiteTextKeys() {
		for _, l := range content.Langs() {
			err := h.st.SetSiteText(ctx, userOf(c), k, l, typed[k][l])
			var fe content.FieldErrors
			if errors.As(err, &fe) {
				return h.renderTexts(c, http.StatusUnprocessableEntity, typed, fe)
			}
			if err != nil {
				return err
			}
		}
	}
	if err := h.flash(c, "flash.texts"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/texts")
}
