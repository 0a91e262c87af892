// Package workflow holds Casebook's editorial rules: the states of a case's
// working revision, the transitions between them, who may make each one, and
// what each needs. It does no I/O. Handlers ask it before acting and views
// ask it before showing a button, so a rule lives here once.
package workflow

import (
	"slices"
	"strings"
	"time"

	"casebook/content"
)

// Role is what an account may do.
type Role string

const (
	Researcher Role = "researcher"
	Lawyer     Role = "lawyer"
	Editor     Role = "editor"
	// Admin is an editor who also manages accounts.
	Admin Role = "admin"
)

// Roles lists every role.
func Roles() []Role { return []Role{Researcher, Lawyer, Editor, Admin} }

// ParseRole returns the role named s, and whether it is one.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, slices.Contains(Roles(), r)
}

// IsEditor reports whether the role has an editor's powers.
func (r Role) IsEditor() bool { return r == Editor || r == Admin }

// State is the state of a case's working revision.
type State string

const (
	Draft           State = "draft"
	LegalReview     State = "legal_review"
	EditorialReview State = "editorial_review"
	Published       State = "published"
	Scheduled       State = "scheduled"
)

// States lists every state in the order a case passes through them.
func States() []State {
	return []State{Draft, LegalReview, EditorialReview, Scheduled, Published}
}

// Transition is a named move between states; the names are a contract
// (they are the value of the form's transition button).
type Transition string

const (
	Submit         Transition = "submit"
	Withdraw       Transition = "withdraw"
	ApproveLegal   Transition = "approve_legal"
	RequestChanges Transition = "request_changes"
	Publish        Transition = "publish"
	Unpublish      Transition = "unpublish"
	// Unschedule cancels a scheduled publication; the case goes back to
	// editorial review. It extends the design's table.
	Unschedule Transition = "unschedule"
	// PublishCorrection publishes, without legal review, a new draft of a
	// published case that corrects only what goes stale on its own (see
	// CorrectionOnly), when the settings allow it (Rules.Corrections).
	// It extends the design's table.
	PublishCorrection Transition = "publish_correction"
	// Republish puts back on the public site the revision an unpublish
	// took off, as it was. It extends the design's table.
	Republish Transition = "republish"
)

// Transitions lists every transition in the order buttons are shown.
func Transitions() []Transition {
	return []Transition{Submit, Withdraw, ApproveLegal, RequestChanges, Publish, PublishCorrection, Unschedule, Unpublish, Republish}
}

// ParseTransition returns the transition named s, and whether it is one.
func ParseTransition(s string) (Transition, bool) {
	t := Transition(s)
	return t, slices.Contains(Transitions(), t)
}

// Actor is the person asking.
type Actor struct {
	ID   int64
	Role Role
}

// Case is what the rules need to know about a case.
type Case struct {
	State State
	// HasLive is true while a revision of the case is public.
	HasLive bool
	// SubmittedBy is who submitted the working revision for review, 0
	// while it is a draft.
	SubmittedBy int64
	// WorkingAuthor wrote the working revision.
	WorkingAuthor int64
	// Contributors wrote the changes since the last approval: every
	// revision after the last one a lawyer approved before the working
	// revision, up to the working one (all of them while none was
	// approved). See FourEyesRule.
	Contributors []int64
	// Complete is true when at least one language has every field a public
	// page needs.
	Complete bool
	// CreatedBy started the case.
	CreatedBy int64
	// LastTransition is the case's latest workflow move, "" before any.
	LastTransition Transition
	// WorkingRevision is the working revision's id; ApprovedRevision
	// the one the lawyer's approval of this review round covers, 0 while
	// there is none. Publication needs them equal (ApprovalCovers): their
	// zero values refuse it, so a caller that forgets to say publishes
	// nothing.
	WorkingRevision  int64
	ApprovedRevision int64
	// Status is the working revision's recognition status, which the
	// lawyer's answer on the materials constrains (see ReviewProblem).
	Status string
	// CorrectionOnly is true when the working revision differs from the
	// live one in the correction fields alone (see CorrectionOnly).
	CorrectionOnly bool
	// UnpublishedRevision is the revision the last unpublish took off the
	// public site, 0 when there is none to put back; UnpublishedBy is who
	// took it off.
	UnpublishedRevision int64
	UnpublishedBy       int64
	// Prosecutions counts the working revision's prosecutions, which a
	// review may name one of (Review.Prosecution).
	Prosecutions int
	// PhotoConsentRefused is true while the latest consent record for
	// the photo refuses it; WorkingHasPhoto, UnpublishedHasPhoto and
	// LiveHasPhoto say whether the working revision, the one an
	// unpublish took off and the live one carry a photo (see
	// PhotoConsentBlocks).
	PhotoConsentRefused bool
	// TakedownRemoved is true while a takedown request of the case
	// stands decided "removed" (see TakedownBlocks).
	TakedownRemoved     bool
	WorkingHasPhoto     bool
	UnpublishedHasPhoto bool
	LiveHasPhoto        bool
}

