package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// parseCaseForm copies the form's fields over base, so that fields the form
// does not show (added by import or a later version of the form) survive
// an edit. Dates are kept as typed; validation reports the bad ones.
func parseCaseForm(c echo.Context, base *content.Case) (*content.Case, error) {
	form, err := c.FormParams()
	if err != nil {
		return nil, errs.Invalid("error.400.heading")
	}
	cc := base.Clone()
	get := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	for _, l := range content.Langs() {
		t := cc.Text(l)
		sfx := "_" + string(l)
		t.Name = get("name" + sfx)
		t.Headline = get("headline" + sfx)
		t.Statement = get("statement" + sfx)
		t.Body = form.Get("body" + sfx)
		t.Sentence = get("sentence" + sfx)
		t.Locality = get("locality" + sfx)
	}
	cc.Status = get("status")
	cc.Custody = get("custody")
	cc.Region = get("region")
	cc.RecognizedOn = content.Date(get("recognized_on"))
	cc.DetainedOn = content.Date(get("detained_on"))
	cc.SentencedOn = content.Date(get("sentenced_on"))
	cc.Articles = form["articles"]
	cc.Categories = form["categories"]
	cc.Normalize()
	return cc, nil
}

func newCaseContent() *content.Case {
	c := &content.Case{Status: "political_prisoner"}
	c.Normalize()
	return c
}

func (h *Handler) formPage(c echo.Context, title string) (views.CaseFormPage, error) {
	refs, err := h.st.References(c.Request().Context())
	if err != nil {
		return views.CaseFormPage{}, err
	}
	sp, err := h.studioPage(c, title)
	if err != nil {
		return views.CaseFormPage{}, err
	}
	vm := views.CaseFormPage{StudioPage: sp, Refs: refs, Heading: title}
	return vm, nil
}

func (h *Handler) newCase(c echo.Context) error {
	if !workflow.CanCreate(userOf(c).Actor()) {
		return errs.Forbidden("error.403.message")
	}
	vm, err := h.formPage(c, h.printer(c).T("title.new_case"))
	if err != nil {
		return err
	}
	vm.New, vm.Action, vm.Content = true, "/studio/cases/new", newCaseContent()
	return h.render(c, http.StatusOK, views.CaseFormView(vm))
}

func (h *Handler) createCase(c echo.Context) error {
	u := userOf(c)
	if !workflow.CanCreate(u.Actor()) {
		return errs.Forbidden("error.403.message")
	}
	cc, err := parseCaseForm(c, newCaseContent())
	if err != nil {
		return err
	}
	id, err := h.st.CreateCase(c.Request().Context(), u, cc)
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		vm, err := h.formPage(c, h.printer(c).T("title.new_case"))
		if err != nil {
			return err
		}
		vm.New, vm.Action, vm.Content, vm.Errors = true, "/studio/cases/new", cc, fe
		return h.render(c, http.StatusUnprocessableEntity, views.CaseFormView(vm))
	}
	if err != nil {
		return err
	}
	if err := h.flash(c, "flash.created"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.StudioCaseURL(id))
}

func (h *Handler) editCase(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	d, err := h.st.CaseDetail(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if !workflow.CanEdit(userOf(c).Actor(), d.Workflow()) {
		return errs.Forbidden("error.403.message")
	}
	p := h.printer(c)
	vm, err := h.formPage(c, p.T("title.edit", d.Working.Content.DisplayName(p.Lang())))
	if err != nil {
		return err
	}
	vm.ID, vm.Action, vm.Revision, vm.Content = id, editURL(id), d.Working.ID, d.Working.Content
	return h.render(c, http.StatusOK, views.CaseFormView(vm))
}

func editURL(id int64) string { return views.StudioCaseURL(id) + "/edit" }

// saveCase writes the form as a new revision. A form based on an older
// revision is not saved: the person gets their text back beside what
// changed meanwhile, to merge by hand.
func (h *Handler) saveCase(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := userOf(c)
	d, err := h.st.CaseDetail(ctx, id)
	if err != nil {
		return err
	}
	if !workflow.CanEdit(u.Actor(), d.Workflow()) {
		return errs.Forbidden("error.403.message")
	}
	base, _ := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	cc, err := parseCaseForm(c, d.Working.Content)
	if err != nil {
		return err
	}
	before := d.Case.WorkingRevisionID
	rev, err := h.st.SaveRevision(ctx, u, id, base, cc)
	p := h.printer(c)
	var fe content.FieldErrors
	var stale *store.StaleError
	switch {
	case errors.As(err, &fe):
		vm, err := h.formPage(c, p.T("title.edit", d.Working.Content.DisplayName(p.Lang())))
		if err != nil {
			return err
		}
		vm.ID, vm.Action, vm.Revision, vm.Content, vm.Errors = id, editURL(id), base, cc, fe
		return h.render(c, http.StatusUnprocessableEntity, views.CaseFormView(vm))
	case errors.As(err, &stale):
		vm, err := h.formPage(c, p.T("title.edit", d.Working.Content.DisplayName(p.Lang())))
		if err != nil {
			return err
		}
		// The form now carries the current revision: saving it again is a
		// deliberate choice made with the differences in view.
		vm.ID, vm.Action, vm.Revision, vm.Content = id, editURL(id), stale.Current.ID, cc
		vm.Conflict = &views.Conflict{Current: stale.Current, Fields: conflictFields(p, cc, stale.Current.Content)}
		return h.render(c, http.StatusConflict, views.CaseFormView(vm))
	case err != nil:
		return err
	}
	msg := "flash.saved"
	if rev.ID == before {
		msg = "flash.unchanged"
	}
	if err := h.flash(c, msg); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.StudioCaseURL(id))
}

// conflictFields lists the fields whose current value differs from what the
// person submitted, with the current value to merge from.
func conflictFields(p *i18n.Printer, mine, current *content.Case) []views.ConflictField {
	var out []views.ConflictField
	add := func(label, a, b string) {
		if a != b {
			out = append(out, views.ConflictField{Label: label, Current: b})
		}
	}
	for _, l := range content.Langs() {
		m, c := mine.Text(l), current.Text(l)
		suffix := " (" + p.T("lang.name_"+string(l)) + ")"
		add(p.T("field.name")+suffix, m.Name, c.Name)
		add(p.T("field.headline")+suffix, m.Headline, c.Headline)
		add(p.T("field.statement")+suffix, m.Statement, c.Statement)
		add(p.T("field.body")+suffix, m.Body, c.Body)
		add(p.T("field.sentence")+suffix, m.Sentence, c.Sentence)
		add(p.T("field.locality")+suffix, m.Locality, c.Locality)
	}
	add(p.T("field.status"), mine.Status, current.Status)
	add(p.T("field.custody"), mine.Custody, current.Custody)
	add(p.T("field.region"), mine.Region, current.Region)
	add(p.T("field.recognized_on"), string(mine.RecognizedOn), string(current.RecognizedOn))
	add(p.T("field.detained_on"), string(mine.DetainedOn), string(current.DetainedOn))
	add(p.T("field.sentenced_on"), string(mine.SentencedOn), string(current.SentencedOn))
	add(p.T("field.articles"), strings.Join(mine.Articles, ", "), strings.Join(current.Articles, ", "))
	add(p.T("field.categories"), strings.Join(mine.Categories, ", "), strings.Join(current.Categories, ", "))
	return out
}
