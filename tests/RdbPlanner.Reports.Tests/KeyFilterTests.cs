using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Reports.Tests;

public class KeyFilterTests
{
    private static bool Test(KeyFilter filter, int db, string type, string key, long sourceBytes, long keyLength = -1)
    {
        var bytes = new long[] { sourceBytes, sourceBytes, sourceBytes / 2, sourceBytes / 4 };
        var encodings = new[] { "raw", "raw", "raw", "raw" };
        var keyBytes = System.Text.Encoding.UTF8.GetBytes(key);
        var record = new KeyRecord
        {
            Database = db, Type = type, Key = keyBytes, KeyLength = keyLength < 0 ? keyBytes.Length : keyLength,
            FileEncoding = "string", Elements = 1, LargestElement = 1, ExpireAtMs = -1, Slot = 0,
            Bytes = bytes, Encodings = encodings,
        };
        return filter.Matches(record, EngineModel.Redis72);
    }

    [Fact]
    public void Empty_KeepsEverything()
    {
        Assert.True(KeyFilter.All.IsEmpty);
        Assert.True(Test(KeyFilter.All, 15, "stream", "x", 0));
    }

    [Fact]
    public void Db_Type_Pattern_MinBytes_AllMustHold()
    {
        var f = new KeyFilter(databases: [0, 2], types: ["Hash", "sortedset"], keyPattern: "user:*", minBytes: 100);
        Assert.False(f.IsEmpty);
        Assert.True(Test(f, 0, "hash", "user:1", 100));
        Assert.True(Test(f, 2, "zset", "user:1", 5000));
        Assert.False(Test(f, 1, "hash", "user:1", 100));      // db
        Assert.False(Test(f, 0, "string", "user:1", 100));    // type
        Assert.False(Test(f, 0, "hash", "order:1", 100));     // pattern
        Assert.False(Test(f, 0, "hash", "user:1", 99));       // min bytes, on the source model (Redis72 here)
        Assert.True(Test(f, 0, "hash", "user:", 100, keyLength: 1_000_000)); // truncated key kept when it could match
    }

    [Theory]
    [InlineData("strings")]
    [InlineData("json")]
    public void UnknownType_IsRejected(string type)
    {
        var e = Assert.Throws<ArgumentException>(() => new KeyFilter(types: [type]));
        Assert.Contains(type, e.Message);
    }

    [Fact]
    public void NegativeValues_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new KeyFilter(databases: [-1]));
        Assert.Throws<ArgumentException>(() => new KeyFilter(minBytes: -5));
    }
}
