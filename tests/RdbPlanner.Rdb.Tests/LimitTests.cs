using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>Hostile lengths and counts fail fast, without allocating or reading by the claimed size.</summary>
public sealed class LimitTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StringLength2Pow63_FailsFast(bool seekable)
    {
        var file = new RdbBuilder().Key(RdbValueType.String, "k").Length(1UL << 63, LengthWidth.Bits64).Build();
        var e = Parse.Fails(file, seekable: seekable);
        Assert.Equal(nameof(RdbReaderOptions.MaxElementLength), e.Limit);
        Assert.Equal(12, e.Offset); // header 9, type 1, key 2: the value's length starts at 12
    }

    [Fact]
    public void StringLongerThanTheInput_FailsBeforeReading()
    {
        var file = new RdbBuilder().Key(RdbValueType.String, "k").Length(1000).Raw(new byte[10]).Build();
        var e = Parse.Fails(file);
        Assert.Null(e.Limit);
        Assert.Contains("cannot fit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxElementLength_IsConfigurable()
    {
        var file = new RdbBuilder().StringKey("k", new string('x', 100)).Build();
        Assert.Equal(nameof(RdbReaderOptions.MaxElementLength), Parse.Fails(file, new RdbReaderOptions { MaxElementLength = 99 }).Limit);
        Parse.Record(file, new RdbReaderOptions { MaxElementLength = 100 });
    }

    [Theory]
    [InlineData(RdbValueType.List)]
    [InlineData(RdbValueType.Hash)]
    [InlineData(RdbValueType.ZSet2)]
    [InlineData(RdbValueType.ListQuicklist2)]
    [InlineData(RdbValueType.StreamListpacks3)]
    public void HugeCounts_FailFast_OnKnownAndUnknownInputLengths(RdbValueType type)
    {
        // No time bound (flaky under load): the error kinds below can only come from the checks made before any
        // element is read, which is what "fails fast" means here.
        // Within MaxCollectionElements but more elements than bytes left: caught by the input length.
        var known = Parse.Fails(new RdbBuilder(11).Key(type, "c").Length(1UL << 31).Build(), seekable: true);
        Assert.Contains("cannot fit", known.Message, StringComparison.Ordinal);
        // Input length unknown (pipe, gzip): caught by the limit.
        var unknown = Parse.Fails(new RdbBuilder(11).Key(type, "c").Length(1UL << 40).Build(), seekable: false);
        Assert.Equal(nameof(RdbReaderOptions.MaxCollectionElements), unknown.Limit);
    }

    [Fact]
    public void MaxCollectionElements_IsConfigurable()
    {
        var file = new RdbBuilder().ListKey("l", "a", "b", "c").Build();
        Assert.Equal(nameof(RdbReaderOptions.MaxCollectionElements), Parse.Fails(file, new RdbReaderOptions { MaxCollectionElements = 2 }).Limit);
    }

    [Fact]
    public void LzfClaimingOneTerabyte_FailsFast()
    {
        var file = new RdbBuilder().Key(RdbValueType.SetListpack, "s").LzfRaw(new byte[] { 0, 1 }, 1L << 40).Build();
        // Bounded by allocation, not time (a wall-clock bound is flaky on a loaded machine). The first parse absorbs
        // one-time costs (JIT, pools, exception machinery); the second is measured. Anything sized by the claim would
        // be at least MaxElementLength (512 MiB), so 16 MiB separates the two with a wide margin.
        Parse.Fails(file, seekable: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Parse.Fails(file, seekable: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(nameof(RdbReaderOptions.MaxElementLength), e.Limit);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void LzfClaimingMoreThanLiblzfCanProduce_IsRejected()
    {
        var file = new RdbBuilder().Key(RdbValueType.SetListpack, "s").LzfRaw(new byte[] { 0, 1 }, 1000).Build();
        Assert.Contains("liblzf cannot produce", Parse.Fails(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LzfBlobDecompressingShort_IsRejected()
    {
        var lp = RdbBlobs.Listpack("aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbb");
        var compressed = TestKit.Reference.LzfCompressor.Compress(lp);
        var file = new RdbBuilder().Key(RdbValueType.SetListpack, "s").LzfRaw(compressed, lp.Length + 1).Build();
        Assert.Contains("LZF", Parse.Fails(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadLengthEncodingByte_IsRejected()
    {
        var file = new RdbBuilder().Key(RdbValueType.String, "k").Byte(0x82).Raw(new byte[16]).Build();
        Assert.Contains("invalid length encoding 0x82", Parse.Fails(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StringEncodingWhereALengthIsNeeded_IsRejected()
    {
        var file = new RdbBuilder().Key(RdbValueType.List, "l").Byte(0xC0).Byte(1).Build();
        Assert.Contains("expected a length", Parse.Fails(file).Message, StringComparison.Ordinal);
    }
}
