package views

import (
	"strings"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

// ConsentURL is the page of a case's consent records and takedown
// requests; its consent form posts to it.
func ConsentURL(id int64) string { return StudioCaseURL(id) + "/consent" }

// TakedownsURL registers a takedown request of a case.
func TakedownsURL(id int64) string { return StudioCaseURL(id) + "/takedowns" }

// TakedownDecideURL records a decision on a takedown request of a case.
func TakedownDecideURL(id int64) string { return TakedownsURL(id) + "/decide" }

// ConsentPage is the page of a case's consent records and takedown
// requests.
type ConsentPage struct {
	StudioPage
	ID      int64
	Heading string
	// Private says the reader sees the private texts: the notes, who
	// asked for a takedown and in what words, why it was decided so.
	Private bool
	// CanRecord, CanRegister and CanDecide offer the forms.
	CanRecord, CanRegister, CanDecide bool
	// HasLive says a decision "removed" takes the case off the public
	// site now; Scheduled that the case waits for a planned publication,
	// which such a decision does not cancel.
	HasLive   bool
	Scheduled bool
	Current   []store.ConsentRecord
	Records   []store.ConsentRecord
	Takedowns []store.TakedownRequest
	Consent   ConsentForm
	Takedown  TakedownForm
	Decide    DecideForm
}

// ConsentForm is the consent form's values and, after a refusal, its
// messages by input (Errors) and above it (Error).
type ConsentForm struct {
	Party, Subject, Decision, On, Note string
	Base                               int64
	Errors                             map[string]string
	Error                              string
}

// TakedownForm is the form that registers a takedown request.
type TakedownForm struct {
	ReceivedOn, Requester, Details string
	Asked                          []string
	Errors                         map[string]string
	Error                          string
}

// DecideForm is the decision form of the request Request after a
// refusal: what was sent, and the messages; the other requests' forms
// are empty.
type DecideForm struct {
	Request          int64
	Decision, Reason string
	Errors           map[string]string
	Error            string
}

// ConsentBox is the consent state the case page shows beside the
// publish button.
type ConsentBox struct {
	// Lines are the subjects, each with its decision in force.
	Lines []ConsentLine
	// Held says a scheduled publication will be held when it falls due;
	// LivePhoto that the public profile shows a photo now refused.
	Held, LivePhoto bool
	// Pending counts the takedown requests without a decision.
	Pending int
}

// ConsentLine is one subject's consent in force: its decision ("" when
// none was recorded), whose it is and when it was made.
type ConsentLine struct {
	Subject, Decision, Party string
	On                       content.Date
}

// ConsentBoxOf is the box of a case whose consent in force is current,
// with pending requests waiting, as the rules see the case c.
func ConsentBoxOf(current []store.ConsentRecord, pending int, c workflow.Case) ConsentBox {
	box := ConsentBox{Pending: pending, Held: c.State == workflow.Scheduled && c.PhotoConsentHolds(), LivePhoto: c.LivePhotoRefused()}
	for _, s := range workflow.ConsentSubjects() {
		line := ConsentLine{Subject: s}
		for _, r := range current {
			if r.Subject == s {
				line.Decision, line.Party, line.On = r.Decision, r.Party, r.On
			}
		}
		box.Lines = append(box.Lines, line)
	}
	return box
}

// consentClass is the badge of a consent decision.
func consentClass(decision string) string { return "state consent-" + decision }

// takedownClass is the badge of a takedown request's state.
func takedownClass(state string) string { return "state takedown-" + state }

// consentSubjectInput and the other ids name the inputs of the forms, so
// that a message beside an input and its label point at it.
func decideID(req int64, name string) string { return "decide-" + i64(req) + "-" + name }

// askedList names what a request asks, in the reader's language.
func askedList(p *i18n.Printer, asked []string) string {
	names := make([]string, len(asked))
	for i, a := range asked {
		names[i] = p.TOr("takedown.asked."+a, a)
	}
	return strings.Join(names, ", ")
}

// auditConsent words the audit entry of a consent record, a takedown
// request or a decision on one: codes and numbers, never the private
// texts, which the entries do not hold.
func auditConsent(p *i18n.Printer, args any) string {
	switch a := args.(type) {
	case store.AuditConsent:
		return p.T("audit.detail.consent", p.TOr("consent.subject."+a.Subject, a.Subject), p.TOr("consent.decision."+a.Decision, a.Decision),
			p.TOr("consent.party."+a.Party, a.Party), p.Date(content.Date(a.On)))
	case store.AuditTakedown:
		return p.T("audit.detail.takedown_register", a.Request, askedList(p, a.Asked))
	case store.AuditTakedownDecision:
		key := "audit.detail.takedown_decide"
		if a.Unpublished {
			key = "audit.detail.takedown_unpublished"
		}
		return p.T(key, a.Request, p.TOr("takedown.decision."+a.Decision, a.Decision))
	}
	return ""
}

// decideError is the message beside input name of r's decision form,
// after a refusal of that form.
func decideError(vm ConsentPage, r store.TakedownRequest, name string) string {
	if vm.Decide.Request != r.ID {
		return ""
	}
	return vm.Decide.Errors[name]
}

// decideValue is the reason sent in r's decision form, after a refusal of
// that form.
func decideValue(vm ConsentPage, r store.TakedownRequest) string {
	if vm.Decide.Request != r.ID {
		return ""
	}
	return vm.Decide.Reason
}
