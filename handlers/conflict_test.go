package handlers_test

import (
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"casebook/content"
)

// en asks for the studio in English, so that tests can read its words.
var en = []string{"Accept-Language", "en"}

// conflictBase is a case form with a row of each kind and an article, so
// that a merge has rows and sets to work on.
func conflictBase() url.Values {
	f := caseForm()
	f["articles"] = []string{"280.3"}
	f["source_title"], f["source_url"] = []string{"Base source"}, []string{"https://example.org/base"}
	f["timeline_date"], f["timeline_ru"], f["timeline_en"] = []string{"2024-05"}, []string{"Задержание"}, []string{"Detained"}
	f.Set("custody", "pretrial_detention")
	return f
}

func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

func titles(c *content.Case) []string {
	var out []string
	for _, s := range c.Sources {
		out = append(out, s.Title)
	}
	return out
}

// TestConflictMergesAndAsksOnlyAboutCollisions is the case: a
// researcher (A) and an editor (B) open the same case. A saves a new
// headline, custody, a source, an article and the Russian body, and the
// Russian of a timeline entry. B, on the old form, changes the English
// body, the region, adds another source and article, the English of the
// same timeline entry, and also the headline and the Russian body. B's
// save merges everything that does not collide, asks about the headline
// and the Russian body, refuses to save until both are decided, and then
// keeps every change A made that B did not decide against.
func TestConflictMergesAndAsksOnlyAboutCollisions(t *testing.T) {
	for _, keep := range []string{"theirs", "mine"} {
		t.Run("keep "+keep, func(t *testing.T) {
			e := newEnv(t)
			res, ed := e.login("researcher"), e.login("editor")
			id := e.createCase(res, conflictBase())
			base := i64(e.detail(id).Case.WorkingRevisionID)

			a := clone(conflictBase())
			a.Set("revision", base)
			a.Set("headline_en", "A's headline")
			a.Set("custody", "serving_sentence")
			a["source_title"], a["source_url"] = []string{"Base source", "A's source"}, []string{"https://example.org/base", "https://a.example/"}
			a["articles"] = []string{"280.3", "207.3"}
			a.Set("body_ru", "## А\n\nТекст A.")
			a.Set("timeline_ru", "Задержан в Архангельске")
			if r := res.post(casePath(id)+"/edit", a); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("A's save: %d", r.StatusCode)
			}
			afterA := e.detail(id)

			b := clone(conflictBase())
			b.Set("revision", base)
			b.Set("body_en", "## Who\n\nB's long text that must not be lost.")
			b.Set("region", "moscow")
			b["source_title"], b["source_url"] = []string{"Base source", "B's source"}, []string{"https://example.org/base", "https://b.example/"}
			b["articles"] = []string{"280.3", "205.2"}
			b.Set("timeline_en", "Detained in Arkhangelsk")
			b.Set("headline_en", "B's headline")
			b.Set("body_ru", "## Б\n\nТекст Б.")
			r := ed.post(casePath(id)+"/edit", b, en...)
			if r.StatusCode != http.StatusConflict {
				t.Fatalf("B's stale save: %d", r.StatusCode)
			}
			if e.detail(id).Case.WorkingRevisionID != afterA.Case.WorkingRevisionID {
				t.Fatal("a save with collisions wrote a revision")
			}
			d := r.doc(t)
			var asked []string
			d.Find("#conflict fieldset.collision").Each(func(_ int, s *goquery.Selection) {
				asked = append(asked, strings.TrimPrefix(s.AttrOr("id", ""), "decide-"))
			})
			if want := []string{"body_ru", "headline_en"}; !slices.Equal(asked, want) {
				t.Errorf("asked about %v, want %v", asked, want)
			}
			// Each side reads as a change from the form's revision: without
			// what it struck out, it is that side's text.
			sides := d.Find("#decide-headline_en .collision-side")
			side := func(i int) string {
				return strings.TrimSpace(sides.Eq(i).Find(".diff-text").Clone().Find("del").Remove().End().Text())
			}
			if sides.Length() != 2 || side(0) != "A's headline" || side(1) != "B's headline" {
				t.Errorf("the headline's choice shows %q and %q", side(0), side(1))
			}
			if who := sides.Eq(0).Find(".collision-who").Text(); !strings.Contains(who, "Test researcher") {
				t.Errorf("their version does not say whose it is: %q", who)
			}
			merged := map[string]string{}
			d.Find("#conflict .merged-fields li").Each(func(_ int, s *goquery.Selection) {
				merged[s.AttrOr("data-key", "")] = s.Text()
			})
			for key, want := range map[string]string{
				"body_en": "your change is kept", "region": "your change is kept",
				"custody": "their change is kept (Test researcher)", "sources": "both changes are kept",
				"articles": "both changes are kept", "timeline": "both changes are kept",
			} {
				if !strings.Contains(merged[key], want) {
					t.Errorf("merged %s: %q, want %q", key, merged[key], want)
				}
			}
			if len(merged) != 6 {
				t.Errorf("merged fields %v", merged)
			}
			// The form holds the merge: yours where you collide, theirs where
			// only they changed, both where both fit.
			form := d.Find("form.case-form")
			if got := form.Find("#headline_en").AttrOr("value", ""); got != "B's headline" {
				t.Errorf("headline field %q, want yours", got)
			}
			if got := form.Find("#body_en").Text(); got != b.Get("body_en") {
				t.Errorf("body field %q", got)
			}
			if got := form.Find("#custody option[selected]").AttrOr("value", ""); got != "serving_sentence" {
				t.Errorf("custody field %q, want theirs", got)
			}
			if got := form.Find(`input[name="revision"]`).AttrOr("value", ""); got != i64(afterA.Case.WorkingRevisionID) {
				t.Errorf("the form is based on %s, want the current revision", got)
			}
			if got := form.Find(`input[name="merge_base"]`).AttrOr("value", ""); got != base {
				t.Errorf("merge base %q, want %s", got, base)
			}
			if n := form.Find(".collision-note").Length(); n != 2 {
				t.Errorf("%d fields marked as colliding, want 2", n)
			}

			// Save as the page stands: refused, nothing written, each open
			// choice marked.
			v, _ := formControls(form)
			r = ed.post(casePath(id)+"/edit", v, en...)
			if r.StatusCode != http.StatusConflict {
				t.Fatalf("a save with undecided collisions: %d", r.StatusCode)
			}
			if e.detail(id).Case.WorkingRevisionID != afterA.Case.WorkingRevisionID {
				t.Fatal("a save with undecided collisions wrote a revision")
			}
			d = r.doc(t)
			if n := d.Find(".collision-missing").Length(); n != 2 {
				t.Errorf("%d collisions marked as undecided, want 2", n)
			}
			if !strings.Contains(d.Find("#conflict [role=alert]").Text(), "without choosing") {
				t.Errorf("the page does not say why nothing was saved")
			}
			form = d.Find("form.case-form")
			if got := form.Find("#headline_en").AttrOr("value", ""); got != "B's headline" {
				t.Errorf("headline field after refusal %q", got)
			}

			// Decide the headline; the Russian body stays B's.
			v, _ = formControls(form)
			v.Set("keep_headline_en", keep)
			v.Set("keep_body_ru", "mine")
			if r := ed.post(casePath(id)+"/edit", v, en...); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("the decided save: %d\n%s", r.StatusCode, r.body)
			}
			w := e.detail(id).Working
			if w.ID == afterA.Case.WorkingRevisionID || w.AuthorID != e.users["editor"].ID {
				t.Fatalf("the decided save wrote no revision of B's")
			}
			c := w.Content
			wantHeadline := map[string]string{"theirs": "A's headline", "mine": "B's headline"}[keep]
			if c.EN.Headline != wantHeadline {
				t.Errorf("headline %q, want %q", c.EN.Headline, wantHeadline)
			}
			if c.RU.Body != "## Б\n\nТекст Б." || c.EN.Body != "## Who\n\nB's long text that must not be lost." || c.Region != "moscow" {
				t.Errorf("B's changes lost: %q, %q, %q", c.RU.Body, c.EN.Body, c.Region)
			}
			// Every change only A made is still A's.
			if c.Custody != "serving_sentence" {
				t.Errorf("A's custody reverted: %q", c.Custody)
			}
			if got := titles(c); !slices.Equal(got, []string{"Base source", "A's source", "B's source"}) {
				t.Errorf("sources %v", got)
			}
			if !slices.Contains(c.Articles, "207.3") || !slices.Contains(c.Articles, "205.2") || !slices.Contains(c.Articles, "280.3") {
				t.Errorf("articles %v", c.Articles)
			}
			if want := (content.TimelineEntry{Date: "2024-05", RU: "Задержан в Архангельске", EN: "Detained in Arkhangelsk"}); len(c.Timeline) != 1 || c.Timeline[0] != want {
				t.Errorf("timeline %+v", c.Timeline)
			}
		})
	}
}

