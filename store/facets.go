package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"

	"casebook/search"
)

// refRegion and refCategory name the reference lists whose entries a
// search word may name (search.RefToken).
const (
	refRegion   = "region"
	refCategory = "category"
)

// generational keeps one value that is good for one generation of the
// store (see Generation): made at the first need after a change, then
// shared by every reader until the next change.
type generational[T any] struct {
	mu  sync.Mutex
	gen int64
	ok  bool
	val T
}

// get returns the value of the current generation, making it if needed.
// The generation is read before the data, so a value made from data older
// than a change is never kept past it.
func (g *generational[T]) get(s *Store, build func() (T, error)) (T, error) {
	gen := s.Generation()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ok && g.gen == gen {
		return g.val, nil
	}
	v, err := build()
	if err != nil {
		var zero T
		return zero, err
	}
	g.val, g.gen, g.ok = v, gen, true
	return v, nil
}

// refNames returns the names of the regions and categories, as the
// reference lists give them now in both languages, that a search word may
// name. A rename in the studio starts a new generation, so the next
// search finds the entry by its new name; the index holds codes and needs
// nothing done.
func (s *Store) refNames(ctx context.Context) (*search.Names, error) {
	return s.names.get(s, func() (*search.Names, error) {
		entries := map[string][]string{}
		for _, l := range []struct{ table, list string }{{"regions", refRegion}, {"categories", refCategory}} {
			rows, err := s.r.QueryContext(ctx, `SELECT code, name_ru, name_en FROM `+l.table)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var code, ru, en string
				if err := rows.Scan(&code, &ru, &en); err != nil {
					rows.Close()
					return nil, err
				}
				entries[search.RefToken(l.list, code)] = []string{ru, en}
			}
			if err := rows.Close(); err != nil {
				return nil, err
			}
		}
		return search.NewNames(entries), nil
	})
}

// match is the full-text expression of what a visitor typed, "" when
// nothing is typed or nothing typed is a word.
func (s *Store) match(ctx context.Context, text string) (string, error) {
	if strings.TrimSpace(text) == "" {
		return "", nil
	}
	names, err := s.refNames(ctx)
	if err != nil {
		return "", err
	}
	return search.Query(text, names), nil
}

// facetRow is what the filter counts need of one published case.
type facetRow struct {
	status, region, year string
	articles, categories []string
}

// facetTable holds every published case's facetRow, by case id.
type facetTable struct {
	rows []facetRow
	byID map[int64]int
}

