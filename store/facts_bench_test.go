//go:build unix

package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"casebook/content"
	"casebook/demo"
	"casebook/store"
)

var (
	factsOnce  sync.Once
	factsStore *store.Store
	factsErr   error
)

// factsGroups is how many case groups the facts benchmark's cases fall in.
const factsGroups = 30

// withFacts gives the synthetic cases person facts and prosecutions, as
// a team enters them now: a gender (one in three not stated), a year of
// birth (a whole date for one in four, a tenth unknown), a citizenship
// (UA beside RU for one in seven), one in four released; the case's own
// prosecution with a court, one in ten in one of factsGroups groups, and
// one in five a second prosecution in another region.
func withFacts(d *store.Dump) {
	for g := range factsGroups {
		d.Groups = append(d.Groups, content.Group{Code: fmt.Sprintf("group-%d", g),
			RU: content.GroupText{Name: fmt.Sprintf("Группа номер %d", g)}, EN: content.GroupText{Name: fmt.Sprintf("Group number %d", g)}})
	}
	for i := range d.Cases {
		c := &d.Cases[i].Case
		c.Gender = []string{"male", "female", ""}[i%3]
		switch {
		case i%10 == 9:
		case i%4 == 0:
			c.BornOn, c.BirthdayPublic = content.Date(fmt.Sprintf("%d-%02d-%02d", 1940+i%65, 1+i%12, 1+i%28)), i%8 == 0
		default:
			c.BornOn = content.Date(fmt.Sprint(1940 + i%65))
		}
		c.Citizenship = []string{"RU"}
		if i%7 == 0 {
			c.Citizenship = append(c.Citizenship, "UA")
		}
		if i%4 == 0 {
			c.Custody = "released"
		}
		ps := c.EffectiveProsecutions()
		ps[0].RU.Court, ps[0].EN.Court = "Районный суд номер "+fmt.Sprint(i%50), "District court number "+fmt.Sprint(i%50)
		ps[0].Sentence = content.Sentence{Kind: "colony", Months: 12 + i%200}
		if i%10 == 0 {
			ps[0].Group = fmt.Sprintf("group-%d", (i/10)%factsGroups)
		}
		if i%5 == 0 {
			region := "moscow"
			if ps[0].Region == region {
				region = "tatarstan"
			}
			ps = append(ps, content.Prosecution{Articles: []string{"207.3 ч.2"}, Region: region, OpenedOn: "2024-02", Stage: "investigation"})
		}
		c.Prosecutions = ps
		c.Normalize()
	}
}

// factsStoreOnce imports benchCases synthetic cases with person facts
// and prosecutions once per test binary, apart from the search
// benchmark's store, whose cases stay as they were, so that its figures
// compare with those before the facts were indexed.
func factsStoreOnce(b *testing.B) *store.Store {
	b.Helper()
	factsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "casebook-facts-bench")
		if err != nil {
			factsErr = err
			return
		}
		ctx := context.Background()
		factsStore, factsErr = store.Open(ctx, filepath.Join(dir, "bench.db"))
		if factsErr != nil {
			return
		}
		d, err := demo.Synthetic(benchCases, 1, 0)
		if err != nil {
			factsErr = err
			return
		}
		withFacts(d)
		_, factsErr = factsStore.Import(ctx, d, store.ImportOptions{AsPublished: true})
	})
	if factsErr != nil {
		b.Fatal(factsErr)
	}
	return factsStore
}

// BenchmarkSearchFacts measures the list page with the filters of person
// facts and prosecutions (alone, together, with words), the search by a
// group's or a court's name, and a page of the prosecutions' open data,
// over benchCases cases that have them.
func BenchmarkSearchFacts(b *testing.B) {
	s := factsStoreOnce(b)
	ctx := context.Background()
	kinds := []struct {
		name    string
		queries []store.PublicQuery
		// prosecutions asks for a page of the prosecutions instead.
		prosecutions bool
	}{
		{name: "person-filters", queries: []store.PublicQuery{
			{Gender: "female"}, {BornFrom: 1980, BornTo: 1990}, {Released: store.ReleasedYes}, {Citizenship: "UA"}, {Group: "group-3"},
			{Gender: "male", Released: store.ReleasedNo, BornTo: 1970},
		}},
		{name: "prosecution-filters", queries: []store.PublicQuery{
			{Region: "moscow"}, {Article: "207.3"}, {Region: "tatarstan", Article: "280.3"}, {Region: "moscow", Gender: "female"},
		}},
		{name: "filtered-words", queries: []store.PublicQuery{
			{Text: "армии", Gender: "female"}, {Text: "колонии", Region: "moscow"}, {Text: "war", BornFrom: 1990}, {Text: "приговор", Released: store.ReleasedYes},
		}},
		{name: "group-court-names", queries: texts("Группа номер 7", "group number", "районного суда номер 12", "District court")},
		{name: "prosecutions-page", prosecutions: true, queries: []store.PublicQuery{
			{}, {Gender: "female"}, {Region: "moscow"}, {Group: "group-3"}, {Offset: 2000},
		}},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				for _, q := range k.queries {
					var err error
					if k.prosecutions {
						q.Limit = 50
						_, _, err = s.PublicProsecutions(ctx, q)
					} else {
						err = listPage(ctx, s, q)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			n := float64(b.N * len(k.queries))
			b.ReportMetric(float64(b.Elapsed().Microseconds())/n/1000, "ms/search")
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/n/1000, "cpu-ms/search")
		})
	}
}
