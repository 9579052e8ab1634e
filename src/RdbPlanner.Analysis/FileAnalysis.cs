using System.Text;
using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// The analysis of one RDB file, on the parsing thread: receives the reader's records, runs every memory model over
/// each collection in one pass (plain strings' costs are looked up by the aggregates: see <see cref="KeyFacts.Costs"/>)
/// and hands the finished <see cref="KeyFacts"/> to the bounded aggregates, either inline or,
/// when pipelined, through an <see cref="AggregationPipe"/> to a second thread. One instance per file; call
/// <see cref="Complete"/> after parsing (also after a failure) before reading the aggregates.
/// </summary>
internal sealed class FileAnalysis : IRdbVisitor
{
    private readonly KeyEstimator _estimator;
    private readonly ModuleNameSink _moduleSink;
    private readonly StringValueSink _stringSink = new();
    private readonly KeyAggregates? _inlineAggregates;
    private readonly AggregationPipe? _pipe;
    private readonly ModuleNames _moduleNames = new();
    private readonly int _sourceModel;
    // Null when every key's largest element is wanted (a per-key observer) or none is (no top keys).
    private readonly TopKeysFloor? _topFloor;
    private KeyFacts _inline;
    private byte[] _key = new byte[256];
    private int _keyLength;
    private RdbKeyInfo _current;
    private int _currentFullKeySlot = -1;

    private readonly RdbSegmentation _segmentation;
    private long _nextCut;
    // Of a file split across threads (SegmentedFile): the segments' aggregates merged, in file order.
    private KeyAggregates? _segments;

    /// <param name="options">what to count</param>
    /// <param name="observerLock">taken around the per-key observer when files run in parallel</param>
    /// <param name="pipelined">aggregate on a second thread</param>
    /// <param name="segment">for one segment of a file split across threads: where it starts, and what the records
    /// before it said that bears on its keys (the snapshot's time)</param>
    /// <param name="reuse">the tables of a segment's aggregates that are done with, for this one's (see <see cref="KeyAggregates.Parts"/>)</param>
    public FileAnalysis(AnalysisOptions options, object? observerLock, bool pipelined = false, SegmentStart? segment = null,
        KeyAggregates.Parts? reuse = null)
    {
        _segmentation = options.Segmentation;
        _nextCut = _segmentation.NextCut(segment?.Offset ?? 0);
        if (segment is { } start)
        {
            CreatedAtSeconds = start.CreatedAtSeconds;
            _startMs = start.AnalysisStartMs;
        }
        _estimator = new KeyEstimator(options.Models);
        _moduleSink = new ModuleNameSink(_estimator);
        if (pipelined)
            _pipe = new AggregationPipe(() => new KeyAggregates(options, observerLock, _moduleNames), options.AggregationBatchRecords);
        else
            _inlineAggregates = new KeyAggregates(options, observerLock, _moduleNames, reuse);
        _sourceModel = (int)options.SourceModel;
        // Of a key's largest element only the top keys and the per-key observer tell: without the observer, a
        // collection too small to enter the top keys may be counted from its blob's header (KeyEstimator's
        // LargestElementWantedAbove), which spares the walk and the decompression of most small hashes, sorted sets
        // and lists.
        if (options.Observer is null)
        {
            if (options.TopKeys <= 0) _estimator.LargestElementWantedAbove = long.MaxValue;
            else _topFloor = new TopKeysFloor(options.TopKeys);
        }
    }

    /// <summary>Everything counted per key; read it only after <see cref="Complete"/> or <see cref="Drain"/> has returned.</summary>
    public KeyAggregates Aggregates => _segments ?? _inlineAggregates ?? _pipe!.Target;

    public string Magic { get; private set; } = "";
    public int Version { get; private set; }
    public string? Writer { get; private set; }
    public string? WriterVersion { get; private set; }
    public long? CreatedAtSeconds { get; private set; }
    public long Functions { get; private set; }
    public List<string> ModuleAuxNames { get; } = [];
    public RdbChecksumStatus Checksum { get; private set; } = RdbChecksumStatus.NotChecked;
    /// <summary>The file's CRC-64 when its trailer matched it (<see cref="RdbChecksumStatus.Ok"/>), else null.</summary>
    public ulong? VerifiedCrc64 { get; private set; }

