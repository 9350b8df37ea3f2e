// Package redisstore is a [retention.Store] in Redis, for fleets of
// replicas: any number of processes on any number of machines share one
// Redis, and every state change is a single Lua script, so it is atomic on
// the server. Claiming a read-once record is one script call, exactly-once
// across every client, and idempotent: go-redis retries a command whose
// reply was lost, and the retry, carrying the same claim token, gets the
// same answer.
//
// # Expiry
//
// The Vault checks deadlines on every read and its sweeper erases records
// with receipts. As a second line of defence each record's personal data
// (wrapped key and ciphertext, in a key of its own) carries a native Redis
// expiry (PEXPIREAT) at its deadline plus [Options.ExpiryGrace], so Redis
// deletes the data even if no sweeper ever runs. The record itself (PII-free
// metadata) stays: the next poll or sweep finds it, reports it expired
// (not unknown), writes the receipt and leaves a tombstone, and the id is
// not reused. Tombstones expire natively at their purge time, by the
// server's clock. The server's clock governs native expiry, so a Vault
// compares its own clock with it ([Store.ServerTime]) and refuses to work
// beyond [retention.Options.MaxClockSkew].
//
// # Durability
//
// Erasures, tombstones and receipts survive a crash of Redis only with
// appendonly yes and appendfsync always: with appendfsync everysec a power
// or kernel failure can lose the last second of acknowledged writes, and
// with RDB snapshots alone a crash rolls back to the last snapshot — an
// acknowledged, receipted erasure undone, the personal data and its key
// back. [Open] reads both settings (CONFIG GET) and by default refuses
// anything else ([Options.Durability]). Replicas are not checked: a
// failover to a replica that had not received the last writes loses them
// too (use WAIT, or a single durable primary).
//
// # What erasure leaves behind
//
// Erasure deletes the record's data key. Redis does not overwrite freed
// memory, and its persistence files keep what was written: the AOF holds
// every HSET of the wrapped key and ciphertext until it is rewritten, and
// an RDB snapshot taken while the record lived holds it until the next
// snapshot replaces the file. [Store.Compact] has Redis rewrite both
// (BGREWRITEAOF, BGSAVE) and waits; the old files are unlinked, not
// overwritten. For erasure that does not depend on Redis's files, keep the
// wrapped keys elsewhere ([retention.Options.Keys], e.g. a boltstore whose
// key slots are overwritten in place, or a Redis without persistence):
// then Redis only ever holds ciphertext.
//
// # Layout
//
// With prefix P (default "kyckit:retention") and tag T = "{P}", record id
// is the hash T:r:id (fields r rev, s state, o read-once, e expires, z
// erased, x token, m meta; times in Unix milliseconds) and its data the
// hash T:d:id (k wrapped key, d ciphertext); the due index is the sorted
// set T:due, the receipt log the hash T:log (sequence number → entry) with
// its head in T:head. The braces make every key of one store share a hash
// slot, so the multi-key scripts also run on Redis Cluster (on one shard).
package redisstore

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kyckit/kyckit/retention"
	"github.com/redis/go-redis/v9"
)

// Durability says what [Open] does about the server's persistence
// settings.
type Durability uint8

const (
	// DurabilityStrict (the default) refuses a server without appendonly
	// yes and appendfsync always, or whose settings cannot be read, with
	// retention.ErrDurability.
	DurabilityStrict Durability = iota
	// DurabilityWarn opens anyway and reports each problem to
	// [Options.Warn] and in [Store.Durability].
	DurabilityWarn
	// DurabilityUnchecked does not ask (for servers that disable CONFIG,
	// after checking their persistence yourself).
	DurabilityUnchecked
)

// Options configures [Open]. A nil *Options means the defaults.
type Options struct {
	// Prefix namespaces the keys; empty means "kyckit:retention".
	Prefix string
	// Username and Password, when set, replace those of the URL, so the
	// password need not be on a command line.
	Username, Password string
	// ExpiryGrace is added to a record's deadline for the native Redis
	// expiry of its data, leaving the sweeper time to erase it with a
	// receipt first. Zero means one hour; negative means no grace. It does
	// not absorb clock skew: the Vault refuses skewed clocks instead.
	ExpiryGrace time.Duration
	// Durability is what Open does about persistence settings that cannot
	// keep erasures and receipts across a crash; see [Durability].
	Durability Durability
	// Warn receives the persistence problems found under DurabilityWarn.
	Warn func(problem string)
}

// Store is a Redis-backed [retention.Store]. Close it when done.
type Store struct {
	c                                     *redis.Client
	due, logd, head, recPrefix, datPrefix string
	grace                                 int64 // ms
	report                                DurabilityReport
}

var (
	_ retention.Store       = (*Store)(nil)
	_ retention.ServerClock = (*Store)(nil)
)

