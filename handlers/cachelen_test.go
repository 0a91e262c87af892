package handlers

// CacheLen is how many answers the page cache holds, for tests that check
// that it does not grow.
func (h *Handler) CacheLen() int {
	h.cache.mu.RLock()
	defer h.cache.mu.RUnlock()
	return len(h.cache.entries)
}
