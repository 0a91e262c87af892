package wordpress

// Export is what one WordPress site gave out: its address, its posts of
// every type and the media its posts name.
type Export struct {
	// Site is the site's home address as WordPress names it
	// ("https://example.org", or with the folder WordPress lives in), with
	// no slash at the end: with a post's id it names the post for good
	// (re-running an import finds the cases it made by it).
	Site string
	// Format is "wxr" or "rest".
	Format string
	// Posts are the posts of every type but attachments, in the order
	// of the source.
	Posts []*Post
	// Media are the attachments by id: featured images among them.
	Media map[int64]*Media
	// Terms are the terms the source describes apart from the posts
	// (WXR's wp:term, REST's term pages), by taxonomy and slug; a post
	// names its own terms in any case.
	Terms map[string]map[string]Term
}

// Post is one post of any type.
type Post struct {
	ID     int64
	Type   string
	Status string
	// Slug is the post's name as WordPress stores it (percent-encoded
	// when it is not Latin), "" for a draft that never had one.
	Slug string
	// Link is the post's permalink as the source gives it: the pretty
	// address of a published post, ?p= or ?post_type=&p= of a draft.
	Link string
	// Title is plain text.
	Title string
	// Content is the body as HTML, with paragraphs: WordPress's raw
	// classic content gets them the way WordPress's own wpautop would
	// give them; block content and REST's rendered content have them.
	Content string
	// Excerpt is the excerpt an author wrote, as plain text; "" where
	// there is none (REST's automatic excerpt is not one).
	Excerpt string
	// FeaturedID is the attachment id of the featured image, 0 for none.
	FeaturedID int64
	// Terms are the post's terms by taxonomy ("category", "post_tag",
	// "language", custom ones), in the order the source gives them.
	Terms map[string][]Term
	// Meta are the post's meta values by key, each key's values in
	// order: WordPress allows one key several times. A PHP-serialized
	// array stays as WordPress stored it (see MetaValues).
	Meta map[string][]string
	// Lang is the post's language ("ru", "en") where the source says
	// it (Polylang, WPML), "" where it does not.
	Lang string
	// Group names the translation group the post belongs to where the
	// source says so ("pll:<slug>", "wpml:<id>"), "" otherwise; the posts
	// of one group are translations of one another.
	Group string
	// Translations are the ids of the post's translations by language,
	// itself included, where the source lists them (a Polylang group's
	// description, Polylang Pro's REST field).
	Translations map[string]int64
	// OldSlugs are earlier slugs WordPress kept for the post
	// (_wp_old_slug): their addresses redirected there too.
	OldSlugs []string
}

// Term is a term of a taxonomy.
type Term struct {
	ID          int64
	Taxonomy    string
	Slug        string
	Name        string
	Description string
}

// Media is an attachment: an uploaded file.
type Media struct {
	ID int64
	// URL is where WordPress serves the file.
	URL string
	// File is the file's path under the site's uploads folder, as
	// WordPress records it ("2024/05/photo.jpg"), "" where the source
	// does not say.
	File    string
	Alt     string
	Caption string
}

// HasTerm reports whether the post has the term.
func (p *Post) HasTerm(taxonomy, slug string) bool {
	for _, t := range p.Terms[taxonomy] {
		if t.Slug == slug {
			return true
		}
	}
	return false
}

// addTerm adds a term to the post, once.
func (p *Post) addTerm(t Term) {
	if p.Terms == nil {
		p.Terms = map[string][]Term{}
	}
	if !p.HasTerm(t.Taxonomy, t.Slug) {
		p.Terms[t.Taxonomy] = append(p.Terms[t.Taxonomy], t)
	}
}
