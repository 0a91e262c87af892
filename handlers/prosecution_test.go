package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"casebook/content"
	"casebook/store"
	"casebook/workflow"
)

const testGroup = "ufa-hizb-ut-tahrir-2015"

// addGroup adds the test's case group to the reference list.
func (e *env) addGroup(t *testing.T) {
	t.Helper()
	if err := e.st.AddRef(context.Background(), e.users["editor"], store.RefGroups, store.RefInput{Code: testGroup,
		NameRU: "Уфимское дело «Хизб ут-Тахрир» (2015)", NameEN: "The Ufa Hizb ut-Tahrir case (2015)"}); err != nil {
		t.Fatal(err)
	}
}

// twoProsecutions is a case form as the form sends it with person facts
// and two prosecutions filled in: the first under the names the form had
// before prosecutions, the second numbered.
func twoProsecutions() url.Values {
	f := caseForm()
	for k, v := range map[string]string{
		"gender": "female", "born_on": "1972-03-05", "citizenship": "ru ua",
		"occupation_ru": "блогер", "occupation_en": "blogger",
		"articles": "280.3 ч.1, 207.3", "region": "arkhangelsk-oblast", "detained_on": "2024-05", "sentenced_on": "2024-09-19",
		"prosecutions.0.opened_on": "2024-04", "prosecutions.0.stage": "sentenced",
		"prosecutions.0.sentence.kind": "colony", "prosecutions.0.sentence.months": "20", "prosecutions.0.sentence.regime": "general",
		"prosecutions.0.sentence.release_expected_on": "2026-01", "prosecutions.0.court_en": "Arkhangelsk Regional Court",
		"prosecutions.0.note_ru": "Запрет администрировать сайты на 2 года.",
		"prosecutions.1.group":   testGroup, "prosecutions.1.articles": "282.2 ч.2", "prosecutions.1.region": "moscow",
		"prosecutions.1.verdict_on": "2025-03", "prosecutions.1.stage": "trial",
		"prosecutions.1.sentence.kind": "fine", "prosecutions.1.sentence.fine_rub": "300 000",
		"prosecutions.1.judge_ru": "Иванова И. И.",
	} {
		f.Set(k, v)
	}
	return f
}

