package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"casebook/content"
	"casebook/store"
	"casebook/workflow"
)

// TestBrowserResearcherUpdatesAPublishedProfile: a prisoner is moved. The
// researcher opens the published case, edits the place of detention and
// the letter address, and saves: a new draft, while the public keeps the
// live profile. With corrections allowed in the settings, an editor who
// did not write it publishes the correction without legal review, and the
// audit log names it; a change of anything else gets no such button.
func TestBrowserResearcherUpdatesAPublishedProfile(t *testing.T) {
	e := newEnv(t)
	publishFull(t, e)
	id := int64(1)
	before := e.detail(id).Live.Content
	b := browser(t)
	res := person(t, b)
	e.browserLogin(t, res, "researcher")
	must(t, res,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.CSS(`.case-links a.button`)),
		chromedp.Click(chromedp.CSS(`.case-links a.button`)),
		chromedp.WaitVisible(chromedp.ID("letter_address")),
		chromedp.SetValue(chromedp.ID("place_of_detention"), "ИК-7, Республика Коми"),
		chromedp.SetValue(chromedp.ID("letter_address"), "169000, Республика Коми, ИК-7, Полной Екатерине"),
		chromedp.SetValue(chromedp.ID("letter_address_checked_on"), "2025-03-01"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	d := e.detail(id)
	if d.Case.State != workflow.Draft || d.Live.ID == d.Working.ID || d.Working.Content.LetterAddress == before.LetterAddress {
		t.Fatalf("after the researcher's update: %s, live %d, working %d", d.Case.State, d.Live.Number, d.Working.Number)
	}
	visitor := e.client()
	if body := visitor.get("/ru/cases/" + fullSlug).body; !strings.Contains(body, "ИК-1") || strings.Contains(body, "ИК-7") {
		t.Fatal("the public profile changed before the update was published")
	}
	// Corrections are off by default: the editor sees no short path.
	ed := person(t, b)
	e.browserLogin(t, ed, "editor")
	must(t, ed, chromedp.Navigate(e.srv.URL+casePath(id)), chromedp.WaitVisible(chromedp.ID("case-state")))
	if n, _ := chromedp.Run(ed, chromedp.Evaluate[int](`document.querySelectorAll('button[value="publish_correction"]').length`)); n != 0 {
		t.Fatal("a short path while the settings do not allow it")
	}
	if r := e.login("admin").post("/studio/settings", url.Values{"four_eyes": {"on"}, "corrections": {"on"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", r.StatusCode)
	}
	// The researcher who wrote it has no button either way.
	if n := e.login("researcher").get(casePath(id)).doc(t).Find(`button[value="publish_correction"]`).Length(); n != 0 {
		t.Error("the researcher may publish their own correction")
	}
	must(t, ed,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.ID("correction-hint")),
		chromedp.Click(chromedp.CSS(`button[value="publish_correction"]`)),
		chromedp.WaitVisible(chromedp.CSS(".state-published")),
	)
	if body := visitor.get("/ru/cases/" + fullSlug).body; !strings.Contains(body, "ИК-7") {
		t.Error("the correction is not public")
	}
	entries := e.auditSince(0)
	last := entries[len(entries)-1]
	a, _ := last.Args()
	if step, _ := a.(store.AuditTransition); last.Action != "transition.publish_correction" || !slices.Contains(step.Fields, "letter_address") {
		t.Errorf("audit entry %+v %s", last, last.Data)
	}
	// A change of the headline is no correction: it goes to the lawyer.
	edit := e.login("researcher").get(casePath(id) + "/edit").doc(t)
	values, _ := formControls(edit.Find("form.case-form"))
	values.Set("headline_en", "A new headline")
	if r := e.login("researcher").post(casePath(id)+"/edit", values); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("headline edit: %d", r.StatusCode)
	}
	if n := e.login("editor").get(casePath(id)).doc(t).Find(`button[value="publish_correction"]`).Length(); n != 0 {
		t.Error("a headline change offered as a correction")
	}
	if r := e.transition(e.login("editor"), id, workflow.PublishCorrection, nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("a forged correction of the headline: %d", r.StatusCode)
	}
}

// TestBrowserUnpublishIsConfirmedShownAndReversible: an editor asks to
// take a profile down, reads what it does, confirms; the case page and
// the dashboard then say it was taken down, when, by whom and why, and
// the audit entry carries the reason. The same editor cannot put it back
// alone; another puts the same revision back as it was.
func TestBrowserUnpublishIsConfirmedShownAndReversible(t *testing.T) {
	e := newEnv(t)
	publishFull(t, e)
	id := int64(1)
	live := e.detail(id).Live
	e.extra("editor2", "editor")
	visitor := e.client()
	reason := "The family asked us to take it down until the appeal."
	b := browser(t)
	ed := person(t, b)
	e.browserLogin(t, ed, "editor")
	must(t, ed,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="unpublish"]`)),
		chromedp.SendKeys(chromedp.ID("comment"), reason),
		chromedp.Click(chromedp.CSS(`button[value="unpublish"]`)),
		chromedp.WaitReady(chromedp.CSS(`input[name="confirm"]`)),
	)
	if r := visitor.get("/en/cases/" + fullSlug); r.StatusCode != http.StatusOK {
		t.Fatalf("the profile went down before the editor confirmed: %d", r.StatusCode)
	}
	if got, _ := chromedp.Run(ed, chromedp.Value(chromedp.ID("comment"))); got != reason {
		t.Errorf("the reason was not kept on the confirmation page: %q", got)
	}
	must(t, ed,
		chromedp.Click(chromedp.CSS(`button[value="unpublish"]`)),
		chromedp.WaitVisible(chromedp.ID("taken-down")),
	)
	if r := visitor.get("/en/cases/" + fullSlug); r.StatusCode != http.StatusGone {
		t.Fatalf("after confirming: %d", r.StatusCode)
	}
	if got := text(t, ed, "#taken-down"); !strings.Contains(got, reason) || !strings.Contains(got, "Test editor") {
		t.Errorf("the case page does not say who took it down and why: %q", got)
	}
	entries := e.auditSince(0)
	if last := entries[len(entries)-1]; last.Action != "transition.unpublish" || !strings.Contains(string(last.Data), reason) {
		t.Errorf("audit entry %+v %s", last, last.Data)
	}
	must(t, ed, chromedp.Navigate(e.srv.URL+"/studio/"), chromedp.WaitVisible(chromedp.CSS(".cases")))
	if got := text(t, ed, "main"); !strings.Contains(got, "taken down") && !strings.Contains(got, "снято с публикации") {
		t.Errorf("the dashboard does not show the take-down")
	}
	// Not back by the same editor.
	d := e.login("editor").get(casePath(id)).doc(t)
	if d.Find(`button[value="republish"]`).Length() != 0 {
		t.Fatal("whoever took it down may put it back alone")
	}
	if !strings.Contains(d.Find(".withheld").Text(), "четырёх глаз") {
		t.Errorf("no explanation for the missing button: %q", d.Find(".withheld").Text())
	}
	ed2 := person(t, b)
	must(t, ed2,
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), "editor2@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`.login button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".waiting")),
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="republish"]`)),
		chromedp.SendKeys(chromedp.ID("comment"), "The appeal is over; the family agrees."),
		chromedp.Click(chromedp.CSS(`button[value="republish"]`)),
		chromedp.WaitVisible(chromedp.CSS(".state-published")),
	)
	r := visitor.get("/en/cases/" + fullSlug)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, live.Content.EN.Headline) {
		t.Fatalf("after putting it back: %d", r.StatusCode)
	}
	if after := e.detail(id); after.Case.LiveRevisionID != live.ID {
		t.Errorf("another revision went live: %d, was %d", after.Case.LiveRevisionID, live.ID)
	}
	if n := e.login("editor").get(casePath(id)).doc(t).Find("#taken-down").Length(); n != 0 {
		t.Error("the case still says it is taken down")
	}
}

// TestBrowserReviewFormMarksEveryQuestion: an approval with questions
// left open stays at the case's address and marks each open question
// beside it, all at once, linked from a summary at the top; the editor
// then reads the whole review, the deprivation of liberty and the
// sufficiency of the materials included.
func TestBrowserReviewFormMarksEveryQuestion(t *testing.T) {
	e := newEnv(t)
	id := e.caseIn(workflow.LegalReview, false)
	b := browser(t)
	law := person(t, b)
	e.browserLogin(t, law, "lawyer")
	must(t, law,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="approve_legal"]`)),
		chromedp.Click(chromedp.CSS(`button[value="approve_legal"]`)),
		chromedp.WaitVisible(chromedp.ID("review-error")),
	)
	loc, _ := chromedp.Run(law, chromedp.Location())
	if !strings.HasSuffix(loc, casePath(id)) {
		t.Errorf("after a refused approval the address is %s", loc)
	}
	for _, q := range []string{"criteria", "violence", "sufficient", "notes"} {
		if n, _ := chromedp.Run(law, chromedp.Evaluate[int](`document.querySelectorAll('#review-error a[href="#review-`+q+`"], #review-`+q+`-error').length`)); n != 2 {
			t.Errorf("question %s: %d of its summary link and its message", q, n)
		}
	}
	if n, _ := chromedp.Run(law, chromedp.Evaluate[int](`document.querySelectorAll('#review-deprived-error, #review-category-error, #review-demand-error').length`)); n != 0 {
		t.Errorf("%d messages on questions that may stay open", n)
	}
	if st := e.detail(id).Case.State; st != workflow.LegalReview {
		t.Fatalf("a refused approval moved the case to %s", st)
	}
	must(t, law,
		chromedp.Click(chromedp.CSS(`input[name="deprived"]`)),
		chromedp.Click(chromedp.CSS(`input[name="criteria"][value="a"]`)),
		chromedp.Click(chromedp.CSS(`input[name="violence"][value="no"]`)),
		chromedp.Click(chromedp.CSS(`input[name="sufficient"]`)),
		chromedp.SendKeys(chromedp.ID("review-notes"), "Article 280.3 punishes speech."),
		chromedp.Click(chromedp.CSS(`button[value="approve_legal"]`)),
		chromedp.WaitVisible(chromedp.CSS(".state-editorial_review")),
	)
	d := e.login("editor").get(casePath(id)).doc(t)
	got := d.Find(".review-summary").First().Text()
	for _, want := range []string{"лишён свободы", "Материалов достаточно", "нарушение фундаментальной гарантии", "Нет, не применял"} {
		if !strings.Contains(got, want) {
			t.Errorf("the editor's view of the review lacks %q: %q", want, got)
		}
	}
}

