package wordpress

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"casebook/content"
	"casebook/wordpress/wptest"
)

// readFixtures reads the fixture site twice: its WXR export and its REST
// pages.
func readFixtures(t *testing.T) (wxr, rest *Export) {
	t.Helper()
	wxr, err := ReadSource(wptest.Fixture("site.xml"))
	if err != nil {
		t.Fatal(err)
	}
	rest, err = ReadSource(wptest.Fixture("rest"))
	if err != nil {
		t.Fatal(err)
	}
	return wxr, rest
}

// neutralFields is what of a post the mapping reads, in one form: the content
// as the Markdown it becomes, the terms as "taxonomy:slug", the meta a
// REST answer can show (WordPress keeps keys with "_" from it).
type neutralFields struct {
	ID                       int64
	Type, Status, Slug, Link string
	Title, Markdown, Excerpt string
	FeaturedID               int64
	Terms                    []string
	Meta                     map[string][]string
	Lang                     string
	Featured                 Media
}

func neutralPost(t *testing.T, x *Export, p *Post) neutralFields {
	t.Helper()
	md, err := ToMarkdown(p.Content)
	if err != nil {
		t.Fatal(err)
	}
	n := neutralFields{ID: p.ID, Type: p.Type, Status: p.Status, Slug: p.Slug, Link: p.Link, Title: p.Title, Markdown: md,
		Excerpt: p.Excerpt, FeaturedID: p.FeaturedID, Lang: p.Lang, Meta: map[string][]string{}}
	for tax, ts := range p.Terms {
		if internalTaxonomies[tax] {
			continue
		}
		for _, term := range ts {
			n.Terms = append(n.Terms, tax+":"+term.Slug)
		}
	}
	slices.Sort(n.Terms)
	for k, v := range p.Meta {
		if !strings.HasPrefix(k, "_") {
			n.Meta[k] = v
		}
	}
	if m := x.Media[p.FeaturedID]; m != nil {
		n.Featured = *m
	}
	return n
}

// TestWXRAndRESTGiveOneModel: the export file and the REST pages of one
// site read into the same posts: the same fields, the same Markdown of
// raw classic, block and rendered content, the same terms and custom
// fields, the same languages and translation pairs, the same featured
// image, and the same site address.
func TestWXRAndRESTGiveOneModel(t *testing.T) {
	wxr, rest := readFixtures(t)
	if wxr.Site != wptest.Site || rest.Site != wptest.Site {
		t.Errorf("sites %q and %q, want %q", wxr.Site, rest.Site, wptest.Site)
	}
	find := func(x *Export, id int64) *Post {
		for _, p := range x.Posts {
			if p.ID == id {
				return p
			}
		}
		t.Fatalf("%s: no post %d", x.Format, id)
		return nil
	}
	for _, id := range []int64{12, 13, 14} {
		a, b := neutralPost(t, wxr, find(wxr, id)), neutralPost(t, rest, find(rest, id))
		if !reflect.DeepEqual(a, b) {
			t.Errorf("post %d:\nWXR  %+v\nREST %+v", id, a, b)
		}
	}
	want := map[int64]neutralFields{
		12: {Markdown: "## Кто такой Александр Акимушкин\n\nЖитель посёлка Сельменга, ему 52 года.\n\nЕго обвинили в «реабилитации нацизма» за комментарии.\n\n" +
			"- Статья 280.3 УК\n- Приговор: 20 месяцев\n\nСм. также [дело Марии Черновой](https://politzek.example.org/?p=14).\n\n" +
			"![Портрет](https://politzek.example.org/wp-content/uploads/2024/05/akimushkin.jpg)",
			Excerpt: "Житель Сельменги осуждён за комментарии в интернете.", Lang: "ru"},
		13: {Markdown: "## Who is Aleksandr Akimushkin\n\nA resident of Selmenga, 52.\n\n- Article 280.3\n- Sentence: 20 months", Excerpt: "Sentenced for comments online.", Lang: "en"},
		14: {Markdown: "Мария Черновая задержана в Москве. Её обвиняют в распространении «фейков» об армии.\n\nСуд ещё не начался.", Lang: "ru"},
	}
	for id, w := range want {
		got := neutralPost(t, wxr, find(wxr, id))
		if got.Markdown != w.Markdown || got.Excerpt != w.Excerpt || got.Lang != w.Lang {
			t.Errorf("post %d: %q / %q / %q, want %q / %q / %q", id, got.Markdown, got.Excerpt, got.Lang, w.Markdown, w.Excerpt, w.Lang)
		}
	}
	p12 := neutralPost(t, wxr, find(wxr, 12))
	if !slices.Equal(p12.Terms, []string{"category:antivoennoe", "post_tag:kommentarii", "region:arkhangelsk"}) {
		t.Errorf("terms %v", p12.Terms)
	}
	if got := p12.Meta["pp_citizenship"]; !slices.Equal(got, []string{"RU"}) {
		t.Errorf("a serialized array reads as %q", got)
	}
	if p12.Featured.File != "2024/05/akimushkin.jpg" || p12.Featured.Alt != "Портрет Александра Акимушкина" || p12.Featured.Caption != "Фото: семья Акимушкина" {
		t.Errorf("featured image %+v", p12.Featured)
	}
	if p := find(wxr, 12); !slices.Equal(p.OldSlugs, []string{"akimushkin"}) || p.Link != "https://politzek.example.org/figurant/aleksandr-akimushkin/" {
		t.Errorf("old slugs %v, link %s", p.OldSlugs, p.Link)
	}
	for _, x := range []*Export{wxr, rest} {
		groups, skipped, refused, noLang := groupPosts(x, "figurant", content.RU)
		var got [][]int64
		for _, g := range groups {
			got = append(got, g.IDs())
		}
		if !reflect.DeepEqual(got, [][]int64{{12, 13}, {14}}) || len(refused) > 0 || noLang > 0 {
			t.Errorf("%s: groups %v, refused %v, %d without a language", x.Format, got, refused, noLang)
		}
		if x.Format == "wxr" && (len(skipped) != 1 || skipped[0].PostID != 15) {
			t.Errorf("the post in the trash: %v", skipped)
		}
	}
}

