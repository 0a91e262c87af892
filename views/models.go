// Package views renders Casebook's pages with templ. Every page takes a
// typed view model built by a handler; views ask the workflow package, not
// their own logic, which actions to offer.
package views

import (
	"time"

	"casebook/charts"
	"casebook/content"
	"casebook/i18n"
	"casebook/revdiff"
	"casebook/store"
	"casebook/workflow"
)

// Page is what every page needs.
type Page struct {
	P     *i18n.Printer
	Title string
	// AltURL is this page in the other language, if it exists.
	AltURL  string
	NoIndex bool
	// Preview marks a public page rendered in the studio from a revision
	// that is not (or not yet) public.
	Preview *PreviewInfo
	// Meta is what search engines and link previews read.
	Meta Meta
}

// Meta holds a public page's canonical address, its language alternates
// and its OpenGraph / Twitter card description.
type Meta struct {
	Canonical   string
	Alternates  []Alternate
	Description string
	Image       string
	Type        string
	FeedURL     string
	// Static is true in the static export, where search needs a server.
	Static bool
}

// Alternate is the same page in another language.
type Alternate struct {
	Lang string
	URL  string
}

// PreviewInfo says which revision a preview shows.
type PreviewInfo struct {
	Revision int
	CaseURL  string
}

// Lang is the page's language.
func (p Page) Lang() content.Lang { return p.P.Lang() }

// CaseCard is a case in a public list.
type CaseCard struct {
	URL          string
	Name         string
	Headline     string
	Status       string
	RecognizedOn content.Date
	// Lang is the language of Name and Headline, which may differ from
	// the page's when the case has no version in the page's language.
	Lang content.Lang
	// Thumb is the photo's list variant, or "".
	Thumb string
	// SnippetHTML is the passage that matched a search: escaped, with the
	// matching words in <mark>.
	SnippetHTML string
}

// HomePage is /{lang}/.
type HomePage struct {
	Page
	Latest []CaseCard
	Total  int
	// Counts are the published cases by status, written with their plural
	// forms ("5 политзаключённых").
	Counts []string
	// IntroHTML and HelpHTML are site-wide texts, sanitised HTML.
	IntroHTML string
	HelpHTML  string
}

// ListPage is /{lang}/cases.
type ListPage struct {
	Page
	Query   string
	Cards   []CaseCard
	Total   int
	PrevURL string
	NextURL string
	// Filters are the filter selects of the GET form, and Active the
	// filters in force, each with a link that removes it.
	Filters []Filter
	Active  []ActiveFilter
	// Links are filters as plain links (status and year).
	Links []FilterLinks
}

// Filter is one select of the list's filter form.
type Filter struct {
	Name    string
	Label   string
	Options []Option
}

// Option is a value of a filter, with its count.
type Option struct {
	Value    string
	Label    string
	Count    int
	Selected bool
	URL      string
}

// ActiveFilter is a filter in force and the address without it.
type ActiveFilter struct {
	Label     string
	RemoveURL string
}

// FilterLinks is a filter offered as links.
type FilterLinks struct {
	Label   string
	Options []Option
}

// Fact is a line of a profile's facts box.
type Fact struct {
	Label  string
	Values []string
}

// ProfilePage is /{lang}/cases/{slug}, and its studio preview.
type ProfilePage struct {
	Page
	// Missing is true when the case has no version in the page's language;
	// OtherURL then leads to the one that exists.
	Missing  bool
	OtherURL string
	// NameLang is the language of Name when it is not the page's (a
	// missing profile shows the name the other version gives).
	NameLang  string
	Name      string
	Headline  string
	Statement string
	BodyHTML  string
	Status    string
	Facts     []Fact
	Timeline  []TimelineItem
	Sources   []content.Source
	Photo     *Photo
	Letter    *Letter
	// Site-wide texts, sanitised HTML.
	HelpHTML       string
	DisclaimerHTML string
	GuidanceHTML   string
}

// Photo is a profile's portrait.
type Photo struct {
	URL    string
	Alt    string
	Credit string
}

// Letter is how to write to the person.
type Letter struct {
	Address   string
	CheckedOn content.Date
}

