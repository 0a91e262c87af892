package wordpress

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casebook/media"
	"casebook/wordpress/wptest"
)

// TestPhotoFiles: a featured image comes from the uploads folder (by the
// path WordPress recorded or by its address), or, only with --fetch,
// from the site; never from outside the folder, never more than an
// upload may be, and a missing one is an error that says what to do.
func TestPhotoFiles(t *testing.T) {
	ctx := context.Background()
	up := t.TempDir()
	if err := wptest.Uploads(up); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(t.TempDir(), "secret.jpg"), []byte("x"), 0o644)
	for _, m := range []*Media{
		{File: "2024/05/akimushkin.jpg"},
		{URL: "https://politzek.example.org/wp-content/uploads/2024/05/akimushkin.jpg"},
		{URL: "https://politzek.example.org/blog/wp-content/uploads/2024/05/akimushkin.jpg", File: "../../../etc/passwd"},
	} {
		vs, err := Photos{Uploads: up}.photo(ctx, m)
		if err != nil || len(vs) != 2 {
			t.Errorf("%+v: %v", m, err)
		}
	}
	for _, c := range []struct {
		ph   Photos
		m    *Media
		want string
	}{
		{Photos{Uploads: up}, &Media{URL: "https://politzek.example.org/wp-content/uploads/2024/06/none.jpg"}, "is not in the uploads folder (looked for " + filepath.Join(up, "2024", "06", "none.jpg") + "); allow --fetch"},
		{Photos{Uploads: up}, &Media{URL: "https://cdn.example.org/photo.jpg"}, "is not under the uploads folder"},
		{Photos{}, &Media{URL: "https://politzek.example.org/wp-content/uploads/a.jpg"}, "give the site's uploads folder with --uploads DIR, or allow --fetch"},
		{Photos{Uploads: up}, &Media{File: "../../etc/passwd"}, "../../etc/passwd is not under the uploads folder"},
		{Photos{Fetch: true}, &Media{URL: "file:///etc/passwd"}, "only http and https addresses are fetched"},
	} {
		_, err := c.ph.photo(ctx, c.m)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.m, err, c.want)
		}
	}
	big := make([]byte, media.MaxBytes+10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/wp-content/uploads/a.jpg":
			w.Write(wptest.JPEGWithGPS(32, 32))
		case "/wp-content/uploads/big.jpg":
			w.Write(big)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ph := Photos{Fetch: true, Client: srv.Client()}
	if vs, err := ph.photo(ctx, &Media{URL: srv.URL + "/wp-content/uploads/a.jpg"}); err != nil || len(vs) != 2 || strings.Contains(string(vs[0].Data), wptest.Secret) {
		t.Errorf("fetched: %v", err)
	}
	if _, err := ph.photo(ctx, &Media{URL: srv.URL + "/wp-content/uploads/none.jpg"}); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("a missing file: %v", err)
	}
	if _, err := ph.photo(ctx, &Media{URL: srv.URL + "/wp-content/uploads/big.jpg"}); err == nil || !strings.Contains(err.Error(), "10 MB") && !strings.Contains(err.Error(), "large") {
		t.Errorf("a file too large: %v", err)
	}
	// The uploads folder first: nothing is fetched that is there.
	local := Photos{Uploads: up, Fetch: true, Client: srv.Client()}
	if _, err := local.photo(ctx, &Media{URL: srv.URL + "/wp-content/uploads/2024/05/akimushkin.jpg"}); err != nil {
		t.Errorf("local before fetch: %v", err)
	}
}
