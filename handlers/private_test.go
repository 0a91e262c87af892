package handlers_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"casebook/handlers"
	"casebook/store"
)

// privateInputs are the design's names of the private fields' inputs.
var privateInputs = []string{"private_family_contact", "private_lawyer_contact", "private_source_reliability", "private_notes"}

func privatePath(id int64) string { return casePath(id) + "/private" }

// privateForm reads the private fields' form of a page as a browser
// would send it: every input and textarea in it, by name.
func privateForm(t *testing.T, r *response) url.Values {
	t.Helper()
	form := url.Values{}
	d := r.doc(t)
	d.Find("#private-form input[name], #private-form textarea[name]").Each(func(_ int, s *goquerySelection) {
		v := s.AttrOr("value", "")
		if s.Nodes[0].Data == "textarea" {
			v = s.Text()
		}
		form.Add(s.AttrOr("name", ""), v)
	})
	if len(form) == 0 {
		t.Fatalf("no private form in the page (%d)", r.StatusCode)
	}
	return form
}

// fillPrivate opens the private fields of a case as c, types values (by
// input name) into the form, as a person would, and presses Save.
func fillPrivate(t *testing.T, c *client, id int64, values map[string]string) *response {
	t.Helper()
	r := c.get(privatePath(id))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("private page: %d", r.StatusCode)
	}
	form := privateForm(t, r)
	for k, v := range values {
		form.Set(k, v)
	}
	return c.post(privatePath(id), form)
}

