package views

import (
	"strconv"
	"strings"
	"time"

	"casebook/i18n"
	"casebook/store"
)

// AuditAction names an audit action in the reader's language; a code the
// catalog does not know (from a newer or older version) shows as it is.
func AuditAction(p *i18n.Printer, action string) string {
	return p.TOr("audit.action."+action, action)
}

// AuditDetail writes the detail of an audit entry in the reader's
// language, from the action's arguments (its data) through the catalog.
// An entry written before migration 0017 has words instead, which
// legacyAuditDetail reads back; data of an action this version does not
// know shows as it is.
func AuditDetail(p *i18n.Printer, e store.AuditEntry, users []*store.User) string {
	if e.Data == nil {
		return legacyAuditDetail(p, e, users)
	}
	args, err := e.Args()
	if err != nil {
		return string(e.Data)
	}
	role := func(s string) string { return p.TOr("role."+s, s) }
	lang := func(s string) string { return p.TOr("lang.name_"+s, s) }
	switch a := args.(type) {
	case nil:
		if e.Action == "user.password_set" {
			return p.T("audit.detail.one_time_link")
		}
		return ""
	case store.AuditAccount:
		return a.Email
	case store.AuditUserCreate:
		return p.T("audit.detail.user_create", a.Email, role(a.Role))
	case store.AuditUserRole:
		return p.T("audit.detail.user_role", a.Email, role(a.From), role(a.To))
	case store.AuditUser:
		return auditUser(p, a.User, users)
	case store.AuditLang:
		if a.Lang == "" {
			return p.T("account.lang_browser")
		}
		return lang(a.Lang)
	case store.AuditPasswordCheck:
		return auditAct(p, a.Act)
	case store.AuditSwitch:
		if a.On {
			return p.T("audit.detail.on")
		}
		return p.T("audit.detail.off")
	case store.AuditRoles:
		if len(a.Roles) == 0 {
			return p.T("audit.detail.no_roles")
		}
		names := make([]string, len(a.Roles))
		for i, r := range a.Roles {
			names[i] = role(r)
		}
		return strings.Join(names, ", ")
	case store.AuditSiteText:
		return p.T("audit.detail.site_text", p.TOr("texts."+a.Key, a.Key), lang(a.Lang))
	case store.AuditPath:
		return a.Path
	case store.AuditSlug:
		return a.Slug
	case store.AuditSlugChange:
		return p.T("audit.detail.change", a.From, a.To)
	case store.AuditRestore:
		return p.T("audit.detail.restored_from", a.Revision)
	case store.AuditCaseImport:
		switch {
		case a.History:
			return p.T("audit.detail.imported_history", a.Source)
		case a.Published:
			return p.T("audit.detail.imported_published", a.Source)
		}
		return p.T("audit.detail.imported", a.Source)
	case store.AuditSourceImport:
		return auditSourceImport(p, a)
	case store.AuditImport:
		return p.T("audit.detail.import", a.Cases, a.Source)
	case store.AuditRef:
		return p.T("audit.detail.reference", p.TOr("ref.kind."+a.Kind, a.Kind), a.Code)
	case store.AuditRefUpdate:
		if a.Retired {
			return p.T("audit.detail.reference_retired", p.TOr("ref.kind."+a.Kind, a.Kind), a.Code)
		}
		return p.T("audit.detail.reference_active", p.TOr("ref.kind."+a.Kind, a.Kind), a.Code)
	case store.AuditMedia:
		return a.Hash
	case store.AuditFile:
		return a.File
	case store.AuditFiles:
		return p.N("audit.detail.files", a.Files)
	case store.AuditTransition:
		if !a.Due.IsZero() {
			return p.T("audit.detail.scheduled", formatTime(p.Lang(), a.Due))
		}
		return auditStep(p, a)
	case store.AuditCause:
		return auditCause(p, a.Cause)
	case store.AuditPrivateFields:
		return privateFieldNames(p, a.Fields)
	case store.AuditPrivateExport:
		return p.T("audit.detail.private_export", a.File, a.Cases)
	case store.AuditReviewLink, store.AuditReviewLinkCreate, store.AuditReviewLinkEnd:
		return auditReviewLink(p, a)
	case store.AuditConsent, store.AuditTakedown, store.AuditTakedownDecision:
		return auditConsent(p, a)
	}
	return string(e.Data)
}

