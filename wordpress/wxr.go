package wordpress

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

// The elements of a WXR file that the import reads, as export_wp()
// writes them (WXR 1.0 to 1.2): the channel's site address, its wp:term
// list, and each item with its wp: fields, content:encoded and
// excerpt:encoded, its <category domain="..." nicename="..."> terms and
// its wp:postmeta.

type wxrItem struct {
	Title         string        `xml:"title"`
	Link          string        `xml:"link"`
	GUID          string        `xml:"guid"`
	Encoded       []wxrText     `xml:"encoded"`
	PostID        int64         `xml:"post_id"`
	PostName      string        `xml:"post_name"`
	Status        string        `xml:"status"`
	PostType      string        `xml:"post_type"`
	AttachmentURL string        `xml:"attachment_url"`
	Categories    []wxrCategory `xml:"category"`
	Meta          []wxrMeta     `xml:"postmeta"`
}

type wxrText struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

type wxrCategory struct {
	Domain   string `xml:"domain,attr"`
	Nicename string `xml:"nicename,attr"`
	Name     string `xml:",chardata"`
}

type wxrMeta struct {
	Key   string `xml:"meta_key"`
	Value string `xml:"meta_value"`
}

type wxrTerm struct {
	ID          int64  `xml:"term_id"`
	Taxonomy    string `xml:"term_taxonomy"`
	Slug        string `xml:"term_slug"`
	Name        string `xml:"term_name"`
	Description string `xml:"term_description"`
}

type wxrCategoryDef struct {
	ID          int64  `xml:"term_id"`
	Slug        string `xml:"category_nicename"`
	Name        string `xml:"cat_name"`
	Description string `xml:"category_description"`
}

type wxrTagDef struct {
	ID          int64  `xml:"term_id"`
	Slug        string `xml:"tag_slug"`
	Name        string `xml:"tag_name"`
	Description string `xml:"tag_description"`
}

// ReadWXR reads a WXR export. It streams the file item by item, so that
// a large site's export need not fit in memory twice.
func ReadWXR(r io.Reader) (*Export, error) {
	dec := xml.NewDecoder(&controlFilter{r: bufio.NewReader(r)})
	dec.CharsetReader = charset.NewReaderLabel
	// WordPress writes what its database holds; HTML entities of the
	// content stay inside CDATA, so only XML's own are expected.
	dec.Strict = true
	x := &Export{Format: "wxr", Media: map[int64]*Media{}, Terms: map[string]map[string]Term{}}
	var link, blog string
	sawRSS, sawVersion := false, false
	var path []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not a readable WordPress export (WXR): %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth := len(path)
			switch {
			case depth == 0 && t.Name.Local == "rss":
				sawRSS = true
			case depth == 2 && path[1] == "channel" && t.Name.Local == "item":
				var it wxrItem
				if err := dec.DecodeElement(&it, &t); err != nil {
					return nil, fmt.Errorf("WXR item: %w", err)
				}
				x.addItem(&it)
				continue
			case depth == 2 && path[1] == "channel" && t.Name.Local == "term":
				var tm wxrTerm
				if err := dec.DecodeElement(&tm, &t); err != nil {
					return nil, fmt.Errorf("WXR term: %w", err)
				}
				x.addTerm(Term{ID: tm.ID, Taxonomy: strings.TrimSpace(tm.Taxonomy), Slug: strings.TrimSpace(tm.Slug), Name: tm.Name, Description: tm.Description})
				continue
			case depth == 2 && path[1] == "channel" && t.Name.Local == "category" && isWP(t.Name.Space):
				var c wxrCategoryDef
				if err := dec.DecodeElement(&c, &t); err != nil {
					return nil, fmt.Errorf("WXR category: %w", err)
				}
				x.addTerm(Term{ID: c.ID, Taxonomy: "category", Slug: strings.TrimSpace(c.Slug), Name: c.Name, Description: c.Description})
				continue
			case depth == 2 && path[1] == "channel" && t.Name.Local == "tag" && isWP(t.Name.Space):
				var c wxrTagDef
				if err := dec.DecodeElement(&c, &t); err != nil {
					return nil, fmt.Errorf("WXR tag: %w", err)
				}
				x.addTerm(Term{ID: c.ID, Taxonomy: "post_tag", Slug: strings.TrimSpace(c.Slug), Name: c.Name, Description: c.Description})
				continue
			case depth == 2 && path[1] == "channel" && (t.Name.Local == "link" && t.Name.Space == "" || t.Name.Local == "base_blog_url" || t.Name.Local == "wxr_version"):
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, fmt.Errorf("WXR channel: %w", err)
				}
				switch t.Name.Local {
				case "link":
					link = s
				case "base_blog_url":
					blog = s
				default:
					sawVersion = true
				}
				continue
			}
			path = append(path, t.Name.Local)
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
	if !sawRSS || !sawVersion {
		return nil, errors.New("not a WordPress export (WXR): no rss element with a wp:wxr_version")
	}
	site := blog
	if site == "" {
		site = link
	}
	x.Site = normalizeSite(site)
	linkTranslations(x)
	return x, nil
}