// DurabilityReport is what [Open] found about the server's persistence.
type DurabilityReport struct {
	// AppendOnly, AppendFsync and Save are the CONFIG values ("" when not
	// read).
	AppendOnly, AppendFsync, Save string
	// Checked reports whether they were read.
	Checked bool
	// Problems says, in words, which guarantee each setting breaks.
	Problems []string
}

// Open connects to the Redis server at url — redis://[user:password@]host:port[/db],
// rediss:// for TLS or unix://, as go-redis parses it — checks it answers,
// and checks its persistence settings ([Options.Durability]).
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
	if op.Username != "" {
		o.Username = op.Username
	}
	if op.Password != "" {
		o.Password = op.Password
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
	s := &Store{
		c: c, due: tag + ":due", logd: tag + ":log", head: tag + ":head",
		recPrefix: tag + ":r:", datPrefix: tag + ":d:",
		grace: op.ExpiryGrace.Milliseconds(),
	}
	if op.Durability != DurabilityUnchecked {
		s.report = checkDurability(ctx, c)
		if len(s.report.Problems) > 0 {
			if op.Durability == DurabilityStrict {
				c.Close()
				return nil, fmt.Errorf("%w: %s", retention.ErrDurability, strings.Join(s.report.Problems, "; "))
			}
			for _, p := range s.report.Problems {
				if op.Warn != nil {
					op.Warn(p)
				}
			}
		}
	}
	return s, nil
}

func checkDurability(ctx context.Context, c *redis.Client) DurabilityReport {
	var r DurabilityReport
	m, err := c.ConfigGet(ctx, "*").Result() // one round trip; the three names below
	if err != nil {
		r.Problems = append(r.Problems, "cannot read the persistence settings (CONFIG GET failed: disabled or renamed?): "+
			"check appendonly and appendfsync yourself and open with DurabilityUnchecked")
		return r
	}
	r.Checked = true
	r.AppendOnly, r.AppendFsync, r.Save = m["appendonly"], m["appendfsync"], m["save"]
	switch {
	case r.AppendOnly != "yes" && r.Save != "":
		r.Problems = append(r.Problems, "appendonly is no (RDB snapshots only): a crash rolls back to the last snapshot, "+
			"undoing acknowledged erasures and receipts and bringing erased data back")
	case r.AppendOnly != "yes":
		r.Problems = append(r.Problems, "appendonly is no and there are no snapshots: a restart loses every record, "+
			"tombstone and receipt (erased ids become reusable)")
	case r.AppendFsync != "always":
		r.Problems = append(r.Problems, "appendfsync is "+strconv.Quote(r.AppendFsync)+", not always: "+
			"a power or kernel failure can lose acknowledged erasures and receipts")
	}
	return r
}

// Durability returns what Open found about the server's persistence.
func (s *Store) Durability() DurabilityReport { return s.report }

// Close closes the connection pool.
func (s *Store) Close() error { return s.c.Close() }

// ServerTime implements [retention.ServerClock] with TIME.
func (s *Store) ServerTime(ctx context.Context) (time.Time, error) {
	t, err := s.c.Time(ctx).Result()
	if err != nil {
		return time.Time{}, wrap(err)
	}
	return t, nil
}

func (s *Store) keys(id string) []string {
	return []string{s.recPrefix + id, s.datPrefix + id, s.due}
}

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
// scripts: s o e z x m kflag k dflag d pexpireat.
func (s *Store) fieldArgs(r *retention.Record) []any {
	pexp := ""
	if !r.ExpiresAt.IsZero() {
		pexp = strconv.FormatInt(r.ExpiresAt.UnixMilli()+s.grace, 10)
	}
	return []any{
		strconv.Itoa(int(r.State)), flag(r.ReadOnce), msArg(r.ExpiresAt), msArg(r.ErasedAt), r.Token,
		r.Meta, flag(r.Key != nil), r.Key, flag(r.Data != nil), r.Data, pexp,
	}
}