// privateFootprint is every private field as the database holds it, read
// past the store (which records each read), for footprintAll.
func (e *env) privateFootprint() string {
	e.t.Helper()
	db, err := sql.Open("sqlite", "file:"+e.st.Path()+"?mode=ro")
	if err != nil {
		e.t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT case_id, key, value, updated_at, coalesce(updated_by, 0) FROM case_private ORDER BY case_id, key`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, by int64
		var key, value, at string
		if err := rows.Scan(&id, &key, &value, &at, &by); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, fmt.Sprint(id, key, value, at, by))
	}
	return strings.Join(out, "\n")
}

// TestPrivatePageIsForThoseAllowed: the page of a case's private fields
// has the four inputs of the design in a form of its own, answers
// no-store, and is for lawyers, editors, administrators and the
// researcher who started the case; another researcher gets 403 and no
// link. The case page says how many fields are filled, never what.
func TestPrivatePageIsForThoseAllowed(t *testing.T) {
	e := newEnv(t)
	author := e.login("researcher")
	id := e.createCase(author, caseForm())
	other := e.extra("other", "researcher")
	oc := e.client()
	if r := oc.post("/login", url.Values{"email": {other.Email}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", r.StatusCode)
	}
	for _, role := range []string{"lawyer", "editor", "admin"} {
		r := e.login(role).get(privatePath(id))
		if r.StatusCode != http.StatusOK || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("%s: %d %q", role, r.StatusCode, r.Header.Get("Cache-Control"))
		}
		d := r.doc(t)
		for _, name := range privateInputs {
			if d.Find(`#private-form textarea[name="`+name+`"]#`+name).Length() != 1 || d.Find(`label[for="`+name+`"]`).Length() != 1 {
				t.Errorf("%s: no labelled input %s", role, name)
			}
		}
		if n := d.Find(`#private-form button[type="submit"]`).Length(); n != 1 || d.Find("#private-form").AttrOr("action", "") != privatePath(id) {
			t.Errorf("%s: the form has %d buttons and posts to %q", role, n, d.Find("#private-form").AttrOr("action", ""))
		}
	}
	if r := author.get(privatePath(id)); r.StatusCode != http.StatusOK {
		t.Errorf("the author: %d", r.StatusCode)
	}
	if r := oc.get(privatePath(id)); r.StatusCode != http.StatusForbidden || strings.Contains(r.body, "private_notes") {
		t.Errorf("another researcher: %d", r.StatusCode)
	}
	if r := oc.post(privatePath(id), url.Values{"private_notes": {"planted"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("another researcher saves: %d", r.StatusCode)
	}
	if r := oc.get(casePath(id)); r.StatusCode != http.StatusOK || r.doc(t).Find("#private-link").Length() != 0 || strings.Contains(r.body, "/private") {
		t.Errorf("another researcher's case page: %d, links to the private fields", r.StatusCode)
	}
	if r := fillPrivate(t, e.login("lawyer"), id, map[string]string{"private_family_contact": "Zq5famQ", "private_notes": "Zq5notQ"}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
	}
	for _, c := range []*client{author, e.login("editor")} {
		r := c.get(casePath(id))
		link := r.doc(t).Find("#private-link")
		if link.AttrOr("href", "") != privatePath(id) || !strings.Contains(link.Text(), "2") || strings.Contains(r.body, "Zq5") {
			t.Errorf("the case page's link: %q %q", link.AttrOr("href", ""), link.Text())
		}
	}
	if r := oc.get(privatePath(id)); r.StatusCode != http.StatusForbidden || strings.Contains(r.body, "Zq5") {
		t.Errorf("another researcher after the save: %d", r.StatusCode)
	}
}

// TestPrivateFormSavesAndAudits: saved through the form, the values come
// back on the page with who changed them; the save and each showing are
// in the audit log by field name, and the audit page, in both languages,
// shows no value.
func TestPrivateFormSavesAndAudits(t *testing.T) {
	e := newEnv(t)
	author := e.login("researcher")
	id := e.createCase(author, caseForm())
	r := fillPrivate(t, author, id, map[string]string{
		"private_family_contact": "Жена Zq6famQ\r\nтелефон 8 900 000 55 66", "private_source_reliability": "A1 Zq6srcQ",
	})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != privatePath(id) {
		t.Fatalf("save: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	page := author.get(privatePath(id))
	d := page.doc(t)
	if got := d.Find("#private_family_contact").Text(); got != "Жена Zq6famQ\nтелефон 8 900 000 55 66" {
		t.Errorf("the family contact reads %q", got)
	}
	if d.Find("#flash").Length() != 1 || !strings.Contains(d.Find("#field-family_contact").Text(), "Test researcher") {
		t.Errorf("no saved message or no author of the change:\n%s", d.Find("main").Text())
	}
	// The same form again writes nothing.
	if r := author.post(privatePath(id), privateForm(t, page)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving nothing new: %d", r.StatusCode)
	}
	log, err := e.st.AuditLog(context.Background(), store.AuditQuery{CaseID: id})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(log) - 1; i >= 0; i-- {
		if strings.HasPrefix(log[i].Action, "private.") {
			got = append(got, log[i].Action+" "+string(log[i].Data))
		}
	}
	want := []string{
		`private.edit {"fields":["family_contact","source_reliability"]}`,
		`private.read {"fields":["family_contact","source_reliability"]}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ed := e.login("editor")
	for _, lang := range []string{"ru", "en"} {
		ed.post("/studio/account/lang", url.Values{"lang": {lang}})
		a := ed.get("/studio/audit?case=" + i64(id))
		if a.StatusCode != http.StatusOK || strings.Contains(a.body, "Zq6") {
			t.Fatalf("%s audit page: %d", lang, a.StatusCode)
		}
		for _, w := range map[string][]string{"ru": {"Изменены закрытые поля", "Контакт семьи, Надёжность источника"}, "en": {"Private fields changed", "Family contact, Source reliability"}}[lang] {
			if !strings.Contains(a.body, w) {
				t.Errorf("%s audit page lacks %q", lang, w)
			}
		}
	}
}

// TestPrivateStaleFormKeepsBothTexts: two people open the private
// fields; the first saves the notes; the second, who changed them too,
// gets the page back with a message, their own text in the field and the
// first person's text beside it, and nothing saved; pressing Save again
// keeps what the field holds. A field only the first changed is not
// undone by the second's save.
func TestPrivateStaleFormKeepsBothTexts(t *testing.T) {
	e := newEnv(t)
	author := e.login("researcher")
	id := e.createCase(author, caseForm())
	law, ed := e.login("lawyer"), e.login("editor")
	lawForm := privateForm(t, law.get(privatePath(id)))
	edForm := privateForm(t, ed.get(privatePath(id)))
	lawForm.Set("private_notes", "The lawyer's notes")
	lawForm.Set("private_lawyer_contact", "Counsel Zq4lawQ")
	if r := law.post(privatePath(id), lawForm); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", r.StatusCode)
	}
	edForm.Set("private_notes", "The editor's notes")
	edForm.Set("private_family_contact", "Brother Zq4famQ")
	r := ed.post(privatePath(id), edForm)
	if r.StatusCode != http.StatusConflict || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("stale save: %d", r.StatusCode)
	}
	d := r.doc(t)
	if d.Find(`#private-error[role="alert"]`).Length() != 1 || d.Find("#private_notes").Text() != "The editor's notes" ||
		!strings.Contains(d.Find("#private_notes-note .diff-current").Text(), "The lawyer's notes") ||
		!strings.Contains(d.Find("#private_notes-note").Text(), "Test lawyer") {
		t.Fatalf("the conflict page:\n%s", d.Find("main").Text())
	}
	if d.Find("#private_family_contact").Text() != "Brother Zq4famQ" || d.Find("#private_lawyer_contact").Text() != "Counsel Zq4lawQ" ||
		d.Find("#private_lawyer_contact-note").Length() != 1 {
		t.Errorf("the other fields: family %q, lawyer %q", d.Find("#private_family_contact").Text(), d.Find("#private_lawyer_contact").Text())
	}
	page, _ := e.st.ReadPrivate(context.Background(), e.users["admin"], id)
	if page.Field("notes").Value != "The lawyer's notes" || page.Field("family_contact").Value != "" {
		t.Fatalf("the stale save wrote: %+v", page.Fields)
	}
	if r := ed.post(privatePath(id), privateForm(t, r)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saved again: %d\n%s", r.StatusCode, r.body)
	}
	page, _ = e.st.ReadPrivate(context.Background(), e.users["admin"], id)
	if page.Field("notes").Value != "The editor's notes" || page.Field("family_contact").Value != "Brother Zq4famQ" ||
		page.Field("lawyer_contact").Value != "Counsel Zq4lawQ" {
		t.Errorf("after deciding: %+v", page.Fields)
	}
}

// TestPrivateValueTooLong: a value over its limit is refused with a
// message beside its input that says the limit and the length, every
// text kept, nothing saved.
func TestPrivateValueTooLong(t *testing.T) {
	e := newEnv(t)
	law := e.login("lawyer")
	id := e.createCase(e.login("researcher"), caseForm())
	long := strings.Repeat("ы", store.PrivateLimit("family_contact")+5)
	r := fillPrivate(t, law, id, map[string]string{"private_family_contact": long, "private_notes": "Zq3notQ"})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("too long: %d", r.StatusCode)
	}
	d := r.doc(t)
	msg := d.Find("#private_family_contact-error").Text()
	if !regexp.MustCompile(`2\D?000\D.*2\D?005`).MatchString(msg) || d.Find("#private_family_contact").AttrOr("aria-invalid", "") != "true" ||
		!strings.Contains(d.Find("#private_family_contact").AttrOr("aria-describedby", ""), "private_family_contact-error") {
		t.Errorf("the message beside the input: %q", msg)
	}
	if d.Find("#private_family_contact").Text() != long || d.Find("#private_notes").Text() != "Zq3notQ" || d.Find("#private-error").Length() != 1 {
		t.Error("the text typed is not kept")
	}
	page, _ := e.st.ReadPrivate(context.Background(), e.users["admin"], id)
	for _, f := range page.Fields {
		if f.Value != "" {
			t.Errorf("%s was saved", f.Key)
		}
	}
	if r := law.post(privatePath(id), url.Values{}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("an empty form: %d", r.StatusCode)
	}
}

// TestPrivateFormSentAfterTheSessionEnded: the form sent into a session
// that ran out is kept for its account and given back on the page after
// signing in, not saved until Save is pressed again.
func TestPrivateFormSentAfterTheSessionEnded(t *testing.T) {
	e := newEnv(t)
	law := e.login("lawyer")
	id := e.createCase(e.login("researcher"), caseForm())
	form := privateForm(t, law.get(privatePath(id)))
	e.st.SetClock(func() time.Time { return time.Now().Add(3 * time.Hour) })
	form.Set("private_notes", "Typed while the session ran out Zq2notQ")
	r := law.post(privatePath(id), form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?kept=1") {
		t.Fatalf("expired save: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	next, _ := url.Parse(r.Header.Get("Location"))
	lr := law.post("/login", url.Values{"email": {"lawyer@example.org"}, "password": {testPassword}, "next": {next.Query().Get("next")}})
	if lr.Header.Get("Location") != privatePath(id) {
		t.Fatalf("after sign-in: %s", lr.Header.Get("Location"))
	}
	page := law.get(privatePath(id))
	d := page.doc(t)
	if d.Find("#private_notes").Text() != "Typed while the session ran out Zq2notQ" || d.Find("#flash").Length() != 1 {
		t.Fatalf("the kept form is not given back")
	}
	if p, _ := e.st.ReadPrivate(context.Background(), e.users["admin"], id); p.Field("notes").Value != "" {
		t.Fatal("the kept form was saved unasked")
	}
	if r := law.post(privatePath(id), privateForm(t, page)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	if p, _ := e.st.ReadPrivate(context.Background(), e.users["admin"], id); p.Field("notes").Value != "Typed while the session ran out Zq2notQ" {
		t.Error("the kept form was not saved")
	}
}

// assertNowherePublic walks every surface the public can reach and fails
// the test wherever any of the secrets shows, as it is, HTML-escaped,
// JSON-escaped or URL-encoded: home, case list, every published profile,
// every group page, statistics and open-data pages in both languages;
// both feeds, the sitemap, robots.txt; the open data (cases and
// prosecutions, JSON and CSV, each case); a search for each secret (and
// each of its words) in both languages and the API, which must find
// nothing; every file of the `export-site` mirror, by content and name;
// and `casebook export` without --include-private (the store's dump,
// encoded as the command encodes it). Other parts of a case kept inside
// (consent notes, takedown notes) can be walked by passing them too.
func assertNowherePublic(t *testing.T, e *env, secrets ...string) {
	t.Helper()
	var forms []string
	for _, s := range secrets {
		j, _ := json.Marshal(s)
		forms = append(forms, s, html.EscapeString(s), strings.Trim(string(j), `"`), url.QueryEscape(s), url.PathEscape(s))
	}
	reveals := func(where, body string) {
		t.Helper()
		for _, f := range forms {
			if f != "" && strings.Contains(body, f) {
				t.Errorf("%s reveals %q", where, f)
			}
		}
	}
	c := e.client()
	var list struct {
		Cases []struct {
			Slug string `json:"slug"`
		} `json:"cases"`
	}
	if err := json.Unmarshal([]byte(c.get("/api/v1/cases?per_page=500").body), &list); err != nil || len(list.Cases) == 0 {
		t.Fatalf("no published case to walk: %v", err)
	}
	var pros struct {
		Prosecutions []struct {
			Group string `json:"group"`
		} `json:"prosecutions"`
	}
	json.Unmarshal([]byte(c.get("/api/v1/prosecutions?per_page=500").body), &pros)
	groups := map[string]bool{}
	for _, p := range pros.Prosecutions {
		if p.Group != "" {
			groups[p.Group] = true
		}
	}
	paths := []string{"/sitemap.xml", "/robots.txt", "/api/v1/cases", "/api/v1/cases?per_page=500", "/api/v1/cases.csv",
		"/api/v1/prosecutions", "/api/v1/prosecutions?per_page=500", "/api/v1/prosecutions.csv"}
	for _, l := range []string{"ru", "en"} {
		paths = append(paths, "/"+l+"/", "/"+l+"/cases", "/"+l+"/stats", "/"+l+"/open-data", "/"+l+"/feed.atom")
		for _, cs := range list.Cases {
			paths = append(paths, "/"+l+"/cases/"+cs.Slug)
		}
		for g := range groups {
			paths = append(paths, "/"+l+"/groups/"+g)
		}
	}
	for _, cs := range list.Cases {
		paths = append(paths, "/api/v1/cases/"+cs.Slug)
	}
	for _, p := range paths {
		r := c.get(p)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, r.StatusCode)
			continue
		}
		reveals(p, r.body)
	}
	// Searches: each secret, and each of its words that is a token
	// (with a digit, or a capital inside), finds nothing; a common word
	// may find a published case for its own text, and then shows no
	// secret. The page repeats what was asked, which is the reader's own.
	type query struct {
		q        string
		distinct bool
	}
	var queries []query
	for _, s := range secrets {
		queries = append(queries, query{s, true})
		for _, w := range strings.Fields(s) {
			if len([]rune(w)) >= 4 {
				queries = append(queries, query{w, distinctive(w)})
			}
		}
	}
	for _, qq := range queries {
		q := qq.q
		for _, l := range []string{"ru", "en"} {
			p := "/" + l + "/cases?q=" + url.QueryEscape(q)
			r := c.get(p)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", p, r.StatusCode)
				continue
			}
			if n := r.doc(t).Find(".case-card").Length(); n != 0 && qq.distinct {
				t.Errorf("%s finds %d cases", p, n)
			}
			body := r.body
			for _, echo := range []string{q, html.EscapeString(q), url.QueryEscape(q)} {
				body = strings.ReplaceAll(body, echo, "")
			}
			reveals(p, body)
		}
		p := "/api/v1/cases?q=" + url.QueryEscape(q)
		r := c.get(p)
		var found struct {
			Total int `json:"total"`
		}
		if err := json.Unmarshal([]byte(r.body), &found); err != nil || found.Total != 0 && qq.distinct {
			t.Errorf("%s finds %d (%v)", p, found.Total, err)
		}
		body := r.body
		for _, echo := range []string{q, url.QueryEscape(q)} {
			body = strings.ReplaceAll(body, echo, "")
		}
		reveals(p, body)
	}
	// The static mirror, file by file.
	dir := exportStatic(t, e)
	files := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		reveals("the mirror's "+strings.TrimPrefix(p, dir), string(b)+"\n"+p)
		return nil
	})
	if err != nil || files < 20 {
		t.Fatalf("the mirror: %d files, %v", files, err)
	}
	// `casebook export` without --include-private.
	d, err := e.st.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	reveals("casebook export", b.String())
}

// distinctive says whether a word is a token no text would hold by
// chance: it has a digit, or a capital after its first letter.
func distinctive(w string) bool {
	for i, r := range []rune(w) {
		if unicode.IsDigit(r) || i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// TestPrivateFieldsLeaveNothing puts a distinctive value into every
// private field of a case through the studio form, as its researcher
// would, takes the case through review to publication, does the same
// for a published member of a group case as a lawyer, and then finds
// the values nowhere the public reaches (assertNowherePublic); the
// export with --include-private holds every one.
func TestPrivateFieldsLeaveNothing(t *testing.T) {
	e := newEnv(t, handlers.WithBaseURL("https://casebook.example"))
	ids := publishGroup(t, e)
	secrets := map[string]string{
		"private_family_contact":     "Сестра Зинаида Qx7famK тел 89001234567",
		"private_lawyer_contact":     "Адвокат Qx7lawK lawyer Qx7mail",
		"private_source_reliability": "B2 Qx7srcK надёжный",
		"private_notes":              "Семья боится Qx7notK\nне звонить",
	}
	res := e.login("researcher")
	form := caseForm()
	form.Set("region", "arkhangelsk-oblast")
	form["articles"] = []string{"280.3"}
	id := e.createCase(res, form)
	if r := fillPrivate(t, res, id, secrets); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the researcher's save: %d\n%s", r.StatusCode, r.body)
	}
	e.takeThrough(res, id)
	other := map[string]string{}
	for k, v := range secrets {
		other[k] = strings.ReplaceAll(v, "Qx7", "Qx8")
	}
	if r := fillPrivate(t, e.login("lawyer"), ids.anna, other); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the lawyer's save: %d", r.StatusCode)
	}
	// Consent notes and a takedown request's texts are private too (issue
	// 22's test of everything that must stay inside): recorded through
	// the consent page's forms on the published case.
	ed := e.login("editor")
	inside := []string{"Семья согласна Qx7conK только имя", "Мать Qx7reqK", "Просьба убрать фото Qx7detK", "Решили частично Qx7whyK"}
	mustRecordConsent(t, res, id, "family", "name", "given", "2025-05", inside[0])
	req := registerTakedown(t, e, res, id, inside[1], inside[2], "photo")
	if r := decideTakedown(t, ed, id, req, "partly", inside[3]); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the takedown decision: %d", r.StatusCode)
	}
	if e.detail(id).Live == nil {
		t.Fatal("a decision \"partly\" took the case down")
	}
	// The studio has them, so the walk looks for values that exist.
	page := ed.get(privatePath(id)).body
	consent := ed.get(consentPath(id)).body
	for _, v := range inside {
		if !strings.Contains(consent, html.EscapeString(v)) {
			t.Fatalf("the consent page does not show %q", v)
		}
	}
	all := append([]string{}, inside...)
	for _, m := range []map[string]string{secrets, other} {
		for _, v := range m {
			all = append(all, v)
		}
	}
	for _, v := range secrets {
		if !strings.Contains(page, html.EscapeString(v)) {
			t.Fatalf("the studio does not show %q", v)
		}
	}
	assertNowherePublic(t, e, all...)
	with, err := e.st.ExportWith(context.Background(), store.ExportOptions{Private: true, File: "with.json"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(with)
	text := string(b)
	for _, v := range all {
		j, _ := json.Marshal(v)
		if !strings.Contains(text, string(j)) {
			t.Errorf("the export with private fields lacks %q", v)
		}
	}
}

// TestPrivateValuesAreInert: markup typed into a private field comes
// back as the text typed, never as markup of the page.
func TestPrivateValuesAreInert(t *testing.T) {
	e := newEnv(t)
	law := e.login("lawyer")
	id := e.createCase(e.login("researcher"), caseForm())
	evil := `</textarea><script>alert(1)</script><img src=x onerror=alert(2)>"'&`
	if r := fillPrivate(t, law, id, map[string]string{"private_notes": evil}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	// A conflict shows it beside the field too.
	form := privateForm(t, law.get(privatePath(id)))
	fillPrivate(t, e.login("editor"), id, map[string]string{"private_notes": evil + "2"})
	form.Set("private_notes", evil+"3")
	for _, r := range []*response{law.get(privatePath(id)), law.post(privatePath(id), form)} {
		d := r.doc(t)
		if d.Find("main script, main img").Length() != 0 || strings.Contains(r.body, "<script>alert") {
			t.Errorf("%d: the value became markup", r.StatusCode)
		}
		if got := d.Find("#private_notes").Text(); !strings.HasPrefix(got, evil) {
			t.Errorf("%d: the notes read %q", r.StatusCode, got)
		}
	}
}