// isWP says whether a namespace is WordPress's export namespace
// (http://wordpress.org/export/1.2/ and its earlier versions).
func isWP(space string) bool {
	return strings.HasPrefix(space, "http://wordpress.org/export/") && !strings.Contains(space, "excerpt")
}

func (x *Export) addTerm(t Term) {
	if t.Taxonomy == "" || t.Slug == "" {
		return
	}
	if x.Terms[t.Taxonomy] == nil {
		x.Terms[t.Taxonomy] = map[string]Term{}
	}
	x.Terms[t.Taxonomy][t.Slug] = t
}

func (x *Export) addItem(it *wxrItem) {
	var content, excerpt string
	for _, e := range it.Encoded {
		if strings.Contains(e.XMLName.Space, "excerpt") {
			excerpt = e.Text
		} else {
			content = e.Text
		}
	}
	meta := map[string][]string{}
	for _, m := range it.Meta {
		k := strings.TrimSpace(m.Key)
		meta[k] = append(meta[k], metaValues(m.Value)...)
	}
	first := func(k string) string {
		if v := meta[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	typ := strings.TrimSpace(it.PostType)
	if typ == "attachment" {
		x.Media[it.PostID] = &Media{ID: it.PostID, URL: strings.TrimSpace(it.AttachmentURL), File: first("_wp_attached_file"),
			Alt: first("_wp_attachment_image_alt"), Caption: plainText(excerpt)}
		return
	}
	p := &Post{
		ID:      it.PostID,
		Type:    typ,
		Status:  strings.TrimSpace(it.Status),
		Slug:    strings.TrimSpace(it.PostName),
		Link:    strings.TrimSpace(it.Link),
		Title:   plainText(it.Title),
		Content: autop(content),
		Excerpt: plainText(excerpt),
		Meta:    meta,
	}
	if p.Link == "" {
		p.Link = strings.TrimSpace(it.GUID)
	}
	p.FeaturedID, _ = strconv.ParseInt(first("_thumbnail_id"), 10, 64)
	for _, s := range meta["_wp_old_slug"] {
		if s = strings.TrimSpace(s); s != "" {
			p.OldSlugs = append(p.OldSlugs, s)
		}
	}
	for _, c := range it.Categories {
		tax := strings.TrimSpace(c.Domain)
		switch tax {
		case "":
			tax = "category" // WXR 1.0
		case "tag":
			tax = "post_tag"
		}
		slug := strings.TrimSpace(c.Nicename)
		if slug == "" {
			continue
		}
		p.addTerm(Term{Taxonomy: tax, Slug: slug, Name: strings.TrimSpace(c.Name)})
		switch tax {
		case "language":
			p.Lang = slug
		case "post_translations":
			p.Group = "pll:" + slug
		}
	}
	// WPML's "Export and Import" writes the language and the group as
	// post meta.
	if l := first("_wpml_import_language_code"); l != "" && p.Lang == "" {
		p.Lang = l
	}
	if g := first("_wpml_import_translation_group"); g != "" && p.Group == "" {
		p.Group = "wpml:" + g
	}
	x.Posts = append(x.Posts, p)
}

// controlFilter drops the control characters XML 1.0 forbids (all of
// C0 but tab, line feed and carriage return), which WordPress writes as
// they came into a post; in UTF-8 and the single-byte charsets their
// bytes stand for nothing else.
type controlFilter struct{ r io.Reader }

func (f *controlFilter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	j := 0
	for i := range n {
		if c := p[i]; c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
			p[j] = c
			j++
		}
	}
	return j, err
}

// metaValues reads a stored meta value: a PHP-serialized array of
// scalars (a multiple-choice field) is its values, as REST gives them;
// anything else is one value as it is.
func metaValues(v string) []string {
	if !strings.HasPrefix(v, "a:") {
		return []string{v}
	}
	parsed, err := phpUnserialize(v)
	pairs, ok := parsed.([]phpPair)
	if err != nil || !ok {
		return []string{v}
	}
	out := make([]string, 0, len(pairs))
	for _, kv := range pairs {
		s, ok := phpText(kv.Value)
		if !ok {
			return []string{v}
		}
		out = append(out, s)
	}
	return out
}
