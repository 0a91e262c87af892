package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"casebook/content"
	"casebook/errs"
	"casebook/workflow"
)

// Case is a case's row: its state and which revisions are working and live.
type Case struct {
	ID   int64
	Slug string
	// PublicSlug is the address the public knows: the slug of the live
	// revision, or of the last one after an unpublish; "" while the case
	// has never been public. Slug is the working revision's.
	PublicSlug        string
	State             workflow.State
	WorkingRevisionID int64
	LiveRevisionID    int64
	SubmittedBy       int64
	LegalApprovedBy   int64
	// ApprovedRevisionID is the revision the lawyer's approval of this
	// review round covers, 0 while there is none.
	ApprovedRevisionID int64
	// UnpublishedRevisionID is the revision the last unpublish took off
	// the public site, until it or another goes live; UnpublishedBy who
	// did it.
	UnpublishedRevisionID int64
	UnpublishedBy         int64
	CreatedBy             int64
	PublishAt             time.Time
	PublishedAt           time.Time
	UnpublishedAt         time.Time
	CreatedAt             time.Time
	UpdatedAt             time.Time
	LastTransition        string
}

// Revision is one immutable version of a case's content.
type Revision struct {
	ID         int64
	CaseID     int64
	Number     int
	Content    *content.Case
	State      workflow.State
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
}

// CaseDetail is a case with its working and (if any) live revision.
type CaseDetail struct {
	Case    Case
	Working *Revision
	Live    *Revision
	// Contributors wrote the revisions since the last approval (see
	// workflow.Case).
	Contributors []int64
	// PhotoConsent is the decision of the latest consent record for the
	// photo, "" with none; UnpublishedPhoto says whether the revision an
	// unpublish took off carries a photo (see consentFacts).
	PhotoConsent     string
	UnpublishedPhoto bool
	// TakedownRemoved says a takedown request of the case stands
	// decided "removed" (see consentFacts).
	TakedownRemoved bool
}

// contributorsSQL selects, for the case of the first argument, the
// authors of its revisions after the last approved one before the working
// revision, up to the working one: who wrote what a lawyer would now
// approve, or an editor publish.
const contributorsSQL = `SELECT DISTINCT r.author_id FROM cases c
	JOIN revisions w ON w.id = c.working_revision_id
	JOIN revisions r ON r.case_id = c.id AND r.number <= w.number
	WHERE c.id = ? AND r.author_id IS NOT NULL AND r.number > coalesce((
		SELECT max(a.number) FROM legal_reviews l JOIN revisions a ON a.id = l.revision_id
		WHERE l.case_id = c.id AND a.number < w.number), 0)`

// contributorsOfSQL is contributorsSQL for the case o of the enclosing
// query, as one column: the ids separated by commas (see parseIDs).
var contributorsOfSQL = `coalesce((SELECT group_concat(author_id) FROM (` + strings.Replace(contributorsSQL, "c.id = ?", "c.id = o.id", 1) + `)), '')`