// TestCaseFormSavesPersonFactsAndProsecutions: the form's person facts and
// two prosecutions are saved as the case JSON holds them, parts of
// articles and the group intact, the top-level fields derived; the edit
// form shows each value back in its input, and saving it unchanged
// writes no revision.
func TestCaseFormSavesPersonFactsAndProsecutions(t *testing.T) {
	e := newEnv(t)
	e.addGroup(t)
	res := e.login("researcher")
	id := e.createCase(res, twoProsecutions())
	c := e.detail(id).Working.Content
	if c.Gender != "female" || c.BornOn != "1972-03-05" || !slices.Equal(c.Citizenship, []string{"RU", "UA"}) ||
		c.RU.Occupation != "блогер" || c.EN.Occupation != "blogger" || c.BirthdayPublic {
		t.Errorf("person facts: %q %q %v %q %q %v", c.Gender, c.BornOn, c.Citizenship, c.RU.Occupation, c.EN.Occupation, c.BirthdayPublic)
	}
	if len(c.Prosecutions) != 2 {
		t.Fatalf("%d prosecutions saved: %+v", len(c.Prosecutions), c.Prosecutions)
	}
	first := content.Prosecution{Articles: []string{"280.3 ч.1", "207.3"}, Region: "arkhangelsk-oblast", OpenedOn: "2024-04",
		DetainedOn: "2024-05", VerdictOn: "2024-09-19", Stage: "sentenced",
		Sentence: content.Sentence{Kind: "colony", Months: 20, Regime: "general", ReleaseExpectedOn: "2026-01"},
		RU:       content.ProsecutionText{Note: "Запрет администрировать сайты на 2 года."}, EN: content.ProsecutionText{Court: "Arkhangelsk Regional Court"}}
	second := content.Prosecution{Group: testGroup, Articles: []string{"282.2 ч.2"}, Region: "moscow", VerdictOn: "2025-03", Stage: "trial",
		Sentence: content.Sentence{Kind: "fine", FineRub: 300000}, RU: content.ProsecutionText{Judge: "Иванова И. И."}}
	for i, want := range []content.Prosecution{first, second} {
		got := c.Prosecutions[i]
		if got.Group != want.Group || !slices.Equal(got.Articles, want.Articles) || got.Region != want.Region || got.OpenedOn != want.OpenedOn ||
			got.DetainedOn != want.DetainedOn || got.VerdictOn != want.VerdictOn || got.Stage != want.Stage || got.Sentence != want.Sentence ||
			got.RU != want.RU || got.EN != want.EN {
			t.Errorf("prosecution %d:\n got %+v\nwant %+v", i+1, got, want)
		}
	}
	if !slices.Equal(c.Articles, []string{"280.3 ч.1", "207.3", "282.2 ч.2"}) || c.Region != "moscow" || c.DetainedOn != "2024-05" || c.SentencedOn != "2025-03" {
		t.Errorf("derived top-level fields: %v %q %q %q", c.Articles, c.Region, c.DetainedOn, c.SentencedOn)
	}

	d := res.get(casePath(id) + "/edit").doc(t)
	form := d.Find("form.case-form")
	value := func(name string) string {
		s := form.Find(`[name="` + name + `"]`)
		if goquery.NodeName(s) == "select" {
			return s.Find("option[selected]").AttrOr("value", "")
		}
		return s.AttrOr("value", s.Text())
	}
	for name, want := range map[string]string{
		"gender": "female", "born_on": "1972-03-05", "citizenship": "RU, UA", "occupation_en": "blogger",
		"articles": "280.3 ч.1, 207.3", "sentenced_on": "2024-09-19", "prosecutions.0.sentence.months": "20",
		"prosecutions.0.stage": "sentenced", "prosecutions.0.note_ru": "Запрет администрировать сайты на 2 года.",
		"prosecutions.1.group": testGroup, "prosecutions.1.articles": "282.2 ч.2", "prosecutions.1.region": "moscow",
		"prosecutions.1.sentence.fine_rub": "300000", "prosecutions.1.sentence.months": "", "prosecutions.1.judge_ru": "Иванова И. И.",
	} {
		if got := value(name); got != want {
			t.Errorf("the form shows %s as %q, want %q", name, got, want)
		}
	}
	if n := form.Find("fieldset.prosecution").Length(); n != 2 {
		t.Errorf("%d prosecutions in the form, want 2", n)
	}
	// Each input is labelled; each prosecution can be removed.
	form.Find(`fieldset.prosecution input[type="text"], fieldset.prosecution select, fieldset.prosecution textarea`).Each(func(_ int, s *goquery.Selection) {
		if id := s.AttrOr("id", ""); id == "" || form.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Errorf("input %s has no label", s.AttrOr("name", "?"))
		}
	})
	if n := form.Find(`button[name="prosecution_remove"]`).Length(); n != 2 {
		t.Errorf("%d remove buttons, want 2", n)
	}
	before := e.detail(id).Working.ID
	v, _ := formControls(form)
	if r := res.post(casePath(id)+"/edit", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d %s", r.StatusCode, r.doc(t).Find(".field-error").Text())
	}
	if after := e.detail(id).Working.ID; after != before {
		t.Errorf("saving the form unchanged wrote revision %d", after)
	}
}

// TestEmptyFurtherProsecutionsSaveAsToday: a form that sends a second
// prosecution's inputs all empty, as the form does after Add, saves the
// case as a form without them: one prosecution, the same content.
func TestEmptyFurtherProsecutionsSaveAsToday(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	plain := e.detail(e.createCase(res, caseForm())).Working.Content
	f := caseForm()
	for _, field := range content.ProsecutionFields() {
		f.Set(content.ProsecutionKey(1, field), "")
		if k := content.ProsecutionKey(0, field); !f.Has(k) {
			f.Set(k, "")
		}
	}
	f.Set("gender", "")
	withEmpty := e.detail(e.createCase(res, f)).Working.Content
	if len(plain.Prosecutions) != 1 || plain.Prosecutions[0].DetainedOn != "2024-05" {
		t.Fatalf("the plain form's prosecutions: %+v", plain.Prosecutions)
	}
	withEmpty.Slug = plain.Slug
	if !withEmpty.Equal(plain) {
		t.Errorf("a form with an empty second prosecution saved\n%+v\nwant\n%+v", withEmpty.Prosecutions, plain.Prosecutions)
	}
}

