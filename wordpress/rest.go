package wordpress

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A REST directory holds the JSON pages a person saved from the site's
// REST API with curl: /wp-json/wp/v2/<type> (the posts, as many pages as
// there were), /wp-json/wp/v2/media, the taxonomies' term pages
// (/wp/v2/categories, /wp/v2/tags, /wp/v2/<taxonomy>) and, for the
// site's address, /wp-json/ itself. Each file is a page (a JSON array)
// or one object; what each object is shows in its keys, whatever the
// file is called. With ?_embed the posts carry their terms and featured
// image themselves, and the other pages may be left out. With
// ?context=edit (signed in) they carry their raw title, content and
// excerpt too, which are then read instead of the rendered ones.

// restText is a title, content or excerpt: rendered, and raw with
// context=edit.
type restText struct {
	Rendered string  `json:"rendered"`
	Raw      *string `json:"raw"`
}

type restPost struct {
	ID            int64           `json:"id"`
	Type          string          `json:"type"`
	Status        string          `json:"status"`
	Slug          string          `json:"slug"`
	Link          string          `json:"link"`
	Title         restText        `json:"title"`
	Content       restText        `json:"content"`
	Excerpt       restText        `json:"excerpt"`
	FeaturedMedia int64           `json:"featured_media"`
	Meta          json.RawMessage `json:"meta"`
	ACF           json.RawMessage `json:"acf"`
	// Polylang Pro.
	Lang         string          `json:"lang"`
	Translations json.RawMessage `json:"translations"`
	// The WPML REST API plugin.
	WPMLLocale       string `json:"wpml_current_locale"`
	WPMLTranslations []struct {
		Locale string `json:"locale"`
		ID     int64  `json:"id"`
	} `json:"wpml_translations"`
	Embedded struct {
		Terms    [][]restTerm `json:"wp:term"`
		Featured []restMedia  `json:"wp:featuredmedia"`
	} `json:"_embedded"`
	Links struct {
		Self []struct {
			Href string `json:"href"`
		} `json:"self"`
	} `json:"_links"`
	// Media.
	SourceURL    string   `json:"source_url"`
	AltText      string   `json:"alt_text"`
	Caption      restText `json:"caption"`
	MediaDetails struct {
		File string `json:"file"`
	} `json:"media_details"`
}

