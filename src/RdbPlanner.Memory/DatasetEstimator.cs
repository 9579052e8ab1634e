using System.Runtime.CompilerServices;
using RdbPlanner.Memory.Layout;
using RdbPlanner.Rdb;

namespace RdbPlanner.Memory;

/// <summary>
/// Adds up per-key estimates of every engine model at once and sizes the keyspace and expires tables the way each
/// engine does after loading (memory-model.md §2.3–§2.5, §5). Holds fixed-size state: per-slot counters and per-db
/// totals. All models share one pass because key and expire counts are the same for each; only bytes differ.
/// </summary>
public sealed class DatasetEstimator
{
    private const int Models = EngineModelNames.Count;
    // Constants, not static fields: the native (AOT) build checks class initialisation on every static field read in
    // the per-key path. Both enums are dense from 0 (a test checks them against EncodingNames.All and the enum values).
    internal const int Encodings = (int)ValueEncoding.Module + 1;
    internal const int Kinds = (int)RdbObjectKind.Module + 1;

    // One slot's counters for all models side by side (SlotTotals): keys land on slots at random, so each update
    // touches one cache line here rather than one per counter per model.
    private readonly SlotTotals[] _slots = new SlotTotals[RedisSlot.Count];
    // The slot table (768 KiB) does not stay in cache, and one update per key between long stretches of parsing
    // stalls on its miss (80 % of AddKey's samples sat on that one increment, 14 % of the native binary's profile).
    // Updates are queued and applied in batches, where the misses of independent slots overlap, each slot's line
    // prefetched PrefetchDistance updates ahead (16 beat 8 in the profile). Read _slots only after ApplyPendingSlots.
    private readonly PendingSlot[] _pending = new PendingSlot[PendingCapacity];
    private int _pendingCount;
    private const int PendingCapacity = 256;
    private const int PrefetchDistance = 16;
    private readonly TypeTotals[] _types = new TypeTotals[Models * Kinds * Encodings]; // [(model * kinds + kind) * encodings + encoding]
    // Per model, the keys' standalone bytes are the sum of the type rows and their cluster bytes that of the slots:
    // both are added up in Complete rather than per key.
    private readonly long[] _largest = new long[Models];
    // One entry per input file: a merged dataset keeps its shards apart, because Redis 7.x sizes one table per node.
    private readonly List<Dictionary<int, DbCounts>> _shards = [new()];
    private DbCounts? _lastDb;
    private int _lastDbNumber = -1;
    private long _keys;
    private long _expires;
    private bool _slotInfoSeen;
    // Per-slot key and expire counts from slot-info, made at the first one: Valkey 9.1 pre-sizes each slot's tables from
    // them on a cold start (memory-model.md §12).
    private SlotHint[]? _slotHints;

