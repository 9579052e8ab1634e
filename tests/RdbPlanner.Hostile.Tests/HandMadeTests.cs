using RdbPlanner.Fuzz;
using RdbPlanner.Rdb;

namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// Hand-made malicious and broken files (issue 7). Each is parsed from a seekable stream and from a forward-only one
/// (stdin, gzip), because a reader that knows the input length can refuse a huge claim early, and one that does not
/// must still never allocate what the file merely claims.
/// </summary>
public sealed class HandMadeTests
{
    public static TheoryData<bool> Streams => new(false, true);

    private static HostileRdbWriter File11() => HostileRdbWriter.Redis(11).Aux("redis-ver", "7.2.4");

    [Theory]
    [MemberData(nameof(Streams))]
    public void EmptyFile_IsRejectedAtOffsetZero(bool forwardOnly)
    {
        var e = HostileRun.Rejects([], forwardOnly: forwardOnly);
        Assert.Equal(0, e.Offset);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void HeaderOnly_IsRejectedAtTheEndOfTheHeader(bool forwardOnly)
    {
        var e = HostileRun.Rejects(HostileRdbWriter.Redis(11).ToArray(), forwardOnly: forwardOnly);
        Assert.Equal(9, e.Offset);
    }

    [Theory]
    [InlineData("REDIS0099")]   // future version (librdb future_v19.rdb: Redis refuses "Can't handle RDB format version 99")
    [InlineData("REDIS0000")]
    [InlineData("REDIS00-1")]
    [InlineData("REDIS")]
    [InlineData("RED")]
    [InlineData("redis0011")]
    [InlineData("VALKEY999")]
    [InlineData("VALKEY0AB")]
    [InlineData("\0\0\0\0\0\0\0\0\0")]
    [InlineData("SQLite format 3")]
    public void BadHeaders_AreRejectedWithinTheHeader(string header)
    {
        var bytes = HostileRdbWriter.Headerless().Ascii(header).Raw(RdbOpcode.Eof, 0, 0, 0, 0, 0, 0, 0, 0).ToArray();
        var e = HostileRun.Rejects(bytes, input: header);
        Assert.InRange(e.Offset, 0, 9);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void String_Claiming2Pow63Bytes_HitsTheElementLimit(bool forwardOnly)
    {
        var bytes = File11().Key(RdbValueType.String, "k").Len64(1UL << 63).Raw("tiny"u8.ToArray()).Eof();
        HostileRun.Rejects(bytes, forwardOnly: forwardOnly, limit: nameof(RdbReaderOptions.MaxElementLength));
        // With the limit lifted the claim still cannot be honoured: it must fail on the input, not on memory.
        HostileRun.Rejects(bytes, new RdbReaderOptions { MaxElementLength = long.MaxValue }, forwardOnly: forwardOnly);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Key_Claiming4GiB_IsRejected(bool forwardOnly)
    {
        var bytes = File11().Raw((byte)RdbValueType.String).Len32(uint.MaxValue).Raw("k"u8.ToArray()).Eof();
        HostileRun.Rejects(bytes, forwardOnly: forwardOnly);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void List_Claiming2Pow32Elements_IsRejectedWithoutPreallocating(bool forwardOnly)
    {
        // 2^32 is exactly the default MaxCollectionElements: the claim passes the limit and must fail on the input.
        var atLimit = File11().Key(RdbValueType.List, "l").Len64(1UL << 32).Str("a").Str("b").Eof();
        HostileRun.Rejects(atLimit, forwardOnly: forwardOnly);
        var overLimit = File11().Key(RdbValueType.List, "l").Len64((1UL << 32) + 1).Str("a").Eof();
        HostileRun.Rejects(overLimit, forwardOnly: forwardOnly, limit: nameof(RdbReaderOptions.MaxCollectionElements));
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void EveryCollectionType_WithAHugeCount_IsRejected(bool forwardOnly)
    {
        foreach (var type in new[] { RdbValueType.List, RdbValueType.Set, RdbValueType.ZSet, RdbValueType.ZSet2, RdbValueType.Hash,
                     RdbValueType.ListQuicklist, RdbValueType.ListQuicklist2, RdbValueType.StreamListpacks3 })
        {
            foreach (ulong count in new[] { (ulong)uint.MaxValue, 1UL << 40, ulong.MaxValue })
            {
                var bytes = File11().Key(type, "c").Len(count).Str("x").Eof();
                HostileRun.Rejects(bytes, forwardOnly: forwardOnly, input: $"{type} claiming {count}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void LzfString_Claiming1TB_IsRejected(bool forwardOnly)
    {
        var payload = new byte[] { 3, (byte)'a', (byte)'b', (byte)'c', (byte)'d' };
        var bytes = File11().Key(RdbValueType.String, "lzf").Lzf((ulong)payload.Length, 1UL << 40, payload).Eof();
        HostileRun.Rejects(bytes, forwardOnly: forwardOnly, limit: nameof(RdbReaderOptions.MaxElementLength));
        // Lifting the limit must not make 5 bytes decode to a terabyte: liblzf expands at most 88x.
        HostileRun.Rejects(bytes, new RdbReaderOptions { MaxElementLength = long.MaxValue }, forwardOnly: forwardOnly);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void LzfBlob_ClaimingMoreThanLzfCanExpand_IsRejected(bool forwardOnly)
    {
        // A listpack blob must be decompressed to be walked; 5 compressed bytes claiming 400 MB is a lie (ratio > 88).
        var payload = new byte[] { 3, 0x10, 0, 0, 0 };
        var bytes = File11().Key(RdbValueType.HashListpack, "h").Lzf((ulong)payload.Length, 400UL << 20, payload).Eof();
        HostileRun.Rejects(bytes, forwardOnly: forwardOnly);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void LzfBlob_WithCorruptBackReference_IsRejected(bool forwardOnly)
    {
        // Control 0xE0 = match of 7+n+2 bytes at distance 1 with nothing decoded yet (lzf_d.c: "back reference before output").
        var payload = new byte[] { 0xE0, 0x05, 0x00 };
        var bytes = File11().Key(RdbValueType.SetListpack, "s").Lzf((ulong)payload.Length, 50, payload).Eof();
        HostileRun.Rejects(bytes, forwardOnly: forwardOnly);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void ResizeDb_WithAbsurdSizes_DoesNotPreallocate(bool forwardOnly)
    {
        var bytes = File11().SelectDb(0).ResizeDb(ulong.MaxValue, ulong.MaxValue).StringKey("k", "v").Eof();
        // A sizing hint is not data: the file may parse, but nothing may be sized from it.
        HostileRun.Check(bytes, forwardOnly: forwardOnly);
        var huge = File11().SelectDb(0).ResizeDb(1UL << 62, 1UL << 40).ResizeDb(uint.MaxValue, 0).StringKey("k", "v").Eof();
        HostileRun.Check(huge, forwardOnly: forwardOnly);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void SelectDb_WithAbsurdNumber_IsRejectedOrParsed(bool forwardOnly)
    {
        foreach (ulong db in new[] { (ulong)int.MaxValue + 1, ulong.MaxValue })
        {
            HostileRun.Check(File11().SelectDb(db).StringKey("k", "v").Eof(), forwardOnly: forwardOnly, input: $"SELECTDB {db}");
        }
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void ModuleValue_WithAMillionOpcodes_IsWalkedInBoundedTime(bool forwardOnly)
    {
        var w = File11().Key(RdbValueType.Module2, "m").Len(0x0ABC_DEF0_1234_0005UL);
        for (int i = 0; i < 1_000_000; i++) w.Len(2).Len((ulong)i); // UINT opcodes
        var bytes = w.Len(0).Eof();
        var o = HostileRun.Check(bytes, forwardOnly: forwardOnly);
        Assert.True(o.Clean, o.Describe());
        Assert.Equal(1, o.Visitor.ModuleValues);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void ModuleValues_Odd_AreRejected(bool forwardOnly)
    {
        const ulong Id = 0x0ABC_DEF0_1234_0005UL;
        var cases = new (string Name, byte[] Bytes)[]
        {
            ("no EOF opcode", File11().Key(RdbValueType.Module2, "m").Len(Id).Len(2).Len(1).ToArray()),
            ("unknown opcode 9", File11().Key(RdbValueType.Module2, "m").Len(Id).Len(9).Len(0).Eof()),
            ("opcode 2^40", File11().Key(RdbValueType.Module2, "m").Len(Id).Len(1UL << 40).Len(0).Eof()),
            ("string opcode claiming 2^62 bytes", File11().Key(RdbValueType.Module2, "m").Len(Id).Len(5).Len64(1UL << 62).Len(0).Eof()),
            ("double opcode cut short", File11().Key(RdbValueType.Module2, "m").Len(Id).Len(4).Raw(1, 2, 3).ToArray()),
            ("pre-GA module type 6", File11().Key(RdbValueType.ModulePreGa, "m").Len(Id).Len(0).Eof()),
            ("MODULE_AUX without its stream", File11().Raw(RdbOpcode.ModuleAux).Len(Id).Eof()),
            ("MODULE_AUX with opcode 200", File11().Raw(RdbOpcode.ModuleAux).Len(Id).Len(2).Len(2).Len(200).Len(0).Eof()),
        };
        foreach (var (name, bytes) in cases) HostileRun.Rejects(bytes, forwardOnly: forwardOnly, input: name);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void DeepModuleAuxStream_IsWalkedWithoutRecursion(bool forwardOnly)
    {
        // 200k records of MODULE_AUX, each a small stream: no stack growth, no per-record retention.
        const ulong Id = 0x0ABC_DEF0_1234_0005UL;
        var w = File11();
        for (int i = 0; i < 200_000; i++) w.Raw(RdbOpcode.ModuleAux).Len(Id).Len(2).Len(2).Len(2).Len(7).Len(0);
        var o = HostileRun.Check(w.Eof(), forwardOnly: forwardOnly);
        Assert.True(o.Clean, o.Describe());
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void UnknownOpcodesAndTypes_AreRejected(bool forwardOnly)
    {
        foreach (byte type in new byte[] { 8, 26, 99, 107, 121, 122, 200, 242 })
        {
            var e = HostileRun.Rejects(File11().Raw(type).Str("k").Str("v").Eof(), forwardOnly: forwardOnly, input: $"type {type}");
            Assert.True(e.Offset >= 9, $"type {type}: offset {e.Offset}");
        }
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void TrailingGarbage_AfterTheTrailer_IsHandled(bool forwardOnly)
    {
        var bytes = File11().StringKey("k", "v").Eof();
        HostileRun.Check([.. bytes, .. new byte[1000]], forwardOnly: forwardOnly);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void EofOnlyFile_WithEmptyTrailer_IsHandled(bool forwardOnly)
    {
        // rdbchecksum no writes a zero trailer: valid, checksum Absent.
        var bytes = HostileRdbWriter.Redis(11).Raw(RdbOpcode.Eof, 0, 0, 0, 0, 0, 0, 0, 0).ToArray();
        var o = HostileRun.Check(bytes, forwardOnly: forwardOnly);
        Assert.True(o.Clean, o.Describe());
        Assert.Equal(RdbChecksumStatus.Absent, o.Visitor.Checksum);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void ZSetAsciiScore_WithBadText_IsRejected(bool forwardOnly)
    {
        var bytes = File11().Key(RdbValueType.ZSet, "z").Len(1).Str("m").Raw(3, (byte)'x', (byte)'y', (byte)'z').Eof();
        HostileRun.Rejects(bytes, forwardOnly: forwardOnly);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void StreamWithHugeCounts_IsRejected(bool forwardOnly)
    {
        var id = new byte[16];
        var lp = HostileBlobs.Listpack(1L, 0L, 1L, "f", 0L).Bytes;
        var hugeGroups = File11().Key(RdbValueType.StreamListpacks3, "s").Len(1).Str(id).Str(lp)
            .Len(1).Len(0).Len(0)                       // length, last id
            .Len(0).Len(0).Len(0).Len(0).Len(1)         // first id, max deleted, entries added
            .Len64(ulong.MaxValue).Eof();               // groups
        HostileRun.Rejects(hugeGroups, forwardOnly: forwardOnly);
        var hugePel = File11().Key(RdbValueType.StreamListpacks3, "s").Len(0)
            .Len(0).Len(0).Len(0).Len(0).Len(0).Len(0).Len(0).Len(0)
            .Len(1).Str("g").Len(0).Len(0).Len(0).Len32(uint.MaxValue).Eof(); // one group, PEL of 2^32-1
        HostileRun.Rejects(hugePel, forwardOnly: forwardOnly);
    }
}
