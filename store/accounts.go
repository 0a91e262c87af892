package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/mail"
	"slices"
	"strings"
	"time"

	"casebook/errs"
	"casebook/password"
	"casebook/workflow"
)

// TokenTTL is how long a set-password or reset link works.
const TokenTTL = 24 * time.Hour

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// canManageAccounts refuses whoever workflow.CanManageAccounts refuses.
func canManageAccounts(actor *User) error {
	if actor == nil || !workflow.CanManageAccounts(actor.Actor()) {
		return errs.Forbidden("error.403.message")
	}
	return nil
}

// InviteUser creates an account without a password and returns a one-time
// token for a link with which the person sets their own: the administrator
// never knows it.
func (s *Store) InviteUser(ctx context.Context, actor *User, email, name, role string) (*User, string, error) {
	if err := canManageAccounts(actor); err != nil {
		return nil, "", err
	}
	email, name = strings.TrimSpace(email), strings.TrimSpace(name)
	fe := map[string]string{}
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email || len(email) > MaxEmailLength {
		fe["email"] = "error.email"
	}
	r, ok := workflow.ParseRole(role)
	if !ok {
		fe["role"] = "error.unknown_value"
	}
	if len([]rune(name)) > 200 {
		fe["name"] = "error.too_long"
	}
	if len(fe) > 0 {
		return nil, "", invalid(fe)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, email).Scan(&taken); err != nil {
		return nil, "", err
	}
	if taken > 0 {
		return nil, "", invalid(map[string]string{"email": "error.email_taken"})
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, '!', ?)`,
		email, name, string(r), formatTime(tx.Now))
	if err != nil {
		return nil, "", err
	}
	id, _ := res.LastInsertId()
	token, err := issueToken(ctx, tx, actor, id, "set")
	if err != nil {
		return nil, "", err
	}
	if err := audit(ctx, tx, actor.ID, "user.create", 0, 0, AuditUserCreate{Email: email, Role: string(r)}); err != nil {
		return nil, "", err
	}
	return &User{ID: id, Email: email, Name: name, Role: r, NoPassword: true}, token, tx.Commit()
}

func issueToken(ctx context.Context, tx *Tx, actor *User, userID int64, purpose string) (string, error) {
	token := rand.Text() + rand.Text()
	now := tx.Now
	// A new link replaces any earlier one for the same person.
	if _, err := tx.ExecContext(ctx, `UPDATE password_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, formatTime(now), userID); err != nil {
		return "", err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO password_tokens (hash, user_id, purpose, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		hashToken(token), userID, purpose, formatTime(now.Add(TokenTTL)), actorID(actor), formatTime(now))
	return token, err
}

