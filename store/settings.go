package store

import (
	"context"
	"database/sql"
	"errors"

	"casebook/errs"
	"casebook/workflow"
)

// FourEyes says whether the four-eyes rule is on in the studio's settings
// (on unless an administrator turned it off).
func (s *Store) FourEyes(ctx context.Context) (bool, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT CAST(value AS TEXT) FROM settings WHERE key = 'four_eyes'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return v != "off", nil
}

// SetFourEyes turns the four-eyes rule on or off; administrators only, and
// recorded in the audit log.
func (s *Store) SetFourEyes(ctx context.Context, actor *User, on bool) error {
	if actor == nil || actor.Role != workflow.Admin {
		return errs.Forbidden("error.403.message")
	}
	v := "off"
	if on {
		v = "on"
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('four_eyes', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, v); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, actor.ID, "settings.four_eyes", 0, 0, v); err != nil {
		return err
	}
	return tx.Commit()
}