// TestStaleSaveWithoutCollisionComesBackMerged: B changed only what A
// did not touch. As the contract has it, the stale form gets a conflict
// page that keeps B's text: it holds both changes, asks nothing, says
// what was merged from whom, and one Save keeps both.
func TestStaleSaveWithoutCollisionComesBackMerged(t *testing.T) {
	e := newEnv(t)
	res, ed := e.login("researcher"), e.login("editor")
	id := e.createCase(res, caseForm())
	base := i64(e.detail(id).Case.WorkingRevisionID)
	a := caseForm()
	a.Set("revision", base)
	a.Set("headline_en", "A's headline")
	if r := res.post(casePath(id)+"/edit", a); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("A's save: %d", r.StatusCode)
	}
	b := caseForm()
	b.Set("revision", base)
	b.Set("body_en", "B's body")
	r := ed.post(casePath(id)+"/edit", b, en...)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("B's stale save without a collision: %d", r.StatusCode)
	}
	d := r.doc(t)
	if d.Find("#conflict fieldset.collision").Length() != 0 {
		t.Error("a question where nothing collided")
	}
	merged := d.Find("#conflict .merged-fields").Text()
	for _, want := range []string{"Test researcher", "Headline (English)", "Body", "your change is kept"} {
		if !strings.Contains(merged, want) {
			t.Errorf("the merged list %q does not say %q", merged, want)
		}
	}
	if d.Find("#headline_en").AttrOr("value", "") != "A's headline" || d.Find("#body_en").Text() != "B's body" {
		t.Fatalf("the form does not hold both changes")
	}
	if e.detail(id).Working.Content.EN.Body == "B's body" {
		t.Fatal("saved before B pressed Save again")
	}
	v, _ := formControls(d.Find("form.case-form"))
	if r := ed.post(casePath(id)+"/edit", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("B's second Save: %d", r.StatusCode)
	}
	w := e.detail(id).Working
	if w.Content.EN.Headline != "A's headline" || w.Content.EN.Body != "B's body" || w.AuthorID != e.users["editor"].ID {
		t.Errorf("merged save: headline %q, body %q", w.Content.EN.Headline, w.Content.EN.Body)
	}
}

