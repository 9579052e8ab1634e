using System.Buffers.Binary;
using RdbPlanner.Fuzz;
using RdbPlanner.Rdb;

namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// Corruption inside embedded blobs of files whose CRC64 was recomputed afterwards, so the checksum cannot help (issue 7,
/// "done when"). Two groups: damage that makes a blob unwalkable must be rejected in every mode; damage a walker can
/// step over (lying counts, back-lengths, order, duplicates) must be rejected under Strict, which mirrors the checks
/// Redis runs with sanitize-dump-payload (listpack.c lpValidateIntegrity, ziplist.c ziplistValidateIntegrity,
/// intset.c intsetValidateIntegrity, zipmap.c zipmapValidateIntegrity, redis 7.2.4).
/// </summary>
public sealed class StrictTests
{
    private static readonly RdbReaderOptions Verified = RdbReaderOptions.Default;
    private static readonly RdbReaderOptions Strict = new() { Strict = true };

    private static byte[] FileWith(RdbValueType type, byte[] blob) =>
        HostileRdbWriter.Redis(type is RdbValueType.HashZipmap ? 3 : 11).Key(type, "k").Str(blob).Eof();

    private static byte[] StreamFile(byte[] listpack) =>
        HostileRdbWriter.Redis(11).Key(RdbValueType.StreamListpacks3, "s").Raw(SeedFiles.Stream(listpack).ToArray()).Eof();

    private static byte[] Mutate(HostileBlobs.Blob blob, Action<byte[]> change)
    {
        var copy = (byte[])blob.Bytes.Clone();
        change(copy);
        return copy;
    }

    /// <summary>Blob damage a lenient walker may step over; Strict must refuse it.</summary>
    public static TheoryData<string> StrictOnlyCases => new(StrictOnly.Keys.ToArray());

    /// <summary>Blob damage no walker can step over; every mode must refuse it.</summary>
    public static TheoryData<string> AlwaysCases => new(Always.Keys.ToArray());

    private static readonly HostileBlobs.Blob HashLp = HostileBlobs.Listpack("f1", "v1", "f2", 300L);
    private static readonly HostileBlobs.Blob SetLp = HostileBlobs.Listpack("a", "b", 7L);
    private static readonly HostileBlobs.Blob HashZl = HostileBlobs.Ziplist("f", "v", "n", 1000L);
    private static readonly HostileBlobs.Blob ListZl = HostileBlobs.Ziplist("a", 5L, 100000L);
    private static readonly HostileBlobs.Blob Is16 = HostileBlobs.Intset(2, -3, 1, 9);
    private static readonly HostileBlobs.Blob Zm = HostileBlobs.Zipmap(("a", "1"), ("bb", "22"));

