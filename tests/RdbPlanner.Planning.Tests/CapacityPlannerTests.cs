using RdbPlanner.Memory;

namespace RdbPlanner.Planning.Tests;

public sealed class CapacityPlannerTests
{
    // r7g.large: maxmemory 14_037_181_030 B; × 0.75 = 10_527_885_772.5 → 10_527_885_772 usable.
    private const long R7gLargeUsable = 10_527_885_772;

    // r7g.xlarge: maxmemory 28_261_849_702 B; × 0.75 → 21_196_387_276 usable.
    private const long R7gXlargeUsable = 21_196_387_276;

    private static readonly NodeCatalog s_catalog = NodeCatalog.Load();

    private static PlanOptions R7g(ClusterModeOption mode) => PlanOptions.Default with { NodeFamilies = ["r7g"], ClusterMode = mode };

    [Fact]
    public void Plan_ExactlyAtCapacity_FitsOneLargeNode()
    {
        // needed = 8_772_479_810 × 1.2 + 910_000 = 10_526_975_772 + 910_000 = 10_527_885_772 = usable, to the byte.
        var summary = new SummaryBuilder().All(e => { e.StandaloneBytes = 8_772_479_810; e.EmptyStandaloneBytes = 910_000; }).Build();
        var plan = CapacityPlanner.Plan(summary, R7g(ClusterModeOption.Disabled), s_catalog);

        var source = plan.Source!.Recommended;
        Assert.Equal("cache.r7g.large", source.NodeType);
        Assert.False(source.ClusterModeEnabled);
        Assert.Equal(1, source.Shards);
        Assert.Equal(2, source.Nodes);
        Assert.Equal(R7gLargeUsable, source.UsableBytesPerNode);
        Assert.Equal(R7gLargeUsable, source.PeakShardBytes);
        Assert.Equal(1.0, source.Utilization);
        // 2 nodes × $0.219 = $0.438/h; × 730 = $319.74/month; × 8760 = $3836.88/year.
        Assert.Equal(0.438m, source.UsdPerHour);
        Assert.Equal(319.74m, source.UsdPerMonth);
        Assert.Equal(3836.88m, source.UsdPerYear);

        var target = plan.Target!.Recommended;
        Assert.Equal("cache.r7g.large", target.NodeType);
        Assert.Equal(0.3504m, target.UsdPerHour);     // 2 × $0.1752
        Assert.Equal(255.792m, target.UsdPerMonth);

        var s = plan.Savings!;
        Assert.Equal(63.948m, s.UsdPerMonthSaved);
        Assert.Equal(767.376m, s.UsdPerYearSaved);
        Assert.Equal(20.00m, s.PercentSaved);
    }

