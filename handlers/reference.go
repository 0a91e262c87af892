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

// referenceKind checks that the person may manage reference lists and
// names one that exists.
func (h *Handler) referenceKind(c echo.Context) (store.RefKind, error) {
	if !workflow.CanManageReferences(userOf(c).Actor()) {
		return "", errs.Forbidden("error.403.message")
	}
	if c.Param("kind") == "" {
		return store.RefStatuses, nil
	}
	k, ok := store.ParseRefKind(c.Param("kind"))
	if !ok {
		return "", echo.ErrNotFound
	}
	return k, nil
}

func (h *Handler) references(c echo.Context) error {
	k, err := h.referenceKind(c)
	if err != nil {
		return err
	}
	return h.renderReferences(c, k, http.StatusOK, store.RefInput{}, nil, "")
}

func (h *Handler) renderReferences(c echo.Context, k store.RefKind, status int, add store.RefInput, fe content.FieldErrors, rowError string) error {
	ctx := c.Request().Context()
	refs, err := h.refs(ctx)
	if err != nil {
		return err
	}
	usage, err := h.st.RefUsage(ctx, k)
	if err != nil {
		return err
	}
	p := h.printer(c)
	sp, err := h.studioPage(c, p.T("ref.title"))
	if err != nil {
		return err
	}
	vm := views.ReferencePage{
		StudioPage: sp, Kind: k, Kinds: store.RefKinds(), Items: refs.List(k), Usage: usage,
		Add: add, Errors: fe, RowError: rowError,
	}
	return h.render(c, status, views.ReferenceView(vm))
}

func refInput(c echo.Context) store.RefInput {
	return store.RefInput{
		Code:    c.FormValue("code"),
		NameRU:  c.FormValue("name_ru"),
		NameEN:  c.FormValue("name_en"),
		Retired: c.FormValue("retired") == "yes",
		DescRU:  c.FormValue("description_ru"),
		DescEN:  c.FormValue("description_en"),
	}
}

func (h *Handler) addReference(c echo.Context) error {
	k, err := h.referenceKind(c)
	if err != nil {
		return err
	}
	in := refInput(c)
	err = h.st.AddRef(c.Request().Context(), userOf(c), k, in)
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		return h.renderReferences(c, k, http.StatusUnprocessableEntity, in, fe, "")
	}
	if err != nil {
		return err
	}
	if err := h.flash(c, "flash.ref_added"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/reference/"+string(k))
}

func (h *Handler) updateReference(c echo.Context) error {
	k, err := h.referenceKind(c)
	if err != nil {
		return err
	}
	in := refInput(c)
	in.Code = c.Param("code")
	err = h.st.UpdateRef(c.Request().Context(), userOf(c), k, in)
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		return h.renderReferences(c, k, http.StatusUnprocessableEntity, store.RefInput{}, nil, in.Code)
	}
	if err != nil {
		return err
	}
	if err := h.flash(c, "flash.ref_saved"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/reference/"+string(k)+"#ref-"+in.Code)
}

func (h *Handler) deleteReference(c echo.Context) error {
	k, err := h.referenceKind(c)
	if err != nil {
		return err
	}
	if err := h.st.DeleteRef(c.Request().Context(), userOf(c), k, c.Param("code")); err != nil {
		return err
	}
	if err := h.flash(c, "flash.ref_deleted"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/studio/reference/"+string(k))
}
