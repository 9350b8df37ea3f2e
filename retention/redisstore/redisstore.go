// Package redisstore is a [retention.Store] in Redis, for fleets of
// replicas: any number of processes on any number of machines share one
// Redis, and every state change is a single Lua script, so it is atomic on
// the server. Read-once consumption is one script call (the equivalent of
// GETDEL that leaves a PII-free tombstone behind), exactly-once across
// every client.
//
// # Expiry
//
// The Vault checks deadlines on every read and its sweeper erases records
// with receipts. As a second line of defence each record key also carries
// a native Redis expiry (PEXPIREAT) at its deadline plus
// [Options.ExpiryGrace], so Redis deletes the data even if no sweeper ever
// runs. With persistence enabled (AOF or RDB), the absolute expiry survives
// a Redis restart.
//
// # Layout
//
// With prefix P (default "kyckit:retention"), record id is the hash
// "{P}:r:" + id (fields r rev, s state, o read-once, e expires, t
// tombstone-until, z erased, m meta, k wrapped key, d data; times in Unix
// milliseconds), the due index the sorted set "{P}:due", and the log the
// sorted set "{P}:log" scored by time. The braces make every key of one
// store share a hash slot, so the multi-key scripts also run on Redis
// Cluster (on one shard).
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/redis/go-redis/v9"
)

// Options configures [Open]. A nil *Options means the defaults.
type Options struct {
	// Prefix namespaces the keys; empty means "kyckit:retention".
	Prefix string
	// ExpiryGrace is added to a record's deadline for its native Redis
	// expiry, leaving the sweeper time to erase it with a receipt and
	// absorbing clock skew between replicas and Redis. Zero means one
	// hour; negative means no grace.
	ExpiryGrace time.Duration
}

// Store is a Redis-backed [retention.Store]. Close it when done.
type Store struct {
	c                       *redis.Client
	due, log, seq, recPrefx string
	grace                   int64 // ms
}

var _ retention.Store = (*Store)(nil)

// Open connects to the Redis server at url — redis://[user:password@]host:port[/db]
// or rediss:// for TLS, as go-redis parses it — and checks it answers.
func Open(ctx context.Context, url string, opts *Options) (*Store, error) {
	o, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("%w: invalid redis URL", retention.ErrStore)
	}
	var op Options
	if opts != nil {
		op = *opts
	}
	if op.Prefix == "" {
		op.Prefix = "kyckit:retention"
	}
	switch {
	case op.ExpiryGrace == 0:
		op.ExpiryGrace = time.Hour
	case op.ExpiryGrace < 0:
		op.ExpiryGrace = 0
	}
	c := redis.NewClient(o)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("%w: ping: %v", retention.ErrStore, err)
	}
	tag := "{" + op.Prefix + "}"
	return &Store{
		c: c, due: tag + ":due", log: tag + ":log", seq: tag + ":seq", recPrefx: tag + ":r:",
		grace: op.ExpiryGrace.Milliseconds(),
	}, nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.c.Close() }

func (s *Store) key(id string) string { return s.recPrefx + id }

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %v", retention.ErrStore, err)
}

