using System.Globalization;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>
/// Plans ElastiCache node-based clusters for the source and the target engine from an analysed dataset, prices them
/// from the catalog, compares them and adds a serverless estimate and migration readiness.
/// </summary>
public static class CapacityPlanner
{
    /// <summary>AWS pricing pages' month: 730 hours (8760 / 12).</summary>
    public const int HoursPerMonth = 730;

    public const int HoursPerYear = 8760;

    /// <summary>Plans with the catalog of <see cref="PlanOptions.CatalogDir"/> (the built-in copy when null).</summary>
    public static PlanResult Plan(DatasetSummary summary, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Plan(summary, options, NodeCatalog.Load(options.CatalogDir));
    }

    public static PlanResult Plan(DatasetSummary summary, PlanOptions options, NodeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        PlanValidation.Validate(options, catalog);
        var sourceEstimate = PlanValidation.EstimateFor(summary, options.SourceEngine);
        var targetEstimate = PlanValidation.EstimateFor(summary, options.TargetEngine);
        var nodeTypes = NodeTypesFor(options, catalog);

        var sizer = new NodeSizer(options, catalog, summary);
        var rejected = new List<RejectedCandidate>();
        var source = SizeAll(sizer, nodeTypes, options.SourceEngine, sourceEstimate, rejected);
        var target = SizeAll(sizer, nodeTypes, options.TargetEngine, targetEstimate, rejected);
        var sourceRec = Recommend(source, sourceEstimate, summary, sizer);
        var targetRec = Recommend(target, targetEstimate, summary, sizer);

        var warnings = new List<string>();
        if (summary.Partial)
            warnings.Add($"input was damaged and read only in part ({summary.PartialReason ?? "no reason given"}): the plan covers only what was read");
        foreach (var group in summary.Readiness.DuplicateInputs)
            warnings.Add(ReadinessFacts.DescribeDuplicate(group) + " in the plan; give each shard once");
        if (sourceRec is null) warnings.Add(NothingRecommended(options.SourceEngine, nodeTypes, options, catalog));
        if (targetRec is null) warnings.Add(NothingRecommended(options.TargetEngine, nodeTypes, options, catalog));
        foreach (var rec in new[] { sourceRec, targetRec })
        {
            if (rec is not null && rec.Recommended.Nodes > PlanOptions.DefaultNodeQuota)
                warnings.Add($"{rec.Engine.Name()}: {rec.Recommended.Nodes} nodes exceed the default quota of {PlanOptions.DefaultNodeQuota} per cluster");
        }

        // Several files are the shards of today's cluster; online migration wants the same shard count on the target.
        if (summary.Files.Count > 1 && targetRec is not null && targetRec.Recommended.Shards != summary.Files.Count)
            warnings.Add($"the source has {summary.Files.Count} shards (one file each) but the {options.TargetEngine.Name()} plan has {targetRec.Recommended.Shards}: ElastiCache online migration needs equal shard counts, so migrate offline or size the target to {summary.Files.Count} shards");

        bool clusterMode = targetRec?.Recommended.ClusterModeEnabled ?? options.ClusterMode == ClusterModeOption.Enabled;
        var readiness = ReadinessChecker.Check(summary, options.TargetEngine, clusterMode);

        var serverless = new List<ServerlessEstimate>();
        foreach (var (engine, estimate) in Distinct((options.SourceEngine, sourceEstimate), (options.TargetEngine, targetEstimate)))
        {
            var s = ServerlessEstimator.Estimate(engine, estimate, options, catalog);
            if (s is null) warnings.Add($"no serverless price for {NodeCatalog.EngineName(engine)} in {options.Region}: no serverless estimate");
            else serverless.Add(s);
        }

        return new PlanResult
        {
            Options = options,
            CatalogSource = catalog.IsBuiltIn ? "built-in" : catalog.Directory,
            Inputs = summary.Files.Select(f => new PlanInput(f.Path, f.Bytes, f.Sha256, f.Magic, f.RdbVersion, f.Writer, f.WriterVersion, f.Keys)).ToList(),
            Keys = summary.Keys,
            DatabasesWithKeys = PlanValidation.DatabasesWithKeys(summary),
            PartialInput = summary.Partial,
            Estimates = Distinct((options.SourceEngine, sourceEstimate), (options.TargetEngine, targetEstimate)).Select(e => ToPlanEstimate(e.Estimate)).ToList(),
            Assumptions = Assumptions(options, catalog, sourceEstimate, targetEstimate),
            Source = sourceRec,
            Target = targetRec,
            Candidates = source.Concat(target).Select(s => s.Candidate).ToList(),
            Rejected = rejected,
            Savings = sourceRec is not null && targetRec is not null ? SavingsOf(sourceRec.Recommended, targetRec.Recommended) : null,
            Serverless = serverless,
            Readiness = readiness,
            Warnings = warnings,
            Summary = summary,
        };
    }

