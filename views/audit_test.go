package views

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
)

// auditSample is an action's data for the test, and the values it holds
// that must show as they are (addresses, slugs, file names, a reason).
type auditSample struct {
	data  any
	shown []string
}

// auditSamples gives the data of every action the store writes.
func auditSamples() map[string][]auditSample {
	s := func(data any, shown ...string) []auditSample { return []auditSample{{data, shown}} }
	none := []auditSample{{nil, nil}}
	due := time.Date(2025, 3, 4, 5, 6, 0, 0, time.UTC)
	samples := map[string][]auditSample{
		"login": none, "login.2fa": none, "login.2fa_failed": none, "login.recovery_code": none, "logout": none,
		"user.totp_enable": none, "case.edit": none, "case.comment": none,
		"user.password_set":    s(nil),
		"login.failed":         s(store.AuditAccount{Email: "typed@example.org"}, "typed@example.org"),
		"user.enable":          s(store.AuditAccount{Email: "a@example.org"}, "a@example.org"),
		"user.disable":         s(store.AuditAccount{Email: "a@example.org"}, "a@example.org"),
		"user.create":          s(store.AuditUserCreate{Email: "new@example.org", Role: "lawyer"}, "new@example.org"),
		"user.role":            s(store.AuditUserRole{Email: "a@example.org", From: "lawyer", To: "editor"}, "a@example.org"),
		"user.password":        s(store.AuditUser{User: 7}, "Ольга Иванова", "olga@example.org"),
		"user.password_change": s(store.AuditUser{User: 7}, "Ольга Иванова", "olga@example.org"),
		"user.reset_link":      {{store.AuditUser{User: 7}, []string{"Ольга Иванова", "olga@example.org"}}, {store.AuditUser{User: 9}, []string{"9"}}},
		"user.totp_disable":    s(store.AuditUser{User: 7}, "Ольга Иванова", "olga@example.org"),
		"user.lang":            {{store.AuditLang{Lang: "en"}, nil}, {store.AuditLang{Lang: "ru"}, nil}, {store.AuditLang{}, nil}},
		"user.password_check_failed": {
			{store.AuditPasswordCheck{Act: store.ActPasswordChange}, nil},
			{store.AuditPasswordCheck{Act: store.Act2FAEnrol}, nil},
			{store.AuditPasswordCheck{Act: store.Act2FADisable}, nil},
		},
		"session.end":          {{store.AuditCause{}, nil}, {store.AuditCause{Cause: store.CauseWrongPasswords}, nil}},
		"settings.four_eyes":   {{store.AuditSwitch{On: true}, nil}, {store.AuditSwitch{}, nil}},
		"settings.corrections": {{store.AuditSwitch{On: true}, nil}, {store.AuditSwitch{}, nil}},
		"settings.require_2fa": {{store.AuditRoles{Roles: []string{"editor", "admin"}}, nil}, {store.AuditRoles{}, nil}},
		"site_text.edit":       s(store.AuditSiteText{Key: "how_to_help", Lang: "ru"}),
		"form.kept":            s(store.AuditPath{Path: "/studio/cases/3/edit"}, "/studio/cases/3/edit"),
		"case.create":          s(store.AuditSlug{Slug: "ivan-petrov"}, "ivan-petrov"),
		"case.restore":         s(store.AuditRestore{Revision: 3}, "3"),
		"case.slug":            s(store.AuditSlugChange{From: "ivan-petrov", To: "petrov"}, "ivan-petrov", "petrov"),
		"case.import": {
			{store.AuditCaseImport{Source: "cases.json"}, []string{"cases.json"}},
			{store.AuditCaseImport{Source: "cases.json", Published: true}, []string{"cases.json"}},
			{store.AuditCaseImport{Source: "export.json", History: true}, []string{"export.json"}},
		},
		"case.import_wordpress": {
			{store.AuditSourceImport{Site: "https://old.example.org", Posts: []store.AuditSourcePost{{ID: "12", Lang: "ru", URL: "https://old.example.org/figurant/aleksandr/"}}},
				[]string{"https://old.example.org/figurant/aleksandr/", "https://old.example.org", "12"}},
			{store.AuditSourceImport{Site: "https://old.example.org", Published: true, Updated: true, Posts: []store.AuditSourcePost{
				{ID: "12", Lang: "ru", URL: "https://old.example.org/figurant/aleksandr/"}, {ID: "13", Lang: "en", URL: "https://old.example.org/en/figurant/aleksandr/"}}},
				[]string{"https://old.example.org/en/figurant/aleksandr/", "https://old.example.org/figurant/aleksandr/", "https://old.example.org", "12", "13"}},
		},
		"case.back_to_legal": s(store.AuditCause{Cause: store.CauseNotApproved}),
		"import":             {{store.AuditImport{Cases: 1, Source: "a.json"}, []string{"a.json"}}, {store.AuditImport{Cases: 5, Source: "a.json"}, []string{"a.json"}}},
		"reference.add":      s(store.AuditRef{Kind: "regions", Code: "test-oblast"}, "test-oblast"),
		"reference.delete":   s(store.AuditRef{Kind: "articles", Code: "280.3"}, "280.3"),
		"reference.update":   {{store.AuditRefUpdate{Kind: "statuses", Code: "released", Retired: true}, []string{"released"}}, {store.AuditRefUpdate{Kind: "categories", Code: "anti-war"}, []string{"anti-war"}}},
		"media.upload":       s(store.AuditMedia{Hash: strings.Repeat("ab", 32)}, strings.Repeat("ab", 32)),
		"export":             s(store.AuditFile{File: "export.json"}, "export.json"),
		"export_site":        {{store.AuditFiles{Files: 1}, nil}, {store.AuditFiles{Files: 12}, nil}},
		"private.read":       {{store.AuditPrivateFields{Fields: store.PrivateKeys()}, nil}, {store.AuditPrivateFields{Fields: []string{"notes"}}, nil}},
		"private.edit":       s(store.AuditPrivateFields{Fields: []string{"family_contact", "source_reliability"}}),
		"private.export":     s(store.AuditPrivateExport{File: "export.json", Cases: 3}, "export.json"),
		"review_link.create": {
			{store.AuditReviewLinkCreate{Link: 3, Label: "адвокат Lawyer", Scope: "view_and_comment", Expires: due}, []string{"адвокат Lawyer", "3"}},
			{store.AuditReviewLinkCreate{Link: 4, Label: "sister", Scope: "view", Expires: due, Revision: 7}, []string{"sister", "4", "7"}},
		},
		"review_link.revoke":  s(store.AuditReviewLink{Link: 3, Label: "defence lawyer"}, "defence lawyer", "3"),
		"review_link.view":    s(store.AuditReviewLink{Link: 3, Label: "адвокат"}, "адвокат", "3"),
		"review_link.comment": s(store.AuditReviewLink{Link: 3, Label: "defence lawyer"}, "defence lawyer", "3"),
		"review_link.end": {
			{store.AuditReviewLinkEnd{Link: 3, Label: "defence lawyer", Why: "published"}, []string{"defence lawyer", "3"}},
			{store.AuditReviewLinkEnd{Link: 5, Label: "sister", Why: "unpublished"}, []string{"sister", "5"}},
		},
		// Consent and takedown: codes, numbers and a date, never a note.
		"consent.record": {
			{store.AuditConsent{Party: "family", Subject: "photo", Decision: "refused", On: "2025-05-03"}, nil},
			{store.AuditConsent{Party: "person", Subject: "name", Decision: "given", On: "2025-05"}, nil},
		},
		"takedown.register": s(store.AuditTakedown{Request: 3, Asked: []string{"photo", "passage"}}, "3"),
		"takedown.decide":   {{store.AuditTakedownDecision{Request: 3, Decision: "removed", Unpublished: true}, []string{"3"}}, {store.AuditTakedownDecision{Request: 4, Decision: "refused"}, []string{"4"}}},
		"case.held":         s(store.AuditCause{Cause: store.CausePhotoConsent}),
	}
	for _, a := range store.AuditActions() {
		if t, ok := strings.CutPrefix(a, "transition."); ok {
			samples[a] = s(store.AuditTransition{From: "editorial_review", To: "published"})
			switch t {
			case "publish":
				samples[a] = append(samples[a], s(store.AuditTransition{From: "scheduled", To: "published", Due: due})...)
			case "publish_correction":
				samples[a] = s(store.AuditTransition{From: "published", To: "published", Fields: []string{"letter_address", "place_of_detention"}})
			case "unpublish", "republish":
				samples[a] = s(store.AuditTransition{From: "published", To: "draft", Reason: "Семья попросила; the family asked"}, "Семья попросила; the family asked")
				if t == "unpublish" {
					samples[a] = append(samples[a], s(store.AuditTransition{From: "published", To: "draft", Takedown: 3}, "3")...)
				}
			}
		}
	}
	return samples
}