// ApprovalCovers reports whether the lawyer approved the working revision
// itself. A save that changes nothing public writes no revision, and one
// that does sends the case back to legal review (AfterEdit), so an
// approval covers exactly the content it was given.
func (c Case) ApprovalCovers() bool {
	return c.ApprovedRevision != 0 && c.ApprovedRevision == c.WorkingRevision
}

// ChangesRequested reports whether c is a draft because a reviewer sent
// it back with a comment, as opposed to a new draft, an edit of a
// published case or an unpublished one. It stays so while its author
// fixes it, until it is submitted again.
func (c Case) ChangesRequested() bool {
	return c.State == Draft && c.LastTransition == RequestChanges
}

// FourEyesRule is the four-eyes rule as the studio states it (a message
// catalog key): the settings page and every refusal say it in these words,
// and Check enforces exactly them.
const FourEyesRule = "workflow.four_eyes_rule"

// wroteOrSubmitted reports whether the person submitted the working
// revision or wrote any change since the last approval.
func (c Case) wroteOrSubmitted(id int64) bool {
	return id == c.SubmittedBy || id == c.WorkingAuthor || slices.Contains(c.Contributors, id)
}

// Rules are the editorial rules of one Casebook instance.
type Rules struct {
	// FourEyes keeps whoever submitted the revision, or wrote any change
	// since the last approval, from approving it legally or publishing
	// it, so that at least two people stand behind every publication
	// (FourEyesRule).
	FourEyes bool
	// Corrections lets editors publish a correction of the place of
	// detention and the letter address without legal review.
	Corrections bool
}

// Default is the rule set of a new instance.
func Default() Rules { return Rules{FourEyes: true} }

// Reason is why a transition is refused, as a message catalog key.
type Reason string

const (
	ReasonRole       Reason = "workflow.denied.role"
	ReasonState      Reason = "workflow.denied.state"
	ReasonFourEyes   Reason = "workflow.denied.four_eyes"
	ReasonIncomplete Reason = "workflow.denied.incomplete"
	ReasonComment    Reason = "workflow.denied.comment"
	ReasonReview     Reason = "workflow.denied.review"
	ReasonPast       Reason = "workflow.denied.past"
	// ReasonNotApproved refuses to publish content the lawyer did not
	// approve.
	ReasonNotApproved Reason = "workflow.denied.not_approved"
	// ReasonTookItDown keeps whoever unpublished a case from putting it
	// back alone.
	ReasonTookItDown Reason = "workflow.denied.took_it_down"
	// ReasonPhotoConsent keeps a photo whose consent was refused off the
	// public site (see Case.PhotoConsentBlocks).
	ReasonPhotoConsent Reason = "workflow.denied.photo_consent"
	// ReasonTakedownRemoved keeps a case off the public site while a
	// takedown request of it stands decided "removed".
	ReasonTakedownRemoved Reason = "workflow.denied.takedown_removed"
)

// Denied is the error of a refused transition.
type Denied struct {
	Transition Transition
	Reason     Reason
	// Detail names, as a message catalog key, what exactly is missing
	// when Reason alone does not say (the first answer of a review that
	// is missing); Problems names every one, by question.
	Detail   string
	Problems map[string]string
}

func (d *Denied) Error() string {
	return "workflow: " + string(d.Transition) + " refused: " + string(d.Reason)
}

// rule is one row of the design's transition table.
type rule struct {
	from  []State
	roles []Role
	// submitterMay lets whoever submitted the case make the transition
	// whatever their role (withdraw).
	submitterMay bool
	// roleFrom narrows a role to some of the from states (a lawyer
	// requests changes during legal review only).
	roleFrom map[Role][]State
}

