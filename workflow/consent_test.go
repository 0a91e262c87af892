package workflow

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"
)

// consentRules is the table of who may record consent, register and
// decide takedown requests and read their private texts, written out by
// hand: role/whose/rule triples allowed ("mine" is a case the actor
// created), every other one refused.
var consentRules = map[string]bool{
	"researcher/mine/record": true, "researcher/mine/register": true, "researcher/mine/read": true,
	"lawyer/mine/record": true, "lawyer/mine/register": true, "lawyer/mine/read": true,
	"lawyer/other/record": true, "lawyer/other/register": true, "lawyer/other/read": true,
	"editor/mine/record": true, "editor/mine/register": true, "editor/mine/read": true, "editor/mine/decide": true,
	"editor/other/record": true, "editor/other/register": true, "editor/other/read": true, "editor/other/decide": true,
	"admin/mine/record": true, "admin/mine/register": true, "admin/mine/read": true, "admin/mine/decide": true,
	"admin/other/record": true, "admin/other/register": true, "admin/other/read": true, "admin/other/decide": true,
}

func TestConsentRulesTable(t *testing.T) {
	rules := map[string]func(Actor, Case) bool{
		"record":   CanRecordConsent,
		"register": CanRegisterTakedown,
		"read":     CanReadConsent,
		"decide":   func(a Actor, _ Case) bool { return CanDecideTakedown(a) },
	}
	for _, r := range append(Roles(), Role("guest"), Role("")) {
		for _, whose := range []string{"mine", "other"} {
			c := Case{CreatedBy: 2}
			if whose == "mine" {
				c.CreatedBy = 1
			}
			for name, rule := range rules {
				key := fmt.Sprintf("%s/%s/%s", r, whose, name)
				if got := rule(Actor{ID: 1, Role: r}, c); got != consentRules[key] {
					t.Errorf("%s: %v, want %v", key, got, consentRules[key])
				}
			}
		}
	}
	// A case created by nobody known (an import) is nobody's own: the
	// zero id is not a creator.
	if CanRecordConsent(Actor{ID: 0, Role: Researcher}, Case{}) {
		t.Error("a researcher without an id records consent on a case without a creator")
	}
	// Whoever may unpublish decides takedowns, and no one else.
	for _, r := range Roles() {
		if CanDecideTakedown(Actor{1, r}) != (Default().Check(Actor{1, r}, Case{State: Published, HasLive: true}, Unpublish) == nil) {
			t.Errorf("%s: deciding a takedown and unpublishing disagree", r)
		}
	}
}

// TestPhotoConsentBlocks: a refused photo consent refuses, with its own
// reason, every transition that would put a revision with a photo on the
// public site (publish now or scheduled, a correction, republish of a
// revision with a photo), and nothing else; given or unknown refuses
// nothing; the reason is shown where the button would be (Withheld).
func TestPhotoConsentBlocks(t *testing.T) {
	ed := Actor{ID: 1, Role: Editor}
	ready := Case{State: EditorialReview, Complete: true, WorkingRevision: 5, ApprovedRevision: 5, SubmittedBy: 2, WorkingAuthor: 2, WorkingHasPhoto: true, PhotoConsentRefused: true}
	correction := Case{State: Draft, HasLive: true, CorrectionOnly: true, Complete: true, WorkingRevision: 6, WorkingAuthor: 2, WorkingHasPhoto: true, LiveHasPhoto: true, PhotoConsentRefused: true}
	down := Case{State: Draft, WorkingRevision: 7, UnpublishedRevision: 7, UnpublishedBy: 2, UnpublishedHasPhoto: true, PhotoConsentRefused: true}
	rules := Rules{FourEyes: true, Corrections: true}
	for _, tc := range []struct {
		name string
		c    Case
		t    Transition
		in   Input
	}{
		{"publish", ready, Publish, Input{}},
		{"schedule", ready, Publish, Input{PublishAt: time.Now().Add(time.Hour)}},
		{"correction", correction, PublishCorrection, Input{}},
		{"republish", down, Republish, Input{Comment: "back"}},
	} {
		var d *Denied
		if _, err := rules.Apply(ed, tc.c, tc.t, tc.in, time.Now()); !errors.As(err, &d) || d.Reason != ReasonPhotoConsent {
			t.Errorf("%s with the photo refused: %v", tc.name, err)
		}
		if w := rules.Withheld(ed, tc.c); !slices.ContainsFunc(w, func(d *Denied) bool { return d.Transition == tc.t && d.Reason == ReasonPhotoConsent }) {
			t.Errorf("%s: the page is not told why: %+v", tc.name, w)
		}
		if slices.Contains(rules.Allowed(ed, tc.c), tc.t) {
			t.Errorf("%s: the button is offered", tc.name)
		}
		for name, c := range map[string]Case{
			"without a photo": func() Case {
				c := tc.c
				c.WorkingHasPhoto, c.UnpublishedHasPhoto = false, false
				return c
			}(),
			"with consent": func() Case { c := tc.c; c.PhotoConsentRefused = false; return c }(),
		} {
			if _, err := rules.Apply(ed, c, tc.t, tc.in, time.Now()); err != nil {
				t.Errorf("%s %s: %v", tc.name, name, err)
			}
		}
	}
	// Republish looks at the revision put back, not the working one.
	if err := rules.Check(ed, Case{State: Draft, WorkingRevision: 8, UnpublishedRevision: 7, UnpublishedBy: 2, WorkingHasPhoto: true, PhotoConsentRefused: true}, Republish); err != nil {
		t.Errorf("republish of a revision without a photo: %v", err)
	}
	// The rest of the workflow goes on: review, unpublish, unschedule.
	live := Case{State: Published, HasLive: true, WorkingHasPhoto: true, LiveHasPhoto: true, PhotoConsentRefused: true, WorkingRevision: 5}
	if err := rules.Check(ed, live, Unpublish); err != nil {
		t.Errorf("unpublish: %v", err)
	}
	if err := rules.Check(Actor{1, Researcher}, Case{State: Draft, Complete: true, WorkingHasPhoto: true, PhotoConsentRefused: true}, Submit); err != nil {
		t.Errorf("submit: %v", err)
	}
	if !live.LivePhotoRefused() || (Case{State: Published, HasLive: true, LiveHasPhoto: true}).LivePhotoRefused() {
		t.Error("LivePhotoRefused")
	}
	scheduled := Case{State: Scheduled, WorkingHasPhoto: true, PhotoConsentRefused: true}
	if !scheduled.PhotoConsentHolds() || rules.Check(ed, scheduled, Unschedule) != nil {
		t.Error("a scheduled case with the photo refused: held, and may be unscheduled")
	}
	// A blocked publication still waits for an editor.
	if !rules.Waiting(Actor{3, Editor}, ready) {
		t.Error("a blocked publication waits for nobody")
	}
}

