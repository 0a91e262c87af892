package wordpress

// The real WordPress of issue 14: Debian's wordpress package on MariaDB,
// PHP-FPM and nginx on loopback, set up by testdata/wp/setup.sh, filled by
// testdata/wp/seed.php through WordPress's own PHP API, and exported by
// testdata/wp/export.sh with WordPress's own export_wp() and its REST API.
//
// The importer's end-to-end test (issue 14) uses realExport.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// realPort is where the test WordPress listens on 127.0.0.1
// (CASEBOOK_WP_PORT changes it).
func realPort() string {
	if p := os.Getenv("CASEBOOK_WP_PORT"); p != "" {
		return p
	}
	return "18090"
}

// What seed.php writes, for the checks here and in the importer's test.
const (
	// realEditedExcerpt is Pyotr Sosnovsky's English excerpt after
	// `seed.php --edit`; realExcerpt is the one before.
	realExcerpt       = "A pensioner from Arkhangelsk, convicted over anti-war posts."
	realEditedExcerpt = "An Arkhangelsk pensioner serving 20 months for anti-war posts."
	// realGPSLatitude is in the EXIF of the featured image of Pyotr
	// Sosnovsky (testdata/wp/sosnovsky.jpg, uploads/2024/11/sosnovsky.jpg).
	realGPSLatitude = 64.5399
)

// realExport sets up the test WordPress (or finds it running), seeds the
// fixture's content and exports it into a new temporary directory:
// export.xml (WXR), rest/*.json (REST API pages), uploads/ (the files the
// URLs in both name; site.json gives the URL prefix that maps to it).
// The site stays up until the test ends, and is stopped then if this test
// started it. It skips the test outside CI where the packages are missing
// or it is not root; in CI (CI=true) it installs them and fails if it cannot.
func realExport(t *testing.T) (dir string) {
	t.Helper()
	return realExportSeeded(t, false)
}

// realExportEdited is realExport after an editor changed one field: Pyotr
// Sosnovsky's English excerpt is realEditedExcerpt. The next realExport
// puts it back.
func realExportEdited(t *testing.T) (dir string) {
	t.Helper()
	return realExportSeeded(t, true)
}

func realExportSeeded(t *testing.T, edit bool) string {
	t.Helper()
	realWordPressOrSkip(t)
	realLock(t)
	wp, err := filepath.Abs(filepath.Join("testdata", "wp"))
	if err != nil {
		t.Fatal(err)
	}
	port := realPort()
	if realRun(t, 10*time.Second, filepath.Join(wp, "setup.sh"), "status") != nil {
		// Started here, so stopped when the test ends (before the lock is
		// let go: cleanups run last registered first).
		t.Cleanup(func() {
			if err := realRun(t, time.Minute, filepath.Join(wp, "setup.sh"), "stop"); err != nil {
				t.Errorf("stopping the test WordPress: %v", err)
			}
		})
	}
	// The package installs can take minutes on a cold machine.
	if err := realRun(t, 10*time.Minute, filepath.Join(wp, "setup.sh"), port); err != nil {
		t.Fatalf("setting up WordPress: %v", err)
	}
	seed := []string{"php", filepath.Join(wp, "seed.php")}
	if edit {
		seed = append(seed, "--edit")
	}
	if err := realRun(t, time.Minute, append(seed, port)...); err != nil {
		t.Fatalf("seeding WordPress: %v", err)
	}
	dir := t.TempDir()
	if err := realRun(t, time.Minute, filepath.Join(wp, "export.sh"), dir, port); err != nil {
		t.Fatalf("exporting WordPress: %v", err)
	}
	if os.Geteuid() != 0 {
		// export.sh ran under sudo: give the files to the test's user.
		if err := realRun(t, time.Minute, "chown", "-R", fmt.Sprintf("%d:%d", os.Geteuid(), os.Getegid()), dir); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// realWordPressOrSkip skips the test outside CI when it cannot run: the
// packages are missing, it is not root (nor may use sudo without a
// password), or the machine is not Debian-like Linux. In CI it never skips.
func realWordPressOrSkip(t *testing.T) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		return
	}
	var missing []string
	for _, f := range []string{"/usr/share/wordpress/wp-load.php", "/usr/sbin/mariadbd", "/usr/sbin/nginx", "/usr/bin/php", "/usr/bin/exiftool"} {
		if _, err := os.Stat(f); err != nil {
			missing = append(missing, f)
		}
	}
	if fpm, _ := filepath.Glob("/usr/sbin/php-fpm*"); len(fpm) == 0 {
		missing = append(missing, "/usr/sbin/php-fpm*")
	}
	switch {
	case runtime.GOOS != "linux":
		t.Skip("the test WordPress needs Debian's packages (Linux)")
	case len(missing) > 0:
		t.Skipf("the test WordPress is not installed (no %s): run wordpress/testdata/wp/setup.sh as root, or set CI=true", strings.Join(missing, ", "))
	case os.Geteuid() != 0 && exec.Command("sudo", "-n", "true").Run() != nil:
		t.Skip("the test WordPress needs root (or sudo without a password) to start its daemons")
	}
}