// parseIDs reads a column of contributorsOfSQL.
func parseIDs(list string) []int64 {
	var out []int64
	for _, f := range strings.Split(list, ",") {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// Workflow is the case as the editorial rules see it.
func (d *CaseDetail) Workflow() workflow.Case {
	return workflow.Case{
		State:               d.Case.State,
		HasLive:             d.Case.LiveRevisionID != 0,
		SubmittedBy:         d.Case.SubmittedBy,
		WorkingAuthor:       d.Working.AuthorID,
		Contributors:        d.Contributors,
		Complete:            len(d.Working.Content.CompleteLangs()) > 0,
		CreatedBy:           d.Case.CreatedBy,
		LastTransition:      workflow.Transition(d.Case.LastTransition),
		Status:              d.Working.Content.Status,
		WorkingRevision:     d.Case.WorkingRevisionID,
		ApprovedRevision:    d.Case.ApprovedRevisionID,
		CorrectionOnly:      d.Live != nil && workflow.CorrectionOnly(d.Live.Content, d.Working.Content),
		UnpublishedRevision: d.Case.UnpublishedRevisionID,
		UnpublishedBy:       d.Case.UnpublishedBy,
		Prosecutions:        len(d.Working.Content.Prosecutions),
		PhotoConsentRefused: d.PhotoConsent == workflow.ConsentRefused,
		TakedownRemoved:     d.TakedownRemoved,
		WorkingHasPhoto:     d.Working.Content.Photo.URL != "",
		UnpublishedHasPhoto: d.UnpublishedPhoto,
		LiveHasPhoto:        d.Live != nil && d.Live.Content.Photo.URL != "",
	}
}

// StaleError is the cause of a conflict: the form was based on a revision
// that is no longer the working one. Current is the working revision now.
type StaleError struct {
	Current *Revision
}

func (e *StaleError) Error() string { return "the case was changed since the form was opened" }

func stale(current *Revision) error {
	return &errs.Error{Kind: errs.KindConflict, Key: "conflict.heading", Err: &StaleError{Current: current}}
}

// CreateCase starts a case with its first revision, as a draft.
func (s *Store) CreateCase(ctx context.Context, actor *User, c *content.Case) (int64, error) {
	if !workflow.CanCreate(actor.Actor()) {
		return 0, errs.Forbidden("error.create_role")
	}
	c = c.Clone()
	c.Normalize()
	if fe := c.Validate(); fe != nil {
		return 0, invalid(fe)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if err := checkRefs(ctx, tx.Tx, c, nil); err != nil {
		return 0, err
	}
	if err := checkPhoto(ctx, tx.Tx, c); err != nil {
		return 0, err
	}
	slug, err := uniqueSlug(ctx, tx.Tx, content.MakeSlug(c))
	if err != nil {
		return 0, err
	}
	c.Slug = slug
	now := formatTime(tx.Now)
	res, err := tx.ExecContext(ctx, `INSERT INTO cases (slug, state, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		slug, string(workflow.Draft), actor.ID, now, now)
	if err != nil {
		return 0, err
	}
	id, _ := res.LastInsertId()
	revID, err := insertRevision(ctx, tx, id, 1, c, workflow.Draft, actor.ID)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET working_revision_id = ? WHERE id = ?`, revID, id); err != nil {
		return 0, err
	}
	if err := audit(ctx, tx, actor.ID, "case.create", id, revID, AuditSlug{Slug: slug}); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

func uniqueSlug(ctx context.Context, tx *sql.Tx, base string) (string, error) {
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = fmt.Sprintf("%s-%d", base, i)
		}
		if used, err := slugUsed(ctx, tx, slug, 0); err != nil || !used {
			return slug, err
		}
	}
}

// slugUsed reports whether a case other than except holds the slug: as
// its working or public address or as an old one. Every slug a case ever
// had stays its own, so that publishing a renamed case can never collide
// and an old link never comes to name another person.
func slugUsed(ctx context.Context, tx *sql.Tx, slug string, except int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM cases WHERE (slug = ? OR public_slug = ?) AND id != ?)
		+ (SELECT count(*) FROM slug_history WHERE slug = ? AND case_id != ?)`, slug, slug, except, slug, except).Scan(&n)
	return n > 0, err
}

func insertRevision(ctx context.Context, tx *Tx, caseID int64, number int, c *content.Case, state workflow.State, author int64) (int64, error) {
	body, err := json.Marshal(c)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO revisions (case_id, number, content, state, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		caseID, number, string(body), string(state), nullID(author), formatTime(tx.Now))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// SaveRevision writes the content as a new working revision of the case.
// base is the revision the person's form started from: when it is no
// longer the working one, nothing is written and the error carries a
// *StaleError with the current revision. Saving unchanged content writes
// nothing and returns the working revision. A changed slug (editors only)
// moves the case's address; the old one is kept for redirects.
func (s *Store) SaveRevision(ctx context.Context, actor *User, caseID, base int64, c *content.Case) (*Revision, error) {
	return s.saveRevision(ctx, actor, caseID, base, c, "case.edit", nil)
}

// RestoreRevision writes the content of an old revision as a new working
// revision; history is never rewritten.
func (s *Store) RestoreRevision(ctx context.Context, actor *User, caseID, base int64, number int) (*Revision, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	old, err := revisionByNumber(ctx, tx, caseID, number)
	tx.Rollback()
	if err != nil {
		return nil, err
	}
	c := old.Content.Clone()
	c.Slug = "" // the address stays where it is now
	return s.saveRevision(ctx, actor, caseID, base, c, "case.restore", AuditRestore{Revision: number})
}

func (s *Store) saveRevision(ctx context.Context, actor *User, caseID, base int64, c *content.Case, action string, data any) (*Revision, error) {
	c = c.Clone()
	c.Normalize()
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx.Tx, caseID)
	if err != nil {
		return nil, err
	}
	if !workflow.CanEdit(actor.Actor(), d.Workflow()) {
		return nil, errs.Forbidden("error.edit_state")
	}
	if base != d.Case.WorkingRevisionID {
		return nil, stale(d.Working)
	}
	if c.Slug == "" {
		c.Slug = d.Case.Slug
	}
	fe := c.Validate()
	if c.Slug != d.Case.Slug {
		if !workflow.CanEditSlug(actor.Actor()) {
			return nil, errs.Forbidden("error.403.message")
		}
		if msg, err := slugProblem(ctx, tx.Tx, caseID, c.Slug); err != nil {
			return nil, err
		} else if msg != "" {
			if fe == nil {
				fe = content.FieldErrors{}
			}
			fe["slug"] = msg
		}
	}
	if fe != nil {
		return nil, invalid(fe)
	}
	if err := checkRefs(ctx, tx.Tx, c, d.Working.Content); err != nil {
		return nil, err
	}
	if err := checkPhoto(ctx, tx.Tx, c); err != nil {
		return nil, err
	}
	if !workflow.PublicChanged(d.Working.Content, c) {
		return d.Working, nil
	}
	now := formatTime(tx.Now)
	state := workflow.AfterEdit(d.Case.State)
	revID, err := insertRevision(ctx, tx, caseID, d.Working.Number+1, c, state, actor.ID)
	if err != nil {
		return nil, err
	}
	if c.Slug != d.Case.Slug {
		if err := s.moveSlug(ctx, tx, actor.ID, caseID, revID, d.Case.Slug, c.Slug); err != nil {
			return nil, err
		}
	}
	q := `UPDATE cases SET working_revision_id = ?, state = ?, updated_at = ?, publish_at = NULL`
	switch {
	case state == workflow.Draft && d.Case.State != workflow.Draft:
		// A new draft starts a new review round.
		q += `, submitted_by = NULL, legal_approved_by = NULL, approved_revision_id = NULL`
	case state == workflow.LegalReview && d.Case.State != workflow.LegalReview:
		// Back to the lawyer: the earlier approval no longer holds.
		q += `, legal_approved_by = NULL, approved_revision_id = NULL`
	}
	if _, err := tx.ExecContext(ctx, q+` WHERE id = ?`, revID, string(state), now, caseID); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, actor.ID, action, caseID, revID, data); err != nil {
		return nil, err
	}
	rev, err := revision(ctx, tx.Tx, revID)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if c.Slug != d.Case.Slug {
		s.bump()
	}
	return rev, nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// slugProblem says what is wrong with a new slug for the case, as a message
// key, or "" when it is free: not used by another case now or before.
func slugProblem(ctx context.Context, tx *sql.Tx, caseID int64, slug string) (string, error) {
	if !slugPattern.MatchString(slug) || len(slug) > 100 {
		return "error.slug", nil
	}
	used, err := slugUsed(ctx, tx, slug, caseID)
	if err != nil {
		return "", err
	}
	if used {
		return "error.slug_taken", nil
	}
	return "", nil
}

// moveSlug gives the case's working revision a new address. The slug is
// part of the revision's content: the public keeps the live address until
// the edit is published (see goPublic). The old working slug stays
// reserved to the case, and answers 404 unless it was once public.
func (s *Store) moveSlug(ctx context.Context, tx *Tx, actor, caseID, revID int64, from, to string) error {
	now := formatTime(tx.Now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO slug_history (slug, case_id, created_at, public)
		SELECT ?, ?, ?, 0 WHERE ? IS NOT (SELECT public_slug FROM cases WHERE id = ?)
		ON CONFLICT (slug) DO NOTHING`, from, caseID, now, from, caseID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET slug = ? WHERE id = ?`, to, caseID); err != nil {
		return err
	}
	return audit(ctx, tx, actor, "case.slug", caseID, revID, AuditSlugChange{From: from, To: to})
}

// goPublic makes the working slug the case's public address as its
// working revision goes live. The address it had before, if another,
// answers 301 to the new one from now on.
func goPublic(ctx context.Context, tx *sql.Tx, caseID int64, now time.Time) (string, error) {
	var slug string
	var old sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT slug, public_slug FROM cases WHERE id = ?`, caseID).Scan(&slug, &old); err != nil {
		return "", err
	}
	if old.Valid && old.String != slug {
		if _, err := tx.ExecContext(ctx, `INSERT INTO slug_history (slug, case_id, created_at, public) VALUES (?, ?, ?, 1)
			ON CONFLICT (slug) DO UPDATE SET public = 1 WHERE case_id = excluded.case_id`, old.String, caseID, formatTime(now)); err != nil {
			return "", err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM slug_history WHERE slug = ? AND case_id = ?`, slug, caseID); err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET public_slug = ? WHERE id = ?`, slug, caseID); err != nil {
		return "", err
	}
	return slug, nil
}

// CasePage is what the studio's page of a case shows of the store.
type CasePage struct {
	Detail   *CaseDetail
	Comments []Comment
	Reviews  []ReviewRecord
	// Approved is the revision the latest review approved while the case
	// is back in legal review with another working revision, for what
	// changed since; nil otherwise.
	Approved *Revision
	// Settings are those the editorial rules on the page depend on.
	Settings Settings
	// PrivateFilled counts the case's private fields that hold
	// something, which the page may tell those allowed to read them
	// (never a value).
	PrivateFilled int
	// Consent is the consent state and the takedown requests waiting,
	// shown beside the buttons.
	Consent ConsentSummary
}

// CasePage reads the page of a case in one transaction, so that its parts
// agree: the buttons, the thread and the reviews are those of the
// revision shown.
func (s *Store) CasePage(ctx context.Context, id int64) (*CasePage, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p := &CasePage{Detail: d}
	if p.Comments, err = comments(ctx, tx, id); err != nil {
		return nil, err
	}
	if p.Reviews, err = reviews(ctx, tx, id); err != nil {
		return nil, err
	}
	if d.Case.State == workflow.LegalReview && len(p.Reviews) > 0 && p.Reviews[0].RevisionID != d.Working.ID {
		if p.Approved, err = revision(ctx, tx, p.Reviews[0].RevisionID); err != nil {
			return nil, err
		}
	}
	if p.Settings, err = settings(ctx, tx); err != nil {
		return nil, err
	}
	if p.PrivateFilled, err = privateFilled(ctx, tx, id); err != nil {
		return nil, err
	}
	if p.Consent, err = consentSummary(ctx, tx, id); err != nil {
		return nil, err
	}
	return p, nil
}

// CaseDetail returns a case with its working and live revisions.
func (s *Store) CaseDetail(ctx context.Context, id int64) (*CaseDetail, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return caseDetail(ctx, tx, id)
}

const caseColumns = `id, slug, coalesce(public_slug, ''), state, coalesce(working_revision_id, 0), coalesce(live_revision_id, 0),
	coalesce(submitted_by, 0), coalesce(legal_approved_by, 0), coalesce(approved_revision_id, 0),
	coalesce(unpublished_revision_id, 0), coalesce(unpublished_by, 0), coalesce(created_by, 0),
	publish_at, published_at, unpublished_at, created_at, updated_at, last_transition`

func scanCase(row interface{ Scan(...any) error }) (*Case, error) {
	var c Case
	var state, created, updated string
	var publishAt, publishedAt, unpublishedAt sql.NullString
	err := row.Scan(&c.ID, &c.Slug, &c.PublicSlug, &state, &c.WorkingRevisionID, &c.LiveRevisionID,
		&c.SubmittedBy, &c.LegalApprovedBy, &c.ApprovedRevisionID, &c.UnpublishedRevisionID, &c.UnpublishedBy, &c.CreatedBy, &publishAt, &publishedAt, &unpublishedAt, &created, &updated, &c.LastTransition)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFound("error.404.message")
	}
	if err != nil {
		return nil, err
	}
	c.State = workflow.State(state)
	c.PublishAt = parseNullTime(publishAt)
	c.PublishedAt = parseNullTime(publishedAt)
	c.UnpublishedAt = parseNullTime(unpublishedAt)
	c.CreatedAt = parseTime(created)
	c.UpdatedAt = parseTime(updated)
	return &c, nil
}

