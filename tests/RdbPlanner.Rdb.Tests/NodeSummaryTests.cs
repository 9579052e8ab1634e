using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>
/// A sink may decline per-element events for a packed quicklist node (<see cref="IRdbValueSink.NodeDetail"/>) and
/// get one <see cref="IRdbValueSink.NodeElementSummary"/> per node instead: it must say what the elements would have said,
/// and a damaged node must fail the same way either way.
/// </summary>
public sealed class NodeSummaryTests
{
    /// <summary>Per key: elements, longest element, and per node what came; or the error.</summary>
    private sealed class NodeFacts(bool decline) : NoOpVisitor
    {
        public List<string> Keys { get; } = [];
        public int Summaries { get; private set; }
        private long _elements, _longest;

        public override IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
        {
            _elements = _longest = 0;
            return this;
        }
        public override void EndKey() => Keys.Add($"{_elements} {_longest}");
        public override void Element(RdbScalar element)
        {
            _elements++;
            _longest = Math.Max(_longest, element.Length);
        }
        public override RdbItemDetail NodeDetail(RdbQuicklistContainer container, long blobBytes) => decline ? RdbItemDetail.Summary : RdbItemDetail.Items;
        public override void NodeElementSummary(long elements, long longestElement)
        {
            Summaries++;
            _elements += elements;
            _longest = Math.Max(_longest, longestElement);
        }
    }

    private static string Outcome(byte[] file, bool decline, out int summaries, bool strict = false)
    {
        var v = new NodeFacts(decline);
        summaries = 0;
        try
        {
            RdbParser.Parse(new MemoryStream(file), v, new RdbReaderOptions { Strict = strict });
        }
        catch (RdbFormatException e)
        {
            return string.Join('|', v.Keys) + " ! " + e.Message;
        }
        summaries = v.Summaries;
        return string.Join('|', v.Keys);
    }

    private static object RandomElement(Random r) => r.Next(4) switch
    {
        0 => r.NextInt64(long.MinValue, long.MaxValue) >> r.Next(64),
        1 => r.Next(0, 200),
        2 => new string('e', r.Next(0, 5000) >> r.Next(0, 12)),
        _ => r.Next(-99_999, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture), // canonical integer text
    };

    [Fact]
    public void Summary_SaysWhatTheElementsSay_OnRandomLists()
    {
        var r = new Random(18);
        var builder = new RdbBuilder(11);
        for (int k = 0; k < 150; k++)
        {
            var nodes = new List<(int, byte[])>();
            for (int n = r.Next(1, 5); n > 0; n--)
            {
                if (r.Next(5) == 0)
                {
                    nodes.Add((1, System.Text.Encoding.ASCII.GetBytes(new string('p', r.Next(1, 100))))); // a PLAIN node
                    continue;
                }
                var elements = Enumerable.Range(0, r.Next(0, 40)).Select(_ => RandomElement(r)).ToList();
                nodes.Add((2, RdbBlobs.Listpack(elements, headerCount: r.Next(10) == 0 ? 65535 : null)));
            }
            builder.Quicklist2Key("l" + k, [.. nodes]);
        }
        var zipNodes = new RdbBuilder(9);
        for (int k = 0; k < 50; k++)
        {
            zipNodes.QuicklistKey("z" + k, RdbBlobs.Ziplist(Enumerable.Range(0, r.Next(1, 30)).Select(_ => RandomElement(r)).ToList()));
        }
        foreach (var file in new[] { builder.Build(), zipNodes.Build() })
        {
            string perElement = Outcome(file, decline: false, out int none);
            string summarized = Outcome(file, decline: true, out int summaries);
            Assert.Equal(0, none);
            Assert.True(summaries > 0);
            Assert.Equal(perElement, summarized);
            Assert.Equal(perElement, Outcome(file, decline: true, out _, strict: true));
        }
    }

    [Fact]
    public void Summary_FailsOrAgreesLikeTheElements_OnDamagedNodes()
    {
        var r = new Random(19);
        int failures = 0;
        for (int k = 0; k < 2000; k++)
        {
            var lp = RdbBlobs.Listpack(Enumerable.Range(0, r.Next(1, 20)).Select(_ => RandomElement(r)).ToList());
            lp[r.Next(6, lp.Length - 1)] = (byte)r.Next(256); // inside the entries, past the header checks
            var file = new RdbBuilder(11).Quicklist2Key("l", (2, lp)).Build();
            string perElement = Outcome(file, decline: false, out _);
            Assert.Equal(perElement, Outcome(file, decline: true, out _));
            if (perElement.Contains(" ! ", StringComparison.Ordinal)) failures++;
        }
        Assert.InRange(failures, 20, 1980); // both outcomes were exercised
    }

    [Fact]
    public void EveryPeerDumpAndGroundTruthFile_GivesTheSameElementFacts_EitherWay()
    {
        var files = SampleFiles.SharedRdbPaths();
        int summaries = 0;
        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(Outcome(bytes, decline: false, out _), Outcome(bytes, decline: true, out int used));
            summaries += used;
        }
        Assert.True(summaries > 0, "no file had a node the summary path took");
    }
}
