package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"casebook/workflow"
)

// formControls reads a form as a browser would send it unchanged: every
// named control with its value (checked boxes only, the selected option,
// no files, no buttons), and the names in the order they appear.
func formControls(form *goquery.Selection) (url.Values, []string) {
	v := url.Values{}
	var names []string
	add := func(name string) {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	form.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			add(name)
			v.Add(name, s.Text())
		case "select":
			add(name)
			opt := s.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			v.Add(name, opt.AttrOr("value", opt.Text()))
		default:
			switch s.AttrOr("type", "text") {
			case "file", "submit", "button", "reset", "image":
				return
			case "checkbox", "radio":
				add(name)
				if _, on := s.Attr("checked"); on {
					v.Add(name, s.AttrOr("value", "on"))
				}
			default:
				add(name)
				v.Add(name, s.AttrOr("value", ""))
			}
		}
	})
	return v, names
}

// changed returns form with the control name given another value a person
// could choose: other words, another valid date or address, another
// option, one more or one fewer box ticked. Only the control's first
// occurrence changes in a repeated row.
func changed(t *testing.T, form *goquery.Selection, v url.Values, name string) url.Values {
	t.Helper()
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	ctl := form.Find(`[name="` + name + `"]`)
	first := func(s string) {
		if len(out[name]) == 0 {
			out[name] = []string{s}
			return
		}
		out[name][0] = s
	}
	switch {
	case goquery.NodeName(ctl) == "select":
		cur := v.Get(name)
		ctl.Find("option").EachWithBreak(func(_ int, o *goquery.Selection) bool {
			if val := o.AttrOr("value", ""); val != "" && val != cur {
				out.Set(name, val)
				return false
			}
			return true
		})
	case ctl.AttrOr("type", "") == "checkbox":
		if len(v[name]) > 0 && name != "articles" && name != "categories" {
			delete(out, name)
			break
		}
		ctl.EachWithBreak(func(_ int, c *goquery.Selection) bool {
			if val := c.AttrOr("value", "on"); !slices.Contains(v[name], val) {
				out[name] = append(out[name], val)
				return false
			}
			return true
		})
	case name == "slug":
		first("a-new-address")
	case name == "citizenship":
		first(v.Get(name) + ", UA")
	case strings.HasSuffix(name, "articles"):
		first(v.Get(name) + ", 212.1 ч.1")
	case strings.HasSuffix(name, ".months"), strings.HasSuffix(name, ".fine_rub"):
		first(v.Get(name) + "7")
	case strings.HasSuffix(name, "_on") || name == "timeline_date":
		first("2021-03-04")
	case strings.HasSuffix(name, "_url") || name == "source_url":
		first("https://example.org/another")
	default:
		first(v.Get(name) + " (edited)")
	}
	return out
}