// TestStalePhotoUploadIsKept: a photo sent with a stale form is the
// person's change to the photo field: kept when nobody else changed the
// photo, and offered against theirs when someone did.
func TestStalePhotoUploadIsKept(t *testing.T) {
	e := newEnv(t)
	res, ed := e.login("researcher"), e.login("editor")
	id := e.createCase(res, caseForm())
	base := i64(e.detail(id).Case.WorkingRevisionID)
	a := caseForm()
	a.Set("revision", base)
	a.Set("headline_en", "A's headline")
	if r := res.post(casePath(id)+"/edit", a); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("A's save: %d", r.StatusCode)
	}
	b := caseForm()
	b.Set("revision", base)
	b.Set("photo_credit", "B's credit")
	r := ed.postMultipart(casePath(id)+"/edit", b, "p.jpg", jpegWithSecrets(t, 300, 400))
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("stale save with a photo: %d", r.StatusCode)
	}
	// The conflict page holds the photo: Save keeps it.
	v, _ := formControls(r.doc(t).Find("form.case-form"))
	if r := ed.post(casePath(id)+"/edit", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("Save on the conflict page: %d", r.StatusCode)
	}
	w := e.detail(id).Working.Content
	if content.MediaHash(w.Photo.URL) == "" || w.Photo.Credit != "B's credit" || w.EN.Headline != "A's headline" {
		t.Fatalf("photo %+v, headline %q", w.Photo, w.EN.Headline)
	}
	mine := w.Photo

	// Now A changes the credit while B, on the old form, uploads another.
	base = i64(e.detail(id).Case.WorkingRevisionID)
	a = caseForm()
	a.Set("revision", base)
	a.Set("headline_en", "A's headline")
	a.Set("photo_url", mine.URL)
	a.Set("photo_credit", "A's credit")
	if r := res.post(casePath(id)+"/edit", a); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("A's credit: %d", r.StatusCode)
	}
	b = caseForm()
	b.Set("revision", base)
	b.Set("photo_url", mine.URL)
	b.Set("photo_credit", "B's second credit")
	r = ed.postMultipart(casePath(id)+"/edit", b, "q.jpg", jpegWithSecrets(t, 400, 300))
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("two photo changes: %d", r.StatusCode)
	}
	d := r.doc(t)
	if d.Find("#decide-photo img").Length() != 2 {
		t.Errorf("the photo's choice does not show both pictures")
	}
	form := d.Find("form.case-form")
	uploaded := form.Find(`input[name="photo_url"]`).AttrOr("value", "")
	if content.MediaHash(uploaded) == "" || uploaded == mine.URL {
		t.Fatalf("the form lost the uploaded photo: %q", uploaded)
	}
	v, _ = formControls(form)
	v.Set("keep_photo", "mine")
	if r := ed.post(casePath(id)+"/edit", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("keeping my photo: %d", r.StatusCode)
	}
	if w := e.detail(id).Working.Content; w.Photo.URL != uploaded || w.Photo.Credit != "B's second credit" {
		t.Errorf("photo after keeping mine: %+v", w.Photo)
	}
}