    private static readonly Dictionary<string, byte[]> StrictOnly = new()
    {
        ["listpack count too high"] = FileWith(RdbValueType.HashListpack, Mutate(HashLp, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), 6))),
        ["listpack count too low"] = FileWith(RdbValueType.SetListpack, Mutate(SetLp, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), 2))),
        ["listpack back-length wrong"] = FileWith(RdbValueType.SetListpack, Mutate(SetLp, b => b[SetLp.EntryOffsets[1] - 1] ^= 0x01)),
        ["listpack hash with odd entry count"] = FileWith(RdbValueType.HashListpack, HostileBlobs.Listpack("f1", "v1", "f2").Bytes),
        ["listpack hash duplicate field"] = FileWith(RdbValueType.HashListpack, HostileBlobs.Listpack("f", "1", "f", "2").Bytes),
        ["listpack set duplicate member"] = FileWith(RdbValueType.SetListpack, HostileBlobs.Listpack("x", "y", "x").Bytes),
        ["listpack zset duplicate member"] = FileWith(RdbValueType.ZSetListpack, HostileBlobs.Listpack("m", 1L, "m", 2L).Bytes),
        ["ziplist count too high"] = FileWith(RdbValueType.ListZiplist, Mutate(ListZl, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), 4))),
        ["ziplist tail offset wrong"] = FileWith(RdbValueType.ListZiplist, Mutate(ListZl, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 10))),
        ["ziplist prevlen wrong"] = FileWith(RdbValueType.ListZiplist, Mutate(ListZl, b => b[ListZl.EntryOffsets[2]] += 1)),
        ["ziplist hash duplicate field"] = FileWith(RdbValueType.HashZiplist, HostileBlobs.Ziplist("f", "1", "f", "2").Bytes),
        ["intset unsorted"] = FileWith(RdbValueType.SetIntset, HostileBlobs.Intset(2, 9, 1, -3).Bytes),
        ["intset duplicate"] = FileWith(RdbValueType.SetIntset, HostileBlobs.Intset(4, 1, 1, 2).Bytes),
        ["zipmap count 255"] = FileWith(RdbValueType.HashZipmap, Mutate(Zm, b => b[0] = 0xFF)), // peer dump zipmap_big_len.rdb
        ["stream master count too high"] = StreamFile(SeedFiles.StreamListpack(count: 3)),
        ["stream master deleted count wrong"] = StreamFile(SeedFiles.StreamListpack(deleted: 1)),
        ["stream entry lp-count wrong"] = StreamFile(SeedFiles.StreamListpack(lastLpCount: 9)),
        ["zipmap duplicate key"] = FileWith(RdbValueType.HashZipmap, HostileBlobs.Zipmap(("a", "1"), ("a", "2")).Bytes),
    };

    private static readonly Dictionary<string, byte[]> Always = new()
    {
        ["listpack total bytes too high"] = FileWith(RdbValueType.HashListpack, Mutate(HashLp, b => BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)b.Length + 10))),
        ["listpack total bytes too low"] = FileWith(RdbValueType.HashListpack, Mutate(HashLp, b => BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)b.Length - 3))),
        ["listpack total bytes 4 GiB"] = FileWith(RdbValueType.HashListpack, Mutate(HashLp, b => BinaryPrimitives.WriteUInt32LittleEndian(b, uint.MaxValue))),
        ["listpack terminator missing"] = FileWith(RdbValueType.SetListpack, Mutate(SetLp, b => b[SetLp.TerminatorOffset] = 0x01)),
        ["listpack string runs past the blob"] = FileWith(RdbValueType.SetListpack, Mutate(SetLp, b => b[SetLp.EntryOffsets[0]] = 0x80 | 63)),
        ["listpack str32 claiming 4 GiB"] = FileWith(RdbValueType.SetListpack, Mutate(SetLp, b => b[SetLp.EntryOffsets[2]] = 0xF0)),
        ["listpack unused encoding 0xF5"] = FileWith(RdbValueType.SetListpack, Mutate(SetLp, b => b[SetLp.EntryOffsets[1]] = 0xF5)),
        ["listpack shorter than its header"] = FileWith(RdbValueType.SetListpack, [6, 0, 0, 0, 0]),
        ["ziplist total bytes too high"] = FileWith(RdbValueType.ListZiplist, Mutate(ListZl, b => BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)b.Length + 10))),
        ["ziplist terminator missing"] = FileWith(RdbValueType.ListZiplist, Mutate(ListZl, b => b[ListZl.TerminatorOffset] = 0x00)),
        ["ziplist string runs past the blob"] = FileWith(RdbValueType.HashZiplist, Mutate(HashZl, b => b[HashZl.EntryOffsets[0] + 1] = 63)),
        ["ziplist 32-bit string claiming 4 GiB"] = FileWith(RdbValueType.HashZiplist, Mutate(HashZl, b => { b[HashZl.EntryOffsets[0] + 1] = 0x80; b[HashZl.EntryOffsets[0] + 2] = 0xFF; })),
        ["ziplist prevlen 0xFE claiming 4 GiB"] = FileWith(RdbValueType.ListZiplist, Mutate(ListZl, b => b[ListZl.EntryOffsets[1]] = 0xFE)),
        ["ziplist shorter than its header"] = FileWith(RdbValueType.ListZiplist, [11, 0, 0, 0, 10, 0, 0, 0, 0, 0]),
        ["intset encoding 3"] = FileWith(RdbValueType.SetIntset, Mutate(Is16, b => b[0] = 3)),
        ["intset length beyond the blob"] = FileWith(RdbValueType.SetIntset, Mutate(Is16, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 4))),
        ["intset length 2^32-1"] = FileWith(RdbValueType.SetIntset, Mutate(Is16, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), uint.MaxValue))),
        ["zipmap terminator missing"] = FileWith(RdbValueType.HashZipmap, Mutate(Zm, b => b[Zm.TerminatorOffset] = 0x00)),
        ["zipmap key runs past the blob"] = FileWith(RdbValueType.HashZipmap, Mutate(Zm, b => b[Zm.EntryOffsets[1]] = 200)),
        ["zipmap 5-byte length claiming 4 GiB"] = FileWith(RdbValueType.HashZipmap, Mutate(Zm, b => b[Zm.EntryOffsets[0]] = 0xFE)),
        ["quicklist2 container 3"] = HostileRdbWriter.Redis(11).Key(RdbValueType.ListQuicklist2, "q").Len(1).Len(3).Str(SetLp.Bytes).Eof(),
        ["quicklist2 container 2^40"] = HostileRdbWriter.Redis(11).Key(RdbValueType.ListQuicklist2, "q").Len(1).Len(1UL << 40).Str(SetLp.Bytes).Eof(),
    };

    [Fact]
    public void Unmutated_Blobs_ParseCleanlyInEveryMode()
    {
        var files = new[]
        {
            FileWith(RdbValueType.HashListpack, HashLp.Bytes), FileWith(RdbValueType.SetListpack, SetLp.Bytes),
            FileWith(RdbValueType.HashZiplist, HashZl.Bytes), FileWith(RdbValueType.ListZiplist, ListZl.Bytes),
            FileWith(RdbValueType.SetIntset, Is16.Bytes), FileWith(RdbValueType.HashZipmap, Zm.Bytes),
            StreamFile(SeedFiles.StreamListpack()),
        };
        foreach (var f in files)
        {
            foreach (var options in new[] { Verified, Strict })
            {
                var o = HostileRun.Check(f, options);
                Assert.True(o.Clean, o.Describe());
                Assert.True(o.Visitor.Elements >= 3 || o.Visitor.StreamEntries == 2, $"{o.Visitor.Elements} elements, {o.Visitor.StreamEntries} stream entries");
            }
        }
    }

    [Theory]
    [MemberData(nameof(StrictOnlyCases))]
    public void Strict_RejectsRechecksummedCorruption(string name)
    {
        var bytes = StrictOnly[name];
        // The CRC64 is right, so only the structure can tell. Lenient mode may accept, but must stay within the rules.
        HostileRun.Check(bytes, Verified, input: name + " (lenient)");
        HostileRun.Check(bytes, Verified, input: name + " (lenient, forward-only)", forwardOnly: true);
        var e = HostileRun.Rejects(bytes, Strict, input: name + " (strict)");
        Assert.InRange(e.Offset, 9, bytes.Length);
    }

    [Theory]
    [MemberData(nameof(AlwaysCases))]
    public void UnwalkableBlob_IsRejectedInEveryMode(string name)
    {
        var bytes = Always[name];
        foreach (var options in new[] { Verified, Strict })
        {
            foreach (bool forwardOnly in new[] { false, true })
            {
                var e = HostileRun.Rejects(bytes, options, $"{name}{(options.Strict ? " strict" : "")}{(forwardOnly ? " forward-only" : "")}", forwardOnly);
                Assert.InRange(e.Offset, 9, bytes.Length);
            }
        }
    }

    [Fact]
    public void PeerDump_ZipmapBigLen_IsRejectedUnderStrict()
    {
        // HDT-crafted file every Redis/Valkey checker rejects ("Zipmap integrity check failed"); v3 has no checksum.
        string path = Path.Combine(HostilePaths.RequireShared("peer-dumps"), "hdt3213-rdb", "zipmap_big_len.rdb");
        var bytes = File.ReadAllBytes(path);
        HostileRun.Check(bytes, Verified, "zipmap_big_len.rdb");
        HostileRun.Rejects(bytes, Strict, "zipmap_big_len.rdb strict");
    }
}