    /// <summary>Cheapest first; ties go to fewer nodes, then more headroom, then the name.</summary>
    internal static readonly Comparison<NodeCandidate> Order = (a, b) =>
    {
        int c = a.UsdPerHour.CompareTo(b.UsdPerHour);
        if (c == 0) c = a.Nodes.CompareTo(b.Nodes);
        if (c == 0) c = a.Utilization.CompareTo(b.Utilization);
        if (c == 0) c = string.CompareOrdinal(a.NodeType, b.NodeType);
        return c;
    };

    private static List<NodeType> NodeTypesFor(PlanOptions options, NodeCatalog catalog)
    {
        var types = catalog.Resolve(options.NodeFamilies).ToList();
        if (options.DataTiering)
        {
            foreach (var t in catalog.NodeTypes.Where(t => t.DataTiering && !types.Contains(t))) types.Add(t);
        }
        return types;
    }

    private static List<SizedCandidate> SizeAll(NodeSizer sizer, List<NodeType> types, EngineModel engine, ModelEstimate estimate, List<RejectedCandidate> rejected)
    {
        var sized = new List<SizedCandidate>();
        foreach (var type in types)
        {
            var (candidate, reason) = sizer.Size(type, engine, estimate);
            if (candidate is not null) sized.Add(candidate);
            else rejected.Add(new RejectedCandidate(engine, type.Name, reason!));
        }
        sized.Sort((a, b) => Order(a.Candidate, b.Candidate));
        return sized;
    }

    private static EngineRecommendation? Recommend(List<SizedCandidate> sized, ModelEstimate estimate, DatasetSummary summary, NodeSizer sizer)
    {
        if (sized.Count == 0) return null;
        var best = sized[0];
        var alternatives = sized.Skip(1)
            .Where(s => s.Candidate.Family != best.Candidate.Family)
            .GroupBy(s => s.Candidate.Family)
            .Select(g => g.First().Candidate)
            .ToList();
        var (layout, balance) = Layout(best, estimate, summary, sizer);
        return new EngineRecommendation
        {
            Engine = best.Candidate.Engine,
            Recommended = best.Candidate,
            Alternatives = alternatives,
            ShardLayout = layout,
            Balance = balance,
        };
    }

