package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
	"casebook/store"
	"casebook/views"
)

const (
	langKey  = "lang"
	pageSize = 20
	// maxQuery bounds a search; longer text is not a search but an attack.
	maxQuery = 200
	maxPage  = 10000
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func itoa(n int) string { return strconv.Itoa(n) }

// root sends a visitor to the language their browser asks for.
func (h *Handler) root(c echo.Context) error {
	if c.Request().URL.RawQuery != "" {
		// WordPress's /?p=123 of a post the import brought over.
		if answered, err := h.oldAddress(c); answered || err != nil {
			return err
		}
	}
	l := h.cat.Match(c.Request().Header.Get("Accept-Language"), h.defaultLang)
	c.Response().Header().Set("Vary", "Accept-Language")
	return c.Redirect(http.StatusFound, "/"+string(l)+"/")
}

// langRedirect adds the slash to /ru and /en; anything else is not a page.
func (h *Handler) langRedirect(c echo.Context) error {
	if l, ok := content.ParseLang(c.Param("lang")); ok {
		return c.Redirect(http.StatusMovedPermanently, "/"+string(l)+"/")
	}
	return echo.ErrNotFound
}

// publicLang accepts only the languages Casebook publishes in, and sets no
// cookie: the public site remembers nothing about its readers.
func (h *Handler) publicLang(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		l, ok := content.ParseLang(c.Param("lang"))
		if !ok {
			return echo.ErrNotFound
		}
		c.Set(langKey, l)
		return next(c)
	}
}

func (h *Handler) publicPrinter(c echo.Context) *i18n.Printer {
	return h.cat.Printer(c.Get(langKey).(content.Lang))
}

// siteTextDefaults are the catalog's texts that stand for a site text no
// editor has written.
var siteTextDefaults = map[string]string{"home_intro": "home.lede", "how_to_help": "help.text", "letter_guidance": "profile.letter_guidance",
	"disclaimer": "profile.disclaimer", "open_data_licence": "opendata.licence_default"}

// siteTexts returns the site-wide texts as sanitised HTML in l: what
// editors wrote, or the built-in text.
func (h *Handler) siteTexts(ctx context.Context, p *i18n.Printer) (map[string]string, error) {
	texts, err := h.rawSiteTexts(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, k := range store.SiteTextKeys() {
		src := texts[k][p.Lang()]
		if src == "" {
			src = p.T(siteTextDefaults[k])
		}
		out[k] = h.md.HTML(src)
	}
	return out, nil
}

func (h *Handler) home(c echo.Context) error {
	p := h.publicPrinter(c)
	ctx := c.Request().Context()
	items, total, err := h.st.PublicList(ctx, store.PublicQuery{Limit: 6})
	if err != nil {
		return err
	}
	refs, err := h.refs(ctx)
	if err != nil {
		return err
	}
	facets, err := h.publicFacets(ctx)
	if err != nil {
		return err
	}
	texts, err := h.siteTexts(ctx, p)
	if err != nil {
		return err
	}
	vm := views.HomePage{
		Page:      h.publicPage(c, p, p.T("title.home")+" · "+p.T("site.name"), "/", p.T("home.lede")),
		Latest:    h.cards(p, refs, items),
		Total:     total,
		IntroHTML: texts["home_intro"],
		HelpHTML:  texts["how_to_help"],
	}
	for _, st := range facets.Status {
		if st.Key == "removed" {
			continue
		}
		vm.Counts = append(vm.Counts, statusCount(p, refs, st.Key, st.Count))
	}
	return h.render(c, http.StatusOK, views.HomeView(vm))
}

// statusCount writes "5 политзаключённых": the statuses the catalog knows
// take their plural forms; one an editor added reads "Name: 5".
func statusCount(p *i18n.Printer, refs *store.References, status string, n int) string {
	if key := "count.status." + status; p.Has(key) {
		return p.N(key, n)
	}
	return statusLabel(p, refs, status) + ": " + strconv.Itoa(n)
}

// publicPage is the frame of a public page: its canonical address and
// its alternates in both languages (path is the part after /{lang}).
func (h *Handler) publicPage(c echo.Context, p *i18n.Printer, title, path, description string) views.Page {
	base := h.baseURL(c)
	l := p.Lang()
	return views.Page{
		P: p, Title: title, AltURL: "/" + string(l.Other()) + path,
		Meta: views.Meta{
			Canonical: base + "/" + string(l) + path,
			Alternates: []views.Alternate{
				{Lang: "ru", URL: base + "/ru" + path}, {Lang: "en", URL: base + "/en" + path},
				{Lang: "x-default", URL: base + "/" + string(h.defaultLang) + path},
			},
			Description: truncate(description, 200),
			FeedURL:     "/" + string(l) + "/feed.atom",
			Static:      h.static,
		},
	}
}

// baseURL is the site's own address for canonical links and feeds: the
// --base-url an operator gave, else what the request says. In that case
// the answer says so in Vary, so that a cache in front keeps one copy per
// address and never gives one reader the links another request planted.
func (h *Handler) baseURL(c echo.Context) string {
	if h.base != "" {
		return h.base
	}
	if h.static {
		// A mirror exported without --base-url: the requests are made up
		// (ExportSite), and their host, example.com, is nobody's.
		return ""
	}
	addVary(c.Response().Header(), h.originHeaders()...)
	return h.requestOrigin(c.Request())
}

// originHeaders are the request headers requestOrigin reads.
func (h *Handler) originHeaders() []string {
	if h.trustProxy {
		return []string{"Host", echo.HeaderXForwardedProto}
	}
	return []string{"Host"}
}

// requestOrigin is scheme://host as the request states it. The scheme is
// https over TLS; behind a trusted proxy it is what X-Forwarded-Proto
// says, if that is exactly http or https. Anything else a client sends
// (X-Forwarded-Proto without --trust-proxy, X-Forwarded-Ssl, X-Url-Scheme,
// "javascript") is ignored: it would end up in links other readers get.
// The host is the Host header, which Go's server has checked for
// characters a host cannot have; absolute-form request lines, which
// replace it, are refused (originForm).
func (h *Handler) requestOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	} else if h.trustProxy {
		if v := r.Header.Values(echo.HeaderXForwardedProto); len(v) == 1 && (v[0] == "http" || v[0] == "https") {
			scheme = v[0]
		}
	}
	return scheme + "://" + r.Host
}

