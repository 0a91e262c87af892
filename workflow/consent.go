package workflow

import "slices"

// The rules on consent and takedown requests. A consent record says who
// (the person, the family, the lawyer) gave, refused or could not be
// asked for consent to what (the profile, the name, the photo, the
// address), and when; the latest record of a subject is its state. A
// takedown request is registered when it arrives and decided by those who
// may take a case off the public site. The records are internal: their
// notes are for the people CanReadConsent names.

// Consent decisions.
const (
	ConsentGiven   = "given"
	ConsentRefused = "refused"
	ConsentUnknown = "unknown"
)

// ConsentPhoto is the subject whose refusal keeps a photo off the public
// site (see PhotoConsentBlocks).
const ConsentPhoto = "photo"

// ConsentParties lists who gives or refuses consent, in the form's order.
func ConsentParties() []string { return []string{"person", "family", "lawyer"} }

// ConsentSubjects lists what consent is given to, in the form's order.
func ConsentSubjects() []string { return []string{"profile", "name", ConsentPhoto, "address"} }

// ConsentDecisions lists the decisions a consent record holds.
func ConsentDecisions() []string { return []string{ConsentGiven, ConsentRefused, ConsentUnknown} }

// Takedown decisions; a request without one is pending.
const (
	TakedownPending = "pending"
	// TakedownRemoved takes the case off the public site (see
	// TakedownOutcome).
	TakedownRemoved = "removed"
	TakedownPartly  = "partly"
	TakedownRefused = "refused"
)

// TakedownDecisions lists the decisions an editor may take on a request.
func TakedownDecisions() []string { return []string{TakedownRemoved, TakedownPartly, TakedownRefused} }

// TakedownAsks lists what a request may ask to take down: the whole
// profile, the photo, the name, a passage, something else (the request's
// text says what).
func TakedownAsks() []string { return []string{"everything", "photo", "name", "passage", "other"} }

// TakedownAskNeedsText reports whether a request that asks for a (a
// passage, something else) must say in its text what exactly.
func TakedownAskNeedsText(a string) bool { return a == "passage" || a == "other" }

// consentKeeper says who keeps a case's consent records and takedown
// requests: the people who may read its private fields (CanReadPrivate),
// because the records' notes are private texts of the same kind, and one
// rule cannot drift from the other.
func consentKeeper(a Actor, c Case) bool { return CanReadPrivate(a, c) }

// CanRecordConsent reports whether a may record a consent decision on c:
// lawyers, editors and administrators, and the researcher who created the
// case, who is usually the one in touch with the family.
func CanRecordConsent(a Actor, c Case) bool { return consentKeeper(a, c) }

// CanRegisterTakedown reports whether a may register a takedown request
// received for c: whoever may record consent, since the same people hear
// from the family and the lawyer.
func CanRegisterTakedown(a Actor, c Case) bool { return consentKeeper(a, c) }

// CanReadConsent reports whether a may read the private parts of c's
// consent records and takedown requests: the notes, who asked and in
// what words, and why a request was decided as it was. Whoever may record
// them may read them; other staff see the decisions alone. It is the
// private fields' rule, CanReadPrivate.
func CanReadConsent(a Actor, c Case) bool { return consentKeeper(a, c) }

// CanDecideTakedown reports whether a may decide a takedown request:
// those who may unpublish a case (editors and administrators), since the
// decision "removed" takes it off the public site.
func CanDecideTakedown(a Actor) bool { return slices.Contains(table(Unpublish).roles, a.Role) }

// TakedownOutcome is what a takedown decided "removed" does to c: while a
// revision of c is public, what an unpublish does (see Apply), so that a
// case leaves the public site one way; with nothing public, nothing (the
// decision is only recorded), and ok is false. It returns a *Denied when
// a may not decide.
func TakedownOutcome(a Actor, c Case) (out Outcome, ok bool, err error) {
	if !CanDecideTakedown(a) {
		return Outcome{}, false, &Denied{Transition: Unpublish, Reason: ReasonRole}
	}
	if !c.HasLive {
		return Outcome{}, false, nil
	}
	return unpublishOutcome(c), true, nil
}

// PhotoConsentBlocks reports whether the consent on record keeps t from
// putting a photo on the public site: the latest consent record for the
// photo refuses it, and the revision t would make public carries one (the
// working revision, or for republish the one taken down). Remove the
// photo, or record a new consent, and it goes.
func (c Case) PhotoConsentBlocks(t Transition) bool {
	if !c.PhotoConsentRefused {
		return false
	}
	switch t {
	case Publish, PublishCorrection:
		return c.WorkingHasPhoto
	case Republish:
		return c.UnpublishedHasPhoto
	}
	return false
}

// TakedownBlocks reports whether a takedown decided "removed" keeps t
// from putting c on the public site: whoever asked was told it would come
// down, and a publication (now, scheduled, a correction, or putting the
// old revision back) would break that word. A new decision on the request
// (partly, refused), recorded by an editor who heard again from whoever
// asked, lifts it.
func (c Case) TakedownBlocks(t Transition) bool {
	if !c.TakedownRemoved {
		return false
	}
	switch t {
	case Publish, PublishCorrection, Republish:
		return true
	}
	return false
}

// PhotoConsentHolds reports whether a scheduled publication of c must be
// held when it falls due: the photo consent was refused after the
// publication was planned.
func (c Case) PhotoConsentHolds() bool { return c.PhotoConsentBlocks(Publish) }

// LivePhotoRefused reports whether the public profile of c shows a photo
// whose consent is now refused: nothing takes it down on its own, and
// the studio says so (remove the photo and publish, or unpublish).
func (c Case) LivePhotoRefused() bool {
	return c.PhotoConsentRefused && c.HasLive && c.LiveHasPhoto
}
