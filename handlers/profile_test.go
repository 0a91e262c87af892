package handlers_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

// jpegWithSecrets is a real JPEG carrying an EXIF block with a GPS tag and
// a camera serial, and a comment: all of it must be gone after upload.
func jpegWithSecrets(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, nil); err != nil {
		t.Fatal(err)
	}
	secret := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08GPSLatitude 55.7558 SERIAL-SECRET-12345")
	seg := func(marker byte, payload []byte) []byte {
		b := []byte{0xFF, marker, 0, 0}
		binary.BigEndian.PutUint16(b[2:], uint16(len(payload)+2))
		return append(b, payload...)
	}
	out := append([]byte{}, enc.Bytes()[:2]...)
	out = append(out, seg(0xE1, secret)...)
	out = append(out, seg(0xFE, []byte("COMMENT-SECRET"))...)
	return append(out, enc.Bytes()[2:]...)
}

// multipartForm encodes form values and an optional photo.
func multipartForm(t *testing.T, form url.Values, photoName string, photo []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if photo != nil {
		fw, err := mw.CreateFormFile("photo", photoName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(photo)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func (c *client) postMultipart(path string, form url.Values, photoName string, photo []byte) *response {
	c.e.t.Helper()
	body, ctype := multipartForm(c.e.t, form, photoName, photo)
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, body)
	req.Header.Set("Content-Type", ctype)
	return c.do(req)
}

func TestEveryFieldIsEditable(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	form := caseForm()
	full := map[string]string{
		"sentence_ru": "20 месяцев колонии общего режима", "sentence_en": "20 months in a general-regime penal colony",
		"locality_ru": "Сельменга", "locality_en": "Selmenga",
		"photo_alt_ru": "Портрет", "photo_alt_en": "Portrait",
		"status": "political_prisoner", "recognized_on": "2024-11", "region": "arkhangelsk-oblast",
		"custody": "serving_sentence", "place_of_detention": "IK-1, Arkhangelsk Oblast",
		"letter_address": "163000, Arkhangelsk,\nIK-1", "letter_address_checked_on": "2024-11-20",
	}
	for k, v := range full {
		form.Set(k, v)
	}
	form["articles"] = []string{"280.3", "207.3"}
	form["categories"] = []string{"anti-war", "expression"}
	form["source_title"] = []string{"Court record", "", "Memorial"}
	form["source_url"] = []string{"https://example.org/court", "", "https://example.org/memo"}
	form["timeline_date"] = []string{"2024-05", "2024-09-19", ""}
	form["timeline_ru"] = []string{"Задержан", "Приговор", ""}
	form["timeline_en"] = []string{"Detained", "Sentenced", ""}
	id := e.createCase(res, form)
	c := e.detail(id).Working.Content
	if c.PlaceOfDetention != "IK-1, Arkhangelsk Oblast" || c.LetterAddress != "163000, Arkhangelsk,\nIK-1" || c.LetterAddressCheckedOn != "2024-11-20" ||
		c.Custody != "serving_sentence" || c.RU.Sentence == "" || c.EN.Locality != "Selmenga" || c.EN.PhotoAlt != "Portrait" ||
		len(c.Articles) != 2 || len(c.Categories) != 2 || c.RecognizedOn != "2024-11" {
		t.Fatalf("fields not saved: %+v", c)
	}
	if len(c.Sources) != 2 || c.Sources[1].Title != "Memorial" || len(c.Timeline) != 2 || c.Timeline[1].EN != "Sentenced" {
		t.Fatalf("rows not saved (empty rows must be dropped): %+v %+v", c.Sources, c.Timeline)
	}
	// The edit form shows them all, plus an empty row to add one.
	d := res.get(casePath(id) + "/edit").doc(t)
	if got := d.Find(`input[name="source_title"]`).Length(); got != 3 {
		t.Errorf("%d source rows, want 2 and an empty one", got)
	}
	if d.Find(`#letter_address`).Text() != "163000, Arkhangelsk,\nIK-1" {
		t.Errorf("letter address not in the form")
	}
	// "Add a row" without JavaScript: the form comes back with one more
	// empty row and nothing is saved.
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form.Set("add_row", "timeline")
	before := e.detail(id).Case.WorkingRevisionID
	r := res.post(casePath(id)+"/edit", form)
	if r.StatusCode != 200 {
		t.Fatalf("add row: %d", r.StatusCode)
	}
	if got := r.doc(t).Find(`input[name="timeline_date"]`).Length(); got != 4 {
		t.Errorf("after add row: %d timeline rows, want 2 and two empty ones", got)
	}
	if e.detail(id).Case.WorkingRevisionID != before {
		t.Errorf("add row saved a revision")
	}
	// Removing a row without JavaScript: tick its box.
	form.Del("add_row")
	form["timeline_remove"] = []string{"0"}
	if r := res.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove row: %d", r.StatusCode)
	}
	if tl := e.detail(id).Working.Content.Timeline; len(tl) != 1 || tl[0].EN != "Sentenced" {
		t.Errorf("timeline after remove: %+v", tl)
	}
	// A bad row is refused next to the row, and the rest stays.
	form.Del("timeline_remove")
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form["source_url"] = []string{"javascript:alert(1)", "", "https://example.org/memo"}
	form["timeline_date"] = []string{"May", "2024-09-19", ""}
	r = res.post(casePath(id)+"/edit", form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad rows: %d", r.StatusCode)
	}
	d = r.doc(t)
	if d.Find("#source_url_0-error").Length() == 0 || d.Find("#timeline_date_0-error").Length() == 0 {
		t.Errorf("no error next to the bad rows")
	}
	if d.Find("#place_of_detention").AttrOr("value", "") != "IK-1, Arkhangelsk Oblast" {
		t.Errorf("other fields lost")
	}
	// The public profile shows the letter address, sources and timeline.
	e.transition(res, id, workflow.Submit, nil)
	e.transition(e.login("lawyer"), id, workflow.ApproveLegal, approval())
	e.transition(e.login("editor"), id, workflow.Publish, nil)
	pub := e.client().get("/ru/cases/aleksandr-akimushkin")
	for _, want := range []string{"163000, Arkhangelsk,", "IK-1, Arkhangelsk Oblast", "20 ноября 2024", "Memorial", "Приговор", "Архангельская область"} {
		if !strings.Contains(pub.body, want) {
			t.Errorf("public profile lacks %q", want)
		}
	}
}

// TestSlugEditAndRedirect: the slug is part of a revision's content, so
// the public address follows the live revision. An editor's new slug for
// a published case goes public only when the edit is published; from then
// on the old address answers 301 to the new one, and after an unpublish
// both answer 410.
func TestSlugEditAndRedirect(t *testing.T) {
	e := newEnv(t)
	id := e.publish(caseForm())
	ed := e.login("editor")
	form := caseForm()
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form.Set("slug", "akimushkin")
	form.Set("headline_en", "An edit still in review")
	if r := ed.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("slug change: %d %s", r.StatusCode, r.body)
	}
	c := e.client()
	expect := func(path string, status int, location string) {
		t.Helper()
		r := c.get(path)
		if r.StatusCode != status || r.Header.Get("Location") != location {
			t.Errorf("%s: %d %q, want %d %q", path, r.StatusCode, r.Header.Get("Location"), status, location)
		}
		if strings.Contains(r.body, "An edit still in review") {
			t.Errorf("%s shows the unapproved edit", path)
		}
	}
	// Until the edit is published the live address stays, and the new one
	// does not exist for the public.
	for _, p := range []string{"/en/cases/aleksandr-akimushkin", "/ru/cases/aleksandr-akimushkin", "/api/v1/cases/aleksandr-akimushkin"} {
		expect(p, http.StatusOK, "")
	}
	for _, p := range []string{"/en/cases/akimushkin", "/ru/cases/akimushkin", "/api/v1/cases/akimushkin"} {
		expect(p, http.StatusNotFound, "")
	}
	if strings.Contains(c.get("/en/cases").body, "/en/cases/akimushkin") || strings.Contains(c.get("/sitemap.xml").body, "/cases/akimushkin") {
		t.Error("a public list links the unpublished address")
	}
	if d := ed.get(casePath(id)).doc(t); d.Find(`a[href="/en/cases/aleksandr-akimushkin"]`).Length() == 0 {
		t.Error("the studio does not link the live address")
	}
	e.transition(e.login("researcher"), id, workflow.Submit, nil)
	e.transition(e.login("lawyer"), id, workflow.ApproveLegal, approval())
	if r := e.transition(e.login("admin"), id, workflow.Publish, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish the edit: %d", r.StatusCode)
	}
	expect("/en/cases/aleksandr-akimushkin", http.StatusMovedPermanently, "/en/cases/akimushkin")
	expect("/ru/cases/aleksandr-akimushkin", http.StatusMovedPermanently, "/ru/cases/akimushkin")
	expect("/api/v1/cases/aleksandr-akimushkin", http.StatusMovedPermanently, "/api/v1/cases/akimushkin")
	if r := c.get("/en/cases/akimushkin"); r.StatusCode != 200 || !strings.Contains(r.body, "An edit still in review") {
		t.Fatalf("new slug after publication: %d", r.StatusCode)
	}
	if r := c.get("/api/v1/cases/akimushkin"); r.StatusCode != 200 || !strings.Contains(r.body, `"slug": "akimushkin"`) {
		t.Fatalf("open data at the new slug: %d", r.StatusCode)
	}
	// Taken down: every address it had answers 410, none redirects.
	e.transition(ed, id, workflow.Unpublish, url.Values{"comment": {"Safety."}})
	for _, p := range []string{"/en/cases/aleksandr-akimushkin", "/en/cases/akimushkin", "/api/v1/cases/aleksandr-akimushkin", "/api/v1/cases/akimushkin"} {
		r := c.get(p)
		if r.StatusCode != http.StatusGone || r.Header.Get("Location") != "" {
			t.Errorf("%s after unpublish: %d %q", p, r.StatusCode, r.Header.Get("Location"))
		}
	}
	// A researcher cannot move a case: the field is not offered and a
	// forged one is ignored.
	res := e.login("researcher")
	id2 := e.createCase(res, caseForm())
	if res.get(casePath(id2)+"/edit").doc(t).Find("#slug").Length() != 0 {
		t.Error("researcher is offered the slug")
	}
	form = caseForm()
	form.Set("revision", i64(e.detail(id2).Case.WorkingRevisionID))
	form.Set("slug", "hijacked")
	res.post(casePath(id2)+"/edit", form)
	if got := e.detail(id2).Case.Slug; got == "hijacked" {
		t.Error("a researcher moved a case")
	}
	// A taken or malformed slug is refused next to the field.
	form = caseForm()
	form.Set("revision", i64(e.detail(id2).Case.WorkingRevisionID))
	for _, bad := range []string{"akimushkin", "aleksandr-akimushkin", "Bad Slug!"} {
		form.Set("slug", bad)
		r := ed.post(casePath(id2)+"/edit", form)
		if r.StatusCode != http.StatusUnprocessableEntity || r.doc(t).Find("#slug-error").Length() == 0 {
			t.Errorf("slug %q: %d", bad, r.StatusCode)
		}
	}
}

