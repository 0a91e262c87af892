package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/url"
	"time"

	"casebook/errs"
)

// AutosaveTTL bounds how long an unsaved copy of a form is kept: long
// enough for a holiday, short enough that forgotten text does not pile up.
const AutosaveTTL = 30 * 24 * time.Hour

// Autosave is an account's unsaved working copy of a case form (case 0
// is the new-case form). It is not a revision: only its account sees it.
type Autosave struct {
	Form url.Values
	// BaseRevisionID is the working revision the form was opened on, 0
	// for a new case.
	BaseRevisionID int64
	SavedAt        time.Time
}

// ErrStaleAutosave refuses a copy sent from a page made before the form
// was last saved or its copy discarded.
var ErrStaleAutosave = errs.E(errs.KindConflict, "autosave.stale")

// Autosave returns the account's copy of a form, or nil when there is
// none or it is older than AutosaveTTL, and the form's generation, which
// a page passes back with every copy it sends.
func (s *Store) Autosave(ctx context.Context, userID, caseID int64) (*Autosave, int64, error) {
	var form, at sql.NullString
	var base sql.NullInt64
	var gen int64
	err := s.r.QueryRowContext(ctx, `SELECT form, base_revision_id, generation, updated_at FROM autosaves WHERE user_id = ? AND case_id = ?`,
		userID, caseID).Scan(&form, &base, &gen, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	saved := parseNullTime(at)
	if !form.Valid || s.now().Sub(saved) > AutosaveTTL {
		return nil, gen, nil
	}
	a := &Autosave{BaseRevisionID: base.Int64, SavedAt: saved}
	if err := json.Unmarshal([]byte(form.String), &a.Form); err != nil {
		return nil, 0, err
	}
	return a, gen, nil
}

// SaveAutosave keeps form as the account's copy of a form opened on
// revision base, if gen is still the form's generation (else
// ErrStaleAutosave). A nil form says that nothing is unsaved: the copy
// goes, and the generation stays, so that the page can go on sending.
func (s *Store) SaveAutosave(ctx context.Context, userID, caseID, gen, base int64, form url.Values) error {
	return s.putAutosave(ctx, userID, caseID, &gen, base, form)
}

// KeepAutosave keeps form as the account's copy whatever the generation:
// the server itself keeps what a save that did not go through sent, and
// what it gives back after a sign-in, so that leaving that page loses
// nothing even without the form's script.
func (s *Store) KeepAutosave(ctx context.Context, userID, caseID, base int64, form url.Values) error {
	return s.putAutosave(ctx, userID, caseID, nil, base, form)
}

func (s *Store) putAutosave(ctx context.Context, userID, caseID int64, gen *int64, base int64, form url.Values) error {
	var body sql.NullString
	if form != nil {
		b, err := json.Marshal(form)
		if err != nil {
			return err
		}
		body = sql.NullString{String: string(b), Valid: true}
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var current int64
	err = tx.QueryRowContext(ctx, `SELECT generation FROM autosaves WHERE user_id = ? AND case_id = ?`, userID, caseID).Scan(&current)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if gen != nil && *gen != current {
		return ErrStaleAutosave
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO autosaves (user_id, case_id, form, base_revision_id, generation, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, case_id) DO UPDATE SET form = excluded.form, base_revision_id = excluded.base_revision_id,
			updated_at = excluded.updated_at`,
		userID, caseID, body, nullID(base), current, formatTime(tx.Now)); err != nil {
		return err
	}
	return tx.Commit()
}

// EndAutosave forgets the account's copy of a form, because the form was
// saved or the copy discarded, and starts the form's next generation:
// copies still on their way from older pages are refused.
func (s *Store) EndAutosave(ctx context.Context, userID, caseID int64) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO autosaves (user_id, case_id, form, generation, updated_at) VALUES (?, ?, NULL, 1, ?)
		ON CONFLICT (user_id, case_id) DO UPDATE SET form = NULL, base_revision_id = NULL,
			generation = generation + 1, updated_at = excluded.updated_at`,
		userID, caseID, formatTime(tx.Now)); err != nil {
		return err
	}
	return tx.Commit()
}

// DeleteOldAutosaves drops the copies, and the marks of saved forms, that
// are older than AutosaveTTL.
func (s *Store) DeleteOldAutosaves(ctx context.Context) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM autosaves WHERE updated_at <= ?`, formatTime(s.now().Add(-AutosaveTTL)))
	return err
}
