using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using RdbPlanner.TestKit.Reference;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>
/// A sink may take a listpack of pairs, or a packed quicklist node, by its header's count alone
/// (<see cref="RdbItemDetail.Count"/>): the counts must be those the walk finds in well-formed blobs, the longest -1 and no
/// item events; every error in an LZF stream or a header must still be reported as opening the blob reports it; a Strict
/// reader walks anyway.
/// </summary>
public sealed class CountDetailTests
{
    /// <summary>Per key: items counted and the longest; how many blobs came as a count, and how many item events.</summary>
    private sealed class Facts(RdbItemDetail detail) : NoOpVisitor
    {
        public List<string> Keys { get; } = [];
        public int Counted { get; private set; }
        public int ItemEvents { get; private set; }
        private long _items, _longest;

        public override IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
        {
            _items = _longest = 0;
            return this;
        }
        public override void EndKey() => Keys.Add($"{_items}");
        public override void Element(RdbScalar element) => Item(element.Length);
        public override void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) => Item(Math.Max(field.Length, value.Length));
        public override void ZSetEntry(RdbScalar member, double score) => Item(member.Length);
        public override RdbItemDetail PairDetail(RdbValueType type, long declaredPairs, long blobBytes) => detail;
        public override RdbItemDetail NodeDetail(RdbQuicklistContainer container, long blobBytes) => detail;
        public override void PairSummary(long pairs, long longestFirst, long longestSecond) => Summary(pairs, Math.Max(longestFirst, longestSecond));
        public override void NodeElementSummary(long elements, long longestElement) => Summary(elements, longestElement);

        private void Item(long length)
        {
            ItemEvents++;
            _items++;
            _longest = Math.Max(_longest, length);
        }

