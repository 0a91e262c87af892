package handlers

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"

	"casebook/assets"
	"casebook/content"
	"casebook/store"
	"casebook/views"
)

// ExportSite writes the public site into dir as static files at the same
// addresses (a page at /ru/cases/x is /ru/cases/x/index.html), for any
// static host, CDN or mirror: both languages, every profile, the list
// pages and their status and year filters, the case groups' pages,
// statistics, feeds, sitemap, robots.txt, public photos and assets. The
// handler must have been made WithStatic, and e routed by it. It returns
// how many files it wrote.
func (h *Handler) ExportSite(ctx context.Context, e *echo.Echo, dir string) (int, error) {
	if !h.static {
		return 0, fmt.Errorf("export-site: the handler is not in static mode")
	}
	n := 0
	write := func(path, file string) error {
		req := httptest.NewRequest(http.MethodGet, path, nil).WithContext(ctx)
		if h.base != "" {
			if u, err := url.Parse(h.base); err == nil {
				req.Host = u.Host
			}
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		// Stopped half-way, a page would be empty: nobody was there
		// to answer.
		if err := ctx.Err(); err != nil {
			return err
		}
		if rec.Code != http.StatusOK {
			return fmt.Errorf("export-site: %s answered %d", path, rec.Code)
		}
		full := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(file, "/")))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		n++
		return os.WriteFile(full, rec.Body.Bytes(), 0o644)
	}
	page := func(path string) string { return strings.TrimSuffix(path, "/") + "/index.html" }

	facets, err := h.publicFacets(ctx)
	if err != nil {
		return n, err
	}
	for _, l := range content.Langs() {
		lp := "/" + string(l)
		for _, p := range []string{"/", "/stats"} {
			if err := write(lp+p, page(lp+p)); err != nil {
				return n, err
			}
		}
		if err := write(lp+"/feed.atom", lp+"/feed.atom"); err != nil {
			return n, err
		}
		// The list, page by page, and filtered by each status and year.
		lists := []url.Values{{}}
		for _, st := range facets.Status {
			lists = append(lists, url.Values{"status": {st.Key}})
		}
		for _, y := range facets.Year {
			lists = append(lists, url.Values{"year": {y.Key}})
		}
		for _, v := range lists {
			_, total, err := h.st.PublicList(ctx, store.PublicQuery{Status: v.Get("status"), Year: v.Get("year"), Limit: 1})
			if err != nil {
				return n, err
			}
			for p := 1; p == 1 || (p-1)*pageSize < total; p++ {
				live := "/" + string(l) + "/cases"
				q := v.Encode()
				if p > 1 {
					if q != "" {
						q += "&"
					}
					q += fmt.Sprintf("page=%d", p)
				}
				if q != "" {
					live += "?" + q
				}
				if err := write(live, page(staticListURL(l, v, p))); err != nil {
					return n, err
				}
			}
		}
	}
	// Every profile in both languages: one that exists only in the other
	// language still answers, with a link to it.
	for offset := 0; ; offset += 1000 {
		items, _, err := h.st.PublicList(ctx, store.PublicQuery{Limit: 1000, Offset: offset})
		if err != nil {
			return n, err
		}
		for _, it := range items {
			for _, l := range content.Langs() {
				u := views.CaseURL(l, it.Slug)
				if err := write(u, page(u)); err != nil {
					return n, err
				}
			}
		}
		if len(items) < 1000 {
			break
		}
	}
	// The page of every group with a published member, in both
	// languages; a group with none has no page (store.PublicGroupCodes).
	groups, err := h.st.PublicGroupCodes(ctx)
	if err != nil {
		return n, err
	}
	for _, g := range groups {
		for _, l := range content.Langs() {
			u := views.GroupURL(l, g.Code)
			if err := write(u, page(u)); err != nil {
				return n, err
			}
		}
	}
	for _, p := range []string{"/sitemap.xml", "/robots.txt"} {
		if err := write(p, p); err != nil {
			return n, err
		}
	}
	media, err := h.st.PublicMedia(ctx)
	if err != nil {
		return n, err
	}
	for _, m := range append(media, assets.URLs()...) {
		if err := write(m, m); err != nil {
			return n, err
		}
	}
	// The addresses of the site Casebook replaced: a static host cannot
	// answer 301, so each is a page that sends the browser on.
	k, err := h.exportOldAddresses(ctx, dir)
	n += k
	if err != nil {
		return n, err
	}
	// The root sends a browser to the default language; no script needed.
	root := fmt.Sprintf(`<!DOCTYPE html><html lang="%[1]s"><head><meta charset="utf-8"><title>Casebook</title>`+
		`<meta http-equiv="refresh" content="0; url=/%[1]s/"><link rel="canonical" href="/%[1]s/"></head>`+
		`<body><p><a href="/ru/">Русский</a> · <a href="/en/">English</a></p></body></html>`, h.defaultLang)
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(root), 0o644); err != nil {
		return n, err
	}
	return n + 1, nil
}

// exportOldAddresses writes, at each old address of a public case (see
// oldpaths.go), a page that sends the browser to the profile: a refresh
// and a canonical link, since a static host answers no 301. An address
// with a query (?p=123) has no file of its own, and one where the export
// wrote a page of the site keeps that page.
func (h *Handler) exportOldAddresses(ctx context.Context, dir string) (int, error) {
	olds, err := h.st.PublicOldAddresses(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range olds {
		file, ok := oldAddressFile(a.Path)
		if !ok {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(file))
		if _, err := os.Stat(full); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return n, err
		}
		to := views.CaseURL(a.Lang, a.Slug)
		name := html.EscapeString(a.Name)
		page := fmt.Sprintf(`<!DOCTYPE html><html lang="%[1]s"><head><meta charset="utf-8"><title>%[2]s</title>`+
			`<meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=%[3]s"><link rel="canonical" href="%[4]s%[3]s"></head>`+
			`<body><p><a href="%[3]s">%[2]s</a></p></body></html>`, a.Lang, name, html.EscapeString(to), html.EscapeString(h.base))
		if err := os.WriteFile(full, []byte(page), 0o644); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// oldAddressFile is the file that stands for an old address in a static
// copy ("figurant/aleksandr-akimushkin/index.html"), false for one that
// cannot have one: with a query, the root, or a segment that is no name
// of a file.
func oldAddressFile(key string) (string, bool) {
	if strings.ContainsAny(key, "?\\\x00") {
		return "", false
	}
	var segs []string
	for _, s := range strings.Split(strings.Trim(key, "/"), "/") {
		if s == "" || s == "." || s == ".." || len(s) > 255 {
			return "", false
		}
		segs = append(segs, s)
	}
	if len(segs) == 0 {
		return "", false
	}
	return strings.Join(append(segs, "index.html"), "/"), true
}
