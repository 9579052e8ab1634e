using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>
/// A sink may decline per-pair events for a hash or sorted-set blob (<see cref="IRdbValueSink.PairDetail"/>) and get one
/// <see cref="IRdbValueSink.PairSummary"/> instead: it must say what the pairs would have said, fall back to pairs when
/// the blob's header count is wrong, and never replace the Strict walk (duplicate and score checks).
/// </summary>
public sealed class PairSummaryTests
{
    /// <summary>Per key: pairs, longest first entry, longest second entry, whether a summary came; or the error.</summary>
    private sealed class PairFacts(bool decline) : NoOpVisitor
    {
        public List<string> Keys { get; } = [];
        public int Summaries { get; private set; }
        private long _pairs, _first, _second;
        private bool _summary;

        public override IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
        {
            _pairs = _first = _second = 0;
            _summary = false;
            _zset = info.Kind == RdbObjectKind.ZSet;
            return this;
        }
        public override void EndKey() => Keys.Add($"{_pairs} {_first} {_second}");
        public override void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) => Add(field.Length, value.Length);
        public override void ZSetEntry(RdbScalar member, double score) => Add(member.Length, 0);
        public override RdbItemDetail PairDetail(RdbValueType type, long declaredPairs, long blobBytes) => decline ? RdbItemDetail.Summary : RdbItemDetail.Items;
        public override void PairSummary(long pairs, long longestFirst, long longestSecond)
        {
            Summaries++;
            _summary = true;
            _pairs = pairs;
            _first = longestFirst;
            // Scores reach ZSetEntry as doubles, so only a hash's second entries are compared.
            _second = longestSecond * (_zset ? 0 : 1);
        }

        private bool _zset;

