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

// stats draws the published cases by year, region, article and category,
// the people by gender and age and their prosecutions by the term of the
// sentence as SVG on the server, each with its table; it counts people
// and prosecutions apart.
func (h *Handler) stats(c echo.Context) error {
	p := h.publicPrinter(c)
	ctx := c.Request().Context()
	facets, err := h.publicFacets(ctx)
	if err != nil {
		return err
	}
	st, err := h.st.PublicStats(ctx)
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
	// People by gender, those whose profile does not say last, with no
	// list to lead to.
	genders := bars(facets.Gender, "gender", func(code string) string { return factLabel(p, refs, "gender", code) })
	stated := 0
	for _, ct := range facets.Gender {
		stated += ct.Count
	}
	if n := facets.Total - stated; n > 0 {
		genders = append(genders, charts.Bar{Label: p.T("stats.gender_unknown"), Value: n})
	}
	// Ages and terms have no filter of their own to lead to.
	plain := func(counts []store.Count, prefix string) []charts.Bar {
		var out []charts.Bar
		for _, ct := range counts {
			out = append(out, charts.Bar{Label: p.T(prefix + ct.Key), Value: ct.Count})
		}
		return out
	}
	// These count people, or prosecutions, rather than cases.
	counting := func(ch charts.Chart, label, value string) charts.Chart {
		ch.LabelHeader, ch.ValueHeader = p.T(label), p.T(value)
		return ch
	}
	vm := views.StatsPage{
		Page:         h.publicPage(c, p, p.T("stats.heading")+" · "+p.T("site.name"), "/stats", p.T("stats.description")),
		Total:        facets.Total,
		Prosecutions: st.Prosecutions,
		Charts: []charts.Chart{
			chart("years", "year", bars(years, "year", func(s string) string { return s }), 0),
			chart("regions", "region", bars(facets.Region, "region", ref(refs.Regions)), 15),
			chart("articles", "article", bars(facets.Article, "article", article), 15),
			chart("categories", "category", bars(facets.Category, "category", ref(refs.Categories)), 15),
			counting(chart("gender", "gender", genders, 0), "filter.name_gender", "stats.people"),
			counting(chart("ages", "", plain(st.Ages, "stats.age."), 0), "stats.age", "stats.people"),
			counting(chart("terms", "", plain(st.Terms, "stats.term."), 0), "stats.term", "stats.prosecutions_header"),
		},
	}
	return h.render(c, http.StatusOK, views.StatsView(vm))
}