// TimelineItem is a dated event of a case in the page's language.
type TimelineItem struct {
	Date content.Date
	Text string
}

// ErrorPage explains an error to a person.
type ErrorPage struct {
	Page
	Status  int
	Heading string
	Message string
	Studio  bool
}

// StudioPage is what every studio page needs.
type StudioPage struct {
	Page
	User  *store.User
	Flash string
	// Waiting counts the cases that wait for the user, for the navigation.
	Waiting int
}

// LoginPage is /login.
type LoginPage struct {
	Page
	// SecondFactor asks for the code after the password.
	SecondFactor bool
	// Locked asks for the second factor with the password: the account
	// has failed too often from browsers it has not been used in.
	Locked bool
	Notice string
	Email  string
	Next   string
	Error  string
}

// CaseRow is a case in a studio list.
type CaseRow struct {
	ID               int64
	Name             string
	Slug             string
	State            workflow.State
	HasLive          bool
	UpdatedAt        time.Time
	PublishAt        time.Time
	ChangesRequested bool
}

// CaseGroup is the cases in one state.
type CaseGroup struct {
	State workflow.State
	Cases []CaseRow
}

// DashboardPage is /studio/.
type DashboardPage struct {
	StudioPage
	Waiting   []CaseRow
	Groups    []CaseGroup
	CanCreate bool
}

// LangView is one language of a revision as the studio shows it.
type LangView struct {
	Lang      content.Lang
	Name      string
	Headline  string
	Statement string
	BodyHTML  string
	Complete  bool
}

// ReviewForm is what a lawyer typed into the legal review form.
type ReviewForm struct {
	Criteria   []string
	Violence   string
	Deprived   bool
	Sufficient bool
	Category   string
	Demand     string
	Notes      string
}

// CasePage is /studio/cases/{id}.
type CasePage struct {
	StudioPage
	Heading    string
	ID         int64
	Slug       string
	State      workflow.State
	Working    *store.Revision
	LiveNumber int
	PublicURLs []PublicLink
	CanEdit    bool
	// Transitions are the buttons of the general action form;
	// approve_legal has its own form with the review.
	Transitions []workflow.Transition
	CanApprove  bool
	Withheld    []*workflow.Denied
	Texts       []LangView
	Facts       []Fact
	Comments    []store.Comment
	Reviews     []store.ReviewRecord
	// ActionError and Comment keep a refused action's message and text.
	ActionError string
	Comment     string
	Review      ReviewForm
	ReviewError string
	// PublishAt is when a scheduled case goes out; PublishAtIn keeps what
	// was typed into the publication time field.
	PublishAt        time.Time
	PublishAtIn      string
	ChangesRequested bool
	// LiveDiff is what publishing the working revision would change.
	LiveDiff    []FieldDiff
	PreviewURLs []PublicLink
	// SinceApproval is what changed since a lawyer approved an earlier
	// revision, while the case is back in legal review; nil otherwise.
	SinceApproval *SinceApproval
}

// SinceApproval is the difference between the revision a lawyer approved
// and the working one.
type SinceApproval struct {
	Note       string
	CompareURL string
	Fields     []FieldDiff
}

// PublicLink is a link to a public page of the case.
type PublicLink struct {
	Lang content.Lang
	URL  string
}

// CaseFormPage is the form that creates or edits a case.
type CaseFormPage struct {
	StudioPage
	Heading  string
	Notice   string
	New      bool
	ID       int64
	Action   string
	Revision int64
	Content  *content.Case
	Errors   content.FieldErrors
	Refs     *store.References
	Conflict *Conflict
	// PhotoThumb previews the current photo.
	PhotoThumb  string
	CanEditSlug bool
	// ExtraSources and ExtraTimeline are the empty rows offered for new
	// entries.
	ExtraSources  int
	ExtraTimeline int
}

// Grow adds an empty row to the list the person asked to grow.
func (vm *CaseFormPage) Grow(list string) {
	switch list {
	case "sources":
		vm.ExtraSources++
	case "timeline":
		vm.ExtraTimeline++
	}
}