    /// <summary>Slot ranges of a configuration with keys, model bytes and needed bytes per shard.</summary>
    internal static (IReadOnlyList<ShardSlice>, ShardBalance) Layout(SizedCandidate sized, ModelEstimate estimate, DatasetSummary summary, NodeSizer sizer)
    {
        long[] slots = estimate.SlotBytes;
        int hottest = NodeSizer.Hottest(slots);
        if (sized.ShardStarts is null)
        {
            long needed = sizer.Needed(estimate.StandaloneBytes, estimate.EmptyStandaloneBytes);
            var one = new ShardSlice(0, 0, SlotBalancer.SlotCount - 1, summary.Keys, estimate.StandaloneBytes, needed);
            return ([one], new ShardBalance(1, estimate.StandaloneBytes, estimate.StandaloneBytes, 1, hottest, slots[hottest]));
        }
        int[] starts = sized.ShardStarts;
        long[] bytes = SlotBalancer.RangeSums(slots, starts);
        long[] keys = summary.SlotKeys.Length == SlotBalancer.SlotCount ? SlotBalancer.RangeSums(summary.SlotKeys, starts) : new long[starts.Length];
        var slices = new List<ShardSlice>(starts.Length);
        for (int s = 0; s < starts.Length; s++)
        {
            int last = (s + 1 < starts.Length ? starts[s + 1] : SlotBalancer.SlotCount) - 1;
            slices.Add(new ShardSlice(s, starts[s], last, keys[s], bytes[s], sizer.Needed(bytes[s] + estimate.ClusterFixedBytes, estimate.EmptyClusterBytes)));
        }
        long peak = bytes.Max();
        long mean = bytes.Sum() / starts.Length;
        double ratio = mean == 0 ? 1 : Math.Round((double)peak / mean, 4);
        return (slices, new ShardBalance(starts.Length, peak, mean, ratio, hottest, slots[hottest]));
    }

    internal static Savings SavingsOf(NodeCandidate source, NodeCandidate target)
    {
        decimal saved = source.UsdPerMonth - target.UsdPerMonth;
        return new Savings
        {
            SourceEngine = source.Engine,
            TargetEngine = target.Engine,
            PricingModel = target.PricingModel,
            SourceUsdPerMonth = source.UsdPerMonth,
            TargetUsdPerMonth = target.UsdPerMonth,
            UsdPerMonthSaved = PlanMath.Normalize(saved),
            SourceUsdPerYear = source.UsdPerYear,
            TargetUsdPerYear = target.UsdPerYear,
            UsdPerYearSaved = PlanMath.Normalize(source.UsdPerYear - target.UsdPerYear),
            PercentSaved = source.UsdPerMonth == 0 ? 0 : PlanMath.Normalize(Math.Round(saved / source.UsdPerMonth * 100m, 2, MidpointRounding.AwayFromZero)),
            SourcePriceSource = source.PriceSource,
            SourcePriceAsOf = source.PriceAsOf,
            TargetPriceSource = target.PriceSource,
            TargetPriceAsOf = target.PriceAsOf,
        };
    }

    private static IEnumerable<(EngineModel Engine, ModelEstimate Estimate)> Distinct((EngineModel, ModelEstimate) a, (EngineModel, ModelEstimate) b)
    {
        yield return a;
        if (a.Item1 != b.Item1) yield return b;
    }

    private static PlanEstimate ToPlanEstimate(ModelEstimate e) => new()
    {
        Engine = e.Model,
        Description = e.Description,
        Assumptions = e.Assumptions,
        StandaloneBytes = e.StandaloneBytes,
        ClusterBytes = e.ClusterBytes,
        ClusterFixedBytes = e.ClusterFixedBytes,
        EmptyStandaloneBytes = e.EmptyStandaloneBytes,
        EmptyClusterBytes = e.EmptyClusterBytes,
        LargestKeyBytes = e.LargestKeyBytes,
    };

