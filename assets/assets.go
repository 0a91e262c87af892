// Package assets embeds the CSS, images and scripts of Casebook and serves
// them under names that carry a hash of their content, so that browsers and
// caches may keep them for a year and still never see a stale file.
package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed static
var files embed.FS

type asset struct {
	body  []byte
	ctype string
	etag  string
}

type index struct {
	byURL  map[string]asset  // "/assets/style.1a2b3c4d5e.css" -> file
	byName map[string]string // "style.css" -> its URL
}

var load = sync.OnceValue(func() index {
	ix := index{byURL: map[string]asset{}, byName: map[string]string{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		h := hex.EncodeToString(sum[:])[:10]
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		url := "/assets/" + strings.TrimSuffix(name, ext) + "." + h + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		ix.byURL[url] = asset{body: body, ctype: ctype, etag: `"` + h + `"`}
		ix.byName[name] = url
		return nil
	})
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return ix
})

// Path is the URL of an embedded file, such as Path("style.css"). An
// unknown name panics, so that a typo fails every test that renders a page.
func Path(name string) string {
	url, ok := load().byName[name]
	if !ok {
		panic("assets: no file " + name)
	}
	return url
}

// ServeHTTP serves an embedded file by its hashed URL.
func ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a, ok := load().byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", a.etag)
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	w.Write(a.body)
}

// URLs lists the hashed address of every embedded file, for a static
// export of the site.
func URLs() []string {
	var out []string
	for _, u := range load().byName {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}