// auditSourceImport words where an imported case came from: the site
// and each post, with its language and address.
func auditSourceImport(p *i18n.Printer, a store.AuditSourceImport) string {
	posts := make([]string, len(a.Posts))
	for i, post := range a.Posts {
		posts[i] = p.T("audit.detail.imported_post", post.ID, p.TOr("lang.name_"+post.Lang, post.Lang), post.URL)
	}
	key := "audit.detail.imported_site"
	if a.Updated {
		key = "audit.detail.updated_site"
	}
	if a.Published {
		key += "_published"
	}
	return p.T(key, a.Site, strings.Join(posts, "; "))
}

// auditStep words a workflow step: from which state to which, with the
// fields of a correction and the reason of an unpublish where it has
// them.
func auditStep(p *i18n.Printer, a store.AuditTransition) string {
	state := func(s string) string { return p.TOr("state."+s, s) }
	step := p.T("audit.detail.change", state(a.From), state(a.To))
	if len(a.Fields) > 0 {
		names := make([]string, len(a.Fields))
		for i, f := range a.Fields {
			names[i] = p.TOr("field."+f, f)
		}
		step = p.T("audit.detail.correction", step, strings.Join(names, ", "))
	}
	if a.Reason != "" {
		step = p.T("audit.detail.reason", step, a.Reason)
	}
	if a.Takedown != 0 {
		step = p.T("audit.detail.takedown", step, a.Takedown)
	}
	return step
}

// auditAct names the act for which a wrong password was given.
func auditAct(p *i18n.Printer, act string) string {
	switch act {
	case store.ActPasswordChange:
		return p.T("audit.detail.act_password_change")
	case store.Act2FAEnrol:
		return p.T("audit.detail.act_2fa_enrol")
	case store.Act2FADisable:
		return p.T("audit.detail.act_2fa_disable")
	}
	return act
}

// auditCause words why a session ended or a case went back to the
// lawyer.
func auditCause(p *i18n.Printer, cause string) string {
	switch cause {
	case store.CauseWrongPasswords:
		return p.T("audit.detail.wrong_passwords")
	case store.CauseNotApproved:
		return p.T("audit.detail.not_approved")
	case store.CausePhotoConsent:
		return p.T("audit.detail.photo_consent")
	case store.CauseTakedownRemoved:
		return p.T("audit.detail.takedown_removed")
	}
	return cause
}

// auditUser names an account by its id: its name and address, or its
// number where the account is not in the list.
func auditUser(p *i18n.Printer, id int64, users []*store.User) string {
	for _, u := range users {
		if u.ID == id {
			return u.DisplayName() + " (" + u.Email + ")"
		}
	}
	return p.T("audit.detail.user_id", id)
}

