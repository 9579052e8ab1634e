using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// The bounded per-file aggregates fed with one <see cref="KeyFacts"/> per record, in file order: plain strings'
/// costs (<see cref="KeyFacts.Costs"/>), model totals per slot and db, top keys, prefixes, TTL buckets, counters, and
/// the per-key observer. Runs on whichever thread the <see cref="FileAnalysis"/> hands records to; touches nothing the
/// parsing thread writes.
/// </summary>
internal sealed class KeyAggregates
{
    private static readonly int s_kindCount = Enum.GetValues<RdbObjectKind>().Length;

    private readonly AnalysisOptions _options;
    private readonly object? _observerLock;
    private readonly long[] _bytes = new long[EngineModelNames.Count];
    private readonly string[] _encodings = new string[EngineModelNames.Count];
    private readonly long[] _typeCounts = new long[256];
    // Keys of db 0-15 (the default `databases 16`) in an array: a dictionary lookup per key was a visible cost.
    private readonly long[] _lowDbKeys = new long[16];
    private readonly Dictionary<int, long> _otherDbKeys = [];
    // Plain strings' costs are looked up here rather than on the parsing thread (see KeyFacts.Costs).
    private readonly KeyEstimator _strings;
    // Keys per slot that the dataset does not count (see UnloadedSlotKeys); made at the first such key.
    private long[]? _unloadedSlotKeys;
    // Time TTLs are measured from (the snapshot's ctime, else the analysis start): one per file, so it comes as an
    // event of its own rather than in every record.
    private long _referenceMs;

    /// <param name="options">what to count</param>
    /// <param name="observerLock">taken around the per-key observer when files run in parallel</param>
    /// <param name="moduleNames">names behind the module ids the parsing thread gives out</param>
    /// <param name="reuse">the large tables of aggregates that are done with (<see cref="TakeParts"/>), cleared here;
    /// null: new ones</param>
    public KeyAggregates(AnalysisOptions options, object? observerLock, ModuleNames moduleNames, Parts? reuse = null)
    {
        _options = options;
        _observerLock = observerLock;
        ModuleNames = moduleNames;
        if (reuse is null)
        {
            Dataset = new DatasetEstimator(options.Models);
            _strings = new KeyEstimator(options.Models);
            _segmentPrefixes = NewPrefixSketch();
        }
        else
        {
            Dataset = reuse.Dataset;
            Dataset.Clear();
            _strings = reuse.Strings; // only a cache of what strings cost: nothing to clear
            _segmentPrefixes = reuse.Prefixes;
            _segmentPrefixes.Clear();
        }
        Top = new TopKeys(options.TopKeys);
    }

    /// <summary>
    /// The tables that make up most of the aggregates' 2 MB (slot counters, prefix sketch, string cost cache), for
    /// aggregates of the same options to reuse. Each file split across threads parses a segment per 32 MiB into
    /// aggregates of its own: allocated fresh, they left about 2 MB of large-object-heap garbage per segment, which the
    /// collector let pile up (a 3 GB file on 8 threads peaked at 200–230 MB instead of under 100).
    /// </summary>
    public sealed record Parts(DatasetEstimator Dataset, PrefixSketch Prefixes, KeyEstimator Strings);

    /// <summary>
    /// Gives up this instance's tables for <see cref="KeyAggregates(AnalysisOptions, object?, ModuleNames, Parts?)"/>
    /// to reuse: call it only once the aggregates have been merged elsewhere and are not read again.
    /// </summary>
    public Parts TakeParts()
    {
        var parts = new Parts(Dataset, _prefixes ?? _segmentPrefixes ?? NewPrefixSketch(), _strings);
        _prefixes = null;
        _segmentPrefixes = null;
        return parts;
    }

    public DatasetEstimator Dataset { get; }
    public TopKeys Top { get; }

    // Prefixes are counted per segment of the file (RdbSegmentation) and the segments' sketches folded in file order:
    // once counters are evicted, merging a sketch differs from adding its keys one by one, and folding the same
    // segments the same way makes one pass and a file split across threads (SegmentedFile) give the same figures.
    private PrefixSketch? _segmentPrefixes;
    private PrefixSketch? _prefixes;

