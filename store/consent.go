package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"casebook/content"
	"casebook/errs"
	"casebook/workflow"
)

// Consent records and the takedown register of a case (migration 0023).
// They live in tables of their own, never in a revision, so that nothing
// that renders, searches, exports or mirrors public content can reach
// them; the notes, who asked for a takedown and in what words, and why it
// was decided so are read only for the people workflow.CanReadConsent
// names, and no audit entry holds them. Records are never changed: a new
// one supersedes.

// Limits of the texts of the forms, in characters.
const (
	consentNoteLimit = 4000
	requesterLimit   = 500
)

// ConsentRecord is one consent decision on a case.
type ConsentRecord struct {
	ID       int64
	CaseID   int64
	Party    string
	Subject  string
	Decision string
	// On is the day (or month, or year) the decision was made or heard.
	On content.Date
	// Note is private: "" for a reader workflow.CanReadConsent refuses.
	Note           string
	RecordedBy     int64
	RecordedByName string
	RecordedAt     time.Time
}

// ConsentInput is a consent record as a form sends it.
type ConsentInput struct {
	Party, Subject, Decision, On, Note string
	// Base is the latest consent record of the case when the form was
	// opened, 0 with none: a record of the same subject written since
	// makes the form stale, so that nobody overrides a decision they have
	// not seen.
	Base int64
}

func (in *ConsentInput) normalize() {
	in.Party, in.Subject, in.Decision = strings.TrimSpace(in.Party), strings.TrimSpace(in.Subject), strings.TrimSpace(in.Decision)
	in.On, in.Note = strings.TrimSpace(in.On), strings.TrimSpace(in.Note)
}