func caseDetail(ctx context.Context, tx *sql.Tx, id int64) (*CaseDetail, error) {
	c, err := scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	d := &CaseDetail{Case: *c}
	if d.Working, err = revision(ctx, tx, c.WorkingRevisionID); err != nil {
		return nil, err
	}
	if c.LiveRevisionID != 0 {
		if c.LiveRevisionID == c.WorkingRevisionID {
			d.Live = d.Working
		} else if d.Live, err = revision(ctx, tx, c.LiveRevisionID); err != nil {
			return nil, err
		}
	}
	if err := each(ctx, tx, contributorsSQL, []any{id}, func(rows *sql.Rows) error {
		var uid int64
		if err := rows.Scan(&uid); err != nil {
			return err
		}
		d.Contributors = append(d.Contributors, uid)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := consentFacts(ctx, tx, d); err != nil {
		return nil, err
	}
	return d, nil
}

func revision(ctx context.Context, tx *sql.Tx, id int64) (*Revision, error) {
	var r Revision
	var body, state, created string
	err := tx.QueryRowContext(ctx, `
		SELECT r.id, r.case_id, r.number, r.content, r.state, coalesce(r.author_id, 0), coalesce(nullif(u.name, ''), u.email, ''), r.created_at
		FROM revisions r LEFT JOIN users u ON u.id = r.author_id WHERE r.id = ?`, id).
		Scan(&r.ID, &r.CaseID, &r.Number, &body, &state, &r.AuthorID, &r.AuthorName, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFound("error.404.message")
	}
	if err != nil {
		return nil, err
	}
	r.State = workflow.State(state)
	r.CreatedAt = parseTime(created)
	r.Content = new(content.Case)
	if err := json.Unmarshal([]byte(body), r.Content); err != nil {
		return nil, fmt.Errorf("revision %d: %w", id, err)
	}
	r.Content.Normalize()
	return &r, nil
}

// CaseSummary is a line of the studio's case list.
type CaseSummary struct {
	ID             int64
	Slug           string
	State          workflow.State
	NameRU         string
	NameEN         string
	Complete       bool
	HasLive        bool
	CreatedBy      int64
	SubmittedBy    int64
	WorkingAuthor  int64
	UpdatedAt      time.Time
	PublishAt      time.Time
	LastTransition string
	Status         string
	// WorkingRevisionID and ApprovedRevisionID: see Case.
	WorkingRevisionID  int64
	ApprovedRevisionID int64
	// Contributors: see CaseDetail.
	Contributors []int64
	// TakenDown is true while an unpublished case has nothing public.
	TakenDown bool
}

// Workflow is the case as the editorial rules see it.
func (c *CaseSummary) Workflow() workflow.Case {
	return workflow.Case{State: c.State, HasLive: c.HasLive, SubmittedBy: c.SubmittedBy, WorkingAuthor: c.WorkingAuthor, Complete: c.Complete,
		Contributors: c.Contributors, CreatedBy: c.CreatedBy, LastTransition: workflow.Transition(c.LastTransition), Status: c.Status,
		WorkingRevision: c.WorkingRevisionID, ApprovedRevision: c.ApprovedRevisionID}
}

// StudioCases lists every case for the studio, most recently changed first.
// It reads the few fields it needs out of the JSON in SQLite rather than
// decoding every revision in Go.
func (s *Store) StudioCases(ctx context.Context) ([]CaseSummary, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT o.id, o.slug, o.state, o.live_revision_id IS NOT NULL, coalesce(o.created_by, 0),
		       coalesce(o.submitted_by, 0), coalesce(r.author_id, 0), o.updated_at, o.publish_at, o.last_transition,
		       coalesce(json_extract(r.content, '$.status'), ''), o.working_revision_id, coalesce(o.approved_revision_id, 0),
		       `+contributorsOfSQL+`,
		       o.unpublished_at IS NOT NULL AND o.live_revision_id IS NULL,
		       coalesce(json_extract(r.content, '$.ru.name'), ''), coalesce(json_extract(r.content, '$.en.name'), ''),
		       (trim(coalesce(json_extract(r.content, '$.ru.name'), '')) != '' AND trim(coalesce(json_extract(r.content, '$.ru.headline'), '')) != '' AND trim(coalesce(json_extract(r.content, '$.ru.body'), '')) != '')
		       OR (trim(coalesce(json_extract(r.content, '$.en.name'), '')) != '' AND trim(coalesce(json_extract(r.content, '$.en.headline'), '')) != '' AND trim(coalesce(json_extract(r.content, '$.en.body'), '')) != '')
		FROM cases o JOIN revisions r ON r.id = o.working_revision_id
		ORDER BY o.updated_at DESC, o.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CaseSummary
	for rows.Next() {
		var cs CaseSummary
		var state, updated string
		var publishAt sql.NullString
		var contributors string
		if err := rows.Scan(&cs.ID, &cs.Slug, &state, &cs.HasLive, &cs.CreatedBy, &cs.SubmittedBy, &cs.WorkingAuthor,
			&updated, &publishAt, &cs.LastTransition, &cs.Status, &cs.WorkingRevisionID, &cs.ApprovedRevisionID, &contributors, &cs.TakenDown,
			&cs.NameRU, &cs.NameEN, &cs.Complete); err != nil {
			return nil, err
		}
		cs.Contributors = parseIDs(contributors)
		cs.State = workflow.State(state)
		cs.UpdatedAt = parseTime(updated)
		cs.PublishAt = parseNullTime(publishAt)
		out = append(out, cs)
	}
	return out, rows.Err()
}

// Transition makes a workflow transition on the case. revisionID is the
// working revision the person saw when they pressed the button: if the
// case has moved on since, nothing happens and the error is a conflict, so
// that nobody approves or publishes text they have not read.
func (s *Store) Transition(ctx context.Context, rules workflow.Rules, actor *User, caseID, revisionID int64, t workflow.Transition, in workflow.Input) (workflow.Outcome, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return workflow.Outcome{}, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx.Tx, caseID)
	if err != nil {
		return workflow.Outcome{}, err
	}
	if revisionID != d.Case.WorkingRevisionID {
		return workflow.Outcome{}, stale(d.Working)
	}
	now := tx.Now
	out, err := rules.Apply(actor.Actor(), d.Workflow(), t, in, now)
	if err != nil {
		return workflow.Outcome{}, err
	}
	if out.DropLive {
		// Off the public site, the one way there is (see unpublish).
		c := strings.TrimSpace(in.Comment)
		if c != "" {
			if err := addComment(ctx, tx.Tx, tx.Now, actor.ID, caseID, d.Case.WorkingRevisionID, string(t), c); err != nil {
				return workflow.Outcome{}, err
			}
		}
		if err := unpublish(ctx, tx, actor.ID, d, out, AuditTransition{Reason: clip(c, 2000)}); err != nil {
			return workflow.Outcome{}, err
		}
		if err := tx.Commit(); err != nil {
			return workflow.Outcome{}, err
		}
		s.bump()
		return out, nil
	}
	sets := []string{"state = ?", "updated_at = ?", "last_transition = ?"}
	args := []any{string(out.To), formatTime(now), string(t)}
	switch {
	case out.SetSubmitter:
		sets = append(sets, "submitted_by = ?")
		args = append(args, actor.ID)
	case out.ClearSubmitter:
		sets = append(sets, "submitted_by = NULL", "legal_approved_by = NULL", "approved_revision_id = NULL", "publish_at = NULL")
	}
	if t == workflow.ApproveLegal {
		sets = append(sets, "legal_approved_by = ?", "approved_revision_id = working_revision_id")
		args = append(args, actor.ID)
		review, err := json.Marshal(in.Review)
		if err != nil {
			return workflow.Outcome{}, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO legal_reviews (case_id, revision_id, lawyer_id, review, created_at) VALUES (?, ?, ?, ?, ?)`,
			caseID, d.Case.WorkingRevisionID, actor.ID, string(review), formatTime(now)); err != nil {
			return workflow.Outcome{}, err
		}
	}
	if out.GoLive {
		sets = append(sets, "live_revision_id = working_revision_id", "published_at = ?", "unpublished_at = NULL", "publish_at = NULL",
			"unpublished_revision_id = NULL", "unpublished_by = NULL")
		args = append(args, formatTime(now))
	}
	if out.Restore {
		sets = append(sets, "live_revision_id = unpublished_revision_id", "published_at = ?", "unpublished_at = NULL",
			"unpublished_revision_id = NULL", "unpublished_by = NULL")
		args = append(args, formatTime(now))
	}
	if !out.PublishAt.IsZero() {
		sets = append(sets, "publish_at = ?")
		args = append(args, formatTime(out.PublishAt))
	}
	if out.ClearSchedule {
		sets = append(sets, "publish_at = NULL")
	}
	args = append(args, caseID)
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...); err != nil {
		return workflow.Outcome{}, err
	}
	if out.GoLive {
		if err := s.publishWorking(ctx, tx.Tx, d, now); err != nil {
			return workflow.Outcome{}, err
		}
	}
	if out.Restore {
		old, err := revision(ctx, tx.Tx, d.Case.UnpublishedRevisionID)
		if err != nil {
			return workflow.Outcome{}, err
		}
		c := old.Content.Clone()
		// Back at the address it had: the one the public knew.
		c.Slug = d.Case.PublicSlug
		if err := s.indexPublic(ctx, tx.Tx, caseID, c, now); err != nil {
			return workflow.Outcome{}, err
		}
	}
	if out.GoLive || out.Restore {
		if err := endReviewLinks(ctx, tx, caseID, workflow.LinkPublished); err != nil {
			return workflow.Outcome{}, err
		}
	}
	if c := strings.TrimSpace(in.Comment); c != "" {
		if err := addComment(ctx, tx.Tx, tx.Now, actor.ID, caseID, d.Case.WorkingRevisionID, string(t), c); err != nil {
			return workflow.Outcome{}, err
		}
	}
	step := AuditTransition{From: string(d.Case.State), To: string(out.To)}
	switch t {
	case workflow.PublishCorrection:
		// The audit log names what went out without a lawyer.
		step.Fields = correctedFields(d.Live.Content, d.Working.Content)
	case workflow.Republish:
		// Why, where people look for it.
		step.Reason = clip(strings.TrimSpace(in.Comment), 2000)
	}
	if err := audit(ctx, tx, actor.ID, "transition."+string(t), caseID, d.Case.WorkingRevisionID, step); err != nil {
		return workflow.Outcome{}, err
	}
	if err := tx.Commit(); err != nil {
		return workflow.Outcome{}, err
	}
	if out.GoLive || out.Restore {
		s.bump()
	}
	return out, nil
}

// unpublish takes the live revision of the case d off the public site in
// the caller's transaction, as out, workflow's outcome of taking it down
// (Rules.Apply of unpublish, or workflow.TakedownOutcome), says: the
// state the working revision goes to, the review round and the schedule
// it ends. It is the one way a case leaves the public site, for the
// unpublish transition and for a takedown request decided "removed": the
// case's columns (what was live, who took it off, when), the public index
// that the profile, the list, search, the feeds, the sitemap and the open
// data read (so that each answers 410 or leaves the case out), and the
// audit entry "transition.unpublish" with why (a reason, or the takedown
// request). The caller commits and then bumps the generation, so that no
// cached public page outlives the commit.
func unpublish(ctx context.Context, tx *Tx, actor int64, d *CaseDetail, out workflow.Outcome, why AuditTransition) error {
	now := formatTime(tx.Now)
	// SQLite evaluates every expression of an UPDATE on the row as it
	// was: the revision taken off is the live one of before.
	sets := []string{"state = ?", "updated_at = ?", "last_transition = ?",
		"unpublished_revision_id = live_revision_id", "unpublished_by = ?", "live_revision_id = NULL", "unpublished_at = ?"}
	args := []any{string(out.To), now, string(workflow.Unpublish), nullID(actor), now}
	if out.ClearSubmitter {
		sets = append(sets, "submitted_by = NULL", "legal_approved_by = NULL", "approved_revision_id = NULL", "publish_at = NULL")
	}
	if out.ClearSchedule {
		sets = append(sets, "publish_at = NULL")
	}
	args = append(args, d.Case.ID)
	res, err := tx.ExecContext(ctx, `UPDATE cases SET `+strings.Join(sets, ", ")+` WHERE id = ? AND live_revision_id IS NOT NULL`, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		// Nothing was live: a caller that read another state.
		return errs.Conflict("conflict.transition")
	}
	if err := unindexPublic(ctx, tx.Tx, d.Case.ID); err != nil {
		return err
	}
	// What a review link showed was a draft before it went out; taken
	// down, the case is another matter than its holder was asked to read.
	if err := endReviewLinks(ctx, tx, d.Case.ID, workflow.LinkUnpublished); err != nil {
		return err
	}
	why.From, why.To = string(d.Case.State), string(out.To)
	return audit(ctx, tx, actor, "transition."+string(workflow.Unpublish), d.Case.ID, d.Case.WorkingRevisionID, why)
}

// correctedFields lists the correction fields that differ between the
// live and the working content.
func correctedFields(live, working *content.Case) []string {
	var out []string
	for _, f := range workflow.CorrectionFields() {
		var a, b string
		switch f {
		case "place_of_detention":
			a, b = live.PlaceOfDetention, working.PlaceOfDetention
		case "letter_address":
			a, b = live.LetterAddress, working.LetterAddress
		case "letter_address_checked_on":
			a, b = string(live.LetterAddressCheckedOn), string(working.LetterAddressCheckedOn)
		}
		if a != b {
			out = append(out, f)
		}
	}
	return out
}

// Comment is a message in a case's internal review thread.
type Comment struct {
	ID             int64
	RevisionID     int64
	RevisionNumber int
	AuthorID       int64
	AuthorName     string
	Transition     string
	Body           string
	CreatedAt      time.Time
	// External marks a comment a guest left through a review link: it
	// has no author account (AuthorID 0), GuestName is the name the
	// guest signed with, LinkLabel the link's label and LinkID the link
	// (0 after an import, which carries no links).
	External  bool
	GuestName string
	LinkLabel string
	LinkID    int64
}

// AddComment writes in the case's review thread.
func (s *Store) AddComment(ctx context.Context, actor *User, caseID int64, body string) error {
	body = strings.TrimSpace(body)
	if body == "" {
		return errs.Invalid("error.comment_empty")
	}
	if !workflow.CanComment(actor.Actor()) {
		return errs.Forbidden("error.comment_role")
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var working sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT working_revision_id FROM cases WHERE id = ?`, caseID).Scan(&working); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFound("error.404.message")
		}
		return err
	}
	if err := addComment(ctx, tx.Tx, tx.Now, actor.ID, caseID, working.Int64, "", body); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor.ID, "case.comment", caseID, working.Int64, nil); err != nil {
		return err
	}
	return tx.Commit()
}

