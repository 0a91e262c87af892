package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"time"

	"casebook/errs"
)

// SessionKeys returns the keys that sign and encrypt session cookies,
// generating them on first use, so that no secret is ever hard-coded or
// shared between installations.
func (s *Store) SessionKeys(ctx context.Context) (hashKey, blockKey []byte, err error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	get := func(name string, size int) ([]byte, error) {
		var v []byte
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, name).Scan(&v)
		if err == nil && len(v) == size {
			return v, nil
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		v = make([]byte, size)
		if _, err := rand.Read(v); err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, name, v)
		return v, err
	}
	if hashKey, err = get("session_hash_key", 64); err != nil {
		return nil, nil, err
	}
	if blockKey, err = get("session_block_key", 32); err != nil {
		return nil, nil, err
	}
	return hashKey, blockKey, tx.Commit()
}

// SessionRow is a server-side session.
type SessionRow struct {
	UserID    int64
	Data      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// ExpiredError is the answer for a session that has ended by time (not by
// sign-out): it still says whose it was, so that a form sent into it can be
// kept for that person.
type ExpiredError struct{ UserID int64 }

func (e *ExpiredError) Error() string { return "session expired" }

// LoadSession returns the session whose token hashes to id. One that has
// passed its lifetime or sat idle longer than idle is an *ExpiredError;
// one that does not exist (signed out, or never was) is errs.KindNotFound.
func (s *Store) LoadSession(ctx context.Context, id string, idle time.Duration) (*SessionRow, error) {
	var row SessionRow
	var uid sql.NullInt64
	var created, seen, expires string
	err := s.r.QueryRowContext(ctx, `SELECT user_id, data, created_at, last_seen_at, expires_at FROM sessions WHERE id = ?`, id).
		Scan(&uid, &row.Data, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFound("login.expired")
	}
	if err != nil {
		return nil, err
	}
	row.UserID = uid.Int64
	row.CreatedAt = parseTime(created)
	row.ExpiresAt = parseTime(expires)
	now := s.now()
	lastSeen := parseTime(seen)
	if !now.Before(row.ExpiresAt) || now.Sub(lastSeen) > idle {
		return nil, &ExpiredError{UserID: row.UserID}
	}
	// Touching on every request would make every studio page a write;
	// once a minute is precise enough for an idle timeout of hours.
	if now.Sub(lastSeen) > time.Minute {
		if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, formatTime(now), id); err != nil {
			return nil, err
		}
	}
	return &row, nil
}

// SaveSession writes a session, creating it on first save. The absolute
// lifetime is fixed when it is created.
func (s *Store) SaveSession(ctx context.Context, id string, userID int64, data []byte, lifetime time.Duration, userAgent string) error {
	now := s.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := s.w.ExecContext(ctx, `
		INSERT INTO sessions (id, user_id, data, created_at, last_seen_at, expires_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, last_seen_at = excluded.last_seen_at`,
		id, nullID(userID), data, formatTime(now), formatTime(now), formatTime(now.Add(lifetime)), userAgent)
	return err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	return err
}

// DeleteExpiredSessions removes sessions that ended more than a week ago,
// by lifetime or by idleness, and forms kept as long. Recently ended ones
// stay a while so that a form sent into them can still be kept.
func (s *Store) DeleteExpiredSessions(ctx context.Context, idle time.Duration) error {
	cutoff := s.now().Add(-pendingTTL)
	if _, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?`,
		formatTime(cutoff), formatTime(cutoff.Add(-idle))); err != nil {
		return err
	}
	_, err := s.w.ExecContext(ctx, `DELETE FROM pending_saves WHERE created_at <= ?`, formatTime(cutoff))
	return err
}

// CountSessions says how many sessions a user has; tests use it.
func (s *Store) CountSessions(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE user_id = ?`, userID).Scan(&n)
	return n, err
}