    /// <summary>The prefix sketch of every segment, folded: read it after <see cref="EndSegments"/>.</summary>
    public PrefixSketch Prefixes => _prefixes ?? throw new InvalidOperationException("prefixes are read before the last segment ended");

    private PrefixSketch NewPrefixSketch() => new(_options.PrefixCapacity, _options.PrefixDelimiter, _options.PrefixDepth);

    /// <summary>Folds the current segment's prefixes into <see cref="Prefixes"/>; another segment follows.</summary>
    private void EndSegment()
    {
        if (_prefixes is null)
        {
            FoldSegment(); // the first segment's sketch becomes the totals
            _segmentPrefixes = NewPrefixSketch();
            return;
        }
        _prefixes.Merge(_segmentPrefixes!);
        _segmentPrefixes!.Clear();
    }

    /// <summary>Folds the last segment's prefixes into <see cref="Prefixes"/>; no more keys follow. Idempotent.</summary>
    public void EndSegments() => FoldSegment();

    private void FoldSegment()
    {
        if (_segmentPrefixes is null) return;
        if (_prefixes is null) _prefixes = _segmentPrefixes; // the first segment's sketch becomes the totals
        else _prefixes.Merge(_segmentPrefixes);
        _segmentPrefixes = null;
    }

    public TtlHistogram Ttl { get; } = new();
    /// <summary>Names behind <see cref="KeyFacts.ModuleId"/>, given out by the parsing thread.</summary>
    public ModuleNames ModuleNames { get; }
    /// <summary>
    /// Keys per cluster slot that <see cref="Dataset"/> does not count, null when there are none: those expired at the
    /// snapshot time, which a loading server drops (unless <see cref="AnalysisOptions.IncludeExpired"/>). With the
    /// dataset's own counts (<see cref="DatasetEstimator.SlotKeyCounts"/>) they make every key's slot: one count per key
    /// for both, instead of a second per-slot table updated for every key (1.6 % of the one-core profile).
    /// </summary>
    public long[]? UnloadedSlotKeys => _unloadedSlotKeys;
    public long[] KindCounts { get; } = new long[s_kindCount];
    /// <summary>Keys per database (only databases that have keys).</summary>
    public Dictionary<int, long> Databases
    {
        get
        {
            var result = new Dictionary<int, long>(_otherDbKeys);
            for (int db = 0; db < _lowDbKeys.Length; db++)
            {
                if (_lowDbKeys[db] > 0) result[db] = _lowDbKeys[db];
            }
            return result;
        }
    }
    public long Keys { get; private set; }
    public long KeysWithExpiry { get; private set; }
    public long KeysExpiredAtSnapshot { get; private set; }
    public long HashFieldTtlKeys { get; private set; }
    /// <summary>Of <see cref="HashFieldTtlKeys"/>, those of Valkey 9's own type (HASH_2 in a VALKEY-magic file).</summary>
    public long ValkeyHashFieldTtlKeys { get; private set; }
    public Dictionary<string, long> ModuleKeys { get; } = new(StringComparer.Ordinal);
    public List<string> KeysOver512MB { get; } = [];
    /// <summary>Keys over 512 MB kept, at most: the first ones in input order.</summary>
    private const int MaxKeysOver512MB = 100;

    public void Apply(ref KeyFacts facts, ReadOnlySpan<byte> key)
    {
        switch (facts.Event)
        {
            case KeyFactsEvent.ResizeDb:
                Dataset.ResizeHint(facts.HintTarget, facts.HintKeys, facts.HintExpires);
                return;
            case KeyFactsEvent.SlotInfo:
                Dataset.SlotInfo(facts.HintTarget, facts.HintKeys, facts.HintExpires);
                return;
            case KeyFactsEvent.ReferenceTime:
                _referenceMs = facts.ExpireAtMs;
                return;
            case KeyFactsEvent.SegmentEnd:
                EndSegment();
                return;
            default:
                AddKey(ref facts, key);
                return;
        }
    }

