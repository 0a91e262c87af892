package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/url"
	"time"
)

// pendingTTL bounds how long a form sent into an expired session is kept.
const pendingTTL = 7 * 24 * time.Hour

// SavePending keeps a form that arrived after the session of its sender
// had expired, so that it is not lost: the same person finds it after
// signing in again. Only the latest form per page is kept.
func (s *Store) SavePending(ctx context.Context, userID int64, path string, form url.Values) error {
	body, err := json.Marshal(form)
	if err != nil {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM pending_saves WHERE user_id = ? AND path = ?`, userID, path); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO pending_saves (user_id, path, form, created_at) VALUES (?, ?, ?, ?)`,
		userID, path, string(body), formatTime(tx.Now)); err != nil {
		return err
	}
	if err := audit(ctx, tx, userID, "form.kept", 0, 0, AuditPath{Path: path}); err != nil {
		return err
	}
	return tx.Commit()
}

// TakePending returns and forgets the kept form of a user for a page.
// Every case page and form asks, and almost none has one: the read pool
// answers that, so that opening a page never waits for the writer.
func (s *Store) TakePending(ctx context.Context, userID int64, path string) (url.Values, bool, error) {
	var kept bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pending_saves WHERE user_id = ? AND path = ?)`, userID, path).Scan(&kept); err != nil {
		return nil, false, err
	}
	if !kept {
		return nil, false, nil
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	var body, created string
	err = tx.QueryRowContext(ctx, `SELECT form, created_at FROM pending_saves WHERE user_id = ? AND path = ? ORDER BY id DESC LIMIT 1`, userID, path).Scan(&body, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pending_saves WHERE user_id = ? AND path = ?`, userID, path); err != nil {
		return nil, false, err
	}
	if err := tx.Commit(); err != nil {
		return nil, false, err
	}
	if tx.Now.Sub(parseTime(created)) > pendingTTL {
		return nil, false, nil
	}
	var form url.Values
	if err := json.Unmarshal([]byte(body), &form); err != nil {
		return nil, false, err
	}
	return form, true, nil
}

// PendingPath returns the page of a user's newest kept form, or "".
func (s *Store) PendingPath(ctx context.Context, userID int64) (string, error) {
	var path string
	err := s.r.QueryRowContext(ctx, `SELECT path FROM pending_saves WHERE user_id = ? AND created_at > ? ORDER BY id DESC LIMIT 1`,
		userID, formatTime(s.now().Add(-pendingTTL))).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return path, err
}