func addComment(ctx context.Context, tx *sql.Tx, now time.Time, author, caseID, revisionID int64, transition, body string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO comments (case_id, revision_id, author_id, transition, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		caseID, nullID(revisionID), nullID(author), transition, body, formatTime(now))
	return err
}

// Comments returns a case's review thread, oldest first.
func (s *Store) Comments(ctx context.Context, caseID int64) ([]Comment, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return comments(ctx, tx, caseID)
}

func comments(ctx context.Context, tx *sql.Tx, caseID int64) ([]Comment, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT c.id, coalesce(c.revision_id, 0), coalesce(r.number, 0), coalesce(c.author_id, 0),
		       coalesce(nullif(u.name, ''), u.email, ''), c.transition, c.body, c.created_at,
		       c.external, c.guest_name, c.link_label, coalesce(c.review_link_id, 0)
		FROM comments c
		LEFT JOIN users u ON u.id = c.author_id
		LEFT JOIN revisions r ON r.id = c.revision_id
		WHERE c.case_id = ? ORDER BY c.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		var c Comment
		var created string
		if err := rows.Scan(&c.ID, &c.RevisionID, &c.RevisionNumber, &c.AuthorID, &c.AuthorName, &c.Transition, &c.Body, &created,
			&c.External, &c.GuestName, &c.LinkLabel, &c.LinkID); err != nil {
			return nil, err
		}
		c.CreatedAt = parseTime(created)
		out = append(out, c)
	}
	return out, rows.Err()
}

