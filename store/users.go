package store

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"sync"

	"casebook/errs"
	"casebook/password"
	"casebook/workflow"
)

// User is an account of the studio.
type User struct {
	ID       int64
	Email    string
	Name     string
	Role     workflow.Role
	Lang     string
	Disabled bool
	// TOTP is true once the person has confirmed a second factor.
	TOTP bool
	// NoPassword is true until the person sets one through their link.
	NoPassword bool
}

// Actor is the user as the editorial rules see them.
func (u *User) Actor() workflow.Actor { return workflow.Actor{ID: u.ID, Role: u.Role} }

// DisplayName is the name, or the e-mail when there is none.
func (u *User) DisplayName() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// NewUser is what creating an account takes.
type NewUser struct {
	Email    string
	Name     string
	Role     string
	Password string
}

// CreateUser adds an account. A malformed or taken e-mail, an unknown role
// or a password that password.Check refuses is an errs.KindInvalid or
// errs.KindConflict error.
func (s *Store) CreateUser(ctx context.Context, actor *User, nu NewUser) (*User, error) {
	email := strings.TrimSpace(nu.Email)
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email || len(email) > MaxEmailLength {
		return nil, errs.Invalid("error.email_address", clip(email, MaxEmailLength))
	}
	role, ok := workflow.ParseRole(nu.Role)
	if !ok {
		return nil, errs.Invalid("error.role", nu.Role)
	}
	if err := password.Check(nu.Password, email, nu.Name); err != nil {
		return nil, refused(err)
	}
	hash, err := password.Hash(nu.Password)
	if err != nil {
		return nil, err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, email).Scan(&taken); err != nil {
		return nil, err
	}
	if taken > 0 {
		return nil, errs.Conflict("error.email_exists", email)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		email, strings.TrimSpace(nu.Name), string(role), hash, formatTime(tx.Now))
	if err != nil {
		return nil, err
	}
	id, _ := res.LastInsertId()
	if err := audit(ctx, tx, actorID(actor), "user.create", 0, 0, AuditUserCreate{Email: email, Role: string(role)}); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return &User{ID: id, Email: email, Name: strings.TrimSpace(nu.Name), Role: role}, nil
}

// SetPassword replaces a user's password and ends every session of theirs.
// A password that password.Check refuses is an errs.KindInvalid error
// wrapping its *password.Refusal.
func (s *Store) SetPassword(ctx context.Context, actor *User, userID int64, pw string) error {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := password.Check(pw, u.Email, u.Name); err != nil {
		return refused(err)
	}
	return s.setPassword(ctx, actor, userID, pw, "", "user.password")
}

// refused carries a *password.Refusal: the key of its explanation, for
// the person, and the refusal itself for whoever unwraps it.
func refused(err error) error {
	var r *password.Refusal
	if !errors.As(err, &r) {
		return err
	}
	return &errs.Error{Kind: errs.KindInvalid, Key: r.Key(), Err: err}
}

// passwordRefused is the field error for a password that password.Check
// refuses: the key of the explanation that stands beside that field.
func passwordRefused(field string, err error) error {
	var r *password.Refusal
	if errors.As(err, &r) {
		return invalid(map[string]string{field: r.Key()})
	}
	return err
}

// setPassword stores a password already checked, ending every session of
// the account but keep (the hashed id of the session that made the
// change, or "").
func (s *Store) setPassword(ctx context.Context, actor *User, userID int64, pw, keep, action string) error {
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.NotFound("error.404.message")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND id != ?`, userID, keep); err != nil {
		return err
	}
	if err := audit(ctx, tx, actorID(actor), action, 0, 0, AuditUser{User: userID}); err != nil {
		return err
	}
	return tx.Commit()
}

const userColumns = `id, email, name, role, lang, disabled, totp_enabled, password_hash = '!'`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var role string
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.Lang, &u.Disabled, &u.TOTP, &u.NoPassword); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errs.NotFound("error.404.message")
		}
		return nil, err
	}
	u.Role = workflow.Role(role)
	return &u, nil
}

// UserByID returns an account.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	return scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

// UserByEmail returns an account.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	return scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, strings.TrimSpace(email)))
}

// Users lists every account.
func (s *Store) Users(ctx context.Context) ([]*User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// ErrBadCredentials is the one answer for a wrong password, an unknown
// e-mail and a disabled account alike, so that sign-in reveals nothing.
var ErrBadCredentials = errs.E(errs.KindUnauthorized, "login.error")

var dummyHash = sync.OnceValue(password.Dummy)

// MaxEmailLength is the longest e-mail address an account may have, the
// longest a mail server takes (RFC 5321).
const MaxEmailLength = 254

// Authenticate checks an e-mail and password and records a success in
// the audit log, and a failure when recordFailure is set: the caller
// bounds how many failures an anonymous sender may write. It hashes even
// for an unknown account so that the answer takes as long either way.
func (s *Store) Authenticate(ctx context.Context, email, pw string, recordFailure bool) (*User, error) {
	email = strings.TrimSpace(email)
	var hash string
	var u *User
	var err error
	if len(email) <= MaxEmailLength {
		u, err = scanUserHash(s.r.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = ?`, email), &hash)
		if err != nil && !errs.Is(err, errs.KindNotFound) {
			return nil, err
		}
	}
	if u == nil {
		hash = dummyHash()
	}
	ok, verr := s.verify(hash, pw)
	if verr != nil {
		// An account without a usable hash (invited, its link not used
		// yet) would otherwise answer without hashing, and the time
		// would tell that the address has an account.
		s.verify(dummyHash(), pw)
		ok = false
	}
	if u == nil || u.Disabled || !ok {
		var uid int64
		if u != nil {
			uid = u.ID
		}
		if recordFailure {
			if err := s.record(ctx, uid, "login.failed", 0, 0, AuditAccount{Email: clip(email, MaxEmailLength)}); err != nil {
				return nil, err
			}
		}
		return nil, ErrBadCredentials
	}
	if err := s.record(ctx, u.ID, "login", 0, 0, nil); err != nil {
		return nil, err
	}
	return u, nil
}

func scanUserHash(row *sql.Row, hash *string) (*User, error) {
	var u User
	var role string
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.Lang, &u.Disabled, &u.TOTP, &u.NoPassword, hash); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errs.NotFound("error.404.message")
		}
		return nil, err
	}
	u.Role = workflow.Role(role)
	return &u, nil
}

// CountUsers says how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

func actorID(u *User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
