package wordpress

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"casebook/content"
	"casebook/store"
)

// mapper makes cases of groups of posts through a mapping.
type mapper struct {
	m    *Map
	refs *store.References
	// unmapped counts the posts with each term the mapping does not
	// name.
	unmapped map[string]int
}

// internalTaxonomies are WordPress's and the translation plugins' own:
// they say how a post is kept, not what it is about.
var internalTaxonomies = map[string]bool{"language": true, "post_translations": true, "term_language": true,
	"term_translations": true, "post_format": true, "nav_menu": true, "wp_theme": true, "wp_template_part_area": true}

// casebookSlug is what a case's slug may be.
var casebookSlug = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// headlineMax is the most a headline may hold (content.Case.Validate).
const headlineMax = 500

// mapped is a case made of a group, with what it still needs: the
// featured image to fetch.
type mapped struct {
	c     *content.Case
	photo *Media
	// photoPost is the post the photo is the featured image of.
	photoPost *Post
}

// caseOf maps a group of posts to a case. Problems refuse the group;
// notes are what an editor should know.
func (mp *mapper) caseOf(x *Export, g Group) (*mapped, []Issue, []Issue) {
	var probs, notes []Issue
	first := g.First()
	problem := func(p *Post, format string, args ...any) {
		probs = append(probs, Issue{PostID: p.ID, Link: p.Link, Text: fmt.Sprintf(format, args...)})
	}
	note := func(p *Post, format string, args ...any) {
		notes = append(notes, Issue{PostID: p.ID, Link: p.Link, Text: fmt.Sprintf(format, args...)})
	}
	c := &content.Case{}
	out := &mapped{c: c}
	for _, l := range content.Langs() {
		p := g.Posts[l]
		if p == nil {
			continue
		}
		t := c.Text(l)
		t.Name = p.Title
		body, err := ToMarkdown(p.Content)
		if err != nil {
			problem(p, "its content does not convert to Markdown: %v", err)
		}
		t.Body = body
		switch n := strings.Count(body, "!["); {
		case n == 1:
			note(p, "an image in the text stays in the Markdown, but a profile shows no image of its text (only the photo)")
		case n > 1:
			note(p, "%d images in the text stay in the Markdown, but a profile shows no image of its text (only the photo)", n)
		}
		for field, dest := range map[string]*string{"name": &t.Name, "headline": &t.Headline, "statement": &t.Statement,
			"sentence": &t.Sentence, "locality": &t.Locality, "occupation": &t.Occupation, "photo_alt": &t.PhotoAlt} {
			if v, ok := mp.single(p, field, problem); ok && v != "" {
				*dest = plainText(v)
			}
		}
		if t.Headline == "" {
			t.Headline = p.Excerpt
		}
		if t.Headline == "" && strings.TrimSpace(p.Content) != "" {
			t.Headline = firstParagraph(p.Content, 300)
			if t.Headline != "" {
				note(p, "no excerpt: the headline is the start of the text")
			}
		}
		if len([]rune(t.Headline)) > headlineMax {
			t.Headline = cutWords(t.Headline, headlineMax)
			note(p, "the excerpt was longer than a headline may be (%d characters): it is cut", headlineMax)
		}
		if t.Name == "" {
			problem(p, "it has no title: a case needs the person's name")
		}
		if p.FeaturedID != 0 && out.photo == nil {
			m := x.Media[p.FeaturedID]
			if m == nil {
				problem(p, "its featured image (attachment %d) is not in the %s; export the media too", p.FeaturedID, sourceName(x))
			} else {
				out.photo, out.photoPost = m, p
			}
		}
		if out.photo != nil && t.PhotoAlt == "" && p.FeaturedID == out.photo.ID {
			t.PhotoAlt = plainText(out.photo.Alt)
		}
	}
	// The facts of the whole case: custom fields of the Russian post, or
	// else the English one; terms of every post.
	candidates := map[string][]string{}
	var lists = map[string][]string{}
	for _, field := range factFields {
		switch field {
		case "articles", "categories", "citizenship":
			for _, p := range posts(g) {
				for _, raw := range splitList(mp.values(p, field)) {
					if code, ok := mp.code(field, raw); ok {
						lists[field] = append(lists[field], code)
					} else {
						problem(p, "custom field %q: %q is not in Casebook's %s; name its code under values.%s in the mapping", mp.m.Meta[field], raw, listName(field), field)
					}
				}
				if len(mp.values(p, field)) > 0 {
					break
				}
			}
		case "status", "region", "custody", "gender":
			if v, p, ok := mp.fact(g, field, problem); ok {
				if code, ok := mp.code(field, v); ok {
					candidates[field] = append(candidates[field], code)
				} else {
					problem(p, "custom field %q: %q is not in Casebook's %s; name its code under values.%s in the mapping", mp.m.Meta[field], v, listName(field), field)
				}
			}
		case "recognized_on", "detained_on", "sentenced_on", "letter_address_checked_on", "born_on":
			if v, p, ok := mp.fact(g, field, problem); ok {
				d, err := parseWPDate(v)
				if err != nil {
					problem(p, "custom field %q: %q is not a date (2024, 2024-05, 2024-05-12, 20240512 or 12.05.2024)", mp.m.Meta[field], v)
				}
				*dateField(c, field) = d
			}
		case "place_of_detention", "letter_address", "photo_credit":
			if v, _, ok := mp.fact(g, field, problem); ok {
				switch field {
				case "place_of_detention":
					c.PlaceOfDetention = plainText(v)
				case "letter_address":
					c.LetterAddress = strings.TrimSpace(v)
				default:
					c.Photo.Credit = plainText(v)
				}
			}
		}
	}
	mp.terms(g, candidates, lists, problem)
	for _, field := range []string{"status", "region", "custody", "gender"} {
		vs := uniq(candidates[field])
		if len(vs) > 1 {
			problem(first, "%s: its terms and custom fields say %s; the mapping must lead to one", field, strings.Join(quoteAll(vs), " and "))
		}
		v := ""
		if len(vs) > 0 {
			v = vs[0]
		}
		switch field {
		case "status":
			if v == "" {
				v = mp.m.Status
			}
			c.Status = v
		case "region":
			c.Region = v
		case "custody":
			c.Custody = v
		case "gender":
			c.Gender = v
		}
	}
	c.Articles, c.Categories, c.Citizenship = uniq(lists["articles"]), uniq(lists["categories"]), uniq(lists["citizenship"])
	if out.photo != nil && c.Photo.Credit == "" {
		c.Photo.Credit = plainText(out.photo.Caption)
	}
	// The address: WordPress's own slug where it is one Casebook takes,
	// the shorter of the two languages' (a translation's often carries a
	// suffix, "-en", for the slugs to differ), else one from the name.
	for _, p := range posts(g) {
		if casebookSlug.MatchString(p.Slug) && len(p.Slug) <= 100 && (c.Slug == "" || len(p.Slug) < len(c.Slug)) {
			c.Slug = p.Slug
		}
	}
	return out, probs, notes
}