// legacyAuditDetail writes the detail of an entry written before
// migration 0017, which holds words as the store then wrote them (codes,
// e-mail addresses, slugs and a few English words): each known shape is
// read back and put into words from the catalog. Anything else is data
// (an address, a slug, a file name) and shows as it is.
func legacyAuditDetail(p *i18n.Printer, e store.AuditEntry, users []*store.User) string {
	d := e.Detail
	if d == "" {
		return ""
	}
	role := func(s string) string { return p.TOr("role."+s, s) }
	from, to, arrow := strings.Cut(d, " -> ")
	switch {
	case strings.HasPrefix(e.Action, "transition."):
		if due, ok := strings.CutPrefix(d, "scheduled publication, due "); ok {
			if t, err := time.Parse(time.RFC3339Nano, due); err == nil {
				due = formatTime(p.Lang(), t)
			}
			return p.T("audit.detail.scheduled", due)
		}
		if arrow {
			// A correction named its fields after the states, an
			// unpublish its reason.
			to, more, _ := strings.Cut(to, "; ")
			step := store.AuditTransition{From: from, To: to}
			if fields, ok := strings.CutPrefix(more, "without legal review: "); ok {
				step.Fields = strings.Split(fields, ", ")
			} else {
				step.Reason = more
			}
			return auditStep(p, step)
		}
	case e.Action == "session.end" && d == "after too many wrong passwords":
		return auditCause(p, store.CauseWrongPasswords)
	case e.Action == "case.back_to_legal":
		switch d {
		case "scheduled publication refused: not the approved revision":
			return auditCause(p, store.CauseNotApproved)
		case "changed after the legal approval of another revision (migration 0012)":
			return p.T("audit.detail.changed_after_approval")
		}
	case e.Action == "user.password_check_failed":
		return auditAct(p, d)
	case e.Action == "case.slug" && arrow:
		return p.T("audit.detail.change", from, to)
	case e.Action == "case.restore":
		if n, err := strconv.Atoi(strings.TrimPrefix(d, "from revision ")); err == nil {
			return p.T("audit.detail.restored_from", n)
		}
	case e.Action == "case.import":
		if src, ok := strings.CutPrefix(d, "with history, from "); ok {
			return p.T("audit.detail.imported_history", src)
		}
		if src, ok := strings.CutPrefix(d, "from "); ok {
			if src, ok := strings.CutSuffix(src, ", published"); ok {
				return p.T("audit.detail.imported_published", src)
			}
			return p.T("audit.detail.imported", src)
		}
	case e.Action == "import":
		if n, src, ok := strings.Cut(d, " cases from "); ok {
			if k, err := strconv.Atoi(n); err == nil {
				return p.T("audit.detail.import", k, src)
			}
		}
	case e.Action == "export_site":
		if k, err := strconv.Atoi(strings.TrimSuffix(d, " files")); err == nil {
			return p.N("audit.detail.files", k)
		}
	case e.Action == "user.create":
		if email, r, ok := strings.Cut(d, " as "); ok {
			return p.T("audit.detail.user_create", email, role(r))
		}
	case e.Action == "user.role" && arrow:
		if email, r, ok := strings.Cut(from, ": "); ok {
			return p.T("audit.detail.user_role", email, role(r), role(to))
		}
	case e.Action == "user.password_set" && d == "with a one-time link":
		return p.T("audit.detail.one_time_link")
	case e.Action == "user.lang":
		if key := "lang.name_" + d; p.Has(key) {
			return p.T(key)
		}
	case (e.Action == "settings.four_eyes" || e.Action == "settings.corrections") && (d == "on" || d == "off"):
		return p.T("audit.detail." + d)
	case e.Action == "settings.require_2fa":
		var names []string
		for r := range strings.SplitSeq(d, ",") {
			names = append(names, role(r))
		}
		return strings.Join(names, ", ")
	case e.Action == "site_text.edit":
		if key, l, ok := strings.Cut(d, "/"); ok && p.Has("texts."+key) && p.Has("lang.name_"+l) {
			return p.T("audit.detail.site_text", p.T("texts."+key), p.T("lang.name_"+l))
		}
	case strings.HasPrefix(e.Action, "reference."):
		kind, rest, ok := strings.Cut(d, " ")
		if !ok || !p.Has("ref.kind."+kind) {
			break
		}
		code, retired, upd := strings.Cut(rest, " retired=")
		if !upd {
			return p.T("audit.detail.reference", p.T("ref.kind."+kind), rest)
		}
		if retired == "true" {
			return p.T("audit.detail.reference_retired", p.T("ref.kind."+kind), code)
		}
		return p.T("audit.detail.reference_active", p.T("ref.kind."+kind), code)
	}
	if id, ok := strings.CutPrefix(d, "user "); ok {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			return auditUser(p, n, users)
		}
	}
	return d
}