// TestTakedownOutcome: a takedown decided "removed" does to a published
// case exactly what an unpublish does, and nothing to a case with
// nothing public; only those who may unpublish decide.
func TestTakedownOutcome(t *testing.T) {
	for _, s := range States() {
		c := Case{State: s, HasLive: true, WorkingRevision: 5}
		out, ok, err := TakedownOutcome(Actor{1, Editor}, c)
		want, werr := Default().Apply(Actor{1, Editor}, c, Unpublish, Input{Comment: "x"}, time.Now())
		if err != nil || werr != nil || !ok || !reflect.DeepEqual(out, want) {
			t.Errorf("%s: %+v %v %v, unpublish %+v %v", s, out, ok, err, want, werr)
		}
		if _, ok, err := TakedownOutcome(Actor{1, Admin}, Case{State: s}); ok || err != nil {
			t.Errorf("%s with nothing public: %v %v", s, ok, err)
		}
	}
	for _, r := range []Role{Researcher, Lawyer} {
		var d *Denied
		if _, _, err := TakedownOutcome(Actor{1, r}, Case{State: Published, HasLive: true}); !errors.As(err, &d) || d.Reason != ReasonRole {
			t.Errorf("%s decides: %v", r, err)
		}
	}
}

// TestTakedownBlocks: while a takedown request stands decided "removed",
// no transition puts the case on the public site (publish now or later,
// a correction, putting the old revision back), the page is told why, and
// nothing else is held up (submitting, approving, unpublishing).
func TestTakedownBlocks(t *testing.T) {
	ed := Actor{ID: 1, Role: Editor}
	ready := Case{State: EditorialReview, Complete: true, WorkingRevision: 5, ApprovedRevision: 5, SubmittedBy: 2, WorkingAuthor: 2, TakedownRemoved: true}
	correction := Case{State: Draft, HasLive: true, CorrectionOnly: true, Complete: true, WorkingRevision: 6, WorkingAuthor: 2, TakedownRemoved: true}
	down := Case{State: Draft, WorkingRevision: 7, UnpublishedRevision: 7, UnpublishedBy: 2, TakedownRemoved: true}
	rules := Rules{FourEyes: true, Corrections: true}
	for _, tc := range []struct {
		name string
		c    Case
		t    Transition
		in   Input
	}{
		{"publish", ready, Publish, Input{}},
		{"schedule", ready, Publish, Input{PublishAt: time.Now().Add(time.Hour)}},
		{"correction", correction, PublishCorrection, Input{}},
		{"republish", down, Republish, Input{Comment: "back"}},
	} {
		var d *Denied
		if _, err := rules.Apply(ed, tc.c, tc.t, tc.in, time.Now()); !errors.As(err, &d) || d.Reason != ReasonTakedownRemoved {
			t.Errorf("%s with a removal standing: %v", tc.name, err)
		}
		if w := rules.Withheld(ed, tc.c); !slices.ContainsFunc(w, func(d *Denied) bool { return d.Transition == tc.t && d.Reason == ReasonTakedownRemoved }) {
			t.Errorf("%s: the page is not told why: %+v", tc.name, w)
		}
		lifted := tc.c
		lifted.TakedownRemoved = false
		if _, err := rules.Apply(ed, lifted, tc.t, tc.in, time.Now()); err != nil {
			t.Errorf("%s without it: %v", tc.name, err)
		}
	}
	live := Case{State: Published, HasLive: true, WorkingRevision: 5, TakedownRemoved: true}
	if _, err := rules.Apply(ed, live, Unpublish, Input{Comment: "now"}, time.Now()); err != nil {
		t.Errorf("unpublishing is never held: %v", err)
	}
}