// TestDraftRenameDoesNotLeak: a case never published has no public
// address, old or new: renaming a draft must not make its first slug
// redirect to the new one, which would reveal that a draft exists and
// where it will appear.
func TestDraftRenameDoesNotLeak(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	ed := e.login("editor")
	form := caseForm()
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form.Set("slug", "a-quiet-new-address")
	if r := ed.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("slug change: %d %s", r.StatusCode, r.body)
	}
	if got := e.detail(id).Case.Slug; got != "a-quiet-new-address" {
		t.Fatalf("slug %q", got)
	}
	c := e.client()
	for _, slug := range []string{"aleksandr-akimushkin", "a-quiet-new-address"} {
		for _, p := range []string{"/en/cases/" + slug, "/ru/cases/" + slug, "/api/v1/cases/" + slug} {
			r := c.get(p)
			if r.StatusCode != http.StatusNotFound || r.Header.Get("Location") != "" || strings.Contains(r.body, "a-quiet-new-address") {
				t.Errorf("%s: %d Location %q, want a plain 404", p, r.StatusCode, r.Header.Get("Location"))
			}
		}
	}
	// The first slug stays the case's: no other case can take it, so the
	// draft cannot be published at a colliding address later.
	id2 := e.createCase(res, caseForm())
	if got := e.detail(id2).Case.Slug; got == "aleksandr-akimushkin" || got == "a-quiet-new-address" {
		t.Errorf("a new case took the slug %q of another", got)
	}
}

