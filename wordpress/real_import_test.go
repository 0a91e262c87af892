package wordpress

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"casebook/auth"
	"casebook/content"
	"casebook/handlers"
	"casebook/store"
)

// TestImportFromARealWordPress imports what Debian's WordPress exported
// (its own export_wp() and its REST API, see real_test.go) and checks
// every mapped field, the photo without its GPS position, the old
// permalinks, and that importing again changes nothing.
func TestImportFromARealWordPress(t *testing.T) {
	dir := realExport(t)
	m, err := ReadMap(filepath.Join("testdata", "wp", "map.json"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, source := range []string{filepath.Join(dir, "export.xml"), filepath.Join(dir, "rest")} {
		t.Run(filepath.Base(source), func(t *testing.T) {
			x, err := ReadSource(source)
			if err != nil {
				t.Fatal(err)
			}
			st := fixtureStore(t)
			opt := Options{AsPublished: true, Photos: Photos{Uploads: filepath.Join(dir, "uploads")}, Source: filepath.Base(source)}
			r, err := Import(ctx, st, x, m, opt)
			if err != nil {
				var buf bytes.Buffer
				if r != nil {
					r.Print(&buf)
				}
				t.Fatalf("import: %v\n%s", err, buf.String())
			}
			cases := casesBySlug(t, st)
			var pyotr, anna *store.DumpCase
			for _, c := range cases {
				switch c.RU.Name {
				case "Пётр Сосновский":
					pyotr = &c
				case "Анна Белова":
					anna = &c
				}
			}
			if pyotr == nil || anna == nil {
				t.Fatalf("cases %v", slices.Collect(maps.Keys(cases)))
			}
			// The translations are one case with both languages.
			if pyotr.EN.Name != "Pyotr Sosnovsky" || anna.EN.Name != "Anna Belova" {
				t.Errorf("translations not merged: %q, %q", pyotr.EN.Name, anna.EN.Name)
			}
			if pyotr.EN.Headline != realExcerpt {
				t.Errorf("headline %q", pyotr.EN.Headline)
			}
			if pyotr.Region != "arkhangelsk-oblast" || !slices.Equal(pyotr.Articles, []string{"280.3 ч.1"}) || pyotr.DetainedOn != "2024-05" ||
				pyotr.BornOn != "1958" || pyotr.Status != "political_prisoner" || !slices.Contains(pyotr.Categories, "anti-war") {
				t.Errorf("Pyotr's fields: %+v", pyotr.Case)
			}
			if anna.Status != "persecuted" || !slices.Contains(anna.Categories, "journalists") || anna.Region != "kaliningrad-oblast" {
				t.Errorf("Anna's fields: %+v", anna.Case)
			}
			if pyotr.RU.Body == "" || !bytes.Contains([]byte(pyotr.RU.Body), []byte("## ")) {
				t.Errorf("body without its heading: %q", pyotr.RU.Body)
			}
			// The photo went through the upload pipeline: no EXIF.
			hash := content.MediaHash(pyotr.Photo.URL)
			if hash == "" {
				t.Fatalf("no photo: %q", pyotr.Photo.URL)
			}
			md, _, err := st.Media(ctx, hash)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(md.Data, []byte("Exif")) || bytes.Contains(md.Data, []byte("\xff\xe1")) {
				t.Error("the stored photo keeps its EXIF")
			}
			// The old permalink and ?p= lead to the new profile.
			for _, old := range []string{"/figurant/pyotr-sosnovsky/", "/figurant/petr-sosnovskiy"} {
				a, err := st.OldAddressFor(ctx, store.OldPathKey(old, url.Values{}))
				if err != nil || a == nil || a.Slug != pyotr.Slug {
					t.Errorf("%s: %+v %v", old, a, err)
				}
			}
			// And over HTTP: the old permalink answers 301 to the profile.
			sess, err := auth.NewSessionStore(ctx, st, false)
			if err != nil {
				t.Fatal(err)
			}
			e := echo.New()
			handlers.New(st, sess, slog.New(slog.NewTextHandler(io.Discard, nil))).Routes(e)
			srv := httptest.NewServer(e)
			defer srv.Close()
			noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			for old, want := range map[string]string{
				"/figurant/pyotr-sosnovsky/": "/en/cases/" + pyotr.Slug,
				"/figurant/petr-sosnovskiy/": "/ru/cases/" + pyotr.Slug,
			} {
				res, err := noFollow.Get(srv.URL + old)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusMovedPermanently || !strings.HasSuffix(res.Header.Get("Location"), want) {
					t.Errorf("%s: %d to %q, want 301 to %s", old, res.StatusCode, res.Header.Get("Location"), want)
				}
			}
			// Importing the same export again changes nothing.
			x2, err := ReadSource(source)
			if err != nil {
				t.Fatal(err)
			}
			r2, err := Import(ctx, st, x2, m, opt)
			if err != nil || r2.Created != 0 || r2.Updated != 0 || r2.Unchanged != r.Created {
				t.Errorf("second import: %+v %v (first made %d)", r2, err, r.Created)
			}
		})
	}
}