// TestAddAndRemoveAProsecutionWithoutScript: the buttons send the form,
// which comes back (200) with one prosecution more or fewer and every
// typed text, nothing saved, the text kept as the unsaved copy; an empty
// prosecution added stays for the next press.
func TestAddAndRemoveAProsecutionWithoutScript(t *testing.T) {
	e := newEnv(t)
	e.addGroup(t)
	ctx := context.Background()
	res := e.login("researcher")

	// On a new case.
	f := caseForm()
	f.Set("articles", "280.3 ч.1")
	f.Set("prosecution_add", "1")
	r := res.post("/studio/cases/new", f)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("add on a new case: %d", r.StatusCode)
	}
	if e.caseCount(t) != 0 {
		t.Fatal("adding a prosecution saved the case")
	}
	d := r.doc(t)
	form := d.Find("form.case-form")
	if n := form.Find("fieldset.prosecution").Length(); n != 2 {
		t.Fatalf("%d prosecutions after adding one, want 2", n)
	}
	if got := form.Find("#name_en").AttrOr("value", ""); got != f.Get("name_en") {
		t.Errorf("the name after adding: %q", got)
	}
	if got := form.Find("#articles").AttrOr("value", ""); got != "280.3 ч.1" {
		t.Errorf("the articles after adding: %q", got)
	}
	if got := form.Find("#detained_on").AttrOr("value", ""); got != "2024-05" {
		t.Errorf("the detention after adding: %q", got)
	}
	if form.AttrOr("data-unsaved-text", "") != "on" {
		t.Error("the form that came back does not say it holds unsaved text")
	}
	if cp, _, err := e.st.Autosave(ctx, e.users["researcher"].ID, 0); err != nil || cp == nil || cp.Form.Get("articles") != "280.3 ч.1" {
		t.Errorf("no unsaved copy of the form after adding: %+v %v", cp, err)
	}
	// Pressed again on the form that came back: three.
	v, _ := formControls(form)
	v.Set("prosecution_add", "1")
	if n := res.post("/studio/cases/new", v).doc(t).Find("fieldset.prosecution").Length(); n != 3 {
		t.Errorf("%d prosecutions after adding twice, want 3", n)
	}

	// On a saved case: removing the first leaves the second, first.
	id := e.createCase(res, twoProsecutions())
	before := e.detail(id).Working
	form = res.get(casePath(id) + "/edit").doc(t).Find("form.case-form")
	v, _ = formControls(form)
	v.Set("headline_en", "Typed before removing")
	v.Set("prosecution_remove", "0")
	r = res.post(casePath(id)+"/edit", v)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("remove: %d", r.StatusCode)
	}
	if after := e.detail(id).Working; after.ID != before.ID {
		t.Fatal("removing a prosecution wrote a revision")
	}
	form = r.doc(t).Find("form.case-form")
	if n := form.Find("fieldset.prosecution").Length(); n != 1 {
		t.Fatalf("%d prosecutions after removing one of two, want 1", n)
	}
	if got := form.Find("#articles").AttrOr("value", ""); got != "282.2 ч.2" {
		t.Errorf("the remaining prosecution's articles: %q", got)
	}
	if got := form.Find(`[name="prosecutions.0.group"] option[selected]`).AttrOr("value", ""); got != testGroup {
		t.Errorf("the remaining prosecution's group: %q", got)
	}
	if got := form.Find("#headline_en").AttrOr("value", ""); got != "Typed before removing" {
		t.Errorf("the headline after removing: %q", got)
	}
	if form.Find(`button[name="prosecution_remove"]`).Length() != 0 {
		t.Error("the only prosecution left offers to be removed")
	}
	// Saved so, the case has the one prosecution.
	v, _ = formControls(form)
	if r := res.post(casePath(id)+"/edit", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save after removing: %d", r.StatusCode)
	}
	c := e.detail(id).Working.Content
	if len(c.Prosecutions) != 1 || c.Prosecutions[0].Group != testGroup || !slices.Equal(c.Articles, []string{"282.2 ч.2"}) {
		t.Errorf("after removing the first and saving: %+v", c.Prosecutions)
	}
}