func table(t Transition) rule {
	switch t {
	case Submit:
		return rule{from: []State{Draft}, roles: []Role{Researcher, Editor, Admin}}
	case Withdraw:
		return rule{from: []State{LegalReview}, roles: []Role{Editor, Admin}, submitterMay: true}
	case ApproveLegal:
		return rule{from: []State{LegalReview}, roles: []Role{Lawyer}}
	case RequestChanges:
		return rule{
			from:     []State{LegalReview, EditorialReview},
			roles:    []Role{Lawyer, Editor, Admin},
			roleFrom: map[Role][]State{Lawyer: {LegalReview}},
		}
	case Publish:
		return rule{from: []State{EditorialReview}, roles: []Role{Editor, Admin}}
	case Unschedule:
		return rule{from: []State{Scheduled}, roles: []Role{Editor, Admin}}
	case Unpublish:
		// From any state, as long as something is live.
		return rule{from: States(), roles: []Role{Editor, Admin}}
	case PublishCorrection:
		return rule{from: []State{Draft}, roles: []Role{Editor, Admin}}
	case Republish:
		return rule{from: States(), roles: []Role{Editor, Admin}}
	}
	return rule{}
}

// Check reports whether a may make transition t on c now, not counting the
// inputs the transition needs (see Input). It returns nil or a *Denied.
func (r Rules) Check(a Actor, c Case, t Transition) error {
	deny := func(reason Reason) error { return &Denied{Transition: t, Reason: reason} }
	row := table(t)
	if !slices.Contains(row.from, c.State) || (t == Unpublish && !c.HasLive) {
		return deny(ReasonState)
	}
	if t == PublishCorrection && (!r.Corrections || !c.HasLive || !c.CorrectionOnly) {
		// There is no short path here: not allowed, or not a correction.
		return deny(ReasonState)
	}
	if t == Republish && (c.HasLive || c.UnpublishedRevision == 0) {
		return deny(ReasonState)
	}
	allowed := slices.Contains(row.roles, a.Role) || (row.submitterMay && a.ID != 0 && a.ID == c.SubmittedBy)
	if !allowed {
		return deny(ReasonRole)
	}
	if states, ok := row.roleFrom[a.Role]; ok && !slices.Contains(states, c.State) {
		return deny(ReasonRole)
	}
	if c.TakedownBlocks(t) {
		return deny(ReasonTakedownRemoved)
	}
	if c.PhotoConsentBlocks(t) {
		return deny(ReasonPhotoConsent)
	}
	if r.FourEyes && a.ID != 0 && (t == ApproveLegal || t == Publish || t == PublishCorrection) && c.wroteOrSubmitted(a.ID) {
		return deny(ReasonFourEyes)
	}
	if r.FourEyes && a.ID != 0 && t == Republish && a.ID == c.UnpublishedBy {
		// A take-down had a reason; that it has passed is for a second
		// person to agree.
		return deny(ReasonTookItDown)
	}
	if t == Submit && !c.Complete {
		return deny(ReasonIncomplete)
	}
	if t == Publish && !c.ApprovalCovers() {
		return deny(ReasonNotApproved)
	}
	return nil
}

// Allowed lists the transitions a may make on c now, in button order.
func (r Rules) Allowed(a Actor, c Case) []Transition {
	var out []Transition
	for _, t := range Transitions() {
		if r.Check(a, c, t) == nil {
			out = append(out, t)
		}
	}
	return out
}

// Withheld lists the transitions that a's role could make in this state but
// that are refused for another reason (four eyes, missing content), so a page
// can say why a button is missing instead of silently hiding it.
func (r Rules) Withheld(a Actor, c Case) []*Denied {
	var out []*Denied
	for _, t := range Transitions() {
		err := r.Check(a, c, t)
		if d, ok := err.(*Denied); ok && d.Reason != ReasonRole && d.Reason != ReasonState {
			out = append(out, d)
		}
	}
	return out
}

// Waiting reports whether c waits for a's decision, for the dashboard's
// "waiting for you" and the count in the navigation: a lawyer's legal
// reviews, an editor's publications and scheduled cases, and the cases
// sent back to whoever started them. A draft nobody sent back waits for
// nobody: its author knows about it. It reads nothing that comes from the
// content (Complete, Status, CorrectionOnly), and a case waits only in
// WaitingStates, so that the count on every studio page can be taken
// over many cases without reading their revisions.
func (r Rules) Waiting(a Actor, c Case) bool {
	// A publication a refused photo consent blocks still waits for an
	// editor, who removes the photo or hears from the family again.
	c.PhotoConsentRefused = false
	c.TakedownRemoved = false
	switch {
	case c.State == Draft:
		return a.ID != 0 && c.CreatedBy == a.ID && c.ChangesRequested()
	case a.Role == Lawyer:
		return r.Check(a, c, ApproveLegal) == nil
	case a.Role.IsEditor():
		// Scheduled cases wait for an editor's eye until they go out.
		return r.Check(a, c, Publish) == nil || c.State == Scheduled
	}
	return false
}

