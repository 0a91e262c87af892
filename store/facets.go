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
// prosecutions), each by its number in facetTable.keys, and its year of
// birth, 0 when unknown.
type facetRow struct {
	vals     [facetCount][]int32
	bornYear int
}

// facetTable holds every published case's facetRow, by case id.
type facetTable struct {
	rows []facetRow
	byID map[int64]int
	// keys are the values of each facet, by their numbers: a count is
	// then an increment in a slice, where a map of the values took most
	// of the time of counting.
	keys [facetCount][]string
	nums [facetCount]map[string]int32
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
		for f := range t.nums {
			t.nums[f] = map[string]int32{}
		}
		num := func(f int, v string) int32 {
			n, ok := t.nums[f][v]
			if !ok {
				n = int32(len(t.keys[f]))
				t.nums[f][v] = n
				t.keys[f] = append(t.keys[f], v)
			}
			return n
		}
		// The same few lists recur in every row: one slice each.
		lists := map[string][]int32{}
		list := func(f int, raw string) ([]int32, error) {
			key := string(rune('a'+f)) + raw
			if l, ok := lists[key]; ok {
				return l, nil
			}
			var vals []string
			if err := json.Unmarshal([]byte(raw), &vals); err != nil {
				return nil, err
			}
			l := make([]int32, 0, len(vals))
			for _, v := range vals {
				if v != "" {
					l = append(l, num(f, v))
				}
			}
			lists[key] = l
			return l, nil
		}
		// A single value is a list of one, made once per value; its key
		// is no JSON list's.
		one := func(f int, v string) []int32 {
			if v == "" {
				return nil
			}
			key := string(rune('a'+f)) + "=" + v
			l, ok := lists[key]
			if !ok {
				l = []int32{num(f, v)}
				lists[key] = l
			}
			return l
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
			rel := ReleasedNo
			if released {
				rel = ReleasedYes
			}
			r.vals[facetStatus], r.vals[facetYear], r.vals[facetGender], r.vals[facetReleased] = one(facetStatus, status), one(facetYear, year), one(facetGender, gender), one(facetReleased, rel)
			for i, f := range []int{facetRegion, facetArticle, facetCategory, facetGroup, facetCitizenship} {
				if r.vals[f], err = list(f, raw[i]); err != nil {
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
	var counts [facetCount][]int
	// The number of the value each filter chooses, -1 for none; a value
	// no case has is a number no row holds.
	var chosen [facetCount]int32
	for i := range counts {
		counts[i] = make([]int, len(t.keys[i]))
		chosen[i] = -1
		if v := q.chosen(i); v != "" {
			n, ok := t.nums[i][v]
			if !ok {
				n = int32(len(t.keys[i]))
			}
			chosen[i] = n
		}
	}
	born := q.BornFrom != 0 || q.BornTo != 0
	f := &Facets{}
	visit := func(r *facetRow) {
		if born && (r.bornYear == 0 || (q.BornFrom != 0 && r.bornYear < q.BornFrom) || (q.BornTo != 0 && r.bornYear > q.BornTo)) {
			return
		}
		// The bits of the filters the case fails.
		var fails uint16
		for i, v := range chosen {
			if v >= 0 && !slices.Contains(r.vals[i], v) {
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
	byCount := func(facet int) []Count {
		out := []Count{}
		for k, n := range counts[facet] {
			if n > 0 {
				out = append(out, Count{t.keys[facet][k], n})
			}
		}
		slices.SortFunc(out, func(a, b Count) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return strings.Compare(a.Key, b.Key)
		})
		return out
	}
	f.Status, f.Region, f.Article, f.Category = byCount(facetStatus), byCount(facetRegion), byCount(facetArticle), byCount(facetCategory)
	f.Year = byCount(facetYear)
	slices.SortFunc(f.Year, func(a, b Count) int { return strings.Compare(b.Key, a.Key) })
	f.Group, f.Gender, f.Citizenship, f.Released = byCount(facetGroup), byCount(facetGender), byCount(facetCitizenship), byCount(facetReleased)
	return f, nil
}
