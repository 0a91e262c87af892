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

// refRegion, refCategory and refGroup name the reference lists whose
// entries a search word may name (search.RefToken).
const (
	refRegion   = "region"
	refCategory = "category"
	refGroup    = "group"
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

// refNames returns the names of the regions, categories and case groups, as the
// reference lists give them now in both languages, that a search word may
// name. A rename in the studio starts a new generation, so the next
// search finds the entry by its new name; the index holds codes and needs
// nothing done.
func (s *Store) refNames(ctx context.Context) (*search.Names, error) {
	return s.names.get(s, func() (*search.Names, error) {
		entries := map[string][]string{}
		for _, l := range []struct{ table, list string }{{"regions", refRegion}, {"categories", refCategory}, {"groups", refGroup}} {
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

// facetRow is what the filter counts need of one published case: the
// values it has of each facet (a status, or the regions of all its
// prosecutions), and its year of birth, 0 when unknown.
type facetRow struct {
	vals     [facetCount][]string
	bornYear int
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
		rows, err := s.r.QueryContext(ctx, `SELECT case_id, status, substr(recognized_on, 1, 4), gender, released,
			regions, articles, categories, groups, citizenship, born_year FROM public_index`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		t := &facetTable{byID: map[int64]int{}}
		// The same few codes, and the same few lists of them, recur in
		// every row: one string and one slice each.
		intern := map[string]string{}
		in := func(v string) string {
			if w, ok := intern[v]; ok {
				return w
			}
			intern[v] = v
			return v
		}
		lists := map[string][]string{}
		list := func(raw string) ([]string, error) {
			if l, ok := lists[raw]; ok {
				return l, nil
			}
			var l []string
			if err := json.Unmarshal([]byte(raw), &l); err != nil {
				return nil, err
			}
			for i := range l {
				l[i] = in(l[i])
			}
			lists[raw] = l
			return l, nil
		}
		// A single value is a list of one, made once per value.
		ones := map[string][]string{}
		one := func(v string) []string {
			if v == "" {
				return nil
			}
			if l, ok := ones[v]; ok {
				return l
			}
			ones[v] = []string{v}
			return ones[v]
		}
		for rows.Next() {
			var id int64
			var r facetRow
			var status, year, gender string
			var released bool
			var raw [5]string
			if err := rows.Scan(&id, &status, &year, &gender, &released, &raw[0], &raw[1], &raw[2], &raw[3], &raw[4], &r.bornYear); err != nil {
				return nil, err
			}
			r.vals[facetStatus], r.vals[facetYear], r.vals[facetGender] = one(status), one(year), one(gender)
			r.vals[facetReleased] = one(ReleasedNo)
			if released {
				r.vals[facetReleased] = one(ReleasedYes)
			}
			for i, f := range []int{facetRegion, facetArticle, facetCategory, facetGroup, facetCitizenship} {
				if r.vals[f], err = list(raw[i]); err != nil {
					return nil, err
				}
			}
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

// Facets counts published cases by status, region, article, category,
// year of recognition, group, gender, citizenship and release, most
// frequent first (years newest first). A case counts once under each
// region, article and group of any of its prosecutions.
type Facets struct {
	Status, Region, Article, Category, Year []Count
	Group, Gender, Citizenship, Released    []Count
	// Total is how many cases the query finds.
	Total int
}

// The facets, in the order of the fail bits of a case (see
// PublicFacets).
const (
	facetStatus = iota
	facetRegion
	facetArticle
	facetCategory
	facetYear
	facetGroup
	facetGender
	facetCitizenship
	facetReleased
	facetCount
)

// chosen returns the value of facet f that the query chooses, "" for none.
func (q PublicQuery) chosen(f int) string {
	return [facetCount]string{q.Status, q.Region, q.Article, q.Category, q.Year, q.Group, q.Gender, q.Citizenship, q.Released}[f]
}

// PublicFacets counts the published cases that the query finds by each
// filter, over the current result: the search and every filter in force
// except the one counted, so that each count says how many cases that
// choice of the filter would show with everything else kept (a region
// counts the search's cases in that region, whatever region is chosen
// now). The years of birth are a range, not a facet: a case outside it
// counts nowhere. The empty query counts every published case.
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
	var counts [facetCount]map[string]int
	for i := range counts {
		counts[i] = map[string]int{}
	}
	var chosen [facetCount]string
	for f := range chosen {
		chosen[f] = q.chosen(f)
	}
	f := &Facets{}
	visit := func(r *facetRow) {
		if (q.BornFrom != 0 || q.BornTo != 0) && (r.bornYear == 0 || (q.BornFrom != 0 && r.bornYear < q.BornFrom) || (q.BornTo != 0 && r.bornYear > q.BornTo)) {
			return
		}
		// The bits of the filters the case fails.
		var fails uint16
		for i, v := range chosen {
			if v != "" && !slices.Contains(r.vals[i], v) {
				fails |= 1 << i
			}
		}
		if fails&(fails-1) != 0 {
			return // fails two filters: no one choice brings it in
		}
		if fails == 0 {
			f.Total++
		}
		for i := range counts {
			if fails&^(1<<i) == 0 {
				for _, v := range r.vals[i] {
					counts[i][v]++
				}
			}
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
	f.Status, f.Region, f.Article, f.Category = byCount(counts[facetStatus]), byCount(counts[facetRegion]), byCount(counts[facetArticle]), byCount(counts[facetCategory])
	f.Year = byCount(counts[facetYear])
	slices.SortFunc(f.Year, func(a, b Count) int { return strings.Compare(b.Key, a.Key) })
	f.Group, f.Gender, f.Citizenship, f.Released = byCount(counts[facetGroup]), byCount(counts[facetGender]), byCount(counts[facetCitizenship]), byCount(counts[facetReleased])
	return f, nil
}
