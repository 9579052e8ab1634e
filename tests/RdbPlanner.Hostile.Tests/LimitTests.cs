using RdbPlanner.Fuzz;
using RdbPlanner.Rdb;

namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// Resource limits are options with safe defaults, and the error names the limit hit (issue 7 item 5). Each limit is
/// probed on both sides: exactly at the limit parses, one past it fails with <see cref="RdbFormatException.Limit"/> set.
/// </summary>
public sealed class LimitTests
{
    private const string ElementLimit = nameof(RdbReaderOptions.MaxElementLength);
    private const string CollectionLimit = nameof(RdbReaderOptions.MaxCollectionElements);

    private static HostileRdbWriter File11() => HostileRdbWriter.Redis(11);

    [Fact]
    public void Defaults_AreSafeAndFinite()
    {
        var d = RdbReaderOptions.Default;
        // 512 MiB is proto-max-bulk-len, the largest string Redis itself accepts by default.
        Assert.Equal(512L << 20, d.MaxElementLength);
        Assert.InRange(d.MaxCollectionElements, 1L << 20, 1L << 32);
        Assert.True(d.VerifyChecksum);
        Assert.False(d.Strict);
        Assert.Equal(16384, d.MaxDatabases);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DatabaseNumber_AtAndOverMaxDatabases(bool forwardOnly)
    {
        var options = new RdbReaderOptions { MaxDatabases = 8 };
        var at = HostileRun.Check(File11().SelectDb(7).StringKey("k", "v").Eof(), options, forwardOnly: forwardOnly);
        Assert.True(at.Clean, at.Describe());
        HostileRun.Rejects(File11().SelectDb(8).StringKey("k", "v").Eof(), options, forwardOnly: forwardOnly, limit: nameof(RdbReaderOptions.MaxDatabases));
        // The default: a crafted number far past any server's `databases` setting, and the largest a length can hold.
        HostileRun.Rejects(File11().SelectDb(16384).StringKey("k", "v").Eof(), forwardOnly: forwardOnly, limit: nameof(RdbReaderOptions.MaxDatabases));
        HostileRun.Rejects(File11().SelectDb(ulong.MaxValue).StringKey("k", "v").Eof(), forwardOnly: forwardOnly, limit: nameof(RdbReaderOptions.MaxDatabases));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StringValue_AtAndOverMaxElementLength(bool forwardOnly)
    {
        var options = new RdbReaderOptions { MaxElementLength = 30 };
        var at = HostileRun.Check(File11().StringKey("k", new string('s', 30)).Eof(), options, forwardOnly: forwardOnly);
        Assert.True(at.Clean, at.Describe());
        HostileRun.Rejects(File11().StringKey("k", new string('s', 31)).Eof(), options, forwardOnly: forwardOnly, limit: ElementLimit);
    }

    [Fact]
    public void ShortStrings_HonourATinyLimitToo()
    {
        // Strings of up to 20 bytes are read whole for the integer test; the limit must still apply to them (FINDINGS F4).
        var options = new RdbReaderOptions { MaxElementLength = 10 };
        HostileRun.Rejects(File11().StringKey("k", "0123456789A").Eof(), options, limit: ElementLimit);
    }

    [Fact]
    public void Key_OverMaxElementLength()
    {
        var options = new RdbReaderOptions { MaxElementLength = 30 };
        HostileRun.Rejects(File11().StringKey(new string('k', 31), "v").Eof(), options, limit: ElementLimit);
    }

    [Fact]
    public void CollectionElement_OverMaxElementLength()
    {
        var options = new RdbReaderOptions { MaxElementLength = 30 };
        string big = new('e', 31);
        HostileRun.Rejects(File11().Key(RdbValueType.List, "l").Len(2).Str("ok").Str(big).Eof(), options, limit: ElementLimit);
        HostileRun.Rejects(File11().Key(RdbValueType.Hash, "h").Len(1).Str("f").Str(big).Eof(), options, limit: ElementLimit);
    }

    [Fact]
    public void LzfString_DecompressedLengthOverMaxElementLength()
    {
        var options = new RdbReaderOptions { MaxElementLength = 40 };
        var ok = HostileRun.Check(File11().Key(RdbValueType.String, "k").LzfRun((byte)'x', 40).Eof(), options);
        Assert.True(ok.Clean, ok.Describe());
        HostileRun.Rejects(File11().Key(RdbValueType.String, "k").LzfRun((byte)'x', 41).Eof(), options, limit: ElementLimit);
    }

    [Fact]
    public void Blob_OverMaxElementLength()
    {
        var blob = HostileBlobs.Listpack("a", "b", "c", "d").Bytes; // 6 + 4*3 + 1 = 19 bytes
        var at = HostileRun.Check(File11().Key(RdbValueType.SetListpack, "s").Str(blob).Eof(), new RdbReaderOptions { MaxElementLength = blob.Length });
        Assert.True(at.Clean, at.Describe());
        HostileRun.Rejects(File11().Key(RdbValueType.SetListpack, "s").Str(blob).Eof(), new RdbReaderOptions { MaxElementLength = blob.Length - 1 }, limit: ElementLimit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void List_AtAndOverMaxCollectionElements(bool forwardOnly)
    {
        var options = new RdbReaderOptions { MaxCollectionElements = 3 };
        var at = HostileRun.Check(File11().Key(RdbValueType.List, "l").Len(3).Str("a").Str("b").Str("c").Eof(), options, forwardOnly: forwardOnly);
        Assert.True(at.Clean, at.Describe());
        HostileRun.Rejects(File11().Key(RdbValueType.List, "l").Len(4).Str("a").Str("b").Str("c").Str("d").Eof(), options, forwardOnly: forwardOnly, limit: CollectionLimit);
    }

    [Fact]
    public void EveryCountedCollection_HonoursMaxCollectionElements()
    {
        var options = new RdbReaderOptions { MaxCollectionElements = 3 };
        var cases = new (string Name, byte[] Bytes)[]
        {
            ("set", File11().Key(RdbValueType.Set, "s").Len(4).Str("a").Str("b").Str("c").Str("d").Eof()),
            ("hash", File11().Key(RdbValueType.Hash, "h").Len(4).Str("a").Str("1").Str("b").Str("2").Str("c").Str("3").Str("d").Str("4").Eof()),
            ("zset2", File11().Key(RdbValueType.ZSet2, "z").Len(4)
                .Str("a").Raw(new byte[8]).Str("b").Raw(new byte[8]).Str("c").Raw(new byte[8]).Str("d").Raw(new byte[8]).Eof()),
            ("quicklist2 nodes", File11().Key(RdbValueType.ListQuicklist2, "q").Len(4)
                .Len(1).Str("a").Len(1).Str("b").Len(1).Str("c").Len(1).Str("d").Eof()),
        };
        foreach (var (name, bytes) in cases) HostileRun.Rejects(bytes, options, input: name, limit: CollectionLimit);
    }

    [Fact]
    public void EmbeddedCollections_HonourMaxCollectionElements()
    {
        // The limit is per collection, whatever its encoding: a compact blob with more elements than allowed fails too.
        var options = new RdbReaderOptions { MaxCollectionElements = 3 };
        var cases = new (string Name, byte[] Bytes)[]
        {
            ("set listpack", File11().Key(RdbValueType.SetListpack, "s").Str(HostileBlobs.Listpack("a", "b", "c", "d").Bytes).Eof()),
            ("list ziplist", File11().Key(RdbValueType.ListZiplist, "l").Str(HostileBlobs.Ziplist("a", "b", "c", "d").Bytes).Eof()),
            ("intset", File11().Key(RdbValueType.SetIntset, "i").Str(HostileBlobs.Intset(2, 1, 2, 3, 4).Bytes).Eof()),
        };
        foreach (var (name, bytes) in cases) HostileRun.Rejects(bytes, options, input: name, limit: CollectionLimit);
        var at = HostileRun.Check(File11().Key(RdbValueType.SetListpack, "s").Str(HostileBlobs.Listpack("a", "b", "c").Bytes).Eof(), options);
        Assert.True(at.Clean, at.Describe());
    }

    [Fact]
    public void LimitError_NamesTheLimitAndTheValues()
    {
        var e = HostileRun.Rejects(File11().StringKey("k", new string('x', 100)).Eof(), new RdbReaderOptions { MaxElementLength = 64 }, limit: ElementLimit);
        // The message gives the claimed size and the limit, so the user knows which option to raise and by how much.
        Assert.Contains("100", e.Message, StringComparison.Ordinal);
        Assert.Contains("64", e.Message, StringComparison.Ordinal);
    }
}
