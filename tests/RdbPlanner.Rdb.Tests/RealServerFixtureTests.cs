using System.Text;
using System.Text.Json;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>
/// Reads every RDB that a real Redis 7.0.15 wrote (fixtures/rdb, fixtures/sample; see fixtures/SOURCES.md) and compares
/// what the reader reports with what the server said about the same keys (the .expected.json beside each file):
/// keys and expires per db, per key type, TTL and element count, and the file-level encoding facts the server's
/// answers pin down (record type byte, quicklist node count, intset width, stream groups/PELs/consumers).
/// </summary>
public sealed class RealServerFixtureTests
{
    public static string FixturesDir => Path.Combine(FixturePaths.RepoRoot, "fixtures");

    private static IEnumerable<string> RdbFixtureNames() =>
        Directory.GetFiles(Path.Combine(FixturesDir, "rdb"), "*.expected.json").Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f)[..^".expected.json".Length]);

    public static TheoryData<string> Fixtures() => new(RdbFixtureNames().Append("sample"));

    public static TheoryData<string> SmallFixtures() => new(RdbFixtureNames());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_MatchesServerAnswers(string name)
    {
        var (rdbPath, expected) = Load(name);
        var seen = Read(rdbPath);
        var errors = new List<string>();

        var rdb = expected.GetProperty("rdb");
        Check(errors, "magic", rdb.GetProperty("magic").GetString(), seen.Magic);
        Check(errors, "version", rdb.GetProperty("version").GetInt32(), seen.Version);
        Check(errors, "checksum", RdbChecksumStatus.Ok, seen.Checksum);
        Check(errors, "aux redis-ver", expected.GetProperty("server").GetProperty("redis_version").GetString(), seen.AuxFields.GetValueOrDefault("redis-ver"));
        Check(errors, "function libraries", expected.GetProperty("functions").GetArrayLength(), seen.Functions);

        // INFO keyspace per db, counted from the key records, and the RESIZEDB hints the writer stored
        var dbs = expected.GetProperty("databases").EnumerateObject().ToDictionary(p => int.Parse(p.Name), p => p.Value);
        Check(errors, "databases", string.Join(",", dbs.Keys.Order()), string.Join(",", seen.Keys.Select(k => k.Db).Distinct().Order()));
        foreach (var (db, v) in dbs)
        {
            long keys = v.GetProperty("keys").GetInt64(), expires = v.GetProperty("expires").GetInt64();
            Check(errors, $"db{db} keys", keys, seen.Keys.Count(k => k.Db == db));
            Check(errors, $"db{db} expires", expires, seen.Keys.Count(k => k.Db == db && k.ExpireAtMs >= 0));
            Check(errors, $"db{db} RESIZEDB", (keys, expires), seen.ResizeHints.GetValueOrDefault(db, (-1, -1)));
        }

        if (expected.TryGetProperty("keys", out var keyList)) CompareKeys(errors, name, keyList, seen);
        else CompareAggregates(errors, expected, seen);

        Assert.True(errors.Count == 0, $"{name}: {errors.Count} differences from the server:\n" + string.Join('\n', errors.Take(40)));
    }

    [Fact]
    public void Strings_LongRepetitiveValues_AreStoredLzfCompressed()
    {
        var seen = Read(Load("strings").RdbPath);
        var lzf = seen.Keys.Where(k => Encoding.ASCII.GetString(k.Key).StartsWith("str:lzf:", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, lzf.Count);
        Assert.All(lzf, k => Assert.InRange(k.CompressedLength, 1, k.Length - 1));
    }

    [Fact]
    public void ListsTuned_ElementsAtThePackedThreshold_ArePlainNodes()
    {
        // The writer ran DEBUG QUICKLIST-PACKED-THRESHOLD 1000: every element of >= 1000 bytes is its own PLAIN node.
        var (rdbPath, expected) = Load("lists-tuned");
        Assert.Equal(1000, expected.GetProperty("setup_commands")[0][2].GetInt32());
        var seen = Read(rdbPath);
        var nodes = seen.Keys.SelectMany(k => k.Nodes).ToList();
        Assert.Contains(nodes, n => n.Container == RdbQuicklistContainer.Plain);
        Assert.All(nodes, n =>
        {
            if (n.Container == RdbQuicklistContainer.Plain) Assert.True(n.Elements.Count == 1 && n.Elements[0] >= 1000, "plain node holds one big element");
            else Assert.All(n.Elements, len => Assert.True(len < 1000, $"packed node element of {len} bytes"));
        });
        // and nowhere else: the default threshold is 1 GB
        foreach (var other in new[] { "lists", "multidb" })
            Assert.DoesNotContain(Read(Load(other).RdbPath).Keys.SelectMany(k => k.Nodes), n => n.Container == RdbQuicklistContainer.Plain);
    }

    [Theory]
    [MemberData(nameof(SmallFixtures))]
    public void Fixture_SameEventsWithTinyReadBuffers(string name)
    {
        string path = Load(name).RdbPath;
        string Events(int bufferSize)
        {
            var v = new RecordingVisitor();
            using var input = File.OpenRead(path);
            RdbParser.Parse(input, v, RdbReaderOptions.Default with { BufferSize = bufferSize });
            return v.Text;
        }
        string whole = Events(RdbReaderOptions.Default.BufferSize);
        Assert.Equal(whole, Events(1));
        Assert.Equal(whole, Events(13));
    }

    [Theory]
    [MemberData(nameof(SmallFixtures))]
    public void Fixture_TruncatedBeforeEof_ThrowsAtOrBeforeTheCut(string name)
    {
        byte[] file = File.ReadAllBytes(Load(name).RdbPath);
        int eof = file.Length - 9; // EOF opcode, then the 8-byte CRC64
        var rng = new Random(name.Length * 7919 + file.Length);
        var cuts = Enumerable.Range(0, 12).Concat(Enumerable.Range(0, 60).Select(_ => rng.Next(12, eof))).Append(eof);
        foreach (int cut in cuts)
        {
            var e = Assert.Throws<RdbFormatException>(() => RdbParser.Parse(new MemoryStream(file, 0, cut), new RecordingVisitor()));
            Assert.True(e.Offset <= cut, $"{name} cut at {cut}: error offset {e.Offset}");
        }
    }

    // ------------------------------------------------------------------ per key

    private static void CompareKeys(List<string> errors, string name, JsonElement keyList, SeenFile seen)
    {
        var byKey = new Dictionary<(int, string), SeenKey>();
        foreach (var k in seen.Keys)
        {
            if (!byKey.TryAdd((k.Db, Convert.ToHexStringLower(k.Key)), k)) errors.Add($"duplicate key {Convert.ToHexStringLower(k.Key)} in db {k.Db}");
        }
        Check(errors, "key count", keyList.GetArrayLength(), seen.Keys.Count);
        foreach (var e in keyList.EnumerateArray())
        {
            int db = e.GetProperty("db").GetInt32();
            string hex = e.GetProperty("key_hex").GetString()!;
            string? printable = e.GetProperty("key").GetString();
            string label = printable is null ? $"db{db} 0x{hex}" : $"db{db} \"{printable}\"";
            if (!byKey.TryGetValue((db, hex), out var k))
            {
                errors.Add($"{label}: missing from the reader's output");
                continue;
            }
            string type = e.GetProperty("type").GetString()!;
            string encoding = e.GetProperty("encoding").GetString()!;
            string writerEncoding = e.TryGetProperty("writer_encoding", out var we) ? we.GetString()! : encoding;
            Check(errors, $"{label} type", type, k.Type.Kind().Name());
            Check(errors, $"{label} TTL", e.GetProperty("expire_at_ms").GetInt64(), k.ExpireAtMs);
            Check(errors, $"{label} length", e.GetProperty("length").GetInt64(), k.Length);
            Check(errors, $"{label} record type for writer encoding {writerEncoding}", Redis70SaveType(type, writerEncoding), k.Type);
            Check(errors, $"{label} encoding after load", encoding, Redis70LoadEncoding(k));
            if (e.TryGetProperty("ql_nodes", out var ql)) Check(errors, $"{label} quicklist nodes", ql.GetInt32(), k.Nodes.Count);
            if (e.TryGetProperty("intset_width", out var w) && k.Type == RdbValueType.SetIntset)
            {
                Check(errors, $"{label} intset width", w.GetInt32(), k.IntsetWidth);
                Check(errors, $"{label} intset bytes", 8 + (long)w.GetInt32() * k.Length, k.BlobBytes); // 4 B encoding + 4 B length + values
            }
            if (e.TryGetProperty("stream", out var s)) CompareStream(errors, label, s, k.Stream);
        }
        _ = name;
    }

    private static void CompareStream(List<string> errors, string label, JsonElement s, RdbStreamFacts f)
    {
        var groups = s.GetProperty("groups").EnumerateArray().ToList();
        var consumers = groups.SelectMany(g => g.GetProperty("consumers").EnumerateArray()).ToList();
        Check(errors, $"{label} stream length", s.GetProperty("length").GetInt64(), f.Length);
        Check(errors, $"{label} live entries in listpacks", f.Length, f.EntriesInListpacks - f.DeletedInListpacks);
        Check(errors, $"{label} listpack nodes", s.GetProperty("listpack_nodes").GetInt64(), f.ListpackNodes);
        Check(errors, $"{label} last id", s.GetProperty("last_id").GetString(), $"{f.LastIdMs}-{f.LastIdSeq}");
        Check(errors, $"{label} groups", groups.Count, f.Groups);
        Check(errors, $"{label} group PEL entries", groups.Sum(g => g.GetProperty("pending").GetInt64()), f.GroupPelEntries);
        Check(errors, $"{label} group name bytes", groups.Sum(g => (long)Encoding.UTF8.GetByteCount(g.GetProperty("name").GetString()!)), f.GroupNameBytes);
        Check(errors, $"{label} consumers", consumers.Count, f.Consumers);
        Check(errors, $"{label} consumer PEL entries", consumers.Sum(c => c.GetProperty("pending").GetInt64()), f.ConsumerPelEntries);
        Check(errors, $"{label} consumer name bytes", consumers.Sum(c => (long)Encoding.UTF8.GetByteCount(c.GetProperty("name").GetString()!)), f.ConsumerNameBytes);
    }

    // ------------------------------------------------------------------ sample: aggregates

    private static void CompareAggregates(List<string> errors, JsonElement expected, SeenFile seen)
    {
        var groups = seen.Keys.GroupBy(k => $"{k.Type.Kind().Name()}/{Redis70LoadEncoding(k)}").ToDictionary(g => g.Key, g => g.ToList());
        var want = expected.GetProperty("by_type_encoding").EnumerateObject().ToList();
        Check(errors, "type/encoding pairs", string.Join(",", want.Select(p => p.Name).Order(StringComparer.Ordinal)), string.Join(",", groups.Keys.Order(StringComparer.Ordinal)));
        foreach (var p in want)
        {
            var got = groups.GetValueOrDefault(p.Name) ?? [];
            Check(errors, $"{p.Name} count", p.Value.GetProperty("count").GetInt64(), got.Count);
            Check(errors, $"{p.Name} with TTL", p.Value.GetProperty("with_ttl").GetInt64(), got.Count(k => k.ExpireAtMs >= 0));
            Check(errors, $"{p.Name} elements", p.Value.GetProperty("elements").GetInt64(), got.Sum(k => k.Length));
            Check(errors, $"{p.Name} max elements", p.Value.GetProperty("max_elements").GetInt64(), got.Count == 0 ? 0 : got.Max(k => k.Length));
        }
        var byName = seen.Keys.ToDictionary(k => (k.Db, Encoding.UTF8.GetString(k.Key)));
        foreach (var big in expected.GetProperty("largest_keys").EnumerateArray())
        {
            var id = (big.GetProperty("db").GetInt32(), big.GetProperty("key").GetString()!);
            if (!byName.TryGetValue(id, out var k)) { errors.Add($"big key {id.Item2} missing"); continue; }
            Check(errors, $"{id.Item2} type", big.GetProperty("type").GetString(), k.Type.Kind().Name());
            Check(errors, $"{id.Item2} length", big.GetProperty("length").GetInt64(), k.Length);
        }
    }

    // ------------------------------------------------------------------ Redis 7.0 rules

    /// <summary>Record type Redis 7.0 writes for an in-memory encoding (rdb.c rdbSaveObjectType, 7.0.15).</summary>
    private static RdbValueType Redis70SaveType(string type, string encoding) => (type, encoding) switch
    {
        ("string", _) => RdbValueType.String,
        ("list", "quicklist") => RdbValueType.ListQuicklist2,
        ("set", "intset") => RdbValueType.SetIntset,
        ("set", "hashtable") => RdbValueType.Set,
        ("zset", "listpack") => RdbValueType.ZSetListpack,
        ("zset", "skiplist") => RdbValueType.ZSet2,
        ("hash", "listpack") => RdbValueType.HashListpack,
        ("hash", "hashtable") => RdbValueType.Hash,
        ("stream", "stream") => RdbValueType.StreamListpacks2,
        _ => throw new InvalidOperationException($"Redis 7.0 has no {type}/{encoding}"),
    };

    /// <summary>
    /// In-memory encoding Redis 7.0 gives a value when loading it (rdb.c rdbLoadObject, object.c tryObjectEncoding;
    /// default limits: intset 512, zset listpack 128 entries / 64 B, hash listpack 512 / 64 B; memory-model.md §3, §11).
    /// </summary>
    private static string Redis70LoadEncoding(SeenKey k) => k.Type switch
    {
        RdbValueType.String => k.StringIsInteger ? "int" : k.Length <= 44 ? "embstr" : "raw",
        RdbValueType.ListQuicklist2 or RdbValueType.ListQuicklist or RdbValueType.List or RdbValueType.ListZiplist => "quicklist",
        RdbValueType.SetIntset => k.Length <= 512 ? "intset" : "hashtable",
        RdbValueType.Set => k.AllIntegers && k.Length <= 512 ? "intset" : "hashtable",
        RdbValueType.ZSetListpack or RdbValueType.ZSetZiplist => k.Length <= 128 ? "listpack" : "skiplist",
        RdbValueType.ZSet2 or RdbValueType.ZSet => k.Length <= 128 && k.MaxElementLength <= 64 ? "listpack" : "skiplist",
        RdbValueType.HashListpack or RdbValueType.HashZiplist => k.Length <= 512 ? "listpack" : "hashtable",
        RdbValueType.Hash => k.Length <= 512 && k.MaxElementLength <= 64 ? "listpack" : "hashtable",
        RdbValueType.StreamListpacks or RdbValueType.StreamListpacks2 or RdbValueType.StreamListpacks3 => "stream",
        _ => "unknown",
    };

    // ------------------------------------------------------------------ plumbing

    private static void Check<T>(List<string> errors, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual)) errors.Add($"{what}: server {expected}, reader {actual}");
    }

    private static (string RdbPath, JsonElement Expected) Load(string name)
    {
        string dir = name == "sample" ? Path.Combine(FixturesDir, "sample") : Path.Combine(FixturesDir, "rdb");
        string json = Path.Combine(dir, name + ".expected.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        return (Path.Combine(dir, name + ".rdb"), doc.RootElement.Clone());
    }

    private static SeenFile Read(string path)
    {
        var seen = new SeenFile();
        using var input = File.OpenRead(path);
        RdbParser.Parse(input, seen, RdbReaderOptions.Default, displayName: Path.GetFileName(path));
        return seen;
    }

    private sealed class SeenNode(RdbQuicklistContainer container)
    {
        public RdbQuicklistContainer Container { get; } = container;
        public List<long> Elements { get; } = [];
    }

    private sealed class SeenKey
    {
        public int Db;
        public byte[] Key = [];
        public RdbValueType Type;
        public long ExpireAtMs;
        public long Length;                 // STRLEN for strings, element count otherwise
        public bool StringIsInteger;
        public long CompressedLength = -1;
        public long MaxElementLength;
        public bool AllIntegers = true;
        public int IntsetWidth;
        public long BlobBytes;
        public List<SeenNode> Nodes = [];
        public RdbStreamFacts Stream;
    }

    /// <summary>Keeps, per key, exactly what the server's answers can be compared with.</summary>
    private sealed class SeenFile : IRdbVisitor, IRdbValueSink
    {
        public string Magic = "";
        public int Version;
        public RdbChecksumStatus Checksum = RdbChecksumStatus.NotChecked;
        public int Functions;
        public readonly Dictionary<string, string> AuxFields = new(StringComparer.Ordinal);
        public readonly Dictionary<int, (long, long)> ResizeHints = [];
        public readonly List<SeenKey> Keys = [];
        private SeenKey _key = new();

        public void Header(string magic, int version) { Magic = magic; Version = version; }
        public void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => AuxFields[Encoding.UTF8.GetString(key)] = Encoding.UTF8.GetString(value);
        public void SelectDb(int database) { }
        public void ResizeDb(int database, long keys, long expires) => ResizeHints[database] = (keys, expires);
        public void SlotInfo(int slot, long keys, long expires) { }
        public void Function(long sourceLength) => Functions++;
        public void ModuleAux(ulong moduleId, string moduleName) { }

        public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
        {
            Assert.Equal(info.KeyLength, key.Length); // fixture keys are far below the inline key limit
            _key = new SeenKey { Db = info.Database, Key = key.ToArray(), Type = info.Type, ExpireAtMs = info.ExpireAtMs };
            Keys.Add(_key);
            return this;
        }

        public void EndKey() { }
        public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) => Checksum = checksum;

        public void BeginValue(RdbValueType type, long declaredCount) { }

        public void String(RdbScalar value, long compressedLength)
        {
            _key.Length = value.Length;
            _key.StringIsInteger = value.IsInteger;
            _key.CompressedLength = compressedLength;
        }

        public void Blob(RdbBlobKind kind, long bytes, int intsetWidth)
        {
            _key.BlobBytes = bytes;
            if (kind == RdbBlobKind.Intset) _key.IntsetWidth = intsetWidth;
        }

        public void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount) => _key.Nodes.Add(new SeenNode(container));

        public void Element(RdbScalar element)
        {
            Count(element);
            if (_key.Nodes.Count > 0) _key.Nodes[^1].Elements.Add(element.Length);
        }

        public void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs)
        {
            Count(field);
            _key.MaxElementLength = Math.Max(_key.MaxElementLength, value.Length);
        }

        public void ZSetEntry(RdbScalar member, double score) => Count(member);
        public void StreamNode(long listpackBytes, long entries) { }
        public void StreamGroup(long nameLength, long pelEntries, long consumers) { }
        public void StreamConsumer(long nameLength, long pelEntries) { }

        public void Stream(in RdbStreamFacts facts)
        {
            _key.Stream = facts;
            _key.Length = facts.Length;
        }

        public void Module(ulong moduleId, string moduleName, long serializedBytes) { }
        public void EndValue() { }

        private void Count(RdbScalar s)
        {
            _key.Length++;
            _key.MaxElementLength = Math.Max(_key.MaxElementLength, s.Length);
            _key.AllIntegers &= s.IsInteger;
        }
    }
}