// TestProsecutionErrorsBesideTheirInputs: a term that is no number, a
// verdict that is no date, citizenship that is no code, an article and a
// group the reference lists lack: each is refused beside its input, with
// the text as typed, and nothing is saved.
func TestProsecutionErrorsBesideTheirInputs(t *testing.T) {
	e := newEnv(t)
	e.addGroup(t)
	res := e.login("researcher")
	check := func(f url.Values, errs map[string]string) {
		t.Helper()
		r := res.post("/studio/cases/new", f, en...)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.StatusCode)
		}
		form := r.doc(t).Find("form.case-form")
		for name, msg := range errs {
			in := form.Find(`[name="` + name + `"]`)
			got := in.AttrOr("value", "")
			if goquery.NodeName(in) == "select" {
				got = in.Find("option[selected]").AttrOr("value", "")
			}
			if got != f.Get(name) {
				t.Errorf("%s shows %q, want %q as typed", name, got, f.Get(name))
			}
			if in.AttrOr("aria-invalid", "") != "true" || in.AttrOr("aria-describedby", "") != name+"-error" {
				t.Errorf("%s is not marked invalid", name)
			}
			if got := form.Find(`[id="` + name + `-error"]`).Text(); !strings.Contains(got, msg) {
				t.Errorf("%s: error %q, want %q", name, got, msg)
			}
		}
		if e.caseCount(t) != 0 {
			t.Fatal("a refused form saved a case")
		}
	}
	f := twoProsecutions()
	f.Set("prosecutions.1.sentence.months", "шесть лет")
	f.Set("prosecutions.1.verdict_on", "вчера")
	f.Set("citizenship", "Russia")
	f.Set("prosecutions.0.sentence.fine_rub", "-5")
	check(f, map[string]string{
		"prosecutions.1.sentence.months":   "whole number of months",
		"prosecutions.1.verdict_on":        "Write the date",
		"citizenship":                      "two-letter",
		"prosecutions.0.sentence.fine_rub": "whole number of roubles",
	})
	f = twoProsecutions()
	f.Set("prosecutions.1.articles", "999.9 ч.1")
	f.Set("prosecutions.1.group", "no-such-group")
	check(f, map[string]string{
		"prosecutions.1.articles": "no such article",
		"prosecutions.1.group":    "no such case group",
	})
}

