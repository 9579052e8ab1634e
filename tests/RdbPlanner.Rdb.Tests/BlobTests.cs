using System.Buffers.Binary;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class BlobTests
{
    private static readonly RdbReaderOptions s_strict = new() { Strict = true };

    // Every listpack integer width and every string-length class (listpack.c encodings).
    private static readonly object[] s_listpackEntries =
    [
        0L, 127L, -1L, 4095L, -4096L, 32767L, -32768L, 8388607L, -8388608L, int.MaxValue, (long)int.MinValue, long.MaxValue, long.MinValue,
        "", "abc", new string('s', 63), new string('m', 64), new string('m', 4095), new string('l', 4096), "0042",
    ];

    private static readonly string[] s_expectedScalars =
    [
        "int:0", "int:127", "int:-1", "int:4095", "int:-4096", "int:32767", "int:-32768", "int:8388607", "int:-8388608",
        "int:2147483647", "int:-2147483648", "int:9223372036854775807", "int:-9223372036854775808",
        "str:0", "str:3", "str:63", "str:64", "str:4095", "str:4096", "str:4",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SetListpack_EveryEncoding(bool lzf)
    {
        var lp = RdbBlobs.Listpack(s_listpackEntries);
        var file = new RdbBuilder().BlobKey(RdbValueType.SetListpack, "s", lp, lzf).Build();
        var expected = new List<string> { $"value SetListpack {s_listpackEntries.Length}", $"blob Listpack {lp.Length} w=0" };
        expected.AddRange(s_expectedScalars.Select(s => "elem " + s));
        expected.Add("endvalue");
        Assert.Equal(expected, Parse.ValueEvents(file, s_strict));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ListZiplist_EveryEncoding(bool lzf)
    {
        object[] entries = [0L, 12L, 13L, -128L, 127L, 32767L, -32768L, 8388607L, -8388608L, int.MaxValue, long.MinValue,
            "", "abc", new string('s', 63), new string('m', 64), new string('m', 16383), new string('l', 16384), "-17"];
        string[] scalars = ["int:0", "int:12", "int:13", "int:-128", "int:127", "int:32767", "int:-32768", "int:8388607", "int:-8388608",
            "int:2147483647", "int:-9223372036854775808", "str:0", "str:3", "str:63", "str:64", "str:16383", "str:16384", "int:-17"];
        var zl = RdbBlobs.Ziplist(entries);
        var file = new RdbBuilder().BlobKey(RdbValueType.ListZiplist, "l", zl, lzf).Build();
        var expected = new List<string> { $"value ListZiplist {entries.Length}", $"blob Ziplist {zl.Length} w=0" };
        expected.AddRange(scalars.Select(s => "elem " + s));
        expected.Add("endvalue");
        Assert.Equal(expected, Parse.ValueEvents(file, s_strict));
    }

    [Fact]
    public void HashZiplist_And_ZSetZiplist_Pair_Up()
    {
        var hz = RdbBlobs.Ziplist("f", "v", "n", 5L);
        var zz = RdbBlobs.Ziplist("a", "1.5", "b", 3L, "c", "-inf");
        var file = new RdbBuilder(6).BlobKey(RdbValueType.HashZiplist, "h", hz).BlobKey(RdbValueType.ZSetZiplist, "z", zz).Build();
        var e = Parse.Events(file);
        Assert.Contains("value HashZiplist 2", e);
        Assert.Contains("pair str:1 int:5 ttl=-1", e);
        Assert.Contains("value ZSetZiplist 3", e);
        Assert.Contains("zentry str:1 1.5", e);
        Assert.Contains("zentry str:1 3", e);
        Assert.Contains("zentry str:1 -Infinity", e);
    }

    [Fact]
    public void HashListpack_And_ZSetListpack_Pair_Up()
    {
        var hl = RdbBlobs.Listpack("f", "v");
        var zl = RdbBlobs.Listpack("m", "0.25", "n", 7L);
        var file = new RdbBuilder(10).BlobKey(RdbValueType.HashListpack, "h", hl).BlobKey(RdbValueType.ZSetListpack, "z", zl).Build();
        var e = Parse.Events(file);
        Assert.Contains("pair str:1 str:1 ttl=-1", e);
        Assert.Contains("zentry str:1 0.25", e);
        Assert.Contains("zentry str:1 7", e);
    }

    [Theory]
    [InlineData(2, new long[] { -32768, 0, 32767 })]
    [InlineData(4, new long[] { int.MinValue, 1, int.MaxValue })]
    [InlineData(8, new long[] { long.MinValue, 0, long.MaxValue })]
    [InlineData(2, new long[0])]
    public void Intset_EveryWidth(int width, long[] members)
    {
        var blob = RdbBlobs.Intset(width, members);
        var file = new RdbBuilder().BlobKey(RdbValueType.SetIntset, "i", blob).Build();
        var expected = new List<string> { $"value SetIntset {members.Length}", $"blob Intset {blob.Length} w={width}" };
        expected.AddRange(members.Select(m => $"elem int:{m}"));
        expected.Add("endvalue");
        Assert.Equal(expected, Parse.ValueEvents(file, s_strict));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    public void Intset_BadEncodingOrSize_IsAlwaysRejected(int width)
    {
        var blob = RdbBlobs.Intset(4, 1, 2);
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)width);
        Parse.Fails(new RdbBuilder().BlobKey(RdbValueType.SetIntset, "i", blob).Build());
        Parse.Fails(new RdbBuilder().BlobKey(RdbValueType.SetIntset, "i", RdbBlobs.Intset(4, 1, 2)[..^1]).Build());
    }

    [Fact]
    public void Intset_Unsorted_IsRejectedOnlyWhenStrict()
    {
        var file = new RdbBuilder().BlobKey(RdbValueType.SetIntset, "i", RdbBlobs.Intset(2, 5, 1)).Build();
        Assert.Equal(1, OpcodeTests.Counting(file).Keys);
        Assert.Contains("not greater", Parse.Fails(file, s_strict).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Zipmap_PairsWithFreeSpaceAndBigLengths(bool lzf)
    {
        var big = new string('v', 300);
        var zm = RdbBlobs.Zipmap([("a", "1"), ("key", big)], free: 3);
        var file = new RdbBuilder(3).BlobKey(RdbValueType.HashZipmap, "z", zm, lzf).Build();
        Assert.Equal(["value HashZipmap 2", $"blob Zipmap {zm.Length} w=0", "pair str:1 int:1 ttl=-1", "pair str:3 str:300 ttl=-1", "endvalue"],
            Parse.ValueEvents(file));
    }

    [Fact]
    public void Zipmap_WrongCount_IsRejected_UnknownCountIsNot()
    {
        // 0xFF is not "unknown" (only 254 is): engines reject it (peer dump hdt3213-rdb/zipmap_big_len.rdb).
        var bad = new RdbBuilder(3).BlobKey(RdbValueType.HashZipmap, "z", RdbBlobs.Zipmap([("a", "1")], count: 255)).Build();
        Assert.Contains("zipmap header count", Parse.Fails(bad).Message, StringComparison.Ordinal);
        var unknown = new RdbBuilder(3).BlobKey(RdbValueType.HashZipmap, "z", RdbBlobs.Zipmap([("a", "1")], count: 254)).Build();
        Assert.Equal("value HashZipmap -1", Parse.ValueEvents(unknown)[0]);
    }

    [Fact]
    public void Listpack_WrongTotalOrTerminator_IsAlwaysRejected()
    {
        var lp = RdbBlobs.Listpack("a", 1L);
        var wrongTotal = (byte[])lp.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(wrongTotal, (uint)lp.Length + 1);
        Assert.Contains("header says", Parse.Fails(new RdbBuilder().BlobKey(RdbValueType.SetListpack, "s", wrongTotal).Build()).Message, StringComparison.Ordinal);

        var noEnd = (byte[])lp.Clone();
        noEnd[^1] = 0x00;
        var e = Parse.Fails(new RdbBuilder().BlobKey(RdbValueType.SetListpack, "s", noEnd).Build());
        Assert.Contains("expected listpack terminator 0xFF, found 0x00", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Listpack_BadBacklenOrCount_IsRejectedOnlyWhenStrict()
    {
        var lp = RdbBlobs.Listpack("abc", 1L);
        var badBacklen = (byte[])lp.Clone();
        badBacklen[6 + 4] = 9; // "abc" entry: 0x83 a b c, backlen 4
        var file = new RdbBuilder().BlobKey(RdbValueType.SetListpack, "s", badBacklen).Build();
        Assert.Equal(1, OpcodeTests.Counting(file).Keys);
        Assert.Contains("back-length", Parse.Fails(file, s_strict).Message, StringComparison.Ordinal);

        var badCount = RdbBlobs.Listpack(["abc", 1L], headerCount: 3);
        var file2 = new RdbBuilder().BlobKey(RdbValueType.SetListpack, "s", badCount).Build();
        Assert.Equal(1, OpcodeTests.Counting(file2).Keys);
        Assert.Contains("header count", Parse.Fails(file2, s_strict).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Listpack_InvalidEncodingByte_IsRejected()
    {
        var lp = RdbBlobs.Listpack(1L);
        lp[6] = 0xF5;
        Assert.Contains("invalid listpack entry encoding 0xF5", Parse.Fails(new RdbBuilder().BlobKey(RdbValueType.SetListpack, "s", lp).Build()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ziplist_BadPrevlenOrTail_IsRejectedOnlyWhenStrict()
    {
        var zl = RdbBlobs.Ziplist("abc", "de");
        var badPrev = (byte[])zl.Clone();
        badPrev[10 + 5] = 7; // second entry's prevlen (first entry = 1 prevlen + 1 enc + 3 data)
        var file = new RdbBuilder().BlobKey(RdbValueType.ListZiplist, "l", badPrev).Build();
        Assert.Equal(1, OpcodeTests.Counting(file).Keys);
        Assert.Contains("prevlen", Parse.Fails(file, s_strict).Message, StringComparison.Ordinal);

        var badTail = (byte[])zl.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(badTail.AsSpan(4), 10);
        var file2 = new RdbBuilder().BlobKey(RdbValueType.ListZiplist, "l", badTail).Build();
        Assert.Equal(1, OpcodeTests.Counting(file2).Keys);
        Assert.Contains("tail", Parse.Fails(file2, s_strict).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ziplist_WrongCount_IsRejected_UnknownCountIsCounted()
    {
        var bad = new RdbBuilder().BlobKey(RdbValueType.ListZiplist, "l", RdbBlobs.Ziplist(["a", "b"], headerCount: 3)).Build();
        Assert.Contains("ziplist header count", Parse.Fails(bad).Message, StringComparison.Ordinal);
        var node = RdbBlobs.Ziplist(["a", "b"], headerCount: 65535);
        var unknown = new RdbBuilder().QuicklistKey("q", node).Build();
        Assert.Contains($"qlnode Ziplist {node.Length} n=2", Parse.ValueEvents(unknown));
    }

    [Fact]
    public void HashZiplist_OddEntryCount_IsRejected()
    {
        var file = new RdbBuilder().BlobKey(RdbValueType.HashZiplist, "h", RdbBlobs.Ziplist("f", "v", "orphan")).Build();
        Assert.Contains("multiple of 2", Parse.Fails(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quicklist_V1_ZiplistNodes()
    {
        var n1 = RdbBlobs.Ziplist("a", 1L);
        var n2 = RdbBlobs.Ziplist("b");
        var file = new RdbBuilder(7).QuicklistKey("q", n1, n2).Build();
        Assert.Equal(["value ListQuicklist 2", $"qlnode Ziplist {n1.Length} n=2", "elem str:1", "elem int:1", $"qlnode Ziplist {n2.Length} n=1", "elem str:1", "endvalue"],
            Parse.ValueEvents(file, s_strict));
    }

    [Fact]
    public void Quicklist_V2_PlainAndPackedNodes()
    {
        var lp = RdbBlobs.Listpack("x", "y", 3L);
        var plain = new byte[5000];
        var file = new RdbBuilder(11).Quicklist2Key("q", (2, lp), (1, plain), (1, "42"u8.ToArray())).Build();
        Assert.Equal(["value ListQuicklist2 3", $"qlnode Packed {lp.Length} n=3", "elem str:1", "elem str:1", "elem int:3",
            "qlnode Plain 5000 n=1", "elem str:5000", "qlnode Plain 2 n=1", "elem int:42", "endvalue"], Parse.ValueEvents(file, s_strict));
    }

    [Fact]
    public void Quicklist_V2_UnknownContainer_IsRejected()
    {
        var file = new RdbBuilder(11).Quicklist2Key("q", (3, RdbBlobs.Listpack("x"))).Build();
        Assert.Contains("container 3", Parse.Fails(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blob_IntEncodedWhereABlobIsNeeded_IsRejected()
    {
        var file = new RdbBuilder().Key(RdbValueType.SetListpack, "s").IntString(5).Build();
        Assert.Contains("integer-encoded", Parse.Fails(file).Message, StringComparison.Ordinal);
    }
}