// posts lists the group's posts, Russian first.
func posts(g Group) []*Post {
	var out []*Post
	for _, l := range content.Langs() {
		if p := g.Posts[l]; p != nil {
			out = append(out, p)
		}
	}
	return out
}

// values are the post's meta values for a case field, "" left out.
func (mp *mapper) values(p *Post, field string) []string {
	key := mp.m.Meta[field]
	if key == "" {
		return nil
	}
	var out []string
	for _, v := range p.Meta[key] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// single is the one value of a field in a post; several different ones
// are a problem.
func (mp *mapper) single(p *Post, field string, problem func(*Post, string, ...any)) (string, bool) {
	vs := uniq(mp.values(p, field))
	if len(vs) == 0 {
		return "", false
	}
	if len(vs) > 1 {
		problem(p, "custom field %q has %d values (%s); %s takes one", mp.m.Meta[field], len(vs), strings.Join(quoteAll(vs), ", "), field)
	}
	return vs[0], true
}

// fact is the value of a field of the whole case: the Russian post's,
// or else the English one's.
func (mp *mapper) fact(g Group, field string, problem func(*Post, string, ...any)) (string, *Post, bool) {
	for _, p := range posts(g) {
		if v, ok := mp.single(p, field, problem); ok {
			return v, p, true
		}
	}
	return "", nil, false
}

// code reads a value as WordPress stores it as a code of the field: the
// mapping's translation, the code itself, or the name of a reference
// entry in either language.
func (mp *mapper) code(field, raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if v, ok := mp.m.Values[field][raw]; ok {
		return v, true
	}
	switch field {
	case "citizenship":
		raw = strings.ToUpper(raw)
	case "gender":
		switch strings.ToLower(raw) {
		case "m", "м", "муж", "мужской", "мужчина", "male", "man":
			return "male", true
		case "f", "ж", "жен", "женский", "женщина", "female", "woman":
			return "female", true
		}
	}
	if codeKnown(mp.refs, field, raw) {
		return raw, true
	}
	for _, r := range refList(mp.refs, field) {
		if !r.Retired && (strings.EqualFold(r.Name[content.RU], raw) || strings.EqualFold(r.Name[content.EN], raw) || strings.EqualFold(r.Code, raw)) {
			return r.Code, true
		}
	}
	return "", false
}

// terms applies the mapping's terms of every post of the group.
func (mp *mapper) terms(g Group, candidates, lists map[string][]string, problem func(*Post, string, ...any)) {
	for _, p := range posts(g) {
		for _, tax := range sortedKeys(p.Terms) {
			if internalTaxonomies[tax] {
				continue
			}
			for _, t := range p.Terms[tax] {
				target, ok := mp.m.Terms[tax+":"+t.Slug]
				star := false
				if !ok {
					target, ok = mp.m.Terms[tax+":*"]
					star = ok
				}
				if t.Slug == "" {
					if ok || mp.mapsTaxonomy(tax) {
						problem(p, "term %d of %q is not described in the directory; save the /wp-json/wp/v2/ pages of that taxonomy too (or the posts with ?_embed)", t.ID, tax)
					}
					continue
				}
				if !ok {
					if mp.unmapped == nil {
						mp.unmapped = map[string]int{}
					}
					mp.unmapped[tax+":"+t.Slug]++
					if mp.m.UnmappedTerms == "refuse" {
						problem(p, "the mapping does not name its term %s:%s (map it, or to {} to ignore it)", tax, t.Slug)
					}
					continue
				}
				apply := func(field, code string, add func(string)) {
					if code == "" {
						return
					}
					if star && code == "*" {
						code = t.Slug
						if !codeKnown(mp.refs, field, code) {
							if c, ok := mp.code(field, t.Name); ok {
								code = c
							} else {
								problem(p, "term %s:%s (%s): neither its slug nor its name is in Casebook's %s", tax, t.Slug, t.Name, listName(field))
								return
							}
						}
					}
					add(code)
				}
				apply("categories", target.Category, func(c string) { lists["categories"] = append(lists["categories"], c) })
				apply("articles", target.Article, func(c string) { lists["articles"] = append(lists["articles"], c) })
				apply("region", target.Region, func(c string) { candidates["region"] = append(candidates["region"], c) })
				apply("status", target.Status, func(c string) { candidates["status"] = append(candidates["status"], c) })
			}
		}
	}
}

// mapsTaxonomy says whether the mapping names a term of the taxonomy.
func (mp *mapper) mapsTaxonomy(tax string) bool {
	for k := range mp.m.Terms {
		if strings.HasPrefix(k, tax+":") {
			return true
		}
	}
	return false
}

func dateField(c *content.Case, field string) *content.Date {
	switch field {
	case "recognized_on":
		return &c.RecognizedOn
	case "detained_on":
		return &c.DetainedOn
	case "sentenced_on":
		return &c.SentencedOn
	case "letter_address_checked_on":
		return &c.LetterAddressCheckedOn
	}
	return &c.BornOn
}

var (
	dottedDate = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`)
	dottedMon  = regexp.MustCompile(`^(\d{1,2})\.(\d{4})$`)
	acfDate    = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	slashDate  = regexp.MustCompile(`^(\d{4})/(\d{1,2})/(\d{1,2})$`)
)

// parseWPDate reads a date as custom fields hold them: the case JSON's
// partial dates, a date with a time ("2024-05-12 00:00:00"), ACF's
// 20240512, and the Russian 12.05.2024 and 05.2024.
func parseWPDate(s string) (content.Date, error) {
	s = strings.TrimSpace(s)
	if d, t, ok := strings.Cut(s, " "); ok && strings.Count(t, ":") >= 1 {
		s = d
	}
	if d, _, ok := strings.Cut(s, "T"); ok && len(d) == 10 {
		s = d
	}
	pad := func(n string) string {
		if len(n) == 1 {
			return "0" + n
		}
		return n
	}
	if m := dottedDate.FindStringSubmatch(s); m != nil {
		s = m[3] + "-" + pad(m[2]) + "-" + pad(m[1])
	} else if m := dottedMon.FindStringSubmatch(s); m != nil {
		s = m[2] + "-" + pad(m[1])
	} else if m := acfDate.FindStringSubmatch(s); m != nil {
		s = m[1] + "-" + m[2] + "-" + m[3]
	} else if m := slashDate.FindStringSubmatch(s); m != nil {
		s = m[1] + "-" + pad(m[2]) + "-" + pad(m[3])
	}
	return content.ParseDate(s)
}

var listSep = regexp.MustCompile(`[,;\n]+`)

// splitList reads values of a list field: each value may itself list
// several, separated by commas, semicolons or lines.
func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, part := range listSep.Split(v, -1) {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func uniq(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func quoteAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strconv.Quote(v)
	}
	return out
}

func sourceName(x *Export) string {
	if x.Format == "rest" {
		return "directory (save /wp-json/wp/v2/media, or the posts with ?_embed)"
	}
	return "export file"
}
