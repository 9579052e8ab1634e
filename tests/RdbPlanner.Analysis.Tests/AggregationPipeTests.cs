using System.Runtime.CompilerServices;
using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>The pipelined aggregation (second thread, batches) must give exactly what the inline one gives.</summary>
public sealed class AggregationPipeTests
{
    public static TheoryData<string, int> Files()
    {
        var data = new TheoryData<string, int>();
        foreach (var f in Directory.GetFiles(Path.Combine(FixturePaths.RepoRoot, "fixtures", "rdb"), "*.rdb").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f), AggregationPipe.BatchRecords);
        }
        // The sample's 14,551 keys in 16-record batches: batches are made, filled, sent early when their key bytes
        // run out, and recycled hundreds of times.
        data.Add("../sample/sample.rdb", AggregationPipe.BatchRecords);
        data.Add("../sample/sample.rdb", 16);
        data.Add("../sample/sample.rdb", 1);
        // Module values: their names travel as numbers (ModuleNames).
        foreach (var dump in new[] { "librdb/module.rdb", "redis-replicator/dump-module-2.rdb", "redis-rdb-tools/redis_40_with_module.rdb" })
        {
            data.Add(Path.Combine(FixturePaths.PeerDumpsDir, dump), 1);
        }
        return data;
    }

    private sealed class OrderObserver : IKeyObserver
    {
        public readonly List<string> Keys = [];
        public readonly List<long> Bytes = [];

        public void OnKey(in KeyRecord key)
        {
            Keys.Add(KeyText.Escape(key.Key));
            Bytes.Add(key.Bytes[0] + key.Bytes[3]);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void PipelinedAndInline_GiveTheSameSummary(string name, int batchRecords)
    {
        var path = Path.GetFullPath(Path.Combine(FixturePaths.RepoRoot, "fixtures", "rdb", name));
        var inlineKeys = new OrderObserver();
        var pipedKeys = new OrderObserver();
        // Small top-N and prefix capacities make evictions (and thus order) matter.
        var options = AnalysisOptions.Default with { ReadAhead = false, TopKeys = 7, PrefixCapacity = 16, MaxParallelFiles = 1 };
        var inline = SnapshotAnalyzer.Analyze([path], options with { PipelineAggregation = false, Observer = inlineKeys });
        var piped = SnapshotAnalyzer.Analyze([path], options with { PipelineAggregation = true, AggregationBatchRecords = batchRecords, Observer = pipedKeys });

        Assert.NotEmpty(inlineKeys.Keys);
        Assert.Equal(inlineKeys.Keys, pipedKeys.Keys);
        Assert.Equal(inlineKeys.Bytes, pipedKeys.Bytes);
        Assert.Equal(inline.Keys, piped.Keys);
        Assert.Equal(inline.KeysWithExpiry, piped.KeysWithExpiry);
        Assert.Equal(inline.KeysExpiredAtSnapshot, piped.KeysExpiredAtSnapshot);
        Assert.Equal(inline.Databases, piped.Databases);
        Assert.Equal(inline.Types, piped.Types);
        Assert.Equal(inline.FileEncodings, piped.FileEncodings);
        Assert.Equal(inline.SlotKeys, piped.SlotKeys);
        Assert.Equal(inline.TopKeys, piped.TopKeys);
        Assert.Equal(inline.Prefixes, piped.Prefixes);
        Assert.Equal(inline.Ttl.Keys, piped.Ttl.Keys);
        Assert.Equal(inline.Ttl.Bytes, piped.Ttl.Bytes);
        Assert.Equal(inline.Readiness.ModuleKeys, piped.Readiness.ModuleKeys);
        if (name.Contains("module")) Assert.DoesNotContain("unknown", Assert.Single(piped.Readiness.ModuleKeys).Key);
        for (int m = 0; m < inline.Estimates.Count; m++)
        {
            Assert.Equal(inline.Estimates[m].StandaloneBytes, piped.Estimates[m].StandaloneBytes);
            Assert.Equal(inline.Estimates[m].ClusterBytes, piped.Estimates[m].ClusterBytes);
            Assert.Equal(inline.Estimates[m].SlotBytes, piped.Estimates[m].SlotBytes);
            Assert.Equal(inline.Estimates[m].LargestKeyBytes, piped.Estimates[m].LargestKeyBytes);
        }
    }

    /// <summary>Cut inside values: a value the parse never finishes must leave no key behind, pipelined as inline.</summary>
    [Theory]
    [InlineData(16)]
    [InlineData(AggregationPipe.BatchRecords)]
    public void PipelinedAndInline_GiveTheSamePartialSummary_OfTruncatedFiles(int batchRecords)
    {
        var sample = File.ReadAllBytes(Path.Combine(FixturePaths.RepoRoot, "fixtures", "sample", "sample.rdb"));
        var dir = Directory.CreateTempSubdirectory("rdbplanner-pipe-");
        try
        {
            var random = new Random(batchRecords);
            for (int i = 0; i < 12; i++)
            {
                var path = Path.Combine(dir.FullName, $"cut{i}.rdb");
                File.WriteAllBytes(path, sample.AsSpan(0, random.Next(200, sample.Length - 10)).ToArray());
                var inlineKeys = new OrderObserver();
                var pipedKeys = new OrderObserver();
                var options = AnalysisOptions.Default with { ReadAhead = false, MaxParallelFiles = 1, KeepGoing = true };
                var inline = SnapshotAnalyzer.Analyze([path], options with { PipelineAggregation = false, Observer = inlineKeys });
                var piped = SnapshotAnalyzer.Analyze([path], options with { PipelineAggregation = true, AggregationBatchRecords = batchRecords, Observer = pipedKeys });
                Assert.True(inline.Partial);
                Assert.True(piped.Partial);
                Assert.Equal(inlineKeys.Keys, pipedKeys.Keys);
                Assert.Equal(inline.Keys, piped.Keys);
                Assert.Equal(inline.SlotKeys, piped.SlotKeys);
                Assert.Equal(inline.Types, piped.Types);
                for (int m = 0; m < inline.Estimates.Count; m++) Assert.Equal(inline.Estimates[m].StandaloneBytes, piped.Estimates[m].StandaloneBytes);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheRecordHandedAcross_StaysSmall()
    {
        // Each record is written on one core and read on the other: at 330 bytes (four full estimates) the handover
        // cost what the second thread saved. Growing it again should be a decision, not an accident.
        Assert.InRange(Unsafe.SizeOf<KeyFacts>(), 1, 120);
        // And free of references, so the collector does not scan the batches.
        Assert.False(RuntimeHelpers.IsReferenceOrContainsReferences<KeyFacts>());
    }

    private sealed class FailingObserver(int after) : IKeyObserver
    {
        private int _seen;

        public void OnKey(in KeyRecord key)
        {
            if (++_seen > after) throw new InvalidOperationException("observer failed on purpose");
        }
    }

    [Fact]
    public void AnAggregationFailure_ReachesTheCaller_AndNothingHangs()
    {
        var path = Path.Combine(FixturePaths.RepoRoot, "fixtures", "sample", "sample.rdb");
        var options = AnalysisOptions.Default with { ReadAhead = false, PipelineAggregation = true, MaxParallelFiles = 1, Observer = new FailingObserver(5000) };
        // As with inline aggregation, the failure surfaces as itself (InOrderRun rethrows it, not wrapped).
        var error = Assert.Throws<InvalidOperationException>(() => SnapshotAnalyzer.Analyze([path], options));
        Assert.Contains("on purpose", error.Message);
    }

    [Fact]
    public void TheAggregates_AreBuiltOnTheAggregatingThread_AndReadAfterCompletion()
    {
        // Built there so their per-key writes never share a cache line with the parsing thread's objects.
        int builtOn = -1;
        var pipe = new AggregationPipe(() =>
        {
            builtOn = Environment.CurrentManagedThreadId;
            return new KeyAggregates(AnalysisOptions.Default, null, new ModuleNames());
        }, batchRecords: 4);
        Assert.Throws<InvalidOperationException>(() => pipe.Target);
        for (int i = 0; i < 10; i++)
        {
            ref var facts = ref pipe.Next("key"u8);
            facts = default;
            facts.ExpireAtMs = -1;
        }
        pipe.Complete(rethrow: true);
        Assert.NotEqual(Environment.CurrentManagedThreadId, builtOn);
        Assert.Equal(10, pipe.Target.Keys);
    }

    [Fact]
    public void AFailureToBuildTheAggregates_ReachesTheCaller_AndNothingHangs()
    {
        var pipe = new AggregationPipe(() => throw new InvalidOperationException("build failed on purpose"), batchRecords: 2);
        for (int i = 0; i < 100; i++) pipe.Next("k"u8) = default; // more batches than the pipe holds: none may block
        pipe.Complete(rethrow: false);
        Assert.Throws<InvalidOperationException>(() => pipe.Target);
        var error = Assert.Throws<InvalidOperationException>(() => pipe.Complete(rethrow: true));
        Assert.Contains("on purpose", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TTLs_AreMeasuredFromTheTimeKnownWhenEachKeyIsRead(bool pipelined)
    {
        // The reference time reaches the aggregates as an event of its own: until the ctime AUX field it is the
        // analysis start (now, years after this ctime), from there on the snapshot's time.
        const long ctimeMs = 1_700_000_000_000;
        var bytes = new RdbBuilder(11)
            .SelectDb(0)
            .ExpireMs(ctimeMs + 2 * 3_600_000).StringKey("before", "v") // long past by now: "expired"
            .Aux("ctime", "1700000000")
            .ExpireMs(ctimeMs + 2 * 3_600_000).StringKey("after", "v") // two hours after the snapshot: "< 1 day"
            .ExpireMs(ctimeMs + 2 * 86_400_000).StringKey("later", "v") // two days after: "< 7 days"
            .Build();
        var path = Path.Combine(Path.GetTempPath(), $"rdbplanner-ttl-{Guid.NewGuid():N}.rdb");
        File.WriteAllBytes(path, bytes);
        try
        {
            var options = AnalysisOptions.Default with { ReadAhead = false, MaxParallelFiles = 1, PipelineAggregation = pipelined, AggregationBatchRecords = 1 };
            var summary = SnapshotAnalyzer.Analyze([path], options);
            Assert.Equal([0, 1, 0, 1, 1, 0, 0], summary.Ttl.Keys);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