// reviews returns the lawyers' assessments of a case, newest first.
func reviews(ctx context.Context, tx *sql.Tx, caseID int64) ([]ReviewRecord, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT l.revision_id, r.number, coalesce(nullif(u.name, ''), u.email, ''), l.review, l.created_at
		FROM legal_reviews l JOIN revisions r ON r.id = l.revision_id LEFT JOIN users u ON u.id = l.lawyer_id
		WHERE l.case_id = ? ORDER BY l.id DESC`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReviewRecord
	for rows.Next() {
		var rr ReviewRecord
		var body, created string
		if err := rows.Scan(&rr.RevisionID, &rr.RevisionNumber, &rr.Lawyer, &body, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &rr.Review); err != nil {
			return nil, err
		}
		rr.CreatedAt = parseTime(created)
		out = append(out, rr)
	}
	return out, rows.Err()
}

// ReviewRecord is a stored legal review.
type ReviewRecord struct {
	RevisionID     int64
	RevisionNumber int
	Lawyer         string
	Review         workflow.Review
	CreatedAt      time.Time
}

// RevisionMeta is a line of a case's history.
type RevisionMeta struct {
	ID         int64
	Number     int
	State      string
	AuthorName string
	CreatedAt  time.Time
	// Live and Working mark the revisions the case points at.
	Live, Working bool
}

// History lists every revision of a case, newest first.
func (s *Store) History(ctx context.Context, caseID int64) ([]RevisionMeta, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return history(ctx, tx, caseID)
}

func history(ctx context.Context, tx *sql.Tx, caseID int64) ([]RevisionMeta, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT r.id, r.number, r.state, coalesce(nullif(u.name, ''), u.email, ''), r.created_at,
		       r.id = coalesce(c.live_revision_id, 0), r.id = c.working_revision_id
		FROM revisions r JOIN cases c ON c.id = r.case_id LEFT JOIN users u ON u.id = r.author_id
		WHERE r.case_id = ? ORDER BY r.number DESC`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RevisionMeta
	for rows.Next() {
		var m RevisionMeta
		var created string
		if err := rows.Scan(&m.ID, &m.Number, &m.State, &m.AuthorName, &created, &m.Live, &m.Working); err != nil {
			return nil, err
		}
		m.CreatedAt = parseTime(created)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errs.NotFound("error.404.message")
	}
	return out, nil
}