// Validate names, by input, what is wrong with the record as message keys;
// nil when nothing is. now is today, for a date in the future.
func (in ConsentInput) Validate(now time.Time) content.FieldErrors {
	fe := content.FieldErrors{}
	if !slices.Contains(workflow.ConsentParties(), in.Party) {
		fe["party"] = "consent.error.party"
	}
	if !slices.Contains(workflow.ConsentSubjects(), in.Subject) {
		fe["subject"] = "consent.error.subject"
	}
	if !slices.Contains(workflow.ConsentDecisions(), in.Decision) {
		fe["decision"] = "consent.error.decision"
	}
	if msg := dayProblem(in.On, now); msg != "" {
		fe["decided_on"] = msg
	}
	if utf8.RuneCountInString(in.Note) > consentNoteLimit {
		fe["note"] = "consent.error.too_long"
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// dayProblem says what is wrong with the date of a record, as a message
// key, or "": it is needed, a date as the case form writes them (a day, a
// month or a year), and not after tomorrow (a person east of UTC may be a
// day ahead of the server).
func dayProblem(s string, now time.Time) string {
	if s == "" {
		return "consent.error.date_missing"
	}
	d, err := content.ParseDate(s)
	if err != nil {
		return "consent.error.date"
	}
	y, m, day := d.Parts()
	first := time.Date(y, time.Month(max(m, 1)), max(day, 1), 0, 0, 0, 0, time.UTC)
	if first.After(now.Add(24 * time.Hour)) {
		return "consent.error.date_future"
	}
	return ""
}

// RecordConsent writes a consent record of the case. A record of the same
// subject written after in.Base makes the form stale: nothing is written
// and the error is a conflict.
func (s *Store) RecordConsent(ctx context.Context, actor *User, caseID int64, in ConsentInput) (int64, error) {
	in.normalize()
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx.Tx, caseID)
	if err != nil {
		return 0, err
	}
	if !workflow.CanRecordConsent(actor.Actor(), d.Workflow()) {
		return 0, errs.Forbidden("consent.error.forbidden")
	}
	// Stale before invalid: the person reads what changed before
	// correcting the form and sending it again.
	var since int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM consents WHERE case_id = ? AND subject = ? AND id > ?`,
		caseID, in.Subject, in.Base).Scan(&since); err != nil {
		return 0, err
	}
	if since > 0 {
		return 0, errs.Conflict("consent.conflict")
	}
	if fe := in.Validate(tx.Now); fe != nil {
		return 0, invalid(fe)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO consents (case_id, party, subject, decision, decided_on, note, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, caseID, in.Party, in.Subject, in.Decision, in.On, in.Note, nullID(actor.ID), formatTime(tx.Now))
	if err != nil {
		return 0, err
	}
	id, _ := res.LastInsertId()
	if err := audit(ctx, tx, actor.ID, "consent.record", caseID, d.Case.WorkingRevisionID,
		AuditConsent{Party: in.Party, Subject: in.Subject, Decision: in.Decision, On: in.On}); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// TakedownRequest is a request to take a case, or part of it, down.
type TakedownRequest struct {
	ID         int64
	CaseID     int64
	ReceivedOn content.Date
	// Asked are codes of workflow.TakedownAsks.
	Asked []string
	// Requester and Details (who asked, and in what words) are private:
	// "" for a reader workflow.CanReadConsent refuses.
	Requester      string
	Details        string
	RecordedBy     int64
	RecordedByName string
	RecordedAt     time.Time
	// Decisions are the decisions on it, newest first: the first stands.
	Decisions []TakedownDecision
}

// State is the decision that stands, workflow.TakedownPending with none.
func (r *TakedownRequest) State() string {
	if len(r.Decisions) == 0 {
		return workflow.TakedownPending
	}
	return r.Decisions[0].Decision
}

// Latest is the decision that stands, 0 with none: the base of a new one.
func (r *TakedownRequest) Latest() int64 {
	if len(r.Decisions) == 0 {
		return 0
	}
	return r.Decisions[0].ID
}

// TakedownDecision is one decision on a takedown request.
type TakedownDecision struct {
	ID       int64
	Decision string
	// Reason is private: "" for a reader workflow.CanReadConsent refuses.
	Reason        string
	DecidedBy     int64
	DecidedByName string
	DecidedAt     time.Time
}

// TakedownInput is a takedown request as the form registers it.
type TakedownInput struct {
	ReceivedOn, Requester string
	Asked                 []string
	Details               string
}

func (in *TakedownInput) normalize() {
	in.ReceivedOn, in.Requester, in.Details = strings.TrimSpace(in.ReceivedOn), strings.TrimSpace(in.Requester), strings.TrimSpace(in.Details)
	var asked []string
	for _, a := range workflow.TakedownAsks() {
		if slices.Contains(in.Asked, a) {
			asked = append(asked, a)
		}
	}
	for _, a := range in.Asked {
		if !slices.Contains(workflow.TakedownAsks(), a) {
			// Kept, to be refused by Validate.
			asked = append(asked, a)
		}
	}
	in.Asked = asked
}

// Validate names, by input, what is wrong with the request as message
// keys; nil when nothing is.
func (in TakedownInput) Validate(now time.Time) content.FieldErrors {
	fe := content.FieldErrors{}
	if msg := dayProblem(in.ReceivedOn, now); msg != "" {
		fe["received_on"] = msg
	}
	switch {
	case in.Requester == "":
		fe["requester"] = "takedown.error.requester"
	case utf8.RuneCountInString(in.Requester) > requesterLimit:
		fe["requester"] = "consent.error.too_long"
	}
	needsText := false
	for _, a := range in.Asked {
		if !slices.Contains(workflow.TakedownAsks(), a) {
			fe["asked"] = "takedown.error.asked"
		}
		needsText = needsText || workflow.TakedownAskNeedsText(a)
	}
	if len(in.Asked) == 0 {
		fe["asked"] = "takedown.error.asked"
	}
	switch {
	case needsText && in.Details == "":
		fe["details"] = "takedown.error.details"
	case utf8.RuneCountInString(in.Details) > consentNoteLimit:
		fe["details"] = "consent.error.too_long"
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// RegisterTakedown writes a takedown request received for the case; it
// is pending until an editor decides it (DecideTakedown).
func (s *Store) RegisterTakedown(ctx context.Context, actor *User, caseID int64, in TakedownInput) (int64, error) {
	in.normalize()
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx.Tx, caseID)
	if err != nil {
		return 0, err
	}
	if !workflow.CanRegisterTakedown(actor.Actor(), d.Workflow()) {
		return 0, errs.Forbidden("consent.error.forbidden")
	}
	if fe := in.Validate(tx.Now); fe != nil {
		return 0, invalid(fe)
	}
	asked, err := json.Marshal(in.Asked)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO takedown_requests (case_id, received_on, requester, asked, details, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, caseID, in.ReceivedOn, in.Requester, string(asked), in.Details, nullID(actor.ID), formatTime(tx.Now))
	if err != nil {
		return 0, err
	}
	id, _ := res.LastInsertId()
	if err := audit(ctx, tx, actor.ID, "takedown.register", caseID, d.Case.WorkingRevisionID, AuditTakedown{Request: id, Asked: in.Asked}); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// DecisionInput is a decision on a takedown request as the form sends it.
type DecisionInput struct {
	Request          int64
	Decision, Reason string
	// Base is the decision that stood when the form was opened, 0 for a
	// pending request: another one taken since makes the form stale.
	Base int64
}

// DecideTakedown records a decision on a takedown request of the case. A
// decision "removed" on a case with a public revision takes it off the
// public site in the same transaction, the way an unpublish does
// (unpublish), so that the decision and the removal are one: both or
// neither. On a case with nothing public it is only recorded. It returns
// whether the case was taken down.
func (s *Store) DecideTakedown(ctx context.Context, actor *User, caseID int64, in DecisionInput) (bool, error) {
	in.Decision, in.Reason = strings.TrimSpace(in.Decision), strings.TrimSpace(in.Reason)
	tx, err := s.begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx.Tx, caseID)
	if err != nil {
		return false, err
	}
	if !workflow.CanDecideTakedown(actor.Actor()) {
		return false, errs.Forbidden("takedown.error.forbidden")
	}
	var latest int64
	err = tx.QueryRowContext(ctx, `SELECT coalesce((SELECT max(id) FROM takedown_decisions WHERE request_id = r.id), 0)
		FROM takedown_requests r WHERE r.id = ? AND r.case_id = ?`, in.Request, caseID).Scan(&latest)
	if errors.Is(err, sql.ErrNoRows) {
		return false, errs.NotFound("error.404.message")
	}
	if err != nil {
		return false, err
	}
	if latest != in.Base {
		return false, errs.Conflict("takedown.conflict")
	}
	fe := content.FieldErrors{}
	if !slices.Contains(workflow.TakedownDecisions(), in.Decision) {
		fe["decision"] = "takedown.error.decision"
	}
	switch {
	case in.Reason == "":
		fe["reason"] = "takedown.error.reason"
	case utf8.RuneCountInString(in.Reason) > consentNoteLimit:
		fe["reason"] = "consent.error.too_long"
	}
	if len(fe) > 0 {
		return false, invalid(fe)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO takedown_decisions (request_id, decision, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)`,
		in.Request, in.Decision, in.Reason, nullID(actor.ID), formatTime(tx.Now)); err != nil {
		return false, err
	}
	down := false
	if in.Decision == workflow.TakedownRemoved {
		out, ok, err := workflow.TakedownOutcome(actor.Actor(), d.Workflow())
		if err != nil {
			return false, err
		}
		if ok {
			if err := unpublish(ctx, tx, actor.ID, d, out, AuditTransition{Takedown: in.Request}); err != nil {
				return false, err
			}
			down = true
		} else if d.Case.State == workflow.Scheduled {
			// Not public yet, but planned to be: the word given to
			// whoever asked holds for the schedule too.
			if err := holdForConsent(ctx, tx, d, CauseTakedownRemoved); err != nil {
				return false, err
			}
		}
	}
	if err := audit(ctx, tx, actor.ID, "takedown.decide", caseID, d.Case.WorkingRevisionID,
		AuditTakedownDecision{Request: in.Request, Decision: in.Decision, Unpublished: down}); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	if down {
		s.bump()
	}
	return down, nil
}

