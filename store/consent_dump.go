package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"casebook/workflow"
)

// A case's consent records and takedown requests travel with its private
// fields: only in an export made with them (`casebook export
// --include-private`), under "private", and an import of such a file
// writes them back as they were, append-only as ever.

// DumpConsent is a consent record in an export.
type DumpConsent struct {
	Party      string `json:"party"`
	Subject    string `json:"subject"`
	Decision   string `json:"decision"`
	On         string `json:"on"`
	Note       string `json:"note,omitempty"`
	RecordedBy string `json:"recorded_by,omitempty"`
	RecordedAt string `json:"recorded_at"`
}

// DumpTakedown is a takedown request in an export, with its decisions,
// oldest first.
type DumpTakedown struct {
	ReceivedOn string                 `json:"received_on"`
	Requester  string                 `json:"requester"`
	Asked      []string               `json:"asked"`
	Details    string                 `json:"details,omitempty"`
	RecordedBy string                 `json:"recorded_by,omitempty"`
	RecordedAt string                 `json:"recorded_at"`
	Decisions  []DumpTakedownDecision `json:"decisions,omitempty"`
}

// DumpTakedownDecision is one decision on a takedown request.
type DumpTakedownDecision struct {
	Decision  string `json:"decision"`
	Reason    string `json:"reason"`
	DecidedBy string `json:"decided_by,omitempty"`
	DecidedAt string `json:"decided_at"`
}

// exportConsent fills p with the case's consent records and takedown
// requests, oldest first, notes and all: read as the consent page reads
// them for a reader allowed their private texts.
func exportConsent(ctx context.Context, tx *sql.Tx, caseID int64, p *DumpPrivate, email func(sql.NullInt64) string) error {
	by := func(id int64) string { return email(sql.NullInt64{Int64: id, Valid: id != 0}) }
	records, err := consentRecords(ctx, tx, caseID, true)
	if err != nil {
		return err
	}
	for _, c := range slices.Backward(records) {
		p.Consent = append(p.Consent, DumpConsent{Party: c.Party, Subject: c.Subject, Decision: c.Decision, On: string(c.On),
			Note: c.Note, RecordedBy: by(c.RecordedBy), RecordedAt: formatTime(c.RecordedAt)})
	}
	requests, err := takedowns(ctx, tx, caseID, true)
	if err != nil {
		return err
	}
	for _, r := range slices.Backward(requests) {
		t := DumpTakedown{ReceivedOn: string(r.ReceivedOn), Requester: r.Requester, Asked: r.Asked, Details: r.Details,
			RecordedBy: by(r.RecordedBy), RecordedAt: formatTime(r.RecordedAt)}
		for _, d := range slices.Backward(r.Decisions) {
			t.Decisions = append(t.Decisions, DumpTakedownDecision{Decision: d.Decision, Reason: d.Reason, DecidedBy: by(d.DecidedBy), DecidedAt: formatTime(d.DecidedAt)})
		}
		p.Takedowns = append(p.Takedowns, t)
	}
	return nil
}

// consentProblems lists what is wrong with the consent records and
// takedown requests of a case in an import file.
func consentProblems(p *DumpPrivate, add func(field, key string)) {
	for _, c := range p.Consent {
		if !slices.Contains(workflow.ConsentParties(), c.Party) || !slices.Contains(workflow.ConsentSubjects(), c.Subject) ||
			!slices.Contains(workflow.ConsentDecisions(), c.Decision) {
			add("private.consent", "error.unknown_value")
		}
		if c.On == "" || parseTime(c.RecordedAt).IsZero() {
			add("private.consent", "error.date")
		}
	}
	for _, r := range p.Takedowns {
		if r.ReceivedOn == "" || parseTime(r.RecordedAt).IsZero() {
			add("private.takedowns", "error.date")
		}
		if len(r.Asked) == 0 {
			add("private.takedowns", "error.unknown_value")
		}
		for _, a := range r.Asked {
			if !slices.Contains(workflow.TakedownAsks(), a) {
				add("private.takedowns", "error.unknown_value")
			}
		}
		for _, d := range r.Decisions {
			if !slices.Contains(workflow.TakedownDecisions(), d.Decision) || parseTime(d.DecidedAt).IsZero() {
				add("private.takedowns", "error.unknown_value")
			}
		}
	}
}

// importConsent writes a case's consent records and takedown requests
// from an import file, with their times; user finds an account by e-mail
// (nil: nobody is named, as for an import of cases alone). It reports how
// many records it wrote.
func importConsent(ctx context.Context, tx *Tx, caseID int64, p *DumpPrivate, user func(string) (any, error)) (int, error) {
	who := func(email string) (any, error) {
		if user == nil || email == "" {
			return nil, nil
		}
		return user(email)
	}
	n := 0
	for _, c := range p.Consent {
		by, err := who(c.RecordedBy)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO consents (case_id, party, subject, decision, decided_on, note, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, caseID, c.Party, c.Subject, c.Decision, c.On, c.Note, by, c.RecordedAt); err != nil {
			return 0, err
		}
		n++
	}
	for _, r := range p.Takedowns {
		by, err := who(r.RecordedBy)
		if err != nil {
			return 0, err
		}
		asked, err := json.Marshal(r.Asked)
		if err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO takedown_requests (case_id, received_on, requester, asked, details, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, caseID, r.ReceivedOn, r.Requester, string(asked), r.Details, by, r.RecordedAt)
		if err != nil {
			return 0, err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return 0, err
		}
		n++
		for _, d := range r.Decisions {
			by, err := who(d.DecidedBy)
			if err != nil {
				return 0, err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO takedown_decisions (request_id, decision, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)`,
				id, d.Decision, d.Reason, by, d.DecidedAt); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}