// addVary adds names to the Vary header, once each.
func addVary(hd http.Header, names ...string) {
	var tokens []string
	for _, v := range hd.Values("Vary") {
		for _, t := range strings.Split(v, ",") {
			if t = strings.TrimSpace(t); t != "" {
				tokens = append(tokens, t)
			}
		}
	}
	for _, n := range names {
		if !slices.ContainsFunc(tokens, func(t string) bool { return strings.EqualFold(t, n) }) {
			tokens = append(tokens, n)
		}
	}
	hd.Set("Vary", strings.Join(tokens, ", "))
}

// cutRunes keeps the first n runes of s.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// listParams are the list's query parameters, in the order URLs carry them.
var listParams = []string{"q", "status", "region", "article", "category", "year", "group", "gender", "citizenship", "born_from", "born_to", "released"}

// listQuery reads and checks the list's query string. Anything malformed
// is a 400 with a message, never a database error.
func listQuery(c echo.Context) (store.PublicQuery, int, url.Values, error) {
	v := url.Values{}
	for _, k := range listParams {
		val := strings.TrimSpace(c.QueryParam(k))
		if k == "q" {
			// A search is words whatever is typed: bytes that are not
			// text are dropped and a long one is cut, never refused.
			val = strings.TrimSpace(cutRunes(strings.ToValidUTF8(val, " "), maxQuery))
		}
		if !utf8.ValidString(val) || utf8.RuneCountInString(val) > maxQuery {
			return store.PublicQuery{}, 0, nil, errs.Invalid("error.query")
		}
		if k != "q" && val != "" && !factParams[k] && !filterValue.MatchString(val) {
			return store.PublicQuery{}, 0, nil, errs.Invalid("error.query")
		}
		if val != "" {
			v.Set(k, val)
		}
	}
	page := 1
	if raw := c.QueryParam("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxPage {
			return store.PublicQuery{}, 0, nil, errs.Invalid("error.page")
		}
		page = n
	}
	q := store.PublicQuery{Text: v.Get("q"), Status: v.Get("status"), Region: v.Get("region"), Article: v.Get("article"),
		Category: v.Get("category"), Year: v.Get("year"), Group: v.Get("group"), Limit: pageSize, Offset: (page - 1) * pageSize}
	if err := readFacts(v, &q); err != nil {
		return store.PublicQuery{}, 0, nil, err
	}
	return q, page, v, nil
}

