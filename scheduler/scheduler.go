// Package scheduler runs the server's timed work: publishing what was
// scheduled and clearing sessions long ended.
package scheduler

import (
	"context"
	"log/slog"
	"time"

	"casebook/store"
)

// Run publishes due cases at once and then every interval until ctx ends,
// and clears old sessions hourly. A failure is logged and retried on the
// next tick: an embargo must not be lost to one busy moment.
func Run(ctx context.Context, st *store.Store, log *slog.Logger, interval time.Duration, idle time.Duration) {
	Tick(ctx, st, log)
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	lastClean := time.Time{}
	for {
		if time.Since(lastClean) > time.Hour {
			if err := st.DeleteExpiredSessions(ctx, idle); err != nil && ctx.Err() == nil {
				log.Error("clearing old sessions", "err", err)
			}
			lastClean = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
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
