// Package views renders Casebook's pages with templ. Every page takes a
// typed view model built by a handler; views ask the workflow package, not
// their own logic, which actions to offer.
package views

import (
	"slices"
	"time"

	"github.com/a-h/templ"

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
	// Years are the number fields of the filter form for the years of
	// birth (born_from, born_to).
	Years []YearInput
}

// YearInput is a number field of the list's filter form: a year.
type YearInput struct {
	Name, Label, Value string
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
	// Prosecutions detail the case's prosecutions, nil when the facts
	// box says all there is (a case in the shape before them).
	Prosecutions []ProsecutionView
	Timeline     []TimelineItem
	Sources      []content.Source
	Photo        *Photo
	Letter       *Letter
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
	// KeptTo and Kept carry a form that was sent after its session had
	// ended, as hidden fields, through signing in: KeptTo is where it was
	// sent.
	KeptTo string
	Kept   []KeptField
}

// KeptField is one field of a form carried through signing in.
type KeptField struct {
	Name, Value string
}

// FormAttrs makes the sign-in form multipart when it carries a form, so
// that a long text is not inflated by percent-encoding.
func (vm LoginPage) FormAttrs() templ.Attributes {
	if vm.KeptTo == "" {
		return nil
	}
	return templ.Attributes{"enctype": "multipart/form-data"}
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
	// TakenDown is true while an unpublished case has nothing public.
	TakenDown bool
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
	Sentence  string
	Locality  string
	PhotoAlt  string
	Complete  bool
}

// CaseExtras are the parts of a revision the public sees beside its
// texts and facts, shown on the case page so that whoever reviews it sees
// all that would go out.
type CaseExtras struct {
	Address         string
	PhotoURL        string
	PhotoCredit     string
	LetterAddress   string
	LetterCheckedOn string
	Sources         []content.Source
	Timeline        []TimelineRow
}

// TimelineRow is a timeline entry in both languages.
type TimelineRow struct {
	Date   string
	RU, EN string
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
	// Prosecution is the prosecution the review assesses, from 1; 0 for
	// the whole case.
	Prosecution int
}

// StudioProsecution is one prosecution of a case as the studio's case page
// shows it: every field it holds, labelled.
type StudioProsecution struct {
	Heading string
	Facts   []Fact
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
	// Person and Prosecutions are the person facts and the prosecutions
	// of the working revision, whole, as the reviewers check them.
	Person       []Fact
	Prosecutions []StudioProsecution
	// ReviewChoices name what a review may assess when the case has more
	// than one prosecution: the whole case, then each prosecution (the
	// value is its number, from 1); empty otherwise.
	ReviewChoices []Option
	Comments      []store.Comment
	Reviews       []store.ReviewRecord
	// ActionError and Comment keep a refused action's message and text.
	ActionError string
	Comment     string
	Review      ReviewForm
	ReviewError string
	// ReviewProblems are the messages beside the review's unanswered
	// questions, by question (workflow.ReviewQuestions).
	ReviewProblems map[string]string
	// NewComment is a comment sent after the session had ended, given
	// back into the comment form after signing in.
	NewComment string
	// PublishAt is when a scheduled case goes out; PublishAtIn keeps what
	// was typed into the publication time field.
	PublishAt        time.Time
	PublishAtIn      string
	ChangesRequested bool
	// LiveDiff is what publishing the working revision would change.
	LiveDiff    []FieldDiff
	PreviewURLs []PublicLink
	// Extras are the rest of what the public would see.
	Extras CaseExtras
	// TakenDown tells, while an unpublished case has nothing public, when
	// it was taken off the site, by whom and why; nil otherwise.
	TakenDown *TakenDown
	// CorrectionHint says that the draft is a correction an editor may
	// publish without legal review.
	CorrectionHint bool
	// SinceApproval is what changed since a lawyer approved an earlier
	// revision, while the case is back in legal review; nil otherwise.
	SinceApproval *SinceApproval
	// Private leads to the case's private fields, for those who may read
	// them (workflow.CanReadPrivate); nil for the others.
	Private *PrivateSummary
	// ReviewLinks offers the page of the case's review links to those
	// who may make them (workflow.CanManageReviewLinks).
	ReviewLinks bool
	// Consent is the consent in force, shown beside the publish button.
	Consent ConsentBox
}

// TakenDown is an unpublication as the case page shows it.
type TakenDown struct {
	At     time.Time
	By     string
	Reason string
	// CanReturn is true while the revision taken off can be put back as
	// it was (Republish).
	CanReturn bool
}

// UnpublishPage asks an editor to confirm taking a case off the public
// site.
type UnpublishPage struct {
	StudioPage
	ID        int64
	Heading   string
	Revision  int64
	Reason    string
	Addresses []PublicLink
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
	// ExtraProsecutions are the empty prosecutions shown after those of
	// the content (see Prosecutions).
	ExtraProsecutions int
	// Raw holds, by input name, text the form shows as the person typed
	// it rather than as the content holds it (a term that is no number).
	Raw map[string]string
	// CanPublishBirthday: the person may make the birthday public
	// (workflow.CanPublishBirthday); others see the box disabled.
	CanPublishBirthday bool
	// Unsaved is set when the form holds text that no revision holds (it
	// comes back after a save that did not go through, or with a
	// prosecution added): leaving it asks first, as after typing.
	Unsaved bool
	// AutosaveURL is where the form's script sends unsaved copies of the
	// text ("" while a copy is offered), with AutosaveGen, the generation
	// of this page (store.Autosave).
	AutosaveURL string
	AutosaveGen int64
	// Offer is the account's unsaved copy of this form, to restore or
	// discard.
	Offer *AutosaveOffer
}

