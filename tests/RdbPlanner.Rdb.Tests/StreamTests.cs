using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;
using static RdbPlanner.TestKit.RdbBlobs;

namespace RdbPlanner.Rdb.Tests;

public sealed class StreamTests
{
    private static byte[] Node1() => StreamListpack(["temp", "hum"],
        new StreamEntry(2, 0, 0, [], ["20", "55"]),
        new StreamEntry(0, 5, 0, ["other"], ["x"]),
        new StreamEntry(3, 7, 1, [], ["21", "56"]));   // deleted, same fields

    private static byte[] Node2() => StreamListpack(["a"], new StreamEntry(2, 0, 0, [], ["1"]));

    /// <summary>A stream value of the given version with two nodes, one group with 2 PEL entries and 2 consumers.</summary>
    private static RdbBuilder StreamKey(RdbBuilder b, RdbValueType type, byte[] n1, byte[] n2)
    {
        int version = type == RdbValueType.StreamListpacks ? 1 : type == RdbValueType.StreamListpacks2 ? 2 : 3;
        b.Key(type, "s").Length(2)
            .RawString(StreamId(1000, 0)).RawString(n1)
            .RawString(StreamId(2000, 0)).LzfString(n2);
        b.Length(3).Length(2000).Length(0);
        if (version >= 2) b.Length(1000).Length(0).Length(1007).Length(1).Length(4);
        b.Length(1).String("group-1").Length(1005).Length(0);
        if (version >= 2) b.Length(2);
        b.Length(2);
        b.Raw(StreamId(1000, 0)).Int64LE(1_700_000_000_000).Length(1);
        b.Raw(StreamId(1005, 0)).Int64LE(1_700_000_000_001).Length(3);
        b.Length(2);
        b.String("alice").Int64LE(1_700_000_000_000);
        if (version >= 3) b.Int64LE(1_700_000_000_000);
        b.Length(2).Raw(StreamId(1000, 0)).Raw(StreamId(1005, 0));
        b.String("bob").Int64LE(1_700_000_000_000);
        if (version >= 3) b.Int64LE(1_700_000_000_000);
        b.Length(0);
        return b;
    }

    [Theory]
    [InlineData(RdbValueType.StreamListpacks, 9)]
    [InlineData(RdbValueType.StreamListpacks2, 10)]
    [InlineData(RdbValueType.StreamListpacks3, 11)]
    public void Stream_EveryVersion_ReportsNodesGroupsConsumers(RdbValueType type, int rdbVersion)
    {
        var n1 = Node1();
        var n2 = Node2();
        var file = StreamKey(new RdbBuilder(rdbVersion), type, n1, n2).Build();
        Assert.Equal([
            $"value {type} 2",
            "skey Index 1000-0",
            $"snode {n1.Length} n=3",
            "skey Index 2000-0",
            $"snode {n2.Length} n=1",
            "skey Groups group-1",
            "skey GroupPel 1000-0",
            "skey GroupPel 1005-0",
            "sgroup 7 pel=2 consumers=2",
            "skey Consumers alice",
            "skey ConsumerPel 1000-0",
            "skey ConsumerPel 1005-0",
            "sconsumer 5 pel=2",
            "skey Consumers bob",
            "sconsumer 3 pel=0",
            $"stream nodes=2 lpbytes={n1.Length + n2.Length} len=3 walked=4 deleted=1 groups=1 consumers=2 gpel=2 cpel=2 gname=7 cname=8 last=2000-0",
            "endvalue"], Parse.ValueEvents(file, new RdbReaderOptions { Strict = true }));
    }

    [Fact]
    public void Stream_NamesInEveryStringEncoding_ReachTheSinkAsTheEngineKeepsThem()
    {
        // An integer-encoded group name comes as its decimal text, an LZF-compressed consumer name decompressed.
        var longName = new string('c', 40) + "-1";
        var b = new RdbBuilder(11).Key(RdbValueType.StreamListpacks3, "s").Length(1).RawString(StreamId(1000, 0)).RawString(Node2());
        b.Length(1).Length(1000).Length(0).Length(1000).Length(0).Length(0).Length(0).Length(1);
        b.Length(1).IntString(42).Length(1000).Length(0).Length(1);
        b.Length(0);
        b.Length(1).LzfString(System.Text.Encoding.ASCII.GetBytes(longName)).Int64LE(1).Int64LE(1).Length(0);
        var events = Parse.ValueEvents(b.Build());
        Assert.Contains("skey Groups 42", events);
        Assert.Contains("sgroup 2 pel=0 consumers=1", events);
        Assert.Contains($"skey Consumers {longName}", events);
        Assert.Contains($"sconsumer {longName.Length} pel=0", events);
    }

    [Fact]
    public void Stream_MasterCountsDisagreeingWithEntries_FailOnlyWhenStrict()
    {
        var items = new List<object> { 5L, 0L, 1L, "f", 0L, 2L, 0L, 0L, "v", 4L };
        var lp = Listpack(items);
        var file = StreamKey(new RdbBuilder(11), RdbValueType.StreamListpacks3, lp, Node2()).Build();
        Assert.Equal(1, OpcodeTests.Counting(file).Keys);
        Assert.Contains("master entry says", Parse.Fails(file, new RdbReaderOptions { Strict = true }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_NodeKeyNot16Bytes_IsRejected()
    {
        var file = new RdbBuilder(9).Key(RdbValueType.StreamListpacks, "s").Length(1).String("short").RawString(Node2()).Build();
        Assert.Contains("16-byte", Parse.Fails(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_ListpackEndingInsideAnEntry_IsRejected()
    {
        var lp = Listpack(1L, 0L, 1L, "f", 0L, 2L, 0L, 0L);
        var file = StreamKey(new RdbBuilder(11), RdbValueType.StreamListpacks3, lp, Node2()).Build();
        Assert.Contains("stream listpack ends", Parse.Fails(file).Message, StringComparison.Ordinal);
    }
}