// realRun runs a command (under sudo -n when not root) and logs what it
// printed; an error carries the output.
func realRun(t *testing.T, timeout time.Duration, args ...string) error {
	t.Helper()
	if os.Geteuid() != 0 {
		args = append([]string{"sudo", "-n", "--preserve-env=CI"}, args...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	// The daemons the scripts start hold no descriptor of ours, but a
	// stray child must not keep the test waiting for its pipe.
	cmd.WaitDelay = 5 * time.Second
	var shown []string // the command with its scripts' names, not their paths
	for _, a := range args {
		if strings.HasPrefix(a, "/") && !strings.HasPrefix(a, os.TempDir()) {
			a = filepath.Base(a)
		}
		shown = append(shown, a)
	}
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("%w (timed out after %v)", err, timeout)
		}
		err = fmt.Errorf("%s: %w\n%s", strings.Join(shown, " "), err, out)
		return err
	}
	if shown[len(shown)-1] != "status" {
		t.Logf("%s (%v): %s", strings.Join(shown, " "), took, bytes.TrimSpace(out))
	}
	return nil
}

// The test WordPress is one per machine: a lock file keeps two test
// processes (this package's in two worktrees, say) from seeding or
// stopping it under each other; within a process, calls share the lock.
var realLockState struct {
	sync.Mutex
	holders int
	file    *os.File
}