    /// <summary>Reference time for expiry: the snapshot's ctime when present, else the analysis start.</summary>
    private long ReferenceMs => CreatedAtSeconds is long s ? s * 1000 : _startMs;
    private readonly long _startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Where a segment of this file would start, with what its keys need of the records before it.</summary>
    public SegmentStart SegmentAt(long offset) => new(offset, CreatedAtSeconds, _startMs);

    /// <summary>
    /// Takes the next segment of this file, analysed on its own (<see cref="Complete"/> done), in file order: the
    /// first one's aggregates become <see cref="Aggregates"/>, later ones are merged into them, and what the segment's
    /// records said of the file is taken as one pass over them would (a later AUX field replacing an earlier one).
    /// </summary>
    /// <returns>whether this analysis kept the segment's aggregates as its own (the first segment's): the caller may
    /// reuse those of any other (<see cref="KeyAggregates.TakeParts"/>)</returns>
    public bool AddSegment(FileAnalysis segment)
    {
        bool kept = _segments is null;
        if (kept) _segments = segment.Aggregates;
        else _segments!.Merge(segment.Aggregates, sameFile: true);
        if (segment.Magic.Length > 0)
        {
            Magic = segment.Magic;
            Version = segment.Version;
        }
        if (segment.WriterVersion is not null)
        {
            Writer = segment.Writer == "valkey" ? "valkey" : Writer ?? segment.Writer;
            WriterVersion = segment.WriterVersion;
        }
        CreatedAtSeconds = segment.CreatedAtSeconds;
        Functions += segment.Functions;
        foreach (var name in segment.ModuleAuxNames) ModuleNames.AddCapped(ModuleAuxNames, name);
        return kept;
    }
    private long _sentReferenceMs;
    private bool _referenceSent;

    /// <summary>Waits until every record handed over is aggregated (pipelined); rethrows an aggregation failure.</summary>
    public void Complete()
    {
        _pipe?.Complete(rethrow: true);
        if (_segments is null) Aggregates.EndSegments();
    }

    /// <summary>As <see cref="Complete"/>, for cleanup after a parse failure: waits, but keeps any aggregation failure.</summary>
    public void Drain()
    {
        _pipe?.Complete(rethrow: false);
        if (_segments is null && _pipe?.Failed != true) Aggregates.EndSegments();
    }

    public void Header(string magic, int version)
    {
        Magic = magic;
        Version = version;
    }

