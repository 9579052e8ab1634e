using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>
/// Without a per-key observer the analysis counts small collections from their blobs' headers (their largest element
/// unmeasured, -1), once its top-N list is full of bigger keys (<see cref="TopKeysFloor"/>). The top keys must be exactly
/// those of an analysis that measures every key (one with an observer), largest elements included.
/// </summary>
public sealed class TopKeysLargestElementTests
{
    private sealed class Ignore : IKeyObserver
    {
        public long Keys { get; private set; }
        public void OnKey(in KeyRecord key) => Keys++;
    }

    private static object RandomEntry(Random r) => r.Next(3) switch
    {
        0 => r.NextInt64(-100_000, 100_000),
        1 => "word " + new string('w', r.Next(0, 60)),
        _ => new string('v', r.Next(0, 400) >> r.Next(0, 6)),
    };

    /// <summary>Hashes, sorted sets and lists of many sizes in listpacks (raw and LZF), and strings, in random order.</summary>
    private static string GeneratedFile(int seed)
    {
        var r = new Random(seed);
        var builder = new RdbBuilder(11).Aux("ctime", "1700000000");
        for (int k = 0; k < 3000; k++)
        {
            int size = r.Next(10) == 0 ? r.Next(20, 120) : r.Next(0, 12);
            bool lzf = r.Next(2) == 0;
            switch (r.Next(4))
            {
                case 0:
                    builder.BlobKey(RdbValueType.HashListpack, "h:" + k, RdbBlobs.Listpack(Enumerable.Range(0, 2 * size).Select(_ => RandomEntry(r)).ToList()), lzf);
                    break;
                case 1:
                    builder.BlobKey(RdbValueType.ZSetListpack, "z:" + k,
                        RdbBlobs.Listpack(Enumerable.Range(0, 2 * Math.Min(size, 128)).Select(i => i % 2 == 0 ? RandomEntry(r) : r.Next(1000)).ToList()), lzf);
                    break;
                case 2:
                    builder.Quicklist2Key("l:" + k, lzf, (2, RdbBlobs.Listpack(Enumerable.Range(0, size).Select(_ => RandomEntry(r)).ToList())));
                    break;
                default:
                    builder.StringKey("s:" + k, new string('s', r.Next(0, 3000)));
                    break;
            }
        }
        string path = Path.Combine(Path.GetTempPath(), $"rdbplanner-topkeys-{seed}-{Environment.ProcessId}.rdb");
        File.WriteAllBytes(path, builder.Build());
        return path;
    }

    public static TheoryData<string, bool, int> Cases()
    {
        var data = new TheoryData<string, bool, int>();
        var files = new List<string> { "generated:1", "generated:2", Path.Combine(FixturePaths.RepoRoot, "fixtures", "sample", "sample.rdb") };
        if (Directory.Exists(FixturePaths.GroundTruthDir) || FixturePaths.IsCi)
            files.AddRange(Directory.GetFiles(Path.Combine(FixturePaths.RequireShared(FixturePaths.GroundTruthDir), "rdb"), "*.rdb").Order(StringComparer.Ordinal));
        foreach (var f in files)
        {
            foreach (int top in new[] { 1, 10, 100 })
            {
                data.Add(f, false, top);
                data.Add(f, true, top);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TopKeys_AreThoseOfAnAnalysisThatMeasuresEveryKey(string file, bool pipelined, int top)
    {
        string path = file.StartsWith("generated:", StringComparison.Ordinal) ? GeneratedFile(int.Parse(file[10..])) : file;
        try
        {
            var options = AnalysisOptions.Default with { TopKeys = top, ReadAhead = false, MaxParallelFiles = 1, PipelineAggregation = pipelined };
            var observer = new Ignore();
            var measured = SnapshotAnalyzer.Analyze([path], options with { Observer = observer });
            var counted = SnapshotAnalyzer.Analyze([path], options);
            Assert.True(observer.Keys > 0);
            Assert.Equal(measured.TopKeys, counted.TopKeys);
            Assert.All(counted.TopKeys, k => Assert.True(k.LargestElement >= 0, $"{k.Key}: largest element {k.LargestElement}"));
        }
        finally
        {
            if (path != file) File.Delete(path);
        }
    }
}