var filterValue = regexp.MustCompile(`^[a-z0-9._-]{1,100}$`)

// staticListURL is the address of a list page in the static mirror,
// where a file cannot depend on a query string: the pages, and one filter
// by status or by year, get paths of their own.
func staticListURL(l content.Lang, v url.Values, page int) string {
	u := "/" + string(l) + "/cases/"
	switch {
	case len(v) == 1 && v.Get("status") != "":
		u += "by-status/" + v.Get("status") + "/"
	case len(v) == 1 && v.Get("year") != "":
		u += "by-year/" + v.Get("year") + "/"
	case len(v) > 0:
		// Other combinations need the server; the whole list stands in.
		return u
	}
	if page > 1 {
		u += "page/" + strconv.Itoa(page) + "/"
	}
	return u
}

// listURL is the list's address with these parameters, in a stable order,
// so that each filter combination has one address (and one cache entry).
func (h *Handler) listURL(l content.Lang, v url.Values, page int) string {
	if h.static {
		return staticListURL(l, v, page)
	}
	var parts []string
	for _, k := range listParams {
		if val := v.Get(k); val != "" {
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(val))
		}
	}
	if page > 1 {
		parts = append(parts, "page="+strconv.Itoa(page))
	}
	u := "/" + string(l) + "/cases"
	if len(parts) > 0 {
		u += "?" + strings.Join(parts, "&")
	}
	return u
}

func with(v url.Values, k, val string) url.Values {
	out := url.Values{}
	for key, vals := range v {
		out[key] = vals
	}
	if val == "" {
		out.Del(k)
	} else {
		out.Set(k, val)
	}
	return out
}

func (h *Handler) list(c echo.Context) error {
	p := h.publicPrinter(c)
	ctx := c.Request().Context()
	q, page, v, err := listQuery(c)
	if err != nil {
		return err
	}
	// The counts beside the list are of the current result: what each
	// choice would show with the search and the other filters kept.
	var items []store.PublicItem
	var total int
	var facets *store.Facets
	if len(v) > 0 {
		items, total, facets, err = h.st.PublicListFacets(ctx, q)
	} else {
		items, total, err = h.st.PublicList(ctx, q)
		if err == nil {
			facets, err = h.publicFacets(ctx)
		}
	}
	if err != nil {
		return err
	}
	refs, err := h.refs(ctx)
	if err != nil {
		return err
	}
	l := p.Lang()
	title := p.T("title.list")
	if q.Text != "" {
		title = q.Text + " · " + title
	}
	vm := views.ListPage{
		Page:  h.publicPage(c, p, title+" · "+p.T("site.name"), "/cases", p.T("list.description")),
		Query: q.Text,
		Cards: h.cards(p, refs, items),
		Total: total,
	}
	vm.AltURL = h.listURL(l.Other(), v, page)
	// A search or filter page is not what a search engine should index:
	// the canonical list is.
	vm.NoIndex = len(v) > 0 || page > 1
	if page > 1 {
		vm.PrevURL = h.listURL(l, v, page-1)
	}
	if page*pageSize < total {
		vm.NextURL = h.listURL(l, v, page+1)
	}
	label := func(name, code string) string {
		switch name {
		case "status":
			return statusLabel(p, refs, code)
		case "region":
			if r, ok := store.Find(refs.Regions, code); ok {
				return r.Label(l)
			}
		case "article":
			if a, ok := store.Find(refs.Articles, code); ok {
				return p.T("filter.article", code, truncate(a.Label(l), 60))
			}
		case "category":
			if ct, ok := store.Find(refs.Categories, code); ok {
				return ct.Label(l)
			}
		default:
			return factLabel(p, refs, name, code)
		}
		return code
	}
	for _, f := range []struct {
		name   string
		counts []store.Count
	}{
		{"status", facets.Status}, {"region", facets.Region}, {"article", facets.Article},
		{"category", facets.Category}, {"year", facets.Year},
		{"group", facets.Group}, {"gender", facets.Gender}, {"citizenship", facets.Citizenship}, {"released", facets.Released},
	} {
		filter := views.Filter{Name: f.name, Label: p.T("filter.name_" + f.name)}
		counts := f.counts
		if val := v.Get(f.name); val != "" && !slices.ContainsFunc(counts, func(c store.Count) bool { return c.Key == val }) {
			// The choice in force stays in the form even when nothing
			// is found with it, so that applying the form keeps it.
			counts = append(slices.Clip(counts), store.Count{Key: val})
		}
		for _, ct := range counts {
			filter.Options = append(filter.Options, views.Option{
				Value: ct.Key, Label: label(f.name, ct.Key), Count: ct.Count, Selected: v.Get(f.name) == ct.Key,
				URL: h.listURL(l, with(v, f.name, ct.Key), 1),
			})
		}
		if !h.static {
			// The filter form needs the server; a static mirror offers
			// the filters that are links.
			vm.Filters = append(vm.Filters, filter)
		}
		if !h.static || f.name == "status" || f.name == "year" {
			// Every filter is a link too, so that it works without the
			// form; the static mirror has pages only for status and year.
			vm.Links = append(vm.Links, views.FilterLinks{Label: filter.Label, Options: filter.Options})
		}
		if val := v.Get(f.name); val != "" {
			vm.Active = append(vm.Active, views.ActiveFilter{Label: filter.Label + ": " + label(f.name, val), RemoveURL: h.listURL(l, with(v, f.name, ""), 1)})
		}
	}
	h.yearFilters(p, &vm, v)
	return h.render(c, http.StatusOK, views.ListView(vm))
}

