package store

import (
	"context"
	"database/sql"
	"errors"

	"casebook/errs"
	"casebook/workflow"
)

// Settings are the switches of the editorial rules that administrators
// set in the studio.
type Settings struct {
	// FourEyes is the four-eyes rule (workflow.Rules), on unless an
	// administrator turned it off.
	FourEyes bool
	// Corrections is the short path for corrections (workflow.Rules),
	// off unless an administrator turned it on.
	Corrections bool
}

// Settings reads every switch at once: a page that asks the rules reads
// them in one query.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return Settings{}, err
	}
	defer tx.Rollback()
	return settings(ctx, tx)
}

func settings(ctx context.Context, tx *sql.Tx) (Settings, error) {
	out := Settings{FourEyes: true}
	err := each(ctx, tx, `SELECT key, CAST(value AS TEXT) FROM settings WHERE key IN ('four_eyes', 'corrections')`, nil, func(rows *sql.Rows) error {
		var key, v string
		if err := rows.Scan(&key, &v); err != nil {
			return err
		}
		switch key {
		case "four_eyes":
			out.FourEyes = v == "on"
		case "corrections":
			out.Corrections = v == "on"
		}
		return nil
	})
	return out, err
}

// FourEyes says whether the four-eyes rule is on in the studio's settings
// (on unless an administrator turned it off).
func (s *Store) FourEyes(ctx context.Context) (bool, error) {
	st, err := s.Settings(ctx)
	return st.FourEyes, err
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
	st, err := s.Settings(ctx)
	return st.Corrections, err
}

// SetCorrections turns the short path for corrections on or off;
// administrators only, and recorded in the audit log.
func (s *Store) SetCorrections(ctx context.Context, actor *User, on bool) error {
	return s.setSwitch(ctx, actor, "corrections", on, false, "settings.corrections")
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
	tx, err := s.begin(ctx)
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
	if err := audit(ctx, tx, actor.ID, action, 0, 0, AuditSwitch{On: on}); err != nil {
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
