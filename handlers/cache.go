package handlers

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// pageCache keeps rendered public answers in memory. An entry is good for
// one generation of the store: a publication, an unpublication, a moved
// slug, a changed site text or reference name starts a new one, so a
// change is visible at once and nothing is ever guessed stale.
type pageCache struct {
	mu      sync.RWMutex
	entries map[string]*cached
	size    int
}

// cacheBudget bounds the memory the cache takes; past it, it starts over.
const cacheBudget = 64 << 20

type cached struct {
	gen    int64
	status int
	ctype  string
	cc     string
	extra  http.Header
	body   []byte
	etag   string
	gzOnce sync.Once
	gz     []byte
	// plain and gzipped are the answer's headers, built once, with
	// canonical keys, so that serving from the cache allocates little.
	plain, gzipped http.Header
}

// headers builds the entry's two header sets from what the handler and
// the middleware (security headers) set.
func (e *cached) headers(from http.Header) {
	base := http.Header{}
	for _, k := range securityHeaderNames() {
		if v := from[k]; len(v) > 0 {
			base[k] = v
		}
	}
	base["Cache-Control"] = []string{e.cc}
	// Accept-Encoding, and what the handler named: the request headers
	// its links were built from (baseURL).
	vary := http.Header{"Vary": from.Values("Vary")}
	addVary(vary, "Accept-Encoding")
	base["Vary"] = vary["Vary"]
	base["Content-Type"] = []string{e.ctype}
	for k, v := range e.extra {
		base[k] = v
	}
	e.plain = base.Clone()
	e.plain["Etag"] = []string{e.etag}
	e.plain["Content-Length"] = []string{strconv.Itoa(len(e.body))}
	e.gzipped = base.Clone()
	e.gzipped["Etag"] = []string{strings.TrimSuffix(e.etag, `"`) + `-gz"`}
	e.gzipped["Content-Encoding"] = []string{"gzip"}
}

func newPageCache() *pageCache { return &pageCache{entries: map[string]*cached{}} }

// recorder captures what a handler writes.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(code int) { r.status = code }

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.buf.Write(b)
}

// cachePublic serves public GET answers from memory with an ETag and
// answers If-None-Match with 304; it compresses for clients that accept
// gzip. Only 200 and 410 answers are kept; a redirect or a 404 goes
// through each time, so that random addresses cannot fill the memory.
func (h *Handler) cachePublic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			return next(c)
		}
		key := h.cacheKey(req)
		// The handler sees the query the key names and nothing else, so
		// that a parameter left out of the key cannot change the answer.
		if req.URL.RawQuery != "" {
			req.URL.RawQuery = canonicalQuery(queryParams(req.URL.Path), req.URL.Query())
		}
		gen := cacheGeneration(h.st.Generation(), time.Now())
		h.cache.mu.RLock()
		e := h.cache.entries[key]
		h.cache.mu.RUnlock()
		if e == nil || e.gen != gen {
			rec := &recorder{ResponseWriter: c.Response().Writer}
			orig := c.Response().Writer
			c.Response().Writer = rec
			err := next(c)
			c.Response().Writer = orig
			if err != nil {
				// Errors render through the error handler, which writes
				// to the real response.
				c.Response().Committed = false
				return err
			}
			hd := c.Response().Header()
			e = &cached{gen: gen, status: rec.status, ctype: hd.Get("Content-Type"), cc: hd.Get("Cache-Control"), body: rec.buf.Bytes()}
			if e.status == 0 {
				e.status = http.StatusOK
			}
			if ao := hd.Get("Access-Control-Allow-Origin"); ao != "" {
				e.extra = http.Header{"Access-Control-Allow-Origin": {ao}}
			}
			if cd := hd.Get("Content-Disposition"); cd != "" {
				if e.extra == nil {
					e.extra = http.Header{}
				}
				e.extra.Set("Content-Disposition", cd)
			}
			sum := sha256.Sum256(e.body)
			e.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
			if e.cc == "" {
				// Pages: short-lived in shared caches, always revalidated;
				// a 304 costs next to nothing.
				e.cc = "public, max-age=60, must-revalidate"
			}
			e.headers(hd)
			if e.status == http.StatusOK || e.status == http.StatusGone {
				h.cache.put(key, e)
			}
			c.Response().Committed = false
		}
		return h.serveCached(c, e)
	}
}

// cacheKey names a public answer in the page cache: its path and, in a
// fixed order, the query parameters its route reads (queryParams), so that
// a parameter a page does not use (?utm_source=, ?_=123) neither makes a
// new entry nor skips the cache. Without --base-url, pages carry the
// origin the request stated (canonical links, feeds, the sitemap), so the
// origin is part of the key: otherwise one request with a forged Host
// would plant its address in the page every later visitor gets.
func (h *Handler) cacheKey(r *http.Request) string {
	key := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		if q := canonicalQuery(queryParams(r.URL.Path), r.URL.Query()); q != "" {
			key += "?" + q
		}
	}
	if h.base == "" {
		key = h.requestOrigin(r) + key
	}
	return key
}