// TestPreviewIsThePublicPage: the studio's preview of the live revision
// is the public page, word for word, but for the banner that says it is a
// preview: one rendering path, site texts (how to help, the letter
// guidance, the disclaimer) included.
func TestPreviewIsThePublicPage(t *testing.T) {
	e := newEnv(t)
	publishFull(t, e)
	live := e.detail(1).Live
	ed, visitor := e.login("editor"), e.client()
	for _, l := range []string{"ru", "en"} {
		pub := visitor.get("/" + l + "/cases/" + fullSlug).doc(t)
		pre := ed.get(casePath(1) + "/preview?rev=" + itoa(live.Number) + "&lang=" + l).doc(t)
		if pre.Find(".preview-banner").Length() != 1 {
			t.Fatalf("%s: the preview does not say it is one", l)
		}
		pre.Find(".preview-banner").Remove()
		a, _ := pub.Find("main").Html()
		b, _ := pre.Find("main").Html()
		if a != b {
			t.Errorf("%s: the preview differs from the public page\npublic:  %.600s\npreview: %.600s", l, squash(a), squash(b))
		}
		for _, sel := range []string{".help", ".letter"} {
			if pre.Find(sel).Length() == 0 && pub.Find(sel).Length() > 0 {
				t.Errorf("%s: the preview lacks %s", l, sel)
			}
		}
	}
}

