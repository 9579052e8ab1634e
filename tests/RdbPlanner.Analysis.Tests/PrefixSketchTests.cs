using System.Text;
using RdbPlanner.Analysis;

namespace RdbPlanner.Analysis.Tests;

public class PrefixSketchTests
{
    [Fact]
    public void Prefixes_AreExact_WhenDistinctPrefixesFitTheCapacity()
    {
        var sketch = new PrefixSketch(capacity: 64, delimiter: (byte)':', maxDepth: 3);
        sketch.Add("user:1:profile"u8, 100);
        sketch.Add("user:2:profile"u8, 50);
        sketch.Add("user:2:cart"u8, 10);
        sketch.Add("session:abc"u8, 7);
        sketch.Add("plainkey"u8, 1000);

        var top = sketch.Top(10);
        Assert.Equal(0, sketch.ErrorBound);
        Assert.Contains(new PrefixStat("user", 1, 3, 160), top);
        Assert.Contains(new PrefixStat("session", 1, 1, 7), top);
        Assert.Contains(new PrefixStat("user:2", 2, 2, 60), top);
        Assert.Contains(new PrefixStat("user:1", 2, 1, 100), top);
        Assert.DoesNotContain(top, p => p.Prefix.StartsWith("plainkey", StringComparison.Ordinal));
        // "user:2:cart" has only two delimiters: no depth-3 prefix beyond "user:2:profile"-style keys? It has none.
        Assert.DoesNotContain(top, p => p.Depth == 3);
    }

    [Fact]
    public void HeavyHitters_AreKept_AndCountsStayWithinTheStatedBound()
    {
        // 200k keys: three heavy prefixes and a long tail of 50k distinct ones, in a seeded random order.
        var rng = new Random(42);
        var truth = new Dictionary<string, long>();
        var keys = new List<string>();
        for (int i = 0; i < 200_000; i++)
        {
            int r = rng.Next(100);
            string prefix = r < 20 ? "hot" : r < 30 ? "warm" : r < 35 ? "mild" : "tail" + rng.Next(50_000);
            keys.Add(prefix + ":" + i);
            truth[prefix] = truth.GetValueOrDefault(prefix) + 1;
        }
        var sketch = new PrefixSketch(capacity: 256, delimiter: (byte)':', maxDepth: 1);
        foreach (var k in keys) sketch.Add(Encoding.ASCII.GetBytes(k), 1);

        long bound = sketch.ErrorBound;
        Assert.True(bound <= 200_000 / 256, $"bound {bound} exceeds N/capacity");
        var reported = sketch.Top(256).ToDictionary(p => p.Prefix, p => p.Keys);
        foreach (var heavy in new[] { "hot", "warm", "mild" })
        {
            Assert.True(reported.ContainsKey(heavy), heavy + " missing");
            Assert.InRange(reported[heavy], truth[heavy], truth[heavy] + bound);
        }
        foreach (var (prefix, count) in reported)
        {
            Assert.True(count >= truth[prefix], $"{prefix} under-counted");
            Assert.True(count <= truth[prefix] + bound, $"{prefix} over the bound");
        }
    }

    [Fact]
    public void Merge_OfTwoSketches_EqualsOneSketchOverBothStreams_WhenExact()
    {
        var a = new PrefixSketch(64, (byte)':', 2);
        var b = new PrefixSketch(64, (byte)':', 2);
        var both = new PrefixSketch(64, (byte)':', 2);
        for (int i = 0; i < 100; i++)
        {
            var key = Encoding.ASCII.GetBytes($"p{i % 7}:x{i % 3}:{i}");
            (i % 2 == 0 ? a : b).Add(key, i);
            both.Add(key, i);
        }
        a.Merge(b);
        Assert.Equal(both.Top(100).OrderBy(p => p.Prefix).ToList(), a.Top(100).OrderBy(p => p.Prefix).ToList());
    }

    [Fact]
    public void BinaryPrefixes_AreEscapedInOutput()
    {
        var sketch = new PrefixSketch(16, (byte)':', 1);
        sketch.Add([0x00, 0xFF, (byte)':', 0x41], 5);
        Assert.Equal("\\x00\\xff", Assert.Single(sketch.Top(5)).Prefix);
    }
}
