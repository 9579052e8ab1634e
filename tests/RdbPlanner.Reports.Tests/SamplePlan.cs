using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.Planning;

namespace RdbPlanner.Reports.Tests;

/// <summary>A hand-built plan for <see cref="SampleSummary"/>: redis-7.2 on 3 × r7g.xlarge to valkey-8.1 on 2 × r7g.xlarge.</summary>
internal static class SamplePlan
{
    public static PlanResult Create(DatasetSummary summary)
    {
        var options = PlanOptions.Default;
        var source = Candidate(EngineModel.Redis72, "cache.r7g.xlarge", "r7g", 3, 0.524m, 26_300_000_000);
        var sourceAlt = Candidate(EngineModel.Redis72, "cache.m7g.2xlarge", "m7g", 2, 0.711m, 27_000_000_000);
        var target = Candidate(EngineModel.Valkey81, "cache.r7g.xlarge", "r7g", 2, 0.4192m, 26_300_000_000);
        var targetAlt = Candidate(EngineModel.Valkey81, "cache.r8g.large", "r8g", 3, 0.2958m, 12_000_000_000);
        var targetLayout = new List<ShardSlice>
        {
            new(0, 0, 8191, 480_000, 1_400_000_000, 1_900_000_000),
            new(1, 8192, 16383, 471_200, 1_360_000_000, 1_860_000_000),
        };
        var sourceLayout = new List<ShardSlice>
        {
            new(0, 0, 5460, 320_000, 1_150_000_000, 1_600_000_000),
            new(1, 5461, 10922, 316_000, 1_130_000_000, 1_580_000_000),
            new(2, 10923, 16383, 315_200, 1_130_000_000, 1_580_000_000),
        };
        return new PlanResult
        {
            Options = options,
            CatalogSource = "built-in",
            Inputs = [.. summary.Files.Select(f => new PlanInput(f.Path, f.Bytes, f.Sha256, f.Magic, f.RdbVersion, f.Writer, f.WriterVersion, f.Keys))],
            Keys = summary.Keys,
            DatabasesWithKeys = 2,
            PartialInput = false,
            Estimates = [.. new[] { options.SourceEngine, options.TargetEngine }.Select(m => Estimate(summary.Estimate(m)))],
            Assumptions =
            [
                "reserved-memory-percent 25: usable = maxmemory × 0.75",
                "growth 20 %: needed = data × 1.2 + empty instance",
                "prices: built-in catalog, us-east-1 on-demand, as of 2026-10-02",
            ],
            Source = new EngineRecommendation
            {
                Engine = EngineModel.Redis72, Recommended = source, Alternatives = [sourceAlt], ShardLayout = sourceLayout,
                Balance = new ShardBalance(3, 1_150_000_000, 1_136_666_666, 1.0117, 866, 5_000_000),
            },
            Target = new EngineRecommendation
            {
                Engine = EngineModel.Valkey81, Recommended = target, Alternatives = [targetAlt], ShardLayout = targetLayout,
                Balance = new ShardBalance(2, 1_400_000_000, 1_380_000_000, 1.0145, 866, 4_000_000),
            },
            Candidates = [source, sourceAlt, target, targetAlt],
            Rejected = [new RejectedCandidate(EngineModel.Redis72, "cache.r8g.large", "no redis price: r8g is Valkey-only")],
            Savings = new Savings
            {
                SourceEngine = EngineModel.Redis72, TargetEngine = EngineModel.Valkey81, PricingModel = "on-demand",
                SourceUsdPerMonth = source.UsdPerMonth, TargetUsdPerMonth = target.UsdPerMonth,
                UsdPerMonthSaved = source.UsdPerMonth - target.UsdPerMonth,
                SourceUsdPerYear = source.UsdPerYear, TargetUsdPerYear = target.UsdPerYear,
                UsdPerYearSaved = source.UsdPerYear - target.UsdPerYear,
                PercentSaved = Math.Round((source.UsdPerMonth - target.UsdPerMonth) / source.UsdPerMonth * 100, 2),
                SourcePriceSource = "S3", SourcePriceAsOf = "2026-10-02", TargetPriceSource = "S4", TargetPriceAsOf = "2026-10-02",
            },
            Serverless =
            [
                new ServerlessEstimate
                {
                    Engine = EngineModel.Valkey81, Region = "us-east-1", DataBytes = 3_312_000_000, BilledGb = 3.0845m, MinimumGb = 0.1m,
                    UsdPerGbHour = 0.084m, StorageUsdPerMonth = 189.14m, UsdPerMonth = 189.14m, UsdPerYear = 2269.68m,
                    PriceSource = "S5", PriceAsOf = "2025-05-27",
                },
            ],
            Readiness = new ReadinessReport(EngineModel.Valkey81, true,
                [],
                [new ReadinessFinding("databases-cluster-mode", "keys in 2 databases (0, 3); cluster mode has only db 0 <move db 3>")],
                [
                    new ChecklistItem("source-auth", "source", "Source allows the migration user: AUTH & ACLs <checked>", "S8 OnlineMigration"),
                    new ChecklistItem("target-tls", "target", "Target in-transit encryption is disabled for online migration", "S8 OnlineMigration"),
                ]),
            Warnings = ["keys in db 3 must move to db 0 before a cluster-mode migration"],
            Summary = summary,
        };
    }

    private static PlanEstimate Estimate(ModelEstimate e) => new()
    {
        Engine = e.Model, Description = e.Description, Assumptions = e.Assumptions, StandaloneBytes = e.StandaloneBytes,
        ClusterBytes = e.ClusterBytes, ClusterFixedBytes = e.ClusterFixedBytes, EmptyStandaloneBytes = e.EmptyStandaloneBytes,
        EmptyClusterBytes = e.EmptyClusterBytes, LargestKeyBytes = e.LargestKeyBytes,
    };

    private static NodeCandidate Candidate(EngineModel engine, string nodeType, string family, int shards, decimal perNodeHour, long maxmemory)
    {
        int nodes = shards * 2;
        decimal hour = perNodeHour * nodes;
        long usable = maxmemory * 3 / 4;
        long peak = 1_900_000_000;
        return new NodeCandidate
        {
            Engine = engine, NodeType = nodeType, Family = family, ClusterModeEnabled = true, Shards = shards, Replicas = 1,
            Nodes = nodes, MaxmemoryBytes = maxmemory, UsableBytesPerNode = usable, DramUsableBytesPerNode = usable,
            PeakShardBytes = peak, Utilization = Math.Round((double)peak / usable, 4), DataTiering = false,
            PricingModel = "on-demand", UsdPerNodeHour = perNodeHour, UsdPerHour = hour, UsdPerMonth = hour * 730, UsdPerYear = hour * 8760,
            PriceSource = engine == EngineModel.Valkey81 ? "S4" : "S3", PriceAsOf = "2026-10-02",
        };
    }
}
