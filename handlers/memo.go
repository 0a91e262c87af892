package handlers

import (
	"context"
	"sync"

	"casebook/content"
	"casebook/store"
)

// memo keeps what every public page reads and what changes only with the
// store's generation: the reference lists, the facet counts and the site
// texts. A list page that misses the page cache then costs one query, not
// seven.
type memo struct {
	mu     sync.Mutex
	gen    int64
	refs   *store.References
	facets *store.Facets
	texts  map[string]map[content.Lang]string
}

func (h *Handler) current() *memo {
	gen := h.st.Generation()
	h.memo.mu.Lock()
	if h.memo.gen != gen {
		h.memo.gen, h.memo.refs, h.memo.facets, h.memo.texts = gen, nil, nil, nil
	}
	h.memo.mu.Unlock()
	return &h.memo
}

func (h *Handler) refs(ctx context.Context) (*store.References, error) {
	m := h.current()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.refs == nil {
		refs, err := h.st.References(ctx)
		if err != nil {
			return nil, err
		}
		m.refs = refs
	}
	return m.refs, nil
}

func (h *Handler) publicFacets(ctx context.Context) (*store.Facets, error) {
	m := h.current()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.facets == nil {
		f, err := h.st.PublicFacets(ctx, store.PublicQuery{})
		if err != nil {
			return nil, err
		}
		m.facets = f
	}
	return m.facets, nil
}

func (h *Handler) rawSiteTexts(ctx context.Context) (map[string]map[content.Lang]string, error) {
	m := h.current()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.texts == nil {
		t, err := h.st.SiteTexts(ctx)
		if err != nil {
			return nil, err
		}
		m.texts = t
	}
	return m.texts, nil
}