    private void AddKey(ref KeyFacts facts, ReadOnlySpan<byte> key)
    {
        if (facts.Type == RdbValueType.String)
        {
            var value = new RdbScalar(facts.LargestElement, facts.ValueIsInteger, facts.ValueInteger);
            _strings.StringCosts(facts.KeyLength, facts.HasExpiry, value, ref facts.Costs);
        }
        var kind = facts.Kind;
        bool hasExpiry = facts.HasExpiry;
        bool expired = facts.ExpiredAtSnapshot;
        // One pass over the key finds the hash tag's '{' and the prefix delimiters.
        var prefixes = _segmentPrefixes!;
        ulong braces = DelimiterMask.Of(key, (byte)'{', prefixes.Delimiter, out ulong delimiters);
        // A key over the reader's inline limit came as a prefix; the reader hashed all of it.
        int slot = facts.FullKeySlotPlusOne != 0 ? facts.FullKeySlotPlusOne - 1 : SlotOf(key, braces);

        Keys++;
        if (hasExpiry) KeysWithExpiry++;
        if (expired) KeysExpiredAtSnapshot++;
        KindCounts[(int)kind]++;
        _typeCounts[(byte)facts.Type]++;
        if ((uint)facts.Database < (uint)_lowDbKeys.Length) _lowDbKeys[facts.Database]++;
        else CollectionsMarshal.GetValueRefOrAddDefault(_otherDbKeys, facts.Database, out _)++;

        if (!expired || _options.IncludeExpired) Dataset.AddKey(facts.Database, slot, kind, hasExpiry, in facts.Costs);
        else (_unloadedSlotKeys ??= new long[RedisSlot.Count])[slot]++;
        long bytes = facts.Costs.Standalone[(int)_options.SourceModel];

        if (facts.Type is RdbValueType.HashMetadata or RdbValueType.HashListpackEx or RdbValueType.HashMetadataPreGa
            or RdbValueType.HashListpackExPreGa or RdbValueType.ValkeyHash2)
        {
            HashFieldTtlKeys++;
            if (facts.Type == RdbValueType.ValkeyHash2) ValkeyHashFieldTtlKeys++;
        }
        if (kind == RdbObjectKind.Module)
        {
            string name = ModuleNames.NameOf(facts.ModuleId) ?? "unknown";
            ModuleKeys[name] = ModuleKeys.GetValueOrDefault(name) + 1;
        }
        if (bytes > 512L * 1024 * 1024 && KeysOver512MB.Count < MaxKeysOver512MB)
        {
            KeysOver512MB.Add(ShownText(key, facts.KeyLength));
        }

        int bucket = TtlClassifier.Bucket(facts.ExpireAtMs, _referenceMs);
        Ttl.Keys[bucket]++;
        Ttl.Bytes[bucket] += bytes;
        prefixes.Add(key, delimiters, bytes);
        if (Top.Wants(bytes)) OfferTop(ref facts, key, bytes, slot);

        var observer = _options.Observer;
        if (observer is not null) Observe(observer, ref facts, key, slot);
    }

    /// <summary>
    /// <see cref="RedisSlot.Of"/>, with a short cut for the common key: up to 64 bytes and no '{', found by one inline
    /// mask (<see cref="DelimiterMask"/>), has no hash tag, so its slot is the CRC16 of all of it. That skips the tag
    /// search's interface call and its two searches (1.2 % of the one-core profile).
    /// </summary>
    internal static int SlotOf(ReadOnlySpan<byte> key) => SlotOf(key, DelimiterMask.Of(key, (byte)'{'));

    /// <param name="key">the key</param>
    /// <param name="braces">its <see cref="DelimiterMask"/> of '{'</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(ReadOnlySpan<byte> key, ulong braces)
    {
        if (key.Length <= DelimiterMask.Span && braces == 0) return RedisSlot.Crc16(key) & (RedisSlot.Count - 1);
        return RedisSlot.Of(key);
    }

    /// <summary>Bytes of a key kept as the text of a ranked key or a key over 512 MB.</summary>
    internal const int TopKeyTextBytes = 1024;

    /// <summary>
    /// At most <see cref="TopKeyTextBytes"/> of the key, marked `\…` when cut (as a key the reader passed in part): such
    /// keys are held to the end and shown in tables and messages, where 64 KiB of one would be up to 512 KB of text.
    /// </summary>
    private static string ShownText(ReadOnlySpan<byte> key, long keyLength) =>
        KeyText.ToText(key[..Math.Min(key.Length, TopKeyTextBytes)], keyLength);

