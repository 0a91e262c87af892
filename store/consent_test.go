package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"casebook/content"
	"casebook/errs"
	"casebook/workflow"
)

// consentPeople are the accounts of the consent tests: the researcher
// who creates the case, another researcher, a lawyer and two editors.
type consentPeople struct {
	creator, other, lawyer, editor, editor2 *User
}

func newConsentPeople(t *testing.T, s *Store) consentPeople {
	return consentPeople{
		creator: mustUser(t, s, "creator@example.org", "researcher"),
		other:   mustUser(t, s, "other@example.org", "researcher"),
		lawyer:  mustUser(t, s, "lawyer@example.org", "lawyer"),
		editor:  mustUser(t, s, "editor@example.org", "editor"),
		editor2: mustUser(t, s, "editor2@example.org", "editor"),
	}
}

// photoCase is a case with a photo, approved by the lawyer and waiting
// in editorial review.
func photoCase(t *testing.T, s *Store, p consentPeople) int64 {
	t.Helper()
	ctx := context.Background()
	hash := strings.Repeat("ab", 32)
	if err := s.SaveMedia(ctx, p.creator, []MediaItem{{Hash: hash, Ext: "jpg", Mime: "image/jpeg", Variant: "profile", Width: 1, Height: 1, Data: []byte{0xff}}}); err != nil {
		t.Fatal(err)
	}
	c := sampleCase()
	c.Photo = content.Photo{URL: "/media/" + hash + ".jpg", Credit: "Family archive"}
	id, err := s.CreateCase(ctx, p.creator, c)
	if err != nil {
		t.Fatal(err)
	}
	mustTransition(t, s, p.creator, id, workflow.Submit, workflow.Input{})
	mustTransition(t, s, p.lawyer, id, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}})
	return id
}

func consentIn(party, subject, decision, on, note string) ConsentInput {
	return ConsentInput{Party: party, Subject: subject, Decision: decision, On: on, Note: note}
}

// mustConsent records a consent based on every record there is.
func mustConsent(t *testing.T, s *Store, u *User, id int64, in ConsentInput) {
	t.Helper()
	page, err := s.ConsentPage(context.Background(), u, id)
	if err != nil {
		t.Fatal(err)
	}
	in.Base = page.Latest
	if _, err := s.RecordConsent(context.Background(), u, id, in); err != nil {
		t.Fatalf("record %+v: %v", in, err)
	}
}