// ResetPassword issues a one-time reset link for an account; the current
// password keeps working until the link is used.
func (s *Store) ResetPassword(ctx context.Context, actor *User, userID int64) (string, error) {
	if err := canManageAccounts(actor); err != nil {
		return "", err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	u, err := userTx(ctx, tx.Tx, userID)
	if err != nil {
		return "", err
	}
	if u.Disabled {
		// A link would be dead on arrival (see PasswordToken): enable
		// the account first, on purpose.
		return "", errs.Conflict("error.reset_disabled")
	}
	token, err := issueToken(ctx, tx, actor, userID, "reset")
	if err != nil {
		return "", err
	}
	if err := audit(ctx, tx, actor.ID, "user.reset_link", 0, 0, AuditUser{User: userID}); err != nil {
		return "", err
	}
	return token, tx.Commit()
}

// ErrBadToken is the answer for a link that is unknown, used or expired.
var ErrBadToken = errs.E(errs.KindGone, "error.token")

// PasswordToken returns the account a valid set-password link is for. A
// link of a disabled account is no longer valid, whenever it was issued.
func (s *Store) PasswordToken(ctx context.Context, token string) (*User, error) {
	var uid int64
	var expires string
	err := s.r.QueryRowContext(ctx, `SELECT t.user_id, t.expires_at FROM password_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.used_at IS NULL AND NOT u.disabled`, hashToken(token)).Scan(&uid, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !s.now().Before(parseTime(expires))) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	return s.UserByID(ctx, uid)
}

// UsePasswordToken sets the password of the link's account, spends the
// link and ends every session of the account. A password that
// password.Check refuses is a field error on "password".
func (s *Store) UsePasswordToken(ctx context.Context, token, pw string) (*User, error) {
	owner, err := s.PasswordToken(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := password.Check(pw, owner.Email, owner.Name); err != nil {
		return nil, passwordRefused("password", err)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := tx.Now
	var uid int64
	var expires string
	err = tx.QueryRowContext(ctx, `SELECT t.user_id, t.expires_at FROM password_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.used_at IS NULL AND NOT u.disabled`, hashToken(token)).Scan(&uid, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !now.Before(parseTime(expires))) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE password_tokens SET used_at = ? WHERE hash = ?`, formatTime(now), hashToken(token)); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, uid); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, uid); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, uid, "user.password_set", 0, 0, nil); err != nil {
		return nil, err
	}
	u, err := userTx(ctx, tx.Tx, uid)
	if err != nil {
		return nil, err
	}
	return u, tx.Commit()
}

func userTx(ctx context.Context, tx *sql.Tx, id int64) (*User, error) {
	return scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

// lastAdmin refuses a change that would leave no enabled administrator.
// keepAnAdmin refuses a change of the account u that would leave no
// enabled administrator (workflow.LeavesAnAdmin).
func keepAnAdmin(ctx context.Context, tx *sql.Tx, u *User, stillAdmin bool) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?`, u.ID).Scan(&n); err != nil {
		return err
	}
	if !workflow.LeavesAnAdmin(u.Role == workflow.Admin && !u.Disabled, stillAdmin, n) {
		return errs.Conflict("error.last_admin")
	}
	return nil
}

// SetRole changes an account's role.
func (s *Store) SetRole(ctx context.Context, actor *User, userID int64, role string) error {
	if err := canManageAccounts(actor); err != nil {
		return err
	}
	r, ok := workflow.ParseRole(role)
	if !ok {
		return errs.Invalid("error.unknown_value")
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u, err := userTx(ctx, tx.Tx, userID)
	if err != nil {
		return err
	}
	if err := keepAnAdmin(ctx, tx.Tx, u, r == workflow.Admin); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, string(r), userID); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor.ID, "user.role", 0, 0, AuditUserRole{Email: u.Email, From: string(u.Role), To: string(r)}); err != nil {
		return err
	}
	return tx.Commit()
}

// SetDisabled disables an account, ending every session of it at once, or
// enables it again.
func (s *Store) SetDisabled(ctx context.Context, actor *User, userID int64, disabled bool) error {
	if err := canManageAccounts(actor); err != nil {
		return err
	}
	if disabled && actor.ID == userID {
		return errs.Conflict("error.disable_self")
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u, err := userTx(ctx, tx.Tx, userID)
	if err != nil {
		return err
	}
	if err := keepAnAdmin(ctx, tx.Tx, u, !disabled && u.Role == workflow.Admin); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, disabled, userID); err != nil {
		return err
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		// Its invitation and reset links end with it: enabling the
		// account again does not bring them back.
		if _, err := tx.ExecContext(ctx, `UPDATE password_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, formatTime(tx.Now), userID); err != nil {
			return err
		}
		// So do the review links it made for people outside.
		if err := endLinksMadeBy(ctx, tx, userID); err != nil {
			return err
		}
	}
	if err := audit(ctx, tx, actor.ID, action, 0, 0, AuditAccount{Email: u.Email}); err != nil {
		return err
	}
	return tx.Commit()
}

// ChangePassword lets a person replace their own password; every other
// session of theirs ends, the one they are using (keep) stays. A wrong
// current password is a field error on "current", a new one that
// password.Check refuses one on "new".
func (s *Store) ChangePassword(ctx context.Context, u *User, current, pw, keep string) error {
	if err := s.CheckPassword(ctx, u, current, ActPasswordChange); err != nil {
		return err
	}
	if err := password.Check(pw, u.Email, u.Name); err != nil {
		return passwordRefused("new", err)
	}
	return s.setPassword(ctx, u, u.ID, pw, keep, "user.password_change")
}

// CheckPassword asks a signed-in person for their password again before
// an act that a borrowed session must not be able to do alone (change the
// password, turn the second factor on or off). A wrong one is an audit
// entry naming the act, and a field error on "current".
func (s *Store) CheckPassword(ctx context.Context, u *User, pw, act string) error {
	var hash string
	if err := s.r.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash); err != nil {
		return err
	}
	if ok, _ := s.verify(hash, pw); ok {
		return nil
	}
	if err := s.record(ctx, u.ID, "user.password_check_failed", 0, 0, AuditPasswordCheck{Act: act}); err != nil {
		return err
	}
	return invalid(map[string]string{"current": "error.password_wrong"})
}

// SessionInfo is one place a person is signed in.
type SessionInfo struct {
	ID        string
	UserAgent string
	CreatedAt time.Time
	LastSeen  time.Time
}

// UserSessions lists the sessions of a user, newest first.
func (s *Store) UserSessions(ctx context.Context, userID int64) ([]SessionInfo, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, user_agent, created_at, last_seen_at FROM sessions
		WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC`, userID, formatTime(s.now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SessionInfo
	for rows.Next() {
		var si SessionInfo
		var created, seen string
		if err := rows.Scan(&si.ID, &si.UserAgent, &created, &seen); err != nil {
			return nil, err
		}
		si.CreatedAt, si.LastSeen = parseTime(created), parseTime(seen)
		out = append(out, si)
	}
	return out, rows.Err()
}

// EndSession ends one session of the user (and only theirs).
func (s *Store) EndSession(ctx context.Context, u *User, id string) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = ? AND user_id = ?`, id, u.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.NotFound("error.404.message")
	}
	if err := audit(ctx, tx, u.ID, "session.end", 0, 0, AuditCause{}); err != nil {
		return err
	}
	return tx.Commit()
}

// TOTPState returns a user's second-factor secret and the last time step
// used with it.
func (s *Store) TOTPState(ctx context.Context, userID int64) (secret string, enabled bool, lastStep int64, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT totp_secret, totp_enabled, totp_last_step FROM users WHERE id = ?`, userID).Scan(&secret, &enabled, &lastStep)
	return secret, enabled, lastStep, err
}

// SpendTOTPStep records that the code of a time step was used, and says
// false if it (or a later one) had been used already: a code works once.
func (s *Store) SpendTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ErrTOTPEnabled refuses to enrol an account that already has a second
// factor.
var ErrTOTPEnabled = errs.E(errs.KindConflict, "account.2fa_already")

// EnableTOTP turns on two-factor sign-in with a confirmed secret and
// returns ten new single-use recovery codes, to be shown once.
func (s *Store) EnableTOTP(ctx context.Context, u *User, secret string, step int64) ([]string, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// Only an account without a second factor can enrol: a second
	// confirmation (a replayed form, another tab) must not swap the
	// secret or issue a fresh set of recovery codes.
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = ?, totp_enabled = 1, totp_last_step = ? WHERE id = ? AND totp_enabled = 0`, secret, step, u.ID)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, ErrTOTPEnabled
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, u.ID); err != nil {
		return nil, err
	}
	codes := make([]string, 10)
	for i := range codes {
		raw := strings.ToLower(rand.Text()[:10])
		codes[i] = raw[:5] + "-" + raw[5:]
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, hash) VALUES (?, ?)`, u.ID, hashToken(codes[i])); err != nil {
			return nil, err
		}
	}
	if err := audit(ctx, tx, u.ID, "user.totp_enable", 0, 0, nil); err != nil {
		return nil, err
	}
	return codes, tx.Commit()
}