// Conflict describes a save based on a revision that is no longer current.
type Conflict struct {
	Current *store.Revision
	Fields  []FieldDiff
}

// FieldDiff is a field whose value differs between two revisions, with the
// words that changed.
type FieldDiff struct {
	Label    string
	Key      string
	Segments []revdiff.Segment
}

// HistoryPage is /studio/cases/{id}/history.
type HistoryPage struct {
	StudioPage
	Heading    string
	ID         int64
	Revisions  []store.RevisionMeta
	WorkingID  int64
	CanRestore bool
	// Reviews are the legal reviews by revision number.
	Reviews map[int][]store.ReviewRecord
}

// AuditPage is /studio/audit.
type AuditPage struct {
	StudioPage
	Entries []store.AuditEntry
	Users   []*store.User
	CaseID  int64
	ActorID int64
	NextURL string
}

// SettingsPage is /studio/settings.
type SettingsPage struct {
	StudioPage
	FourEyes bool
	// Required lists the roles that must use a second factor.
	Required []workflow.Role
	// Forced is true when the server was started with --four-eyes=false.
	Forced bool
}

// ComparePage is /studio/cases/{id}/compare.
type ComparePage struct {
	StudioPage
	Heading string
	ID      int64
	A, B    *store.Revision
	Latest  int
	Fields  []FieldDiff
}

// ReferencePage is /studio/reference/{kind}.
type ReferencePage struct {
	StudioPage
	Kind  store.RefKind
	Kinds []store.RefKind
	Items []store.RefItem
	Usage map[string]int
	// Add keeps what was typed into the form for a new entry.
	Add    store.RefInput
	Errors content.FieldErrors
	// RowError names the entry whose change was refused.
	RowError string
}

// AccountPage is /studio/account: one's own password, sessions and second
// factor.
type AccountPage struct {
	StudioPage
	Sessions      []store.SessionInfo
	CurrentID     string
	RecoveryLeft  int
	Required      bool
	Errors        content.FieldErrors
	DisableErrors content.FieldErrors
}

// EnrolPage is /studio/account/2fa.
type EnrolPage struct {
	StudioPage
	Secret   string
	Required bool
	// Error is the code's message, PasswordError the password's.
	Error         string
	PasswordError string
}

// RecoveryPage shows new recovery codes once.
type RecoveryPage struct {
	StudioPage
	Codes []string
}

// UsersPage is /studio/users.
type UsersPage struct {
	StudioPage
	Users []*store.User
	// Invite keeps what was typed into the form for a new account.
	InviteEmail, InviteName, InviteRole string
	Errors                              content.FieldErrors
	// Link is a one-time link just made, shown once, for Linked.
	Link   string
	Linked *store.User
	Me     int64
	// Required lists the roles that must use a second factor.
	Required []workflow.Role
}

// PasswordPage is /password, where a one-time link sets a password.
type PasswordPage struct {
	Page
	Token string
	Email string
	Error string
}

// StatsPage is /{lang}/stats.
type StatsPage struct {
	Page
	Total  int
	Charts []charts.Chart
}

// OpenDataPage is /{lang}/open-data: what the open data hold and how to
// ask for them.
type OpenDataPage struct {
	Page
	// Addresses, Filters, Fields, ListKeys and CSV are rows of tables: a
	// key or address (or several), an example address, what it means.
	Addresses, Filters, Fields, ListKeys, CSV []DocRow
	// Codes are the values the coded fields take, with their names.
	Codes []CodeList
	// LicenceHTML is the licence, a site text editors may change.
	LicenceHTML string
}

// DocRow is a row of the open data page's tables.
type DocRow struct {
	Keys    []string
	Example string
	Text    string
}

// CodeList is a list of codes and what they stand for.
type CodeList struct {
	Label string
	Items []CodeName
}

// CodeName is a code and its name.
type CodeName struct{ Code, Name string }

// TextsPage is /studio/texts, where editors change site-wide texts.
type TextsPage struct {
	StudioPage
	Keys  []string
	Texts map[string]map[content.Lang]string
	// Defaults are the built-in texts an empty field stands for.
	Defaults map[string]map[content.Lang]string
	Errors   content.FieldErrors
}