// TestEveryPublicFieldEditedAfterApprovalGoesBackToTheLawyer goes through
// every control of the case form, as an editor after the lawyer's
// approval: each change of what the public would see sends the case back
// to legal review, takes the approval away and shows the lawyer what
// changed since; the lawyer approves again before the next one.
func TestEveryPublicFieldEditedAfterApprovalGoesBackToTheLawyer(t *testing.T) {
	e := newEnv(t)
	id := fullDraft(t, e)
	res, law, ed := e.login("researcher"), e.login("lawyer"), e.login("editor")
	if r := e.transition(res, id, workflow.Submit, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.StatusCode)
	}
	approve := func(what string) {
		t.Helper()
		if r := e.transition(law, id, workflow.ApproveLegal, approval()); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve after %s: %d\n%s", what, r.StatusCode, r.doc(t).Find("#review-error, #action-error").Text())
		}
	}
	approve("submit")
	// Controls that carry no content: the revision the form is based on
	// and the photo's stored address (the photo itself changes by upload,
	// below).
	notContent := []string{"revision", "photo_url"}
	page := ed.get(casePath(id) + "/edit").doc(t)
	_, names := formControls(page.Find("form.case-form"))
	if len(names) < 30 {
		t.Fatalf("only %d controls in the form: %v", len(names), names)
	}
	for _, name := range names {
		if slices.Contains(notContent, name) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			d := ed.get(casePath(id) + "/edit").doc(t)
			form := d.Find("form.case-form")
			v, _ := formControls(form)
			before := e.detail(id)
			if before.Case.State != workflow.EditorialReview {
				t.Fatalf("case in %s before the edit", before.Case.State)
			}
			r := ed.post(casePath(id)+"/edit", changed(t, form, v, name))
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("edit of %s: %d %s", name, r.StatusCode, r.doc(t).Find(".field-error, [role=alert]").Text())
			}
			after := e.detail(id)
			if after.Working.ID == before.Working.ID {
				t.Fatalf("an edit of %s wrote no revision", name)
			}
			if after.Case.State != workflow.LegalReview || after.Case.LegalApprovedBy != 0 || after.Case.ApprovedRevisionID != 0 {
				t.Fatalf("after an edit of %s: %s, approved by %d (revision %d)", name, after.Case.State, after.Case.LegalApprovedBy, after.Case.ApprovedRevisionID)
			}
			if d := law.get(casePath(id)).doc(t); d.Find("#since-approval dl.diff dt").Length() == 0 {
				t.Errorf("the lawyer is not shown what changed since the approval of %s", name)
			}
			approve(name)
		})
	}
	// A new photo.
	form, _ := formControls(ed.get(casePath(id) + "/edit").doc(t).Find("form.case-form"))
	r := ed.postMultipart(casePath(id)+"/edit", form, "new.jpg", jpegWithSecrets(t, 300, 400))
	if r.StatusCode != http.StatusSeeOther || e.detail(id).Case.State != workflow.LegalReview {
		t.Fatalf("a new photo: %d, case in %s", r.StatusCode, e.detail(id).Case.State)
	}
	approve("the photo")
	// Saving the form unchanged is no change: no revision, still approved.
	before := e.detail(id)
	form, _ = formControls(ed.get(casePath(id) + "/edit").doc(t).Find("form.case-form"))
	if r := ed.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d", r.StatusCode)
	}
	if after := e.detail(id); after.Working.ID != before.Working.ID || after.Case.State != workflow.EditorialReview {
		t.Errorf("an unchanged save: revision %d → %d, %s", before.Working.Number, after.Working.Number, after.Case.State)
	}
	// And what was approved last goes out, published by someone who did
	// not write it.
	if r := e.transition(e.login("admin"), id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.StatusCode)
	}
}

// TestTheLawyersFindingHolds is the review's reproduction: a researcher
// submits a probable victim, the lawyer approves with the materials found
// insufficient, an administrator changes only the status to political
// prisoner, and an editor tries to publish. The change goes back to the
// lawyer, who sees it, and who cannot approve a recognition while saying
// the materials do not suffice.
func TestTheLawyersFindingHolds(t *testing.T) {
	e := newEnv(t)
	res, law, adm, ed := e.login("researcher"), e.login("lawyer"), e.login("admin"), e.login("editor")
	form := caseForm()
	form.Set("status", "probable_victim")
	id := e.createCase(res, form)
	e.transition(res, id, workflow.Submit, nil)
	insufficient := approval()
	insufficient.Del("sufficient")
	if r := e.transition(law, id, workflow.ApproveLegal, insufficient); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve a probable victim: %d", r.StatusCode)
	}
	form.Set("status", "political_prisoner")
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	if r := adm.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin edit: %d", r.StatusCode)
	}
	if st := e.detail(id).Case.State; st != workflow.LegalReview {
		t.Fatalf("after the status change the case is in %s", st)
	}
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("publish after the change: %d", r.StatusCode)
	}
	if e.detail(id).Case.LiveRevisionID != 0 {
		t.Fatal("published against the lawyer's finding")
	}
	d := law.get(casePath(id)).doc(t)
	if got := d.Find("#since-approval").Text(); !strings.Contains(got, "Статус") && !strings.Contains(got, "Status") {
		t.Errorf("the lawyer is not shown the status change: %q", got)
	}
	// Approving a recognition while finding the materials insufficient
	// is refused beside the question, with the notes kept.
	before := e.detail(id)
	r := e.transition(law, id, workflow.ApproveLegal, insufficient)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("insufficient approval of a recognition: %d", r.StatusCode)
	}
	rd := r.doc(t)
	if !strings.Contains(rd.Find("#review-error").Text(), "вероятная жертва") || rd.Find("#review-notes").Text() != insufficient.Get("notes") {
		t.Errorf("refusal: %q, notes %q", rd.Find("#review-error").Text(), rd.Find("#review-notes").Text())
	}
	if after := e.detail(id); after.Case != before.Case {
		t.Errorf("the refused approval changed the case")
	}
	// The lawyer finds the materials sufficient after all: recognised.
	if r := e.transition(law, id, workflow.ApproveLegal, approval()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.StatusCode)
	}
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.StatusCode)
	}
	// The history shows each approval beside the revision it approved.
	h := ed.get(casePath(id) + "/history").doc(t)
	n := e.detail(id).Working.Number
	if got := h.Find("#rev-" + itoa(n) + " td.reviews").Text(); !strings.Contains(got, "Test lawyer") {
		t.Errorf("history row of revision %d lacks the review: %q", n, got)
	}
	if got := h.Find("#rev-1 td.reviews").Text(); !strings.Contains(got, "Test lawyer") {
		t.Errorf("history row of revision 1 lacks the first review: %q", got)
	}
}