// TestConsentRecordsKeepHistory: the latest record of a subject is its
// state, the older ones stay; nothing edits or deletes a record; the
// notes are read for those CanReadConsent names alone, and no audit entry
// holds one.
func TestConsentRecordsKeepHistory(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	p := newConsentPeople(t, s)
	id := photoCase(t, s, p)
	mustConsent(t, s, p.creator, id, consentIn("family", "photo", "given", "2025-03-01", "Mother agreed by phone NOTE-ONE"))
	mustConsent(t, s, p.lawyer, id, consentIn("person", "name", "given", "2025-03", ""))
	mustConsent(t, s, p.editor, id, consentIn("family", "photo", "refused", "2025-04-02", "Mother changed her mind NOTE-TWO"))
	page, err := s.ConsentPage(ctx, p.creator, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Records) != 3 || len(page.Current) != 2 || !page.Private {
		t.Fatalf("records %d, current %d, private %v", len(page.Records), len(page.Current), page.Private)
	}
	if c := page.Current; c[0].Subject != "name" || c[1].Subject != "photo" || c[1].Decision != "refused" || c[1].Note != "Mother changed her mind NOTE-TWO" || c[1].RecordedByName != "editor@example.org" {
		t.Errorf("current: %+v", c)
	}
	if d, _ := s.CaseDetail(ctx, id); d.PhotoConsent != "refused" || !d.Workflow().PhotoConsentRefused {
		t.Errorf("the rules do not see the refusal: %q", d.PhotoConsent)
	}
	for _, q := range []string{`UPDATE consents SET decision = 'given'`, `DELETE FROM consents`, `UPDATE consents SET note = ''`} {
		if _, err := s.w.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	// Another researcher sees the decisions, not the notes.
	other, err := s.ConsentPage(ctx, p.other, id)
	if err != nil {
		t.Fatal(err)
	}
	if other.Private || len(other.Records) != 3 {
		t.Fatalf("another researcher: private %v, %d records", other.Private, len(other.Records))
	}
	for _, r := range other.Records {
		if r.Note != "" {
			t.Errorf("another researcher reads the note %q", r.Note)
		}
	}
	entries, _ := s.Audit(ctx, id, 100)
	n := 0
	for _, e := range entries {
		if strings.Contains(string(e.Data), "NOTE-") {
			t.Errorf("%s holds a note: %s", e.Action, e.Data)
		}
		if e.Action == "consent.record" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d consent.record entries, want 3", n)
	}
}

// TestConsentRules: who may record consent and register and decide
// takedown requests, in the store, whatever the page offered.
func TestConsentRules(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	p := newConsentPeople(t, s)
	id := photoCase(t, s, p)
	for _, c := range []struct {
		u    *User
		want bool
	}{{p.creator, true}, {p.other, false}, {p.lawyer, true}, {p.editor, true}} {
		page, _ := s.ConsentPage(ctx, p.editor, id)
		in := consentIn("person", "profile", "unknown", "2025-01-01", "")
		in.Base = page.Latest
		_, err := s.RecordConsent(ctx, c.u, id, in)
		if (err == nil) != c.want || (err != nil && !errs.Is(err, errs.KindForbidden)) {
			t.Errorf("%s records consent: %v, want allowed %v", c.u.Email, err, c.want)
		}
		_, err = s.RegisterTakedown(ctx, c.u, id, TakedownInput{ReceivedOn: "2025-01-02", Requester: "A cousin", Asked: []string{"photo"}})
		if (err == nil) != c.want || (err != nil && !errs.Is(err, errs.KindForbidden)) {
			t.Errorf("%s registers a takedown: %v, want allowed %v", c.u.Email, err, c.want)
		}
	}
	page, _ := s.ConsentPage(ctx, p.editor, id)
	req := page.Takedowns[0].ID
	for _, u := range []*User{p.creator, p.other, p.lawyer} {
		if _, err := s.DecideTakedown(ctx, u, id, DecisionInput{Request: req, Decision: "refused", Reason: "r"}); !errs.Is(err, errs.KindForbidden) {
			t.Errorf("%s decides a takedown: %v", u.Email, err)
		}
	}
	if _, err := s.DecideTakedown(ctx, p.editor, id, DecisionInput{Request: req, Decision: "refused", Reason: "Public interest"}); err != nil {
		t.Errorf("an editor decides: %v", err)
	}
	// A request of another case is not this case's.
	other, _ := s.CreateCase(ctx, p.creator, sampleCase())
	if _, err := s.DecideTakedown(ctx, p.editor, other, DecisionInput{Request: req, Decision: "refused", Reason: "r", Base: page.Takedowns[0].Latest()}); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("a request decided through another case: %v", err)
	}
}

