using RdbPlanner.Fuzz;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>
/// A file split into segments parsed on several threads (<see cref="SegmentedFile"/>) must give exactly what one pass
/// gives, with the same segmentation: every figure, the first error and the partial result on damage, the digests.
/// </summary>
public sealed class SplitFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rdbplanner-split-");

    public void Dispose() => _dir.Delete(recursive: true);

    // Small sketches and top lists, so evictions and ties at the threshold happen in the files below.
    private static readonly AnalysisOptions s_small = AnalysisOptions.Default with { TopKeys = 5, PrefixCapacity = 8, ComputeSha256 = true };

    /// <summary>One pass, then split on 1 to 3 threads: all the same.</summary>
    private static void AssertSplitMatchesOnePass(string path, AnalysisOptions options)
    {
        string onePass = SummaryText.Outcome(path, options with { SplitFiles = false });
        string pipelined = SummaryText.Outcome(path, options with { SplitFiles = false, PipelineAggregation = true, AggregationBatchRecords = 3 });
        Assert.True(onePass == pipelined, $"{path}: pipelined differs from one pass\n{onePass}\n---\n{pipelined}");
        foreach (int threads in new[] { 1, 3 })
        {
            string split = SummaryText.Outcome(path, options with { SplitFiles = true, SegmentThreads = threads });
            Assert.True(onePass == split, $"{path}, {threads} thread(s): split differs from one pass\n{onePass}\n---\n{split}");
        }
    }

    private string Write(string name, byte[] data)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    /// <summary>Keys of every kind over 3 databases, with TTLs around the snapshot time and RESIZEDB hints.</summary>
    private static byte[] Mixed(int keys)
    {
        var b = new RdbBuilder(11).Aux("redis-ver", "7.2.4").Aux("ctime", "1700000000").SelectDb(0).ResizeDb(keys, keys / 4);
        for (int k = 0; k < keys; k++)
        {
            if (k == keys / 3) b.SelectDb(2).ResizeDb(keys / 3, 0);
            if (k == 2 * keys / 3) b.SelectDb(0).ResizeDb(keys, keys / 4);
            if (k % 4 == 0) b.ExpireMs(1_700_000_000_000 + (k % 9 - 4) * 3_600_000L);
            string prefix = (k % 7) switch { 0 => "user", 1 => "session", 2 => "cart", _ => "c" + (k % 13) };
            switch (k % 5)
            {
                case 0: b.HashKey($"{prefix}:{k % 50}:{k}", ("name", new string('n', k % 90)), ("n", (k % 1000).ToString())); break;
                case 1: b.ListKey($"{prefix}:{k}", "a", new string('b', k % 70)); break;
                case 2: b.SetKey($"{prefix}:{k % 11}:{k}", "x", k.ToString()); break;
                case 3: b.ZSetKey($"{prefix}:{{tag{k % 3}}}:{k}", true, ("m", k), ("n", -k)); break;
                default: b.StringKey($"{prefix}:{k % 17}:{k}", new string('v', (k * 37) % 300)); break;
            }
        }
        return b.Build();
    }

    public static TheoryData<long> SegmentSizes() => [64, 500, 4096, 1 << 20];

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void MixedFile_SplitGivesWhatOnePassGives(long segmentBytes)
    {
        var path = Write("mixed.rdb", Mixed(3000));
        var options = s_small with { Segmentation = new RdbSegmentation(segmentBytes) };
        AssertSplitMatchesOnePass(path, options);
        AssertSplitMatchesOnePass(path, options with { TopKeys = 0, IncludeExpired = true, PrefixDepth = 1 });
    }

    /// <summary>More threads than <see cref="SegmentedFile.MaxThreads"/>: capped, with segments reusing merged ones' tables.</summary>
    [Fact]
    public void ManyThreads_SplitGivesWhatOnePassGives()
    {
        var path = Write("mixed.rdb", Mixed(3000));
        var options = s_small with { Segmentation = new RdbSegmentation(500) };
        string onePass = SummaryText.Outcome(path, options with { SplitFiles = false });
        string split = SummaryText.Outcome(path, options with { SplitFiles = true, SegmentThreads = 2 * SegmentedFile.MaxThreads });
        Assert.True(onePass == split, $"split on {2 * SegmentedFile.MaxThreads} threads differs from one pass\n{onePass}\n---\n{split}");
    }

    [Fact]
    public void DamagedFile_SplitReportsTheFirstErrorAndTheSamePartialResult()
    {
        var file = Mixed(2000);
        var options = s_small with { Segmentation = new RdbSegmentation(700) };
        // Cut short in the middle of a segment; a value whose length runs past the end; a byte flipped in a listpack.
        AssertSplitMatchesOnePass(Write("truncated.rdb", file[..(file.Length * 2 / 3)]), options);
        AssertSplitMatchesOnePass(Write("truncated.rdb", file[..(file.Length * 2 / 3)]), options with { KeepGoing = true });
        var rng = new Random(7);
        for (int i = 0; i < 16; i++)
        {
            var damaged = (byte[])file.Clone();
            damaged[9 + rng.Next(damaged.Length - 9)] ^= (byte)(1 + rng.Next(255));
            var path = Write($"damaged{i}.rdb", damaged);
            AssertSplitMatchesOnePass(path, options);
            AssertSplitMatchesOnePass(path, options with { KeepGoing = true });
        }
    }

    /// <summary>
    /// Random mutants (bytes changed, runs deleted or copied elsewhere, cuts) put guesses, re-parses and errors in every
    /// segment: the fuzz harness's <c>--split</c> oracle, on a fixed sample (the harness ran 70,000 more).
    /// </summary>
    [Fact]
    public void RandomMutants_SplitGivesWhatOnePassGives()
    {
        var file = Mixed(200);
        var rng = new Random(23);
        for (int i = 0; i < 80; i++)
        {
            var path = Write($"mutant{i}.rdb", RandomMutants.Of(file, rng));
            long segment = i % 2 == 0 ? 61 : 397;
            AssertSplitMatchesOnePass(path, s_small with { Segmentation = new RdbSegmentation(segment), KeepGoing = i % 3 != 0 });
        }
    }

    /// <summary>fixtures/split: inputs on which a deliberately broken merge failed (see its README).</summary>
    [Fact]
    public void KeptInputs_SplitGivesWhatOnePassGives()
    {
        var files = Directory.GetFiles(Path.Combine(FixturePaths.RepoRoot, "fixtures", "split"), "*.rdb").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            foreach (long segment in new[] { 61L, Math.Max(62, new FileInfo(path).Length / 5) })
            {
                AssertSplitMatchesOnePass(path, s_small with { Segmentation = new RdbSegmentation(segment), KeepGoing = true });
            }
        }
    }

    [Fact]
    public void SharedFiles_SplitGivesWhatOnePassGives()
    {
        var files = Directory.EnumerateFiles(FixturePaths.RequireShared(FixturePaths.PeerDumpsDir), "*.rdb", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(FixturePaths.RequireShared(FixturePaths.GroundTruthDir), "*.rdb", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 250, $"only {files.Count} files");
        foreach (var path in files)
        {
            AssertSplitMatchesOnePass(path, s_small with { Segmentation = new RdbSegmentation(2048), KeepGoing = true });
        }
    }

    [Fact]
    public void TheDefaultChoice_GivesTheSameResult_WhetherItSplitsOrNot()
    {
        var path = Write("mixed.rdb", Mixed(3000));
        long length = new FileInfo(path).Length;
        var options = AnalysisOptions.Default with { Segmentation = new RdbSegmentation(length / 4), SplitFiles = null };
        string onePass = SummaryText.Outcome(path, options with { SplitFiles = false });
        foreach (int threads in new[] { 1, 2, AnalysisOptions.SplitFromThreads, 4 })
        {
            Assert.Equal(onePass, SummaryText.Outcome(path, options with { Threads = threads }));
        }
    }
}
