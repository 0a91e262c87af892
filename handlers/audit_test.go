package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

// entry is what an action must leave in the audit log: who did it, on
// which case and revision (0 where it concerns no case), and, when not
// "", a part its data (a JSON object) must contain.
type entry struct {
	action   string
	actor    int64
	caseID   int64
	revision int64
	data     string
}

// auditSince returns the entries written after the entry with id after,
// oldest first.
func (e *env) auditSince(after int64) []store.AuditEntry {
	e.t.Helper()
	all, err := e.st.AuditLog(context.Background(), store.AuditQuery{Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []store.AuditEntry
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].ID > after {
			out = append(out, all[i])
		}
	}
	return out
}

// TestAuditRecordsEveryAction does, one by one, every action the design
// wants attributable (sign-ins and failed ones, account changes, edits,
// every transition including unpublish, the scheduled publication, an
// import) and checks that each wrote exactly the entries expected: who,
// when, which case and which revision, and its arguments as data rather
// than words. Throttled sign-in attempts are refused before any password
// is checked and are not audited (they go to the server log), so that an
// attacker cannot grow the append-only log without bound; export is
// audited by the command (cmd/casebook).
func TestAuditRecordsEveryAction(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	start := time.Now().Add(-time.Second)
	last := int64(0)
	if got := e.auditSince(0); len(got) > 0 {
		last = got[len(got)-1].ID
	}
	uid := func(role string) int64 { return e.users[role].ID }
	var caseID int64
	working := func() int64 { return e.detail(caseID).Case.WorkingRevisionID }
	// step runs do and compares what it wrote with want, in order.
	step := func(name string, do func(), want func() []entry) {
		t.Helper()
		do()
		got := e.auditSince(last)
		w := want()
		if len(got) != len(w) {
			var actions []string
			for _, g := range got {
				actions = append(actions, g.Action)
			}
			t.Errorf("%s: %d entries %v, want %d", name, len(got), actions, len(w))
		}
		for i := range min(len(got), len(w)) {
			g, w := got[i], w[i]
			if g.Action != w.action || g.ActorID != w.actor || g.CaseID != w.caseID || g.RevisionID != w.revision || !strings.Contains(string(g.Data), w.data) {
				t.Errorf("%s: entry %+v with data %s, want %+v", name, g, g.Data, w)
			}
			// Arguments as data that the studio reads back, not words.
			if _, err := g.Args(); err != nil || g.Detail != "" {
				t.Errorf("%s: %s has data %s (%v) and words %q", name, g.Action, g.Data, err, g.Detail)
			}
			if g.At.Before(start) || g.At.After(time.Now().Add(48*time.Hour)) {
				t.Errorf("%s: %s at %v", name, g.Action, g.At)
			}
		}
		if len(got) > 0 {
			last = got[len(got)-1].ID
		}
	}

	// Signing in.
	step("failed sign-in, known account", func() {
		e.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {"not the password"}})
	}, func() []entry {
		return []entry{{"login.failed", uid("editor"), 0, 0, `{"email":"editor@example.org"}`}}
	})
	// One entry per sender and quarter of an hour: the next comes from
	// another address.
	step("failed sign-in, unknown account", func() {
		e.client().post("/login", url.Values{"email": {"nobody@example.org"}, "password": {"not the password"}}, "X-Forwarded-For", "198.51.100.9")
	}, func() []entry { return []entry{{"login.failed", 0, 0, 0, `{"email":"nobody@example.org"}`}} })
	step("another failed sign-in from the same sender", func() {
		e.client().post("/login", url.Values{"email": {"editor@example.org"}, "password": {"not the password"}}, "X-Forwarded-For", "198.51.100.9")
	}, func() []entry { return nil })
	var res, law, ed, admin *client
	step("sign-in", func() { res = e.login("researcher") }, func() []entry { return []entry{{"login", uid("researcher"), 0, 0, ""}} })
	law, ed, admin = e.login("lawyer"), e.login("editor"), e.login("admin")
	last = e.auditSince(last)[len(e.auditSince(last))-1].ID

	// Edits.
	step("create", func() { caseID = e.createCase(res, caseForm()) },
		func() []entry {
			return []entry{{"case.create", uid("researcher"), caseID, working(), `{"slug":"aleksandr-akimushkin"}`}}
		})
	edit := func(c *client, change func(url.Values)) {
		t.Helper()
		form := caseForm()
		form.Set("revision", i64(working()))
		change(form)
		if r := c.post(casePath(caseID)+"/edit", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.StatusCode)
		}
	}
	step("edit", func() { edit(res, func(f url.Values) { f.Set("headline_en", "A second headline") }) },
		func() []entry { return []entry{{"case.edit", uid("researcher"), caseID, working(), ""}} })
	step("restore", func() {
		if r := res.post(casePath(caseID)+"/restore", url.Values{"number": {"1"}, "revision": {i64(working())}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("restore: %d", r.StatusCode)
		}
	}, func() []entry {
		return []entry{{"case.restore", uid("researcher"), caseID, working(), `{"revision":1}`}}
	})
	step("comment", func() { res.post(casePath(caseID)+"/comments", url.Values{"body": {"Verdict attached."}}) },
		func() []entry { return []entry{{"case.comment", uid("researcher"), caseID, working(), ""}} })
	step("slug", func() { edit(ed, func(f url.Values) { f.Set("slug", "akimushkin") }) }, func() []entry {
		return []entry{{"case.slug", uid("editor"), caseID, working(), `{"from":"aleksandr-akimushkin","to":"akimushkin"}`}, {"case.edit", uid("editor"), caseID, working(), ""}}
	})

	// Every transition, each by whoever may make it.
	for _, tr := range []struct {
		c     *client
		role  string
		t     workflow.Transition
		extra url.Values
		to    workflow.State
	}{
		{res, "researcher", workflow.Submit, nil, workflow.LegalReview},
		{res, "researcher", workflow.Withdraw, nil, workflow.Draft},
		{res, "researcher", workflow.Submit, nil, workflow.LegalReview},
		{law, "lawyer", workflow.RequestChanges, url.Values{"comment": {"The verdict date?"}}, workflow.Draft},
		{res, "researcher", workflow.Submit, nil, workflow.LegalReview},
		{law, "lawyer", workflow.ApproveLegal, approval(), workflow.EditorialReview},
		{admin, "admin", workflow.Publish, url.Values{"publish_at": {time.Now().UTC().Add(time.Hour).Format("2006-01-02T15:04")}}, workflow.Scheduled},
		{admin, "admin", workflow.Unschedule, nil, workflow.EditorialReview},
		{admin, "admin", workflow.Publish, nil, workflow.Published},
		{admin, "admin", workflow.Unpublish, url.Values{"comment": {"The family asked."}}, workflow.Draft},
	} {
		from := e.detail(caseID).Case.State
		rev := working()
		step(string(tr.t), func() {
			if r := e.transition(tr.c, caseID, tr.t, tr.extra); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d", tr.t, r.StatusCode)
			}
		}, func() []entry {
			return []entry{{"transition." + string(tr.t), uid(tr.role), caseID, rev, `{"from":"` + string(from) + `","to":"` + string(tr.to) + `"`}}
		})
	}

	// The scheduled publication: the scheduler acts, for nobody.
	id2 := e.caseIn(workflow.EditorialReview, false)
	if _, err := e.st.Transition(ctx, workflow.Default(), e.users["editor"], id2, e.detail(id2).Case.WorkingRevisionID, workflow.Publish, workflow.Input{PublishAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	last = e.auditSince(last)[len(e.auditSince(last))-1].ID
	step("scheduled publication", func() {
		e.st.SetClock(func() time.Time { return time.Now().Add(2 * time.Hour) })
		defer e.st.SetClock(func() time.Time { return time.Now().UTC() })
		if ids, err := e.st.PublishDue(ctx); err != nil || len(ids) != 1 {
			t.Fatalf("PublishDue: %v %v", ids, err)
		}
	}, func() []entry {
		return []entry{{"transition.publish", 0, id2, e.detail(id2).Case.WorkingRevisionID, `{"from":"scheduled","to":"published","due":"`}}
	})

	// Accounts.
	var invited *store.User
	var link string
	step("invite", func() {
		r := admin.post("/studio/users", url.Values{"email": {"new@example.org"}, "name": {"New Person"}, "role": {"lawyer"}})
		m := linkPattern.FindStringSubmatch(r.body)
		if r.StatusCode != 200 || m == nil {
			t.Fatalf("invite: %d", r.StatusCode)
		}
		link = m[1]
		invited, _ = e.st.UserByEmail(ctx, "new@example.org")
	}, func() []entry {
		return []entry{{"user.create", uid("admin"), 0, 0, `{"email":"new@example.org","role":"lawyer"}`}}
	})
	step("password from the link", func() {
		e.client().post("/password", url.Values{"token": {link}, "new": {"a long fresh password"}, "repeat": {"a long fresh password"}})
	}, func() []entry { return []entry{{"user.password_set", invited.ID, 0, 0, ""}} })
	step("role", func() { admin.post("/studio/users/"+i64(invited.ID)+"/role", url.Values{"role": {"editor"}}) },
		func() []entry {
			return []entry{{"user.role", uid("admin"), 0, 0, `{"email":"new@example.org","from":"lawyer","to":"editor"}`}}
		})
	step("disable", func() { admin.post("/studio/users/"+i64(invited.ID)+"/disable", nil) },
		func() []entry { return []entry{{"user.disable", uid("admin"), 0, 0, `{"email":"new@example.org"}`}} })
	step("enable", func() { admin.post("/studio/users/"+i64(invited.ID)+"/enable", nil) },
		func() []entry { return []entry{{"user.enable", uid("admin"), 0, 0, `{"email":"new@example.org"}`}} })
	step("reset link", func() { admin.post("/studio/users/"+i64(invited.ID)+"/reset", nil) },
		func() []entry {
			return []entry{{"user.reset_link", uid("admin"), 0, 0, `{"user":` + i64(invited.ID) + `}`}}
		})
	step("own password", func() {
		if r := law.post("/studio/account/password", url.Values{"current": {testPassword}, "new": {"a brand new password"}, "repeat": {"a brand new password"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("change password: %d", r.StatusCode)
		}
	}, func() []entry { return []entry{{"user.password_change", uid("lawyer"), 0, 0, ""}} })
	step("language", func() { law.post("/studio/account/lang", url.Values{"lang": {"en"}}) },
		func() []entry { return []entry{{"user.lang", uid("lawyer"), 0, 0, `{"lang":"en"}`}} })
	other := e.login("researcher")
	last = e.auditSince(last)[len(e.auditSince(last))-1].ID
	step("end a session", func() {
		sid := res.get("/studio/account").doc(t).Find(`form[action="/studio/account/sessions/end"] input[name="id"]`).AttrOr("value", "")
		if r := res.post("/studio/account/sessions/end", url.Values{"id": {sid}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("end session: %d", r.StatusCode)
		}
		if r := other.get("/studio/"); r.StatusCode != http.StatusSeeOther {
			t.Fatal("the other session still works")
		}
	}, func() []entry { return []entry{{"session.end", uid("researcher"), 0, 0, ""}} })
	var secret string
	var codes []string
	step("enrol a second factor", func() { secret, codes = enrol(t, ed) },
		func() []entry { return []entry{{"user.totp_enable", uid("editor"), 0, 0, ""}} })
	c := e.client()
	step("password step of a 2FA sign-in", func() {
		c.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	}, func() []entry { return []entry{{"login", uid("editor"), 0, 0, ""}} })
	step("wrong code", func() { c.post("/login/2fa", url.Values{"code": {"123456"}}) },
		func() []entry { return []entry{{"login.2fa_failed", uid("editor"), 0, 0, ""}} })
	step("right code", func() {
		code, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
		if r := c.post("/login/2fa", url.Values{"code": {code}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("code: %d", r.StatusCode)
		}
	}, func() []entry { return []entry{{"login.2fa", uid("editor"), 0, 0, ""}} })
	c2 := e.client()
	c2.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	last = e.auditSince(last)[len(e.auditSince(last))-1].ID
	step("recovery code", func() {
		if r := c2.post("/login/2fa", url.Values{"code": {codes[0]}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("recovery code: %d", r.StatusCode)
		}
	}, func() []entry {
		return []entry{{"login.recovery_code", uid("editor"), 0, 0, ""}, {"login.2fa", uid("editor"), 0, 0, ""}}
	})
	step("second factor reset", func() { admin.post("/studio/users/"+i64(uid("editor"))+"/2fa-reset", nil) },
		func() []entry {
			return []entry{{"user.totp_disable", uid("admin"), 0, 0, `{"user":` + i64(uid("editor")) + `}`}}
		})
	step("four eyes off", func() { admin.post("/studio/settings", url.Values{}) },
		func() []entry { return []entry{{"settings.four_eyes", uid("admin"), 0, 0, `{"on":false}`}} })
	step("2FA required", func() { admin.post("/studio/settings/2fa", url.Values{"require_2fa": {"admin"}}) },
		func() []entry { return []entry{{"settings.require_2fa", uid("admin"), 0, 0, `{"roles":["admin"]}`}} })
	step("sign-out", func() { law.post("/logout", nil) },
		func() []entry { return []entry{{"logout", uid("lawyer"), 0, 0, ""}} })

	// Import: each case, and the import as a whole.
	var imported int64
	step("import", func() {
		d := &store.Dump{Cases: []store.DumpCase{{Case: content.Case{Slug: "imported-person", Status: "political_prisoner",
			EN: content.Text{Name: "Imported Person", Headline: "h", Body: "b"}}}}}
		if _, err := e.st.Import(ctx, d, store.ImportOptions{AsPublished: true, Source: "site.json"}); err != nil {
			t.Fatal(err)
		}
		pc, err := e.st.PublicCaseBySlug(ctx, "imported-person")
		if err != nil {
			t.Fatal(err)
		}
		imported = pc.Case.ID
	}, func() []entry {
		return []entry{{"case.import", 0, imported, e.detail(imported).Case.WorkingRevisionID, `{"source":"site.json","published":true}`}, {"import", 0, 0, 0, `{"cases":1,"source":"site.json"}`}}
	})

	// No entry holds a password, a second factor, a session id or a
	// sender's address.
	secrets := []string{testPassword, "not the password", "a long fresh password", "a brand new password", "198.51.100.9", secret, codes[0], link}
	for _, role := range []string{"researcher", "lawyer", "editor", "admin"} {
		sessions, err := e.st.UserSessions(ctx, uid(role))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sessions {
			secrets = append(secrets, s.ID)
		}
	}
	if len(secrets) < 10 {
		t.Fatalf("only %d secrets to look for", len(secrets))
	}
	for _, g := range e.auditSince(0) {
		for _, s := range secrets {
			if strings.Contains(string(g.Data)+g.Detail, s) {
				t.Errorf("%s holds %q: %s", g.Action, s, g.Data)
			}
		}
	}
}

// TestAuditLogSpeaksBothLanguages: the audit log names every action and
// puts every detail into words from the catalogs, in the reader's
// language; no raw action code and none of the English words the store
// writes into details reach a Russian page.
func TestAuditLogSpeaksBothLanguages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.users["admin"]
	id := e.publish(caseForm())
	if _, err := e.st.Transition(ctx, workflow.Default(), e.users["editor"], id, e.detail(id).Case.WorkingRevisionID, workflow.Unpublish, workflow.Input{Comment: "Семья попросила."}); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetCorrections(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	if err := e.st.CheckPassword(ctx, e.users["editor"], "not the password", store.Act2FADisable); err == nil {
		t.Fatal("a wrong password passes")
	}
	if err := e.st.SetSiteText(ctx, e.users["editor"], "how_to_help", content.RU, "Пишите письма."); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetFourEyes(ctx, admin, false); err != nil {
		t.Fatal(err)
	}
	u, token, err := e.st.InviteUser(ctx, admin, "new.person@example.org", "New Person", "lawyer")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.UsePasswordToken(ctx, token, "a long enough password 1"); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetRole(ctx, admin, u.ID, "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.ResetPassword(ctx, admin, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.st.AddRef(ctx, admin, store.RefRegions, store.RefInput{Code: "test-oblast", NameRU: "Тестовая область", NameEN: "Test Oblast"}); err != nil {
		t.Fatal(err)
	}
	if err := e.st.UpdateRef(ctx, admin, store.RefRegions, store.RefInput{Code: "test-oblast", NameRU: "Тестовая область", NameEN: "Test Oblast", Retired: true}); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetLang(ctx, e.users["lawyer"], "en"); err != nil {
		t.Fatal(err)
	}
	ad := e.login("admin")
	for _, l := range content.Langs() {
		p := i18n.New().Printer(l)
		d := ad.get("/studio/audit", "Accept-Language", string(l)).doc(t)
		rows := d.Find("table.audit tbody tr")
		if rows.Length() < 12 {
			t.Fatalf("%s: only %d entries", l, rows.Length())
		}
		seen := map[string]bool{}
		rows.Each(func(_ int, row *goquerySelection) {
			a := row.Find("[data-action]")
			code := a.AttrOr("data-action", "")
			seen[code] = true
			if want := p.T("audit.action." + code); a.Text() != want || want == code {
				t.Errorf("%s: action %s shows as %q", l, code, a.Text())
			}
			detail := row.Find("td").Last().Text()
			if strings.Contains(detail, "->") {
				t.Errorf("%s: %s detail %q has a raw arrow", l, code, detail)
			}
			if l == content.RU {
				detail := regexp.MustCompile(`[^\s(]+@[^\s),]+`).ReplaceAllString(detail, "")
				for _, w := range []string{"scheduled", "from", " as ", "with", "retired", "user ", "off", "legal_review", "editorial_review", "published", "lawyer", "editor"} {
					if strings.Contains(detail, w) {
						t.Errorf("ru: %s detail %q has the English %q", code, detail, w)
					}
				}
			}
		})
		for _, code := range []string{"site_text.edit", "settings.four_eyes", "user.create", "user.password_set", "user.role", "user.reset_link", "reference.add", "reference.update", "user.lang", "transition.publish",
			"transition.unpublish", "settings.corrections", "user.password_check_failed"} {
			if !seen[code] {
				t.Errorf("%s: no %s entry", l, code)
			}
		}
		text := d.Find("table.audit").Text()
		for _, want := range []string{
			p.T("audit.detail.site_text", p.T("texts.how_to_help"), p.T("lang.name_ru")),
			p.T("audit.detail.change", p.T("state.editorial_review"), p.T("state.published")),
			p.T("audit.detail.user_create", "new.person@example.org", p.T("role.lawyer")),
			p.T("audit.detail.user_role", "new.person@example.org", p.T("role.lawyer"), p.T("role.editor")),
			p.T("audit.detail.reference_retired", p.T("ref.kind.regions"), "test-oblast"),
			p.T("audit.detail.one_time_link"),
			p.T("audit.detail.off"),
			p.T("audit.detail.on"),
			p.T("audit.detail.reason", p.T("audit.detail.change", p.T("state.published"), p.T("state.draft")), "Семья попросила."),
			p.T("audit.detail.act_2fa_disable"),
			"New Person (new.person@example.org)",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the log lacks %q", l, want)
			}
		}
	}
}
