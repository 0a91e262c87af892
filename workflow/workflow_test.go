package workflow

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"casebook/content"
)

// allowed is the design's permission table written out by hand, for an
// actor who did not submit or write the revision. Every triple not listed
// here must be refused.
var allowed = map[string]bool{
	"researcher/draft/submit": true,
	"editor/draft/submit":     true,
	"admin/draft/submit":      true,

	"editor/legal_review/withdraw": true,
	"admin/legal_review/withdraw":  true,

	"lawyer/legal_review/approve_legal": true,

	"lawyer/legal_review/request_changes":     true,
	"editor/legal_review/request_changes":     true,
	"editor/editorial_review/request_changes": true,
	"admin/legal_review/request_changes":      true,
	"admin/editorial_review/request_changes":  true,

	"editor/editorial_review/publish": true,
	"admin/editorial_review/publish":  true,

	"editor/scheduled/unschedule": true,
	"admin/scheduled/unschedule":  true,
}

func TestPermissionTable(t *testing.T) {
	const me, submitter = 1, 2
	for _, approved := range []bool{false, true} {
		for _, hasLive := range []bool{false, true} {
			for _, role := range Roles() {
				for _, state := range States() {
					for _, tr := range Transitions() {
						name := fmt.Sprintf("%s/%s/%s", role, state, tr)
						c := Case{State: state, HasLive: hasLive, SubmittedBy: submitter, WorkingAuthor: submitter, Complete: true, WorkingRevision: 5}
						if approved {
							c.ApprovedRevision = 5
						}
						want := allowed[name]
						if tr == Unpublish {
							want = hasLive && role.IsEditor()
						}
						if tr == Publish && !approved {
							// Only the revision the lawyer approved goes out.
							want = false
						}
						err := Default().Check(Actor{ID: me, Role: role}, c, tr)
						if got := err == nil; got != want {
							t.Errorf("%s live=%v approved=%v: allowed=%v, want %v (%v)", name, hasLive, approved, got, want, err)
						}
						if err == nil && tr == Unpublish {
							// Nothing is left for the scheduler to put back.
							out, err := Default().Apply(Actor{ID: me, Role: role}, c, tr, Input{Comment: "safety"}, time.Now())
							if err != nil || out.To == Scheduled || !out.ClearSchedule || !out.DropLive {
								t.Errorf("%s live=%v: unpublish outcome %+v, %v", name, hasLive, out, err)
							}
						}
						if err != nil {
							var d *Denied
							if !errors.As(err, &d) || d.Transition != tr {
								t.Errorf("%s: error %v is not a *Denied for the transition", name, err)
							}
						}
					}
				}
			}
		}
	}
}

func TestFourEyes(t *testing.T) {
	const submitter, other = 7, 8
	cases := []struct {
		name  string
		actor Actor
		c     Case
		tr    Transition
		on    bool // refused with four eyes on
	}{
		{"submitter lawyer cannot approve", Actor{submitter, Lawyer}, Case{State: LegalReview, SubmittedBy: submitter, WorkingAuthor: other}, ApproveLegal, true},
		{"other lawyer approves", Actor{10, Lawyer}, Case{State: LegalReview, SubmittedBy: submitter, WorkingAuthor: other}, ApproveLegal, false},
		{"lawyer who wrote the working revision cannot approve it", Actor{other, Lawyer}, Case{State: LegalReview, SubmittedBy: submitter, WorkingAuthor: other}, ApproveLegal, true},
		{"lawyer who wrote an earlier change of the round cannot approve", Actor{9, Lawyer}, Case{State: LegalReview, SubmittedBy: submitter, WorkingAuthor: other, Contributors: []int64{9, other}}, ApproveLegal, true},
		{"lawyer who wrote only before the last approval approves", Actor{9, Lawyer}, Case{State: LegalReview, SubmittedBy: submitter, WorkingAuthor: other, Contributors: []int64{other}}, ApproveLegal, false},
		{"editor who wrote an earlier change of the round cannot publish", Actor{9, Editor}, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview, SubmittedBy: submitter, WorkingAuthor: other, Contributors: []int64{9, other}}, Publish, true},
		{"submitter editor cannot publish", Actor{submitter, Editor}, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview, SubmittedBy: submitter, WorkingAuthor: other}, Publish, true},
		{"submitter admin cannot publish", Actor{submitter, Admin}, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview, SubmittedBy: submitter, WorkingAuthor: other}, Publish, true},
		{"author of the working revision cannot publish", Actor{other, Editor}, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview, SubmittedBy: submitter, WorkingAuthor: other}, Publish, true},
		{"another editor publishes", Actor{9, Editor}, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview, SubmittedBy: submitter, WorkingAuthor: other}, Publish, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Rules{FourEyes: true}.Check(tc.actor, tc.c, tc.tr)
			var d *Denied
			if tc.on {
				if !errors.As(err, &d) || d.Reason != ReasonFourEyes {
					t.Fatalf("four eyes on: got %v, want four-eyes refusal", err)
				}
				if w := (Rules{FourEyes: true}).Withheld(tc.actor, tc.c); len(w) != 1 || w[0].Reason != ReasonFourEyes {
					t.Errorf("Withheld = %v, want the four-eyes reason to explain the missing button", w)
				}
			} else if err != nil {
				t.Fatalf("four eyes on: got %v, want allowed", err)
			}
			if err := (Rules{FourEyes: false}).Check(tc.actor, tc.c, tc.tr); err != nil {
				t.Errorf("four eyes off: got %v, want allowed", err)
			}
		})
	}
}

