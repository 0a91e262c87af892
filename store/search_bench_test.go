//go:build unix

package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"casebook/demo"
	"casebook/store"
)

// benchCases is how many synthetic published cases the search benchmark
// runs over: enough for broad words to match thousands, small enough to
// import in seconds.
const benchCases = 3000

var (
	benchOnce  sync.Once
	benchStore *store.Store
	benchDump  *store.Dump
	benchErr   error
)

// searchStore imports the synthetic cases once per test binary, so that
// repeated runs (-count) measure search alone.
func searchStore(b *testing.B) (*store.Store, *store.Dump) {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "casebook-search-bench")
		if err != nil {
			benchErr = err
			return
		}
		ctx := context.Background()
		benchStore, benchErr = store.Open(ctx, filepath.Join(dir, "bench.db"))
		if benchErr != nil {
			return
		}
		benchDump, benchErr = demo.Synthetic(benchCases, 1, 0)
		if benchErr != nil {
			return
		}
		_, benchErr = benchStore.Import(ctx, benchDump, store.ImportOptions{AsPublished: true})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchStore, benchDump
}

// listPage is what the public list asks the store for one search: the
// page of results with its total, and the counts of the filters beside
// it.
func listPage(ctx context.Context, s *store.Store, q store.PublicQuery) error {
	q.Limit = 20
	_, _, _, err := s.PublicListFacets(ctx, q)
	return err
}

// BenchmarkSearch measures a search as the list page makes it, by the
// kind of query a visitor types: a full name, a surname in another case,
// common words, an article, region and category names, a search narrowed
// by a filter, and the list with filters only.
func BenchmarkSearch(b *testing.B) {
	s, d := searchStore(b)
	ctx := context.Background()
	var names, surnames []string
	for i := 0; i < 40; i++ {
		c := d.Cases[(i*73)%len(d.Cases)].Case
		names = append(names, c.RU.Name)
		surnames = append(surnames, strings.Fields(c.RU.Name)[1]+"а")
	}
	kinds := []struct {
		name    string
		queries []store.PublicQuery
	}{
		{"name", texts(names...)},
		{"surname-inflected", texts(surnames...)},
		{"words", texts("дискредитации", "армии", "свидетели", "колонии", "приговор", "журналист", "war", "army", "witnesses", "sentenced", "телеграм", "экстремистской")},
		{"article", texts("280.3", "207.3", "282.2")},
		{"region", texts("Свердловская", "вологодской", "Татарстан", "Sverdlovsk Oblast", "Крым", "Пермский край")},
		{"category", texts("Свидетели Иеговы", "антивоенное", "Treason")},
		{"filtered", []store.PublicQuery{
			{Text: "армии", Status: "released"}, {Text: "колонии", Region: "tatarstan"},
			{Text: "war", Category: "anti-war"}, {Text: "приговор", Year: "2020", Article: "280.3"},
		}},
		{"filters-only", []store.PublicQuery{
			{Status: "released"}, {Region: "tatarstan", Category: "anti-war"}, {Year: "2024"}, {},
		}},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				for _, q := range k.queries {
					if err := listPage(ctx, s, q); err != nil {
						b.Fatal(err)
					}
				}
			}
			n := float64(b.N * len(k.queries))
			b.ReportMetric(float64(b.Elapsed().Microseconds())/n/1000, "ms/search")
			// CPU time used, which other work on a shared machine
			// disturbs less than the time on the clock.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/n/1000, "cpu-ms/search")
		})
	}
}

func texts(qs ...string) []store.PublicQuery {
	out := make([]store.PublicQuery, len(qs))
	for i, q := range qs {
		out[i] = store.PublicQuery{Text: q}
	}
	return out
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