// TestAuditDetailsSpeakBothLanguages: every action the store writes
// renders from its data in both languages, with every argument in its
// place (no "%!" of a missing one, no raw data) and no word of the other
// language left: a Russian page shows no English word but the data's
// own, and an English page no Russian one.
func TestAuditDetailsSpeakBothLanguages(t *testing.T) {
	users := []*store.User{{ID: 7, Name: "Ольга Иванова", Email: "olga@example.org"}}
	latin := regexp.MustCompile(`[A-Za-z]+`)
	cyrillic := regexp.MustCompile(`\p{Cyrillic}+`)
	samples := auditSamples()
	cat := i18n.New()
	for _, action := range store.AuditActions() {
		list, ok := samples[action]
		if !ok {
			t.Errorf("%s: no sample data; add one", action)
			continue
		}
		for _, sm := range list {
			raw := []byte("{}")
			if sm.data != nil {
				var err error
				if raw, err = json.Marshal(sm.data); err != nil {
					t.Fatal(err)
				}
			}
			e := store.AuditEntry{ID: 1, Action: action, Data: raw}
			if _, err := e.Args(); err != nil {
				t.Errorf("%s: %v", action, err)
				continue
			}
			for _, l := range content.Langs() {
				got := AuditDetail(cat.Printer(l), e, users)
				if got == "" && (string(raw) != "{}" || action == "user.password_set") {
					t.Errorf("%s %s: nothing said of %s", l, action, raw)
				}
				if strings.Contains(got, "%!") || strings.Contains(got, "{") || strings.Contains(got, "->") {
					t.Errorf("%s %s: %q", l, action, got)
				}
				rest := got
				for _, v := range sm.shown {
					if !strings.Contains(got, v) {
						t.Errorf("%s %s: %q lacks %q", l, action, got, v)
					}
					rest = strings.ReplaceAll(rest, v, "")
				}
				if l == content.RU {
					for _, w := range latin.FindAllString(rest, -1) {
						if w != "UTC" {
							t.Errorf("ru %s: %q has the English %q", action, got, w)
						}
					}
				} else if w := cyrillic.FindString(rest); w != "" {
					t.Errorf("en %s: %q has the Russian %q", action, got, w)
				}
			}
		}
	}
}

