package views

import (
	"time"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

// ReviewLinksURL is the studio page of a case's review links.
func ReviewLinksURL(id int64) string { return StudioCaseURL(id) + "/review-links" }

// RevokeReviewLinkURL takes the form that revokes one of them.
func RevokeReviewLinkURL(id int64) string { return ReviewLinksURL(id) + "/revoke" }

// GuestURL is the guest's page of a review link in a language.
func GuestURL(token string, l content.Lang) string { return "/review/" + token + "?lang=" + string(l) }

// ReviewLinksPage is /studio/cases/{id}/review-links: the live links with
// their views and a revoke button each, the ended ones, and the form that
// makes a new one.
type ReviewLinksPage struct {
	StudioPage
	ID      int64
	Heading string
	// Working is the revision a new link may be pinned to.
	Working *store.Revision
	Live    []store.ReviewLink
	Ended   []store.ReviewLink
	// Form is what the form holds: its defaults, or what was sent with
	// the problems beside it.
	Form ReviewLinkForm
	// Created is the link just made, with its address: shown on this
	// answer once, never again.
	Created *CreatedLink
}

// ReviewLinkForm is the form that makes a review link.
type ReviewLinkForm struct {
	Label string
	Scope workflow.ReviewScope
	Hours string
	Pin   bool
	// Problems are the messages beside the inputs, by input name.
	Problems map[string]string
	// Error is a message for the whole form.
	Error string
}

// CreatedLink is a link just made and its full address.
type CreatedLink struct {
	Link store.ReviewLink
	URL  string
}

// GuestPage is the page behind a review link: the profile as it would go
// out, under a banner that says it is a confidential draft, and, with a
// comment link, the form that writes to the case's thread.
type GuestPage struct {
	Profile ProfilePage
	// Revision is the number of the revision shown; Expires when the
	// link ends on its own.
	Revision int
	Expires  time.Time
	// CanComment offers the comment form, which posts to PostURL.
	CanComment bool
	PostURL    string
	Name       string
	Comment    string
	Problems   map[string]string
	// Sent says that a comment has just reached the team.
	Sent bool
}

// GuestEndedPage answers a review link that opens nothing, or a client
// that tried too many: Throttled and Minutes say so.
type GuestEndedPage struct {
	Page
	Throttled bool
	Minutes   int
}

func reviewScopeName(p Page, s workflow.ReviewScope) string {
	return p.P.TOr("reviewlink.scope."+string(s), string(s))
}

func linkEndingName(p Page, why string) string { return p.P.TOr("reviewlink.why."+why, why) }

// auditReviewLink words the data of a review link's audit entry: the
// link by its label and number, and what was done with it.
func auditReviewLink(p *i18n.Printer, data any) string {
	switch a := data.(type) {
	case store.AuditReviewLink:
		return p.T("audit.detail.review_link", a.Label, a.Link)
	case store.AuditReviewLinkCreate:
		s := p.T("audit.detail.review_link_create", a.Label, a.Link, p.TOr("reviewlink.scope."+a.Scope, a.Scope), formatTime(p.Lang(), a.Expires))
		if a.Revision != 0 {
			s = p.T("audit.detail.review_link_pinned", s, a.Revision)
		}
		return s
	case store.AuditReviewLinkEnd:
		return p.T("audit.detail.review_link_end", a.Label, a.Link, p.TOr("reviewlink.why."+a.Why, a.Why))
	}
	return ""
}
