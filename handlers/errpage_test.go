package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
	"casebook/workflow"
)

// TestDomainErrorsReachTheReader: a domain error names a catalogue
// message, and the error page shows it, with its arguments, in the
// reader's language: the page's on the public site, the browser's where
// the address has none, the person's own in the studio. One refusal of
// each kind, in Russian and in English.
func TestDomainErrorsReachTheReader(t *testing.T) {
	e := newEnv(t)
	cat := i18n.New()
	// A profile taken down answers 410 at its address.
	gone := e.publish(caseForm())
	if r := e.transition(e.login("editor"), gone, workflow.Unpublish, url.Values{"comment": {"The family asked."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	// A case in legal review, which a researcher may not edit, nor so
	// restore an old revision of.
	res := e.login("researcher")
	review := e.createCase(res, caseForm())
	if r := e.transition(res, review, workflow.Submit, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.StatusCode)
	}
	admin := e.login("admin")
	for _, l := range content.Langs() {
		p := cat.Printer(l)
		for _, c := range []*client{res, admin} {
			if r := c.post("/studio/account/lang", url.Values{"lang": {string(l)}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("language %s: %d", l, r.StatusCode)
			}
		}
		visitor := e.client()
		for _, tc := range []struct {
			name   string
			do     func() *response
			status int
			want   string
		}{
			{"a page number that is none", func() *response { return visitor.get("/" + string(l) + "/cases?page=x") },
				http.StatusBadRequest, p.T("error.page")},
			{"an unknown profile", func() *response { return visitor.get("/" + string(l) + "/cases/nobody-by-this-name") },
				http.StatusNotFound, p.T("error.404.message")},
			{"a profile taken down", func() *response { return visitor.get("/" + string(l) + "/cases/aleksandr-akimushkin") },
				http.StatusGone, p.T("error.410.message")},
			{"a used or unknown set-password link", func() *response {
				return visitor.get("/password?token=nonsense", "Accept-Language", string(l))
			}, http.StatusGone, p.T("error.token")},
			{"an unknown case in the studio", func() *response { return res.get("/studio/cases/999999") },
				http.StatusNotFound, p.T("error.404.message")},
			{"a page for administrators only", func() *response { return res.get("/studio/users") },
				http.StatusForbidden, p.T("error.403.message")},
			{"a restore in a state the role may not edit in", func() *response {
				return res.post(casePath(review)+"/restore", url.Values{"number": {"1"}, "revision": {i64(e.detail(review).Case.WorkingRevisionID)}})
			}, http.StatusForbidden, p.T("error.edit_state")},
			{"the last administrator made an editor", func() *response {
				return admin.post("/studio/users/"+i64(e.users["admin"].ID)+"/role", url.Values{"role": {"editor"}})
			}, http.StatusConflict, p.T("error.last_admin")},
		} {
			r := tc.do()
			if r.StatusCode != tc.status {
				t.Errorf("%s, %s: status %d, want %d", l, tc.name, r.StatusCode, tc.status)
				continue
			}
			d := r.doc(t)
			if got := d.Find("html").AttrOr("lang", ""); got != string(l) {
				t.Errorf("%s, %s: the page is in %q", l, tc.name, got)
			}
			if got := strings.TrimSpace(d.Find("h1 + p.lede").Text()); got != tc.want {
				t.Errorf("%s, %s: the page says %q, want %q", l, tc.name, got, tc.want)
			}
		}
	}
	if d := e.detail(review); d.Case.State != workflow.LegalReview || d.Working.Number != 1 {
		t.Errorf("a refusal changed the case: %s, revision %d", d.Case.State, d.Working.Number)
	}
}

// TestErrorPageShowsArguments: the arguments of a domain error's message
// reach the page, whatever wraps the error on its way there; a cause it
// carries for the log does not.
func TestErrorPageShowsArguments(t *testing.T) {
	e := newEnv(t)
	for _, l := range content.Langs() {
		e.echo.GET("/"+string(l)+"/test-taken", func(echo.Context) error {
			cause := &errs.Error{Kind: errs.KindConflict, Key: "error.email_exists", Args: []any{"anna@example.org"}, Err: fmt.Errorf("a detail for the log")}
			return fmt.Errorf("inviting: %w", cause)
		})
	}
	for l, want := range map[content.Lang]string{content.RU: "Аккаунт с почтой anna@example.org уже есть.", content.EN: "An account with the e-mail anna@example.org already exists."} {
		r := e.client().get("/" + string(l) + "/test-taken")
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("%s: %d", l, r.StatusCode)
		}
		if got := strings.TrimSpace(r.doc(t).Find("h1 + p.lede").Text()); got != want {
			t.Errorf("%s: the page says %q, want %q", l, got, want)
		}
		if strings.Contains(r.body, "detail for the log") {
			t.Errorf("%s: the cause reached the page", l)
		}
	}
}

// TestInvitingATakenEmailSaysWhy: an administrator who invites an e-mail
// that already has an account is told so beside the field, in their
// language, and the form keeps what they typed.
func TestInvitingATakenEmailSaysWhy(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	for l, want := range map[content.Lang]string{content.RU: "Аккаунт с такой почтой уже есть.", content.EN: "An account with this e-mail already exists."} {
		if r := admin.post("/studio/account/lang", url.Values{"lang": {string(l)}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("language %s: %d", l, r.StatusCode)
		}
		r := admin.post("/studio/users", url.Values{"email": {"lawyer@example.org"}, "name": {"Second Lawyer"}, "role": {"lawyer"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: a taken e-mail: %d", l, r.StatusCode)
		}
		d := r.doc(t)
		if got := strings.TrimSpace(d.Find("#email-error").Text()); got != want {
			t.Errorf("%s: beside the e-mail: %q, want %q", l, got, want)
		}
		if got := d.Find("#invite-email").AttrOr("value", ""); got != "lawyer@example.org" {
			t.Errorf("%s: the form lost the e-mail: %q", l, got)
		}
	}
	users, err := e.st.Users(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, u := range users {
		if u.Email == "lawyer@example.org" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d accounts with the e-mail", n)
	}
}
