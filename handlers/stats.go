package handlers

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/labstack/echo/v4"

	"casebook/charts"
	"casebook/store"
	"casebook/views"
)

// everyYear orders the counts by year, oldest first, and puts in the years
// between the first and the last that had no recognitions, with 0, so
// that the chart shows a gap as a gap.
func everyYear(counts []store.Count) []store.Count {
	byYear := map[int]int{}
	first, last := 0, 0
	var other []store.Count
	for _, ct := range counts {
		y, err := strconv.Atoi(ct.Key)
		if err != nil {
			other = append(other, ct)
			continue
		}
		byYear[y] += ct.Count
		if first == 0 || y < first {
			first = y
		}
		last = max(last, y)
	}
	var out []store.Count
	for y := first; first != 0 && y <= last; y++ {
		// A mistyped year must not draw a thousand empty bars: over a
		// century, only the years that have recognitions.
		if byYear[y] > 0 || last-first <= 100 {
			out = append(out, store.Count{Key: strconv.Itoa(y), Count: byYear[y]})
		}
	}
	sort.Slice(other, func(a, b int) bool { return other[a].Key < other[b].Key })
	return append(out, other...)
}

// stats draws the published cases by year, region, article and category
// as SVG on the server, each with its table.
func (h *Handler) stats(c echo.Context) error {
	p := h.publicPrinter(c)
	ctx := c.Request().Context()
	facets, err := h.publicFacets(ctx)
	if err != nil {
		return err
	}
	refs, err := h.refs(ctx)
	if err != nil {
		return err
	}
	l := p.Lang()
	years := everyYear(facets.Year)
	bars := func(counts []store.Count, param string, name func(string) string) []charts.Bar {
		var out []charts.Bar
		for _, ct := range counts {
			bar := charts.Bar{Label: name(ct.Key), Value: ct.Count}
			if ct.Count > 0 {
				// A year without recognitions has no list to lead to.
				bar.Href = h.listURL(l, with(nil, param, ct.Key), 1)
			}
			out = append(out, bar)
		}
		return out
	}
	ref := func(list []store.RefItem) func(string) string {
		return func(code string) string {
			if r, ok := store.Find(list, code); ok {
				return r.Label(l)
			}
			return code
		}
	}
	article := func(code string) string {
		if a, ok := store.Find(refs.Articles, code); ok {
			// The whole title: the chart shortens only its drawing.
			return p.T("filter.article", code, a.Label(l))
		}
		return code
	}
	chart := func(id, param string, bars []charts.Bar, max int) charts.Chart {
		return charts.Chart{ID: id, Title: p.T("stats." + id), Caption: p.T("stats." + id + "_caption"), Bars: bars,
			LabelHeader: p.T("filter.name_" + param), ValueHeader: p.T("stats.cases"), Max: max}
	}
	vm := views.StatsPage{
		Page:  h.publicPage(c, p, p.T("stats.heading")+" · "+p.T("site.name"), "/stats", p.T("stats.description")),
		Total: facets.Total,
		Charts: []charts.Chart{
			chart("years", "year", bars(years, "year", func(s string) string { return s }), 0),
			chart("regions", "region", bars(facets.Region, "region", ref(refs.Regions)), 15),
			chart("articles", "article", bars(facets.Article, "article", article), 15),
			chart("categories", "category", bars(facets.Category, "category", ref(refs.Categories)), 15),
		},
	}
	return h.render(c, http.StatusOK, views.StatsView(vm))
}