// writeFields (Lua) stores ARGV[b+1..b+11] into the record KEYS[1] (with
// revision rev) and its data KEYS[2], and indexes it in KEYS[3] under id.
// The data key is rewritten only when the key or ciphertext changed (fewer
// copies in the AOF); it alone carries the native expiry while there is
// data, the record key once it is a tombstone.
const writeFields = `
local function write(rev, id, b)
  redis.call('HSET', KEYS[1], 'r', rev, 's', ARGV[b+1], 'o', ARGV[b+2], 'e', ARGV[b+3],
    'z', ARGV[b+4], 'x', ARGV[b+5], 'm', ARGV[b+6])
  local cur = redis.call('HMGET', KEYS[2], 'k', 'd')
  local hk, hd = ARGV[b+7] == '1', ARGV[b+9] == '1'
  if (cur[1] ~= false) ~= hk or (cur[2] ~= false) ~= hd or
     (hk and cur[1] ~= ARGV[b+8]) or (hd and cur[2] ~= ARGV[b+10]) then
    redis.call('DEL', KEYS[2])
    if hk then redis.call('HSET', KEYS[2], 'k', ARGV[b+8]) end
    if hd then redis.call('HSET', KEYS[2], 'd', ARGV[b+10]) end
  end
  if ARGV[b+3] ~= '' then redis.call('ZADD', KEYS[3], ARGV[b+3], id) end
  if hk or hd then
    if ARGV[b+11] ~= '' then redis.call('PEXPIREAT', KEYS[2], ARGV[b+11]) else redis.call('PERSIST', KEYS[2]) end
  elseif ARGV[b+11] ~= '' then
    redis.call('PEXPIREAT', KEYS[1], ARGV[b+11])
  end
end
`

// KEYS: rec data due. ARGV: id, fields(11).
var createScript = redis.NewScript(writeFields + `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
write(1, ARGV[1], 1)
return 1
`)

// KEYS: rec data due head log. ARGV: id rev delete fields(11) logflag
// prevseq prevhash seq entry hash.
var replaceScript = redis.NewScript(writeFields + `
local cur = redis.call('HGET', KEYS[1], 'r')
if not cur then return -1 end
if cur ~= ARGV[2] then return 0 end
if ARGV[15] == '1' then
  local h = redis.call('HMGET', KEYS[4], 's', 'h')
  if (h[1] or '0') ~= ARGV[16] or (h[2] or '') ~= ARGV[17] then return 0 end
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[3] == '1' then
  redis.call('DEL', KEYS[2])
else
  write(string.format('%.0f', tonumber(cur) + 1), ARGV[1], 3)
end
if ARGV[15] == '1' then
  redis.call('HSET', KEYS[5], ARGV[18], ARGV[19])
  redis.call('HSET', KEYS[4], 's', ARGV[18], 'h', ARGV[20])
end
return 1
`)

// KEYS: rec data due. ARGV: id now token lease grace. Claims a consumable
// record for token; returns the fields r s o e z x m k d, without k and d
// for a record claimed by another token.
var getScript = redis.NewScript(`
local v = redis.call('HMGET', KEYS[1], 'r', 's', 'o', 'e', 'z', 'x', 'm')
if not v[1] then return false end
local now, tok = tonumber(ARGV[2]), ARGV[3]
local e = tonumber(v[4])
if tok ~= '' and v[2] == '2' and v[3] == '1' and e and now < e then
  v[1] = string.format('%.0f', tonumber(v[1]) + 1)
  v[2], v[6] = '6', tok
  local ne = now + tonumber(ARGV[4])
  v[4] = string.format('%.0f', ne)
  redis.call('HSET', KEYS[1], 'r', v[1], 's', v[2], 'e', v[4], 'x', tok)
  redis.call('ZADD', KEYS[3], v[4], ARGV[1])
  if redis.call('EXISTS', KEYS[2]) == 1 then
    redis.call('PEXPIREAT', KEYS[2], string.format('%.0f', ne + tonumber(ARGV[5])))
  end
end
local d = {false, false}
if v[2] ~= '6' or (tok ~= '' and v[6] == tok) then
  d = redis.call('HMGET', KEYS[2], 'k', 'd')
end
return {v[1], v[2], v[3], v[4], v[5], v[6], v[7], d[1], d[2]}
`)

// Create implements [retention.Store].
func (s *Store) Create(ctx context.Context, r *retention.Record) error {
	args := append([]any{r.ID}, s.fieldArgs(r)...)
	n, err := createScript.Run(ctx, s.c, s.keys(r.ID), args...).Int()
	if err != nil {
		return wrap(err)
	}
	if n == 0 {
		return retention.ErrExists
	}
	return nil
}