// TestOnlyEditorsPublishTheBirthday: a researcher's form shows the box
// disabled and the case keeps what it had, whatever the researcher
// sends; an editor ticks and unticks it.
func TestOnlyEditorsPublishTheBirthday(t *testing.T) {
	e := newEnv(t)
	res, ed := e.login("researcher"), e.login("editor")
	f := caseForm()
	f.Set("gender", "")
	f.Set("born_on", "1972-03-05")
	f.Set("birthday_public", "1")
	id := e.createCase(res, f)
	if e.detail(id).Working.Content.BirthdayPublic {
		t.Fatal("a researcher made the birthday public")
	}
	box := res.get(casePath(id) + "/edit").doc(t).Find("#birthday_public")
	if _, disabled := box.Attr("disabled"); !disabled || box.AttrOr("name", "") != "" {
		t.Errorf("the researcher's box: disabled %v, name %q", disabled, box.AttrOr("name", ""))
	}
	edit := func(c *client, set func(url.Values)) {
		t.Helper()
		v, _ := formControls(c.get(casePath(id) + "/edit").doc(t).Find("form.case-form"))
		set(v)
		if r := c.post(casePath(id)+"/edit", v); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.StatusCode)
		}
	}
	box = ed.get(casePath(id) + "/edit").doc(t).Find("#birthday_public")
	if _, disabled := box.Attr("disabled"); disabled || box.AttrOr("name", "") != "birthday_public" {
		t.Errorf("the editor's box: disabled %v, name %q", disabled, box.AttrOr("name", ""))
	}
	edit(ed, func(v url.Values) { v.Set("birthday_public", "1") })
	if !e.detail(id).Working.Content.BirthdayPublic {
		t.Fatal("the editor could not make the birthday public")
	}
	// The researcher's form sends no box (it is disabled): the case keeps
	// the editor's decision, as it does when the box is forged off.
	edit(res, func(v url.Values) { v.Set("headline_en", "A researcher's edit") })
	edit(res, func(v url.Values) { v.Set("headline_en", "Another edit"); v.Del("birthday_public") })
	if c := e.detail(id).Working.Content; !c.BirthdayPublic || c.EN.Headline != "Another edit" {
		t.Errorf("after the researcher's edits: birthday public %v, headline %q", c.BirthdayPublic, c.EN.Headline)
	}
	edit(ed, func(v url.Values) { v.Del("birthday_public") })
	edit(res, func(v url.Values) { v.Set("birthday_public", "1"); v.Set("headline_en", "A third edit") })
	if c := e.detail(id).Working.Content; c.BirthdayPublic || c.EN.Headline != "A third edit" {
		t.Errorf("a researcher's forged box: birthday public %v, headline %q", c.BirthdayPublic, c.EN.Headline)
	}
}

// TestAFormOfCodesKeepsParts: a form made before prosecutions sends
// article codes only and no person facts; the case keeps each part of
// the articles it keeps, its further prosecutions and its person facts.
func TestAFormOfCodesKeepsParts(t *testing.T) {
	e := newEnv(t)
	e.addGroup(t)
	res := e.login("researcher")
	id := e.createCase(res, twoProsecutions())
	old := caseForm()
	old.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	old["articles"] = []string{"280.3", "212.1"}
	if r := res.post(casePath(id)+"/edit", old); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the old form's save: %d", r.StatusCode)
	}
	c := e.detail(id).Working.Content
	if len(c.Prosecutions) != 2 || !slices.Equal(c.Prosecutions[0].Articles, []string{"280.3 ч.1", "212.1"}) ||
		!slices.Equal(c.Prosecutions[1].Articles, []string{"282.2 ч.2"}) || c.Prosecutions[0].Sentence.Months != 20 {
		t.Errorf("after a form of codes: %+v", c.Prosecutions)
	}
	if c.Gender != "female" || c.EN.Occupation != "blogger" {
		t.Errorf("a form without person facts changed them: %q %q", c.Gender, c.EN.Occupation)
	}
}

// TestReviewNamesTheProsecution: on a case with two prosecutions the
// lawyer's review may name the one it assesses; the case page and the
// history say which. A case with one offers no choice, and a
// prosecution the case lacks is refused beside the question.
func TestReviewNamesTheProsecution(t *testing.T) {
	e := newEnv(t)
	e.addGroup(t)
	res, law := e.login("researcher"), e.login("lawyer")
	one := e.createCase(res, caseForm())
	e.transition(res, one, workflow.Submit, nil)
	if n := law.get(casePath(one)).doc(t).Find(`select[name="prosecution"]`).Length(); n != 0 {
		t.Error("a case with one prosecution offers a choice of them")
	}

	id := e.createCase(res, twoProsecutions())
	e.transition(res, id, workflow.Submit, nil)
	d := law.get(casePath(id), en...).doc(t)
	var options []string
	d.Find(`#review select[name="prosecution"] option`).Each(func(_ int, s *goquery.Selection) {
		options = append(options, s.AttrOr("value", "")+"="+s.Text())
	})
	want := []string{"0=The whole case", "1=Prosecution 1: 280.3 ч.1, 207.3", "2=Prosecution 2: 282.2 ч.2"}
	if !slices.Equal(options, want) {
		t.Errorf("the choice offers %q, want %q", options, want)
	}
	if d.Find(`label[for="review-prosecution"]`).Length() != 1 {
		t.Error("the choice has no label")
	}
	forged := approval()
	forged.Set("prosecution", "3")
	r := e.transition(law, id, workflow.ApproveLegal, forged)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a review of prosecution 3 of 2: %d", r.StatusCode)
	}
	if r.doc(t).Find("#review-prosecution-error").Length() != 1 {
		t.Error("the refusal is not beside the question")
	}
	second := approval()
	second.Set("prosecution", "2")
	if r := e.transition(law, id, workflow.ApproveLegal, second); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.StatusCode)
	}
	page, err := e.st.CasePage(context.Background(), id)
	if err != nil || len(page.Reviews) != 1 || page.Reviews[0].Review.Prosecution != 2 {
		t.Fatalf("the stored review: %+v %v", page.Reviews, err)
	}
	ed := e.login("editor")
	if got := ed.get(casePath(id), en...).doc(t).Find(".review-prosecution").Text(); got != "Assesses prosecution 2" {
		t.Errorf("the case page says %q of the review", got)
	}
	if got := ed.get(casePath(id)+"/history", en...).doc(t).Find("td.reviews .review-prosecution").Text(); got != "Assesses prosecution 2" {
		t.Errorf("the history says %q of the review", got)
	}
}