func TestPhotoUploadStripsMetadataAndStaysPrivateUntilPublished(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	form := caseForm()
	form.Set("photo_credit", "Family archive")
	form.Set("photo_alt_en", "Aleksandr Akimushkin in 2023")
	r := res.postMultipart("/studio/cases/new", form, "holiday.png", jpegWithSecrets(t, 1600, 900))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.StatusCode, r.body)
	}
	var id int64
	fmtSscan(r.Header.Get("Location"), &id)
	photo := e.detail(id).Working.Content.Photo
	if !strings.HasPrefix(photo.URL, "/media/") || photo.Credit != "Family archive" {
		t.Fatalf("photo %+v", photo)
	}
	// The studio sees it, without any cache; the public does not.
	sr := res.get(photo.URL)
	if sr.StatusCode != 200 || sr.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("studio photo: %d %s", sr.StatusCode, sr.Header.Get("Cache-Control"))
	}
	for _, secret := range []string{"Exif", "SERIAL-SECRET", "GPSLatitude", "COMMENT-SECRET"} {
		if strings.Contains(sr.body, secret) {
			t.Errorf("stored photo still contains %q", secret)
		}
	}
	img, format, err := image.DecodeConfig(strings.NewReader(sr.body))
	if err != nil || format != "jpeg" || img.Width != 1200 || img.Height != 675 {
		t.Errorf("profile variant %v %s %dx%d", err, format, img.Width, img.Height)
	}
	visitor := e.client()
	if r := visitor.get(photo.URL); r.StatusCode != 404 {
		t.Fatalf("a draft's photo is public: %d", r.StatusCode)
	}
	e.transition(res, id, workflow.Submit, nil)
	e.transition(e.login("lawyer"), id, workflow.ApproveLegal, approval())
	e.transition(e.login("editor"), id, workflow.Publish, nil)
	pr := visitor.get(photo.URL)
	if pr.StatusCode != 200 || pr.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || len(pr.Header.Values("Set-Cookie")) != 0 {
		t.Fatalf("published photo: %d %q", pr.StatusCode, pr.Header.Get("Cache-Control"))
	}
	d := visitor.get("/en/cases/aleksandr-akimushkin").doc(t)
	if src, _ := d.Find(".portrait img").Attr("src"); src != photo.URL {
		t.Errorf("profile photo src %q", src)
	}
	if alt, _ := d.Find(".portrait img").Attr("alt"); alt != "Aleksandr Akimushkin in 2023" {
		t.Errorf("alt %q", alt)
	}
	if !strings.Contains(d.Find(".portrait figcaption").Text(), "Family archive") {
		t.Errorf("credit missing")
	}
	thumb, ok := visitor.get("/en/cases").doc(t).Find(".case-card img.thumb").Attr("src")
	if !ok || visitor.get(thumb).StatusCode != 200 {
		t.Errorf("list thumbnail %q", thumb)
	}
	// Unpublishing takes the photo off the public site at once.
	e.transition(e.login("editor"), id, workflow.Unpublish, url.Values{"comment": {"safety"}})
	if r := visitor.get(photo.URL); r.StatusCode != 404 {
		t.Errorf("photo of an unpublished case: %d", r.StatusCode)
	}
}