// msArg encodes a time for Redis: Unix milliseconds, or "" for zero.
func msArg(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// fieldArgs are the 11 record arguments shared by the create and replace
// scripts: s o e t z m kflag k dflag d pexpireat.
func (s *Store) fieldArgs(r *retention.Record) []any {
	pexp := ""
	if !r.ExpiresAt.IsZero() {
		pexp = strconv.FormatInt(r.ExpiresAt.UnixMilli()+s.grace, 10)
	}
	return []any{
		strconv.Itoa(int(r.State)), flag(r.ReadOnce), msArg(r.ExpiresAt), msArg(r.TombstoneUntil),
		msArg(r.ErasedAt), r.Meta, flag(r.Key != nil), r.Key, flag(r.Data != nil), r.Data, pexp,
	}
}

// writeFields (Lua) stores ARGV[b+1..b+11] into KEYS[1] with revision rev
// and indexes it in KEYS[2] under id.
const writeFields = `
local function write(rev, id, b)
  redis.call('HSET', KEYS[1], 'r', rev, 's', ARGV[b+1], 'o', ARGV[b+2], 'e', ARGV[b+3],
    't', ARGV[b+4], 'z', ARGV[b+5], 'm', ARGV[b+6])
  if ARGV[b+7] == '1' then redis.call('HSET', KEYS[1], 'k', ARGV[b+8]) end
  if ARGV[b+9] == '1' then redis.call('HSET', KEYS[1], 'd', ARGV[b+10]) end
  if ARGV[b+3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[b+3], id) end
  if ARGV[b+11] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[b+11]) end
end
`

// appendLog (Lua) appends ARGV[b+1] (ms) / ARGV[b+2] (data) to the log
// KEYS[3], ordered within a millisecond by the counter KEYS[4].
const appendLog = `
local function logappend(b)
  local seq = redis.call('INCR', KEYS[4])
  redis.call('ZADD', KEYS[3], ARGV[b+1], string.format('%016x', seq) .. ARGV[b+2])
end
`

// KEYS: rec due. ARGV: id, fields(11).
var createScript = redis.NewScript(writeFields + `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
write(1, ARGV[1], 1)
return 1
`)

// KEYS: rec due log seq. ARGV: id rev delete fields(11) logflag logms logdata.
var replaceScript = redis.NewScript(writeFields + appendLog + `
local cur = redis.call('HGET', KEYS[1], 'r')
if not cur then return -1 end
if cur ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[3] ~= '1' then write(tonumber(cur) + 1, ARGV[1], 3) end
if ARGV[15] == '1' then logappend(15) end
return 1
`)

// KEYS: rec due. ARGV: id now grace. Returns the fields as they were; if
// the record was consumable, it is now its tombstone.
var getScript = redis.NewScript(`
local v = redis.call('HMGET', KEYS[1], 'r', 's', 'o', 'e', 't', 'z', 'm', 'k', 'd')
if not v[1] then return false end
local e = tonumber(v[4])
if v[2] == '2' and v[3] == '1' and e and tonumber(ARGV[2]) < e then
  redis.call('HDEL', KEYS[1], 'k', 'd')
  redis.call('HSET', KEYS[1], 'r', tonumber(v[1]) + 1, 's', '4', 'o', '0', 'e', v[5] or '', 'z', ARGV[2])
  redis.call('ZREM', KEYS[2], ARGV[1])
  local t = tonumber(v[5])
  if t then
    redis.call('ZADD', KEYS[2], t, ARGV[1])
    redis.call('PEXPIREAT', KEYS[1], t + tonumber(ARGV[3]))
  else
    redis.call('PERSIST', KEYS[1])
  end
end
return v
`)

// KEYS: log seq. ARGV: ms data.
var logScript = redis.NewScript(`
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], ARGV[1], string.format('%016x', seq) .. ARGV[2])
return 1
`)

// Create implements [retention.Store].
func (s *Store) Create(ctx context.Context, r *retention.Record) error {
	args := append([]any{r.ID}, s.fieldArgs(r)...)
	n, err := createScript.Run(ctx, s.c, []string{s.key(r.ID), s.due}, args...).Int()
	if err != nil {
		return wrap(err)
	}
	if n == 0 {
		return retention.ErrExists
	}
	return nil
}

// Get implements [retention.Store] with one script call.
func (s *Store) Get(ctx context.Context, id string, now time.Time) (*retention.Record, error) {
	v, err := getScript.Run(ctx, s.c, []string{s.key(id), s.due}, id, now.UnixMilli(), s.grace).Slice()
	if errors.Is(err, redis.Nil) {
		return nil, retention.ErrNotFound
	}
	if err != nil {
		return nil, wrap(err)
	}
	return decode(id, v)
}

// Replace implements [retention.Store] with one script call.
func (s *Store) Replace(ctx context.Context, id string, rev uint64, next *retention.Record, entry *retention.LogEntry) error {
	args := []any{id, strconv.FormatUint(rev, 10), flag(next == nil)}
	if next == nil {
		args = append(args, "", "", "", "", "", "", "", "", "", "", "")
	} else {
		args = append(args, s.fieldArgs(next)...)
	}
	if entry != nil {
		args = append(args, "1", entry.At.UnixMilli(), entry.Data)
	} else {
		args = append(args, "0", "", "")
	}
	n, err := replaceScript.Run(ctx, s.c, []string{s.key(id), s.due, s.log, s.seq}, args...).Int()
	if err != nil {
		return wrap(err)
	}
	switch n {
	case -1:
		return retention.ErrNotFound
	case 0:
		return retention.ErrConflict
	}
	return nil
}

// Due implements [retention.Store]. Index entries whose record Redis has
// already expired natively are dropped on the way.
func (s *Store) Due(ctx context.Context, now time.Time, limit int) ([]*retention.Record, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := s.c.ZRangeArgs(ctx, redis.ZRangeArgs{
		Key: s.due, ByScore: true, Start: "-inf", Stop: strconv.FormatInt(now.UnixMilli(), 10), Count: int64(limit),
	}).Result()
	if err != nil {
		return nil, wrap(err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	pipe := s.c.Pipeline()
	cmds := make([]*redis.SliceCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HMGet(ctx, s.key(id), "r", "s", "o", "e", "t", "z", "m", "k", "d")
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, wrap(err)
	}
	var out []*retention.Record
	var stale []any
	for i, cmd := range cmds {
		v := cmd.Val()
		if len(v) == 0 || v[0] == nil {
			stale = append(stale, ids[i])
			continue
		}
		r, err := decode(ids[i], v)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if len(stale) > 0 {
		_ = s.c.ZRem(ctx, s.due, stale...).Err() // cleanup only
	}
	return out, nil
}

// Append implements [retention.Store].
func (s *Store) Append(ctx context.Context, e retention.LogEntry) error {
	return wrap(logScript.Run(ctx, s.c, []string{s.log, s.seq}, e.At.UnixMilli(), e.Data).Err())
}

// Log implements [retention.Store].
func (s *Store) Log(ctx context.Context, since time.Time, limit int) ([]retention.LogEntry, error) {
	if limit <= 0 {
		return nil, nil
	}
	zs, err := s.c.ZRangeArgsWithScores(ctx, redis.ZRangeArgs{
		Key: s.log, ByScore: true, Start: strconv.FormatInt(since.UnixMilli(), 10), Stop: "+inf", Count: int64(limit),
	}).Result()
	if err != nil {
		return nil, wrap(err)
	}
	out := make([]retention.LogEntry, 0, len(zs))
	for _, z := range zs {
		m, ok := z.Member.(string)
		if !ok || len(m) < 16 {
			return nil, fmt.Errorf("%w: log entry", retention.ErrCorrupt)
		}
		out = append(out, retention.LogEntry{At: time.UnixMilli(int64(z.Score)).UTC(), Data: []byte(m[16:])})
	}
	return out, nil
}

// decode builds a record from the HMGET field order r s o e t z m k d.
func decode(id string, v []any) (*retention.Record, error) {
	bad := fmt.Errorf("%w: record fields", retention.ErrCorrupt)
	if len(v) != 9 {
		return nil, bad
	}
	str := func(i int) (string, bool) {
		if v[i] == nil {
			return "", false
		}
		s, ok := v[i].(string)
		return s, ok
	}
	r := &retention.Record{ID: id}
	rev, _ := str(0)
	var err error
	if r.Rev, err = strconv.ParseUint(rev, 10, 64); err != nil {
		return nil, bad
	}
	st, _ := str(1)
	n, err := strconv.Atoi(st)
	if err != nil || !retention.State(n).Valid() {
		return nil, bad
	}
	r.State = retention.State(n)
	o, _ := str(2)
	r.ReadOnce = o == "1"
	for i, dst := range []*time.Time{&r.ExpiresAt, &r.TombstoneUntil, &r.ErasedAt} {
		s, _ := str(3 + i)
		if s == "" {
			continue
		}
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, bad
		}
		*dst = time.UnixMilli(ms).UTC()
	}
	m, _ := str(6)
	r.Meta = []byte(m)
	if k, ok := str(7); ok {
		r.Key = []byte(k)
	}
	if d, ok := str(8); ok {
		r.Data = []byte(d)
	}
	return r, nil
}
