package views

import (
	"fmt"
	"strings"
	"time"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

func langHome(l content.Lang) string { return "/" + string(l) + "/" }

func casesURL(l content.Lang) string { return "/" + string(l) + "/cases" }

// openDataURL is the page that explains the open data.
func openDataURL(l content.Lang) string { return "/" + string(l) + "/open-data" }

// CaseURL is the public address of a profile.
func CaseURL(l content.Lang, slug string) string { return "/" + string(l) + "/cases/" + slug }

// StudioCaseURL is the studio address of a case.

func canCreate(u *store.User) bool { return workflow.CanCreate(u.Actor()) }

func canManageReferences(u *store.User) bool { return workflow.CanManageReferences(u.Actor()) }

func canManageAccounts(u *store.User) bool { return workflow.CanManageAccounts(u.Actor()) }

func canChangeSettings(u *store.User) bool { return workflow.CanChangeSettings(u.Actor()) }

func canReadAudit(u *store.User) bool { return workflow.CanReadAudit(u.Actor()) }

func canEditSiteTexts(u *store.User) bool { return workflow.CanEditSiteTexts(u.Actor()) }

func stateClass(s workflow.State) string { return "state state-" + string(s) }

func formatTime(l content.Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := content.Date(t.UTC().Format("2006-01-02"))
	return d.Format(l) + t.UTC().Format(", 15:04 UTC")
}

// FormatTime writes a moment the way studio pages do, for a handler that
// puts one into a message.
func FormatTime(l content.Lang, t time.Time) string { return formatTime(l, t) }

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func itoa(n int) string { return fmt.Sprint(n) }

func i64(n int64) string { return fmt.Sprint(n) }

func transitionClass(t workflow.Transition) string {
	switch t {
	case workflow.Unpublish:
		return "button danger"
	case workflow.Withdraw, workflow.RequestChanges:
		return "button secondary"
	}
	return "button"
}

func thumbOr(thumb, url string) string {
	if thumb != "" {
		return thumb
	}
	return url
}

func sourceTitle(title, url string) string {
	if title != "" {
		return title
	}
	return url
}

func stateOf(s string) workflow.State { return workflow.State(s) }

// browserName gives a short name for a user agent, enough to tell one's
// own sessions apart.
func browserName(ua string) string {
	os := ""
	for _, o := range []struct{ key, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.key) {
			os = o.name
			break
		}
	}
	browser := "?"
	for _, b := range []struct{ key, name string }{
		{"Firefox/", "Firefox"}, {"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"Go-http-client", "Go"},
	} {
		if strings.Contains(ua, b.key) {
			browser = b.name
			break
		}
	}
	if os == "" {
		return browser
	}
	return browser + ", " + os
}

func statsURL(l content.Lang) string { return "/" + string(l) + "/stats" }

func feedURL(l content.Lang) string { return "/" + string(l) + "/feed.atom" }

func ogType(t string) string {
	if t == "" {
		return "website"
	}
	return t
}

func ogLocale(l content.Lang) string {
	if l == content.EN {
		return "en_GB"
	}
	return "ru_RU"
}

func langOf(s string) content.Lang { return content.Lang(s) }

// orNone is a value, or the word that says there is none.
func orNone(p *i18n.Printer, v string) string {
	if v == "" {
		return p.T("case.none")
	}
	return v
}
