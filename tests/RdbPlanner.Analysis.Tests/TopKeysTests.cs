using RdbPlanner.Analysis;

namespace RdbPlanner.Analysis.Tests;

public class TopKeysTests
{
    private static TopKey Key(string name, long bytes) => new(0, "string", name, name.Length, bytes, "raw", 1, 1, -1, 0);

    [Fact]
    public void KeepsTheNBiggest_InDescendingOrder_TiesInArrivalOrder()
    {
        var top = new TopKeys(3);
        foreach (var (name, bytes) in new[] { ("a", 10L), ("b", 50L), ("c", 30L), ("d", 50L), ("e", 5L), ("f", 40L) })
        {
            top.Offer(bytes, () => Key(name, bytes));
        }
        Assert.Equal(["b", "d", "f"], top.ToList().Select(k => k.Key));
    }

    [Fact]
    public void DoesNotMaterialiseKeys_BelowTheThreshold()
    {
        var top = new TopKeys(2);
        top.Offer(100, () => Key("x", 100));
        top.Offer(90, () => Key("y", 90));
        top.Offer(10, () => throw new InvalidOperationException("should not be created"));
        Assert.Equal(90, top.Threshold);
    }

    [Fact]
    public void Merge_KeepsTheGlobalTopN()
    {
        var a = new TopKeys(2);
        var b = new TopKeys(2);
        a.Offer(5, () => Key("a5", 5));
        a.Offer(7, () => Key("a7", 7));
        b.Offer(6, () => Key("b6", 6));
        b.Offer(9, () => Key("b9", 9));
        a.Merge(b);
        Assert.Equal(["b9", "a7"], a.ToList().Select(k => k.Key));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62 }, "ab")]
    [InlineData(new byte[] { 0xC3, 0xA9 }, "é")]
    [InlineData(new byte[] { 0x61, 0x0A }, "a\\x0a")]
    [InlineData(new byte[] { 0x5C, 0xFF }, "\\\\\\xff")]
    [InlineData(new byte[] { 0xC3 }, "\\xc3")]
    public void KeyText_EscapesOneDocumentedWay(byte[] key, string expected) => Assert.Equal(expected, KeyText.Escape(key));
}
