package wordpress

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"casebook/content"
	"casebook/errs"
	"casebook/store"
	"casebook/wordpress/wptest"
)

// importFixture imports a source of the fixture site (or another file) into st
// with the fixture's mapping and uploads folder.
func importFixture(t *testing.T, st *store.Store, source string, opt Options) (*Report, error) {
	t.Helper()
	x, err := ReadSource(source)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadMap(wptest.Fixture("map.json"))
	if err != nil {
		t.Fatal(err)
	}
	if opt.Photos.Uploads == "" && !opt.Photos.Fetch {
		opt.Photos.Uploads = fixtureUploads(t)
	}
	opt.Source = filepath.Base(source)
	return Import(context.Background(), st, x, m, opt)
}

// fixtureUploads is a copy of the fixture site's uploads folder.
func fixtureUploads(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := wptest.Uploads(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fixtureVariant writes the fixture's WXR export with replacements.
func fixtureVariant(t *testing.T, pairs ...string) string {
	t.Helper()
	data, err := os.ReadFile(wptest.Fixture("site.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("the fixture has no %q", pairs[i])
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	p := filepath.Join(t.TempDir(), "site.xml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// casesBySlug reads every case of the database by slug.
func casesBySlug(t *testing.T, st *store.Store) map[string]store.DumpCase {
	t.Helper()
	d, err := st.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.DumpCase{}
	for _, c := range d.Cases {
		out[c.Slug] = c
	}
	return out
}

func wantWritten(t *testing.T, r *Report, err error, created, updated, unchanged int) {
	t.Helper()
	if err != nil {
		var b bytes.Buffer
		if r != nil {
			r.Print(&b)
		}
		t.Fatalf("%v\n%s", err, b.String())
	}
	if !r.Written || r.Created != created || r.Updated != updated || r.Unchanged != unchanged {
		t.Fatalf("written %v: %d new, %d updated, %d unchanged; want %d, %d, %d", r.Written, r.Created, r.Updated, r.Unchanged, created, updated, unchanged)
	}
}

// TestImportMapsEveryField: the posts of the fixture's type become
// drafts, a translation pair one case with both languages, every field
// the mapping names filled from terms and custom fields, the excerpt the
// headline, the text Markdown, the featured image the photo without its
// metadata; the report counts what there was, and each case's audit
// entry names its posts.
func TestImportMapsEveryField(t *testing.T) {
	st := fixtureStore(t)
	r, err := importFixture(t, st, wptest.Fixture("site.xml"), Options{})
	wantWritten(t, r, err, 2, 0, 0)
	if r.Posts["publish"] != 2 || r.Posts["draft"] != 1 || r.Posts["trash"] != 1 || r.Cases != 2 || len(r.Skipped) != 1 {
		t.Errorf("report %+v", r)
	}
	all := casesBySlug(t, st)
	a, ok := all["aleksandr-akimushkin"]
	if !ok {
		t.Fatalf("no case aleksandr-akimushkin among %v", slices.Collect(func(yield func(string) bool) {
			for k := range all {
				yield(k)
			}
		}))
	}
	if a.State != "draft" || a.LiveRevision != 0 || len(a.Revisions) != 1 {
		t.Errorf("state %s, live %d, %d revisions", a.State, a.LiveRevision, len(a.Revisions))
	}
	c := a.Case
	for field, got := range map[string]any{
		"status": c.Status, "region": c.Region, "categories": c.Categories, "articles": c.Articles,
		"detained_on": c.DetainedOn, "sentenced_on": c.SentencedOn, "custody": c.Custody,
		"place_of_detention": c.PlaceOfDetention, "letter_address": c.LetterAddress, "gender": c.Gender,
		"born_on": c.BornOn, "citizenship": c.Citizenship, "photo credit": c.Photo.Credit,
		"ru name": c.RU.Name, "ru headline": c.RU.Headline, "ru sentence": c.RU.Sentence, "ru photo alt": c.RU.PhotoAlt,
		"en name": c.EN.Name, "en headline": c.EN.Headline, "en sentence": c.EN.Sentence, "en body": c.EN.Body,
	} {
		want := map[string]any{
			"status": "political_prisoner", "region": "arkhangelsk-oblast", "categories": []string{"anti-war"}, "articles": []string{"280.3 ч.1"},
			"detained_on": content.Date("2024-05"), "sentenced_on": content.Date("2024-09-19"), "custody": "serving_sentence",
			"place_of_detention": "ИК-1 Архангельской области", "letter_address": "163000, Архангельск, ул. Примерная, 1, ИК-1", "gender": "male",
			"born_on": content.Date("1972"), "citizenship": []string{"RU"}, "photo credit": "Фото: семья Акимушкина",
			"ru name": "Александр Акимушкин", "ru headline": "Житель Сельменги осуждён за комментарии в интернете.",
			"ru sentence": "20 месяцев колонии общего режима", "ru photo alt": "Портрет Александра Акимушкина",
			"en name": "Aleksandr Akimushkin", "en headline": "Sentenced for comments online.", "en sentence": "20 months in a general-regime penal colony",
			"en body": "## Who is Aleksandr Akimushkin\n\nA resident of Selmenga, 52.\n\n- Article 280.3\n- Sentence: 20 months",
		}[field]
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		if string(gj) != string(wj) {
			t.Errorf("%s: %s, want %s", field, gj, wj)
		}
	}
	if !strings.HasPrefix(c.RU.Body, "## Кто такой Александр Акимушкин\n\n") || !strings.Contains(c.RU.Body, "- Статья 280.3 УК\n") ||
		!strings.Contains(c.RU.Body, "[дело Марии Черновой](https://politzek.example.org/?p=14)") {
		t.Errorf("ru body %q", c.RU.Body)
	}
	// The photo went through the pipeline of an upload.
	hash := content.MediaHash(c.Photo.URL)
	if hash == "" {
		t.Fatalf("photo %q", c.Photo.URL)
	}
	m, public, err := st.Media(context.Background(), hash)
	if err != nil || public {
		t.Fatalf("media %v, public %v", err, public)
	}
	for _, secret := range []string{wptest.Secret, "Exif", "\xff\xe1"} {
		if bytes.Contains(m.Data, []byte(secret)) {
			t.Errorf("the stored photo still has %q", secret)
		}
	}
	if _, err := jpeg.Decode(bytes.NewReader(m.Data)); err != nil {
		t.Errorf("the stored photo: %v", err)
	}
	// The draft post without an excerpt: the start of its text.
	var maria store.DumpCase
	for _, dc := range all {
		if dc.RU.Name == "Мария Черновая" {
			maria = dc
		}
	}
	if maria.RU.Headline != "Мария Черновая задержана в Москве. Её обвиняют в распространении «фейков» об армии." ||
		maria.EN.Name != "" || maria.Status != "political_prisoner" || !slices.Equal(maria.Articles, []string{"207.3 ч.2"}) || maria.Photo.URL != "" {
		t.Errorf("the draft post's case %+v", maria.Case)
	}
	// The audit entry names the posts and their addresses.
	var entry *store.AuditSourceImport
	for _, e := range a.Audit {
		if e.Action == "case.import_wordpress" {
			var v store.AuditSourceImport
			if err := json.Unmarshal(e.Data, &v); err != nil {
				t.Fatal(err)
			}
			entry = &v
		}
	}
	if entry == nil || entry.Site != wptest.Site || entry.Published || entry.Updated || len(entry.Posts) != 2 ||
		entry.Posts[0] != (store.AuditSourcePost{ID: "12", Lang: "ru", URL: wptest.Site + "/figurant/aleksandr-akimushkin/"}) ||
		entry.Posts[1] != (store.AuditSourcePost{ID: "13", Lang: "en", URL: wptest.Site + "/en/figurant/aleksandr-akimushkin-en/"}) {
		t.Errorf("audit entry %+v", entry)
	}
	// A draft's old addresses are as unknown as any.
	for _, key := range []string{"/figurant/aleksandr-akimushkin", "/?p=12", "/?p=14"} {
		if _, err := st.OldAddressFor(context.Background(), key); !errs.Is(err, errs.KindNotFound) {
			t.Errorf("%s of a draft: %v", key, err)
		}
	}
	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{`post type "figurant"`, "posts: 4 (1 draft, 2 publish, 1 trash), making 2 cases", "cases: 2 new, 0 updated, 0 unchanged",
		"left out (1):\n  post 15", "post 14 " + wptest.Site + "/?post_type=figurant&p=14: no excerpt: the headline is the start of the text",
		"post 12 " + wptest.Site + "/figurant/aleksandr-akimushkin/: an image in the text stays in the Markdown"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// TestImportAsPublished: --as-published keeps what was live: the
// published pair is a published case in both languages, the draft a
// draft; each post's old addresses lead to the profile in its language.
func TestImportAsPublished(t *testing.T) {
	st := fixtureStore(t)
	r, err := importFixture(t, st, wptest.Fixture("site.xml"), Options{AsPublished: true})
	wantWritten(t, r, err, 2, 0, 0)
	all := casesBySlug(t, st)
	a := all["aleksandr-akimushkin"]
	if a.State != "published" || a.LiveRevision != 1 || a.PublicSlug != "aleksandr-akimushkin" {
		t.Errorf("state %s, live %d, public %q", a.State, a.LiveRevision, a.PublicSlug)
	}
	for slug, dc := range all {
		if slug != "aleksandr-akimushkin" && (dc.State != "draft" || dc.LiveRevision != 0) {
			t.Errorf("%s: %s, live %d", slug, dc.State, dc.LiveRevision)
		}
	}
	for key, want := range map[string]content.Lang{
		"/figurant/aleksandr-akimushkin": content.RU, "/en/figurant/aleksandr-akimushkin-en": content.EN,
		"/?p=12": content.RU, "/?p=13": content.EN, "/figurant/akimushkin": content.RU,
	} {
		addr, err := st.OldAddressFor(context.Background(), key)
		if err != nil || addr.Slug != "aleksandr-akimushkin" || addr.Lang != want {
			t.Errorf("%s: %+v %v", key, addr, err)
		}
	}
	if _, err := st.OldAddressFor(context.Background(), "/?p=14"); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("the draft's ?p=14: %v", err)
	}
	for _, e := range a.Audit {
		if e.Action == "case.import_wordpress" && !strings.Contains(string(e.Data), `"published":true`) {
			t.Errorf("audit %s", e.Data)
		}
	}
}

// TestImportAgainChangesNothing: a second run of the same export, and a
// run of the same site's REST pages, find the cases the first made and
// leave them alone: no case, revision or audit entry more. A post that
// changed updates its case with a new revision, at the same address.
func TestImportAgainChangesNothing(t *testing.T) {
	st := fixtureStore(t)
	ctx := context.Background()
	r, err := importFixture(t, st, wptest.Fixture("site.xml"), Options{AsPublished: true})
	wantWritten(t, r, err, 2, 0, 0)
	before, err := st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{wptest.Fixture("site.xml"), wptest.Fixture("rest")} {
		r, err = importFixture(t, st, src, Options{AsPublished: true})
		wantWritten(t, r, err, 0, 0, 2)
		after, err := st.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(before.Cases)
		a, _ := json.Marshal(after.Cases)
		if string(a) != string(b) || len(after.Audit) != len(before.Audit) {
			t.Errorf("%s: the second run changed something", filepath.Base(src))
		}
	}
	changed := fixtureVariant(t, "<title><![CDATA[Aleksandr Akimushkin]]></title>", "<title><![CDATA[Alexander Akimushkin]]></title>")
	r, err = importFixture(t, st, changed, Options{AsPublished: true})
	wantWritten(t, r, err, 0, 1, 1)
	a := casesBySlug(t, st)["aleksandr-akimushkin"]
	if a.EN.Name != "Alexander Akimushkin" || len(a.Revisions) != 2 || a.LiveRevision != 2 || a.State != "published" {
		t.Errorf("after the change: %q, %d revisions, live %d, %s", a.EN.Name, len(a.Revisions), a.LiveRevision, a.State)
	}
	if e := a.Audit[len(a.Audit)-1]; e.Action != "case.import_wordpress" || !strings.Contains(string(e.Data), `"updated":true`) {
		t.Errorf("last audit entry %s %s", e.Action, e.Data)
	}
}

// TestImportRefusesAndWritesNothing: a post that cannot be mapped (its
// photo missing, a term the mapping does not name where it refuses
// those, a value Casebook does not know) is listed with why, and
// nothing of the run is written.
func TestImportRefusesAndWritesNothing(t *testing.T) {
	st := fixtureStore(t)
	src := fixtureVariant(t,
		`<category domain="post_tag" nicename="kommentarii">`, `<category domain="post_tag" nicename="sud">`,
		`<![CDATA[мужской]]>`, `<![CDATA[неизвестно]]>`)
	r, err := importFixture(t, st, src, Options{Photos: Photos{Uploads: t.TempDir()}})
	if !errors.Is(err, ErrRefused) || r.Written {
		t.Fatalf("%v, written %v", err, r.Written)
	}
	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{
		"refused (3):",
		"post 12 " + wptest.Site + "/figurant/aleksandr-akimushkin/: the mapping does not name its term post_tag:sud",
		`custom field "pp_gender": "неизвестно" is not in Casebook's genders`,
		"akimushkin.jpg is not in the uploads folder",
		"nothing was imported",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	d, err := st.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Cases) != 0 || len(d.Media) != 0 || len(d.Audit) != 0 {
		t.Errorf("written: %d cases, %d images, %d audit entries", len(d.Cases), len(d.Media), len(d.Audit))
	}
	// No uploads folder and no --fetch: the photo is refused, not left out.
	x, _ := ReadSource(wptest.Fixture("site.xml"))
	m, _ := ReadMap(wptest.Fixture("map.json"))
	r, err = Import(context.Background(), fixtureStore(t), x, m, Options{})
	if !errors.Is(err, ErrRefused) || len(r.Refused) != 1 || !strings.Contains(r.Refused[0].Text, "give the site's uploads folder with --uploads DIR, or allow --fetch") {
		t.Errorf("without photos: %v %+v", err, r.Refused)
	}
}

// TestImportPublishesOnlyWhatWasLive: with --as-published, a pair whose
// English post is a draft goes public in Russian only; the English text
// waits in a draft beside the live revision, as an edit would.
func TestImportPublishesOnlyWhatWasLive(t *testing.T) {
	st := fixtureStore(t)
	src := fixtureVariant(t, "<wp:post_name><![CDATA[aleksandr-akimushkin-en]]></wp:post_name>\n\t\t<wp:status><![CDATA[publish]]></wp:status>",
		"<wp:post_name><![CDATA[aleksandr-akimushkin-en]]></wp:post_name>\n\t\t<wp:status><![CDATA[draft]]></wp:status>")
	r, err := importFixture(t, st, src, Options{AsPublished: true})
	wantWritten(t, r, err, 2, 0, 0)
	a := casesBySlug(t, st)["aleksandr-akimushkin"]
	if a.State != "draft" || a.LiveRevision != 1 || a.WorkingRevision != 2 {
		t.Fatalf("state %s, live %d, working %d", a.State, a.LiveRevision, a.WorkingRevision)
	}
	live := a.Revisions[0].Content
	if live.RU.Name != "Александр Акимушкин" || live.EN.Name != "" || live.EN.Body != "" || a.EN.Name != "Aleksandr Akimushkin" {
		t.Errorf("live en %+v, working en %q", live.EN, a.EN.Name)
	}
	pc, err := st.PublicCaseBySlug(context.Background(), "aleksandr-akimushkin")
	if err != nil || pc.Live.Content.EN.Complete() || !pc.Live.Content.RU.Complete() {
		t.Errorf("public: %v", err)
	}
	// The English post's address leads to the Russian profile until the
	// English one is public.
	addr, err := st.OldAddressFor(context.Background(), "/en/figurant/aleksandr-akimushkin-en")
	if err != nil || addr.Lang != content.RU {
		t.Errorf("%+v %v", addr, err)
	}
}

// TestImportLeavesStudioEditsAlone: a case edited in the studio since
// the last import is not overwritten by a post that changed since,
// unless asked (--overwrite); an unchanged post leaves it alone anyway.
func TestImportLeavesStudioEditsAlone(t *testing.T) {
	st := fixtureStore(t)
	ctx := context.Background()
	r, err := importFixture(t, st, wptest.Fixture("site.xml"), Options{})
	wantWritten(t, r, err, 2, 0, 0)
	editor, err := st.CreateUser(ctx, nil, store.NewUser{Email: "editor@example.org", Name: "Editor", Role: "editor", Password: "ochre walrus timpani quiver"})
	if err != nil {
		t.Fatal(err)
	}
	a := casesBySlug(t, st)["aleksandr-akimushkin"]
	c := a.Case
	c.RU.Headline = "Правка в студии"
	working := int64(0)
	d, err := st.CaseDetail(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	working = d.Case.WorkingRevisionID
	if _, err := st.SaveRevision(ctx, editor, a.ID, working, &c); err != nil {
		t.Fatal(err)
	}
	r, err = importFixture(t, st, wptest.Fixture("site.xml"), Options{})
	wantWritten(t, r, err, 0, 0, 2)
	changed := fixtureVariant(t, "Житель Сельменги осуждён за комментарии в интернете.", "Житель Сельменги осуждён.")
	r, err = importFixture(t, st, changed, Options{})
	if !errors.Is(err, ErrRefused) || len(r.Refused) != 1 || !strings.Contains(r.Refused[0].Text, "edited in the studio since the last import") {
		t.Fatalf("%v %+v", err, r.Refused)
	}
	if got := casesBySlug(t, st)["aleksandr-akimushkin"].RU.Headline; got != "Правка в студии" {
		t.Errorf("headline %q", got)
	}
	r, err = importFixture(t, st, changed, Options{Overwrite: true})
	wantWritten(t, r, err, 0, 1, 1)
	if got := casesBySlug(t, st)["aleksandr-akimushkin"]; got.RU.Headline != "Житель Сельменги осуждён." || len(got.Revisions) != 3 {
		t.Errorf("headline %q, %d revisions", got.RU.Headline, len(got.Revisions))
	}
}

// TestImportSurvivesExportAndRestore: `casebook export` carries what an
// import keeps of its posts and their old addresses, so that a database
// restored from it redirects them still and a later import of the site
// finds its cases again and changes nothing.
func TestImportSurvivesExportAndRestore(t *testing.T) {
	ctx := context.Background()
	st := fixtureStore(t)
	r, err := importFixture(t, st, wptest.Fixture("site.xml"), Options{AsPublished: true})
	wantWritten(t, r, err, 2, 0, 0)
	d, err := st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	dump, err := store.ParseImport(raw)
	if err != nil {
		t.Fatal(err)
	}
	restored := fixtureStore(t)
	if _, err := restored.Import(ctx, dump, store.ImportOptions{Source: "export.json"}); err != nil {
		t.Fatal(err)
	}
	a := casesBySlug(t, restored)["aleksandr-akimushkin"]
	if len(a.ImportedFrom) != 2 || a.ImportedFrom[0].Revision != 1 || len(a.OldAddresses) != 5 {
		t.Errorf("restored: %+v, %+v", a.ImportedFrom, a.OldAddresses)
	}
	if addr, err := restored.OldAddressFor(ctx, "/figurant/aleksandr-akimushkin"); err != nil || addr.Slug != "aleksandr-akimushkin" {
		t.Errorf("old address after the restore: %+v %v", addr, err)
	}
	r, err = importFixture(t, restored, wptest.Fixture("site.xml"), Options{AsPublished: true})
	wantWritten(t, r, err, 0, 0, 2)
}