// TestOldAuditEntriesStillSpeak: an entry written before migration 0017
// holds words, not data; the studio reads them back and says them in the
// reader's language as it says an entry with the same data, with no word
// of the other language left.
func TestOldAuditEntriesStillSpeak(t *testing.T) {
	users := []*store.User{{ID: 7, Name: "Ольга Иванова", Email: "olga@example.org"}}
	latin := regexp.MustCompile(`[A-Za-z]+`)
	cyrillic := regexp.MustCompile(`\p{Cyrillic}+`)
	cat := i18n.New()
	for _, c := range []struct {
		action, detail string
		data           any // the same event written since, nil for none
		shown          []string
	}{
		{"login.failed", "typed@example.org", store.AuditAccount{Email: "typed@example.org"}, []string{"typed@example.org"}},
		{"user.create", "new@example.org as lawyer", store.AuditUserCreate{Email: "new@example.org", Role: "lawyer"}, []string{"new@example.org"}},
		{"user.reset_link", "user 7", store.AuditUser{User: 7}, []string{"Ольга Иванова", "olga@example.org"}},
		{"user.totp_disable", "user 9", store.AuditUser{User: 9}, []string{"9"}},
		{"user.password_set", "with a one-time link", nil, nil},
		{"user.role", "a@example.org: lawyer -> editor", store.AuditUserRole{Email: "a@example.org", From: "lawyer", To: "editor"}, []string{"a@example.org"}},
		{"user.disable", "a@example.org", store.AuditAccount{Email: "a@example.org"}, []string{"a@example.org"}},
		{"user.lang", "en", store.AuditLang{Lang: "en"}, nil},
		{"user.password_check_failed", "2fa_enrol", store.AuditPasswordCheck{Act: store.Act2FAEnrol}, nil},
		{"settings.four_eyes", "off", store.AuditSwitch{}, nil},
		{"settings.corrections", "on", store.AuditSwitch{On: true}, nil},
		{"settings.require_2fa", "editor,admin", store.AuditRoles{Roles: []string{"editor", "admin"}}, nil},
		{"site_text.edit", "how_to_help/ru", store.AuditSiteText{Key: "how_to_help", Lang: "ru"}, nil},
		{"case.create", "ivan-petrov", store.AuditSlug{Slug: "ivan-petrov"}, []string{"ivan-petrov"}},
		{"case.restore", "from revision 3", store.AuditRestore{Revision: 3}, []string{"3"}},
		{"case.slug", "ivan-petrov -> petrov", store.AuditSlugChange{From: "ivan-petrov", To: "petrov"}, []string{"ivan-petrov", "petrov"}},
		{"case.import", "from cases.json", store.AuditCaseImport{Source: "cases.json"}, []string{"cases.json"}},
		{"case.import", "from cases.json, published", store.AuditCaseImport{Source: "cases.json", Published: true}, []string{"cases.json"}},
		{"case.import", "with history, from export.json", store.AuditCaseImport{Source: "export.json", History: true}, []string{"export.json"}},
		{"import", "5 cases from a.json", store.AuditImport{Cases: 5, Source: "a.json"}, []string{"a.json"}},
		{"reference.add", "regions test-oblast", store.AuditRef{Kind: "regions", Code: "test-oblast"}, []string{"test-oblast"}},
		{"reference.update", "statuses released retired=true", store.AuditRefUpdate{Kind: "statuses", Code: "released", Retired: true}, []string{"released"}},
		{"reference.update", "categories anti-war retired=false", store.AuditRefUpdate{Kind: "categories", Code: "anti-war"}, []string{"anti-war"}},
		{"export", "export.json", store.AuditFile{File: "export.json"}, []string{"export.json"}},
		{"export_site", "12 files", store.AuditFiles{Files: 12}, nil},
		{"transition.submit", "draft -> legal_review", store.AuditTransition{From: "draft", To: "legal_review"}, nil},
		{"transition.publish", "scheduled publication, due 2025-03-04T05:06:00.000000Z", store.AuditTransition{From: "scheduled", To: "published", Due: time.Date(2025, 3, 4, 5, 6, 0, 0, time.UTC)}, nil},
		{"transition.publish_correction", "published -> published; without legal review: letter_address, place_of_detention",
			store.AuditTransition{From: "published", To: "published", Fields: []string{"letter_address", "place_of_detention"}}, nil},
		{"transition.unpublish", "published -> draft; Семья попросила", store.AuditTransition{From: "published", To: "draft", Reason: "Семья попросила"}, []string{"Семья попросила"}},
		{"session.end", "after too many wrong passwords", store.AuditCause{Cause: store.CauseWrongPasswords}, nil},
		{"case.back_to_legal", "scheduled publication refused: not the approved revision", store.AuditCause{Cause: store.CauseNotApproved}, nil},
		{"case.back_to_legal", "changed after the legal approval of another revision (migration 0012)", nil, []string{}},
	} {
		old := store.AuditEntry{ID: 1, Action: c.action, Detail: c.detail}
		var now store.AuditEntry
		if c.data != nil {
			raw, err := json.Marshal(c.data)
			if err != nil {
				t.Fatal(err)
			}
			now = store.AuditEntry{ID: 2, Action: c.action, Data: raw}
		}
		for _, l := range content.Langs() {
			p := cat.Printer(l)
			got := AuditDetail(p, old, users)
			if c.data != nil {
				if want := AuditDetail(p, now, users); got != want {
					t.Errorf("%s %s %q: %q, as data %q", l, c.action, c.detail, got, want)
				}
			}
			if got == "" || strings.Contains(got, "%!") || strings.Contains(got, "->") {
				t.Errorf("%s %s %q: %q", l, c.action, c.detail, got)
			}
			rest := got
			for _, v := range c.shown {
				rest = strings.ReplaceAll(rest, v, "")
			}
			if l == content.RU {
				for _, w := range latin.FindAllString(rest, -1) {
					if w != "UTC" {
						t.Errorf("ru %s %q: %q has the English %q", c.action, c.detail, got, w)
					}
				}
			} else if w := cyrillic.FindString(rest); w != "" {
				t.Errorf("en %s %q: %q has the Russian %q", c.action, c.detail, got, w)
			}
		}
	}
}
