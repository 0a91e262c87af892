// Package demo fills an empty database with realistic content and one
// account per role, so that Casebook can be tried at once.
package demo

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"casebook/content"
	"casebook/errs"
	"casebook/password"
	"casebook/store"
	"casebook/workflow"
)

// cases.json is an import file in the design's shape `{"groups": [...],
// "cases": [...]}`, so that `casebook import demo/cases.json` takes it too.
//
//go:embed cases.json
var casesJSON []byte

type file struct {
	Groups []content.Group `json:"groups"`
	Cases  []*content.Case `json:"cases"`
}

func parse() (*file, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(casesJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	return &f, nil
}

// Cases returns the demo profiles: the seed profile of Aleksandr Akimushkin
// in both languages, then fictional people in realistic cases, among them
// the three of a group case.
func Cases() ([]*content.Case, error) {
	f, err := parse()
	if err != nil {
		return nil, err
	}
	return f.Cases, nil
}

// Groups returns the demo case groups, which the cases name and Load
// creates before them.
func Groups() ([]content.Group, error) {
	f, err := parse()
	if err != nil {
		return nil, err
	}
	return f.Groups, nil
}

// Account is a demo account.
type Account struct {
	Email, Name, Role string
}

// Accounts are the demo accounts, one per role.
func Accounts() []Account {
	return []Account{
		{"researcher@casebook.test", "Анна Исследова", "researcher"},
		{"lawyer@casebook.test", "Борис Юристов", "lawyer"},
		{"editor@casebook.test", "Вера Редакторова", "editor"},
		{"admin@casebook.test", "Глеб Админов", "admin"},
	}
}

// step is a workflow move made while loading.
type step struct {
	role    string
	t       workflow.Transition
	comment string
}

// plan says how far through the workflow each demo case goes, so that the
// studio shows every state. Of the group case's three (6, 7 and 8), the
// third stays a draft: a co-defendant whose profile is not ready, whom the
// published profiles and the group's page must not reveal.
func plan(i int) []step {
	submit := step{"researcher", workflow.Submit, ""}
	approve := step{"lawyer", workflow.ApproveLegal, "Критерий (а): преследование за высказывания. Насилия нет."}
	publish := step{"editor", workflow.Publish, ""}
	switch i {
	case 0, 1, 5, 6, 7:
		return []step{submit, approve, publish}
	case 2:
		return []step{submit, approve}
	case 3:
		return []step{submit}
	case 4:
		return []step{submit, {"lawyer", workflow.RequestChanges, "Нужны материалы дела: номер дела и дата перевода в СИЗО. Пока непонятно, на чём основано обвинение."}}
	}
	return nil
}

// Load puts the demo content into an empty database and prints the demo
// accounts with fresh passwords. On a database that already has the demo
// accounts it only gives them new passwords and prints them; on any other
// non-empty database it does nothing.
func Load(ctx context.Context, st *store.Store, out io.Writer) error {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return err
	}
	users := map[string]*store.User{}
	passwords := map[string]string{}
	if n > 0 {
		for _, a := range Accounts() {
			u, err := st.UserByEmail(ctx, a.Email)
			if errs.Is(err, errs.KindNotFound) {
				fmt.Fprintln(out, "The database already has accounts; demo content was not loaded.")
				return nil
			}
			if err != nil {
				return err
			}
			pw := newPassword(a)
			if err := st.SetPassword(ctx, nil, u.ID, pw); err != nil {
				return err
			}
			passwords[a.Email] = pw
		}
		return printAccounts(ctx, st, out, passwords)
	}
	for _, a := range Accounts() {
		pw := newPassword(a)
		u, err := st.CreateUser(ctx, nil, store.NewUser{Email: a.Email, Name: a.Name, Role: a.Role, Password: pw})
		if err != nil {
			return err
		}
		users[a.Role] = u
		passwords[a.Email] = pw
	}
	// A new database requires the second factor of editors and
	// administrators. The demo is there to be tried at once with the
	// passwords it prints, so it lifts the requirement (in the audit log,
	// as the demo administrator) and says so with the accounts.
	if err := st.SetRequired2FA(ctx, users["admin"], nil); err != nil {
		return err
	}
	// The groups come first: a case naming a group that does not exist
	// is refused.
	groups, err := Groups()
	if err != nil {
		return err
	}
	for _, g := range groups {
		in := store.RefInput{Code: g.Code, NameRU: g.RU.Name, NameEN: g.EN.Name, DescRU: g.RU.Description, DescEN: g.EN.Description}
		if err := st.AddRef(ctx, users["admin"], store.RefGroups, in); err != nil {
			return fmt.Errorf("group %s: %w", g.Code, err)
		}
	}
	cases, err := Cases()
	if err != nil {
		return err
	}
	rules := workflow.Default()
	for i, c := range cases {
		id, err := st.CreateCase(ctx, users["researcher"], c)
		if err != nil {
			return fmt.Errorf("case %d (%s): %w", i, c.Slug, err)
		}
		for _, s := range plan(i) {
			d, err := st.CaseDetail(ctx, id)
			if err != nil {
				return err
			}
			in := workflow.Input{Comment: s.comment}
			if s.t == workflow.ApproveLegal {
				in.Review = &workflow.Review{Deprived: true, Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: s.comment}
			}
			if _, err := st.Transition(ctx, rules, users[s.role], id, d.Case.WorkingRevisionID, s.t, in); err != nil {
				return fmt.Errorf("case %d (%s), %s: %w", i, c.Slug, s.t, err)
			}
		}
		if err := loadPrivate(ctx, st, users["researcher"], id, c.Slug); err != nil {
			return err
		}
	}
	return printAccounts(ctx, st, out, passwords)
}

// newPassword is 16 random characters (80 bits), drawn again in the
// unlikely case that the password rule refuses them.
func newPassword(a Account) string {
	for {
		pw := rand.Text()[:16]
		if password.Check(pw, a.Email, a.Name) == nil {
			return pw
		}
	}
}

// printAccounts prints the accounts and whether any of them must turn on
// a second factor before working: what is printed is what works.
func printAccounts(ctx context.Context, st *store.Store, out io.Writer, passwords map[string]string) error {
	required, err := st.Required2FA(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "Demo accounts (sign in at /login):")
	for _, a := range Accounts() {
		fmt.Fprintf(out, "  %-10s  %-26s  %s\n", a.Role, a.Email, passwords[a.Email])
	}
	if len(required) == 0 {
		fmt.Fprintln(out, "Two-factor sign-in is not required in this demo (a new installation requires it of editors and admins); an admin can require it in Settings, /studio/settings.")
		return nil
	}
	names := make([]string, len(required))
	for i, r := range required {
		names[i] = string(r)
	}
	fmt.Fprintf(out, "Two-factor sign-in is required of: %s; those accounts set it up at their first sign-in (Settings, /studio/settings).\n", strings.Join(names, ", "))
	return nil
}