// TestConsentFormsRefuseBadInput: an empty form, a date that is none or
// in the future, an unknown code, a form older than a record written
// since: refused with a message per input (or a conflict), nothing
// written.
func TestConsentFormsRefuseBadInput(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	p := newConsentPeople(t, s)
	id := photoCase(t, s, p)
	fields := func(err error) content.FieldErrors {
		var fe content.FieldErrors
		if !errors.As(err, &fe) {
			t.Fatalf("not field errors: %v", err)
		}
		return fe
	}
	fe := fields(func() error { _, err := s.RecordConsent(ctx, p.editor, id, ConsentInput{}); return err }())
	for _, k := range []string{"party", "subject", "decision", "decided_on"} {
		if fe[k] == "" {
			t.Errorf("empty consent form: no message for %s: %v", k, fe)
		}
	}
	for on, key := range map[string]string{"3 May": "consent.error.date", "2025-13-01": "consent.error.date", "2026-03-03": "consent.error.date_future", "2027": "consent.error.date_future"} {
		_, err := s.RecordConsent(ctx, p.editor, id, consentIn("family", "photo", "refused", on, ""))
		if got := fields(err)["decided_on"]; got != key {
			t.Errorf("date %q: %q, want %q", on, got, key)
		}
	}
	if _, err := s.RecordConsent(ctx, p.editor, id, consentIn("neighbour", "photo", "maybe", "2026-03-02", strings.Repeat("n", 4001))); len(fields(err)) != 3 {
		t.Errorf("unknown codes and a long note: %v", err)
	}
	fe = fields(func() error { _, err := s.RegisterTakedown(ctx, p.editor, id, TakedownInput{}); return err }())
	for _, k := range []string{"received_on", "requester", "asked"} {
		if fe[k] == "" {
			t.Errorf("empty takedown form: no message for %s: %v", k, fe)
		}
	}
	if _, err := s.RegisterTakedown(ctx, p.editor, id, TakedownInput{ReceivedOn: "2026-02-01", Requester: "x", Asked: []string{"passage"}}); fields(err)["details"] != "takedown.error.details" {
		t.Errorf("a passage without saying which: %v", err)
	}
	if _, err := s.RegisterTakedown(ctx, p.editor, id, TakedownInput{ReceivedOn: "2026-02-01", Requester: "x", Asked: []string{"everything", "the moon"}}); fields(err)["asked"] != "takedown.error.asked" {
		t.Errorf("an unknown ask: %v", err)
	}
	page, _ := s.ConsentPage(ctx, p.editor, id)
	if len(page.Records) != 0 || len(page.Takedowns) != 0 {
		t.Fatalf("refused forms wrote %d records and %d requests", len(page.Records), len(page.Takedowns))
	}

	// Stale: a photo record written after the form was opened.
	mustConsent(t, s, p.lawyer, id, consentIn("family", "photo", "refused", "2026-02-01", ""))
	if _, err := s.RecordConsent(ctx, p.editor, id, ConsentInput{Party: "family", Subject: "photo", Decision: "given", On: "2026-02-02"}); !errs.Is(err, errs.KindConflict) {
		t.Errorf("a stale consent form: %v", err)
	}
	// Another subject's record is no conflict.
	if _, err := s.RecordConsent(ctx, p.editor, id, ConsentInput{Party: "person", Subject: "name", Decision: "given", On: "2026-02-02"}); err != nil {
		t.Errorf("another subject: %v", err)
	}
	req, err := s.RegisterTakedown(ctx, p.editor, id, TakedownInput{ReceivedOn: "2026-02-01", Requester: "x", Asked: []string{"name", "everything"}})
	if err != nil {
		t.Fatal(err)
	}
	if fe := fields(func() error { _, err := s.DecideTakedown(ctx, p.editor, id, DecisionInput{Request: req}); return err }()); fe["decision"] == "" || fe["reason"] == "" {
		t.Errorf("an empty decision: %v", fe)
	}
	if _, err := s.DecideTakedown(ctx, p.editor, id, DecisionInput{Request: req, Decision: "partly", Reason: "The name stays"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DecideTakedown(ctx, p.editor2, id, DecisionInput{Request: req, Decision: "refused", Reason: "r"}); !errs.Is(err, errs.KindConflict) {
		t.Errorf("a stale decision: %v", err)
	}
	page, _ = s.ConsentPage(ctx, p.editor, id)
	if r := page.Takedowns[0]; r.State() != "partly" || len(r.Decisions) != 1 || strings.Join(r.Asked, ",") != "everything,name" {
		t.Errorf("request: %+v", r)
	}
}

// TestPhotoConsentBlocksPublication: a refused photo consent keeps a
// revision with a photo from going out, now or at its scheduled time,
// and from coming back; a new consent or the photo removed lets it go.
func TestPhotoConsentBlocksPublication(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	p := newConsentPeople(t, s)
	rules := workflow.Default()
	id := photoCase(t, s, p)
	mustConsent(t, s, p.creator, id, consentIn("family", "photo", "refused", "2026-02-20", ""))
	publisher := p.editor
	publish := func(in workflow.Input) error {
		d, _ := s.CaseDetail(ctx, id)
		_, err := s.Transition(ctx, rules, publisher, id, d.Case.WorkingRevisionID, workflow.Publish, in)
		return err
	}
	var denied *workflow.Denied
	for name, in := range map[string]workflow.Input{"publish": {}, "schedule": {PublishAt: now.Add(time.Hour)}} {
		if err := publish(in); !errors.As(err, &denied) || denied.Reason != workflow.ReasonPhotoConsent {
			t.Errorf("%s with the photo refused: %v", name, err)
		}
	}
	// Scheduled while consent was given, refused before the time came:
	// held, not published.
	mustConsent(t, s, p.lawyer, id, consentIn("family", "photo", "given", "2026-02-25", ""))
	if err := publish(workflow.Input{PublishAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	mustConsent(t, s, p.creator, id, consentIn("family", "photo", "refused", "2026-03-01", ""))
	now = now.Add(2 * time.Hour)
	if ids, err := s.PublishDue(ctx); err != nil || len(ids) != 0 {
		t.Fatalf("PublishDue: %v %v", ids, err)
	}
	d, _ := s.CaseDetail(ctx, id)
	if d.Case.State != workflow.EditorialReview || d.Case.LiveRevisionID != 0 || !d.Case.PublishAt.IsZero() || !d.Workflow().ApprovalCovers() {
		t.Errorf("held: %+v", d.Case)
	}
	if countPublic(t, s) != 0 {
		t.Error("the held case is in the public index")
	}
	entries, _ := s.Audit(ctx, id, 1)
	if a, _ := entries[0].Args(); entries[0].Action != "case.held" || a != (AuditCause{Cause: CausePhotoConsent}) {
		t.Errorf("audit: %s %s", entries[0].Action, entries[0].Data)
	}
	if ids, _ := s.PublishDue(ctx); len(ids) != 0 {
		t.Error("held twice")
	}

	// The photo removed: the edit goes back to the lawyer, then out.
	c := d.Working.Content.Clone()
	c.Photo = content.Photo{}
	if _, err := s.SaveRevision(ctx, p.editor, id, d.Case.WorkingRevisionID, c); err != nil {
		t.Fatal(err)
	}
	mustTransition(t, s, p.lawyer, id, workflow.ApproveLegal, workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}})
	publisher = p.editor2 // four eyes: not the editor who removed it
	if err := publish(workflow.Input{}); err != nil {
		t.Fatalf("publish without the photo: %v", err)
	}

	// Republish: the revision taken down carried a photo.
	id2 := photoCase(t, s, p)
	mustTransition(t, s, p.editor, id2, workflow.Publish, workflow.Input{})
	mustTransition(t, s, p.editor, id2, workflow.Unpublish, workflow.Input{Comment: "for now"})
	mustConsent(t, s, p.creator, id2, consentIn("person", "photo", "refused", "2026-03-01", ""))
	d2, _ := s.CaseDetail(ctx, id2)
	if !d2.UnpublishedPhoto {
		t.Fatal("the revision taken down has a photo")
	}
	if _, err := s.Transition(ctx, rules, p.editor2, id2, d2.Case.WorkingRevisionID, workflow.Republish, workflow.Input{Comment: "back"}); !errors.As(err, &denied) || denied.Reason != workflow.ReasonPhotoConsent {
		t.Errorf("republish with the photo refused: %v", err)
	}
	mustConsent(t, s, p.creator, id2, consentIn("person", "photo", "given", "2026-03-01", ""))
	if _, err := s.Transition(ctx, rules, p.editor2, id2, d2.Case.WorkingRevisionID, workflow.Republish, workflow.Input{Comment: "back"}); err != nil {
		t.Errorf("republish with consent: %v", err)
	}
}

// TestTakedownRemovedUnpublishes: a request decided "removed" takes a
// published case off the public site the way an unpublish does, in the
// decision's transaction; on a case with nothing public it only records.
func TestTakedownRemovedUnpublishes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	p := newConsentPeople(t, s)
	id := photoCase(t, s, p)
	mustTransition(t, s, p.editor, id, workflow.Publish, workflow.Input{})
	if countPublic(t, s) != 1 {
		t.Fatal("not public")
	}
	req, err := s.RegisterTakedown(ctx, p.creator, id, TakedownInput{ReceivedOn: "2025-05-01", Requester: "The mother REQUESTER-X", Asked: []string{"everything"}, Details: "Please take it all down DETAILS-X"})
	if err != nil {
		t.Fatal(err)
	}
	// A review link made after publication (for a correction, say)
	// ends with the takedown, as with any unpublish.
	_, token, err := s.CreateReviewLink(ctx, p.editor, id, ReviewLinkInput{
		ReviewLinkRequest: workflow.ReviewLinkRequest{Label: "defence lawyer", Scope: workflow.ScopeComment, TTL: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	gen := s.Generation()
	down, err := s.DecideTakedown(ctx, p.editor, id, DecisionInput{Request: req, Decision: "removed", Reason: "Risk to the family REASON-X"})
	if err != nil || !down {
		t.Fatalf("decide: %v %v", down, err)
	}
	if _, err := s.VisitReviewLink(ctx, token, false); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("a review link opens after the takedown: %v", err)
	}
	var why string
	if err := s.w.QueryRow(`SELECT coalesce(ended_why, '') FROM review_links WHERE case_id = ?`, id).Scan(&why); err != nil || why != workflow.LinkUnpublished {
		t.Errorf("the link ended by %q (%v)", why, err)
	}
	d, _ := s.CaseDetail(ctx, id)
	if d.Live != nil || d.Case.State != workflow.Draft || d.Case.UnpublishedBy != p.editor.ID || d.Case.UnpublishedRevisionID == 0 || s.Generation() == gen {
		t.Errorf("after the decision: %+v, generation %d → %d", d.Case, gen, s.Generation())
	}
	if countPublic(t, s) != 0 {
		t.Error("still in the public index")
	}
	if _, err := s.PublicCaseBySlug(ctx, d.Case.PublicSlug); !errs.Is(err, errs.KindGone) {
		t.Errorf("the profile: %v", err)
	}
	entries, _ := s.Audit(ctx, id, 3)
	if entries[0].Action != "takedown.decide" || entries[1].Action != "transition.unpublish" {
		t.Fatalf("audit: %s, %s", entries[0].Action, entries[1].Action)
	}
	if a, _ := entries[0].Args(); a.(AuditTakedownDecision) != (AuditTakedownDecision{Request: req, Decision: "removed", Unpublished: true}) {
		t.Errorf("decision entry: %s", entries[0].Data)
	}
	if a, _ := entries[1].Args(); a.(AuditTransition).Takedown != req || a.(AuditTransition).Reason != "" || a.(AuditTransition).From != "published" {
		t.Errorf("unpublish entry: %s", entries[1].Data)
	}
	all, _ := s.Audit(ctx, id, 100)
	for _, e := range all {
		if strings.Contains(string(e.Data), "-X") {
			t.Errorf("%s holds a private text: %s", e.Action, e.Data)
		}
	}
	if comments, _ := s.Comments(ctx, id); len(comments) != 0 {
		t.Errorf("the decision wrote in the thread: %+v", comments)
	}

	// Nothing public: recorded only.
	draft, _ := s.CreateCase(ctx, p.creator, sampleCase())
	req2, _ := s.RegisterTakedown(ctx, p.creator, draft, TakedownInput{ReceivedOn: "2025-05-01", Requester: "r", Asked: []string{"name"}})
	if down, err := s.DecideTakedown(ctx, p.editor, draft, DecisionInput{Request: req2, Decision: "removed", Reason: "r"}); err != nil || down {
		t.Errorf("a draft's takedown: %v %v", down, err)
	}
	if d, _ := s.CaseDetail(ctx, draft); d.Case.State != workflow.Draft || !d.Case.UnpublishedAt.IsZero() {
		t.Errorf("the draft: %+v", d.Case)
	}
}

// TestTakedownDecisionIsOneTransaction: when anything of the decision
// fails after the case was taken down (here its audit entry), nothing of
// it stays: the case is still published and the request still pending.
func TestTakedownDecisionIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	p := newConsentPeople(t, s)
	id := photoCase(t, s, p)
	mustTransition(t, s, p.editor, id, workflow.Publish, workflow.Input{})
	req, err := s.RegisterTakedown(ctx, p.creator, id, TakedownInput{ReceivedOn: "2025-05-01", Requester: "r", Asked: []string{"everything"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `CREATE TEMP TRIGGER fail_decision BEFORE INSERT ON audit WHEN NEW.action = 'takedown.decide'
		BEGIN SELECT RAISE(ABORT, 'the disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	gen := s.Generation()
	if _, err := s.DecideTakedown(ctx, p.editor, id, DecisionInput{Request: req, Decision: "removed", Reason: "r"}); err == nil || !strings.Contains(err.Error(), "the disk is full") {
		t.Fatalf("decide: %v", err)
	}
	d, _ := s.CaseDetail(ctx, id)
	if d.Live == nil || d.Case.State != workflow.Published || countPublic(t, s) != 1 || s.Generation() != gen {
		t.Errorf("half a decision stayed: %+v", d.Case)
	}
	page, _ := s.ConsentPage(ctx, p.editor, id)
	if page.Takedowns[0].State() != workflow.TakedownPending {
		t.Errorf("the request: %s", page.Takedowns[0].State())
	}
	if entries, _ := s.Audit(ctx, id, 1); entries[0].Action == "transition.unpublish" {
		t.Error("the unpublish entry stayed")
	}
}
