package handlers_test

import (
	"strings"
	"testing"
)

// TestCacheIgnoresUnknownParameters: a query parameter a page does not
// read is served from the cache, with the same bytes, and 1,000 of them
// add no entry; the known ones still make their own entries, in whatever
// order they come.
func TestCacheIgnoresUnknownParameters(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	c := e.client()
	pages := []string{"/en/", "/en/cases/aleksandr-akimushkin", "/en/cases?status=political_prisoner", "/en/feed.atom", "/sitemap.xml", "/robots.txt",
		"/en/stats", "/api/v1/cases?per_page=1", "/api/v1/cases.csv?year=2024", "/api/v1/cases/aleksandr-akimushkin"}
	want := map[string]*response{}
	for _, p := range pages {
		want[p] = c.get(p)
		if want[p].StatusCode != 200 {
			t.Fatalf("%s: %d", p, want[p].StatusCode)
		}
	}
	entries := e.h.CacheLen()
	hits := strings.Count(e.logs.String(), "cache=hit")
	junk := func(p string, i int) string {
		sep := "?"
		if strings.Contains(p, "?") {
			sep = "&"
		}
		return p + sep + "utm_source=x" + itoa(i) + "&_=" + itoa(i*7919) + "&page%5B%5D=" + itoa(i)
	}
	n := 0
	for i := 0; i < 1000; i++ {
		p := pages[i%len(pages)]
		r := c.get(junk(p, i))
		n++
		if r.StatusCode != 200 || r.body != want[p].body || r.Header.Get("ETag") != want[p].Header.Get("ETag") {
			t.Fatalf("%s: %d, not the answer without the parameter", junk(p, i), r.StatusCode)
		}
	}
	if got := e.h.CacheLen(); got != entries {
		t.Errorf("1,000 unknown parameters took the cache from %d to %d entries", entries, got)
	}
	if got := strings.Count(e.logs.String(), "cache=hit") - hits; got != n {
		t.Errorf("%d of %d requests with unknown parameters were cache hits", got, n)
	}
	// The API's next page names only what the list reads.
	if r := c.get("/api/v1/cases?per_page=1&utm_source=x&callback=evil"); strings.Contains(r.body, "utm") || strings.Contains(r.body, "evil") || !strings.Contains(r.body, `"next": "/api/v1/cases?page=2&per_page=1"`) {
		t.Errorf("next page:\n%.400s", r.body)
	}
	// Known parameters still count, in any order and with a repeated one
	// read as the handler reads it (the first).
	a := c.get("/en/cases?status=political_prisoner&year=2024")
	before := e.h.CacheLen()
	for _, p := range []string{"/en/cases?year=2024&status=political_prisoner", "/en/cases?year=2024&utm=1&status=political_prisoner&status=released"} {
		if r := c.get(p); r.body != a.body {
			t.Errorf("%s differs from the same filters in another order", p)
		}
	}
	if e.h.CacheLen() != before {
		t.Errorf("the same filters in another order made a new entry")
	}
	if r := c.get("/en/cases?status=released"); r.body == a.body || e.h.CacheLen() != before+1 {
		t.Errorf("another filter: same answer or no entry of its own")
	}
}