// ConsentPage is what the studio's page of a case's consent and takedown
// requests shows of the store.
type ConsentPage struct {
	Detail *CaseDetail
	// Current is the latest record of each subject that has one, in the
	// order of workflow.ConsentSubjects.
	Current []ConsentRecord
	// Records are every consent record, newest first.
	Records []ConsentRecord
	// Latest is the newest record's id, 0 with none: the base of a form.
	Latest int64
	// Takedowns are the requests, newest first.
	Takedowns []TakedownRequest
	// Private says whether the private texts were read: without
	// workflow.CanReadConsent, every one of them is "".
	Private bool
}

// ConsentPage reads the consent records and takedown requests of a case
// in one transaction with the case, with their private texts only for a
// reader workflow.CanReadConsent allows.
func (s *Store) ConsentPage(ctx context.Context, actor *User, caseID int64) (*ConsentPage, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	p := &ConsentPage{Detail: d, Private: workflow.CanReadConsent(actor.Actor(), d.Workflow())}
	if p.Records, err = consentRecords(ctx, tx, caseID, p.Private); err != nil {
		return nil, err
	}
	p.Current = currentConsent(p.Records)
	if len(p.Records) > 0 {
		p.Latest = p.Records[0].ID
	}
	if p.Takedowns, err = takedowns(ctx, tx, caseID, p.Private); err != nil {
		return nil, err
	}
	return p, nil
}