// AutosaveOffer offers an unsaved copy of a form back: a link that
// restores it and a form that discards it, both working without script.
type AutosaveOffer struct {
	Text, Restore, RestoreURL, DiscardURL string
}

// Prosecutions are the prosecutions the form shows, in order: those of
// the content, then ExtraProsecutions empty ones; at least one, so that
// a new case shows where its first prosecution goes.
func (vm CaseFormPage) Prosecutions() []content.Prosecution {
	var out []content.Prosecution
	for _, p := range vm.Content.EffectiveProsecutions() {
		if !p.IsZero() {
			out = append(out, p)
		}
	}
	for range vm.ExtraProsecutions {
		out = append(out, content.Prosecution{})
	}
	if len(out) == 0 {
		out = append(out, content.Prosecution{})
	}
	return out
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

// Conflict describes a save based on a revision that is no longer current,
// merged with what was saved meanwhile: what the merge took from each
// side without asking, and the fields both sides changed, for the person
// to decide.
type Conflict struct {
	Current *store.Revision
	// BaseNumber is the revision the form was opened on, 0 when unknown;
	// MergeBase is its id, which the form carries until every collision
	// is decided.
	BaseNumber int
	MergeBase  int64
	// Since lists the revisions saved after it, oldest first.
	Since      []ConflictRevision
	Merged     []MergedField
	Collisions []Collision
	// Undecided is set when Save was pressed with a collision left open.
	Undecided bool
}

// ConflictRevision is a revision saved while the person edited.
type ConflictRevision struct {
	Number int
	Author string
	At     time.Time
}

// MergedField is a field the merge settled without asking.
type MergedField struct {
	Label   string
	Key     string
	Outcome revdiff.Outcome
	// By names who made the change kept, for their changes.
	By string
}

// The values of a collision's choice.
const (
	KeepTheirs = "theirs"
	KeepMine   = "mine"
)

// Collision is a field that both the person and someone else changed,
// differently. The form holds the person's version until they choose.
type Collision struct {
	Label string
	Key   string
	// By and At say who changed it meanwhile, and when last.
	By string
	At time.Time
	// Theirs and Yours are each side's change from the revision the form
	// was opened on.
	Theirs, Yours []revdiff.Segment
	// Photo is set for the photo, with both pictures ("" for none).
	Photo                 bool
	TheirPhoto, YourPhoto string
	// Choice is KeepTheirs, KeepMine or "" while undecided; Missing marks
	// a Save pressed without a choice.
	Choice  string
	Missing bool
}

// anchor is the id of the form element that holds the field key, or ""
// when this form does not show it.
func (vm CaseFormPage) anchor(key string) string {
	switch key {
	case "sources", "timeline", "categories", "photo", "person":
		return key + "-fieldset"
	case "prosecutions":
		return "prosecutions"
	case "slug":
		if !vm.CanEditSlug || vm.New {
			return ""
		}
	}
	return key
}

// collision returns the collision of the form field key, or nil.
func (vm CaseFormPage) collision(key string) *Collision {
	if vm.Conflict == nil {
		return nil
	}
	for i := range vm.Conflict.Collisions {
		if vm.Conflict.Collisions[i].Key == key {
			return &vm.Conflict.Collisions[i]
		}
	}
	return nil
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
	// Corrections allows the short path for corrections.
	Corrections bool
	// Required lists the roles that must use a second factor.
	Required []workflow.Role
	// Forced is true when the server was started with --four-eyes=false.
	Forced bool
}

// Recommend2FA says whether editors or administrators may sign in with a
// password alone: a new installation requires their second factor, an
// older one kept what it had, and this page recommends it.
func (vm SettingsPage) Recommend2FA() bool {
	return !slices.Contains(vm.Required, workflow.Editor) || !slices.Contains(vm.Required, workflow.Admin)
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
	// Errors holds i18n keys by field ("new", "repeat").
	Errors content.FieldErrors
}

// StatsPage is /{lang}/stats.
type StatsPage struct {
	Page
	// Total is how many people are published, Prosecutions how many
	// prosecutions they have in all.
	Total        int
	Prosecutions int
	Charts       []charts.Chart
}

// OpenDataPage is /{lang}/open-data: what the open data hold and how to
// ask for them.
type OpenDataPage struct {
	Page
	// Addresses, Filters, Fields, ListKeys and CSV are rows of tables: a
	// key or address (or several), an example address, what it means.
	Addresses, Filters, Fields, ListKeys, CSV []DocRow
	// ProsecutionKeys and ProsecutionCSV are the keys of the answer of
	// /api/v1/prosecutions and the columns of its CSV.
	ProsecutionKeys, ProsecutionCSV []DocRow
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