// WaitingStates lists the states in which a case can wait for someone's
// decision (see Waiting); in the others it waits for nobody.
func WaitingStates() []State { return []State{Draft, LegalReview, EditorialReview, Scheduled} }

// Input is what a person sends with a transition.
type Input struct {
	Comment string
	// Review is the lawyer's assessment, needed by approve_legal.
	Review *Review
	// PublishAt, when after now, schedules a publication.
	PublishAt time.Time
}

// NeedsComment reports whether t is refused without a comment.
func NeedsComment(t Transition) bool { return t == RequestChanges || t == Unpublish || t == Republish }

// Outcome is what a transition does to a case.
type Outcome struct {
	To State
	// GoLive makes the working revision the live one.
	GoLive bool
	// DropLive takes the live revision off the public site.
	DropLive bool
	// PublishAt is set when the publication is scheduled.
	PublishAt time.Time
	// ClearSubmitter ends the review round: the case is a draft again.
	ClearSubmitter bool
	// SetSubmitter records the actor as the one who submitted.
	SetSubmitter bool
	// ClearSchedule drops a planned publication time.
	ClearSchedule bool
	// Restore puts the unpublished revision back on the public site.
	Restore bool
}

// Apply checks a transition with its input and says what it does. It
// returns a *Denied when the transition is refused.
func (r Rules) Apply(a Actor, c Case, t Transition, in Input, now time.Time) (Outcome, error) {
	if err := r.Check(a, c, t); err != nil {
		return Outcome{}, err
	}
	deny := func(reason Reason) (Outcome, error) { return Outcome{}, &Denied{Transition: t, Reason: reason} }
	if NeedsComment(t) && strings.TrimSpace(in.Comment) == "" {
		return deny(ReasonComment)
	}
	switch t {
	case Submit:
		return Outcome{To: LegalReview, SetSubmitter: true}, nil
	case Withdraw:
		return Outcome{To: Draft, ClearSubmitter: true}, nil
	case ApproveLegal:
		if p := ReviewProblem(in.Review, c); p != "" {
			return Outcome{}, &Denied{Transition: t, Reason: ReasonReview, Detail: p, Problems: ReviewProblems(in.Review, c)}
		}
		return Outcome{To: EditorialReview}, nil
	case RequestChanges:
		return Outcome{To: Draft, ClearSubmitter: true}, nil
	case Publish:
		if !in.PublishAt.IsZero() {
			if !in.PublishAt.After(now) {
				return deny(ReasonPast)
			}
			return Outcome{To: Scheduled, PublishAt: in.PublishAt}, nil
		}
		return Outcome{To: Published, GoLive: true}, nil
	case Unschedule:
		return Outcome{To: EditorialReview, ClearSchedule: true}, nil
	case PublishCorrection:
		return Outcome{To: Published, GoLive: true, ClearSubmitter: true}, nil
	case Republish:
		to := c.State
		if c.WorkingRevision == c.UnpublishedRevision {
			// Nothing was written since: the working revision is live
			// again, as before the unpublish.
			to = Published
		}
		return Outcome{To: to, Restore: true}, nil
	case Unpublish:
		return unpublishOutcome(c), nil
	}
	return deny(ReasonState)
}

// unpublishOutcome is what taking c off the public site does, by the
// unpublish transition or a takedown decided "removed" (TakedownOutcome).
func unpublishOutcome(c Case) Outcome {
	to := c.State
	if to == Published || to == Scheduled {
		// The working revision was live, or approved and waiting only
		// for its time. An emergency removal voids those approvals,
		// given before the reason for it was known: the revision goes
		// back to the start and returns only through the whole review,
		// and no schedule survives to put it back on its own.
		to = Draft
	}
	return Outcome{To: to, DropLive: true, ClearSubmitter: to == Draft, ClearSchedule: true}
}

// CanEdit reports whether a may save a new revision of c: researchers edit
// drafts, and start a new draft of a published case (a prisoner moved, an
// address changed: the live revision stays public until the update is
// approved and published, see AfterEdit); lawyers and editors edit in any
// state.
func CanEdit(a Actor, c Case) bool {
	switch a.Role {
	case Researcher:
		return c.State == Draft || c.State == Published
	case Lawyer, Editor, Admin:
		return true
	}
	return false
}