// TestGroupsReferenceListWithDescriptions: an editor adds a case group
// with its descriptions in both languages and edits them, on the
// reference list's own tab.
func TestGroupsReferenceListWithDescriptions(t *testing.T) {
	e := newEnv(t)
	ed := e.login("editor")
	d := ed.get("/studio/reference/groups", en...).doc(t)
	if got := d.Find(`.tabs a[aria-current="page"]`).Text(); got != "Case groups" {
		t.Errorf("the tab reads %q", got)
	}
	for _, name := range []string{"description_ru", "description_en"} {
		if d.Find(`#ref-add textarea[name="`+name+`"]`).Length() != 1 || d.Find(`label[for="add-`+name+`"]`).Length() != 1 {
			t.Errorf("the add form has no labelled %s", name)
		}
	}
	if d := ed.get("/studio/reference/regions").doc(t); d.Find(`textarea[name="description_en"]`).Length() != 0 {
		t.Error("regions offer a description")
	}
	add := url.Values{"code": {testGroup}, "name_ru": {"Уфимское дело"}, "name_en": {"The Ufa case"},
		"description_ru": {"Пятеро из Башкирии."}, "description_en": {"Five men from Bashkiria."}}
	long := url.Values{}
	for k, v := range add {
		long[k] = v
	}
	long.Set("description_en", strings.Repeat("Too long. ", 600))
	r := ed.post("/studio/reference/groups", long)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a description too long: %d", r.StatusCode)
	}
	if got := r.doc(t).Find("#add-description_ru").Text(); got != "Пятеро из Башкирии." {
		t.Errorf("the refused form kept %q", got)
	}
	if r := ed.post("/studio/reference/groups", add); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", r.StatusCode)
	}
	refs, err := e.st.References(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	g, ok := store.Find(refs.Groups, testGroup)
	if !ok || g.Description[content.EN] != "Five men from Bashkiria." || g.Description[content.RU] != "Пятеро из Башкирии." {
		t.Fatalf("the group added: %+v", g)
	}
	row := ed.get("/studio/reference/groups").doc(t).Find("#ref-" + testGroup)
	if got := row.Find(`textarea[name="description_en"]`).Text(); got != "Five men from Bashkiria." {
		t.Errorf("the row shows %q", got)
	}
	edit := url.Values{"name_ru": {"Уфимское дело"}, "name_en": {"The Ufa case"}, "description_ru": {"Пятеро из Уфы."}, "description_en": {"Five men from Ufa."}}
	if r := ed.post("/studio/reference/groups/"+testGroup, edit); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.StatusCode)
	}
	refs, _ = e.st.References(context.Background())
	if g, _ := store.Find(refs.Groups, testGroup); g.Description[content.EN] != "Five men from Ufa." || g.Description[content.RU] != "Пятеро из Уфы." {
		t.Errorf("the group edited: %+v", g)
	}
}
