// Package scheduler runs the server's timed work: publishing what was
// scheduled and clearing sessions long ended.
package scheduler

import (
	"context"
	"log/slog"
	"time"

	"casebook/store"
)

// Clock tells the scheduler the time and when to look again. The server
// runs on Wall; tests move a clock of their own, so that the on-time tick
// is tested without waiting for it.
type Clock interface {
	Now() time.Time
	// Every returns a channel that receives the time every d, and the
	// function that stops it.
	Every(d time.Duration) (<-chan time.Time, func())
}

// Wall is the real clock.
type Wall struct{}

// Now is time.Now.
func (Wall) Now() time.Time { return time.Now() }

// Every is a time.Ticker.
func (Wall) Every(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// Config is how often the scheduler looks and by which clock.
type Config struct {
	// Interval between looks for due publications.
	Interval time.Duration
	// SessionIdle is how long a session may be idle before it is cleared.
	SessionIdle time.Duration
	Clock       Clock
}

// Run publishes due cases at once and then at every tick until ctx ends,
// and clears old sessions and unsaved copies of forms hourly. A failure is logged and retried on the
// next tick: an embargo must not be lost to one busy moment.
func Run(ctx context.Context, st *store.Store, log *slog.Logger, cfg Config) {
	clock := cfg.Clock
	if clock == nil {
		clock = Wall{}
	}
	Tick(ctx, st, log)
	ticks, stop := clock.Every(cfg.Interval)
	defer stop()
	lastClean := time.Time{}
	for {
		if now := clock.Now(); now.Sub(lastClean) > time.Hour {
			if err := st.DeleteExpiredSessions(ctx, cfg.SessionIdle); err != nil && ctx.Err() == nil {
				log.Error("clearing old sessions", "err", err)
			}
			if err := st.DeleteOldAutosaves(ctx); err != nil && ctx.Err() == nil {
				log.Error("clearing old unsaved copies", "err", err)
			}
			lastClean = now
		}
		select {
		case <-ctx.Done():
			return
		case <-ticks:
			Tick(ctx, st, log)
		}
	}
}

// Tick publishes whatever is due now.
func Tick(ctx context.Context, st *store.Store, log *slog.Logger) {
	ids, err := st.PublishDue(ctx)
	if err != nil {
		if ctx.Err() == nil {
			log.Error("publishing scheduled cases", "err", err)
		}
		return
	}
	for _, id := range ids {
		log.Info("published on schedule", "case", id)
	}
}
