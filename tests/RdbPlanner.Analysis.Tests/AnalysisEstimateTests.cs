using RdbPlanner.Memory;
using RdbPlanner.Memory.Tests;
using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>
/// The analysis takes short cuts to each key's costs (plain strings' costs remembered and looked up on the aggregating
/// thread, pair blobs summarised) that must not change a byte of the estimates: its totals equal those of the plain
/// reference path, every key's value events through <see cref="KeyEstimator"/> into one <see cref="DatasetEstimator"/>.
/// </summary>
public sealed class AnalysisEstimateTests
{
    public static TheoryData<string, bool> Files()
    {
        var data = new TheoryData<string, bool>();
        var files = Directory.GetFiles(Path.Combine(FixturePaths.RepoRoot, "fixtures", "rdb"), "*.rdb")
            .Append(Path.Combine(FixturePaths.RepoRoot, "fixtures", "sample", "sample.rdb"));
        if (Directory.Exists(FixturePaths.GroundTruthDir) || FixturePaths.IsCi)
            files = files.Concat(Directory.GetFiles(Path.Combine(FixturePaths.RequireShared(FixturePaths.GroundTruthDir), "rdb"), "*.rdb"));
        foreach (var f in files.Order(StringComparer.Ordinal))
        {
            data.Add(f, false);
            data.Add(f, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TheAnalysis_EstimatesWhatTheReferencePathEstimates(string path, bool pipelined)
    {
        var models = MemoryModelOptions.Default;
        var reference = EstimatingVisitor.EstimateFile(path, models);
        // The reference path loads every key, so the analysis keeps those already expired too.
        var options = AnalysisOptions.Default with { Models = models, IncludeExpired = true, ReadAhead = false, MaxParallelFiles = 1, PipelineAggregation = pipelined };
        var summary = SnapshotAnalyzer.Analyze([path], options);
        foreach (var expected in reference)
        {
            var actual = summary.Estimate(expected.Model);
            Assert.Equal((expected.Model, expected.StandaloneBytes), (actual.Model, actual.StandaloneBytes));
            Assert.Equal((expected.Model, expected.ClusterBytes), (actual.Model, actual.ClusterBytes));
        }
    }
}
