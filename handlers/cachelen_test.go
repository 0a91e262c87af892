package handlers

import (
	"testing"
	"time"
)

// CacheLen is how many answers the page cache holds, for tests that check
// that it does not grow.
func (h *Handler) CacheLen() int {
	h.cache.mu.RLock()
	defer h.cache.mu.RUnlock()
	return len(h.cache.entries)
}

// TestCacheGenerationTurnsWithTheDay: an age on a profile and the age
// groups of the statistics change with the date, with nothing published.
func TestCacheGenerationTurnsWithTheDay(t *testing.T) {
	day := time.Date(2026, 12, 7, 23, 59, 0, 0, time.UTC)
	if cacheGeneration(5, day) != cacheGeneration(5, day.Add(-23*time.Hour)) {
		t.Error("one day, one generation")
	}
	if cacheGeneration(5, day) == cacheGeneration(5, day.Add(2*time.Minute)) {
		t.Error("the next day serves yesterday's ages")
	}
	if cacheGeneration(5, day) == cacheGeneration(6, day) {
		t.Error("a publication does not start a new generation")
	}
}