        private void Add(long first, long second)
        {
            Assert.False(_summary, "pairs after a summary");
            _pairs++;
            _first = Math.Max(_first, first);
            _second = Math.Max(_second, second);
        }
    }

    private static object RandomEntry(Random r) => r.Next(4) switch
    {
        0 => r.NextInt64(long.MinValue, long.MaxValue) >> r.Next(64),
        1 => new string('x', r.Next(0, 70)),
        2 => new string('y', r.Next(0, 5000)),
        _ => r.Next(-999, 999).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static (List<string> Keys, int Summaries) Run(byte[] file, bool decline, bool strict = false)
    {
        var v = new PairFacts(decline);
        RdbParser.Parse(new MemoryStream(file), v, new RdbReaderOptions { Strict = strict });
        return (v.Keys, v.Summaries);
    }

    /// <summary>The keys' facts, or "! " and the error of a file the reader rejects.</summary>
    private static string Outcome(byte[] file, bool decline)
    {
        try
        {
            return string.Join('|', Run(file, decline).Keys);
        }
        catch (RdbFormatException e)
        {
            return "! " + e.Message;
        }
    }

    [Theory]
    [InlineData(RdbValueType.HashListpack, false)]
    [InlineData(RdbValueType.ZSetListpack, true)]
    [InlineData(RdbValueType.HashZiplist, false)]
    [InlineData(RdbValueType.ZSetZiplist, true)]
    public void Summary_SaysWhatThePairsSay_OnRandomBlobs(RdbValueType type, bool zset)
    {
        var r = new Random((int)type);
        var builder = new RdbBuilder(type is RdbValueType.HashZiplist or RdbValueType.ZSetZiplist ? 9 : 10);
        for (int k = 0; k < 200; k++)
        {
            int pairs = r.Next(0, 40);
            var entries = new List<object>();
            for (int p = 0; p < pairs; p++)
            {
                entries.Add(RandomEntry(r));
                entries.Add(zset ? (r.Next(2) == 0 ? r.NextInt64(-1000, 1000) : (r.NextDouble() * 100).ToString("R", System.Globalization.CultureInfo.InvariantCulture)) : RandomEntry(r));
            }
            var blob = type is RdbValueType.HashZiplist or RdbValueType.ZSetZiplist ? RdbBlobs.Ziplist(entries) : RdbBlobs.Listpack(entries);
            builder.BlobKey(type, "k" + k, blob, lzf: k % 3 == 0);
        }
        var file = builder.Build();
        var perPair = Run(file, decline: false);
        var summarized = Run(file, decline: true);
        Assert.Equal(0, perPair.Summaries);
        Assert.Equal(200, summarized.Summaries);
        Assert.Equal(perPair.Keys, summarized.Keys);
    }

    /// <summary>
    /// The summary walk decodes small entries itself and hands the rest to the full walk; on damaged blobs (a byte
    /// changed inside the entries) both paths must stop at the same entry with the same message, or agree on the facts.
    /// </summary>
    [Fact]
    public void Summary_FailsOrAgreesLikeThePairs_OnDamagedListpacks()
    {
        var r = new Random(61);
        int failures = 0;
        for (int k = 0; k < 3000; k++)
        {
            var entries = new List<object>();
            int pairs = r.Next(1, 12);
            for (int p = 0; p < 2 * pairs; p++)
            {
                entries.Add(r.Next(4) switch
                {
                    0 => r.Next(0, 200),
                    1 => r.NextInt64(long.MinValue, long.MaxValue) >> r.Next(64),
                    _ => new string('v', r.Next(0, 150)),
                });
            }
            var blob = RdbBlobs.Listpack(entries);
            // Damage one byte between the header and the terminator, so the walk (not the header check) meets it.
            blob[r.Next(6, blob.Length - 1)] = (byte)r.Next(256);
            var file = new RdbBuilder(10).BlobKey(RdbValueType.HashListpack, "h", blob).Build();
            string perPair = Outcome(file, decline: false);
            Assert.Equal(perPair, Outcome(file, decline: true));
            if (perPair.StartsWith('!')) failures++;
        }
        Assert.InRange(failures, 30, 2970); // both outcomes were exercised (95 of the 3000 fail)
    }

    /// <summary>Every cut of a listpack's entries (header and terminator rewritten): an entry may end exactly at, or run into, the terminator.</summary>
    [Fact]
    public void Summary_FailsOrAgreesLikeThePairs_AtEveryCut()
    {
        // Every entry encoding: 7-bit, 13-, 16-, 24-, 32- and 64-bit integers; 6-, 12- and 32-bit strings.
        var full = RdbBlobs.Listpack(["f", 7, "abc", 99, "x", 120, new string('s', 63), 5, "v", -4000, "w", new string('t', 62),
            "i16", 30000, "i24", -5_000_000, "i32", 2_000_000_000, "i64", 1_000_000_000_000L, "s12", new string('u', 200),
            "s32", new string('z', 4100)]);
        int failures = 0, summaries = 0;
        for (int cut = 0; cut <= full.Length - 7; cut++)
        {
            var blob = new byte[6 + cut + 1];
            full.AsSpan(6, cut).CopyTo(blob.AsSpan(6));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)blob.Length);
            full.AsSpan(4, 2).CopyTo(blob.AsSpan(4)); // the full count: a clean cut falls back to pairs, a broken one fails in the summary walk
            blob[^1] = 0xFF;
            var file = new RdbBuilder(10).BlobKey(RdbValueType.HashListpack, "h", blob).Build();
            string perPair = Outcome(file, decline: false);
            Assert.Equal(perPair, Outcome(file, decline: true));
            if (perPair.StartsWith('!')) failures++;
            if (cut == full.Length - 7) summaries += Run(file, decline: true).Summaries;
        }
        Assert.InRange(failures, 10, full.Length - 10);
        Assert.True(summaries > 0, "the summary walk never ran");
    }

    [Fact]
    public void WrongHeaderCount_FallsBackToPairs()
    {
        var lp = RdbBlobs.Listpack(["a", "bb", "ccc", "dddd"], headerCount: 6); // says 3 pairs, holds 2
        var file = new RdbBuilder(10).BlobKey(RdbValueType.HashListpack, "h", lp).Build();
        var summarized = Run(file, decline: true);
        Assert.Equal(0, summarized.Summaries);
        Assert.Equal(["2 3 4"], summarized.Keys);
    }

    [Fact]
    public void StrictWalk_IsNeverSummarized_SoItsChecksStay()
    {
        var lp = RdbBlobs.Listpack("m", "not-a-number");
        var file = new RdbBuilder(10).BlobKey(RdbValueType.ZSetListpack, "z", lp).Build();
        Assert.Single(Run(file, decline: true).Keys); // lenient: the score reads as 0, as strtod gives
        var perPair = Assert.Throws<RdbFormatException>(() => Run(file, decline: false, strict: true));
        var declined = Assert.Throws<RdbFormatException>(() => Run(file, decline: true, strict: true));
        Assert.Equal(perPair.Message, declined.Message);
        var good = new RdbBuilder(10).BlobKey(RdbValueType.HashListpack, "h", RdbBlobs.Listpack("f", "v")).Build();
        Assert.Equal(0, Run(good, decline: true, strict: true).Summaries);
    }

    [Fact]
    public void EveryPeerDumpAndGroundTruthFile_GivesTheSamePairFacts_EitherWay()
    {
        var files = SampleFiles.SharedRdbPaths();
        int summaries = 0;
        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            string Outcome(bool decline, out int used)
            {
                var v = new PairFacts(decline);
                used = 0;
                try
                {
                    RdbParser.Parse(new MemoryStream(bytes), v, new RdbReaderOptions());
                }
                catch (RdbFormatException e)
                {
                    return string.Join('|', v.Keys) + " ! " + e.Message;
                }
                used = v.Summaries;
                return string.Join('|', v.Keys);
            }
            Assert.Equal(Outcome(false, out _), Outcome(true, out int used));
            summaries += used;
        }
        Assert.True(summaries > 0, "no file had a blob the summary path took");
    }
}