    public DatasetEstimator(MemoryModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    public MemoryModelOptions Options { get; }

    /// <summary>
    /// Back to the state of a new estimator, keeping its tables (about 0.8 MB, most of it the slot counters): an
    /// analysis that sizes the parts of a file one after another (a file split across threads) reuses a few estimators
    /// instead of leaving a large-object-heap array per part for the collector.
    /// </summary>
    public void Clear()
    {
        Array.Clear(_slots);
        _pendingCount = 0;
        Array.Clear(_types);
        Array.Clear(_largest);
        _shards.Clear();
        _shards.Add([]);
        _lastDb = null;
        _lastDbNumber = -1;
        _keys = 0;
        _expires = 0;
        _slotInfoSeen = false;
        _slotHints = null;
    }

    /// <summary>RESIZEDB opcode of the current file: the db's key and expire counts as saved.</summary>
    public void ResizeHint(int db, long keys, long expires)
    {
        var counts = Db(db);
        counts.HasHint = true;
        counts.HintKeys = Math.Max(0, keys);
        counts.HintExpires = Math.Max(0, expires);
    }

    /// <summary>
    /// slot-info AUX (Valkey 8.x, 9.x) or opcode 244 (Redis 7.4): a slot's key and expire counts as saved. Valkey 8.0 and
    /// 8.1 ignore it on a cold start; Valkey 9.1 sizes the slot's tables from it (memory-model.md §5, §12).
    /// </summary>
    public void SlotInfo(int slot, long keys, long expires)
    {
        _slotInfoSeen = true;
        if ((uint)slot >= RedisSlot.Count) return;
        ref var hint = ref (_slotHints ??= new SlotHint[RedisSlot.Count])[slot];
        hint.Keys += Math.Max(0, keys);
        hint.Expires += Math.Max(0, expires);
    }

    /// <summary>True when the input carried per-slot sizing hints.</summary>
    public bool SawSlotInfo => _slotInfoSeen;

    /// <summary>Adds one loaded key; <paramref name="estimates"/> holds one estimate per model, indexed by <see cref="EngineModel"/>.</summary>
    public void AddKey(int db, int slot, RdbObjectKind kind, bool hasExpiry, ReadOnlySpan<KeyEstimate> estimates)
    {
        var costs = new KeyCosts();
        costs.From(estimates);
        AddKey(db, slot, kind, hasExpiry, in costs);
    }

    /// <summary>Adds one loaded key, given what its estimates cost under each model.</summary>
    public void AddKey(int db, int slot, RdbObjectKind kind, bool hasExpiry, in KeyCosts costs)
    {
        var counts = Db(db);
        counts.Keys++;
        _keys++;
        if (_pendingCount == PendingCapacity) ApplyPendingSlots();
        ref var pending = ref _pending[_pendingCount++];
        pending.Slot = slot & (RedisSlot.Count - 1);
        pending.Expires = hasExpiry ? 1u : 0;
        if (hasExpiry)
        {
            counts.Expires++;
            _expires++;
        }
        int typeRow = (int)kind * Encodings;
        int modelStride = Kinds * Encodings;
        for (int m = 0; m < Models; m++)
        {
            long standalone = costs.Standalone[m];
            pending.Bytes[m] = costs.Cluster(m);
            if (standalone > _largest[m]) _largest[m] = standalone;
            ref var typeTotals = ref _types[m * modelStride + typeRow + (int)costs.Encodings[m]];
            typeTotals.Keys++;
            typeTotals.Bytes += standalone;
        }
    }

    private void ApplyPendingSlots()
    {
        var slots = _slots;
        var batch = _pending.AsSpan(0, _pendingCount);
        for (int i = 0; i < batch.Length; i++)
        {
            ref readonly var pending = ref batch[i];
            if (i + PrefetchDistance < batch.Length) CacheHint.Prefetch(ref slots[batch[i + PrefetchDistance].Slot]);
            ref var totals = ref slots[pending.Slot];
            totals.Keys++;
            totals.Expires += pending.Expires;
            for (int m = 0; m < Models; m++) totals.Bytes[m] += pending.Bytes[m];
        }
        _pendingCount = 0;
    }

    /// <summary>Keys added per cluster slot (a new array).</summary>
    public long[] SlotKeyCounts()
    {
        ApplyPendingSlots();
        var keys = new long[RedisSlot.Count];
        for (int s = 0; s < keys.Length; s++) keys[s] = _slots[s].Keys;
        return keys;
    }

    /// <summary>Adds another file's keys: files are shards of one dataset (disjoint slots in cluster mode).</summary>
    public void Merge(DatasetEstimator other)
    {
        AddTotals(other);
        foreach (var shard in other._shards)
        {
            var copy = new Dictionary<int, DbCounts>();
            foreach (var (db, c) in shard) copy[db] = c.Clone();
            _shards.Add(copy);
        }
    }

    /// <summary>
    /// Adds the keys of the next segment of the same file, read by another estimator: one server's keyspace, so its
    /// databases' counts add up in the same tables, and a database's sizing hint from a later segment replaces an
    /// earlier one, as a later RESIZEDB does. Merging a file's segments in file order gives what one pass gives.
    /// </summary>
    public void MergeSegment(DatasetEstimator other)
    {
        if (other._shards.Count != 1) throw new ArgumentException("a segment is part of one file", nameof(other));
        AddTotals(other);
        var dbs = _shards[^1];
        foreach (var (db, c) in other._shards[0])
        {
            if (!dbs.TryGetValue(db, out var mine))
            {
                dbs[db] = c.Clone();
                continue;
            }
            mine.Keys += c.Keys;
            mine.Expires += c.Expires;
            if (c.HasHint)
            {
                mine.HasHint = true;
                mine.HintKeys = c.HintKeys;
                mine.HintExpires = c.HintExpires;
            }
        }
    }

    /// <summary>What adds up the same whether the other keys are another shard or more of this one: all but the databases.</summary>
    private void AddTotals(DatasetEstimator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ApplyPendingSlots();
        other.ApplyPendingSlots();
        for (int s = 0; s < _slots.Length; s++)
        {
            ref var mine = ref _slots[s];
            ref readonly var theirs = ref other._slots[s];
            mine.Keys += theirs.Keys;
            mine.Expires += theirs.Expires;
            for (int m = 0; m < Models; m++) mine.Bytes[m] += theirs.Bytes[m];
        }
        for (int i = 0; i < _types.Length; i++)
        {
            _types[i].Keys += other._types[i].Keys;
            _types[i].Bytes += other._types[i].Bytes;
        }
        for (int m = 0; m < Models; m++)
        {
            _largest[m] = Math.Max(_largest[m], other._largest[m]);
        }
        _keys += other._keys;
        _expires += other._expires;
        _slotInfoSeen |= other._slotInfoSeen;
        if (other._slotHints is { } hints)
        {
            _slotHints ??= new SlotHint[RedisSlot.Count];
            for (int s = 0; s < hints.Length; s++)
            {
                _slotHints[s].Keys += hints[s].Keys;
                _slotHints[s].Expires += hints[s].Expires;
            }
        }
    }

    public DatasetEstimate Complete(EngineModel model)
    {
        int m = (int)model;
        ApplyPendingSlots();
        long standaloneTables = StandaloneTables(model);
        var slotBytes = new long[RedisSlot.Count];
        for (int s = 0; s < slotBytes.Length; s++) slotBytes[s] = _slots[s].Bytes[m];
        long clusterKeyBytes = 0; // summed before the cluster tables add each slot's table share to slotBytes
        foreach (long bytes in slotBytes) clusterKeyBytes += bytes;
        long clusterTables = model is EngineModel.Redis70 or EngineModel.Redis72
            ? RedisClusterTables(slotBytes)
            : ValkeyClusterTables(model, slotBytes);

        var byType = new List<TypeEncodingTotal>();
        long standaloneKeyBytes = 0;
        int modelStride = Kinds * Encodings;
        for (int i = 0; i < modelStride; i++)
        {
            var t = _types[m * modelStride + i];
            standaloneKeyBytes += t.Bytes;
            if (t.Keys > 0) byType.Add(new((RdbObjectKind)(i / Encodings), EncodingNames.All[i % Encodings], t.Keys, t.Bytes));
        }

        var (emptyStandalone, emptyCluster) = EmptyInstanceBytes(model);
        return new DatasetEstimate
        {
            Model = model,
            Options = Options,
            StandaloneBytes = standaloneKeyBytes + standaloneTables,
            ClusterBytes = clusterKeyBytes + clusterTables,
            SlotBytes = slotBytes,
            ClusterFixedBytes = 0,
            EmptyStandaloneBytes = emptyStandalone,
            EmptyClusterBytes = emptyCluster,
            ByTypeEncoding = byType,
            KeyspaceTableBytes = standaloneTables,
            ClusterKeyspaceTableBytes = clusterTables,
            LargestKeyBytes = _largest[m],
            Keys = _keys,
            KeysWithExpiry = _expires,
        };
    }

    /// <summary>
    /// Measured used_memory of empty servers (memory-model.md §5; 1 MB = 10^6 B): 7.0.15-Debian, 7.2.4, 8.0.1,
    /// 8.1.1, 9.1.2, standalone and cluster with every slot assigned.
    /// </summary>
    public static (long Standalone, long Cluster) EmptyInstanceBytes(EngineModel model) => model switch
    {
        EngineModel.Redis70 => (930_000, 1_750_000),
        EngineModel.Redis72 => (910_000, 1_730_000),
        EngineModel.Valkey80 => (940_000, 2_830_000),
        EngineModel.Valkey81 => (910_000, 2_800_000),
        _ => (960_000, 2_890_000),
    };

    private long StandaloneTables(EngineModel model)
    {
        // Standalone: all shards share one instance, so tables are sized from the per-db totals.
        var totals = new Dictionary<int, DbCounts>();
        foreach (var shard in _shards)
        {
            foreach (var (db, c) in shard)
            {
                if (!totals.TryGetValue(db, out var t)) totals[db] = t = new DbCounts();
                t.Add(c);
            }
        }
        long bytes = 0;
        foreach (var c in totals.Values) bytes += DbTables(model, c);
        // Valkey 9.1 creates databases other than 0 when the load first selects them; 8.x has all of them at start-up.
        if (model == EngineModel.Valkey91) bytes += totals.Keys.Count(db => db != 0) * Valkey91DatabaseBytes(Options.Allocator);
        return bytes;
    }

    /// <summary>
    /// What creating one database allocates in Valkey 9.x (server.c createDatabase; read in the 9.0 line, the same calls
    /// in 9.1.0): the serverDb (96 B); three kvstores (keys, expires, keys_with_volatile_items), each its struct (112 B),
    /// a one-entry table array (8 B), an empty `importing` hashtable (72 B) and a rehashing list (48 B); and four empty
    /// dicts (blocking, unblock-on-nokey, ready and watched keys, 56 B each): 1,064 bytes in jemalloc's q8 classes, 1,096
    /// in q16.
    /// </summary>
    internal static long Valkey91DatabaseBytes(AllocatorKind kind) =>
        Jemalloc.Size(96, kind)
        + 3 * (Jemalloc.Size(112, kind) + Jemalloc.Size(8, kind) + Jemalloc.Size(72, kind) + Jemalloc.Size(48, kind))
        + 4 * Jemalloc.Size(56, kind);

    private long DbTables(EngineModel model, DbCounts c)
    {
        var kind = Options.Allocator;
        switch (model)
        {
            case EngineModel.Redis70:
            case EngineModel.Redis72:
                // RESIZEDB → dictExpand of keys and expires (4 slots even for 0 expires); no hint → growth to P2(n).
                return 8 * Dict.RedisKeyspaceSlots(c.Keys, c.HintKeys, c.HasHint)
                    + 8 * Dict.RedisKeyspaceSlots(c.Expires, c.HintExpires, c.HasHint);
            case EngineModel.Valkey80:
                // Tables are created on the first insert, so the hint is ignored; then the cron doubles full dicts.
                return Valkey80Table(c.Keys, kind) + Valkey80Table(c.Expires, kind);
            default:
                // RESIZEDB is applied before the first key (dbExpand creates the tables), for keys and for expires.
                return Valkey81Table(c.Keys, c.HasHint ? c.HintKeys : 0, c.HasHint, kind)
                    + Valkey81Table(c.Expires, c.HasHint ? c.HintExpires : 0, c.HasHint, kind);
        }
    }

    private static long Valkey80Table(long entries, AllocatorKind kind)
    {
        if (entries == 0) return 0;
        return Jemalloc.Size(Dict.KvstoreDictBytes, kind) + 8 * Dict.Valkey80KeyspaceSlots(entries);
    }

    private static long Valkey81Table(long entries, long hint, bool created, AllocatorKind kind)
    {
        // A RESIZEDB count of 0 creates no table: MEMORY STATS' lut counter of a file without TTLs holds the keys
        // table alone (groundtruth lists.rdb on 8.1.1: 16664 = 88 + 64·259).
        if (entries == 0 && (!created || hint == 0)) return 0;
        long buckets = ValkeyHashtable.KeyspaceBuckets(entries, ValkeyHashtable.BucketsForCapacity(hint));
        return Jemalloc.Size(ValkeyHashtable.KvstoreStructBytes, kind)
            + (long)Math.Round(ValkeyHashtable.BucketBytes64(entries, buckets));
    }

    /// <summary>Redis 7.x cluster: one dict per db per node, as standalone; spread over the slots by key count.</summary>
    private long RedisClusterTables(long[] slotBytes)
    {
        long keysTable = 0, expiresTable = 0;
        foreach (var shard in _shards)
        {
            foreach (var c in shard.Values)
            {
                keysTable += 8 * Dict.RedisKeyspaceSlots(c.Keys, c.HintKeys, c.HasHint);
                expiresTable += 8 * Dict.RedisKeyspaceSlots(c.Expires, c.HintExpires, c.HasHint);
            }
        }
        Spread(slotBytes, s => _slots[s].Keys, _keys, keysTable);
        Spread(slotBytes, s => _slots[s].Expires, _expires, expiresTable);
        return keysTable + expiresTable;
    }

    private static void Spread(long[] slotBytes, Func<int, long> weight, long total, long bytes)
    {
        if (total == 0 || bytes == 0) return;
        long given = 0;
        int heaviest = 0;
        long heaviestWeight = weight(0);
        for (int s = 0; s < slotBytes.Length; s++)
        {
            long w = weight(s);
            if (w == 0) continue;
            long share = (long)((double)bytes * w / total);
            slotBytes[s] += share;
            given += share;
            if (w > heaviestWeight)
            {
                heaviest = s;
                heaviestWeight = w;
            }
        }
        slotBytes[heaviest] += bytes - given;
    }

    /// <summary>Valkey 8.x and 9.1 cluster: one table per non-empty slot for keys and one for expires (§2.4, §5, §12).</summary>
    private long ValkeyClusterTables(EngineModel model, long[] slotBytes)
    {
        var kind = Options.Allocator;
        // Slots hold similar counts, and an 8.1 table's expected child buckets sum a ~100-term series: compute each
        // count once per call (16384 slots × keys and expires would otherwise be ~3 M terms).
        var tables = new Dictionary<(long, long), long>();
        long Table(long entries, long hint)
        {
            if (!tables.TryGetValue((entries, hint), out long bytes))
            {
                bytes = model == EngineModel.Valkey80 ? Valkey80Table(entries, kind) : Valkey81Table(entries, hint, hint > 0, kind);
                tables[(entries, hint)] = bytes;
            }
            return bytes;
        }
        // Only 9.1 creates a slot's tables from its slot-info counts before the slot's first key; 8.x ignores them.
        var hints = model == EngineModel.Valkey91 ? _slotHints : null;
        long total = 0;
        for (int s = 0; s < RedisSlot.Count; s++)
        {
            var hint = hints is null ? default : hints[s];
            long bytes = Table(_slots[s].Keys, hint.Keys) + Table(_slots[s].Expires, hint.Expires);
            slotBytes[s] += bytes;
            total += bytes;
        }
        return total;
    }

    // The same db as the last key, nearly always: that case inline in AddKey, the lookup out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DbCounts Db(int db) => db == _lastDbNumber && _lastDb is not null ? _lastDb : LookUpDb(db);

    private DbCounts LookUpDb(int db)
    {
        var shard = _shards[0];
        if (!shard.TryGetValue(db, out var counts)) shard[db] = counts = new DbCounts();
        _lastDb = counts;
        _lastDbNumber = db;
        return counts;
    }

    // 48 bytes with five models: 32-bit counts, since one slot of one node holds far fewer than 2^32 keys (a server's
    // keyspace is limited to 2^32 keys), and merged files are shards that do not share slots.
    private struct SlotTotals
    {
        public uint Keys;
        public uint Expires;
        public ModelValues Bytes; // cluster-mode bytes of the slot's keys, per model
    }

    private struct PendingSlot
    {
        public int Slot;
        public uint Expires; // 0 or 1
        public ModelValues Bytes;
    }

    private struct SlotHint
    {
        public long Keys;
        public long Expires;
    }

    private struct TypeTotals
    {
        public long Keys;
        public long Bytes;
    }

    private sealed class DbCounts
    {
        public long Keys;
        public long Expires;
        public bool HasHint;
        public long HintKeys;
        public long HintExpires;

        public DbCounts Clone() => (DbCounts)MemberwiseClone();

        public void Add(DbCounts other)
        {
            Keys += other.Keys;
            Expires += other.Expires;
            HasHint |= other.HasHint;
            HintKeys += other.HintKeys;
            HintExpires += other.HintExpires;
        }
    }
}
