package handlers

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/store"
	"casebook/views"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Href     string `xml:"href,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// feed is the Atom feed of a language: the latest recognitions and
// updates, newest first, each a profile that exists in that language.
func (h *Handler) feed(c echo.Context) error {
	p := h.publicPrinter(c)
	l := p.Lang()
	items, _, err := h.st.PublicList(c.Request().Context(), store.PublicQuery{Limit: 50, ByUpdate: true})
	if err != nil {
		return err
	}
	base := h.baseURL(c)
	f := atomFeed{
		Lang: string(l), ID: base + "/" + string(l) + "/feed.atom", Title: p.T("feed.title") + " · " + p.T("site.name"),
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
		Links: []atomLink{
			{Rel: "self", Href: base + "/" + string(l) + "/feed.atom", Type: "application/atom+xml"},
			{Rel: "alternate", Href: base + "/" + string(l) + "/", Type: "text/html"},
		},
		Author: atomAuthor{Name: p.T("site.name")},
	}
	for _, it := range items {
		if !it.Complete[l] {
			continue
		}
		u := base + views.CaseURL(l, it.Slug)
		up := it.UpdatedAt.UTC().Format(time.RFC3339)
		if up > f.Updated {
			f.Updated = up
		}
		f.Entries = append(f.Entries, atomEntry{
			ID: u, Title: it.Name[l], Updated: up, Summary: it.Headline[l],
			Link: atomLink{Rel: "alternate", Href: u, Type: "text/html", Hreflang: string(l)},
		})
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300, must-revalidate")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string         `xml:"loc"`
	LastMod string         `xml:"lastmod,omitempty"`
	Links   []sitemapXLink `xml:"xhtml:link"`
}

type sitemapXLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemap lists every published profile in each language it exists in,
// with its language alternates, the main pages, and the pages of the case
// groups that have a published member.
func (h *Handler) sitemap(c echo.Context) error {
	base := h.baseURL(c)
	set := sitemapURLSet{XHTML: "http://www.w3.org/1999/xhtml"}
	for _, path := range []string{"/", "/cases", "/stats"} {
		u := sitemapURL{Loc: base + "/ru" + path}
		for _, l := range content.Langs() {
			u.Links = append(u.Links, sitemapXLink{Rel: "alternate", Hreflang: string(l), Href: base + "/" + string(l) + path})
		}
		set.URLs = append(set.URLs, u)
		u2 := u
		u2.Loc = base + "/en" + path
		set.URLs = append(set.URLs, u2)
	}
	for offset := 0; ; offset += 1000 {
		items, _, err := h.st.PublicList(c.Request().Context(), store.PublicQuery{Limit: 1000, Offset: offset})
		if err != nil {
			return err
		}
		for _, it := range items {
			var links []sitemapXLink
			for _, l := range content.Langs() {
				if it.Complete[l] {
					links = append(links, sitemapXLink{Rel: "alternate", Hreflang: string(l), Href: base + views.CaseURL(l, it.Slug)})
				}
			}
			for _, l := range content.Langs() {
				if it.Complete[l] {
					set.URLs = append(set.URLs, sitemapURL{Loc: base + views.CaseURL(l, it.Slug), LastMod: it.UpdatedAt.UTC().Format("2006-01-02"), Links: links})
				}
			}
		}
		if len(items) < 1000 {
			break
		}
	}
	// The pages of the groups that have a published member, in both
	// languages: a group page exists in each.
	groups, err := h.st.PublicGroupCodes(c.Request().Context())
	if err != nil {
		return err
	}
	for _, g := range groups {
		var links []sitemapXLink
		for _, l := range content.Langs() {
			links = append(links, sitemapXLink{Rel: "alternate", Hreflang: string(l), Href: base + views.GroupURL(l, g.Code)})
		}
		for _, l := range content.Langs() {
			set.URLs = append(set.URLs, sitemapURL{Loc: base + views.GroupURL(l, g.Code), LastMod: g.UpdatedAt.UTC().Format("2006-01-02"), Links: links})
		}
	}
	out, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300, must-revalidate")
	return c.Blob(http.StatusOK, "application/xml; charset=utf-8", append([]byte(xml.Header), out...))
}

// robots lets crawlers read the public site and keeps them out of the
// studio.
func (h *Handler) robots(c echo.Context) error {
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow: /studio/\nDisallow: /login\nDisallow: /password\nAllow: /\n")
	b.WriteString("Sitemap: " + h.baseURL(c) + "/sitemap.xml\n")
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(b.String()))
}