// consentRecords lists a case's consent records, newest first, with their
// notes when private is set.
func consentRecords(ctx context.Context, tx *sql.Tx, caseID int64, private bool) ([]ConsentRecord, error) {
	var out []ConsentRecord
	err := each(ctx, tx, `SELECT c.id, c.party, c.subject, c.decision, c.decided_on, CASE WHEN ? THEN c.note ELSE '' END,
		coalesce(c.recorded_by, 0), coalesce(nullif(u.name, ''), u.email, ''), c.recorded_at
		FROM consents c LEFT JOIN users u ON u.id = c.recorded_by WHERE c.case_id = ? ORDER BY c.id DESC`,
		[]any{private, caseID}, func(rows *sql.Rows) error {
			r := ConsentRecord{CaseID: caseID}
			var at string
			if err := rows.Scan(&r.ID, &r.Party, &r.Subject, &r.Decision, &r.On, &r.Note, &r.RecordedBy, &r.RecordedByName, &at); err != nil {
				return err
			}
			r.RecordedAt = parseTime(at)
			out = append(out, r)
			return nil
		})
	return out, err
}

// currentConsent picks from records, newest first, the latest of each
// subject, in the order of workflow.ConsentSubjects.
func currentConsent(records []ConsentRecord) []ConsentRecord {
	var out []ConsentRecord
	for _, subject := range workflow.ConsentSubjects() {
		if i := slices.IndexFunc(records, func(r ConsentRecord) bool { return r.Subject == subject }); i >= 0 {
			out = append(out, records[i])
		}
	}
	return out
}

