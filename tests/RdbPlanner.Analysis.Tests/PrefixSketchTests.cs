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
    public void Prefixes_AreExact_ForKeysWithDelimitersAnywhere_EvenPastByte64()
    {
        // The sketch finds the first 64 bytes' delimiters in one pass and searches beyond: keys of every length up to 150
        // with delimiters at random places (leading, trailing, doubled, past byte 64) against a plain search per depth.
        var rng = new Random(64);
        var sketch = new PrefixSketch(capacity: 100_000, delimiter: (byte)':', maxDepth: 3);
        var expected = new Dictionary<(int Depth, string Prefix), (long Count, long Bytes)>();
        for (int k = 0; k < 5_000; k++)
        {
            var chars = new char[rng.Next(0, 151)];
            for (int i = 0; i < chars.Length; i++) chars[i] = rng.Next(rng.Next(2) == 0 ? 4 : 40) == 0 ? ':' : (char)('a' + rng.Next(3));
            string key = new(chars);
            long bytes = rng.Next(1, 1000);
            sketch.Add(Encoding.ASCII.GetBytes(key), bytes);
            foreach (var (d, prefix) in ReferenceSpaceSaving.Prefixes(key, 3))
            {
                var c = expected.GetValueOrDefault((d, prefix));
                expected[(d, prefix)] = (c.Count + 1, c.Bytes + bytes);
            }
        }
        Assert.Equal(0, sketch.ErrorBound);
        var actual = sketch.Top(100_000).ToDictionary(p => (p.Depth - 1, p.Prefix), p => (p.Keys, p.Bytes));
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (k, v) in expected) Assert.Equal(v, actual[k]);
        Assert.Contains(expected.Keys, e => e.Prefix.Length > 64);
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
    public void ACleared_Sketch_CountsAsANewOne()
    {
        var rng = new Random(3);
        var keys = Enumerable.Range(0, 20_000).Select(i => $"t{rng.Next(40)}:u{rng.Next(3000)}:{i % 7}").ToList();
        static string Run(PrefixSketch s, IEnumerable<string> keys)
        {
            foreach (var k in keys) s.Add(System.Text.Encoding.UTF8.GetBytes(k), k.Length);
            return string.Join(",", s.Top(100).Select(p => $"{p.Prefix}/{p.Depth}={p.Keys}/{p.Bytes}")) + " " + s.ErrorBound;
        }
        var reused = new PrefixSketch(128, (byte)':', 3);
        Run(reused, keys.AsEnumerable().Reverse());
        reused.Clear();
        reused.Validate(); // no entry left in the table, the buckets or the free list
        Assert.Equal(Run(new PrefixSketch(128, (byte)':', 3), keys), Run(reused, keys));
        reused.Validate();
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
    public void APrefixLongerThanTheBound_IsNotCounted_AtThatDepthOrDeeper()
    {
        // Delimiters at random places in keys of up to 700 bytes, against a plain search per depth with the same bound.
        var rng = new Random(256);
        var sketch = new PrefixSketch(capacity: 100_000, delimiter: (byte)':', maxDepth: 3);
        var expected = new Dictionary<(int Depth, string Prefix), (long Count, long Bytes)>();
        for (int k = 0; k < 3_000; k++)
        {
            var chars = new char[rng.Next(0, 701)];
            for (int i = 0; i < chars.Length; i++) chars[i] = rng.Next(120) == 0 ? ':' : (char)('a' + rng.Next(3));
            string key = new(chars);
            sketch.Add(Encoding.ASCII.GetBytes(key), 1);
            foreach (var (d, prefix) in ReferenceSpaceSaving.Prefixes(key, 3).Where(p => p.Prefix.Length <= PrefixSketch.DefaultMaxPrefixBytes))
            {
                var c = expected.GetValueOrDefault((d, prefix));
                expected[(d, prefix)] = (c.Count + 1, c.Bytes + 1);
            }
        }
        var actual = sketch.Top(100_000).ToDictionary(p => (p.Depth - 1, p.Prefix), p => (p.Keys, p.Bytes));
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), actual.OrderBy(e => e.Key).ToList());
        Assert.Contains(expected.Keys, e => e.Prefix.Length > 200);
        Assert.DoesNotContain(actual.Keys, e => e.Prefix.Length > PrefixSketch.DefaultMaxPrefixBytes);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(4096)]
    public void PrefixesOfManyKilobytes_GrowAndCompactTheArena_WithoutLosingBytes(int capacity)
    {
        // A bound above the 4 KiB first arena: the first prefix already outgrows it (this once read past the arena),
        // and with 16 counters every key evicts, recycling rooms of other sizes.
        var rng = new Random(capacity);
        var sketch = new PrefixSketch(capacity, (byte)':', maxDepth: 2, maxPrefixBytes: 70_000);
        var truth = new Dictionary<(int Depth, string Prefix), long>();
        const int keys = 300;
        for (int k = 0; k < keys; k++)
        {
            string key = new string((char)('a' + rng.Next(26)), rng.Next(1, 9_000)) + ":" + k + new string('z', rng.Next(0, 6_000)) + ":tail";
            sketch.Add(Encoding.ASCII.GetBytes(key), 1);
            foreach (var p in ReferenceSpaceSaving.Prefixes(key, 2)) truth[p] = truth.GetValueOrDefault(p) + 1;
            sketch.Validate();
        }
        var top = sketch.Top(int.MaxValue);
        Assert.Contains(top, p => p.Prefix.Length > 4096);
        // Each reported prefix is one the stream had, byte for byte; each depth's counters add up to the keys.
        Assert.All(top, p => Assert.True(truth.ContainsKey((p.Depth - 1, p.Prefix)), $"depth {p.Depth}: a prefix of {p.Prefix.Length} bytes the stream never had"));
        Assert.All(new[] { 1, 2 }, d => Assert.Equal(keys, top.Where(p => p.Depth == d).Sum(p => p.Keys)));
        if (capacity >= truth.Count)
        {
            Assert.Equal(truth.OrderBy(t => t.Key).ToList(), top.ToDictionary(p => (p.Depth - 1, p.Prefix), p => p.Keys).OrderBy(t => t.Key).ToList());
        }
    }

    [Fact]
    public void BinaryPrefixes_AreEscapedInOutput()
    {
        var sketch = new PrefixSketch(16, (byte)':', 1);
        sketch.Add([0x00, 0xFF, (byte)':', 0x41], 5);
        Assert.Equal("\\x00\\xff", Assert.Single(sketch.Top(5)).Prefix);
    }

    [Theory]
    [InlineData(1, 32, 3, 40, 400)]
    [InlineData(2, 100, 3, 64, 64)]
    [InlineData(3, 256, 2, 1, 10_000)]
    [InlineData(4, 16, 1, 100, 200)]
    [InlineData(5, 4096, 3, 50, 500)]
    public void RandomSkewedStreams_KeepTheSpaceSavingInvariants_LikeAReferenceImplementation(
        int seed, int capacity, int depth, int minBytes, int maxBytes)
    {
        var stream = KeyStreams.Skewed(seed, keys: 30_000, minBytes, maxBytes);
        var truth = Truth.Of(stream, depth);
        var sketch = new PrefixSketch(capacity, (byte)':', depth);
        var reference = new ReferenceSpaceSaving(capacity, depth);
        int added = 0;
        foreach (var (key, bytes) in stream)
        {
            sketch.Add(Encoding.ASCII.GetBytes(key), bytes);
            reference.Add(key, bytes);
            if (++added % 2_000 == 0) sketch.Validate();
        }
        sketch.Validate();

        // The reference passing the same checks shows they are properties of Space-Saving, not of one tie-breaking order.
        truth.Check(reference.Entries(), reference.ErrorBound, capacity, minBytes, maxBytes, merged: false);
        truth.Check(sketch.Top(int.MaxValue), sketch.ErrorBound, capacity, minBytes, maxBytes, merged: false);
        if (truth.Distinct.All(d => d.Count <= capacity))
        {
            Assert.Equal(0, sketch.ErrorBound);
        }
        // Where a depth never filled, nothing was evicted and both must hold exactly the same counters.
        for (int d = 1; d <= depth; d++)
        {
            if (truth.Distinct[d - 1].Count > capacity) continue;
            Assert.Equal(
                reference.Entries().Where(e => e.Depth == d).OrderBy(e => e.Prefix, StringComparer.Ordinal),
                sketch.Top(int.MaxValue).Where(e => e.Depth == d).OrderBy(e => e.Prefix, StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData(11, 32, 3, 20_000)]
    [InlineData(12, 100, 3, 5_000)]
    [InlineData(13, 256, 2, 40)]
    [InlineData(14, 16, 1, 3_000)]
    [InlineData(15, 256, 3, 240)]
    public void Merge_OfSketchesOverRandomStreams_KeepsTheInvariantsOfTheUnionStream(int seed, int capacity, int depth, int keysPerFile)
    {
        // Three "files" of different sizes and seeds, so a prefix heavy in one may be in the tail (or evicted) in another.
        var files = new[]
        {
            KeyStreams.Skewed(seed, keysPerFile, 10, 90),
            KeyStreams.Skewed(seed + 100, keysPerFile / 3, 10, 90),
            KeyStreams.Skewed(seed + 200, keysPerFile * 2, 10, 90),
        };
        var sketches = files.Select(file =>
        {
            var sketch = new PrefixSketch(capacity, (byte)':', depth);
            foreach (var (key, bytes) in file) sketch.Add(Encoding.ASCII.GetBytes(key), bytes);
            return sketch;
        }).ToArray();
        sketches[0].Merge(sketches[1]);
        sketches[0].Validate();
        sketches[0].Merge(sketches[2]);
        sketches[0].Validate();

        Truth.Of(files.SelectMany(f => f), depth).Check(sketches[0].Top(int.MaxValue), sketches[0].ErrorBound, capacity, 10, 90, merged: true);
    }

    /// <summary>The stream's exact per-depth prefix counts and bytes, and the guarantees a sketch over it must meet.</summary>
    private sealed class Truth
    {
        public required Dictionary<string, (long Count, long Bytes)>[] Distinct { get; init; }

        public static Truth Of(IEnumerable<(string Key, long Bytes)> stream, int depth)
        {
            var distinct = Enumerable.Range(0, depth).Select(_ => new Dictionary<string, (long, long)>(StringComparer.Ordinal)).ToArray();
            foreach (var (key, bytes) in stream)
            {
                foreach (var (d, prefix) in ReferenceSpaceSaving.Prefixes(key, depth))
                {
                    var (c, b) = distinct[d].GetValueOrDefault(prefix);
                    distinct[d][prefix] = (c + 1, b + bytes);
                }
            }
            return new Truth { Distinct = distinct };
        }

        /// <summary>
        /// Counts: each tracked one within [true, true + bound], every prefix above the bound tracked, the bound at most N/capacity,
        /// and the counters summing to N (only ≤ N after a merge, which keeps the largest of the combined counters). Bytes: each
        /// unit of a counter carries one key's bytes, so bytes lie within count × [min, max] key size, and without a merge they
        /// sum to the stream's bytes.
        /// </summary>
        public void Check(IReadOnlyList<PrefixStat> entries, long bound, int capacity, long minBytes, long maxBytes, bool merged)
        {
            long boundLimit = 0;
            for (int d = 0; d < Distinct.Length; d++)
            {
                var truth = Distinct[d];
                var tracked = entries.Where(e => e.Depth == d + 1).ToDictionary(e => e.Prefix, StringComparer.Ordinal);
                long n = truth.Values.Sum(t => t.Count);
                long totalBytes = truth.Values.Sum(t => t.Bytes);
                boundLimit = Math.Max(boundLimit, n / capacity);
                Assert.Equal(Math.Min(capacity, truth.Count), tracked.Count);
                if (merged)
                {
                    Assert.True(tracked.Values.Sum(e => e.Keys) <= n, $"depth {d + 1}: counters sum above N");
                }
                else
                {
                    Assert.Equal(n, tracked.Values.Sum(e => e.Keys));
                    Assert.Equal(totalBytes, tracked.Values.Sum(e => e.Bytes));
                }
                foreach (var e in tracked.Values)
                {
                    long trueCount = truth.TryGetValue(e.Prefix, out var t) ? t.Count : 0;
                    Assert.True(e.Keys >= trueCount, $"{e.Prefix}: {e.Keys} below the true {trueCount}");
                    Assert.True(e.Keys <= trueCount + bound, $"{e.Prefix}: {e.Keys} above the true {trueCount} + bound {bound}");
                    Assert.InRange(e.Bytes, e.Keys * minBytes, e.Keys * maxBytes);
                }
                foreach (var (prefix, t) in truth)
                {
                    if (t.Count > bound)
                    {
                        Assert.True(tracked.ContainsKey(prefix), $"{prefix} (true {t.Count} > bound {bound}) not tracked");
                    }
                }
            }
            Assert.True(bound <= boundLimit, $"bound {bound} above N/capacity {boundLimit}");
        }
    }

    private static class KeyStreams
    {
        /// <summary>
        /// Keys of one to four segments whose values are skewed towards small numbers (a cube of a uniform variate), so a few
        /// prefixes are heavy at every depth and a long tail is not; byte sizes uniform in [minBytes, maxBytes].
        /// </summary>
        public static List<(string Key, long Bytes)> Skewed(int seed, int keys, int minBytes, int maxBytes)
        {
            var random = new Random(seed);
            int Skew(int n) => (int)(n * Math.Pow(random.NextDouble(), 3));
            var stream = new List<(string, long)>(keys);
            for (int i = 0; i < keys; i++)
            {
                // One head in eight is long, so prefixes span several 8-byte hash words.
                string head = random.Next(8) == 0 ? $"customer-account-{Skew(30)}" : $"t{Skew(40)}";
                string key = random.Next(10) switch
                {
                    0 => "plain" + Skew(1000),
                    < 4 => $"{head}:{Skew(5000)}",
                    _ => $"{head}:{Skew(300)}:{Skew(2000)}:{i}",
                };
                stream.Add((key, random.Next(minBytes, maxBytes + 1)));
            }
            return stream;
        }
    }

    /// <summary>
    /// Space-Saving as the paper states it (Metwally, Agrawal, El Abbadi 2005), as plainly as possible: a dictionary per depth;
    /// a new prefix on a full depth replaces a minimum-count entry found by a linear scan and inherits its count and bytes.
    /// </summary>
    private sealed class ReferenceSpaceSaving(int capacity, int depth)
    {
        private readonly Dictionary<string, (long Count, long Bytes)>[] _depths =
            Enumerable.Range(0, depth).Select(_ => new Dictionary<string, (long, long)>(StringComparer.Ordinal)).ToArray();

        public long ErrorBound => _depths.Max(d => d.Count < capacity ? 0 : d.Values.Min(v => v.Count));

        public static IEnumerable<(int Depth, string Prefix)> Prefixes(string key, int depth)
        {
            int at = -1;
            for (int d = 0; d < depth; d++)
            {
                at = key.IndexOf(':', at + 1);
                if (at < 0) yield break;
                yield return (d, key[..at]);
            }
        }

        public void Add(string key, long bytes)
        {
            foreach (var (d, prefix) in Prefixes(key, depth))
            {
                var counters = _depths[d];
                if (counters.TryGetValue(prefix, out var c))
                {
                    counters[prefix] = (c.Count + 1, c.Bytes + bytes);
                }
                else if (counters.Count < capacity)
                {
                    counters[prefix] = (1, bytes);
                }
                else
                {
                    var victim = counters.MinBy(kv => kv.Value.Count);
                    counters.Remove(victim.Key);
                    counters[prefix] = (victim.Value.Count + 1, victim.Value.Bytes + bytes);
                }
            }
        }

        public List<PrefixStat> Entries() =>
            _depths.SelectMany((d, i) => d.Select(kv => new PrefixStat(kv.Key, i + 1, kv.Value.Count, kv.Value.Bytes))).ToList();
    }
}
