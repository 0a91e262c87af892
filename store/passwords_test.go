package store

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"casebook/content"
	"casebook/errs"
	"casebook/password"
	"casebook/workflow"
)

// TestNewInstallRequiresTwoFactorExistingKeepsWhatItHad: the migration
// that brought the requirement makes a new database require the second
// factor of editors and admins; a database that already had accounts
// keeps what it had, whether nothing or a choice of its own.
func TestNewInstallRequiresTwoFactorExistingKeepsWhatItHad(t *testing.T) {
	ctx := context.Background()
	names, _ := fs.Glob(migrations, "migrations/*_passwords_require_2fa.sql")
	if len(names) != 1 {
		t.Fatalf("the migration: %v", names)
	}
	version := strings.TrimSuffix(strings.TrimPrefix(names[0], "migrations/"), ".sql")

	s := openTest(t)
	if got, _ := s.Required2FA(ctx); !slices.Equal(got, []workflow.Role{workflow.Editor, workflow.Admin}) {
		t.Fatalf("a new database requires %v", got)
	}

	// An older database: accounts, and the settings it had, and the
	// migration not yet applied.
	for _, had := range []string{"", "admin", "none"} {
		path := filepath.Join(t.TempDir(), "old.db")
		old, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		mustUser(t, old, "editor@example.org", "editor")
		if _, err := old.w.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = ?`, version); err != nil {
			t.Fatal(err)
		}
		if _, err := old.w.ExecContext(ctx, `DELETE FROM settings WHERE key = 'require_2fa'`); err != nil {
			t.Fatal(err)
		}
		if had != "none" {
			if _, err := old.w.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('require_2fa', ?)`, had); err != nil {
				t.Fatal(err)
			}
		}
		before, _ := old.Required2FA(ctx)
		old.Close()
		upgraded, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		after, _ := upgraded.Required2FA(ctx)
		upgraded.Close()
		if !slices.Equal(before, after) {
			t.Errorf("an existing database that required %q: %v before, %v after the migration", had, before, after)
		}
	}
}

// TestEveryWayToSetAPasswordChecksIt: creating an account, setting a
// password (the demo's reset), changing one's own and using a one-time
// link all refuse what password.Check refuses, and change nothing.
func TestEveryWayToSetAPasswordChecksIt(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	admin := mustUser(t, s, "admin@example.org", "admin")
	refusal := func(err error) password.Reason {
		var r *password.Refusal
		if errors.As(err, &r) {
			return r.Reason
		}
		// The forms get the reason as the key of its message.
		var fe content.FieldErrors
		if errors.As(err, &fe) {
			for _, key := range fe {
				return password.Reason(strings.TrimPrefix(key, "error.password_"))
			}
		}
		return ""
	}
	if _, err := s.CreateUser(ctx, nil, NewUser{Email: "anna@example.org", Name: "Anna Researcher", Role: "researcher", Password: "password123"}); !errs.Is(err, errs.KindInvalid) || refusal(err) != password.Common {
		t.Errorf("create: %v", err)
	}
	if _, err := s.CreateUser(ctx, nil, NewUser{Email: "anna@example.org", Name: "Anna Researcher", Role: "researcher", Password: "anna.researcher2024"}); refusal(err) != password.Personal {
		t.Errorf("create with the own name: %v", err)
	}
	if _, err := s.UserByEmail(ctx, "anna@example.org"); !errs.Is(err, errs.KindNotFound) {
		t.Fatalf("a refused account was made: %v", err)
	}
	u, token, err := s.InviteUser(ctx, admin, "anna@example.org", "Anna Researcher", "researcher")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UsePasswordToken(ctx, token, "anna.researcher2024"); refusal(err) != password.Personal {
		t.Errorf("link: %v", err)
	}
	if _, err := s.PasswordToken(ctx, token); err != nil {
		t.Errorf("a refusal spent the link: %v", err)
	}
	if _, err := s.UsePasswordToken(ctx, token, "quarry lantern velvet obelisk"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, nil, u.ID, "password123"); refusal(err) != password.Common {
		t.Errorf("set: %v", err)
	}
	u, _ = s.UserByID(ctx, u.ID)
	if err := s.ChangePassword(ctx, u, "quarry lantern velvet obelisk", "password123", ""); refusal(err) != password.Common {
		t.Errorf("change: %v", err)
	}
	if _, err := s.Authenticate(ctx, "anna@example.org", "quarry lantern velvet obelisk", true); err != nil {
		t.Errorf("a refusal changed the password: %v", err)
	}
}