// DisableTOTP removes a user's second factor and recovery codes: by the
// person themselves, or by an administrator for one who lost their device.
func (s *Store) DisableTOTP(ctx context.Context, actor *User, userID int64) error {
	if !workflow.CanResetSecondFactor(actor.Actor(), userID) {
		return errs.Forbidden("error.403.message")
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = '', totp_enabled = 0 WHERE id = ?`, userID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor.ID, "user.totp_disable", 0, 0, AuditUser{User: userID}); err != nil {
		return err
	}
	return tx.Commit()
}

// UseRecoveryCode spends one recovery code, and says whether it was valid.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, code string) (bool, error) {
	code = strings.ToLower(strings.TrimSpace(code))
	res, err := s.w.ExecContext(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND hash = ? AND used_at IS NULL`,
		formatTime(s.now()), userID, hashToken(code))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	if n == 1 {
		return true, s.record(ctx, userID, "login.recovery_code", 0, 0, nil)
	}
	return false, nil
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&n)
	return n, err
}

// Required2FA lists the roles that must sign in with a second factor.
func (s *Store) Required2FA(ctx context.Context) ([]workflow.Role, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT CAST(value AS TEXT) FROM settings WHERE key = 'require_2fa'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []workflow.Role
	for _, part := range strings.Split(v, ",") {
		if r, ok := workflow.ParseRole(part); ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// SetRequired2FA sets the roles that must use a second factor.
func (s *Store) SetRequired2FA(ctx context.Context, actor *User, roles []workflow.Role) error {
	if err := canChangeSettings(actor); err != nil {
		return err
	}
	names := []string{}
	for _, r := range workflow.Roles() {
		if slices.Contains(roles, r) {
			names = append(names, string(r))
		}
	}
	v := strings.Join(names, ",")
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('require_2fa', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, v); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor.ID, "settings.require_2fa", 0, 0, AuditRoles{Roles: names}); err != nil {
		return err
	}
	return tx.Commit()
}

// SetLang sets the language a person's studio speaks: "ru", "en", or ""
// to follow the browser.
func (s *Store) SetLang(ctx context.Context, u *User, lang string) error {
	if lang != "" && lang != "ru" && lang != "en" {
		return errs.Invalid("error.unknown_value")
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE users SET lang = ? WHERE id = ?`, lang, u.ID); err != nil {
		return err
	}
	// An account change like any other: it is in the log.
	if err := audit(ctx, tx, u.ID, "user.lang", 0, 0, AuditLang{Lang: lang}); err != nil {
		return err
	}
	return tx.Commit()
}