// HistoryPage is what the history of a case shows of the store.
type HistoryPage struct {
	Detail    *CaseDetail
	Revisions []RevisionMeta
	Reviews   []ReviewRecord
}

// HistoryPage reads the history of a case in one transaction: every
// revision with the reviews of each.
func (s *Store) HistoryPage(ctx context.Context, id int64) (*HistoryPage, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p := &HistoryPage{Detail: d}
	if p.Revisions, err = history(ctx, tx, id); err != nil {
		return nil, err
	}
	if p.Reviews, err = reviews(ctx, tx, id); err != nil {
		return nil, err
	}
	return p, nil
}

// Comparison is two revisions of a case, A and B, with the case.
type Comparison struct {
	Detail *CaseDetail
	A, B   *Revision
}

// Compare reads two revisions of a case in one transaction with the case.
// numbers says which, given the number of the working revision, so that a
// default can depend on it; an error of numbers is returned as it is.
func (s *Store) Compare(ctx context.Context, id int64, numbers func(working int) (a, b int, err error)) (*Comparison, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	a, b, err := numbers(d.Working.Number)
	if err != nil {
		return nil, err
	}
	cmp := &Comparison{Detail: d}
	if cmp.A, err = d.revision(ctx, tx, a); err != nil {
		return nil, err
	}
	if cmp.B, err = d.revision(ctx, tx, b); err != nil {
		return nil, err
	}
	return cmp, nil
}