// queryParams are the query parameters the public route at path reads,
// sorted. The page cache runs before routing (FastPath), so it knows the
// routes by their paths; cachePublic hands the handler only these.
func queryParams(path string) []string {
	switch {
	case path == "/api/v1/cases" || path == "/api/v1/cases.csv" || path == "/api/v1/prosecutions" || path == "/api/v1/prosecutions.csv":
		return apiParams
	case strings.Count(path, "/") == 2 && strings.HasSuffix(path, "/cases"):
		return listPageParams
	}
	return nil
}

var (
	listPageParams = sorted(append([]string{"page"}, listParams...))
	apiParams      = sorted(append([]string{"page", "per_page"}, listParams...))
)

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}

// canonicalQuery writes the first value of each of names that v has, in
// the order of names: the value each handler reads (QueryParam).
func canonicalQuery(names []string, v url.Values) string {
	var b strings.Builder
	for _, k := range names {
		vs, ok := v[k]
		if !ok || len(vs) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + url.QueryEscape(vs[0]))
	}
	return b.String()
}

// cost is what an entry may come to hold: its body and, once a client
// asks for it, the gzipped copy (a page compresses to well under half).
// Counting both keeps the cache inside its budget, and the budget inside
// the soft memory limit serve sets (tuneGC).
func (e *cached) cost() int { return len(e.body) + len(e.body)/2 }

func (pc *pageCache) put(key string, e *cached) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.size+e.cost() > cacheBudget {
		pc.entries, pc.size = map[string]*cached{}, 0
	}
	if old := pc.entries[key]; old != nil {
		pc.size -= old.cost()
	}
	pc.entries[key] = e
	pc.size += e.cost()
}

func (h *Handler) serveCached(c echo.Context, e *cached) error {
	hd := c.Response().Header()
	body, set := e.body, e.plain
	if len(e.body) > 1024 && strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
		e.compress()
		body, set = e.gz, e.gzipped
	}
	for k, v := range set {
		hd[k] = v
	}
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && etagMatch(inm, set["Etag"][0]) {
		delete(hd, "Content-Encoding")
		delete(hd, "Content-Length")
		return c.NoContent(http.StatusNotModified)
	}
	if c.Request().Method == http.MethodHead {
		return c.NoContent(e.status)
	}
	// A known length lets net/http write the body as it is, without
	// chunked encoding.
	c.Response().WriteHeader(e.status)
	_, err := c.Response().Write(body)
	return err
}

// etagMatch reads an If-None-Match list.
func etagMatch(header, etag string) bool {
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == etag || part == "*" {
			return true
		}
	}
	return false
}

// cacheGeneration is what a cached answer is good for: one generation of
// the store and one day (UTC), since a profile shows an age and the
// statistics count age groups, which change with the date alone.
func cacheGeneration(gen int64, now time.Time) int64 {
	return gen<<20 | now.UTC().Unix()/86400&(1<<20-1)
}

// get returns the entry for key if it belongs to the current generation.
func (pc *pageCache) get(key string, gen int64) *cached {
	pc.mu.RLock()
	e := pc.entries[key]
	pc.mu.RUnlock()
	if e == nil || e.gen != gen {
		return nil
	}
	return e
}

// FastPath answers requests for cached public pages before Echo routes
// them: the answer is the same (the entry holds every header the full path
// set), minus the work of routing and middleware. Anything not in the
// cache, and anything but GET and HEAD, goes on to next.
func (h *Handler) FastPath(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// An absolute-form request line sets the host itself; without a
		// base URL it is refused on the routed path (originForm).
		if r.Method != http.MethodGet && r.Method != http.MethodHead || h.base == "" && absoluteForm(r) {
			next.ServeHTTP(w, r)
			return
		}
		e := h.cache.get(h.cacheKey(r), cacheGeneration(h.st.Generation(), time.Now()))
		if e == nil {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		body, set := e.body, e.plain
		if len(e.body) > 1024 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			e.compress()
			body, set = e.gz, e.gzipped
		}
		hd := w.Header()
		for k, v := range set {
			hd[k] = v
		}
		status := e.status
		switch inm := r.Header.Get("If-None-Match"); {
		case inm != "" && etagMatch(inm, set["Etag"][0]):
			delete(hd, "Content-Encoding")
			delete(hd, "Content-Length")
			status, body = http.StatusNotModified, nil
			w.WriteHeader(status)
		case r.Method == http.MethodHead:
			w.WriteHeader(status)
			body = nil
		default:
			w.WriteHeader(status)
			w.Write(body)
		}
		if !h.noAccessLog {
			h.logRequest("http", r, status, int64(len(body)), start, "cache", "hit")
		}
	})
}

// compress makes the gzipped body once.
func (e *cached) compress() {
	e.gzOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(e.body)
		zw.Close()
		e.gz = b.Bytes()
		e.gzipped["Content-Length"] = []string{strconv.Itoa(len(e.gz))}
	})
}