        private void Summary(long items, long longest)
        {
            if (longest < 0) Counted++;
            _items += items;
        }
    }

    private static Facts Run(byte[] file, RdbItemDetail detail, bool strict = false)
    {
        var v = new Facts(detail);
        RdbParser.Parse(new MemoryStream(file), v, new RdbReaderOptions { Strict = strict });
        return v;
    }

    /// <summary>The keys' counts, or "! " and the error of a file the reader rejects.</summary>
    private static string Outcome(byte[] file, RdbItemDetail detail)
    {
        try
        {
            return string.Join('|', Run(file, detail).Keys);
        }
        catch (RdbFormatException e)
        {
            return "! " + e.Message;
        }
    }

    private static object RandomEntry(Random r) => r.Next(4) switch
    {
        0 => r.NextInt64(long.MinValue, long.MaxValue) >> r.Next(64),
        1 => new string('x', r.Next(0, 70)),
        2 => "word " + new string('y', r.Next(0, 300)),
        _ => r.Next(-999, 999).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static byte[] RandomFile(Random r, out int blobs)
    {
        var builder = new RdbBuilder(11);
        blobs = 0;
        for (int k = 0; k < 300; k++)
        {
            bool lzf = r.Next(2) == 0;
            if (k % 3 == 2)
            {
                var nodes = Enumerable.Range(0, r.Next(1, 4))
                    .Select(_ => (2, RdbBlobs.Listpack(Enumerable.Range(0, r.Next(0, 30)).Select(_ => RandomEntry(r)).ToList())))
                    .ToArray();
                builder.Quicklist2Key("l" + k, lzf, nodes);
                blobs += nodes.Length;
                continue;
            }
            var type = k % 3 == 0 ? RdbValueType.HashListpack : RdbValueType.ZSetListpack;
            var entries = new List<object>();
            for (int p = r.Next(0, 40); p > 0; p--)
            {
                entries.Add($"f{p}:{RandomEntry(r)}"); // distinct, as the Strict walk requires
                entries.Add(type == RdbValueType.ZSetListpack ? r.NextInt64(-1000, 1000) : RandomEntry(r));
            }
            builder.BlobKey(type, "k" + k, RdbBlobs.Listpack(entries), lzf);
            blobs++;
        }
        return builder.Build();
    }

    [Fact]
    public void Count_GivesTheWalkedCounts_WithoutItems_OnRandomBlobs()
    {
        var r = new Random(2811);
        var file = RandomFile(r, out int blobs);
        var items = Run(file, RdbItemDetail.Items);
        var counted = Run(file, RdbItemDetail.Count);
        Assert.Equal(items.Keys, counted.Keys);
        Assert.Equal(0, items.Counted);
        Assert.Equal(blobs, counted.Counted);
        Assert.Equal(0, counted.ItemEvents);
        // Strict walks every pair and, for a node, measures its longest element: nothing is taken by its count.
        var strict = Run(file, RdbItemDetail.Count, strict: true);
        Assert.Equal(items.Keys, strict.Keys);
        Assert.Equal(0, strict.Counted);
    }

    [Fact]
    public void Count_OfAZiplistOfPairs_IsTakenAfterOpeningIt()
    {
        var zl = RdbBlobs.Ziplist("f1", "v1", "f2", 12345);
        var file = new RdbBuilder(9).BlobKey(RdbValueType.HashZiplist, "z", zl, lzf: true).Build();
        var counted = Run(file, RdbItemDetail.Count);
        Assert.Equal(["2"], counted.Keys);
        Assert.Equal(1, counted.Counted);
        Assert.Equal(0, counted.ItemEvents);
    }

    [Fact]
    public void Count_ReportsEveryLzfAndHeaderError_AsOpeningTheBlobDoes()
    {
        var r = new Random(2812);
        int lzfErrors = 0, sameCounts = 0;
        for (int k = 0; k < 3000; k++)
        {
            var lp = RdbBlobs.Listpack(Enumerable.Range(0, 2 * r.Next(1, 12)).Select(_ => RandomEntry(r)).ToList());
            var compressed = LzfCompressor.Compress(lp);
            long claimed = lp.Length;
            switch (r.Next(3))
            {
                case 0: compressed[r.Next(compressed.Length)] = (byte)r.Next(256); break;
                case 1: claimed += r.Next(-3, 4); break;
                default: compressed = compressed.AsSpan(0, r.Next(1, compressed.Length + 1)).ToArray(); break;
            }
            var builder = new RdbBuilder(11);
            if (k % 2 == 0) builder.Key(RdbValueType.HashListpack, "h").LzfRaw(compressed, claimed);
            else builder.Key(RdbValueType.ListQuicklist2, "l").Length(1).Length(2).LzfRaw(compressed, claimed);
            var file = builder.Build();
            string opened = Outcome(file, RdbItemDetail.Items);
            string counted = Outcome(file, RdbItemDetail.Count);
            if (opened.Contains("LZF", StringComparison.Ordinal))
            {
                lzfErrors++;
                Assert.Equal(opened, counted);
            }
            else if (counted.StartsWith('!'))
            {
                Assert.Equal(opened, counted); // nothing is rejected that opening the blob accepts
            }
            else if (counted == opened)
            {
                sameCounts++;
            }
        }
        Assert.InRange(lzfErrors, 300, 2700); // both kinds of outcome were exercised
        Assert.True(sameCounts > 300, $"{sameCounts}");
    }

    [Fact]
    public void Count_OfARawListpack_StillChecksItsHeaderAndTerminator()
    {
        var lp = RdbBlobs.Listpack("a", "1", "b", "2");
        foreach (var damage in new Action<byte[]>[] { b => b[0]++, b => b[^1] = 0 })
        {
            var bad = (byte[])lp.Clone();
            damage(bad);
            foreach (var file in new[]
            {
                new RdbBuilder(11).BlobKey(RdbValueType.HashListpack, "h", bad).Build(),
                new RdbBuilder(11).Quicklist2Key("l", (2, bad)).Build(),
            })
            {
                string opened = Outcome(file, RdbItemDetail.Items);
                Assert.StartsWith("!", opened);
                Assert.Equal(opened, Outcome(file, RdbItemDetail.Count));
            }
        }
    }
}
