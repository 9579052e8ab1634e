using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>
/// Many files (a cluster's shards) are merged in input order as they finish (<see cref="DatasetMerger"/>): the summary
/// is the same whether they run one at a time or in parallel, and the first damaged file in input order is the one
/// reported.
/// </summary>
public sealed class ManyFilesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rdbplanner-many-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string[] Shards(int count)
    {
        var paths = new string[count];
        for (int f = 0; f < count; f++)
        {
            var b = new RdbBuilder(11).Aux("ctime", "1700000000").SelectDb(f % 3);
            // Shapes that differ per file, so top keys, prefixes and slots depend on which files are merged.
            for (int k = 0; k < 20 + 7 * f; k++)
            {
                if (k % 5 == 0) b.ExpireMs(1_700_000_000_000 + (k - 10) * 3_600_000L);
                if (k % 3 == 0) b.HashKey($"user:{f}:{k}", ("name", new string('n', k)), ("f", "1"));
                else b.StringKey($"{(k % 2 == 0 ? "session" : "cache")}:{f * 1000 + k}", new string('v', (f * 37 + k * 11) % 200));
            }
            paths[f] = Path.Combine(_dir.FullName, $"shard{f}.rdb");
            File.WriteAllBytes(paths[f], b.Build());
        }
        return paths;
    }

    [Fact]
    public void ParallelAndOneAtATime_GiveTheSameSummary()
    {
        var paths = Shards(23);
        var options = AnalysisOptions.Default with { TopKeys = 10, PrefixCapacity = 16 };
        string serial = SummaryText.Of(SnapshotAnalyzer.Analyze(paths, options with { MaxParallelFiles = 1 }));
        Assert.Contains("shard22.rdb", serial);
        for (int parallel = 2; parallel <= 4; parallel++)
        {
            Assert.Equal(serial, SummaryText.Of(SnapshotAnalyzer.Analyze(paths, options with { MaxParallelFiles = parallel })));
        }
    }

    [Fact]
    public void TheFirstDamagedFileInInputOrder_IsReported()
    {
        var paths = Shards(12);
        foreach (int damaged in new[] { 3, 9 })
        {
            var bytes = File.ReadAllBytes(paths[damaged]);
            File.WriteAllBytes(paths[damaged], bytes[..(bytes.Length / 2)]);
        }
        for (int parallel = 1; parallel <= 3; parallel++)
        {
            var e = Assert.Throws<AnalysisException>(() => SnapshotAnalyzer.Analyze(paths, AnalysisOptions.Default with { MaxParallelFiles = parallel }));
            Assert.Equal(paths[3], e.Path);
        }
        var partial = SnapshotAnalyzer.Analyze(paths, AnalysisOptions.Default with { MaxParallelFiles = 2, KeepGoing = true });
        Assert.True(partial.Partial);
        Assert.Equal(12, partial.Files.Count);
        Assert.StartsWith(paths[3] + ": offset ", partial.PartialReason);
        Assert.Contains("; " + paths[9] + ": offset ", partial.PartialReason);
    }
}
