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
	return s.switchSetting(ctx, "four_eyes", true)
}

// SetFourEyes turns the four-eyes rule on or off; administrators only, and
// recorded in the audit log.
func (s *Store) SetFourEyes(ctx context.Context, actor *User, on bool) error {
	return s.setSwitch(ctx, actor, "four_eyes", on, true, "settings.four_eyes")
}

// Corrections says whether editors may publish a correction of the place
// of detention and the letter address without legal review (see
// workflow.PublishCorrection); off unless an administrator turned it on.
func (s *Store) Corrections(ctx context.Context) (bool, error) {
	return s.switchSetting(ctx, "corrections", false)
}

// SetCorrections turns the short path for corrections on or off;
// administrators only, and recorded in the audit log.
func (s *Store) SetCorrections(ctx context.Context, actor *User, on bool) error {
	return s.setSwitch(ctx, actor, "corrections", on, false, "settings.corrections")
}

// switchSetting reads a setting that is on or off, def when never set.
func (s *Store) switchSetting(ctx context.Context, key string, def bool) (bool, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT CAST(value AS TEXT) FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return false, err
	}
	return v == "on", nil
}

// setSwitch sets an on/off setting, with an audit entry (action) when
// the value changes.
func (s *Store) setSwitch(ctx context.Context, actor *User, key string, on, def bool, action string) error {
	if err := canChangeSettings(actor); err != nil {
		return err
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
	var old string
	err = tx.QueryRowContext(ctx, `SELECT CAST(value AS TEXT) FROM settings WHERE key = ?`, key).Scan(&old)
	if errors.Is(err, sql.ErrNoRows) {
		old = map[bool]string{true: "on", false: "off"}[def]
	} else if err != nil {
		return err
	}
	if old == v {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, v); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, actor.ID, action, 0, 0, AuditSwitch{On: on}); err != nil {
		return err
	}
	return tx.Commit()
}

// canChangeSettings refuses whoever workflow.CanChangeSettings refuses.
func canChangeSettings(actor *User) error {
	if actor == nil || !workflow.CanChangeSettings(actor.Actor()) {
		return errs.Forbidden("error.403.message")
	}
	return nil
}
