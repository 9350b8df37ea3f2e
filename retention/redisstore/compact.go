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
		before := info["aof_rewrites"]
		if err := s.c.BgRewriteAOF(ctx).Err(); err != nil && !strings.Contains(err.Error(), "already in progress") {
			return fmt.Errorf("%w: BGREWRITEAOF: %v", retention.ErrStore, err)
		}
		if err := s.wait(ctx, "AOF rewrite", func(m map[string]string) (bool, error) {
			if m["aof_rewrite_in_progress"] != "0" || m["aof_rewrite_scheduled"] != "0" || m["aof_rewrites"] == before {
				return false, nil
			}
			return true, status(m, "aof_last_bgrewrite_status")
		}); err != nil {
			return err
		}
	}
	if cfg["save"] != "" || info["rdb_saves"] != "0" {
		before := info["rdb_saves"]
		if err := s.c.Do(ctx, "BGSAVE", "SCHEDULE").Err(); err != nil {
			return fmt.Errorf("%w: BGSAVE: %v", retention.ErrStore, err)
		}
		if err := s.wait(ctx, "RDB snapshot", func(m map[string]string) (bool, error) {
			if m["rdb_bgsave_in_progress"] != "0" || m["rdb_saves"] == before {
				return false, nil
			}
			return true, status(m, "rdb_last_bgsave_status")
		}); err != nil {
			return err
		}
	}
	return nil
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
