package wordpress

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
)

// Options are the choices of one import.
type Options struct {
	// Type is the post type whose posts become cases; "" takes the
	// mapping's, else "post".
	Type string
	// Lang is the language of posts the source gives none for; "" takes
	// the mapping's, else Russian.
	Lang content.Lang
	// AsPublished keeps what was live: published posts become published
	// cases, the others drafts. Without it every case is a draft.
	AsPublished bool
	// Overwrite updates cases edited in the studio since the last
	// import.
	Overwrite bool
	// Photos says where the featured images are.
	Photos Photos
	// Source names what was read, for the report and the audit log.
	Source string
}

// ErrRefused is the error of an import that refused posts: the report
// lists them, and nothing was written.
var ErrRefused = errors.New("posts were refused; nothing was imported")

// Import maps the posts of one type of x to cases and writes them, all
// or nothing: a case per post, or per post and its translation, made
// again from the post where an earlier import of the same site made it.
// The report says what it did; with posts refused it wrote nothing and
// returns ErrRefused with the report.
func Import(ctx context.Context, st *store.Store, x *Export, m *Map, opt Options) (*Report, error) {
	if m == nil {
		m = &Map{}
	}
	if x.Site == "" {
		return nil, ErrNoSite
	}
	typ := firstOf(opt.Type, m.PostType, "post")
	lang := opt.Lang
	if lang == "" {
		lang = content.RU
		if l, ok := content.ParseLang(m.Lang); ok {
			lang = l
		}
	}
	refs, err := st.References(ctx)
	if err != nil {
		return nil, err
	}
	if err := m.CheckCodes(refs); err != nil {
		return nil, err
	}
	r := &Report{Source: opt.Source, Site: x.Site, Type: typ, Posts: map[string]int{}}
	for _, p := range x.Posts {
		if p.Type == typ {
			r.Posts[p.Status]++
		}
	}
	groups, skipped, refused, noLang := groupPosts(x, typ, lang)
	r.Skipped, r.Refused, r.Cases = skipped, refused, len(groups)
	if noLang > 0 {
		r.Notes = append(r.Notes, Issue{Text: fmt.Sprintf("%d posts say no language: taken as %s (--lang)", noLang, lang)})
	}
	mp := &mapper{m: m, refs: refs}
	spill, err := newSpill()
	if err != nil {
		return nil, err
	}
	defer spill.close()
	in := store.SourcedImport{Site: x.Site, File: opt.Source, Overwrite: opt.Overwrite, AsPublished: opt.AsPublished}
	var owners [][]*Post
	for _, g := range groups {
		mc, probs, notes := mp.caseOf(x, g)
		r.Refused = append(r.Refused, probs...)
		r.Notes = append(r.Notes, notes...)
		sc := store.SourcedCase{Case: mc.c}
		if mc.photo != nil {
			vs, err := opt.Photos.photo(ctx, mc.photo)
			if err != nil {
				r.Refused = append(r.Refused, Issue{PostID: mc.photoPost.ID, Link: mc.photoPost.Link, Text: err.Error()})
			} else if sc.Photo, mc.c.Photo.URL, err = spill.keep(vs); err != nil {
				return nil, err
			}
		}
		for _, p := range posts(g) {
			l, _ := langOf(g, p)
			sc.Posts = append(sc.Posts, store.SourcePost{ID: itoa(p.ID), Lang: l, URL: p.Link})
			sc.Paths = append(sc.Paths, oldPaths(x.Site, p, l)...)
			if opt.AsPublished && p.Status == "publish" {
				sc.Live = append(sc.Live, l)
			}
		}
		if len(sc.Live) > 0 && !liveComplete(mc.c, sc.Live) {
			// Casebook publishes a language with its name, headline and
			// text; the old site had less.
			first := g.First()
			r.Notes = append(r.Notes, Issue{PostID: first.ID, Link: first.Link, Text: "published on the old site, but without the text a profile needs (name, headline, body) in any language: imported as a draft"})
			sc.Live = nil
		}
		sc.Hash = fingerprint(&sc)
		in.Cases = append(in.Cases, sc)
		owners = append(owners, posts(g))
	}
	r.Unmapped = mp.unmapped
	if len(r.Refused) > 0 {
		return r, ErrRefused
	}
	outcomes, err := st.ImportSourced(ctx, in)
	var ie *store.ImportError
	if errors.As(err, &ie) {
		p := i18n.New().Printer(content.EN)
		for _, pr := range ie.Problems {
			first := owners[pr.Index-1][0]
			text := p.TOr(pr.Key, pr.Key)
			if pr.Field != "" {
				text = pr.Field + ": " + text
			}
			r.Refused = append(r.Refused, Issue{PostID: first.ID, Link: first.Link, Text: text})
		}
		return r, ErrRefused
	}
	if err != nil {
		return r, err
	}
	r.Written = true
	for i, o := range outcomes {
		switch o.Kind {
		case store.SourcedCreated:
			r.Created++
		case store.SourcedUpdated:
			r.Updated++
		default:
			r.Unchanged++
		}
		for _, n := range o.Notes {
			first := owners[i][0]
			r.Notes = append(r.Notes, Issue{PostID: first.ID, Link: first.Link, Text: n})
		}
	}
	return r, nil
}

// langOf is the language a post has in its group.
func langOf(g Group, p *Post) (content.Lang, bool) {
	for l, q := range g.Posts {
		if q == p {
			return l, true
		}
	}
	return "", false
}

// liveComplete says whether one of the languages to publish has what a
// public profile needs.
func liveComplete(c *content.Case, live []content.Lang) bool {
	n := c.Clone()
	n.Normalize()
	return slices.ContainsFunc(live, func(l content.Lang) bool { return n.Text(l).Complete() })
}

// oldPaths are the addresses the old site gave a post: its permalink,
// the same with each of its earlier slugs, and ?p= with its id, which
// WordPress answers for any post.
func oldPaths(site string, p *Post, l content.Lang) []store.OldPath {
	var out []store.OldPath
	root := "/"
	if u, err := url.Parse(site); err == nil && u.Path != "" {
		root = u.Path + "/"
	}
	out = append(out, store.OldPath{Path: root, Query: url.Values{"p": {itoa(p.ID)}}, Lang: l})
	u, err := url.Parse(p.Link)
	if err != nil || u.Path == "" || u.Query().Get("p") != "" || u.Query().Get("page_id") != "" {
		return out
	}
	if strings.Trim(u.Path, "/") == strings.Trim(root, "/") {
		return out // a front page, or an address of the query alone
	}
	out = append(out, store.OldPath{Path: u.Path, Lang: l})
	dir, last := path.Split(strings.TrimSuffix(u.Path, "/"))
	for _, old := range p.OldSlugs {
		if old != last && !strings.ContainsAny(old, "/?#") {
			out = append(out, store.OldPath{Path: dir + old, Lang: l})
		}
	}
	return out
}

// fingerprint sums up what the posts gave the case: the same posts
// mapped the same way give the same sum, and the import leaves the case
// alone.
func fingerprint(sc *store.SourcedCase) string {
	c := sc.Case.Clone()
	c.Normalize()
	b, err := json.Marshal(struct {
		Case  *content.Case
		Live  []content.Lang
		Posts []store.SourcePost
	}{c, sc.Live, sc.Posts})
	if err != nil {
		panic(err) // a case always marshals
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