// Preview is a revision of a case, with the case, to show as the public
// would see it.
type Preview struct {
	Case     Case
	Revision *Revision
}

// Preview reads a revision of a case in one transaction with the case.
// number says which, given the number of the working revision; an error
// of number is returned as it is.
func (s *Store) Preview(ctx context.Context, id int64, number func(working int) (int, error)) (*Preview, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	n, err := number(d.Working.Number)
	if err != nil {
		return nil, err
	}
	rev, err := d.revision(ctx, tx, n)
	if err != nil {
		return nil, err
	}
	return &Preview{Case: d.Case, Revision: rev}, nil
}

// revision returns revision n of the case, without reading the working
// revision again.
func (d *CaseDetail) revision(ctx context.Context, tx *sql.Tx, n int) (*Revision, error) {
	if n == d.Working.Number {
		return d.Working, nil
	}
	return revisionByNumber(ctx, tx, d.Case.ID, n)
}

// RevisionsSince returns revision id of the case and every later one,
// oldest first: what a form opened on id missed, each with its author,
// for merging a stale save. An id that is not the case's is not found.
func (s *Store) RevisionsSince(ctx context.Context, caseID, id int64) ([]*Revision, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var ids []int64
	if err := each(ctx, tx, `SELECT id FROM revisions WHERE case_id = ?
		AND number >= (SELECT number FROM revisions WHERE id = ? AND case_id = ?) ORDER BY number`,
		[]any{caseID, id, caseID}, func(rows *sql.Rows) error {
			var rid int64
			if err := rows.Scan(&rid); err != nil {
				return err
			}
			ids = append(ids, rid)
			return nil
		}); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, errs.NotFound("error.404.message")
	}
	out := make([]*Revision, 0, len(ids))
	for _, rid := range ids {
		r, err := revision(ctx, tx, rid)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func revisionByNumber(ctx context.Context, tx *sql.Tx, caseID int64, n int) (*Revision, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM revisions WHERE case_id = ? AND number = ?`, caseID, n).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFound("error.404.message")
	}
	if err != nil {
		return nil, err
	}
	return revision(ctx, tx, id)
}

// PublishDue publishes every scheduled case whose time has come, each in
// the same transaction as its public index row. The scheduler calls it
// every minute and once at start, so that what fell due while the server
// was down goes out as soon as it is back. A case whose working revision is
// not the one the lawyer approved goes back to legal review instead. It
// returns the cases published.
func (s *Store) PublishDue(ctx context.Context) ([]int64, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := tx.Now
	var ids []int64
	if err := each(ctx, tx.Tx, `SELECT id FROM cases WHERE state = 'scheduled' AND publish_at <= ? ORDER BY publish_at, id`, []any{formatTime(now)}, func(rows *sql.Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	}); err != nil {
		return nil, err
	}
	var published []int64
	for _, id := range ids {
		d, err := caseDetail(ctx, tx.Tx, id)
		if err != nil {
			return nil, err
		}
		ts := formatTime(now)
		if !d.Workflow().ApprovalCovers() {
			// Only what the lawyer approved goes live. An edit after the
			// approval already sends a case back; this holds whatever
			// path the content took.
			if _, err := tx.ExecContext(ctx, `UPDATE cases SET state = 'legal_review', legal_approved_by = NULL, approved_revision_id = NULL,
				publish_at = NULL, updated_at = ? WHERE id = ?`, ts, id); err != nil {
				return nil, err
			}
			if err := audit(ctx, tx, 0, "case.back_to_legal", id, d.Case.WorkingRevisionID, AuditCause{Cause: CauseNotApproved}); err != nil {
				return nil, err
			}
			continue
		}
		// The photo's consent was refused, or a takedown decided
		// "removed", after the publication was planned: hold it (see
		// holdForConsent).
		var cause string
		switch w := d.Workflow(); {
		case w.TakedownBlocks(workflow.Publish):
			cause = CauseTakedownRemoved
		case w.PhotoConsentHolds():
			cause = CausePhotoConsent
		}
		if cause != "" {
			if err := holdForConsent(ctx, tx, d, cause); err != nil {
				return nil, err
			}
			continue
		}
		published = append(published, id)
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET state = 'published', live_revision_id = working_revision_id,
			published_at = ?, unpublished_at = NULL, unpublished_revision_id = NULL, unpublished_by = NULL, publish_at = NULL,
			updated_at = ?, last_transition = 'publish' WHERE id = ?`, ts, ts, id); err != nil {
			return nil, err
		}
		if err := s.publishWorking(ctx, tx.Tx, d, now); err != nil {
			return nil, err
		}
		if err := endReviewLinks(ctx, tx, id, workflow.LinkPublished); err != nil {
			return nil, err
		}
		if err := audit(ctx, tx, 0, "transition.publish", id, d.Case.WorkingRevisionID, AuditTransition{From: string(workflow.Scheduled), To: string(workflow.Published), Due: d.Case.PublishAt.UTC()}); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if len(published) > 0 {
		s.bump()
	}
	return published, nil
}

// publishWorking puts the working revision of d on the public site under
// its own slug, in the caller's transaction.
func (s *Store) publishWorking(ctx context.Context, tx *sql.Tx, d *CaseDetail, now time.Time) error {
	slug, err := goPublic(ctx, tx, d.Case.ID, now)
	if err != nil {
		return err
	}
	c := d.Working.Content.Clone()
	c.Slug = slug
	return s.indexPublic(ctx, tx, d.Case.ID, c, now)
}
