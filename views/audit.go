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
// language. The log stores details as the store wrote them (codes, e-mail
// addresses, slugs and, in older entries, a few English words); each known
// shape is read back and put into words from the catalog. Anything else is
// data (an address, a slug, a file name) and shows as it is.
func AuditDetail(p *i18n.Printer, e store.AuditEntry, users []*store.User) string {
	d := e.Detail
	if d == "" {
		return ""
	}
	role := func(s string) string { return p.TOr("role."+s, s) }
	state := func(s string) string { return p.TOr("state."+s, s) }
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
			return p.T("audit.detail.change", state(from), state(to))
		}
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
	case e.Action == "settings.four_eyes" && (d == "on" || d == "off"):
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
			for _, u := range users {
				if u.ID == n {
					return u.DisplayName() + " (" + u.Email + ")"
				}
			}
			return p.T("audit.detail.user_id", n)
		}
	}
	return d
}
