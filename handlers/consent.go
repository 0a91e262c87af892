package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// The page of a case's consent records and takedown requests, and its
// three forms: record a consent decision, register a takedown request,
// decide one. Each form refused (a field missing, a date that is none, a
// form older than a record written since, a session that ended) comes
// back on the page with what was typed and a message beside the input;
// nothing is written. The store checks who may act again, inside its
// transaction. Like every studio page it is never stored by a cache
// (requireUser), and its private texts are read only for the people
// workflow.CanReadConsent names (store.ConsentPage).

// consentState is what a refused form sends back to the consent page.
type consentState struct {
	status   int
	consent  views.ConsentForm
	takedown views.TakedownForm
	decide   views.DecideForm
	// kept says the form was sent after the session had ended and given
	// back after signing in.
	kept bool
}

func (h *Handler) consentPage(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	st := consentState{status: http.StatusOK}
	kept, ok, err := h.st.TakePending(c.Request().Context(), userOf(c).ID, c.Request().URL.Path)
	if err != nil {
		return err
	}
	if ok {
		st = keptConsent(kept)
	}
	return h.renderConsent(c, id, st)
}

// keptConsent puts a form sent after the session had ended back into the
// form it came from, told apart by its fields.
func keptConsent(form url.Values) consentState {
	st := consentState{status: http.StatusOK, kept: true}
	switch {
	case form.Has("request"):
		st.decide = decideForm(form)
	case form.Has("requester") || form.Has("received_on"):
		st.takedown = takedownForm(form)
	default:
		st.consent = consentForm(form)
	}
	return st
}

func (h *Handler) renderConsent(c echo.Context, id int64, st consentState) error {
	u := userOf(c)
	page, err := h.st.ConsentPage(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	p := h.printer(c)
	wc := page.Detail.Workflow()
	heading := p.T("consent.title", page.Detail.Working.Content.DisplayName(p.Lang()))
	sp, err := h.studioPage(c, heading)
	if err != nil {
		return err
	}
	if st.kept {
		sp.Flash = p.T("consent.kept")
	}
	vm := views.ConsentPage{
		StudioPage:  sp,
		ID:          id,
		Heading:     heading,
		Private:     page.Private,
		CanRecord:   workflow.CanRecordConsent(u.Actor(), wc),
		CanRegister: workflow.CanRegisterTakedown(u.Actor(), wc),
		CanDecide:   workflow.CanDecideTakedown(u.Actor()),
		HasLive:     wc.HasLive,
		Scheduled:   wc.State == workflow.Scheduled,
		Current:     page.Current,
		Records:     page.Records,
		Takedowns:   page.Takedowns,
		Consent:     st.consent,
		Takedown:    st.takedown,
		Decide:      st.decide,
	}
	// The page shows every record there is now: a form sent from it is
	// based on them.
	vm.Consent.Base = page.Latest
	return h.render(c, st.status, views.ConsentView(vm))
}

func consentForm(form url.Values) views.ConsentForm {
	return views.ConsentForm{Party: form.Get("party"), Subject: form.Get("subject"), Decision: form.Get("decision"),
		On: form.Get("decided_on"), Note: form.Get("note")}
}

func takedownForm(form url.Values) views.TakedownForm {
	return views.TakedownForm{ReceivedOn: form.Get("received_on"), Requester: form.Get("requester"), Asked: form["asked"], Details: form.Get("details")}
}

func decideForm(form url.Values) views.DecideForm {
	req, _ := strconv.ParseInt(form.Get("request"), 10, 64)
	return views.DecideForm{Request: req, Decision: form.Get("decision"), Reason: form.Get("reason")}
}

// refusal is what a form's refusal shows: the message above the form,
// the messages beside its inputs, and the status; ok is false for an
// error the error page answers (not found, forbidden, internal).
func (h *Handler) refusal(c echo.Context, err error, summary, conflict string) (status int, msg string, fields map[string]string, ok bool) {
	p := h.printer(c)
	var fe content.FieldErrors
	switch {
	case errors.As(err, &fe):
		fields = map[string]string{}
		for k, key := range fe {
			fields[k] = p.T(key)
		}
		return http.StatusUnprocessableEntity, p.T(summary), fields, true
	case errs.Is(err, errs.KindConflict):
		return http.StatusConflict, p.T(conflict), nil, true
	}
	return 0, "", nil, false
}

// recordConsent writes a consent record.
func (h *Handler) recordConsent(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	in := store.ConsentInput{Party: form.Get("party"), Subject: form.Get("subject"), Decision: form.Get("decision"), On: form.Get("decided_on"), Note: form.Get("note")}
	in.Base, _ = strconv.ParseInt(form.Get("base"), 10, 64)
	_, err = h.st.RecordConsent(c.Request().Context(), userOf(c), id, in)
	if err == nil {
		if err := h.flash(c, "flash.consent"); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, views.ConsentURL(id)+"#consent-h")
	}
	status, msg, fields, ok := h.refusal(c, err, "consent.error.summary", "consent.conflict")
	if !ok {
		return err
	}
	st := consentState{status: status, consent: consentForm(form)}
	st.consent.Error, st.consent.Errors = msg, fields
	return h.renderConsent(c, id, st)
}

// registerTakedown writes a takedown request.
func (h *Handler) registerTakedown(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	in := store.TakedownInput{ReceivedOn: form.Get("received_on"), Requester: form.Get("requester"), Asked: form["asked"], Details: form.Get("details")}
	_, err = h.st.RegisterTakedown(c.Request().Context(), userOf(c), id, in)
	if err == nil {
		if err := h.flash(c, "flash.takedown"); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, views.ConsentURL(id)+"#takedowns-h")
	}
	status, msg, fields, ok := h.refusal(c, err, "takedown.error.summary", "takedown.conflict")
	if !ok {
		return err
	}
	st := consentState{status: status, takedown: takedownForm(form)}
	st.takedown.Error, st.takedown.Errors = msg, fields
	return h.renderConsent(c, id, st)
}

// decideTakedown records a decision on a takedown request; "removed"
// takes a published case off the public site in the same transaction.
func (h *Handler) decideTakedown(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	if !workflow.CanDecideTakedown(userOf(c).Actor()) {
		return errs.Forbidden("takedown.error.forbidden")
	}
	form, err := c.FormParams()
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	in := store.DecisionInput{Decision: form.Get("decision"), Reason: form.Get("reason")}
	in.Request, err = strconv.ParseInt(strings.TrimSpace(form.Get("request")), 10, 64)
	if err != nil || in.Request <= 0 {
		// No request named: not a form of the page.
		return errs.Invalid("error.400.heading")
	}
	in.Base, _ = strconv.ParseInt(form.Get("base"), 10, 64)
	down, err := h.st.DecideTakedown(c.Request().Context(), userOf(c), id, in)
	if err == nil {
		msg := "flash.takedown_decided"
		if down {
			msg = "flash.takedown_removed"
		}
		if err := h.flash(c, msg); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, views.ConsentURL(id)+"#takedown-"+strconv.FormatInt(in.Request, 10))
	}
	status, msg, fields, ok := h.refusal(c, err, "takedown.error.decide_summary", "takedown.conflict")
	if !ok {
		return err
	}
	st := consentState{status: status, decide: decideForm(form)}
	st.decide.Error, st.decide.Errors = msg, fields
	return h.renderConsent(c, id, st)
}
