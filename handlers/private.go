package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// The page of a case's private fields (store/private.go): shown to those
// workflow.CanReadPrivate allows, each showing of values an audit entry
// the store writes before handing them out; saved by its own form, which
// carries the fingerprint of each value it was opened on, so that a save
// never overwrites unseen what someone saved meanwhile.

// privateRows is how many lines each field's box shows.
var privateRows = map[string]int{store.PrivateNotes: 10}

// privatePage shows the private fields of a case, or gives back a form
// of them that was sent after its session had ended.
func (h *Handler) privatePage(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := userOf(c)
	c.Response().Header().Set("Cache-Control", "no-store")
	if c.Request().Method == http.MethodHead {
		// The answer has no body: nothing is read, so nothing is
		// recorded, but the status is the page's.
		d, err := h.st.CaseDetail(ctx, id)
		if err != nil {
			return err
		}
		if !workflow.CanReadPrivate(u.Actor(), d.Workflow()) {
			return errs.Forbidden("error.403.message")
		}
		return c.NoContent(http.StatusOK)
	}
	page, err := h.st.ReadPrivate(ctx, u, id)
	if errs.Is(err, errs.KindForbidden) {
		// A form this person sent here after their session ended is
		// not theirs to have back.
		if _, _, terr := h.st.TakePending(ctx, u.ID, c.Request().URL.Path); terr != nil {
			return terr
		}
	}
	if err != nil {
		return err
	}
	kept, ok, err := h.st.TakePending(ctx, u.ID, c.Request().URL.Path)
	if err != nil {
		return err
	}
	p := h.printer(c)
	if !ok {
		return h.renderPrivate(c, http.StatusOK, page.Detail, privateInputs(p, page.Fields, nil, nil, nil), "", "")
	}
	// What the person sent is given back, merged as a save would merge
	// it with what was saved since; Save then decides.
	sent := privateEdits(kept)
	merge := map[string]store.PrivateMerge{}
	for _, e := range sent {
		merge[e.Key] = store.MergePrivate(page.Field(e.Key), e)
	}
	return h.renderPrivate(c, http.StatusOK, page.Detail, privateInputs(p, page.Fields, sent, merge, nil), "", p.T("private.kept"))
}

// savePrivate saves the private fields a form sent: the fields it holds,
// each as the person left it unless someone else changed it meanwhile.
func (h *Handler) savePrivate(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	c.Response().Header().Set("Cache-Control", "no-store")
	// Refused before anything sent is looked at; the store asks again
	// inside its transaction.
	d, err := h.st.CaseDetail(ctx, id)
	if err != nil {
		return err
	}
	if !workflow.CanWritePrivate(userOf(c).Actor(), d.Workflow()) {
		return errs.Forbidden("error.403.message")
	}
	form, err := c.FormParams()
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	sent := privateEdits(form)
	if len(sent) == 0 {
		return errs.Invalid("error.400.heading")
	}
	changed, err := h.st.SavePrivate(ctx, userOf(c), id, sent)
	p := h.printer(c)
	var fe content.FieldErrors
	var conflict *store.PrivateConflict
	switch {
	case errors.As(err, &fe):
		return h.renderPrivate(c, http.StatusUnprocessableEntity, d, privateInputs(p, nil, sent, nil, fe), p.T("private.errors"), "")
	case errors.As(err, &conflict):
		return h.renderPrivate(c, http.StatusConflict, d, privateInputs(p, conflict.Current, sent, conflict.Merge, nil), p.T("private.conflict"), "")
	case err != nil:
		return err
	}
	msg := "flash.private"
	if len(changed) == 0 {
		msg = "flash.private_same"
	}
	if err := h.flash(c, msg); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.PrivateURL(id))
}

// privateEdits reads the private fields a form holds, with the
// fingerprint of the value each was opened on; a field the form does not
// hold is left as it is.
func privateEdits(form url.Values) []store.PrivateEdit {
	var out []store.PrivateEdit
	for _, k := range store.PrivateKeys() {
		if vs, ok := form[store.PrivateInput(k)]; ok && len(vs) > 0 {
			out = append(out, store.PrivateEdit{Key: k, Value: vs[0], Seen: form.Get("seen_" + k)})
		}
	}
	return out
}

// privateInputs builds the page's inputs from the fields as stored
// (current; nil when they were not read, after values too long) and,
// after a form was sent, from what it held (sent) and what a save makes
// of each field (merge): the person's text stays where it is theirs, and
// the text someone saved meanwhile is shown beside it where both
// changed the field, or in it where only they did. fe are the errors
// beside the inputs.
func privateInputs(p *i18n.Printer, current []store.PrivateField, sent []store.PrivateEdit, merge map[string]store.PrivateMerge, fe content.FieldErrors) []views.PrivateField {
	var out []views.PrivateField
	for _, k := range store.PrivateKeys() {
		cur := store.PrivateField{Key: k}
		for _, f := range current {
			if f.Key == k {
				cur = f
			}
		}
		rows := privateRows[k]
		if rows == 0 {
			rows = 3
		}
		f := views.PrivateField{
			Key: k, Input: store.PrivateInput(k), Rows: rows,
			Label: p.T("private.field." + k), Hint: p.T("private.hint." + k), Limit: p.T("private.limit", store.PrivateLimit(k)),
			Value: cur.Value, Seen: store.PrivateSeen(cur.Value), Updated: views.PrivateUpdated(p, cur.UpdatedBy, cur.UpdatedAt),
		}
		by := cur.UpdatedBy
		if by == "" {
			by = p.T("private.someone")
		}
		for _, e := range sent {
			if e.Key != k {
				continue
			}
			m, merged := merge[k]
			switch {
			case !merged || m == store.PrivateYours:
				f.Value, f.Seen = e.Value, e.Seen
			case m == store.PrivateTheirs:
				f.Note = p.T("private.merged", by)
			case m == store.PrivateCollision:
				f.Value = e.Value
				theirs := cur.Value
				if theirs == "" {
					f.Note = p.T("private.theirs_empty", by, views.PrivateTime(p, cur.UpdatedAt))
				} else {
					f.Note, f.Theirs = p.T("private.theirs", by, views.PrivateTime(p, cur.UpdatedAt)), &theirs
				}
			}
		}
		if key, bad := fe[f.Input]; bad && key == "private.too_long" {
			f.Error = p.T("private.too_long", store.PrivateLimit(k), utf8.RuneCountInString(store.NormalizePrivate(f.Value)))
		} else if bad {
			f.Error = p.T(key)
		}
		out = append(out, f)
	}
	return out
}

// renderPrivate renders the page of the private fields of d with the
// inputs; problem is the summary of a refused save, and flash a message
// on top.
func (h *Handler) renderPrivate(c echo.Context, status int, d *store.CaseDetail, fields []views.PrivateField, problem, flash string) error {
	p := h.printer(c)
	heading := p.T("private.heading", d.Working.Content.DisplayName(p.Lang()))
	sp, err := h.studioPage(c, heading)
	if err != nil {
		return err
	}
	if flash != "" {
		sp.Flash = flash
	}
	vm := views.PrivatePage{StudioPage: sp, ID: d.Case.ID, Heading: heading, Fields: fields, Error: problem}
	return h.render(c, status, views.PrivateView(vm))
}