// cards shows each case in the page's language when it has a version in
// it, and otherwise in the one it has.
func (h *Handler) cards(p *i18n.Printer, refs *store.References, items []store.PublicItem) []views.CaseCard {
	l := p.Lang()
	out := make([]views.CaseCard, 0, len(items))
	for _, it := range items {
		cl := l
		if !it.Complete[l] {
			cl = l.Other()
		}
		out = append(out, views.CaseCard{
			URL:          views.CaseURL(cl, it.Slug),
			Name:         it.Name[cl],
			Headline:     it.Headline[cl],
			Status:       statusLabel(p, refs, it.Status),
			RecognizedOn: it.RecognizedOn,
			Lang:         cl,
			Thumb:        it.Thumb,
			SnippetHTML:  it.Snippet[cl],
		})
	}
	return out
}

func (h *Handler) profile(c echo.Context) error {
	p := h.publicPrinter(c)
	slug := c.Param("slug")
	if !slugPattern.MatchString(slug) || len(slug) > 120 {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	pc, err := h.st.PublicCaseBySlug(ctx, slug)
	var moved *store.MovedError
	if errors.As(err, &moved) {
		return c.Redirect(http.StatusMovedPermanently, views.CaseURL(p.Lang(), moved.Slug))
	}
	if err != nil {
		return err
	}
	vm, err := h.profilePage(ctx, p, pc.Case.ID, pc.Live.Content)
	if err != nil {
		return err
	}
	t := pc.Live.Content.Text(p.Lang())
	title := vm.Title
	vm.Page = h.publicPage(c, p, title, "/cases/"+pc.Case.Slug, t.Headline)
	vm.Meta.Type = "article"
	if pc.Live.Content.Photo.URL != "" {
		vm.Meta.Image = h.baseURL(c) + pc.Live.Content.Photo.URL
	}
	// Only the languages this profile exists in are alternates.
	var alts []views.Alternate
	for _, a := range vm.Meta.Alternates {
		if l, ok := content.ParseLang(a.Lang); ok && pc.Live.Content.Text(l).Complete() {
			alts = append(alts, a)
		}
	}
	vm.Meta.Alternates = alts
	if vm.Missing {
		// The page stands in for the version that exists: search engines
		// are sent there and do not index this one.
		vm.NoIndex = true
		vm.Meta.Canonical = h.baseURL(c) + vm.OtherURL
	}
	return h.render(c, http.StatusOK, views.ProfileView(vm))
}

// profilePage builds the profile page of a revision's content with the
// site's texts (how to help, the letter guidance, the disclaimer): the
// public page and the studio's preview both come from it, so that what
// reviewers see is what will go out. id is the case's, whose
// co-defendants are the other published members of its groups.
func (h *Handler) profilePage(ctx context.Context, p *i18n.Printer, id int64, cc *content.Case) (views.ProfilePage, error) {
	refs, err := h.refs(ctx)
	if err != nil {
		return views.ProfilePage{}, err
	}
	texts, err := h.siteTexts(ctx, p)
	if err != nil {
		return views.ProfilePage{}, err
	}
	co, err := h.coDefendants(ctx, id, cc)
	if err != nil {
		return views.ProfilePage{}, err
	}
	vm := h.profileView(p, cc, refs, co)
	vm.HelpHTML, vm.DisclaimerHTML, vm.GuidanceHTML = texts["how_to_help"], texts["disclaimer"], texts["letter_guidance"]
	return vm, nil
}

// profileView builds a profile page from a revision's content, without
// the site's texts (see profilePage), with the co-defendants co the store
// read (store.CoDefendants).
func (h *Handler) profileView(p *i18n.Printer, cc *content.Case, refs *store.References, co map[string][]store.GroupMember) views.ProfilePage {
	// The preview shows what the public would: a birthday not cleared
	// is its year.
	cc = cc.ForPublic()
	l := p.Lang()
	t := cc.Text(l)
	vm := views.ProfilePage{
		Page: views.Page{P: p, Title: cc.DisplayName(l) + " · " + p.T("site.name"), AltURL: views.CaseURL(l.Other(), cc.Slug)},
	}
	if !t.Complete() {
		vm.Missing = true
		vm.Name = cc.DisplayName(l)
		if strings.TrimSpace(t.Name) == "" {
			vm.NameLang = string(l.Other())
		}
		vm.OtherURL = views.CaseURL(l.Other(), cc.Slug)
		vm.NoIndex = true
		return vm
	}
	vm.Name, vm.Headline, vm.Statement = t.Name, t.Headline, t.Statement
	vm.BodyHTML = h.md.HTML(t.Body)
	vm.Facts = h.facts(p, cc, refs)
	vm.Prosecutions = prosecutionViews(p, cc, refs, co)
	for _, e := range cc.Timeline {
		if txt := e.Text(l); txt != "" {
			vm.Timeline = append(vm.Timeline, views.TimelineItem{Date: e.Date, Text: txt})
		}
	}
	vm.Sources = cc.Sources
	if cc.Photo.URL != "" {
		vm.Photo = &views.Photo{URL: cc.Photo.URL, Alt: t.PhotoAlt, Credit: cc.Photo.Credit}
	}
	if cc.LetterAddress != "" {
		vm.Letter = &views.Letter{Address: cc.LetterAddress, CheckedOn: cc.LetterAddressCheckedOn}
	}
	vm.Status = statusLabel(p, refs, cc.Status)
	return vm
}

// statusLabel names a recognition status from the editable list.
func statusLabel(p *i18n.Printer, refs *store.References, code string) string {
	if r, ok := store.Find(refs.Statuses, code); ok {
		return r.Label(p.Lang())
	}
	return code
}

// facts lists what the facts box shows, skipping what is unknown.
func (h *Handler) facts(p *i18n.Printer, cc *content.Case, refs *store.References) []views.Fact {
	l := p.Lang()
	var out []views.Fact
	add := func(key string, values ...string) {
		var vs []string
		for _, v := range values {
			if v != "" {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			out = append(out, views.Fact{Label: p.T(key), Values: vs})
		}
	}
	if cc.Status != "" {
		add("fact.status", statusLabel(p, refs, cc.Status))
	}
	add("fact.recognized_on", p.Date(cc.RecognizedOn))
	out = append(out, personFacts(p, cc, time.Now())...)
	region := ""
	if r, ok := store.Find(refs.Regions, cc.Region); ok {
		region = r.Label(l)
	}
	add("fact.region", region)
	add("fact.locality", cc.Text(l).Locality)
	var arts []string
	for _, a := range cc.Articles {
		// With its part, as a prosecution writes it ("280.3 ч.1").
		arts = append(arts, articleLabel(p, refs, a))
	}
	add("fact.articles", arts...)
	var cats []string
	for _, code := range cc.Categories {
		if ct, ok := store.Find(refs.Categories, code); ok {
			cats = append(cats, ct.Label(l))
		}
	}
	add("fact.categories", cats...)
	add("fact.detained_on", p.Date(cc.DetainedOn))
	add("fact.sentenced_on", p.Date(cc.SentencedOn))
	if s := cc.Text(l).Sentence; s != "" {
		add("fact.sentence", s)
	} else {
		// No sentence written out: each prosecution's sentence as data,
		// in words.
		var words []string
		for _, q := range cc.EffectiveProsecutions() {
			words = append(words, p.Sentence(q.Sentence))
		}
		add("fact.sentence", words...)
	}
	if cc.Custody != "" {
		add("fact.custody", p.T("custody."+cc.Custody))
	}
	add("fact.place_of_detention", cc.PlaceOfDetention)
	return out
}