// loginAs signs in as an account made with e.extra.
func (e *env) loginAs(name string) *client {
	e.t.Helper()
	c := e.client()
	if r := c.post("/login", url.Values{"email": {name + "@example.org"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login as %s: %d", name, r.StatusCode)
	}
	return c
}

// TestFourEyesIsWhatTheSettingsSay: the rule the settings page states is
// the rule the studio keeps. Whoever wrote any change since the last
// approval can neither approve nor publish; a change before it does not
// count; the page explains a missing button in the same words.
func TestFourEyesIsWhatTheSettingsSay(t *testing.T) {
	e := newEnv(t)
	e.extra("lawyer2", "lawyer")
	e.extra("editor2", "editor")
	res, law, law2, ed, ed2 := e.login("researcher"), e.login("lawyer"), e.loginAs("lawyer2"), e.login("editor"), e.loginAs("editor2")
	rule := e.login("admin").get("/studio/settings").doc(t).Find("#four-eyes-rule").Text()
	if !strings.Contains(rule, "любое изменение после последнего юридического одобрения") {
		t.Fatalf("the settings state another rule: %q", rule)
	}
	edit := func(c *client, id int64, headline string) {
		t.Helper()
		form := caseForm()
		form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
		form.Set("headline_en", headline)
		if r := c.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.StatusCode)
		}
	}
	// An editor writes in the draft, the researcher writes after and
	// submits: the editor wrote a change of this round.
	id := e.createCase(res, caseForm())
	edit(ed, id, "The editor's headline")
	edit(res, id, "The researcher's headline")
	e.transition(res, id, workflow.Submit, nil)
	// A lawyer edits in legal review: that lawyer cannot approve.
	edit(law, id, "The lawyer's headline")
	d := law.get(casePath(id)).doc(t)
	if d.Find(`button[value="approve_legal"]`).Length() != 0 {
		t.Error("a lawyer who wrote a change is offered approval")
	}
	if !strings.Contains(d.Find(".withheld").Text(), "четырёх глаз") {
		t.Errorf("no four-eyes explanation for the lawyer: %q", d.Find(".withheld").Text())
	}
	if r := e.transition(law, id, workflow.ApproveLegal, approval()); r.StatusCode != http.StatusForbidden {
		t.Fatalf("the lawyer who wrote a change approves: %d", r.StatusCode)
	}
	if r := e.transition(law2, id, workflow.ApproveLegal, approval()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("another lawyer approves: %d", r.StatusCode)
	}
	// The editor who wrote in the draft cannot publish; another can.
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("the editor who wrote a change publishes: %d", r.StatusCode)
	}
	if r := e.transition(ed2, id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("another editor publishes: %d", r.StatusCode)
	}
	// A new round: what the first lawyer and editor wrote before the last
	// approval no longer counts.
	edit(res, id, "An update by the researcher")
	e.transition(res, id, workflow.Submit, nil)
	if r := e.transition(law, id, workflow.ApproveLegal, approval()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the first lawyer in the next round: %d", r.StatusCode)
	}
	if r := e.transition(ed, id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the first editor in the next round: %d", r.StatusCode)
	}
	// The dashboard's "waiting for you" follows the same rule.
	id2 := e.createCase(res, caseForm())
	edit(ed, id2, "The editor's headline")
	e.transition(res, id2, workflow.Submit, nil)
	e.transition(law, id2, workflow.ApproveLegal, approval())
	waiting := `.waiting a[href="` + casePath(id2) + `"]`
	if ed.get("/studio/").doc(t).Find(waiting).Length() != 0 {
		t.Error("a case the editor cannot publish waits for them")
	}
	if ed2.get("/studio/").doc(t).Find(waiting).Length() != 1 {
		t.Error("the case does not wait for the other editor")
	}
}
