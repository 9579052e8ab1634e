using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class CollectionTests
{
    [Fact]
    public void List_ReportsEveryElement()
    {
        var file = new RdbBuilder().ListKey("l", "a", "12", new string('x', 30)).Build();
        Assert.Equal(["value List 3", "elem str:1", "elem int:12", "elem str:30", "endvalue"], Parse.ValueEvents(file));
    }

    [Fact]
    public void Set_WithIntEncodedMembers()
    {
        var file = new RdbBuilder().Key(RdbValueType.Set, "s").Length(2).IntString(-5).String("m").Build();
        Assert.Equal(["value Set 2", "elem int:-5", "elem str:1", "endvalue"], Parse.ValueEvents(file));
    }

    [Fact]
    public void Hash_ReportsPairsWithoutTtl()
    {
        var file = new RdbBuilder().HashKey("h", ("f1", "v1"), ("10", "")).Build();
        Assert.Equal(["value Hash 2", "pair str:2 str:2 ttl=-1", "pair int:10 str:0 ttl=-1", "endvalue"], Parse.ValueEvents(file));
    }

    [Fact]
    public void ZSet_AsciiScores_IncludingSpecials()
    {
        var file = new RdbBuilder().ZSetKey("z", false, ("a", 1.5), ("b", double.PositiveInfinity), ("c", double.NegativeInfinity), ("d", double.NaN), ("e", -3e-7)).Build();
        Assert.Equal(["value ZSet 5", "zentry str:1 1.5", "zentry str:1 ∞", "zentry str:1 -∞", "zentry str:1 NaN", "zentry str:1 -3E-07", "endvalue"],
            Parse.ValueEvents(file).Select(s => s.Replace("Infinity", "∞", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public void ZSet2_BinaryScores()
    {
        var file = new RdbBuilder().ZSetKey("z", true, ("a", 0.1), ("7", -2)).Build();
        Assert.Equal(["value ZSet2 2", "zentry str:1 0.1", "zentry int:7 -2", "endvalue"], Parse.ValueEvents(file));
    }

    [Fact]
    public void ZSet_BadAsciiScore_IsRejected()
    {
        var file = new RdbBuilder().Key(RdbValueType.ZSet, "z").Length(1).String("m").Byte(3).Raw("abc"u8).Build();
        Assert.Contains("score", Parse.Fails(file).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RdbValueType.List)]
    [InlineData(RdbValueType.Set)]
    [InlineData(RdbValueType.Hash)]
    [InlineData(RdbValueType.ZSet2)]
    public void EmptyCollections_AreValid(RdbValueType type)
    {
        var file = new RdbBuilder().Key(type, "e").Length(0).Build();
        Assert.Equal([$"value {type} 0", "endvalue"], Parse.ValueEvents(file));
    }

    [Fact]
    public void HashMetadata24_TtlsAreRelativeToMinExpire()
    {
        // ttl 0 = none, else expireAt = minExpire + ttl - 1 (rdb.c, redis 7.4.1)
        var file = new RdbBuilder(12).Key(RdbValueType.HashMetadata, "h").Int64LE(1_000_000).Length(2)
            .Length(0).String("a").String("1")
            .Length(501).String("b").String("2").Build();
        Assert.Equal(["value HashMetadata 2", "pair str:1 int:1 ttl=-1", "pair str:1 int:2 ttl=1000500", "endvalue"], Parse.ValueEvents(file));
    }

    [Fact]
    public void HashMetadataPreGa22_UnderRedisMagic_HasAbsoluteTtls()
    {
        var file = new RdbBuilder(12).Key((byte)22, "h").Length(2)
            .Length(1_700_000_000_000).String("a").String("x")
            .Length(0).String("b").String("y").Build();
        Assert.Equal(["value HashMetadataPreGa 2", "pair str:1 str:1 ttl=1700000000000", "pair str:1 str:1 ttl=-1", "endvalue"], Parse.ValueEvents(file));
    }

    [Fact]
    public void ValkeyHash2_UnderValkeyMagic_HasTrailingInt64Ttls()
    {
        var file = RdbBuilder.Valkey().Key((byte)22, "h").Length(2)
            .String("f1").String("v1").Int64LE(2_716_000_000_000)
            .String("f2").String("v2").Int64LE(-1).Build();
        var e = Parse.ValueEvents(file);
        Assert.Equal(["value ValkeyHash2 2", "pair str:2 str:2 ttl=2716000000000", "pair str:2 str:2 ttl=-1", "endvalue"], e);
        Assert.Contains("type=ValkeyHash2", Parse.Events(file).First(s => s.StartsWith("key", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void HashListpackEx25_And23_ReportTriplets()
    {
        var lp = RdbBlobs.Listpack("f1", "v1", 0L, "f2", "100", 1_800_000_000_000L);
        var file25 = new RdbBuilder(12).Key(RdbValueType.HashListpackEx, "h").Int64LE(1_800_000_000_000).RawString(lp).Build();
        var file23 = new RdbBuilder(12).BlobKey(RdbValueType.HashListpackExPreGa, "h", lp).Build();
        string[] pairs = ["pair str:2 str:2 ttl=-1", "pair str:2 int:100 ttl=1800000000000"];
        Assert.Equal(["value HashListpackEx 2", $"blob Listpack {lp.Length} w=0", .. pairs, "endvalue"], Parse.ValueEvents(file25));
        Assert.Equal(["value HashListpackExPreGa 2", $"blob Listpack {lp.Length} w=0", .. pairs, "endvalue"], Parse.ValueEvents(file23));
    }

    [Fact]
    public void HashListpackEx_IncompleteTriplet_IsRejected()
    {
        var lp = RdbBlobs.Listpack("f1", "v1", 0L, "f2");
        var file = new RdbBuilder(12).BlobKey(RdbValueType.HashListpackExPreGa, "h", lp).Build();
        Assert.Contains("multiple of 3", Parse.Fails(file).Message, StringComparison.Ordinal);
    }
}