// TestKeptFormIsMergedWithWhatWasSavedMeanwhile: a save kept while the
// session had run out comes back after sign-in merged with what a
// colleague saved in between, so that pressing Save then keeps both.
func TestKeptFormIsMergedWithWhatWasSavedMeanwhile(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	base := i64(e.detail(id).Case.WorkingRevisionID)
	e.st.SetClock(func() time.Time { return time.Now().Add(3 * time.Hour) })
	form := caseForm()
	form.Set("revision", base)
	form.Set("body_en", "A long text written while the session ran out")
	r := res.post(casePath(id)+"/edit", form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?kept=1") {
		t.Fatalf("expired save: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	e.st.SetClock(time.Now)
	theirs := caseForm()
	theirs.Set("revision", base)
	theirs.Set("headline_en", "Saved by the editor meanwhile")
	if r := e.login("editor").post(casePath(id)+"/edit", theirs); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the editor's save: %d", r.StatusCode)
	}
	current := i64(e.detail(id).Case.WorkingRevisionID)
	res = e.login("researcher")
	d := res.get(casePath(id)+"/edit", en...).doc(t)
	if d.Find("#body_en").Text() != "A long text written while the session ran out" {
		t.Fatalf("kept text not given back")
	}
	if got := d.Find("#headline_en").AttrOr("value", ""); got != "Saved by the editor meanwhile" {
		t.Errorf("the form holds the old headline %q: saving it would undo the editor's", got)
	}
	if got := d.Find(`#conflict .merged-fields li[data-key="headline_en"]`).Text(); !strings.Contains(got, "their change is kept (Test editor)") {
		t.Errorf("the page does not say the editor's headline was merged: %q", got)
	}
	if got := d.Find(`input[name="revision"]`).AttrOr("value", ""); got != current {
		t.Errorf("the form is based on %s, want %s", got, current)
	}
	v, _ := formControls(d.Find("form.case-form"))
	if r := res.post(casePath(id)+"/edit", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the merged form: %d", r.StatusCode)
	}
	w := e.detail(id).Working.Content
	if w.EN.Headline != "Saved by the editor meanwhile" || w.EN.Body != "A long text written while the session ran out" {
		t.Errorf("after saving: headline %q, body %q", w.EN.Headline, w.EN.Body)
	}
}

// TestBrowserTwoPeopleEditOneCase: two people, each in a browser, edit the
// same case at once. A saves a headline; B, on the form opened before,
// changes the body, the place of detention and the headline too. B's
// page merges the body and the place and asks about the headline only; B
// keeps A's headline and saves, and the case holds everything. Then B
// edits only what A did not touch: the save goes through at once, says
// what was merged, and A's second headline survives.
func TestBrowserTwoPeopleEditOneCase(t *testing.T) {
	e := newEnv(t)
	b := browser(t)
	id := e.createCase(e.login("researcher"), caseForm())
	edit := e.srv.URL + casePath(id) + "/edit"
	save := chromedp.Click(chromedp.CSS(`.form-actions button[name="save"]`))

	pa, pb := person(t, b), person(t, b)
	e.browserLogin(t, pa, "researcher")
	e.browserLogin(t, pb, "editor")
	must(t, pa, chromedp.Navigate(edit), chromedp.WaitVisible(chromedp.ID("headline_en")))
	must(t, pb, chromedp.Navigate(edit), chromedp.WaitVisible(chromedp.ID("headline_en")))

	must(t, pa, chromedp.SetValue(chromedp.ID("headline_en"), "A's headline"), save, chromedp.WaitVisible(chromedp.ID("case-state")))
	must(t, pb,
		chromedp.SetValue(chromedp.ID("body_en"), "## Who\n\nB's text."),
		chromedp.SetValue(chromedp.ID("place_of_detention"), "IK-1, Arkhangelsk"),
		chromedp.SetValue(chromedp.ID("headline_en"), "B's headline"),
		save, chromedp.WaitVisible(chromedp.ID("conflict")),
	)
	// The panel is for everyone: axe finds no WCAG 2.1 A/AA violation in
	// it, as it asks and as it refuses a save without a choice.
	accessible := func(where string) {
		t.Run("axe "+where, func(t *testing.T) {
			axe, err := os.ReadFile(webTool(t, "CASEBOOK_AXE_JS", "axe-core (npm axe-core)"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(pb, chromedp.Evaluate[any](string(axe))); err != nil {
				t.Fatalf("loading axe: %v", err)
			}
			res, err := chromedp.Run(pb, chromedp.Evaluate[string](`axe.run("#conflict", {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
				.then(r => JSON.stringify(r.violations.map(x => ({id: x.id, help: x.help, nodes: x.nodes.slice(0, 3).map(n => n.target.join(" "))}))))`, chromedp.EvalAwaitPromise))
			if err != nil || res != "[]" {
				t.Errorf("%s: %s %v", where, res, err)
			}
		})
	}
	accessible("asking")
	merged := text(t, pb, "#conflict .merged-fields")
	for _, want := range []string{"Body", "Place of detention", "your change is kept"} {
		if !strings.Contains(merged, want) {
			t.Errorf("the merged list %q lacks %q", merged, want)
		}
	}
	if n, _ := chromedp.Run(pb, chromedp.Evaluate[int](`document.querySelectorAll("#conflict fieldset.collision").length`)); n != 1 {
		t.Errorf("%d fields asked about, want the headline alone", n)
	}
	if got := text(t, pb, "#decide-headline_en .collision-who"); !strings.Contains(got, "Test researcher") {
		t.Errorf("their version says %q", got)
	}
	// Saving without a choice is refused and says so.
	must(t, pb, save, chromedp.WaitVisible(chromedp.CSS(".collision-missing")))
	accessible("refusing")
	must(t, pb,
		chromedp.Click(chromedp.CSS(`input[name="keep_headline_en"][value="theirs"]`)),
		save, chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	w := e.detail(id).Working.Content
	if w.EN.Headline != "A's headline" || w.EN.Body != "## Who\n\nB's text." || w.PlaceOfDetention != "IK-1, Arkhangelsk" {
		t.Fatalf("after the merge: headline %q, body %q, place %q", w.EN.Headline, w.EN.Body, w.PlaceOfDetention)
	}

	// No collision: B's form comes back holding both changes, asking
	// nothing; one more Save keeps both.
	must(t, pa, chromedp.Navigate(edit), chromedp.WaitVisible(chromedp.ID("headline_en")))
	must(t, pb, chromedp.Navigate(edit), chromedp.WaitVisible(chromedp.ID("headline_en")))
	must(t, pa, chromedp.SetValue(chromedp.ID("headline_en"), "A's second headline"), save, chromedp.WaitVisible(chromedp.ID("case-state")))
	must(t, pb, chromedp.SetValue(chromedp.ID("body_en"), "## Who\n\nB's second text."), save, chromedp.WaitVisible(chromedp.ID("conflict")))
	if n, _ := chromedp.Run(pb, chromedp.Evaluate[int](`document.querySelectorAll("#conflict fieldset.collision").length`)); n != 0 {
		t.Errorf("%d questions where nothing collided", n)
	}
	if got, _ := chromedp.Run(pb, chromedp.Value(chromedp.ID("headline_en"))); got != "A's second headline" {
		t.Errorf("the form holds the headline %q", got)
	}
	must(t, pb, save, chromedp.WaitVisible(chromedp.ID("case-state")))
	w = e.detail(id).Working.Content
	if w.EN.Headline != "A's second headline" || w.EN.Body != "## Who\n\nB's second text." {
		t.Errorf("after the merged save: headline %q, body %q", w.EN.Headline, w.EN.Body)
	}
}

// TestConflictPageSurvivesItsOtherButtons: on a conflict page, asking for
// another row or a refused photo brings the page back with its choices,
// and a merge that turns out invalid is shown, not saved, with the merge
// in the form.
func TestConflictPageSurvivesItsOtherButtons(t *testing.T) {
	e := newEnv(t)
	res, ed := e.login("researcher"), e.login("editor")
	id := e.createCase(res, caseForm())
	base := i64(e.detail(id).Case.WorkingRevisionID)
	a := caseForm()
	a.Set("revision", base)
	a.Set("headline_en", "A's headline")
	a.Set("name_en", "")
	if r := res.post(casePath(id)+"/edit", a); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("A's save: %d", r.StatusCode)
	}
	current := i64(e.detail(id).Case.WorkingRevisionID)
	b := caseForm()
	b.Set("revision", base)
	b.Set("headline_en", "B's headline")
	r := ed.post(casePath(id)+"/edit", b)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("B's save: %d", r.StatusCode)
	}
	v, _ := formControls(r.doc(t).Find("form.case-form"))
	v.Set("keep_headline_en", "mine")
	v.Set("add_row", "sources")
	d := ed.post(casePath(id)+"/edit", v).doc(t)
	if d.Find("#decide-headline_en").Length() != 1 || d.Find(`input[name="keep_headline_en"][value="mine"][checked]`).Length() != 1 {
		t.Fatalf("adding a row lost the choice")
	}
	if d.Find(`input[name="merge_base"]`).AttrOr("value", "") != base || d.Find(`input[name="revision"]`).AttrOr("value", "") != current {
		t.Errorf("adding a row lost the bases")
	}
	if e.detail(id).Case.WorkingRevisionID != mustParse(current) {
		t.Fatal("adding a row saved")
	}

	// A clears the English name, B on the old form the Russian one: each
	// alone is fine, the merge has no name at all.
	id = e.createCase(res, caseForm())
	base = i64(e.detail(id).Case.WorkingRevisionID)
	a = caseForm()
	a.Set("revision", base)
	a.Set("name_en", "")
	a.Set("body_en", "A's body")
	if r := res.post(casePath(id)+"/edit", a); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("A's second save: %d", r.StatusCode)
	}
	b = caseForm()
	b.Set("revision", base)
	b.Set("name_ru", "")
	r = ed.post(casePath(id)+"/edit", b, en...)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("an invalid merge: %d", r.StatusCode)
	}
	d = r.doc(t)
	if d.Find("#body_en").Text() != "A's body" || d.Find("#conflict").Length() != 1 || d.Find("#name_ru-error").Length() != 1 {
		t.Errorf("the invalid merge is not shown with its error")
	}
	v, _ = formControls(d.Find("form.case-form"))
	v.Set("name_ru", "Александр Акимушкин")
	if r := ed.post(casePath(id)+"/edit", v); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the corrected merge: %d", r.StatusCode)
	}
	if w := e.detail(id).Working.Content; w.EN.Body != "A's body" || w.EN.Name != "" || w.RU.Name != "Александр Акимушкин" {
		t.Errorf("after the corrected merge: %q, %q, %q", w.EN.Body, w.EN.Name, w.RU.Name)
	}
}