func TestSubmitterMayWithdraw(t *testing.T) {
	c := Case{State: LegalReview, SubmittedBy: 3}
	if err := Default().Check(Actor{3, Researcher}, c, Withdraw); err != nil {
		t.Errorf("submitter withdraw: %v", err)
	}
	if err := Default().Check(Actor{4, Researcher}, c, Withdraw); err == nil {
		t.Errorf("another researcher may withdraw")
	}
	if err := Default().Check(Actor{0, Researcher}, Case{State: LegalReview}, Withdraw); err == nil {
		t.Errorf("an actor with no id matched an unset submitter")
	}
}

func TestSubmitNeedsCompleteLanguage(t *testing.T) {
	err := Default().Check(Actor{1, Researcher}, Case{State: Draft}, Submit)
	var d *Denied
	if !errors.As(err, &d) || d.Reason != ReasonIncomplete {
		t.Fatalf("got %v, want incomplete", err)
	}
}

func TestApplyNeeds(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	ed := Actor{1, Editor}
	law := Actor{2, Lawyer}
	review := &Review{Criteria: []string{"a"}, Violence: "no", Deprived: true, Sufficient: true, Notes: "Art. 280.3 punishes speech."}
	insufficient := &Review{Criteria: []string{"a"}, Violence: "no", Deprived: true, Notes: "The case file is not yet available."}
	cases := []struct {
		name   string
		actor  Actor
		c      Case
		tr     Transition
		in     Input
		reason Reason
		to     State
	}{
		{"request changes needs a comment", ed, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview}, RequestChanges, Input{Comment: "  "}, ReasonComment, ""},
		{"request changes", ed, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview}, RequestChanges, Input{Comment: "fix dates"}, "", Draft},
		{"unpublish needs a reason", ed, Case{State: Published, HasLive: true}, Unpublish, Input{}, ReasonComment, ""},
		{"unpublish a published case", ed, Case{State: Published, HasLive: true}, Unpublish, Input{Comment: "family asked"}, "", Draft},
		{"unpublish keeps a review in progress", ed, Case{State: LegalReview, HasLive: true}, Unpublish, Input{Comment: "safety"}, "", LegalReview},
		{"unpublish cancels a scheduled edit", ed, Case{State: Scheduled, HasLive: true, SubmittedBy: 3}, Unpublish, Input{Comment: "safety"}, "", Draft},
		{"approve needs a review", law, Case{State: LegalReview}, ApproveLegal, Input{}, ReasonReview, ""},
		{"approve needs a criterion", law, Case{State: LegalReview}, ApproveLegal, Input{Review: &Review{Violence: "no"}}, ReasonReview, ""},
		{"approve refuses an unknown criterion", law, Case{State: LegalReview}, ApproveLegal, Input{Review: &Review{Criteria: []string{"z"}, Violence: "no"}}, ReasonReview, ""},
		{"approve needs the violence assessment", law, Case{State: LegalReview}, ApproveLegal, Input{Review: &Review{Criteria: []string{"a"}, Notes: "n"}}, ReasonReview, ""},
		{"approve needs notes", law, Case{State: LegalReview}, ApproveLegal, Input{Review: &Review{Criteria: []string{"a"}, Violence: "no", Notes: "  "}}, ReasonReview, ""},
		{"approve refuses an unknown category", law, Case{State: LegalReview}, ApproveLegal, Input{Review: &Review{Criteria: []string{"a"}, Violence: "no", Notes: "n", Category: "hero"}}, ReasonReview, ""},
		{"unschedule", ed, Case{State: Scheduled}, Unschedule, Input{}, "", EditorialReview},
		{"approve", law, Case{State: LegalReview}, ApproveLegal, Input{Review: review}, "", EditorialReview},
		{"publish now", ed, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview}, Publish, Input{}, "", Published},
		{"publish later", ed, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview}, Publish, Input{PublishAt: now.Add(time.Hour)}, "", Scheduled},
		{"publish in the past", ed, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview}, Publish, Input{PublishAt: now.Add(-time.Hour)}, ReasonPast, ""},
		{"publish a revision the lawyer did not approve", ed, Case{WorkingRevision: 6, ApprovedRevision: 5, State: EditorialReview}, Publish, Input{}, ReasonNotApproved, ""},
		{"publish with no approval on record", ed, Case{WorkingRevision: 6, State: EditorialReview}, Publish, Input{}, ReasonNotApproved, ""},
		{"schedule a revision the lawyer did not approve", ed, Case{WorkingRevision: 6, ApprovedRevision: 5, State: EditorialReview}, Publish, Input{PublishAt: now.Add(time.Hour)}, ReasonNotApproved, ""},
		{"recognise on materials the lawyer finds insufficient", law, Case{State: LegalReview, Status: "political_prisoner"}, ApproveLegal, Input{Review: insufficient}, ReasonReview, ""},
		{"insufficient materials with a recognition status unset", law, Case{State: LegalReview}, ApproveLegal, Input{Review: insufficient}, ReasonReview, ""},
		{"insufficient materials and probable victim", law, Case{State: LegalReview, Status: ProbableVictim}, ApproveLegal, Input{Review: insufficient}, "", EditorialReview},
		{"sufficient materials and a recognition", law, Case{State: LegalReview, Status: "political_prisoner"}, ApproveLegal, Input{Review: review}, "", EditorialReview},
		{"a review of the second of two prosecutions", law, Case{State: LegalReview, Prosecutions: 2}, ApproveLegal, Input{Review: &Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n", Prosecution: 2}}, "", EditorialReview},
		{"a review of a prosecution the case does not have", law, Case{State: LegalReview, Prosecutions: 2}, ApproveLegal, Input{Review: &Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n", Prosecution: 3}}, ReasonReview, ""},
		{"a review of prosecution -1", law, Case{State: LegalReview, Prosecutions: 2}, ApproveLegal, Input{Review: &Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n", Prosecution: -1}}, ReasonReview, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Default().Apply(tc.actor, tc.c, tc.tr, tc.in, now)
			if tc.reason != "" {
				var d *Denied
				if !errors.As(err, &d) || d.Reason != tc.reason {
					t.Fatalf("got %v, want %s", err, tc.reason)
				}
				if tc.in.Review == insufficient && d.Detail != "review.error.sufficiency" {
					t.Errorf("detail %q, want the sufficiency message", d.Detail)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out.To != tc.to {
				t.Errorf("to %s, want %s", out.To, tc.to)
			}
		})
	}
}

func TestOutcomes(t *testing.T) {
	now := time.Now()
	out, _ := Default().Apply(Actor{1, Editor}, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview, SubmittedBy: 2}, Publish, Input{}, now)
	if !out.GoLive || out.DropLive {
		t.Errorf("publish outcome %+v", out)
	}
	out, _ = Default().Apply(Actor{1, Editor}, Case{State: Published, HasLive: true}, Unpublish, Input{Comment: "x"}, now)
	if !out.DropLive || out.GoLive {
		t.Errorf("unpublish outcome %+v", out)
	}
	out, _ = Default().Apply(Actor{1, Editor}, Case{State: Scheduled, HasLive: true, SubmittedBy: 2}, Unpublish, Input{Comment: "x"}, now)
	if out.To != Draft || !out.DropLive || !out.ClearSchedule || !out.ClearSubmitter {
		t.Errorf("unpublish of a scheduled edit: %+v", out)
	}
	out, _ = Default().Apply(Actor{1, Researcher}, Case{State: Draft, Complete: true}, Submit, Input{}, now)
	if !out.SetSubmitter {
		t.Errorf("submit outcome %+v", out)
	}
}

func TestEditing(t *testing.T) {
	for _, s := range States() {
		if got, want := CanEdit(Actor{1, Researcher}, Case{State: s}), s == Draft || s == Published; got != want {
			t.Errorf("researcher edits in %s: %v, want %v", s, got, want)
		}
		for _, r := range []Role{Lawyer, Editor, Admin} {
			if !CanEdit(Actor{1, r}, Case{State: s}) {
				t.Errorf("%s cannot edit in %s", r, s)
			}
		}
		if CanEdit(Actor{1, Role("guest")}, Case{State: s}) {
			t.Errorf("unknown role edits in %s", s)
		}
	}
	// Any change of what the public sees after the approval goes back to
	// the lawyer, a scheduled case included.
	for s, want := range map[State]State{
		Draft:           Draft,
		LegalReview:     LegalReview,
		EditorialReview: LegalReview,
		Published:       Draft,
		Scheduled:       LegalReview,
	} {
		if got := AfterEdit(s); got != want {
			t.Errorf("AfterEdit(%s) = %s, want %s", s, got, want)
		}
	}
	if CanCreate(Actor{1, Lawyer}) || !CanCreate(Actor{1, Researcher}) || !CanCreate(Actor{1, Admin}) {
		t.Errorf("CanCreate disagrees with the design")
	}
}

func TestWaiting(t *testing.T) {
	res, law, ed := Actor{1, Researcher}, Actor{2, Lawyer}, Actor{3, Editor}
	cases := []struct {
		name string
		a    Actor
		c    Case
		want bool
	}{
		{"a new draft of one's own waits for nobody", res, Case{State: Draft, CreatedBy: 1}, false},
		{"own case sent back", res, Case{State: Draft, CreatedBy: 1, LastTransition: RequestChanges}, true},
		{"own case sent back, being fixed", res, Case{State: Draft, CreatedBy: 1, LastTransition: RequestChanges, WorkingAuthor: 1}, true},
		{"someone else's case sent back", res, Case{State: Draft, CreatedBy: 9, LastTransition: RequestChanges}, false},
		{"own case just unpublished", res, Case{State: Draft, CreatedBy: 1, LastTransition: Unpublish}, false},
		{"own published case being edited", res, Case{State: Draft, CreatedBy: 1, HasLive: true, LastTransition: Publish}, false},
		{"own case withdrawn", res, Case{State: Draft, CreatedBy: 1, LastTransition: Withdraw}, false},
		{"own case resubmitted", res, Case{State: LegalReview, CreatedBy: 1, SubmittedBy: 1, LastTransition: Submit}, false},
		{"an editor's own case sent back", ed, Case{State: Draft, CreatedBy: 3, LastTransition: RequestChanges}, true},
		{"a sent-back case does not wait for the lawyer", law, Case{State: Draft, CreatedBy: 1, LastTransition: RequestChanges}, false},
		{"scheduled waits for an editor", ed, Case{State: Scheduled, SubmittedBy: 1, WorkingAuthor: 1}, true},
		{"scheduled does not wait for a lawyer", law, Case{State: Scheduled, SubmittedBy: 1}, false},
		{"scheduled does not wait for a researcher", res, Case{State: Scheduled, CreatedBy: 1, SubmittedBy: 1}, false},
		{"legal review waits for a lawyer", law, Case{State: LegalReview, SubmittedBy: 1}, true},
		{"legal review does not wait for the lawyer who submitted", law, Case{State: LegalReview, SubmittedBy: 2}, false},
		{"legal review does not wait for an editor", ed, Case{State: LegalReview, SubmittedBy: 1}, false},
		{"editorial review waits for an editor", ed, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview, SubmittedBy: 1, WorkingAuthor: 1}, true},
		{"editorial review does not wait for its author", ed, Case{WorkingRevision: 5, ApprovedRevision: 5, State: EditorialReview, SubmittedBy: 1, WorkingAuthor: 3}, false},
		{"published waits for nobody", ed, Case{State: Published, HasLive: true}, false},
	}
	for _, tc := range cases {
		if got := Default().Waiting(tc.a, tc.c); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestWaitingReadsNoContent holds Waiting to what its comment promises,
// over every combination of the fields it could read, for every kind of
// person and every setting: a case waits only in WaitingStates, and
// whether it waits does not depend on the content.
func TestWaitingReadsNoContent(t *testing.T) {
	var actors []Actor
	for _, r := range Roles() {
		actors = append(actors, Actor{1, r}, Actor{3, r})
	}
	var rules []Rules
	for _, fe := range []bool{true, false} {
		for _, corr := range []bool{true, false} {
			rules = append(rules, Rules{FourEyes: fe, Corrections: corr})
		}
	}
	ids := []int64{0, 1, 3}
	type revs struct{ working, approved int64 }
	checked, waited := 0, 0
	for _, st := range States() {
		for _, created := range ids {
			for _, submitted := range ids {
				for _, author := range ids {
					for _, contributors := range [][]int64{nil, {2}, {1, 3}} {
						for _, last := range []Transition{"", Submit, RequestChanges, Publish, Unpublish} {
							for _, rv := range []revs{{5, 5}, {5, 0}, {6, 5}} {
								for _, live := range []bool{false, true} {
									c := Case{State: st, HasLive: live, CreatedBy: created, SubmittedBy: submitted, WorkingAuthor: author,
										Contributors: contributors, LastTransition: last, WorkingRevision: rv.working, ApprovedRevision: rv.approved}
									for _, r := range rules {
										for _, a := range actors {
											want := r.Waiting(a, c)
											checked++
											if want {
												waited++
											}
											if want && !slices.Contains(WaitingStates(), st) {
												t.Fatalf("%+v waits for %+v in %s, not one of WaitingStates", c, a, st)
											}
											for _, content := range []Case{
												{Complete: true}, {Status: ProbableVictim}, {Status: "political_prisoner", Complete: true, CorrectionOnly: true},
											} {
												other := c
												other.Complete, other.Status, other.CorrectionOnly = content.Complete, content.Status, content.CorrectionOnly
												if r.Waiting(a, other) != want {
													t.Fatalf("whether %+v waits for %+v depends on the content: %+v", c, a, content)
												}
											}
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
	if waited == 0 || waited == checked {
		t.Fatalf("%d of %d cases wait: the combinations test nothing", waited, checked)
	}
}

// TestPublicChangedByEveryField changes every field of a case, one at a
// time, found by walking the type: a field added to the case later is a
// public change without anyone remembering to list it.
func TestPublicChangedByEveryField(t *testing.T) {
	base := &content.Case{
		Slug: "a", Status: "probable_victim", RecognizedOn: "2024", Region: "moscow", Articles: []string{"280.3"}, Categories: []string{"anti-war"},
		DetainedOn: "2024-05", SentencedOn: "2024-09", Custody: "serving_sentence", PlaceOfDetention: "IK-1", LetterAddress: "Street 1",
		LetterAddressCheckedOn: "2024-11", Photo: content.Photo{URL: "/media/" + strings.Repeat("a", 64) + ".jpg", Credit: "Family"},
		Sources:  []content.Source{{Title: "T", URL: "https://example.org/"}},
		RU:       content.Text{Name: "Имя", Headline: "Лид", Statement: "С", Body: "Т", Sentence: "2 года", Locality: "Город", PhotoAlt: "Фото"},
		EN:       content.Text{Name: "Name", Headline: "Lede", Statement: "S", Body: "B", Sentence: "2 years", Locality: "Town", PhotoAlt: "Photo"},
		Timeline: []content.TimelineEntry{{Date: "2024-05", RU: "Арест", EN: "Arrest"}},
		Gender:   "male", BornOn: "1972-03-04", Citizenship: []string{"RU"},
		Prosecutions: []content.Prosecution{{
			Group: "g", Articles: []string{"280.3 ч.1"}, Region: "moscow", OpenedOn: "2024-04", DetainedOn: "2024-05", VerdictOn: "2024-09", Stage: "sentenced",
			Sentence: content.Sentence{Kind: "colony", Months: 20, Regime: "general", FineRub: 1, ReleaseExpectedOn: "2026", ReleasedOn: "2025", ReleasedHow: "parole"},
			RU:       content.ProsecutionText{Court: "Суд", Judge: "Судья", Prosecutor: "Прокурор", Note: "Н"},
			EN:       content.ProsecutionText{Court: "Court", Judge: "Judge", Prosecutor: "Prosecutor", Note: "N"},
		}},
	}
	base.RU.Occupation, base.EN.Occupation = "блогер", "blogger"
	if PublicChanged(base, base.Clone()) {
		t.Fatal("a copy is a change")
	}
	// A case in the shape before prosecutions: its top-level fields are
	// its one prosecution.
	old := &content.Case{Region: "moscow", Articles: []string{"280.3"}, DetainedOn: "2024-05", SentencedOn: "2024-09"}
	for _, change := range []func(c *content.Case){
		func(c *content.Case) { c.Region = "tver-oblast" },
		func(c *content.Case) { c.Articles = []string{"207.3"} },
		func(c *content.Case) { c.DetainedOn = "2024-06" },
		func(c *content.Case) { c.SentencedOn = "2024-10" },
	} {
		c := old.Clone()
		change(c)
		if !PublicChanged(old, c) {
			t.Errorf("a change of a case without prosecutions is not a public change: %+v", c)
		}
	}
	withEmptyRows := base.Clone()
	withEmptyRows.Sources = append(withEmptyRows.Sources, content.Source{})
	withEmptyRows.Timeline = append(withEmptyRows.Timeline, content.TimelineEntry{Date: " "})
	if PublicChanged(base, withEmptyRows) {
		t.Error("rows left empty in a form are a change")
	}
	// leaves lists the string fields of v, each with its path, settable
	// in place; Date and the other string types count as strings.
	var leaves func(path string, v reflect.Value, out *[]string, set *[]reflect.Value)
	leaves = func(path string, v reflect.Value, out *[]string, set *[]reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				leaves(path+"."+v.Type().Field(i).Name, v.Field(i), out, set)
			}
		case reflect.Slice:
			if v.Len() == 0 {
				t.Fatalf("%s: give the base case a row, so that its fields are walked", path)
			}
			for i := range v.Len() {
				leaves(fmt.Sprintf("%s[%d]", path, i), v.Index(i), out, set)
			}
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int64:
			*out = append(*out, path)
			*set = append(*set, v)
		default:
			t.Errorf("%s: a field of kind %s is not covered by this test yet", path, v.Kind())
		}
	}
	var paths []string
	var unused []reflect.Value
	leaves("Case", reflect.ValueOf(base).Elem(), &paths, &unused)
	// The top-level articles, region and dates of a case with
	// prosecutions are derived from them; their change is walked there.
	derived := []string{"Case.Region", "Case.Articles[0]", "Case.DetainedOn", "Case.SentencedOn"}
	for i, path := range paths {
		if slices.Contains(derived, path) {
			continue
		}
		c := base.Clone()
		var p []string
		var fields []reflect.Value
		leaves("Case", reflect.ValueOf(c).Elem(), &p, &fields)
		switch f := fields[i]; f.Kind() {
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Int, reflect.Int64:
			f.SetInt(f.Int() + 1)
		default:
			f.SetString(f.String() + "x")
		}
		if !PublicChanged(base, c) {
			t.Errorf("a change of %s is not a public change", path)
		}
	}
	if len(paths) < 30 {
		t.Errorf("only %d fields walked", len(paths))
	}
}

// TestPublishCorrection: the short path exists only when the settings
// allow it, for a draft of a live case that changes nothing but the
// correction fields, for editors who did not write it.
func TestPublishCorrection(t *testing.T) {
	live := &content.Case{Status: "political_prisoner", PlaceOfDetention: "IK-1", LetterAddress: "Street 1", LetterAddressCheckedOn: "2024-01", EN: content.Text{Name: "N", Headline: "H", Body: "B"}}
	moved := live.Clone()
	moved.PlaceOfDetention, moved.LetterAddress, moved.LetterAddressCheckedOn = "IK-7", "Street 7", "2025-03"
	rewritten := moved.Clone()
	rewritten.EN.Headline = "Another headline"
	if !CorrectionOnly(live, moved) || CorrectionOnly(live, rewritten) || CorrectionOnly(live, live.Clone()) {
		t.Fatal("CorrectionOnly disagrees with the correction fields")
	}
	on := Rules{FourEyes: true, Corrections: true}
	draft := Case{State: Draft, HasLive: true, CorrectionOnly: true, WorkingAuthor: 1, Contributors: []int64{1}}
	for _, tc := range []struct {
		name  string
		rules Rules
		a     Actor
		c     Case
		want  Reason
	}{
		{"an editor publishes a correction", on, Actor{2, Editor}, draft, ""},
		{"an admin publishes a correction", on, Actor{2, Admin}, draft, ""},
		{"not while the settings do not allow it", Rules{FourEyes: true}, Actor{2, Editor}, draft, ReasonState},
		{"not a correction", on, Actor{2, Editor}, Case{State: Draft, HasLive: true, WorkingAuthor: 1}, ReasonState},
		{"not without a live revision", on, Actor{2, Editor}, Case{State: Draft, CorrectionOnly: true, WorkingAuthor: 1}, ReasonState},
		{"not in review", on, Actor{2, Editor}, Case{State: LegalReview, HasLive: true, CorrectionOnly: true, WorkingAuthor: 1}, ReasonState},
		{"not by a researcher", on, Actor{2, Researcher}, draft, ReasonRole},
		{"not by a lawyer", on, Actor{2, Lawyer}, draft, ReasonRole},
		{"not by whoever wrote it", on, Actor{1, Editor}, draft, ReasonFourEyes},
		{"by whoever wrote it when four eyes are off", Rules{Corrections: true}, Actor{1, Editor}, draft, ""},
	} {
		err := tc.rules.Check(tc.a, tc.c, PublishCorrection)
		var d *Denied
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.As(err, &d) || d.Reason != tc.want):
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	out, err := on.Apply(Actor{2, Editor}, draft, PublishCorrection, Input{}, time.Now())
	if err != nil || out.To != Published || !out.GoLive {
		t.Errorf("outcome %+v, %v", out, err)
	}
}

func TestOrderOfCodesIsNoChange(t *testing.T) {
	a := &content.Case{Articles: []string{"280.3", "207.3"}, Categories: []string{"b", "a"}}
	b := &content.Case{Articles: []string{"207.3", "280.3"}, Categories: []string{"a", "b"}}
	if PublicChanged(a, b) {
		t.Error("the order of articles or categories is a change")
	}
	if !PublicChanged(a, &content.Case{Articles: []string{"207.3"}, Categories: []string{"a", "b"}}) {
		t.Error("an article less is no change")
	}
}

// TestRepublish: the revision an unpublish took off can be put back, by
// an editor other than the one who took it off, with a reason.
func TestRepublish(t *testing.T) {
	down := Case{State: Draft, WorkingRevision: 7, UnpublishedRevision: 7, UnpublishedBy: 1}
	edited := Case{State: Draft, WorkingRevision: 8, UnpublishedRevision: 7, UnpublishedBy: 1}
	for _, tc := range []struct {
		name string
		a    Actor
		c    Case
		want Reason
	}{
		{"another editor puts it back", Actor{2, Editor}, down, ""},
		{"an admin puts it back", Actor{2, Admin}, down, ""},
		{"not whoever took it down", Actor{1, Editor}, down, ReasonTookItDown},
		{"not a researcher", Actor{2, Researcher}, down, ReasonRole},
		{"not a lawyer", Actor{2, Lawyer}, down, ReasonRole},
		{"not while something is live", Actor{2, Editor}, Case{State: Published, HasLive: true, WorkingRevision: 7, UnpublishedRevision: 7}, ReasonState},
		{"not when nothing was taken down", Actor{2, Editor}, Case{State: Draft, WorkingRevision: 7}, ReasonState},
		{"after an edit too", Actor{2, Editor}, edited, ""},
	} {
		err := Default().Check(tc.a, tc.c, Republish)
		var d *Denied
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.As(err, &d) || d.Reason != tc.want):
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	if err := (Rules{}).Check(Actor{1, Editor}, down, Republish); err != nil {
		t.Errorf("four eyes off: %v", err)
	}
	if _, err := Default().Apply(Actor{2, Editor}, down, Republish, Input{}, time.Now()); err == nil {
		t.Errorf("republish without a reason: %v", err)
	}
	out, err := Default().Apply(Actor{2, Editor}, down, Republish, Input{Comment: "the family agrees"}, time.Now())
	if err != nil || out.To != Published || !out.Restore {
		t.Errorf("republish unchanged: %+v %v", out, err)
	}
	out, err = Default().Apply(Actor{2, Editor}, edited, Republish, Input{Comment: "the family agrees"}, time.Now())
	if err != nil || out.To != Draft || !out.Restore {
		t.Errorf("republish with a newer draft: %+v %v", out, err)
	}
}