// Get implements [retention.Store] with one script call.
func (s *Store) Get(ctx context.Context, id string, now time.Time, token string) (*retention.Record, error) {
	v, err := getScript.Run(ctx, s.c, s.keys(id), id, now.UnixMilli(), token,
		retention.ClaimLease.Milliseconds(), s.grace).Slice()
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
		if entry.Seq == 0 {
			return fmt.Errorf("%w: log entry without sequence number", retention.ErrInput)
		}
		args = append(args, "1", strconv.FormatUint(entry.Seq-1, 10), entry.Prev,
			strconv.FormatUint(entry.Seq, 10), encodeEntry(entry), entry.Hash)
	} else {
		args = append(args, "0", "", "", "", "", "")
	}
	keys := append(s.keys(id), s.head, s.logd)
	n, err := replaceScript.Run(ctx, s.c, keys, args...).Int()
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
// already expired natively (a purged tombstone) are dropped on the way.
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
	recs := make([]*redis.SliceCmd, len(ids))
	data := make([]*redis.SliceCmd, len(ids))
	for i, id := range ids {
		recs[i] = pipe.HMGet(ctx, s.recPrefix+id, "r", "s", "o", "e", "z", "x", "m")
		data[i] = pipe.HMGet(ctx, s.datPrefix+id, "k", "d")
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, wrap(err)
	}
	var out []*retention.Record
	var stale []any
	for i := range ids {
		v := recs[i].Val()
		if len(v) == 0 || v[0] == nil {
			stale = append(stale, ids[i])
			continue
		}
		r, err := decode(ids[i], append(v, data[i].Val()...))
		if err != nil {
			return nil, err
		}
		r.Strip("")
		out = append(out, r)
	}
	if len(stale) > 0 {
		_ = s.c.ZRem(ctx, s.due, stale...).Err() // cleanup only
	}
	return out, nil
}

// Log entries: at(8, Unix ms) hashlen(1) hash data.
func encodeEntry(e *retention.LogEntry) []byte {
	v := binary.BigEndian.AppendUint64(make([]byte, 0, 9+len(e.Hash)+len(e.Data)), uint64(e.At.UnixMilli()))
	v = append(v, byte(len(e.Hash)))
	v = append(v, e.Hash...)
	return append(v, e.Data...)
}

func decodeEntry(seq uint64, s string) (retention.LogEntry, error) {
	if len(s) < 9 || len(s) < 9+int(s[8]) {
		return retention.LogEntry{}, fmt.Errorf("%w: log entry", retention.ErrCorrupt)
	}
	n := int(s[8])
	return retention.LogEntry{
		Seq:  seq,
		At:   time.UnixMilli(int64(binary.BigEndian.Uint64([]byte(s[:8])))).UTC(),
		Hash: []byte(s[9 : 9+n]),
		Data: []byte(s[9+n:]),
	}, nil
}

// LogHead implements [retention.Store].
func (s *Store) LogHead(ctx context.Context) (retention.LogHead, error) {
	v, err := s.c.HMGet(ctx, s.head, "s", "h").Result()
	if err != nil {
		return retention.LogHead{}, wrap(err)
	}
	if len(v) != 2 || v[0] == nil {
		return retention.LogHead{}, nil
	}
	seq, ok1 := v[0].(string)
	hash, ok2 := v[1].(string)
	n, err := strconv.ParseUint(seq, 10, 64)
	if !ok1 || !ok2 || err != nil {
		return retention.LogHead{}, fmt.Errorf("%w: log head", retention.ErrCorrupt)
	}
	return retention.LogHead{Seq: n, Hash: []byte(hash)}, nil
}

// Log implements [retention.Store].
func (s *Store) Log(ctx context.Context, from uint64, limit int) ([]retention.LogEntry, error) {
	if limit <= 0 {
		return nil, nil
	}
	from = max(from, 1)
	fields := make([]string, 0, min(limit, 4096))
	for i := range uint64(cap(fields)) {
		fields = append(fields, strconv.FormatUint(from+i, 10))
	}
	var out []retention.LogEntry
	for len(out) < limit {
		v, err := s.c.HMGet(ctx, s.logd, fields...).Result()
		if err != nil {
			return nil, wrap(err)
		}
		for i, x := range v {
			if x == nil || len(out) >= limit {
				return out, nil
			}
			str, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("%w: log entry", retention.ErrCorrupt)
			}
			e, err := decodeEntry(from+uint64(i), str)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		from += uint64(len(fields))
		for i := range fields {
			fields[i] = strconv.FormatUint(from+uint64(i), 10)
		}
	}
	return out, nil
}

// decode builds a record from the field order r s o e z x m k d.
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
	if r.Rev, err = strconv.ParseUint(rev, 10, 64); err != nil || strconv.FormatUint(r.Rev, 10) != rev {
		return nil, bad
	}
	st, _ := str(1)
	n, err := strconv.Atoi(st)
	if err != nil || !retention.State(n).Valid() || strconv.Itoa(n) != st {
		return nil, bad
	}
	r.State = retention.State(n)
	switch o, _ := str(2); o {
	case "1":
		r.ReadOnce = true
	case "0":
	default:
		return nil, bad
	}
	for i, dst := range []*time.Time{&r.ExpiresAt, &r.ErasedAt} {
		s, _ := str(3 + i)
		if s == "" {
			continue
		}
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || strconv.FormatInt(ms, 10) != s {
			return nil, bad
		}
		*dst = time.UnixMilli(ms).UTC()
	}
	if r.Token, _ = str(5); len(r.Token) > retention.MaxTokenLen {
		return nil, bad
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
