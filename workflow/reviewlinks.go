package workflow

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"casebook/content"
)

// The rules of review links: a link that lets a person without an account
// (the defence lawyer, a relative) read one case's draft as it would go
// out, and, if the link says so, leave comments in its thread. A guest is
// no Actor: nothing the transition table allows is open to one, and the
// guest's routes do nothing but show and comment (see GuestMay).

// ReviewScope is what a review link lets its holder do.
type ReviewScope string

const (
	// ScopeView shows the draft and nothing more.
	ScopeView ReviewScope = "view"
	// ScopeComment also takes comments, signed with a free name, into
	// the case's thread.
	ScopeComment ReviewScope = "view_and_comment"
)

// ReviewScopes lists the scopes in the order the form offers them.
func ReviewScopes() []ReviewScope { return []ReviewScope{ScopeComment, ScopeView} }

// ParseReviewScope returns the scope named s, and whether it is one.
func ParseReviewScope(s string) (ReviewScope, bool) {
	sc := ReviewScope(s)
	return sc, slices.Contains(ReviewScopes(), sc)
}

// Guest acts: all a review link's holder can ever do.
const (
	GuestView    = "view"
	GuestComment = "comment"
)

// GuestMay reports whether the holder of a live link of scope s may do
// act: view with any link, comment with a comment link; nothing else
// (no transition, no edit, no approval) with any.
func GuestMay(s ReviewScope, act string) bool {
	switch act {
	case GuestView:
		return s == ScopeView || s == ScopeComment
	case GuestComment:
		return s == ScopeComment
	}
	return false
}

const (
	// ReviewLinkDefaultTTL is how long a new link lives unless its maker
	// says otherwise.
	ReviewLinkDefaultTTL = 72 * time.Hour
	// ReviewLinkMaxTTL is the longest a link may live: a forgotten link
	// to a draft about a person at risk must end on its own.
	ReviewLinkMaxTTL = 14 * 24 * time.Hour
	// ReviewLabelMax bounds a link's label, in characters.
	ReviewLabelMax = 100
	// GuestNameMax and GuestCommentMax bound what a guest signs and
	// writes, in characters.
	GuestNameMax    = 100
	GuestCommentMax = 10000
)

// Why a link ended; stored with it.
const (
	LinkRevoked     = "revoked"
	LinkExpired     = "expired"
	LinkPublished   = "published"
	LinkUnpublished = "unpublished"
	// LinkCreatorDisabled: the account that made the link was disabled.
	LinkCreatorDisabled = "creator_disabled"
)

// LinkEndings lists every reason a link ends.
func LinkEndings() []string {
	return []string{LinkRevoked, LinkExpired, LinkPublished, LinkUnpublished, LinkCreatorDisabled}
}

// CanManageReviewLinks reports whether a may create and revoke review
// links and see a case's links: lawyers, who check a profile with the
// defence, and editors and administrators, who answer for what goes out.
func CanManageReviewLinks(a Actor) bool { return a.Role == Lawyer || a.Role.IsEditor() }

// ReviewLinkRequest is what the maker of a link chooses.
type ReviewLinkRequest struct {
	Label string
	Scope ReviewScope
	TTL   time.Duration
}

// Problems checks a link request and returns the problems by form field
// ("label", "scope", "hours"), as message catalog keys, or nil.
func (r ReviewLinkRequest) Problems() content.FieldErrors {
	fe := content.FieldErrors{}
	label := strings.TrimSpace(r.Label)
	switch {
	case label == "":
		fe["label"] = "reviewlink.error.label_empty"
	case utf8.RuneCountInString(label) > ReviewLabelMax || !utf8.ValidString(label):
		fe["label"] = "reviewlink.error.label_long"
	}
	if _, ok := ParseReviewScope(string(r.Scope)); !ok {
		fe["scope"] = "reviewlink.error.scope"
	}
	switch {
	case r.TTL > ReviewLinkMaxTTL:
		fe["hours"] = "reviewlink.error.hours_max"
	case r.TTL < time.Hour:
		fe["hours"] = "reviewlink.error.hours_min"
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// GuestCommentProblems checks a guest's comment and returns the problems
// by form field ("name", "comment"), as message catalog keys, or nil.
func GuestCommentProblems(name, comment string) content.FieldErrors {
	fe := content.FieldErrors{}
	name, comment = strings.TrimSpace(name), strings.TrimSpace(comment)
	switch {
	case name == "":
		fe["name"] = "guest.error.name_empty"
	case utf8.RuneCountInString(name) > GuestNameMax || !utf8.ValidString(name):
		fe["name"] = "guest.error.name_long"
	}
	switch {
	case comment == "":
		fe["comment"] = "guest.error.comment_empty"
	case utf8.RuneCountInString(comment) > GuestCommentMax || !utf8.ValidString(comment):
		fe["comment"] = "guest.error.comment_long"
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}
