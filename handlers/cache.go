package handlers

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"

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
		key := req.URL.RequestURI()
		gen := h.st.Generation()
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
			if e.status == http.StatusOK || e.status == http.StatusGone {
				h.cache.put(key, e)
			}
			c.Response().Committed = false
		}
		return h.serveCached(c, e)
	}
}

func (pc *pageCache) put(key string, e *cached) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.size+len(e.body) > cacheBudget {
		pc.entries, pc.size = map[string]*cached{}, 0
	}
	if old := pc.entries[key]; old != nil {
		pc.size -= len(old.body)
	}
	pc.entries[key] = e
	pc.size += len(e.body)
}

func (h *Handler) serveCached(c echo.Context, e *cached) error {
	hd := c.Response().Header()
	for k, v := range e.extra {
		hd[k] = v
	}
	hd.Set("Cache-Control", e.cc)
	hd.Set("Vary", "Accept-Encoding")
	body, etag := e.body, e.etag
	useGzip := len(e.body) > 1024 && strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip")
	if useGzip {
		e.gzOnce.Do(func() {
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
			zw.Write(e.body)
			zw.Close()
			e.gz = b.Bytes()
		})
		body = e.gz
		etag = strings.TrimSuffix(e.etag, `"`) + `-gz"`
		hd.Set("Content-Encoding", "gzip")
	}
	hd.Set("ETag", etag)
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag) {
		hd.Del("Content-Encoding")
		return c.NoContent(http.StatusNotModified)
	}
	if c.Request().Method == http.MethodHead {
		hd.Set("Content-Type", e.ctype)
		return c.NoContent(e.status)
	}
	return c.Blob(e.status, e.ctype, body)
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
