package handlers

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/store"
	"casebook/views"
)

// caseFields are the keys of the case JSON that open data carries
// (DESIGN.md §4), by their path, in the order a case is written; a row
// may name the same key in both languages. The description of a row is
// the message "opendata.field." + its key. A test compares every key the
// API answers with this list, so the page cannot fall behind the JSON.
var caseFields = []struct {
	key  string
	keys []string
}{
	{"slug", nil}, {"status", nil}, {"recognized_on", nil}, {"region", nil}, {"articles", nil}, {"categories", nil},
	{"detained_on", nil}, {"sentenced_on", nil},
	{"gender", nil}, {"born_on", nil}, {"birthday_public", nil}, {"citizenship", nil},
	{"custody", nil}, {"place_of_detention", nil},
	{"letter_address", nil}, {"letter_address_checked_on", nil},
	{"photo", nil}, {"photo.url", nil}, {"photo.credit", nil},
	{"sources", nil}, {"sources.title", []string{"sources[].title"}}, {"sources.url", []string{"sources[].url"}},
	{"lang", []string{"ru", "en"}},
	{"lang.name", []string{"ru.name", "en.name"}},
	{"lang.headline", []string{"ru.headline", "en.headline"}},
	{"lang.statement", []string{"ru.statement", "en.statement"}},
	{"lang.body", []string{"ru.body", "en.body"}},
	{"lang.sentence", []string{"ru.sentence", "en.sentence"}},
	{"lang.locality", []string{"ru.locality", "en.locality"}},
	{"lang.photo_alt", []string{"ru.photo_alt", "en.photo_alt"}},
	{"lang.occupation", []string{"ru.occupation", "en.occupation"}},
	{"timeline", nil}, {"timeline.date", []string{"timeline[].date"}}, {"timeline.text", []string{"timeline[].ru", "timeline[].en"}},
	{"prosecutions", nil},
	{"prosecutions.group", []string{"prosecutions[].group"}},
	{"prosecutions.articles", []string{"prosecutions[].articles"}},
	{"prosecutions.region", []string{"prosecutions[].region"}},
	{"prosecutions.opened_on", []string{"prosecutions[].opened_on"}},
	{"prosecutions.detained_on", []string{"prosecutions[].detained_on"}},
	{"prosecutions.verdict_on", []string{"prosecutions[].verdict_on"}},
	{"prosecutions.stage", []string{"prosecutions[].stage"}},
	{"prosecutions.sentence", []string{"prosecutions[].sentence"}},
	{"prosecutions.sentence.kind", []string{"prosecutions[].sentence.kind"}},
	{"prosecutions.sentence.months", []string{"prosecutions[].sentence.months"}},
	{"prosecutions.sentence.regime", []string{"prosecutions[].sentence.regime"}},
	{"prosecutions.sentence.fine_rub", []string{"prosecutions[].sentence.fine_rub"}},
	{"prosecutions.sentence.release_expected_on", []string{"prosecutions[].sentence.release_expected_on"}},
	{"prosecutions.sentence.released_on", []string{"prosecutions[].sentence.released_on"}},
	{"prosecutions.sentence.released_how", []string{"prosecutions[].sentence.released_how"}},
	{"prosecutions.lang", []string{"prosecutions[].ru", "prosecutions[].en"}},
	{"prosecutions.lang.court", []string{"prosecutions[].ru.court", "prosecutions[].en.court"}},
	{"prosecutions.lang.judge", []string{"prosecutions[].ru.judge", "prosecutions[].en.judge"}},
	{"prosecutions.lang.prosecutor", []string{"prosecutions[].ru.prosecutor", "prosecutions[].en.prosecutor"}},
	{"prosecutions.lang.note", []string{"prosecutions[].ru.note", "prosecutions[].en.note"}},
}

// listKeys are the keys of the answer of /api/v1/cases (apiList).
var listKeys = []string{"total", "page", "per_page", "cases", "next"}

// prosecutionListKeys are the keys of the answer of /api/v1/prosecutions
// (apiProsecutionList) and those a row adds to the prosecution's fields,
// which are the case's (prosecutions[].group...).
var prosecutionListKeys = []string{"total", "page", "per_page", "prosecutions", "next", "prosecutions[].slug", "prosecutions[].index"}