    [Fact]
    public void Plan_OneByteOverCapacity_NeedsTheNextSize()
    {
        // 8_772_479_811 × 1.2 = 10_526_975_773.2 → 10_526_975_774 + 910_000 = usable + 2.
        var summary = new SummaryBuilder().All(e => { e.StandaloneBytes = 8_772_479_811; e.EmptyStandaloneBytes = 910_000; }).Build();
        var plan = CapacityPlanner.Plan(summary, R7g(ClusterModeOption.Disabled), s_catalog);
        Assert.Equal("cache.r7g.xlarge", plan.Source!.Recommended.NodeType);
        Assert.Equal(R7gLargeUsable + 2, plan.Source.Recommended.PeakShardBytes);
        var rejected = Assert.Single(plan.Rejected, r => r.Engine == EngineModel.Redis72 && r.NodeType == "cache.r7g.large");
        Assert.Contains("more than the", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_GiantKeySlot_ForcesABiggerNode()
    {
        const long giant = 10L << 30;        // 10 GiB in slot 1234: (10 GiB + 1 MiB fixed) × 1.2 + 2.8 MB > r7g.large's usable
        var summary = new SummaryBuilder().All(e =>
        {
            for (int s = 0; s < 1000; s++) e.SlotBytes[s] = 1L << 20;
            e.SlotBytes[1234] = giant;
            e.ClusterFixedBytes = 1_048_576;
            e.EmptyClusterBytes = 2_800_000;
        }).Build();
        var plan = CapacityPlanner.Plan(summary, R7g(ClusterModeOption.Enabled), s_catalog);

        var rejected = Assert.Single(plan.Rejected, r => r.Engine == EngineModel.Redis72 && r.NodeType == "cache.r7g.large");
        Assert.Contains("slot 1234 alone", rejected.Reason, StringComparison.Ordinal);

        // r7g.xlarge: (10 GiB + 1000 MiB + 1 MiB) × 1.2 = 14_144_451_379.2 → 14_144_451_380 + 2_800_000 = 14_147_251_380.
        var rec = plan.Source!.Recommended;
        Assert.Equal("cache.r7g.xlarge", rec.NodeType);
        Assert.True(rec.ClusterModeEnabled);
        Assert.Equal(1, rec.Shards);
        Assert.Equal(14_147_251_380, rec.PeakShardBytes);
        Assert.Equal(R7gXlargeUsable, rec.UsableBytesPerNode);
        Assert.Equal(Math.Round(14_147_251_380.0 / R7gXlargeUsable, 4), rec.Utilization);
        Assert.Equal(1234, plan.Source.Balance.HottestSlot);
        Assert.Equal(giant, plan.Source.Balance.HottestSlotBytes);
    }

    [Fact]
    public void Plan_ManySmallSlots_PicksFewestShardsPerNodeAndCheapestOverall()
    {
        // 16384 slots × 3 MB, growth 0.2, empty cluster 2.8 MB, no fixed overhead.
        // r7g.large budget: (10_527_885_772 − 2_800_000) / 1.2 = 8_770_904_810 → 2923 slots → 6 shards, $0.219 × 12 = $2.628/h.
        // r7g.xlarge budget: (21_196_387_276 − 2_800_000) / 1.2 → 17_661_322_730 → 5887 slots → 3 shards, $0.437 × 6 = $2.622/h.
        var summary = new SummaryBuilder().All(e => { e.Uniform(3_000_000); e.EmptyClusterBytes = 2_800_000; }).Build();
        var plan = CapacityPlanner.Plan(summary, R7g(ClusterModeOption.Enabled), s_catalog);

        var large = plan.Candidates.Single(c => c.Engine == EngineModel.Redis72 && c.NodeType == "cache.r7g.large");
        Assert.Equal(6, large.Shards);
        Assert.Equal(12, large.Nodes);
        Assert.Equal(2731 * 3_000_000L * 6 / 5 + 2_800_000, large.PeakShardBytes);   // 2731 slots in the busiest shard
        Assert.Equal(2.628m, large.UsdPerHour);

        var rec = plan.Source!.Recommended;
        Assert.Equal("cache.r7g.xlarge", rec.NodeType);
        Assert.Equal(3, rec.Shards);
        Assert.Equal(2.622m, rec.UsdPerHour);
        var layout = plan.Source.ShardLayout;
        Assert.Equal([0, 5462, 10924], layout.Select(l => l.FirstSlot));
        Assert.Equal([5461, 10923, 16383], layout.Select(l => l.LastSlot));
        Assert.Equal(1.0001, plan.Source.Balance.PeakToMean);   // 5462 vs 16384/3 = 5461.33 slots
        Assert.Equal(3 * 16384 * 1_000_000L, layout.Sum(l => l.DataBytes));
    }

    [Fact]
    public void Plan_HotSlot_ChangesTheShardBalance()
    {
        var even = new SummaryBuilder().All(e => e.Uniform(3_000_000)).Build();
        var hot = new SummaryBuilder().All(e => { e.Uniform(3_000_000); e.SlotBytes[5000] += 5_000_000_000; }).Build();
        var options = PlanOptions.Default with { NodeFamilies = ["cache.r7g.large"], ClusterMode = ClusterModeOption.Enabled };

        var evenPlan = CapacityPlanner.Plan(even, options, s_catalog).Source!;
        var hotPlan = CapacityPlanner.Plan(hot, options, s_catalog).Source!;
        Assert.Equal(6, evenPlan.Balance.Shards);
        Assert.True(hotPlan.Balance.Shards > evenPlan.Balance.Shards);
        Assert.True(hotPlan.Balance.PeakToMean > evenPlan.Balance.PeakToMean);
        var hotShard = hotPlan.ShardLayout.Single(s => s.FirstSlot <= 5000 && s.LastSlot >= 5000);
        int hotSlots = hotShard.LastSlot - hotShard.FirstSlot + 1;
        Assert.True(hotSlots < hotPlan.ShardLayout.Where(s => s != hotShard).Min(s => s.LastSlot - s.FirstSlot + 1));
        Assert.All(hotPlan.ShardLayout, s => Assert.True(s.NeededBytes <= R7gLargeUsable));
        Assert.Equal(5000, hotPlan.Balance.HottestSlot);
    }

    [Fact]
    public void Plan_TieOnPrice_GoesToFewerNodes()
    {
        string dir = CatalogFixture.CopyBuiltIn();
        try
        {
            // Make two r7g.large cost exactly one r7g.xlarge: $0.2185 × 2 = $0.437.
            CatalogFixture.SetPrice(dir, "us-east-1", "redis", "cache.r7g.large", "0.2185", "test price", "2026-11-27");
            var catalog = NodeCatalog.Load(dir);
            // 12 GB of data: 2 shards of r7g.large or 1 of r7g.xlarge.
            var summary = new SummaryBuilder().All(e => e.Uniform(12_000_000_000 / 16384)).Build();
            var plan = CapacityPlanner.Plan(summary, R7g(ClusterModeOption.Enabled) with { Replicas = 0 }, catalog);
            var large = plan.Candidates.Single(c => c.Engine == EngineModel.Redis72 && c.NodeType == "cache.r7g.large");
            Assert.Equal(2, large.Nodes);
            Assert.Equal(0.437m, large.UsdPerHour);
            Assert.Equal("cache.r7g.xlarge", plan.Source!.Recommended.NodeType);
            Assert.Equal(1, plan.Source.Recommended.Nodes);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Plan_AutoMode_UsesClusterModeDisabledWhenOneNodeFits_AndEnabledOtherwise()
    {
        var small = new SummaryBuilder().All(e => { e.StandaloneBytes = 1_000_000_000; e.Uniform(70_000); }).Build();
        var plan = CapacityPlanner.Plan(small, PlanOptions.Default, s_catalog);
        Assert.False(plan.Target!.Recommended.ClusterModeEnabled);
        Assert.Equal([0], plan.Target.ShardLayout.Select(s => s.FirstSlot));

        var big = new SummaryBuilder().All(e => { e.StandaloneBytes = 2_000_000_000_000; e.Uniform(2_000_000_000_000 / 16384); }).Build();
        var bigPlan = CapacityPlanner.Plan(big, PlanOptions.Default, s_catalog);
        Assert.True(bigPlan.Target!.Recommended.ClusterModeEnabled);
        Assert.True(bigPlan.Target.Recommended.Shards > 1);
    }

    [Fact]
    public void Plan_SeveralDatabases_OnlyClusterModeDisabled()
    {
        // 15 GB × 1.2 = 18 GB: more than r7g.large's 10.5 GB usable, within r7g.xlarge's 21.2 GB.
        var builder = new SummaryBuilder().All(e => { e.StandaloneBytes = 15_000_000_000; e.Uniform(15_000_000_000 / 16384); });
        builder.Databases[3] = 10;
        var summary = builder.Build();

        var auto = CapacityPlanner.Plan(summary, R7g(ClusterModeOption.Auto), s_catalog);
        Assert.All(auto.Candidates, c => Assert.False(c.ClusterModeEnabled));
        Assert.Equal("cache.r7g.xlarge", auto.Target!.Recommended.NodeType);
        Assert.Contains(auto.Rejected, r => r.NodeType == "cache.r7g.large" && r.Reason.Contains("2 databases", StringComparison.Ordinal));
        Assert.False(auto.Readiness.HasBlockers);

        var enabled = CapacityPlanner.Plan(summary, R7g(ClusterModeOption.Enabled), s_catalog);
        Assert.Empty(enabled.Candidates);
        Assert.Null(enabled.Target);
        Assert.Null(enabled.Savings);
        Assert.Contains(enabled.Readiness.Blockers, b => b.Code == "databases-cluster-mode");
    }

    [Fact]
    public void Plan_ShardLimit_RejectsWhenMoreShardsNeeded()
    {
        var summary = new SummaryBuilder().All(e => e.Uniform(3_000_000)).Build();
        var plan = CapacityPlanner.Plan(summary, PlanOptions.Default with { NodeFamilies = ["cache.r7g.large"], ClusterMode = ClusterModeOption.Enabled, MaxShards = 5 }, s_catalog);
        Assert.Null(plan.Source);
        Assert.Contains(plan.Rejected, r => r.Reason.Contains("more than 5 shards", StringComparison.Ordinal));
        Assert.Contains("no redis-7.2 configuration fits within 5 shards and the chosen node families", plan.Warnings);
    }

    [Fact]
    public void Plan_InARegionWithoutNodePrices_SaysSo_NotThatNothingFits()
    {
        // eu-west-2 is a known region (the catalog has a serverless price there) but no node prices for these families.
        var plan = CapacityPlanner.Plan(new SummaryBuilder().Build(), PlanOptions.Default with { Region = "eu-west-2" }, s_catalog);
        Assert.Null(plan.Source);
        Assert.Null(plan.Target);
        var redis = Assert.Single(plan.Warnings, w => w.StartsWith("no redis-7.2 configuration", StringComparison.Ordinal));
        Assert.StartsWith("no redis-7.2 configuration: the catalog prices no redis node type of the chosen families in eu-west-2 (on-demand); it has redis node prices for us-east-1", redis);
        Assert.EndsWith("; give prices for the region with --catalog", redis);
        Assert.DoesNotContain(plan.Warnings, w => w.Contains("fits within", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_SeveralSourceShards_WarnsWhenTargetShardCountDiffers()
    {
        var builder = new SummaryBuilder().All(e => e.StandaloneBytes = 1_000_000);
        builder.Files.Add(SummaryBuilder.File("shard-1.rdb", "REDIS", 11));
        builder.Files.Add(SummaryBuilder.File("shard-2.rdb", "REDIS", 11));
        var plan = CapacityPlanner.Plan(builder.Build(), PlanOptions.Default, s_catalog);
        Assert.Equal(1, plan.Target!.Recommended.Shards);
        Assert.Contains(plan.Warnings, w => w.StartsWith("the source has 3 shards", StringComparison.Ordinal));
        Assert.Equal(3, plan.Inputs.Count);
    }

    [Fact]
    public void Plan_OneSnapshotGivenTwice_Warns()
    {
        var builder = new SummaryBuilder();
        builder.Files.Add(SummaryBuilder.File("replica.rdb", "REDIS", 11));
        builder.DuplicateInputs.Add(["dump.rdb", "replica.rdb"]);
        var plan = CapacityPlanner.Plan(builder.Build(), PlanOptions.Default, s_catalog);
        Assert.Contains("dump.rdb and replica.rdb are one snapshot (same content): its keys are counted twice in the plan; give each shard once", plan.Warnings);
        Assert.DoesNotContain(CapacityPlanner.Plan(new SummaryBuilder().Build(), PlanOptions.Default, s_catalog).Warnings, w => w.Contains("one snapshot", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_EmptyInstanceLargerThanNode_IsRejectedWithThatReason()
    {
        var summary = new SummaryBuilder().All(e => e.EmptyClusterBytes = 1L << 30).Build();
        var plan = CapacityPlanner.Plan(summary, PlanOptions.Default with { NodeFamilies = ["cache.t4g.micro"], ClusterMode = ClusterModeOption.Enabled }, s_catalog);
        var rejected = Assert.Single(plan.Rejected, r => r.Engine == EngineModel.Redis72);
        Assert.StartsWith("an empty cluster-mode instance", rejected.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 6)]
    public void Plan_Replicas_MultiplyNodesAndCost(int replicas, int nodes)
    {
        var summary = new SummaryBuilder().All(e => e.StandaloneBytes = 1_000_000).Build();
        var plan = CapacityPlanner.Plan(summary, R7g(ClusterModeOption.Disabled) with { Replicas = replicas }, s_catalog);
        Assert.Equal(nodes, plan.Source!.Recommended.Nodes);
        Assert.Equal(0.219m * nodes, plan.Source.Recommended.UsdPerHour);
    }

    [Theory]
    [InlineData(6, 500, 25, 0.2)]
    [InlineData(-1, 500, 25, 0.2)]
    [InlineData(1, 501, 25, 0.2)]
    [InlineData(1, 0, 25, 0.2)]
    [InlineData(1, 500, 100, 0.2)]
    [InlineData(1, 500, 25, -0.1)]
    public void Plan_OptionsOutOfRange_Throw(int replicas, int maxShards, double reserved, double growth)
    {
        var summary = new SummaryBuilder().Build();
        var options = PlanOptions.Default with { Replicas = replicas, MaxShards = maxShards, ReservedMemoryPercent = reserved, Growth = growth };
        var ex = Assert.Throws<PlanningException>(() => CapacityPlanner.Plan(summary, options, s_catalog));
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Plan_DataTiering_FitsOnSsdButKeepsGiantItemsInDram()
    {
        // 100 GiB: no r6g node up to 4xlarge holds it, r6gd.xlarge does (19.74 GiB DRAM after 25 % + 99.33 GiB SSD).
        const long data = 100L << 30;
        var builder = new SummaryBuilder().All(e => { e.StandaloneBytes = data; e.Uniform(data / 16384); e.KeyspaceBytes = 1L << 30; });
        var options = PlanOptions.Default with { NodeFamilies = ["cache.r6g.4xlarge"], DataTiering = true, ClusterMode = ClusterModeOption.Disabled, Growth = 0 };
        var plan = CapacityPlanner.Plan(builder.Build(), options, s_catalog);
        var rec = plan.Source!.Recommended;
        Assert.Equal("cache.r6gd.xlarge", rec.NodeType);
        Assert.True(rec.DataTiering);
        Assert.Equal(21_196_387_276 + (long)(99.33m * (1L << 30)), rec.UsableBytesPerNode);
        Assert.Equal(21_196_387_276, rec.DramUsableBytesPerNode);
        Assert.Contains(rec.Notes, n => n.Contains("128 MiB", StringComparison.Ordinal));
        Assert.Contains(plan.Rejected, r => r.NodeType == "cache.r6g.4xlarge");

        // 25 GiB of items over 128 MiB can't move to SSD: more than r6gd.xlarge's DRAM, so r6gd.2xlarge.
        builder.TopKeys.AddRange(Enumerable.Range(0, 25).Select(i => new TopKeyBuilder(i).Build(1L << 30)));
        var giant = CapacityPlanner.Plan(builder.Build(), options, s_catalog);
        Assert.Equal("cache.r6gd.2xlarge", giant.Source!.Recommended.NodeType);
        Assert.Contains(giant.Rejected, r => r.NodeType == "cache.r6gd.xlarge" && r.Reason.Contains("never leaves DRAM", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_DataTiering_RejectedForUnsupportedEvictionPolicy()
    {
        var builder = new SummaryBuilder { ModelOptions = new MemoryModelOptions(MaxmemoryPolicy: "allkeys-lfu") };
        var plan = CapacityPlanner.Plan(builder.Build(), PlanOptions.Default with { DataTiering = true }, s_catalog);
        Assert.Contains(plan.Rejected, r => r.NodeType.StartsWith("cache.r6gd.", StringComparison.Ordinal) && r.Reason.Contains("allkeys-lfu", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Candidates, c => c.DataTiering);
    }

    [Fact]
    public void Plan_Serverless_MinimumAndRequestPart()
    {
        // 10 MB of data: both engines bill their minimum (1 GB Redis OSS, 0.1 GB Valkey).
        var summary = new SummaryBuilder().All(e => e.Uniform(640)).Build();   // 640 × 16384 = 10_485_760 B
        var plan = CapacityPlanner.Plan(summary, PlanOptions.Default with { Growth = 0 }, s_catalog);
        var redis = plan.Serverless.Single(s => s.Engine == EngineModel.Redis72);
        var valkey = plan.Serverless.Single(s => s.Engine == EngineModel.Valkey81);
        Assert.Equal(1m, redis.BilledGb);
        Assert.Equal(0.1m, valkey.BilledGb);
        Assert.Equal(91.25m, redis.UsdPerMonth);    // 1 GB × $0.125 × 730 h
        Assert.Equal(6.13m, valkey.UsdPerMonth);    // 0.1 GB × $0.084 × 730 h = 6.132
        Assert.Null(redis.RequestUsdPerMonth);

        // 1000 requests/s = 2628 million ECPU a month; × $0.0034 = $8.9352 → $8.94.
        var withRequests = CapacityPlanner.Plan(summary, PlanOptions.Default with { Growth = 0, RequestsPerSecond = 1000 }, s_catalog);
        var r = withRequests.Serverless.Single(s => s.Engine == EngineModel.Redis72);
        Assert.Equal(2628m, r.MillionEcpuPerMonth);
        Assert.Equal(8.94m, r.RequestUsdPerMonth);
        Assert.Equal(100.19m, r.UsdPerMonth);
    }

    [Fact]
    public void Plan_Serverless_LargeDataBilledOnGigabytes()
    {
        var summary = new SummaryBuilder().All(e => e.Uniform(1L << 20)).Build();   // 16 GiB
        var plan = CapacityPlanner.Plan(summary, PlanOptions.Default, s_catalog);
        var valkey = plan.Serverless.Single(s => s.Engine == EngineModel.Valkey81);
        Assert.Equal(19.2m, valkey.BilledGb);                  // 16 GiB × 1.2
        Assert.Equal(1177.34m, valkey.UsdPerMonth);           // 19.2 × 0.084 × 730 = 1177.344
    }

    [Fact]
    public void Plan_EveryCandidateCarriesPriceSourceAndDate()
    {
        var summary = new SummaryBuilder().All(e => { e.StandaloneBytes = 50_000_000_000; e.Uniform(50_000_000_000 / 16384); }).Build();
        var plan = CapacityPlanner.Plan(summary, PlanOptions.Default with { DataTiering = true }, s_catalog);
        Assert.NotEmpty(plan.Candidates);
        Assert.All(plan.Candidates, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.PriceSource));
            Assert.False(string.IsNullOrWhiteSpace(c.PriceAsOf));
            Assert.Equal(c.UsdPerHour * 730, c.UsdPerMonth);
            Assert.Equal(c.UsdPerHour * 8760, c.UsdPerYear);
            Assert.True(c.PeakShardBytes <= c.UsableBytesPerNode);
        });
        // r8g has no Redis OSS price: rejected for the source, a candidate for the target.
        Assert.Contains(plan.Rejected, r => r.Engine == EngineModel.Redis72 && r.NodeType == "cache.r8g.large");
        Assert.Contains(plan.Candidates, c => c.Engine == EngineModel.Valkey81 && c.Family == "r8g");
        Assert.All(plan.Target!.Alternatives, a => Assert.NotEqual(plan.Target.Recommended.Family, a.Family));
    }

    [Fact]
    public void Plan_RegionWithFewPrices_RejectsUnpricedTypes()
    {
        var summary = new SummaryBuilder().Build();
        var plan = CapacityPlanner.Plan(summary, PlanOptions.Default with { Region = "eu-west-1" }, s_catalog);
        Assert.Equal("cache.r7g.large", plan.Source!.Recommended.NodeType);
        Assert.Equal(0.243m, plan.Source.Recommended.UsdPerNodeHour);
        Assert.Contains(plan.Rejected, r => r.NodeType == "cache.m7g.large" && r.Reason.Contains("eu-west-1", StringComparison.Ordinal));
        Assert.Equal(0.14m, plan.Serverless.Single(x => x.Engine == EngineModel.Redis72).UsdPerGbHour);
    }

    private sealed class TopKeyBuilder(int index)
    {
        public Analysis.TopKey Build(long bytes) => new(0, "string", $"blob:{index}", 10, bytes, "raw", 1, bytes, -1, index);
    }
}
