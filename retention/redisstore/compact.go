package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kyckit/kyckit/retention"
)

// Compact has Redis rewrite its persistence files so that they hold only
// the live data set, without the wrapped keys and ciphertexts of erased
// records: BGREWRITEAOF when appendonly is on, BGSAVE when RDB snapshots
// are configured or were taken since the server started. It waits until
// each finished (polling INFO persistence) and fails with
// retention.ErrStore if one failed or ctx ends first. The replaced files
// are unlinked by Redis, not overwritten; replicas rewrite their own files
// only when Compact runs against them. Run it after erasures, for example
// after each sweep (kyckit retention sweep -compact).
func (s *Store) Compact(ctx context.Context) error {
	cfg, err := s.c.ConfigGet(ctx, "*").Result()
	if err != nil {
		return fmt.Errorf("%w: CONFIG GET: %v", retention.ErrStore, err)
	}
	info, err := s.persistence(ctx)
	if err != nil {
		return err
	}
	if cfg["appendonly"] == "yes" {
		if err := s.rewrite(ctx, "AOF rewrite", func() error { return s.c.BgRewriteAOF(ctx).Err() },
			"aof_rewrites", "aof_rewrite_in_progress", "aof_rewrite_scheduled", "aof_last_bgrewrite_status"); err != nil {
			return err
		}
	}
	if cfg["save"] != "" || info["rdb_saves"] != "0" {
		if err := s.rewrite(ctx, "RDB snapshot", func() error { return s.c.Do(ctx, "BGSAVE", "SCHEDULE").Err() },
			"rdb_saves", "rdb_bgsave_in_progress", "", "rdb_last_bgsave_status"); err != nil {
			return err
		}
	}
	return nil
}

// rewrite starts a background rewrite with start and waits until one that
// began after the call finished. One already running may have started
// before the erasure: it is waited for, then a fresh one started.
func (s *Store) rewrite(ctx context.Context, what string, start func() error, counter, running, scheduled, last string) error {
	idle := func(m map[string]string) bool {
		return m[running] == "0" && (scheduled == "" || m[scheduled] == "0")
	}
	for {
		info, err := s.persistence(ctx)
		if err != nil {
			return err
		}
		before := info[counter]
		err = start()
		if err != nil && strings.Contains(err.Error(), "already in progress") {
			if err := s.wait(ctx, what, func(m map[string]string) (bool, error) { return idle(m), nil }); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("%w: %s: %v", retention.ErrStore, what, err)
		}
		return s.wait(ctx, what, func(m map[string]string) (bool, error) {
			if !idle(m) || m[counter] == before {
				return false, nil
			}
			return true, status(m, last)
		})
	}
}

func status(m map[string]string, field string) error {
	if m[field] != "ok" {
		return fmt.Errorf("%s is %q", field, m[field])
	}
	return nil
}

// persistence returns INFO persistence as a map. Redis before 7.0 lacks
// the aof_rewrites and rdb_saves counters Compact waits on.
func (s *Store) persistence(ctx context.Context) (map[string]string, error) {
	txt, err := s.c.Info(ctx, "persistence").Result()
	if err != nil {
		return nil, fmt.Errorf("%w: INFO: %v", retention.ErrStore, err)
	}
	m := make(map[string]string)
	for _, line := range strings.Split(txt, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
			m[k] = v
		}
	}
	for _, k := range []string{"aof_rewrites", "rdb_saves"} {
		if _, err := strconv.Atoi(m[k]); err != nil {
			return nil, fmt.Errorf("%w: INFO persistence has no %s (Redis 7.0 or later needed)", retention.ErrStore, k)
		}
	}
	return m, nil
}

func (s *Store) wait(ctx context.Context, what string, done func(map[string]string) (bool, error)) error {
	delay := 5 * time.Millisecond
	for {
		m, err := s.persistence(ctx)
		if err != nil {
			return err
		}
		if ok, err := done(m); ok || err != nil {
			if err != nil {
				return fmt.Errorf("%w: %s failed: %v", retention.ErrStore, what, err)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: waiting for the %s: %w", retention.ErrStore, what, ctx.Err())
		case <-time.After(delay): // polling INFO, as redis-cli does
		}
		delay = min(2*delay, 200*time.Millisecond)
	}
}