// openDataPage explains the open data: the addresses, the filters with
// examples, every field of the case JSON and every CSV column, the codes
// the fields hold, and the licence, which editors set as a site text.
func (h *Handler) openDataPage(c echo.Context) error {
	p := h.publicPrinter(c)
	ctx := c.Request().Context()
	refs, err := h.refs(ctx)
	if err != nil {
		return err
	}
	texts, err := h.siteTexts(ctx, p)
	if err != nil {
		return err
	}
	l := p.Lang()
	vm := views.OpenDataPage{
		Page:        h.publicPage(c, p, p.T("opendata.title")+" · "+p.T("site.name"), "/open-data", p.T("opendata.description")),
		LicenceHTML: texts["open_data_licence"],
	}
	row := func(keys []string, example, text string) views.DocRow {
		return views.DocRow{Keys: keys, Example: example, Text: text}
	}
	vm.Addresses = []views.DocRow{
		row([]string{"/api/v1/cases"}, "/api/v1/cases", p.T("opendata.api.list")),
		row([]string{"/api/v1/cases/{slug}"}, "", p.T("opendata.api.case")),
		row([]string{"/api/v1/cases.csv"}, "/api/v1/cases.csv", p.T("opendata.api.csv")),
		row([]string{"/api/v1/prosecutions"}, "/api/v1/prosecutions", p.T("opendata.api.prosecutions")),
		row([]string{"/api/v1/prosecutions.csv"}, "/api/v1/prosecutions.csv", p.T("opendata.api.prosecutions_csv")),
		row([]string{"/ru/feed.atom"}, "/ru/feed.atom", p.T("opendata.api.feed_ru")),
		row([]string{"/en/feed.atom"}, "/en/feed.atom", p.T("opendata.api.feed_en")),
		row([]string{"/sitemap.xml"}, "/sitemap.xml", p.T("opendata.api.sitemap")),
	}
	// An example of one published case, when there is one.
	if items, _, err := h.st.PublicList(ctx, store.PublicQuery{Limit: 1}); err == nil && len(items) > 0 {
		vm.Addresses[1].Example = "/api/v1/cases/" + items[0].Slug
	}
	example := func(param, value string) string {
		return "/api/v1/cases?" + url.Values{param: {value}}.Encode()
	}
	first := func(list []store.RefItem, fallback string) string {
		for _, it := range list {
			if !it.Retired {
				return it.Code
			}
		}
		return fallback
	}
	vm.Filters = []views.DocRow{
		row([]string{"q"}, example("q", p.T("opendata.filter.q_example")), p.T("opendata.filter.q")),
		row([]string{"status"}, example("status", first(refs.Statuses, "political_prisoner")), p.T("opendata.filter.status")),
		row([]string{"region"}, example("region", "arkhangelsk-oblast"), p.T("opendata.filter.region")),
		row([]string{"article"}, example("article", "280.3"), p.T("opendata.filter.article")),
		row([]string{"category"}, example("category", first(refs.Categories, "anti-war")), p.T("opendata.filter.category")),
		row([]string{"year"}, example("year", "2024"), p.T("opendata.filter.year")),
		row([]string{"group"}, example("group", first(refs.Groups, "network")), p.T("opendata.filter.group")),
		row([]string{"gender"}, example("gender", "female"), p.T("opendata.filter.gender")),
		row([]string{"citizenship"}, example("citizenship", "RU"), p.T("opendata.filter.citizenship")),
		row([]string{"born_from"}, example("born_from", "1980"), p.T("opendata.filter.born_from")),
		row([]string{"born_to"}, example("born_to", "1990"), p.T("opendata.filter.born_to")),
		row([]string{"released"}, example("released", "true"), p.T("opendata.filter.released")),
		row([]string{"page"}, example("page", "2"), p.T("opendata.filter.page")),
		row([]string{"per_page"}, example("per_page", "500"), p.T("opendata.filter.per_page")),
		row(nil, "/api/v1/cases.csv?status="+url.QueryEscape(first(refs.Statuses, "political_prisoner"))+"&year=2024", p.T("opendata.filter.combined")),
		row(nil, "/api/v1/prosecutions.csv?gender=female&born_from=1980&released=false", p.T("opendata.filter.combined_prosecutions")),
	}
	for _, f := range caseFields {
		keys := f.keys
		if keys == nil {
			keys = []string{f.key}
		}
		vm.Fields = append(vm.Fields, row(keys, "", p.T("opendata.field."+f.key)))
	}
	for _, k := range listKeys {
		vm.ListKeys = append(vm.ListKeys, row([]string{k}, "", p.T("opendata.list."+k)))
	}
	for _, col := range csvColumns {
		vm.CSV = append(vm.CSV, row([]string{col}, "", p.T("opendata.csv."+col)))
	}
	for _, k := range prosecutionListKeys {
		vm.ProsecutionKeys = append(vm.ProsecutionKeys, row([]string{k}, "", p.T("opendata.plist."+k)))
	}
	for _, col := range prosecutionColumns {
		vm.ProsecutionCSV = append(vm.ProsecutionCSV, row([]string{col}, "", p.T("opendata.pcsv."+col)))
	}
	codes := func(label string, list []store.RefItem) views.CodeList {
		cl := views.CodeList{Label: p.T(label)}
		for _, it := range list {
			cl.Items = append(cl.Items, views.CodeName{Code: it.Code, Name: it.Label(l)})
		}
		return cl
	}
	custody := views.CodeList{Label: p.T("opendata.codes.custody")}
	for _, code := range content.Custodies() {
		custody.Items = append(custody.Items, views.CodeName{Code: code, Name: p.T("custody." + code)})
	}
	vm.Codes = []views.CodeList{
		codes("opendata.codes.statuses", refs.Statuses),
		custody,
		codes("opendata.codes.regions", refs.Regions),
		codes("opendata.codes.articles", refs.Articles),
		codes("opendata.codes.categories", refs.Categories),
		codes("opendata.codes.groups", refs.Groups),
	}
	return h.render(c, http.StatusOK, views.OpenDataView(vm))
}