// CanCreate reports whether a may start a new case.
func CanCreate(a Actor) bool { return a.Role == Researcher || a.Role.IsEditor() }

// CanManageReferences reports whether a may change the reference lists
// (statuses, regions, articles, categories).
func CanManageReferences(a Actor) bool { return a.Role.IsEditor() }

// CanEditSlug reports whether a may change a case's public address.
func CanEditSlug(a Actor) bool { return a.Role.IsEditor() }

// CanPublishBirthday reports whether a may make a person's day and month
// of birth public (birthday_public): editors and administrators, who
// answer for what is published. A date of birth helps find a person, so
// that a researcher's entry shows the public only its year.
func CanPublishBirthday(a Actor) bool { return a.Role.IsEditor() }

// CanComment reports whether a may write in a case's review thread.
func CanComment(a Actor) bool { return slices.Contains(Roles(), a.Role) }

// AfterEdit is the state of a case once a revision whose public content
// differs from the working one (see PublicChanged) is saved in state s.
// Editing a published case starts a new draft while the live revision
// stays public. Any such edit after the legal approval (in editorial
// review, or scheduled) sends the case back to legal review: the lawyer
// approved what the public would read, every word and fact of it, and the
// organisation's recognition goes out in the lawyer's name.
func AfterEdit(s State) State {
	switch s {
	case Published:
		return Draft
	case EditorialReview, Scheduled:
		return LegalReview
	}
	return s
}

// PublicChanged reports whether after differs from before in anything the
// public sees. Every field of a revision is public: the address, the
// recognition status and date, region, articles, categories, dates,
// custody, place of detention, letter address and its date, the photo and
// its credit, sources, the timeline, the person facts (gender, date of
// birth and whether the birthday is public, citizenship, occupation),
// every field of every prosecution, and every text of both languages.
// What must stay inside has no place in a revision. Both are compared as
// saved (normalised), so a row left empty in a form is no change, and
// articles and categories as sets: the form lists them in the reference
// lists' order, whatever order a case was imported or written in.
func PublicChanged(before, after *content.Case) bool {
	b, a := before.Clone(), after.Clone()
	for _, c := range []*content.Case{a, b} {
		c.Normalize()
		slices.Sort(c.Articles)
		slices.Sort(c.Categories)
		slices.Sort(c.Citizenship)
		for i := range c.Prosecutions {
			slices.Sort(c.Prosecutions[i].Articles)
		}
	}
	return !b.Equal(a)
}

// CorrectionFields are what goes stale on its own and may be corrected
// without legal review when the settings allow: prisoners are moved, so
// their place of detention and letter address change, and an address is
// checked on a date. Everything else a lawyer approves.
func CorrectionFields() []string {
	return []string{"place_of_detention", "letter_address", "letter_address_checked_on"}
}

// CorrectionOnly reports whether working differs from live, and only in
// CorrectionFields.
func CorrectionOnly(live, working *content.Case) bool {
	if !PublicChanged(live, working) {
		return false
	}
	a, b := live.Clone(), working.Clone()
	for _, c := range []*content.Case{a, b} {
		c.PlaceOfDetention, c.LetterAddress, c.LetterAddressCheckedOn = "", "", ""
	}
	return !PublicChanged(a, b)
}

// ProbableVictim is the status of a case whose materials do not yet
// suffice for recognition.
const ProbableVictim = "probable_victim"

// ReviewProblem names, as a message catalog key, what keeps a review from
// approving the case c, or "" when nothing does: an incomplete review (see
// Review.Problem), or a recognition the lawyer's own answer does not
// support. When the materials do not suffice, the status must be
// probable_victim; to recognise the person, the lawyer answers that the
// materials suffice, and any later change of the status comes back to a
// lawyer (AfterEdit).
func ReviewProblem(r *Review, c Case) string {
	p := ReviewProblems(r, c)
	for _, q := range ReviewQuestions() {
		if p[q] != "" {
			return p[q]
		}
	}
	return ""
}

// ReviewProblems is every problem ReviewProblem would name first, by
// question, so that a form can mark each beside its question at once.
func ReviewProblems(r *Review, c Case) map[string]string {
	if r == nil {
		r = &Review{}
	}
	p := r.Problems()
	if r.Prosecution > c.Prosecutions {
		p["prosecution"] = "review.error.prosecution"
	}
	if !r.Sufficient && c.Status != ProbableVictim {
		p["sufficient"] = "review.error.sufficiency"
	}
	return p
}
