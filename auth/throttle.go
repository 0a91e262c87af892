package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"sync"
	"time"
)

// Throttle counts failed attempts per key (an account, an address) within
// a window and refuses further attempts once there are too many, until
// the oldest failure leaves the window. It lives in memory: one server,
// and a restart forgiving everyone is acceptable.
type Throttle struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

// NewThrottle allows limit failures per key within window.
func NewThrottle(limit int, window time.Duration) *Throttle {
	return &Throttle{limit: limit, window: window, now: time.Now, fails: map[string][]time.Time{}}
}

// SetClock replaces the clock; tests use it.
func (t *Throttle) SetClock(now func() time.Time) { t.now = now }

func (t *Throttle) recent(key string, now time.Time) []time.Time {
	kept := t.fails[key][:0]
	for _, at := range t.fails[key] {
		if now.Sub(at) < t.window {
			kept = append(kept, at)
		}
	}
	if len(kept) == 0 {
		delete(t.fails, key)
		return nil
	}
	t.fails[key] = kept
	return kept
}

// maxKey is the longest key kept as given; longer ones (an e-mail field
// of megabytes, say) are kept as their SHA-256, so that the memory a
// throttle holds is bounded by its number of keys.
const maxKey = 128

func bounded(key string) string {
	if len(key) <= maxKey {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// AddressKey is the throttle key of a client address: an IPv4 address as
// it is, an IPv6 address as its /64, which one subscriber usually holds
// whole (counting each of its 2^64 addresses apart would count nothing).
func AddressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return bounded(ip)
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// Wait says how long key must wait before its next attempt, 0 if it may
// try now.
func (t *Throttle) Wait(key string) time.Duration {
	key = bounded(key)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	f := t.recent(key, now)
	if len(f) < t.limit {
		return 0
	}
	return t.window - now.Sub(f[len(f)-t.limit])
}

// Fail records a failed attempt.
func (t *Throttle) Fail(key string) {
	key = bounded(key)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.fails[key] = append(t.recent(key, now), now)
	if len(t.fails) > 100_000 {
		// Under a spray of keys, keep memory bounded: forget the
		// idle ones first.
		for k := range t.fails {
			if len(t.recent(k, now)) == 0 || len(t.fails) > 100_000 {
				delete(t.fails, k)
			}
		}
	}
}

// Reset forgets a key's failures, after a success.
func (t *Throttle) Reset(key string) {
	key = bounded(key)
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}