// takedowns lists a case's takedown requests, newest first, each with its
// decisions, with their private texts when private is set.
func takedowns(ctx context.Context, tx *sql.Tx, caseID int64, private bool) ([]TakedownRequest, error) {
	var out []TakedownRequest
	index := map[int64]int{}
	err := each(ctx, tx, `SELECT r.id, r.received_on, r.asked, CASE WHEN ? THEN r.requester ELSE '' END, CASE WHEN ? THEN r.details ELSE '' END,
		coalesce(r.recorded_by, 0), coalesce(nullif(u.name, ''), u.email, ''), r.recorded_at
		FROM takedown_requests r LEFT JOIN users u ON u.id = r.recorded_by WHERE r.case_id = ? ORDER BY r.id DESC`,
		[]any{private, private, caseID}, func(rows *sql.Rows) error {
			r := TakedownRequest{CaseID: caseID}
			var asked, at string
			if err := rows.Scan(&r.ID, &r.ReceivedOn, &asked, &r.Requester, &r.Details, &r.RecordedBy, &r.RecordedByName, &at); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(asked), &r.Asked); err != nil {
				return err
			}
			r.RecordedAt = parseTime(at)
			index[r.ID] = len(out)
			out = append(out, r)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = each(ctx, tx, `SELECT d.request_id, d.id, d.decision, CASE WHEN ? THEN d.reason ELSE '' END,
		coalesce(d.decided_by, 0), coalesce(nullif(u.name, ''), u.email, ''), d.decided_at
		FROM takedown_decisions d JOIN takedown_requests r ON r.id = d.request_id LEFT JOIN users u ON u.id = d.decided_by
		WHERE r.case_id = ? ORDER BY d.id DESC`, []any{private, caseID}, func(rows *sql.Rows) error {
		var req int64
		var dd TakedownDecision
		var at string
		if err := rows.Scan(&req, &dd.ID, &dd.Decision, &dd.Reason, &dd.DecidedBy, &dd.DecidedByName, &at); err != nil {
			return err
		}
		dd.DecidedAt = parseTime(at)
		if i, ok := index[req]; ok {
			out[i].Decisions = append(out[i].Decisions, dd)
		}
		return nil
	})
	return out, err
}

// ConsentSummary is what the case page shows of consent, beside the
// publish button: the latest decision of each subject (without notes) and
// how many takedown requests wait for a decision.
type ConsentSummary struct {
	Current          []ConsentRecord
	PendingTakedowns int
}

func consentSummary(ctx context.Context, tx *sql.Tx, caseID int64) (ConsentSummary, error) {
	var sum ConsentSummary
	records, err := consentRecords(ctx, tx, caseID, false)
	if err != nil {
		return sum, err
	}
	sum.Current = currentConsent(records)
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM takedown_requests r WHERE r.case_id = ?
		AND NOT EXISTS (SELECT 1 FROM takedown_decisions d WHERE d.request_id = r.id)`, caseID).Scan(&sum.PendingTakedowns)
	return sum, err
}

// consentFacts reads what the editorial rules need of consent into d: the
// latest decision on the photo, and whether the revision an unpublish
// took off carries a photo (for republish).
func consentFacts(ctx context.Context, tx *sql.Tx, d *CaseDetail) error {
	return tx.QueryRowContext(ctx, `SELECT
		coalesce((SELECT decision FROM consents WHERE case_id = ? AND subject = ? ORDER BY id DESC LIMIT 1), ''),
		coalesce((SELECT coalesce(json_extract(content, '$.photo.url'), '') != '' FROM revisions WHERE id = ?), 0),
		EXISTS (SELECT 1 FROM takedown_requests r WHERE r.case_id = ?
			AND (SELECT decision FROM takedown_decisions WHERE request_id = r.id ORDER BY id DESC LIMIT 1) = ?)`,
		d.Case.ID, workflow.ConsentPhoto, d.Case.UnpublishedRevisionID, d.Case.ID, workflow.TakedownRemoved).Scan(&d.PhotoConsent, &d.UnpublishedPhoto, &d.TakedownRemoved)
}

// holdForConsent keeps a scheduled publication of d from going out when
// it falls due: the photo's consent was refused after it was planned. The
// case goes back to editorial review, with the lawyer's approval (the
// content did not change) and without its time, and the audit log says
// why; the editor removes the photo or records a new consent, and
// publishes again.
func holdForConsent(ctx context.Context, tx *Tx, d *CaseDetail, cause string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET state = ?, publish_at = NULL, updated_at = ? WHERE id = ?`,
		string(workflow.EditorialReview), formatTime(tx.Now), d.Case.ID); err != nil {
		return err
	}
	return audit(ctx, tx, 0, "case.held", d.Case.ID, d.Case.WorkingRevisionID, AuditCause{Cause: cause})
}