    public void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (key.SequenceEqual("redis-ver"u8))
        {
            Writer ??= "redis";
            WriterVersion = Encoding.UTF8.GetString(value);
        }
        else if (key.SequenceEqual("valkey-ver"u8))
        {
            // Valkey 7.2 writes both redis-ver and valkey-ver; valkey-ver names the real writer.
            Writer = "valkey";
            WriterVersion = Encoding.UTF8.GetString(value);
        }
        else if (key.SequenceEqual("ctime"u8) && RdbScalar.TryParseCanonical(value, out long ctime))
        {
            CreatedAtSeconds = ctime;
        }
    }

    public void SelectDb(int database) { }

    public void ResizeDb(int database, long keys, long expires) => Hint(KeyFactsEvent.ResizeDb, database, keys, expires);

    public void SlotInfo(int slot, long keys, long expires) => Hint(KeyFactsEvent.SlotInfo, slot, keys, expires);

    // Sizing hints go down the same path as keys, so the dataset sees them in file order on its own thread.
    private void Hint(KeyFactsEvent kind, int target, long keys, long expires)
    {
        ref var facts = ref Reserve([]);
        facts.Event = kind;
        facts.Database = target;
        facts.Elements = keys;
        facts.LargestElement = expires;
        Hand(ref facts, []);
    }

    public void Function(long sourceLength) => Functions++;

    public void ModuleAux(ulong moduleId, string moduleName)
    {
        ModuleNames.AddCapped(ModuleAuxNames, moduleName);
    }

    public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        if (info.RecordOffset >= _nextCut) EndSegment(info.RecordOffset);
        // Field by field, not `_current = info`: the reader has just written info's fields one by one, and the struct
        // copy reads them back 16 bytes at a time, which cannot be forwarded from those smaller stores and stalls
        // (61 % of BeginKey's samples in the native binary).
        _current = new RdbKeyInfo(info.Database, info.Type, info.ExpireAtMs, info.KeyLength, info.RecordOffset, info.IdleSeconds, info.LfuFrequency);
        _currentFullKeySlot = info.FullKeySlot ?? -1;
        if (_key.Length < key.Length) _key = new byte[Math.Max(key.Length, _key.Length * 2)];
        ShortSpans.Copy(key, _key);
        _keyLength = key.Length;
        if (info.Type == RdbValueType.String) return _stringSink;
        _estimator.BeginKey(info);
        if (info.Type is RdbValueType.Module2 or RdbValueType.ModulePreGa)
        {
            _moduleSink.ModuleName = null;
            return _moduleSink;
        }
        return _estimator;
    }

    public void EndKey()
    {
        var key = _key.AsSpan(0, _keyLength);
        long referenceMs = ReferenceMs;
        if (!_referenceSent || referenceMs != _sentReferenceMs) SendReferenceTime(referenceMs);
        ref var facts = ref Reserve(key);
        facts.Event = KeyFactsEvent.Key;
        facts.Database = _current.Database;
        facts.Type = _current.Type;
        facts.ExpireAtMs = _current.ExpireAtMs;
        facts.KeyLength = _current.KeyLength;
        facts.FullKeySlotPlusOne = (ushort)(_currentFullKeySlot + 1);
        if (_current.Type == RdbValueType.String)
        {
            var value = _stringSink.Value;
            facts.Elements = 1;
            facts.LargestElement = value.Length;
            facts.ValueIsInteger = value.IsInteger;
            facts.ValueInteger = value.Integer;
        }
        else
        {
            var results = _estimator.Results;
            ref readonly var source = ref results[_sourceModel];
            facts.Costs.From(results);
            facts.Elements = source.Elements;
            facts.LargestElement = source.LargestElement;
            if (_topFloor is not null && _topFloor.Add(source.Standalone)) _estimator.LargestElementWantedAbove = _topFloor.Value;
        }
        facts.ModuleId = _current.Kind == RdbObjectKind.Module ? _moduleNames.IdOf(_moduleSink.ModuleName) : 0;
        facts.ExpiredAtSnapshot = _current.HasExpiry && _current.ExpireAtMs <= referenceMs && CreatedAtSeconds is not null;
        Hand(ref facts, key);
    }

    /// <summary>The key record at <paramref name="cut"/> starts a new segment (<see cref="RdbSegmentation"/>).</summary>
    private void EndSegment(long cut)
    {
        ref var facts = ref Reserve([]);
        facts.Event = KeyFactsEvent.SegmentEnd;
        Hand(ref facts, []);
        _nextCut = _segmentation.NextCut(cut);
    }

    // Before the key's own record is reserved: inline, both use the one record.
    private void SendReferenceTime(long referenceMs)
    {
        ref var facts = ref Reserve([]);
        facts.Event = KeyFactsEvent.ReferenceTime;
        facts.ExpireAtMs = referenceMs;
        Hand(ref facts, []);
        _sentReferenceMs = referenceMs;
        _referenceSent = true;
    }

    private ref KeyFacts Reserve(ReadOnlySpan<byte> key)
    {
        if (_pipe is not null) return ref _pipe.Next(key);
        return ref _inline;
    }

    private void Hand(ref KeyFacts facts, ReadOnlySpan<byte> key)
    {
        _inlineAggregates?.Apply(ref facts, key);
    }

    public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum)
    {
        Checksum = checksum;
        VerifiedCrc64 = checksum == RdbChecksumStatus.Ok ? computedChecksum : null;
    }

    /// <summary>
    /// Keeps a plain string's value, all the models need of it (<see cref="KeyEstimator.EstimateString"/>): most keys are
    /// strings, and one call costs less than the estimator's per-value events. A string value has no other events.
    /// </summary>
    private sealed class StringValueSink : IRdbValueSink
    {
        public RdbScalar Value { get; private set; }
        public void BeginValue(RdbValueType type, long declaredCount) => Value = default;
        public void String(RdbScalar value, long compressedLength) => Value = value;
        public void EndValue() { }
        public void Blob(RdbBlobKind kind, long bytes, int intsetWidth) => throw NotAString();
        public void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount) => throw NotAString();
        public void Element(RdbScalar element) => throw NotAString();
        public void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) => throw NotAString();
        public void ZSetEntry(RdbScalar member, double score) => throw NotAString();
        public void StreamRaxKey(RdbStreamRax rax, ReadOnlySpan<byte> key) => throw NotAString();
        public void StreamNode(long listpackBytes, long entries) => throw NotAString();
        public void StreamGroup(long nameLength, long pelEntries, long consumers) => throw NotAString();
        public void StreamConsumer(long nameLength, long pelEntries) => throw NotAString();
        public void Stream(in RdbStreamFacts facts) => throw NotAString();
        public void Module(ulong moduleId, string moduleName, long serializedBytes) => throw NotAString();
        private static InvalidOperationException NotAString() => new("the reader sent a collection event for a plain string value");
    }

    /// <summary>Forwards a module value to the estimator and remembers the module's name (only used for module keys).</summary>
    private sealed class ModuleNameSink(IRdbValueSink inner) : IRdbValueSink
    {
        public string? ModuleName { get; set; }
        public void BeginValue(RdbValueType type, long declaredCount) => inner.BeginValue(type, declaredCount);
        public void String(RdbScalar value, long compressedLength) => inner.String(value, compressedLength);
        public void Blob(RdbBlobKind kind, long bytes, int intsetWidth) => inner.Blob(kind, bytes, intsetWidth);
        public void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount) => inner.QuicklistNode(container, blobBytes, elementCount);
        public void Element(RdbScalar element) => inner.Element(element);
        public void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) => inner.Pair(field, value, fieldExpireAtMs);
        public void ZSetEntry(RdbScalar member, double score) => inner.ZSetEntry(member, score);
        public RdbItemDetail PairDetail(RdbValueType type, long declaredPairs, long blobBytes) => inner.PairDetail(type, declaredPairs, blobBytes);
        public void PairSummary(long pairs, long longestFirst, long longestSecond) => inner.PairSummary(pairs, longestFirst, longestSecond);
        public RdbItemDetail NodeDetail(RdbQuicklistContainer container, long blobBytes) => inner.NodeDetail(container, blobBytes);
        public void NodeElementSummary(long elements, long longestElement) => inner.NodeElementSummary(elements, longestElement);
        public void StreamRaxKey(RdbStreamRax rax, ReadOnlySpan<byte> key) => inner.StreamRaxKey(rax, key);
        public void StreamNode(long listpackBytes, long entries) => inner.StreamNode(listpackBytes, entries);
        public void StreamGroup(long nameLength, long pelEntries, long consumers) => inner.StreamGroup(nameLength, pelEntries, consumers);
        public void StreamConsumer(long nameLength, long pelEntries) => inner.StreamConsumer(nameLength, pelEntries);
        public void Stream(in RdbStreamFacts facts) => inner.Stream(in facts);
        public void EndValue() => inner.EndValue();

        public void Module(ulong moduleId, string moduleName, long serializedBytes)
        {
            ModuleName = moduleName;
            inner.Module(moduleId, moduleName, serializedBytes);
        }
    }
}

/// <summary>
/// Where a segment of a file split across threads starts (<see cref="RdbSegment.Start"/>), and what the records before
/// it said that its keys need: the snapshot's time (AUX ctime), else the time the analysis of the file began, which TTLs
/// are measured from.
/// </summary>
internal readonly record struct SegmentStart(long Offset, long? CreatedAtSeconds, long AnalysisStartMs);
