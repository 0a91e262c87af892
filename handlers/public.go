package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
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

func (h *Handler) home(c echo.Context) error {
	p := h.publicPrinter(c)
	items, total, err := h.st.PublicList(c.Request().Context(), store.PublicQuery{Limit: 6})
	if err != nil {
		return err
	}
	refs, err := h.st.References(c.Request().Context())
	if err != nil {
		return err
	}
	vm := views.HomePage{
		Page:   views.Page{P: p, Title: p.T("title.home") + " · " + p.T("site.name"), AltURL: "/" + string(p.Lang().Other()) + "/"},
		Latest: h.cards(p, refs, items),
		Total:  total,
	}
	return h.render(c, http.StatusOK, views.HomeView(vm))
}

func (h *Handler) list(c echo.Context) error {
	p := h.publicPrinter(c)
	q := strings.TrimSpace(c.QueryParam("q"))
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxQuery {
		return errs.Invalid("error.query")
	}
	page := 1
	if raw := c.QueryParam("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxPage {
			return errs.Invalid("error.page")
		}
		page = n
	}
	items, total, err := h.st.PublicList(c.Request().Context(), store.PublicQuery{Text: q, Limit: pageSize, Offset: (page - 1) * pageSize})
	if err != nil {
		return err
	}
	refs, err := h.st.References(c.Request().Context())
	if err != nil {
		return err
	}
	pageURL := func(n int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/" + string(p.Lang()) + "/cases"
		}
		return "/" + string(p.Lang()) + "/cases?" + v.Encode()
	}
	title := p.T("title.list")
	if q != "" {
		title = q + " · " + title
	}
	vm := views.ListPage{
		Page:  views.Page{P: p, Title: title + " · " + p.T("site.name"), AltURL: "/" + string(p.Lang().Other()) + "/cases", NoIndex: q != ""},
		Query: q,
		Cards: h.cards(p, refs, items),
		Total: total,
	}
	if page > 1 {
		vm.PrevURL = pageURL(page - 1)
	}
	if page*pageSize < total {
		vm.NextURL = pageURL(page + 1)
	}
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
	refs, err := h.st.References(ctx)
	if err != nil {
		return err
	}
	vm := h.profileView(p, pc.Live.Content, refs)
	return h.render(c, http.StatusOK, views.ProfileView(vm))
}

// profileView builds a profile page from a revision's content; the studio
// preview uses it too, so that what reviewers see is what will go out.
func (h *Handler) profileView(p *i18n.Printer, cc *content.Case, refs *store.References) views.ProfilePage {
	l := p.Lang()
	t := cc.Text(l)
	vm := views.ProfilePage{
		Page: views.Page{P: p, Title: cc.DisplayName(l) + " · " + p.T("site.name"), AltURL: views.CaseURL(l.Other(), cc.Slug)},
	}
	if !t.Complete() {
		vm.Missing = true
		vm.Name = cc.DisplayName(l)
		vm.OtherURL = views.CaseURL(l.Other(), cc.Slug)
		vm.NoIndex = true
		return vm
	}
	vm.Name, vm.Headline, vm.Statement = t.Name, t.Headline, t.Statement
	vm.BodyHTML = h.md.HTML(t.Body)
	vm.Facts = h.facts(p, cc, refs)
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
	region := ""
	if r, ok := store.Find(refs.Regions, cc.Region); ok {
		region = r.Label(l)
	}
	add("fact.region", region)
	add("fact.locality", cc.Text(l).Locality)
	var arts []string
	for _, code := range cc.Articles {
		if a, ok := store.Find(refs.Articles, code); ok {
			arts = append(arts, p.T("fact.article", code, a.Label(l)))
		} else {
			arts = append(arts, code)
		}
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
	add("fact.sentence", cc.Text(l).Sentence)
	if cc.Custody != "" {
		add("fact.custody", p.T("custody."+cc.Custody))
	}
	add("fact.place_of_detention", cc.PlaceOfDetention)
	return out
}