    // Out of line: it allocates (the key's text and the closure), which the per-key path must not pay for.
    private void OfferTop(ref KeyFacts facts, ReadOnlySpan<byte> key, long bytes, int slot)
    {
        var db = facts.Database;
        var type = facts.Kind.Name();
        var text = ShownText(key, facts.KeyLength);
        var encoding = EncodingNames.Of(facts.Costs.Encodings[(int)_options.SourceModel]);
        long keyLength = facts.KeyLength, elements = facts.Elements, largest = facts.LargestElement, expireAt = facts.ExpireAtMs;
        Top.Offer(bytes, () => new TopKey(db, type, text, keyLength, bytes, encoding, elements, largest, expireAt, slot));
    }

    private void Observe(IKeyObserver observer, ref KeyFacts facts, ReadOnlySpan<byte> key, int slot)
    {
        for (int m = 0; m < EngineModelNames.Count; m++)
        {
            _bytes[m] = facts.Costs.Standalone[m];
            _encodings[m] = EncodingNames.Of(facts.Costs.Encodings[m]);
        }
        var record = new KeyRecord
        {
            Database = facts.Database,
            Type = facts.Kind.Name(),
            Key = key,
            KeyLength = facts.KeyLength,
            FileEncoding = facts.Type.FileEncodingName(),
            Elements = facts.Elements,
            LargestElement = facts.LargestElement,
            ExpireAtMs = facts.ExpireAtMs,
            Slot = slot,
            Bytes = _bytes,
            Encodings = _encodings,
        };
        if (_observerLock is null)
        {
            observer.OnKey(in record);
        }
        else
        {
            lock (_observerLock) observer.OnKey(in record);
        }
    }

    /// <summary>
    /// Adds the aggregates of a later part of the input, both past <see cref="EndSegments"/>: the next file of a
    /// dataset (another server: <paramref name="sameFile"/> false) or the next segment of this file (the same server's
    /// keyspace). Parts merged in input order give what one pass over them gives, but for the prefix sketch, whose
    /// parts fold as the segments of one pass do, and for module names past <see cref="ModuleNames.MaxNames"/>.
    /// </summary>
    public void Merge(KeyAggregates other, bool sameFile)
    {
        if (sameFile) Dataset.MergeSegment(other.Dataset);
        else Dataset.Merge(other.Dataset);
        Top.Merge(other.Top);
        Prefixes.Merge(other.Prefixes);
        Ttl.Add(other.Ttl);
        for (int k = 0; k < KindCounts.Length; k++) KindCounts[k] += other.KindCounts[k];
        for (int t = 0; t < _typeCounts.Length; t++) _typeCounts[t] += other._typeCounts[t];
        for (int db = 0; db < _lowDbKeys.Length; db++) _lowDbKeys[db] += other._lowDbKeys[db];
        foreach (var (db, n) in other._otherDbKeys) _otherDbKeys[db] = _otherDbKeys.GetValueOrDefault(db) + n;
        if (other._unloadedSlotKeys is { } unloaded)
        {
            _unloadedSlotKeys ??= new long[unloaded.Length];
            for (int s = 0; s < unloaded.Length; s++) _unloadedSlotKeys[s] += unloaded[s];
        }
        foreach (var (name, n) in other.ModuleKeys) ModuleNames.AddCapped(ModuleKeys, name, n);
        foreach (var key in other.KeysOver512MB)
        {
            if (KeysOver512MB.Count < MaxKeysOver512MB) KeysOver512MB.Add(key);
        }
        Keys += other.Keys;
        KeysWithExpiry += other.KeysWithExpiry;
        KeysExpiredAtSnapshot += other.KeysExpiredAtSnapshot;
        HashFieldTtlKeys += other.HashFieldTtlKeys;
        ValkeyHashFieldTtlKeys += other.ValkeyHashFieldTtlKeys;
    }

    /// <summary>"type/file-encoding" counts, built once at the end from a flat counter array.</summary>
    public Dictionary<string, long> FileEncodingCounts()
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int t = 0; t < _typeCounts.Length; t++)
        {
            if (_typeCounts[t] == 0) continue;
            var type = (RdbValueType)t;
            result[$"{type.Kind().Name()}/{type.FileEncodingName()}"] = _typeCounts[t];
        }
        return result;
    }
}