    /// <summary>
    /// Why an engine has no recommendation. Prices are checked before fit, so when no chosen node type has a price in
    /// the region ("fits" would be the wrong word: the catalog's node prices are mostly us-east-1), say where it has them.
    /// </summary>
    private static string NothingRecommended(EngineModel engine, IReadOnlyList<NodeType> nodeTypes, PlanOptions o, NodeCatalog catalog)
    {
        string name = NodeCatalog.EngineName(engine);
        if (nodeTypes.Any(t => catalog.FindPrice(o.Region, name, t.Name, o.PricingModel) is not null))
            return $"no {engine.Name()} configuration fits within {PlanMath.Count(o.MaxShards, "shard", "shards")} and the chosen node families";
        var regions = catalog.Prices.Where(p => p.Engine == name && p.PricingModel == o.PricingModel).Select(p => p.Region).Distinct().ToList();
        return $"no {engine.Name()} configuration: the catalog prices no {name} node type of the chosen families in {o.Region} ({o.PricingModel})"
            + (regions.Count > 0 ? $"; it has {name} node prices for {string.Join(", ", regions)}" : "")
            + "; give prices for the region with --catalog";
    }

    /// <summary>Finance asks about reserved nodes first: say whether the catalog could price them.</summary>
    private static string OtherPricingModels(PlanOptions o, NodeCatalog catalog)
    {
        var others = catalog.PricingModels.Where(m => m != o.PricingModel).ToList();
        return others.Count > 0
            ? "the catalog also offers: " + string.Join(", ", others)
            : "the catalog has no other pricing model (for reserved nodes or negotiated rates, give a catalog of your own with --catalog and name its price column with --pricing)";
    }

    private static List<string> Assumptions(PlanOptions o, NodeCatalog catalog, ModelEstimate source, ModelEstimate target)
    {
        var inv = CultureInfo.InvariantCulture;
        var list = new List<string>
        {
            string.Format(inv, "usable memory per node = maxmemory × (1 − {0} %) (ElastiCache reserved-memory-percent); data-tiering nodes add their SSD", o.ReservedMemoryPercent),
            string.Format(inv, "needed per node = the engine model's estimate for the mode × (1 + {0}) growth + the engine's empty-instance memory ({1}: {2} B standalone, {3} B cluster; {4}: {5} B standalone, {6} B cluster)",
                o.Growth, o.SourceEngine.Name(), source.EmptyStandaloneBytes, source.EmptyClusterBytes, o.TargetEngine.Name(), target.EmptyStandaloneBytes, target.EmptyClusterBytes),
            "cluster mode: the 16384 slots are split into one contiguous range per shard (ElastiCache takes a first-last slot range per shard), balancing the model's per-slot bytes; a slot is never split; the fixed cluster overhead is charged to every shard",
            o.ClusterMode switch
            {
                ClusterModeOption.Auto => "cluster mode auto: disabled (one shard) when the data fits one node or several databases have keys, otherwise enabled with the fewest shards that fit",
                ClusterModeOption.Enabled => "cluster mode enabled: db 0 only",
                _ => "cluster mode disabled: one shard",
            },
            string.Format(inv, "{0} replica(s) per shard, each a full copy priced like the primary; limits: 0–{1} replicas, at most {2} shards (requested maximum {3})", o.Replicas, PlanOptions.ReplicaLimit, PlanOptions.ShardLimit, o.MaxShards),
            string.Format(inv, "prices: {0} USD per node-hour in {1} from the {2} catalog; month = {3} h, year = {4} h; every price carries its source and as-of date; {5}",
                o.PricingModel, o.Region, catalog.IsBuiltIn ? "built-in" : "user's", HoursPerMonth, HoursPerYear, OtherPricingModels(o, catalog)),
            "recommended = the cheapest configuration that fits; ties go to fewer nodes, then lower utilization",
            "serverless: data stored = cluster-mode estimate × (1 + growth), GB = 2^30 bytes, billed at least the engine's minimum (1 GB Redis OSS, 0.1 GB Valkey in the built-in catalog)"
                + (o.RequestsPerSecond is null ? "; request (ECPU) cost left out: no request rate given" : "; requests: 1 ECPU per simple request of up to 1 KB"),
        };
        if (o.DataTiering)
            list.Add("data tiering (r6gd): keys, tables and items over 128 MiB stay in DRAM, other values may move to SSD; DRAM after the reserve must hold what cannot move");
        return list;
    }
}
