package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The data of an audit entry is the action's arguments, stored as a JSON
// object in the entry's data column: one Go type per shape below, written
// by the store and read back by the studio, which puts them into words in
// the reader's language. Codes stay codes (a role, a state, a field), so
// that the words are the catalogue's and a new wording changes no stored
// entry. Nothing here may hold a password, a session id or a visitor's
// address.

// AuditAccount names an account by its e-mail address: the one typed at
// a failed sign-in (which may belong to no account), or the one enabled
// or disabled.
type AuditAccount struct {
	Email string `json:"email"`
}

// AuditUserCreate is a new account and the role it was given.
type AuditUserCreate struct {
	Email string `json:"email"`
	Role  string `json:"role"`
}

// AuditUserRole is an account's role before and after a change.
type AuditUserRole struct {
	Email string `json:"email"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// AuditUser names by its id the account an act concerned: a password set
// or changed, a reset link issued, a second factor removed.
type AuditUser struct {
	User int64 `json:"user"`
}

// AuditLang is the language a person chose for the studio; "" follows
// the browser.
type AuditLang struct {
	Lang string `json:"lang"`
}

// AuditPasswordCheck names the act for which a signed-in person gave a
// wrong password (see Store.CheckPassword).
type AuditPasswordCheck struct {
	Act string `json:"act"`
}

// The acts that ask for the password again.
const (
	ActPasswordChange = "password_change"
	Act2FAEnrol       = "2fa_enrol"
	Act2FADisable     = "2fa_disable"
)

// AuditSwitch is a setting turned on or off.
type AuditSwitch struct {
	On bool `json:"on"`
}

// AuditRoles lists the roles a setting now names (those that must sign
// in with a second factor).
type AuditRoles struct {
	Roles []string `json:"roles"`
}

// AuditSiteText names a site text and the language of the version
// edited.
type AuditSiteText struct {
	Key  string `json:"key"`
	Lang string `json:"lang"`
}

// AuditPath is the address of a form kept after its session ended.
type AuditPath struct {
	Path string `json:"path"`
}

// AuditSlug is the address a new case was given.
type AuditSlug struct {
	Slug string `json:"slug"`
}

// AuditSlugChange is a case's address before and after.
type AuditSlugChange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// AuditRestore is the number of the revision whose content was restored.
type AuditRestore struct {
	Revision int `json:"revision"`
}

// AuditCaseImport is where an imported case came from, whether it was
// imported published, and whether with its history (from an export).
type AuditCaseImport struct {
	Source    string `json:"source"`
	Published bool   `json:"published,omitzero"`
	History   bool   `json:"history,omitzero"`
}

// AuditSourceImport is where a case imported from a site Casebook
// replaces (a WordPress) came from: the site, each post there (its id,
// language and address), whether the import published it, and whether it
// updated a case an earlier import made.
type AuditSourceImport struct {
	Site      string            `json:"site"`
	Posts     []AuditSourcePost `json:"posts"`
	Published bool              `json:"published,omitzero"`
	Updated   bool              `json:"updated,omitzero"`
}

// AuditSourcePost is a post of the old site.
type AuditSourcePost struct {
	ID   string `json:"id"`
	Lang string `json:"lang"`
	URL  string `json:"url"`
}

// AuditImport is an import as a whole: how many cases, from which file.
type AuditImport struct {
	Cases  int    `json:"cases"`
	Source string `json:"source"`
}

// AuditRef names an entry of a reference list by its list and code.
type AuditRef struct {
	Kind string `json:"kind"`
	Code string `json:"code"`
}

// AuditRefUpdate is a reference entry changed, and whether it is now
// retired.
type AuditRefUpdate struct {
	Kind    string `json:"kind"`
	Code    string `json:"code"`
	Retired bool   `json:"retired"`
}

// AuditMedia names an uploaded image by its hash.
type AuditMedia struct {
	Hash string `json:"hash"`
}

// AuditFile names the file an export wrote.
type AuditFile struct {
	File string `json:"file"`
}

// AuditFiles counts the files a static export wrote.
type AuditFiles struct {
	Files int `json:"files"`
}

// AuditTransition is a workflow step: the states before and after and,
// where the step has them, when a scheduled publication was due, the
// fields a correction published without legal review changed, and why a
// case was taken off the site or put back: a reason, or the takedown
// request whose decision "removed" took it off (its number, never its
// words).
type AuditTransition struct {
	From     string    `json:"from"`
	To       string    `json:"to"`
	Due      time.Time `json:"due,omitzero"`
	Fields   []string  `json:"fields,omitzero"`
	Reason   string    `json:"reason,omitzero"`
	Takedown int64     `json:"takedown,omitzero"`
}

// AuditConsent is a consent record: who decided what about which
// subject, on which day; never its note.
type AuditConsent struct {
	Party    string `json:"party"`
	Subject  string `json:"subject"`
	Decision string `json:"decision"`
	On       string `json:"on"`
}

// AuditTakedown is a takedown request registered: its number and what it
// asks to take down, never who asked nor in what words.
type AuditTakedown struct {
	Request int64    `json:"request"`
	Asked   []string `json:"asked"`
}

// AuditTakedownDecision is a decision on a takedown request and whether
// it took the case off the public site; never why.
type AuditTakedownDecision struct {
	Request     int64  `json:"request"`
	Decision    string `json:"decision"`
	Unpublished bool   `json:"unpublished,omitzero"`
}

// AuditCause says why something happened that nobody asked for in so
// many words: a session ended, a case sent back to the lawyer.
type AuditCause struct {
	Cause string `json:"cause,omitzero"`
}

// The causes an AuditCause names.
const (
	// CauseWrongPasswords: a session ended after too many wrong answers
	// to "your password".
	CauseWrongPasswords = "wrong_passwords"
	// CauseNotApproved: a scheduled publication refused, the working
	// revision not being the one the lawyer approved.
	CauseNotApproved = "not_approved"
	// CausePhotoConsent: a scheduled publication held, the photo's
	// consent having been refused since it was planned.
	CausePhotoConsent = "photo_consent"
	// CauseTakedownRemoved: a publication held or called off, a
	// takedown request of the case standing decided "removed".
	CauseTakedownRemoved = "takedown_removed"
)

// AuditPrivateFields names, by key, the private fields of a case that an
// act read (handed to a person) or changed: never a value.
type AuditPrivateFields struct {
	Fields []string `json:"fields"`
}

// AuditPrivateExport is an export that carried the cases' private
// fields: the file it was for and how many cases had any.
type AuditPrivateExport struct {
	File  string `json:"file"`
	Cases int    `json:"cases"`
}

// AuditReviewLink names a review link by its id and label: a view of
// its page or a comment through it (never the visitor's address), or its
// revocation.
type AuditReviewLink struct {
	Link  int64  `json:"link"`
	Label string `json:"label"`
}

// AuditReviewLinkCreate is a new review link: what it lets its holder do
// (workflow.ReviewScope), until when, and the revision it is pinned to
// (0: the working revision at each view). Never its token.
type AuditReviewLinkCreate struct {
	Link     int64     `json:"link"`
	Label    string    `json:"label"`
	Scope    string    `json:"scope"`
	Expires  time.Time `json:"expires"`
	Revision int       `json:"revision,omitzero"`
}

// AuditReviewLinkEnd is a review link ended by its case going out or
// being taken down (workflow.LinkPublished, LinkUnpublished).
type AuditReviewLinkEnd struct {
	Link  int64  `json:"link"`
	Label string `json:"label"`
	Why   string `json:"why"`
}

// auditShape is the type of one action's data: how to read it back, and
// whether a value is of it.
type auditShape struct {
	decode func([]byte) (any, error)
	fits   func(any) bool
}

func shape[T any]() auditShape {
	return auditShape{
		decode: func(b []byte) (any, error) {
			var v T
			err := json.Unmarshal(b, &v)
			return v, err
		},
		fits: func(v any) bool { _, ok := v.(T); return ok },
	}
}

// noData is the shape of actions without arguments: their data is {}.
var noData = auditShape{
	decode: func([]byte) (any, error) { return nil, nil },
	fits:   func(v any) bool { return v == nil },
}

// auditShapeOf returns the shape of an action's data, false for an
// action this version does not write.
func auditShapeOf(action string) (auditShape, bool) {
	if strings.HasPrefix(action, "transition.") {
		return shape[AuditTransition](), true
	}
	switch action {
	case "login", "login.2fa", "login.2fa_failed", "login.recovery_code", "logout",
		"user.totp_enable", "user.password_set", "case.edit", "case.comment":
		return noData, true
	case "login.failed", "user.enable", "user.disable":
		return shape[AuditAccount](), true
	case "user.create":
		return shape[AuditUserCreate](), true
	case "user.role":
		return shape[AuditUserRole](), true
	case "user.password", "user.password_change", "user.reset_link", "user.totp_disable":
		return shape[AuditUser](), true
	case "user.lang":
		return shape[AuditLang](), true
	case "user.password_check_failed":
		return shape[AuditPasswordCheck](), true
	case "settings.four_eyes", "settings.corrections":
		return shape[AuditSwitch](), true
	case "settings.require_2fa":
		return shape[AuditRoles](), true
	case "site_text.edit":
		return shape[AuditSiteText](), true
	case "form.kept":
		return shape[AuditPath](), true
	case "case.create":
		return shape[AuditSlug](), true
	case "case.slug":
		return shape[AuditSlugChange](), true
	case "case.restore":
		return shape[AuditRestore](), true
	case "case.import":
		return shape[AuditCaseImport](), true
	case "case.import_wordpress":
		return shape[AuditSourceImport](), true
	case "import":
		return shape[AuditImport](), true
	case "reference.add", "reference.delete":
		return shape[AuditRef](), true
	case "reference.update":
		return shape[AuditRefUpdate](), true
	case "media.upload":
		return shape[AuditMedia](), true
	case "export":
		return shape[AuditFile](), true
	case "export_site":
		return shape[AuditFiles](), true
	case "session.end", "case.back_to_legal", "case.held":
		return shape[AuditCause](), true
	case "private.read", "private.edit":
		return shape[AuditPrivateFields](), true
	case "private.export":
		return shape[AuditPrivateExport](), true
	case "review_link.view", "review_link.comment", "review_link.revoke":
		return shape[AuditReviewLink](), true
	case "review_link.create":
		return shape[AuditReviewLinkCreate](), true
	case "review_link.end":
		return shape[AuditReviewLinkEnd](), true
	case "consent.record":
		return shape[AuditConsent](), true
	case "takedown.register":
		return shape[AuditTakedown](), true
	case "takedown.decide":
		return shape[AuditTakedownDecision](), true
	}
	return auditShape{}, false
}

// auditJSON encodes an action's data, refusing a value not of the
// action's shape: what the studio reads back must be what was written.
func auditJSON(action string, data any) (string, error) {
	sh, ok := auditShapeOf(action)
	if !ok || !sh.fits(data) {
		return "", fmt.Errorf("audit: %T is not the data of %q", data, action)
	}
	if data == nil {
		return "{}", nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// Addresses and file names as they are, not with <, > and & escaped
	// for HTML: the studio escapes what it shows.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(data); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// Args reads the entry's data as the value of its action's shape (one of
// the Audit* types above), nil for an action without arguments. It fails
// for an entry without data (written before migration 0017: Detail holds
// its words), for an action this version does not know, and for data
// that does not fit its shape.
func (e AuditEntry) Args() (any, error) {
	if e.Data == nil {
		return nil, fmt.Errorf("audit entry %d has no data", e.ID)
	}
	sh, ok := auditShapeOf(e.Action)
	if !ok {
		return nil, fmt.Errorf("audit entry %d: unknown action %q", e.ID, e.Action)
	}
	return sh.decode(e.Data)
}