func realLock(t *testing.T) {
	t.Helper()
	s := &realLockState
	s.Lock()
	defer s.Unlock()
	if s.holders == 0 {
		f, err := os.OpenFile(filepath.Join(os.TempDir(), "casebook-wp.lock"), os.O_CREATE|os.O_RDWR, 0o666)
		if err != nil {
			t.Fatal(err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			t.Fatal(err)
		}
		s.file = f
	}
	s.holders++
	t.Cleanup(func() {
		s.Lock()
		defer s.Unlock()
		s.holders--
		if s.holders == 0 {
			s.file.Close() // lets the lock go
			s.file = nil
		}
	})
}

// --- What the exports look like, as far as these checks read them.

type realWXR struct {
	Channel struct {
		BaseSiteURL string        `xml:"http://wordpress.org/export/1.2/ base_site_url"`
		Terms       []realWXRTerm `xml:"http://wordpress.org/export/1.2/ term"`
		Items       []realWXRItem `xml:"item"`
	} `xml:"channel"`
}

type realWXRTerm struct {
	ID          int    `xml:"http://wordpress.org/export/1.2/ term_id"`
	Taxonomy    string `xml:"http://wordpress.org/export/1.2/ term_taxonomy"`
	Slug        string `xml:"http://wordpress.org/export/1.2/ term_slug"`
	Name        string `xml:"http://wordpress.org/export/1.2/ term_name"`
	Description string `xml:"http://wordpress.org/export/1.2/ term_description"`
}

type realWXRItem struct {
	Title         string `xml:"title"`
	Link          string `xml:"link"`
	Content       string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Excerpt       string `xml:"http://wordpress.org/export/1.2/excerpt/ encoded"`
	ID            int    `xml:"http://wordpress.org/export/1.2/ post_id"`
	Name          string `xml:"http://wordpress.org/export/1.2/ post_name"`
	Status        string `xml:"http://wordpress.org/export/1.2/ status"`
	Type          string `xml:"http://wordpress.org/export/1.2/ post_type"`
	AttachmentURL string `xml:"http://wordpress.org/export/1.2/ attachment_url"`
	Categories    []struct {
		Domain   string `xml:"domain,attr"`
		Nicename string `xml:"nicename,attr"`
		Name     string `xml:",chardata"`
	} `xml:"category"`
	Meta []struct {
		Key   string `xml:"http://wordpress.org/export/1.2/ meta_key"`
		Value string `xml:"http://wordpress.org/export/1.2/ meta_value"`
	} `xml:"http://wordpress.org/export/1.2/ postmeta"`
}

func (it realWXRItem) meta(key string) string {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

// terms lists the item's terms of one taxonomy as "slug" values.
func (it realWXRItem) terms(taxonomy string) []string {
	var s []string
	for _, c := range it.Categories {
		if c.Domain == taxonomy {
			s = append(s, c.Nicename)
		}
	}
	slices.Sort(s)
	return s
}

type realRESTPost struct {
	ID            int                       `json:"id"`
	Slug          string                    `json:"slug"`
	Status        string                    `json:"status"`
	Type          string                    `json:"type"`
	Link          string                    `json:"link"`
	Title         struct{ Rendered string } `json:"title"`
	Content       struct{ Rendered string } `json:"content"`
	Excerpt       struct{ Rendered string } `json:"excerpt"`
	FeaturedMedia int                       `json:"featured_media"`
	Categories    []int                     `json:"categories"`
	Tags          []int                     `json:"tags"`
	Language      []int                     `json:"language"`
	Translations  map[string]int            `json:"translations"`
	Lang          string                    `json:"lang"`
	Meta          realRESTMeta              `json:"meta"`
	Embedded      struct {
		FeaturedMedia []struct {
			ID        int    `json:"id"`
			SourceURL string `json:"source_url"`
		} `json:"wp:featuredmedia"`
		Terms [][]struct {
			Taxonomy string `json:"taxonomy"`
			Slug     string `json:"slug"`
		} `json:"wp:term"`
	} `json:"_embedded"`
}

// realRESTMeta is a REST answer's "meta": an object of the registered keys, or
// [] (PHP's empty array) for a type without any, as "post" here.
type realRESTMeta map[string]string

func (m *realRESTMeta) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "[]" {
		*m = realRESTMeta{}
		return nil
	}
	return json.Unmarshal(b, (*map[string]string)(m))
}

type realRESTTerm struct {
	ID          int    `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Taxonomy    string `json:"taxonomy"`
	Description string `json:"description"`
}

type realRESTMedia struct {
	ID        int    `json:"id"`
	SourceURL string `json:"source_url"`
	MimeType  string `json:"mime_type"`
	AltText   string `json:"alt_text"`
}

func realReadJSON[T any](t *testing.T, file string) T {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return v
}

// realPHPGroup reads Polylang's serialized translation group,
// a:2:{s:2:"ru";i:12;s:2:"en";i:13;}.
func realPHPGroup(s string) map[string]int {
	m := map[string]int{}
	for _, g := range regexp.MustCompile(`s:\d+:"([a-z_]+)";i:(\d+);`).FindAllStringSubmatch(s, -1) {
		m[g[1]], _ = strconv.Atoi(g[2])
	}
	return m
}

// realEXIFLatitude reads a JPEG's GPS latitude with exiftool (installed by
// setup.sh); ok is false when it has none.
func realEXIFLatitude(t *testing.T, file string) (lat float64, ok bool) {
	t.Helper()
	out, err := exec.Command("exiftool", "-n", "-s3", "-GPSLatitude", file).Output()
	if err != nil {
		t.Fatalf("exiftool %s: %v", file, err)
	}
	s := strings.TrimSpace(string(out))
	if s == "" {
		return 0, false
	}
	lat, err = strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("exiftool %s: GPSLatitude %q", file, s)
	}
	return lat, true
}

// realUploadsFile is the file under dir/uploads that a URL of the site names.
func realUploadsFile(t *testing.T, dir, rawURL string) string {
	t.Helper()
	site := realReadJSON[struct {
		UploadsURL string `json:"uploads_url"`
		UploadsDir string `json:"uploads_dir"`
	}](t, filepath.Join(dir, "site.json"))
	rest, ok := strings.CutPrefix(rawURL, site.UploadsURL)
	if !ok {
		t.Fatalf("%s is not under the uploads URL %s", rawURL, site.UploadsURL)
	}
	return filepath.Join(dir, site.UploadsDir, filepath.FromSlash(rest))
}

func TestRealWordPressExport(t *testing.T) {
	dir := realExport(t)
	site := "http://127.0.0.1:" + realPort()

	// --- WXR, as export_wp() writes it.
	raw, err := os.ReadFile(filepath.Join(dir, "export.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc realWXR
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("export.xml: %v", err)
	}
	if doc.Channel.BaseSiteURL != site {
		t.Errorf("base_site_url %q, want %q", doc.Channel.BaseSiteURL, site)
	}
	items := map[string]realWXRItem{} // by type/slug
	byID := map[int]realWXRItem{}
	for _, it := range doc.Channel.Items {
		items[it.Type+"/"+it.Name] = it
		byID[it.ID] = it
	}
	get := func(key string) realWXRItem {
		t.Helper()
		it, ok := items[key]
		if !ok {
			t.Fatalf("export.xml has no %s; it has %v", key, slices.Sorted(maps.Keys(items)))
		}
		return it
	}
	ru, en := get("figurant/petr-sosnovskiy"), get("figurant/pyotr-sosnovsky")
	belovaRU, belovaEN := get("figurant/anna-belova"), get("figurant/anna-belova-2")
	draft, news := get("figurant/sergey-chernovoy"), get("post/priznanie-belovoy")

	if ru.Title != "Пётр Сосновский" || en.Title != "Pyotr Sosnovsky" || ru.Status != "publish" {
		t.Errorf("titles %q, %q, status %q", ru.Title, en.Title, ru.Status)
	}
	if ru.Link != site+"/figurant/petr-sosnovskiy/" || belovaEN.Link != site+"/figurant/anna-belova-2/" {
		t.Errorf("permalinks %q, %q", ru.Link, belovaEN.Link)
	}
	for _, want := range []string{
		`<h2 class="wp-block-heading">Уголовное дело</h2>`,
		`<ul><li>Май 2024: задержан`,
		`<strong>Архангельска</strong>`,
		`<a href="https://example.org/news/sosnovskiy">`,
		`<a href="` + site + `/figurant/anna-belova/">Анну Белову</a>`,
		`<img src="` + site + `/wp-content/uploads/2024/11/court-240x300.jpg" alt="Здание суда"`,
		`<!-- wp:heading -->`,
	} {
		if !strings.Contains(ru.Content, want) {
			t.Errorf("the Russian content lacks %s:\n%s", want, ru.Content)
		}
	}
	if !strings.Contains(en.Content, `<a href="`+site+`/figurant/anna-belova-2/">Anna Belova</a>`) {
		t.Errorf("the English content lacks its internal link:\n%s", en.Content)
	}
	if en.Excerpt != realExcerpt || ru.Excerpt != "Пенсионер из Архангельска, осуждён за посты против войны." {
		t.Errorf("excerpts %q, %q", ru.Excerpt, en.Excerpt)
	}
	for k, v := range map[string]string{"region": "arkhangelsk-oblast", "articles": "280.3 ч.1", "detained_on": "2024-05", "status": "political_prisoner", "birth_year": "1958"} {
		if ru.meta(k) != v || en.meta(k) != v {
			t.Errorf("meta %s: %q and %q, want %q", k, ru.meta(k), en.meta(k), v)
		}
	}
	if got := belovaRU.meta("articles"); got != "207.3 ч.2" {
		t.Errorf("Belova's articles %q", got)
	}
	for _, c := range []struct {
		it       realWXRItem
		tax      string
		want     []string
		describe string
	}{
		{ru, "category", []string{"antivoennye-dela"}, "Russian categories"},
		{en, "category", []string{"anti-war-cases"}, "English categories"},
		{belovaRU, "category", []string{"antivoennye-dela", "zhurnalisty"}, "Belova's categories"},
		{ru, "post_tag", []string{"arkhangelskaya-oblast"}, "Russian tags"},
		{en, "post_tag", []string{"arkhangelsk-oblast"}, "English tags"},
		{ru, "language", []string{"ru"}, "Russian language"},
		{en, "language", []string{"en"}, "English language"},
		{draft, "language", []string{"ru"}, "the draft's language"},
		{news, "category", []string{"priznaniya"}, "the announcement's categories"},
	} {
		if got := c.it.terms(c.tax); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.describe, got, c.want)
		}
	}
	if draft.Status != "draft" || news.Type != "post" || news.Status != "publish" {
		t.Errorf("draft status %q, announcement %s %q", draft.Status, news.Type, news.Status)
	}
	// Translations: both carry one post_translations term whose description
	// pairs their ids, as Polylang's does.
	groups := map[string]realWXRTerm{}
	for _, term := range doc.Channel.Terms {
		if term.Taxonomy == "post_translations" {
			groups[term.Slug] = term
		}
	}
	for _, pair := range [][2]realWXRItem{{ru, en}, {belovaRU, belovaEN}} {
		g := pair[0].terms("post_translations")
		if len(g) != 1 || !slices.Equal(g, pair[1].terms("post_translations")) {
			t.Errorf("%s and %s: translation groups %v and %v", pair[0].Name, pair[1].Name, g, pair[1].terms("post_translations"))
			continue
		}
		want := map[string]int{"ru": pair[0].ID, "en": pair[1].ID}
		if got := realPHPGroup(groups[g[0]].Description); !maps.Equal(got, want) {
			t.Errorf("group %s: %q, want %v", g[0], groups[g[0]].Description, want)
		}
	}
	// The featured image: one attachment for both languages, with its URL.
	thumb, _ := strconv.Atoi(ru.meta("_thumbnail_id"))
	att := byID[thumb]
	if att.Type != "attachment" || en.meta("_thumbnail_id") != ru.meta("_thumbnail_id") ||
		att.AttachmentURL != site+"/wp-content/uploads/2024/11/sosnovsky.jpg" {
		t.Fatalf("featured image: _thumbnail_id %q/%q, attachment %+v", ru.meta("_thumbnail_id"), en.meta("_thumbnail_id"), att)
	}
	if news.meta("_thumbnail_id") == "" {
		t.Error("the announcement has no featured image")
	}

	// --- REST, as curl saved it: published posts only.
	rest := filepath.Join(dir, "rest")
	figurants := realReadJSON[[]realRESTPost](t, filepath.Join(rest, "figurant-1.json"))
	if _, err := os.Stat(filepath.Join(rest, "figurant-2.json")); err == nil {
		t.Error("a second page of figurants, for 4 of them at 100 a page")
	}
	bySlug := map[string]realRESTPost{}
	for _, p := range figurants {
		bySlug[p.Slug] = p
	}
	if len(figurants) != 4 || bySlug["sergey-chernovoy"].ID != 0 {
		t.Errorf("REST figurants %v, want the 4 published", slices.Sorted(maps.Keys(bySlug)))
	}
	rr, re := bySlug["petr-sosnovskiy"], bySlug["pyotr-sosnovsky"]
	if rr.ID != ru.ID || re.ID != en.ID || rr.Link != ru.Link || rr.Title.Rendered != ru.Title {
		t.Errorf("REST %+v does not match the WXR's post %d %s", rr, ru.ID, ru.Link)
	}
	if rr.Lang != "ru" || re.Lang != "en" || !maps.Equal(rr.Translations, map[string]int{"ru": ru.ID, "en": en.ID}) || !maps.Equal(re.Translations, rr.Translations) {
		t.Errorf("REST lang/translations: %q %v, %q %v", rr.Lang, rr.Translations, re.Lang, re.Translations)
	}
	if rr.Meta["region"] != "arkhangelsk-oblast" || rr.Meta["articles"] != "280.3 ч.1" || rr.Meta["detained_on"] != "2024-05" || rr.Meta["status"] != "political_prisoner" {
		t.Errorf("REST meta %v", rr.Meta)
	}
	if !strings.Contains(rr.Content.Rendered, `<h2 class="wp-block-heading">Уголовное дело</h2>`) ||
		!strings.Contains(rr.Content.Rendered, `href="`+site+`/figurant/anna-belova/"`) ||
		!strings.Contains(re.Excerpt.Rendered, realExcerpt) {
		t.Errorf("REST content or excerpt:\n%s\n%s", rr.Content.Rendered, re.Excerpt.Rendered)
	}
	if len(rr.Categories) != 1 || len(rr.Tags) != 1 || len(rr.Language) != 1 {
		t.Errorf("REST terms: categories %v tags %v language %v", rr.Categories, rr.Tags, rr.Language)
	}
	var embedded []string
	for _, list := range rr.Embedded.Terms {
		for _, term := range list {
			embedded = append(embedded, term.Taxonomy+":"+term.Slug)
		}
	}
	for _, want := range []string{"category:antivoennye-dela", "post_tag:arkhangelskaya-oblast", "language:ru"} {
		if !slices.Contains(embedded, want) {
			t.Errorf("REST _embedded wp:term lacks %s: %v", want, embedded)
		}
	}
	if rr.FeaturedMedia != thumb || len(rr.Embedded.FeaturedMedia) != 1 || rr.Embedded.FeaturedMedia[0].SourceURL != att.AttachmentURL {
		t.Errorf("REST featured media %d %+v, want %d %s", rr.FeaturedMedia, rr.Embedded.FeaturedMedia, thumb, att.AttachmentURL)
	}
	posts := realReadJSON[[]realRESTPost](t, filepath.Join(rest, "posts-1.json"))
	if len(posts) != 1 || posts[0].Slug != "priznanie-belovoy" || posts[0].Lang != "ru" {
		t.Errorf("REST posts: %+v", posts)
	}
	media := realReadJSON[[]realRESTMedia](t, filepath.Join(rest, "media-1.json"))
	if len(media) != 3 || !slices.ContainsFunc(media, func(m realRESTMedia) bool {
		return m.ID == thumb && m.SourceURL == att.AttachmentURL && m.MimeType == "image/jpeg" && m.AltText == "Пётр Сосновский"
	}) {
		t.Errorf("REST media: %+v", media)
	}
	termSlugs := func(file string) []string {
		var s []string
		for _, term := range realReadJSON[[]realRESTTerm](t, filepath.Join(rest, file)) {
			s = append(s, term.Slug)
		}
		return s
	}
	for file, want := range map[string][]string{
		"categories-1.json": {"antivoennye-dela", "anti-war-cases", "zhurnalisty", "journalists", "priznaniya"},
		"tags-1.json":       {"arkhangelskaya-oblast", "arkhangelsk-oblast", "kaliningrad-oblast"},
		"language-1.json":   {"ru", "en"},
	} {
		got := termSlugs(file)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s lacks %s: %v", file, w, got)
			}
		}
	}
	pairs := 0
	for _, term := range realReadJSON[[]realRESTTerm](t, filepath.Join(rest, "post_translations-1.json")) {
		if g := realPHPGroup(term.Description); maps.Equal(g, map[string]int{"ru": ru.ID, "en": en.ID}) || maps.Equal(g, map[string]int{"ru": belovaRU.ID, "en": belovaEN.ID}) {
			pairs++
		}
	}
	if pairs != 2 {
		t.Errorf("post_translations-1.json holds %d of the 2 pairs", pairs)
	}

	// --- The permalinks are the live site's addresses: a profile answers at
	// /figurant/<slug>/, and /?p=<id> redirects there, as the importer's
	// redirects will have to.
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{
		"/figurant/petr-sosnovskiy/":                "200 ",
		"/figurant/anna-belova-2/":                  "200 ",
		"/?p=" + strconv.Itoa(ru.ID):                "301 " + ru.Link,
		"/figurant/sergey-chernovoy/":               "404 ",
		"/wp-content/uploads/2024/11/sosnovsky.jpg": "200 ",
	} {
		resp, err := client.Get(site + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := strconv.Itoa(resp.StatusCode) + " " + resp.Header.Get("Location"); got != want {
			t.Errorf("GET %s: %q, want %q", path, got, want)
		}
	}

	// --- The bytes: the uploads copy holds the original, EXIF and all, so
	// that the importer's stripping meets a real phone photo's metadata.
	photo := realUploadsFile(t, dir, att.AttachmentURL)
	got, err := os.ReadFile(photo)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "wp", "sosnovsky.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not the uploaded original", photo)
	}
	if lat, ok := realEXIFLatitude(t, photo); !ok || lat != realGPSLatitude {
		t.Errorf("%s: GPS latitude %v (%v), want %v", photo, lat, ok, realGPSLatitude)
	}
	if _, err := os.Stat(realUploadsFile(t, dir, site+"/wp-content/uploads/2024/11/court-240x300.jpg")); err != nil {
		t.Errorf("the resized image the content shows is not in uploads: %v", err)
	}

	// --- A second export after an editor's change differs in that field.
	edited := realExportEdited(t)
	raw2, err := os.ReadFile(filepath.Join(edited, "export.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw2, []byte(realEditedExcerpt)) || bytes.Contains(raw2, []byte(realExcerpt)) {
		t.Error("the edited export does not carry the edited excerpt (only)")
	}
	figurants2 := realReadJSON[[]realRESTPost](t, filepath.Join(edited, "rest", "figurant-1.json"))
	if !slices.ContainsFunc(figurants2, func(p realRESTPost) bool {
		return p.Slug == "pyotr-sosnovsky" && strings.Contains(p.Excerpt.Rendered, realEditedExcerpt)
	}) {
		t.Error("the edited REST export does not carry the edited excerpt")
	}
	// ... and a seed without --edit puts it back, so runs do not drift.
	again := realExport(t)
	raw3, err := os.ReadFile(filepath.Join(again, "export.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw3, []byte(realExcerpt)) {
		t.Error("the excerpt did not come back")
	}
	if n, m := bytes.Count(raw, []byte("<item>")), bytes.Count(raw3, []byte("<item>")); n != m {
		t.Errorf("seeding again changed the number of items: %d, then %d", n, m)
	}
}