func TestWrongFileIsRefusedAndTheFormKept(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	form := caseForm()
	huge := append(jpegWithSecrets(t, 64, 64), make([]byte, 20<<20)...)
	for name, data := range map[string][]byte{
		"huge.jpg":   huge,
		"photo.jpg":  []byte("<html><script>alert(1)</script></html>"),
		"photo.gif":  []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"broken.jpg": jpegWithSecrets(t, 64, 64)[:300],
	} {
		r := res.postMultipart("/studio/cases/new", form, name, data)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d", name, r.StatusCode)
		}
		d := r.doc(t)
		if d.Find("#photo-error").Length() == 0 {
			t.Errorf("%s: no message next to the photo field", name)
		}
		if d.Find("#body_en").Text() != form.Get("body_en") || d.Find("#name_ru").AttrOr("value", "") != form.Get("name_ru") {
			t.Errorf("%s: the form lost the text", name)
		}
	}
	if cs, _ := e.st.StudioCases(context.Background()); len(cs) != 0 {
		t.Errorf("a refused upload created a case")
	}
}

func TestHistoryCompareRestore(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	form := caseForm()
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form.Set("headline_en", "A blogger has been sentenced to prison")
	res.post(casePath(id)+"/edit", form)
	h := res.get(casePath(id) + "/history")
	if h.StatusCode != 200 {
		t.Fatalf("history: %d", h.StatusCode)
	}
	d := h.doc(t)
	if d.Find("tbody tr").Length() != 2 || !strings.Contains(d.Find("tbody").Text(), "Test researcher") {
		t.Errorf("history rows:\n%s", d.Find("tbody").Text())
	}
	cmp := res.get(casePath(id) + "/compare?a=1&b=2").doc(t)
	if got := cmp.Find("dl.diff ins").Text(); !strings.Contains(got, "prison") {
		t.Errorf("inserted words %q", got)
	}
	if got := cmp.Find("dl.diff del").Text(); !strings.Contains(got, "from Arkhangelsk Oblast") && !strings.Contains(got, "20 months") {
		t.Errorf("deleted words %q", got)
	}
	if cmp.Find("dl.diff dt").Length() != 1 {
		t.Errorf("compare lists unchanged fields: %q", cmp.Find("dl.diff dt").Text())
	}
	for _, q := range []string{"?a=abc", "?a=99", "?a=-1&b=1"} {
		if r := res.get(casePath(id) + "/compare" + q); r.StatusCode != 400 && r.StatusCode != 404 {
			t.Errorf("compare%s: %d", q, r.StatusCode)
		}
	}
	// Restore revision 1 as revision 3.
	r := res.post(casePath(id)+"/restore", url.Values{"number": {"1"}, "revision": {i64(e.detail(id).Case.WorkingRevisionID)}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", r.StatusCode)
	}
	dd := e.detail(id)
	if dd.Working.Number != 3 || dd.Working.Content.EN.Headline != caseForm().Get("headline_en") {
		t.Errorf("after restore: revision %d %q", dd.Working.Number, dd.Working.Content.EN.Headline)
	}
	// A restore based on an old page is a conflict.
	if r := res.post(casePath(id)+"/restore", url.Values{"number": {"2"}, "revision": {"1"}}); r.StatusCode != http.StatusConflict {
		t.Errorf("stale restore: %d", r.StatusCode)
	}
}

func TestSaveAfterSessionExpiredIsNotLost(t *testing.T) {
	e := newEnv(t)
	res := e.login("researcher")
	id := e.createCase(res, caseForm())
	base := i64(e.detail(id).Case.WorkingRevisionID)
	// Three hours later the session has sat idle too long.
	e.st.SetClock(func() time.Time { return time.Now().Add(3 * time.Hour) })
	form := caseForm()
	form.Set("revision", base)
	form.Set("body_en", "A long text written while the session ran out")
	r := res.post(casePath(id)+"/edit", form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?kept=1") {
		t.Fatalf("expired save: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if e.detail(id).Case.WorkingRevisionID != mustParse(base) {
		t.Fatal("a save into an expired session was written")
	}
	login := res.get(r.Header.Get("Location"))
	if login.doc(t).Find("#login-notice").Length() == 0 {
		t.Error("the login page does not say the text is kept")
	}
	// Another person signing in does not get it.
	other := e.client()
	other.post("/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
	if strings.Contains(other.get(casePath(id)+"/edit").body, "while the session ran out") {
		t.Fatal("someone else got the kept text")
	}
	next, _ := url.Parse(r.Header.Get("Location"))
	lr := res.post("/login", url.Values{"email": {"researcher@example.org"}, "password": {testPassword}, "next": {next.Query().Get("next")}})
	if lr.Header.Get("Location") != casePath(id)+"/edit" {
		t.Fatalf("after sign-in: %s", lr.Header.Get("Location"))
	}
	d := res.get(casePath(id) + "/edit").doc(t)
	if d.Find("#body_en").Text() != "A long text written while the session ran out" || d.Find("#form-notice").Length() == 0 {
		t.Fatalf("kept text not given back")
	}
	form.Set("revision", d.Find(`input[name="revision"]`).AttrOr("value", ""))
	if r := res.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the kept text: %d", r.StatusCode)
	}
	if e.detail(id).Working.Content.EN.Body != "A long text written while the session ran out" {
		t.Error("kept text not saved")
	}
}

func TestReferenceLists(t *testing.T) {
	e := newEnv(t)
	ed := e.login("editor")
	if r := e.login("researcher").get("/studio/reference/regions"); r.StatusCode != http.StatusForbidden {
		t.Errorf("researcher manages lists: %d", r.StatusCode)
	}
	if r := ed.get("/studio/reference/regions"); r.StatusCode != 200 || !strings.Contains(r.body, "arkhangelsk-oblast") {
		t.Fatalf("regions page: %d", r.StatusCode)
	}
	// Add, with an error first that keeps what was typed.
	r := ed.post("/studio/reference/articles", url.Values{"code": {"not a code"}, "name_ru": {"Название"}, "name_en": {""}})
	if r.StatusCode != http.StatusUnprocessableEntity || r.doc(t).Find("#add-name_ru").AttrOr("value", "") != "Название" {
		t.Fatalf("bad new entry: %d", r.StatusCode)
	}
	if r := ed.post("/studio/reference/articles", url.Values{"code": {"330.1"}, "name_ru": {"x"}, "name_en": {"x"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("duplicate code: %d", r.StatusCode)
	}
	if r := ed.post("/studio/reference/articles", url.Values{"code": {"207.2"}, "name_ru": {"Фейки о ЧС"}, "name_en": {"False information about emergencies"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", r.StatusCode)
	}
	// An entry in use cannot be deleted, only retired.
	res := e.login("researcher")
	form := caseForm()
	form["articles"] = []string{"207.2"}
	id := e.createCase(res, form)
	if r := ed.post("/studio/reference/articles/207.2/delete", nil); r.StatusCode != http.StatusConflict {
		t.Errorf("deleting an entry in use: %d", r.StatusCode)
	}
	if r := ed.post("/studio/reference/articles/207.2", url.Values{"name_ru": {"Фейки о ЧС"}, "name_en": {"Fakes"}, "retired": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("retire: %d", r.StatusCode)
	}
	// Retired: not offered to new cases, kept on the case that has it.
	if strings.Contains(res.get("/studio/cases/new").body, `value="207.2"`) {
		t.Error("a retired article is offered for new cases")
	}
	if !strings.Contains(res.get(casePath(id)+"/edit").body, `value="207.2"`) {
		t.Error("a retired article vanished from the case that uses it")
	}
	form.Set("revision", i64(e.detail(id).Case.WorkingRevisionID))
	form.Set("headline_en", "still saves")
	if r := res.post(casePath(id)+"/edit", form); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a case with a retired article cannot be saved: %d", r.StatusCode)
	}
	if r := res.post("/studio/cases/new", form); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a new case took a retired article: %d", r.StatusCode)
	}
	// An unused entry can be deleted.
	if r := ed.post("/studio/reference/categories/lgbt/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("delete unused: %d", r.StatusCode)
	}
	// Statuses are a list too.
	if r := ed.post("/studio/reference/statuses", url.Values{"code": {"exchanged"}, "name_ru": {"Освобождён по обмену"}, "name_en": {"Released in an exchange"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("add status: %d", r.StatusCode)
	}
	if !strings.Contains(res.get("/studio/cases/new").body, "Released in an exchange") && !strings.Contains(res.get("/studio/cases/new").body, "Освобождён по обмену") {
		t.Error("a new status is not offered")
	}
}

// fullSlug is the case publishFull publishes.
const fullSlug = "ekaterina-polnaya"

// publishFull publishes a case that has everything a profile can show in
// both languages: a photo with credit, the facts with articles, a
// timeline, sources and a letter address. It returns the photo's address.
func publishFull(t *testing.T, e *env) string {
	t.Helper()
	id := fullDraft(t, e)
	e.takeThrough(e.login("researcher"), id)
	return e.detail(id).Live.Content.Photo.URL
}

// fullDraft creates, as a researcher, a case with every field filled and
// a photo.
func fullDraft(t *testing.T, e *env) int64 {
	t.Helper()
	res := e.login("researcher")
	form := caseForm()
	for k, v := range map[string]string{
		"name_ru": "Екатерина Полная", "name_en": "Ekaterina Polnaya", "slug": fullSlug,
		"headline_ru": "Художницу арестовали за антивоенные рисунки", "headline_en": "An artist arrested for anti-war drawings",
		"statement_ru": "Проект считает Екатерину Полную политзаключённой.", "statement_en": "The project considers Ekaterina Polnaya a political prisoner.",
		"sentence_ru": "5 лет колонии", "sentence_en": "5 years in a penal colony",
		"locality_ru": "Сельменга", "locality_en": "Selmenga",
		"photo_alt_ru": "Екатерина Полная в мастерской", "photo_alt_en": "Ekaterina Polnaya in her studio", "photo_credit": "Семейный архив",
		"status": "political_prisoner", "recognized_on": "2024-11-02", "region": "arkhangelsk-oblast",
		"custody": "serving_sentence", "place_of_detention": "ИК-1, Архангельская область",
		"letter_address": "163000, Архангельск,\nИК-1, Полной Екатерине", "letter_address_checked_on": "2024-11-20",
	} {
		form.Set(k, v)
	}
	form["articles"] = []string{"280.3", "207.3"}
	form["categories"] = []string{"anti-war", "expression"}
	form["source_title"] = []string{"Приговор", "OVD-Info"}
	form["source_url"] = []string{"https://example.org/court", "https://example.org/ovd"}
	form["timeline_date"] = []string{"2024-05", "2024-09-19"}
	form["timeline_ru"] = []string{"Задержана", "Приговор"}
	form["timeline_en"] = []string{"Detained", "Sentenced"}
	r := res.postMultipart("/studio/cases/new", form, "portrait.jpg", jpegWithSecrets(t, 800, 600))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", r.StatusCode)
	}
	var id int64
	fmtSscan(r.Header.Get("Location"), &id)
	return id
}

// squash joins the words of s with single spaces.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestProfileShowsEverything: in both languages a full profile shows the
// standard disclaimer and the "how to help" text, the letter guidance
// beside the postal address, the articles with their titles in the facts
// box, the timeline and sources, and shares its photo as og:image; an
// editor's edit of a site text in the studio is on the profile at once;
// the stylesheet has print rules.
func TestProfileShowsEverything(t *testing.T) {
	e := newEnv(t)
	photo := publishFull(t, e)
	if photo == "" {
		t.Fatal("no photo")
	}
	refs, err := e.st.References(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := e.client()
	for _, l := range content.Langs() {
		p := i18n.New().Printer(l)
		r := c.get("/" + string(l) + "/cases/" + fullSlug)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", l, r.StatusCode)
		}
		d := r.doc(t)
		for sel, want := range map[string]string{
			".disclaimer":          p.T("profile.disclaimer"),
			".help-box":            p.T("help.text"),
			".letter .guidance":    p.T("profile.letter_guidance"),
			".letter address":      "163000, Архангельск, ИК-1, Полной Екатерине",
			".letter .meta":        p.T("profile.letter_checked", p.Date("2024-11-20")),
			".portrait figcaption": p.T("profile.photo_credit", "Семейный архив"),
		} {
			if got := squash(d.Find(sel).Text()); !strings.Contains(got, squash(want)) {
				t.Errorf("%s %s: %q lacks %q", l, sel, got, want)
			}
		}
		facts := squash(d.Find(".facts dl").Text())
		for _, code := range []string{"280.3", "207.3"} {
			a, _ := store.Find(refs.Articles, code)
			if want := p.T("fact.article", code, a.Label(l)); !strings.Contains(facts, want) {
				t.Errorf("%s: facts %q lack %q", l, facts, want)
			}
		}
		if n := d.Find("ol.timeline li").Length(); n != 2 {
			t.Errorf("%s: %d timeline entries", l, n)
		}
		if d.Find(`a[href="https://example.org/ovd"]`).Length() != 1 {
			t.Errorf("%s: no source link", l)
		}
		og := d.Find(`meta[property="og:image"]`).AttrOr("content", "")
		if !strings.HasPrefix(og, "http") || !strings.HasSuffix(og, photo) || d.Find(`meta[name="twitter:card"]`).AttrOr("content", "") != "summary_large_image" {
			t.Errorf("%s: og:image %q", l, og)
		}
		// A print stylesheet: a stylesheet for print, or print rules in
		// the one the page links.
		css := d.Find(`link[rel="stylesheet"]`)
		printable := d.Find(`link[rel="stylesheet"][media="print"]`).Length() > 0
		css.Each(func(_ int, s *goquerySelection) {
			if body := c.get(s.AttrOr("href", "")).body; strings.Contains(body, "@media print") {
				printable = true
			}
		})
		if !printable {
			t.Errorf("%s: no print stylesheet", l)
		}
	}
	// The studio edits site texts; the profile shows the edit at once,
	// though it was cached a moment ago.
	ed := e.login("editor")
	f := url.Values{}
	f.Set("disclaimer_ru", "Новая **оговорка** редакции.")
	f.Set("how_to_help_en", "Send a *postcard* today.")
	f.Set("letter_guidance_ru", "Пишите коротко и по-доброму.")
	if r := ed.post("/studio/texts", f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("texts: %d", r.StatusCode)
	}
	ru := c.get("/ru/cases/" + fullSlug).doc(t)
	if h, _ := ru.Find(".disclaimer").Html(); !strings.Contains(h, "Новая <strong>оговорка</strong> редакции.") {
		t.Errorf("ru disclaimer %q", h)
	}
	if got := squash(ru.Find(".letter .guidance").Text()); got != "Пишите коротко и по-доброму." {
		t.Errorf("ru guidance %q", got)
	}
	en := c.get("/en/cases/" + fullSlug).doc(t)
	if h, _ := en.Find(".help-box").Html(); !strings.Contains(h, "Send a <em>postcard</em> today.") {
		t.Errorf("en help %q", h)
	}
	// The other language keeps its default.
	if got := squash(en.Find(".disclaimer").Text()); got != squash(i18n.New().Printer(content.EN).T("profile.disclaimer")) {
		t.Errorf("en disclaimer %q", got)
	}
}
