package wordpress

import (
	"fmt"

	"casebook/content"
)

// Group is one case to be: a post of the chosen type with its
// translations, by language.
type Group struct {
	Posts map[content.Lang]*Post
}

// IDs lists the group's post ids, Russian first.
func (g Group) IDs() []int64 {
	var ids []int64
	for _, l := range content.Langs() {
		if p := g.Posts[l]; p != nil {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// First is the group's post in Russian, or else in English.
func (g Group) First() *Post {
	for _, l := range content.Langs() {
		if p := g.Posts[l]; p != nil {
			return p
		}
	}
	return nil
}

// skipStatuses are the statuses of posts that are not content: thrown
// away, or a form WordPress opened and nobody wrote in.
var skipStatuses = map[string]bool{"trash": true, "auto-draft": true, "inherit": true}

// groupPosts gathers the posts of a type into groups of translations:
// a Polylang or WPML group becomes one case with both languages, any
// other post a case of its own in its language, or in def where the
// source names none. It returns the groups in the order of their first
// post, the posts left aside on purpose (in the trash) and those
// refused (a language Casebook does not publish in, two posts of one
// language in a group).
func groupPosts(x *Export, typ string, def content.Lang) (groups []Group, skipped, refused []Issue, noLang int) {
	index := map[string]int{}
	for _, p := range x.Posts {
		if p.Type != typ {
			continue
		}
		if skipStatuses[p.Status] {
			skipped = append(skipped, Issue{PostID: p.ID, Link: p.Link, Text: fmt.Sprintf("its status is %q", p.Status)})
			continue
		}
		l := def
		if p.Lang == "" {
			noLang++
		} else if pl, ok := content.ParseLang(p.Lang); ok {
			l = pl
		} else {
			refused = append(refused, Issue{PostID: p.ID, Link: p.Link, Text: fmt.Sprintf("its language %q is not one Casebook publishes in (ru, en)", p.Lang)})
			continue
		}
		key := p.Group
		if key == "" {
			key = "post:" + itoa(p.ID)
		}
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, Group{Posts: map[content.Lang]*Post{}})
		}
		if q := groups[i].Posts[l]; q != nil {
			refused = append(refused, Issue{PostID: p.ID, Link: p.Link, Text: fmt.Sprintf("post %d is in %s too, and they are in one translation group: one case has one text per language", q.ID, l)})
			continue
		}
		groups[i].Posts[l] = p
	}
	return groups, skipped, refused, noLang
}
