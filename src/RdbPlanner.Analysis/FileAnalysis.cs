using System.Text;
using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// The analysis of one RDB file: receives the reader's records, runs every memory model over each key in one pass and
/// feeds the bounded aggregators. One instance per file; files are merged afterwards (<see cref="MergeFrom"/>).
/// </summary>
internal sealed class FileAnalysis : IRdbVisitor
{
    private static readonly int s_modelCount = EngineModelNames.All.Length;
    private static readonly int s_kindCount = Enum.GetValues<RdbObjectKind>().Length;

    private readonly AnalysisOptions _options;
    private readonly KeyEstimator _estimator;
    private readonly ModuleNameSink _moduleSink;
    private readonly object? _observerLock;
    private readonly long[] _bytes = new long[s_modelCount];
    private readonly string[] _encodings = new string[s_modelCount];
    private byte[] _key = new byte[256];
    private RdbKeyInfo _current;
    private int _currentSlot;
    private int _db;

    public FileAnalysis(AnalysisOptions options, object? observerLock)
    {
        _options = options;
        _observerLock = observerLock;
        _estimator = new KeyEstimator(options.Models);
        _moduleSink = new ModuleNameSink(_estimator);
        Dataset = new DatasetEstimator(options.Models);
        Top = new TopKeys(options.TopKeys);
        Prefixes = new PrefixSketch(options.PrefixCapacity, options.PrefixDelimiter, options.PrefixDepth);
    }

    public DatasetEstimator Dataset { get; }
    public TopKeys Top { get; }
    public PrefixSketch Prefixes { get; }
    public TtlHistogram Ttl { get; } = new();
    public long[] SlotKeys { get; } = new long[RedisSlot.Count];
    public long[] KindCounts { get; } = new long[s_kindCount];
    public Dictionary<int, long> Databases { get; } = [];
    private readonly long[] _typeCounts = new long[256];

    public string Magic { get; private set; } = "";
    public int Version { get; private set; }
    public string? Writer { get; private set; }
    public string? WriterVersion { get; private set; }
    public long? CreatedAtSeconds { get; private set; }
    public long Keys { get; private set; }
    public long KeysWithExpiry { get; private set; }
    public long KeysExpiredAtSnapshot { get; private set; }
    public long Functions { get; private set; }
    public long HashFieldTtlKeys { get; private set; }
    public Dictionary<string, long> ModuleKeys { get; } = new(StringComparer.Ordinal);
    public List<string> ModuleAuxNames { get; } = [];
    public List<string> KeysOver512MB { get; } = [];
    public long LargestElement { get; private set; }
    public RdbChecksumStatus Checksum { get; private set; } = RdbChecksumStatus.NotChecked;

    /// <summary>Reference time for expiry: the snapshot's ctime when present, else the analysis start.</summary>
    private long ReferenceMs => CreatedAtSeconds is long s ? s * 1000 : _startMs;
    private readonly long _startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

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

    public void SelectDb(int database) => _db = database;

    public void ResizeDb(int database, long keys, long expires)
    {
        Dataset.ResizeHint(database, keys, expires);
    }

    public void SlotInfo(int slot, long keys, long expires)
    {
        Dataset.SlotInfo(slot, keys, expires);
    }

    public void Function(long sourceLength) => Functions++;

    public void ModuleAux(ulong moduleId, string moduleName)
    {
        if (!ModuleAuxNames.Contains(moduleName)) ModuleAuxNames.Add(moduleName);
    }

    public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        _current = info;
        if (_key.Length < key.Length) _key = new byte[Math.Max(key.Length, _key.Length * 2)];
        key.CopyTo(_key);
        _keyLength = key.Length;
        _currentSlot = RedisSlot.Of(key);
        _estimator.BeginKey(info);
        if (info.Type is RdbValueType.Module2 or RdbValueType.ModulePreGa)
        {
            _moduleSink.ModuleName = null;
            return _moduleSink;
        }
        return _estimator;
    }

    private int _keyLength;

    public void EndKey()
    {
        ref readonly var info = ref _current;
        var key = _key.AsSpan(0, _keyLength);
        var kind = info.Kind;
        bool hasExpiry = info.HasExpiry;
        long referenceMs = ReferenceMs;
        bool expired = hasExpiry && info.ExpireAtMs <= referenceMs && CreatedAtSeconds is not null;

        Keys++;
        if (hasExpiry) KeysWithExpiry++;
        if (expired) KeysExpiredAtSnapshot++;
        KindCounts[(int)kind]++;
        _typeCounts[(byte)info.Type]++;
        CollectionsMarshalAdd(Databases, info.Database);
        SlotKeys[_currentSlot]++;

        bool loads = !expired || _options.IncludeExpired;
        var observer = _options.Observer;
        if (loads) Dataset.AddKey(info.Database, _currentSlot, kind, hasExpiry, _estimator.Results);
        // The per-model byte and encoding arrays only feed the observer's KeyRecord: skip filling them without one.
        if (observer is not null)
        {
            var results = _estimator.Results;
            for (int m = 0; m < results.Length; m++)
            {
                _bytes[m] = results[m].Standalone;
                _encodings[m] = results[m].Encoding;
            }
        }
        ref readonly var source = ref _estimator.Result(_options.SourceModel);
        long bytes = source.Standalone;
        if (source.LargestElement > LargestElement) LargestElement = source.LargestElement;

        if (info.Type is RdbValueType.HashMetadata or RdbValueType.HashListpackEx or RdbValueType.HashMetadataPreGa
            or RdbValueType.HashListpackExPreGa or RdbValueType.ValkeyHash2)
        {
            HashFieldTtlKeys++;
        }
        if (kind == RdbObjectKind.Module)
        {
            string name = _moduleSink.ModuleName ?? "unknown";
            ModuleKeys[name] = ModuleKeys.GetValueOrDefault(name) + 1;
        }
        if (bytes > 512L * 1024 * 1024 && KeysOver512MB.Count < 100)
        {
            KeysOver512MB.Add(KeyText.Escape(key));
        }

        int bucket = TtlClassifier.Bucket(info.ExpireAtMs, referenceMs);
        Ttl.Keys[bucket]++;
        Ttl.Bytes[bucket] += bytes;
        Prefixes.Add(key, bytes);
        if (Top.Wants(bytes))
        {
            var db = info.Database;
            var type = kind.Name();
            var text = KeyText.Escape(key);
            var encoding = source.Encoding;
            long keyLength = info.KeyLength, elements = source.Elements, largest = source.LargestElement, expireAt = info.ExpireAtMs;
            int slot = _currentSlot;
            // Capture a copy made in this block: capturing the method-scope `bytes` would make the compiler allocate
            // the closure at method entry, i.e. for every key, not only for those that enter the top list.
            long size = bytes;
            Top.Offer(size, () => new TopKey(db, type, text, keyLength, size, encoding, elements, largest, expireAt, slot));
        }

        if (observer is not null)
        {
            var record = new KeyRecord
            {
                Database = info.Database,
                Type = kind.Name(),
                Key = key,
                KeyLength = info.KeyLength,
                FileEncoding = info.Type.FileEncodingName(),
                Elements = source.Elements,
                LargestElement = source.LargestElement,
                ExpireAtMs = info.ExpireAtMs,
                Slot = _currentSlot,
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
    }

    public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) => Checksum = checksum;

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

    private static void CollectionsMarshalAdd(Dictionary<int, long> map, int key)
    {
        ref long slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        slot++;
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