// facetRows reads the filter values of every published case once per
// generation: a count over the current result then needs only the ids
// the search matched, never a scan of the list per filter.
func (s *Store) facetRows(ctx context.Context) (*facetTable, error) {
	return s.facets.get(s, func() (*facetTable, error) {
		rows, err := s.r.QueryContext(ctx, `SELECT case_id, status, region, articles, categories, substr(recognized_on, 1, 4) FROM public_index`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		t := &facetTable{byID: map[int64]int{}}
		// The same few codes recur in every row: one string each.
		intern := map[string]string{}
		in := func(v string) string {
			if w, ok := intern[v]; ok {
				return w
			}
			intern[v] = v
			return v
		}
		var last struct{ articles, categories string }
		var lastArts, lastCats []string
		for rows.Next() {
			var id int64
			var r facetRow
			var arts, cats string
			if err := rows.Scan(&id, &r.status, &r.region, &arts, &cats, &r.year); err != nil {
				return nil, err
			}
			r.status, r.region, r.year = in(r.status), in(r.region), in(r.year)
			if arts != last.articles || lastArts == nil {
				lastArts = nil
				if err := json.Unmarshal([]byte(arts), &lastArts); err != nil {
					return nil, err
				}
				for i := range lastArts {
					lastArts[i] = in(lastArts[i])
				}
				last.articles = arts
			}
			if cats != last.categories || lastCats == nil {
				lastCats = nil
				if err := json.Unmarshal([]byte(cats), &lastCats); err != nil {
					return nil, err
				}
				for i := range lastCats {
					lastCats[i] = in(lastCats[i])
				}
				last.categories = cats
			}
			r.articles, r.categories = lastArts, lastCats
			t.byID[id] = len(t.rows)
			t.rows = append(t.rows, r)
		}
		return t, rows.Err()
	})
}

// Count is a value of a facet and how many published cases have it.
type Count struct {
	Key   string
	Count int
}

// Facets counts published cases by status, region, article, category and
// year of recognition, most frequent first (years newest first).
type Facets struct {
	Status, Region, Article, Category, Year []Count
	// Total is how many cases the query finds.
	Total int
}

// The filters of a query, as bits of what a case fails.
const (
	failStatus uint8 = 1 << iota
	failRegion
	failArticle
	failCategory
	failYear
)

// PublicFacets counts the published cases that the query finds by each
// filter, over the current result: the search and every filter in force
// except the one counted, so that each count says how many cases that
// choice of the filter would show with everything else kept (a region
// counts the search's cases in that region, whatever region is chosen
// now). The empty query counts every published case.
func (s *Store) PublicFacets(ctx context.Context, q PublicQuery) (*Facets, error) {
	t, err := s.facetRows(ctx)
	if err != nil {
		return nil, err
	}
	var found []int
	all := strings.TrimSpace(q.Text) == ""
	if !all {
		match, err := s.match(ctx, q.Text)
		if err != nil {
			return nil, err
		}
		if match != "" {
			// One row, not one per match: a broad word matches thousands.
			var ids sql.NullString
			if err := s.r.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM public_fts WHERE public_fts MATCH ?`, match).Scan(&ids); err != nil {
				return nil, err
			}
			for _, f := range strings.Split(ids.String, ",") {
				id, err := strconv.ParseInt(f, 10, 64)
				if err != nil {
					continue
				}
				if i, ok := t.byID[id]; ok {
					found = append(found, i)
				}
			}
		}
	}
	var counts [5]map[string]int
	for i := range counts {
		counts[i] = map[string]int{}
	}
	f := &Facets{}
	visit := func(r *facetRow) {
		var fails uint8
		if q.Status != "" && r.status != q.Status {
			fails |= failStatus
		}
		if q.Region != "" && r.region != q.Region {
			fails |= failRegion
		}
		if q.Article != "" && !slices.Contains(r.articles, q.Article) {
			fails |= failArticle
		}
		if q.Category != "" && !slices.Contains(r.categories, q.Category) {
			fails |= failCategory
		}
		if q.Year != "" && r.year != q.Year {
			fails |= failYear
		}
		if fails&(fails-1) != 0 {
			return // fails two filters: no one choice brings it in
		}
		if fails == 0 {
			f.Total++
		}
		if fails&^failStatus == 0 {
			counts[0][r.status]++
		}
		if fails&^failRegion == 0 && r.region != "" {
			counts[1][r.region]++
		}
		if fails&^failArticle == 0 {
			for _, a := range r.articles {
				counts[2][a]++
			}
		}
		if fails&^failCategory == 0 {
			for _, c := range r.categories {
				counts[3][c]++
			}
		}
		if fails&^failYear == 0 && r.year != "" {
			counts[4][r.year]++
		}
	}
	if all {
		for i := range t.rows {
			visit(&t.rows[i])
		}
	} else {
		for _, i := range found {
			visit(&t.rows[i])
		}
	}
	byCount := func(m map[string]int) []Count {
		out := make([]Count, 0, len(m))
		for k, n := range m {
			out = append(out, Count{k, n})
		}
		slices.SortFunc(out, func(a, b Count) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return strings.Compare(a.Key, b.Key)
		})
		return out
	}
	f.Status, f.Region, f.Article, f.Category = byCount(counts[0]), byCount(counts[1]), byCount(counts[2]), byCount(counts[3])
	f.Year = byCount(counts[4])
	slices.SortFunc(f.Year, func(a, b Count) int { return strings.Compare(b.Key, a.Key) })
	return f, nil
}