// TestTheReviewerSeesAllThatWouldGoOut: the case page a lawyer approves
// from shows every field of the working revision that the public would
// see: each text of both languages, the photo and its credit, the letter
// address and its date, the place of detention, the sources, the
// timeline and the address; the person facts, and every prosecution with
// its articles (parts and all), dates, sentence, court and group.
func TestTheReviewerSeesAllThatWouldGoOut(t *testing.T) {
	e := newEnv(t)
	id := fullDraft(t, e)
	e.addGroup(t)
	res := e.login("researcher")
	v, _ := formControls(res.get(casePath(id) + "/edit").doc(t).Find("form.case-form"))
	for k, x := range twoProsecutions() {
		if k == "gender" || k == "born_on" || k == "citizenship" || strings.HasPrefix(k, "occupation_") || strings.HasPrefix(k, "prosecutions.") ||
			k == "articles" || k == "region" || k == "detained_on" || k == "sentenced_on" {
			v[k] = x
		}
	}
	if r := res.post(casePath(id)+"/edit", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding the person facts and prosecutions: %d", r.StatusCode)
	}
	e.transition(res, id, workflow.Submit, nil)
	d := e.login("lawyer").get(casePath(id)).doc(t)
	page := squash(d.Find("main").Text())
	w := e.detail(id).Working.Content
	var want []string
	for _, l := range []content.Lang{content.RU, content.EN} {
		tx := w.Text(l)
		want = append(want, tx.Name, tx.Headline, tx.Statement, tx.Sentence, tx.Locality, tx.PhotoAlt)
	}
	want = append(want, w.Photo.Credit, w.PlaceOfDetention, w.Slug, "20 ноября 2024")
	want = append(want, strings.Split(w.LetterAddress, "\n")...)
	for _, s := range w.Sources {
		want = append(want, s.Title, s.URL)
	}
	for _, e := range w.Timeline {
		want = append(want, e.RU, e.EN)
	}
	if len(w.Prosecutions) != 2 {
		t.Fatalf("the working revision holds %d prosecutions", len(w.Prosecutions))
	}
	want = append(want, "женский", "5 марта 1972", "RU, UA", w.RU.Occupation, w.EN.Occupation)
	for _, p := range w.Prosecutions {
		want = append(want, p.Articles...)
		want = append(want, p.RU.Court, p.EN.Court, p.RU.Judge, p.EN.Judge, p.RU.Prosecutor, p.EN.Prosecutor, p.RU.Note, p.EN.Note)
	}
	want = append(want,
		// The first prosecution: its region, dates, stage and sentence.
		"Архангельская область", "апрель 2024", "май 2024", "19 сентября 2024", "приговор вынесен", "колония", "20 мес.", "общий", "январь 2026",
		// The second: its group, region, verdict, stage and fine.
		"Уфимское дело «Хизб ут-Тахрир» (2015)", "Москва", "март 2025", "суд", "штраф", "300 000 руб.")
	for i, heading := range []string{"Уголовное дело 1", "Уголовное дело 2"} {
		if got := squash(d.Find("#case-prosecution-" + itoa(i+1) + " h3").Text()); got != heading {
			t.Errorf("prosecution %d is headed %q", i+1, got)
		}
	}
	for _, v := range want {
		if v != "" && !strings.Contains(page, squash(v)) {
			t.Errorf("the case page does not show %q", v)
		}
	}
	if d.Find(`#case-extras img[src="`+w.Photo.URL+`"]`).Length() != 1 {
		t.Error("the case page does not show the photo")
	}
}