// TestRESTSiteWithoutIndex: without /wp-json/ saved, the site's address
// comes from the address of the REST answers themselves.
func TestRESTSiteWithoutIndex(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"figurant.json", "media.json"} {
		data, err := os.ReadFile(filepath.Join(wptest.Fixture("rest"), f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	x, err := ReadREST(dir)
	if err != nil {
		t.Fatal(err)
	}
	if x.Site != wptest.Site {
		t.Errorf("site %q", x.Site)
	}
	// Without the term pages, a post's terms are ids the mapping must
	// refuse where it maps them.
	var p12 *Post
	for _, p := range x.Posts {
		if p.ID == 12 {
			p12 = p
		}
	}
	if ts := p12.Terms["region"]; len(ts) != 1 || ts[0].ID != 7 || ts[0].Slug != "" {
		t.Errorf("region terms %+v", ts)
	}
}

// TestNotASource: a file that is not a WXR export, and a directory
// without REST pages, are refused with what they are not.
func TestNotASource(t *testing.T) {
	dir := t.TempDir()
	html := filepath.Join(dir, "page.xml")
	os.WriteFile(html, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title></channel></rss>`), 0o644)
	if _, err := ReadSource(html); err == nil || !strings.Contains(err.Error(), "not a WordPress export") {
		t.Errorf("an RSS feed: %v", err)
	}
	broken := filepath.Join(dir, "broken.xml")
	os.WriteFile(broken, []byte(`<rss><channel><item><title>x</title>`), 0o644)
	if _, err := ReadSource(broken); err == nil || !strings.Contains(err.Error(), "WXR") {
		t.Errorf("a cut file: %v", err)
	}
	empty := filepath.Join(dir, "rest")
	os.Mkdir(empty, 0o755)
	os.WriteFile(filepath.Join(empty, "x.json"), []byte(`<html>403 Forbidden</html>`), 0o644)
	if _, err := ReadSource(empty); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("an HTML page saved as JSON: %v", err)
	}
}

// TestControlCharactersAndCharset: WordPress writes control characters a
// post held, which XML forbids, and a site of old may export in
// windows-1251; both read.
func TestControlCharactersAndCharset(t *testing.T) {
	item := "<item><title>Дело\x08</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
	doc := `<?xml version="1.0" encoding="UTF-8"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><link>http://a.example</link>` + item + `</channel></rss>`
	x, err := ReadWXR(strings.NewReader(doc))
	if err != nil || len(x.Posts) != 1 || x.Posts[0].Title != "Дело" {
		t.Fatalf("%v %+v", err, x)
	}
	cp1251 := strings.ReplaceAll(doc, `encoding="UTF-8"`, `encoding="windows-1251"`)
	cp1251 = strings.ReplaceAll(cp1251, "Дело", "\xc4\xe5\xeb\xee")
	x, err = ReadWXR(strings.NewReader(cp1251))
	if err != nil || x.Posts[0].Title != "Дело" {
		t.Fatalf("windows-1251: %v %+v", err, x)
	}
}