type restTerm struct {
	ID          int64  `json:"id"`
	Taxonomy    string `json:"taxonomy"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

type restMedia struct {
	ID           int64    `json:"id"`
	SourceURL    string   `json:"source_url"`
	AltText      string   `json:"alt_text"`
	Caption      restText `json:"caption"`
	MediaDetails struct {
		File string `json:"file"`
	} `json:"media_details"`
}

// ReadREST reads a directory of REST API pages.
func ReadREST(dir string) (*Export, error) {
	x := &Export{Format: "rest", Media: map[int64]*Media{}, Terms: map[string]map[string]Term{}}
	var objects []map[string]json.RawMessage
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".json") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))
		var list []map[string]json.RawMessage
		switch {
		case len(data) > 0 && data[0] == '[':
			if err := json.Unmarshal(data, &list); err != nil {
				return fmt.Errorf("%s: not a page of the REST API: %w", path, err)
			}
		case len(data) > 0 && data[0] == '{':
			var one map[string]json.RawMessage
			if err := json.Unmarshal(data, &one); err != nil {
				return fmt.Errorf("%s: not an object of the REST API: %w", path, err)
			}
			list = append(list, one)
		default:
			return fmt.Errorf("%s: not JSON (a page saved from the REST API is a JSON array)", path)
		}
		for range list {
			names = append(names, path)
		}
		objects = append(objects, list...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var home, self string
	termIDs := map[int64]Term{}
	var posts []*restPost
	var raws []map[string]json.RawMessage
	for i, o := range objects {
		switch {
		case has(o, "namespaces"):
			// The index, /wp-json/.
			var idx struct{ Home, URL string }
			if json.Unmarshal(mustJSON(o), &idx) == nil {
				home = firstOf(idx.Home, idx.URL)
			}
		case has(o, "taxonomy") && has(o, "slug") && !has(o, "type"):
			var t restTerm
			if err := json.Unmarshal(mustJSON(o), &t); err != nil {
				return nil, fmt.Errorf("%s: a term: %w", names[i], err)
			}
			term := Term{ID: t.ID, Taxonomy: t.Taxonomy, Slug: t.Slug, Name: plainText(t.Name), Description: t.Description}
			termIDs[t.ID] = term
			x.addTerm(term)
		case has(o, "id") && has(o, "type") && has(o, "title"):
			var p restPost
			if err := json.Unmarshal(mustJSON(o), &p); err != nil {
				return nil, fmt.Errorf("%s: a post: %w", names[i], err)
			}
			if self == "" && len(p.Links.Self) > 0 {
				self = p.Links.Self[0].Href
			}
			if p.Type == "attachment" {
				x.Media[p.ID] = &Media{ID: p.ID, URL: p.SourceURL, File: p.MediaDetails.File, Alt: p.AltText, Caption: plainText(p.Caption.Rendered)}
				continue
			}
			if slices.ContainsFunc(posts, func(q *restPost) bool { return q.ID == p.ID }) {
				continue // the same post saved twice (overlapping pages)
			}
			posts = append(posts, &p)
			raws = append(raws, o)
		}
	}
	if len(posts) == 0 && len(x.Media) == 0 {
		return nil, fmt.Errorf("%s: no posts of the REST API in it (save /wp-json/wp/v2/<type> pages there)", dir)
	}
	x.Site = normalizeSite(firstOf(home, restHome(self)))
	for i, rp := range posts {
		p, err := restToPost(rp, raws[i], termIDs, x)
		if err != nil {
			return nil, fmt.Errorf("post %d: %w", rp.ID, err)
		}
		x.Posts = append(x.Posts, p)
	}
	// REST pages list the newest first, page by page: in the order of
	// their ids the posts are in the order they were made, as in WXR.
	slices.SortStableFunc(x.Posts, func(a, b *Post) int { return cmp.Compare(a.ID, b.ID) })
	linkTranslations(x)
	return x, nil
}

// restHome is the site's home address from the address of a REST
// answer: what stands before /wp-json/ (pretty permalinks) or
// ?rest_route= (plain ones).
func restHome(self string) string {
	for _, sep := range []string{"/wp-json/", "/?rest_route=", "/index.php?rest_route="} {
		if i := strings.Index(self, sep); i > 0 {
			return self[:i]
		}
	}
	return ""
}

func restToPost(rp *restPost, raw map[string]json.RawMessage, termIDs map[int64]Term, x *Export) (*Post, error) {
	p := &Post{ID: rp.ID, Type: rp.Type, Status: rp.Status, Slug: rp.Slug, Link: rp.Link, FeaturedID: rp.FeaturedMedia, Meta: map[string][]string{}}
	if rp.Title.Raw != nil {
		p.Title = plainText(*rp.Title.Raw)
	} else {
		p.Title = plainText(rp.Title.Rendered)
	}
	if rp.Content.Raw != nil {
		p.Content = autop(*rp.Content.Raw)
	} else {
		p.Content = rp.Content.Rendered
	}
	if rp.Excerpt.Raw != nil {
		p.Excerpt = plainText(*rp.Excerpt.Raw)
	} else if ex := plainText(rp.Excerpt.Rendered); !generatedExcerpt(ex, plainText(p.Content)) {
		p.Excerpt = ex
	}
	for _, src := range []json.RawMessage{rp.Meta, rp.ACF} {
		if err := addJSONMeta(p.Meta, src); err != nil {
			return nil, err
		}
	}
	// Terms: embedded ones as they are, then the id lists of the
	// taxonomy fields, read through the term pages.
	for _, group := range rp.Embedded.Terms {
		for _, t := range group {
			p.addTerm(Term{ID: t.ID, Taxonomy: t.Taxonomy, Slug: t.Slug, Name: plainText(t.Name)})
		}
	}
	for key, v := range raw {
		ids, ok := idArray(v)
		if !ok {
			continue
		}
		tax := key
		switch key {
		case "categories":
			tax = "category"
		case "tags":
			tax = "post_tag"
		}
		for _, id := range ids {
			if t, ok := termIDs[id]; ok {
				p.addTerm(t)
				continue
			}
			if !p.hasTermID(id) {
				// A term the directory does not describe: the mapping
				// refuses the post if it maps the taxonomy.
				if p.Terms == nil {
					p.Terms = map[string][]Term{}
				}
				p.Terms[tax] = append(p.Terms[tax], Term{ID: id, Taxonomy: tax})
			}
		}
	}
	for _, m := range rp.Embedded.Featured {
		if m.ID != 0 && x.Media[m.ID] == nil {
			x.Media[m.ID] = &Media{ID: m.ID, URL: m.SourceURL, File: m.MediaDetails.File, Alt: m.AltText, Caption: plainText(m.Caption.Rendered)}
		}
	}
	p.Lang = firstOf(rp.Lang, rp.WPMLLocale)
	if len(rp.Translations) > 0 && rp.Translations[0] == '{' {
		var tr map[string]int64
		if json.Unmarshal(rp.Translations, &tr) == nil && len(tr) > 0 {
			p.Translations = map[string]int64{}
			for l, id := range tr {
				p.Translations[normalizeLang(l)] = id
			}
		}
	}
	if len(rp.WPMLTranslations) > 0 && p.Translations == nil {
		p.Translations = map[string]int64{normalizeLang(p.Lang): p.ID}
		for _, t := range rp.WPMLTranslations {
			p.Translations[normalizeLang(t.Locale)] = t.ID
		}
	}
	if p.Translations != nil {
		p.Group = "ids:" + idList(p.Translations)
	}
	return p, nil
}

func (p *Post) hasTermID(id int64) bool {
	for _, ts := range p.Terms {
		for _, t := range ts {
			if t.ID == id {
				return true
			}
		}
	}
	return false
}

// generatedExcerpt says whether an excerpt is the one WordPress makes
// when the author wrote none: the start of the text ending in an
// ellipsis or a "read more" link, or, for a short post, the whole text.
// An author's excerpt that merely repeats the first sentence is kept.
func generatedExcerpt(excerpt, text string) bool {
	e := strings.TrimSpace(excerpt)
	if e == "" {
		return false
	}
	if e == strings.TrimSpace(text) {
		return true
	}
	cut := false
	for _, tail := range []string{"Continue reading", "Read more", "Читать далее", "[…]", "[...]", "…", "..."} {
		if t := strings.TrimSpace(strings.TrimSuffix(e, tail)); t != e {
			e, cut = t, true
		}
	}
	return cut && e != "" && strings.HasPrefix(text, e)
}

// addJSONMeta adds the meta of a REST object (or ACF's fields) to meta:
// a scalar is one value, an array its values; an object is no value a
// case field could take.
func addJSONMeta(meta map[string][]string, raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil // absent, null, false, or [] for none
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("meta: %w", err)
	}
	for k, v := range m {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				if s, ok := jsonText(e); ok {
					meta[k] = append(meta[k], s)
				}
			}
		default:
			if s, ok := jsonText(x); ok {
				meta[k] = append(meta[k], s)
			}
		}
	}
	return nil
}

func jsonText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		if x {
			return "1", true
		}
		return "0", true
	}
	return "", false
}

// idArray reads a JSON array of positive whole numbers: a taxonomy field
// of a post.
func idArray(raw json.RawMessage) ([]int64, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '[' {
		return nil, false
	}
	var ids []int64
	if err := json.Unmarshal(raw, &ids); err != nil {
		return nil, false
	}
	return ids, true
}

func has(o map[string]json.RawMessage, key string) bool {
	_, ok := o[key]
	return ok
}

func mustJSON(o map[string]json.RawMessage) []byte {
	b, err := json.Marshal(o)
	if err != nil {
		panic(err) // raw messages that were read as JSON marshal again
	}
	return b
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// ReadSource reads what the import is given: a WXR file, or a directory
// of REST API pages.
func ReadSource(path string) (*Export, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return ReadREST(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	x, err := ReadWXR(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

// ErrNoSite is the error of a source that does not say the site's
// address, which the import keys the cases it makes by.
var ErrNoSite = errors.New("the source does not say the site's address (a REST directory: save /wp-json/ there too)")
