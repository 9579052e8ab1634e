using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>Checks options and summary before planning, so bad input is one clear error, not a wrong plan.</summary>
public static class PlanValidation
{
    public static void Validate(PlanOptions options, NodeCatalog catalog)
    {
        if (options.Replicas is < 0 or > PlanOptions.ReplicaLimit)
            throw new PlanningException($"replicas must be 0–{PlanOptions.ReplicaLimit} per shard, got {options.Replicas}");
        if (options.MaxShards is < 1 or > PlanOptions.ShardLimit)
            throw new PlanningException($"max shards must be 1–{PlanOptions.ShardLimit}, got {options.MaxShards}");
        if (!double.IsFinite(options.ReservedMemoryPercent) || options.ReservedMemoryPercent < 0 || options.ReservedMemoryPercent >= 100)
            throw new PlanningException($"reserved memory percent must be at least 0 and below 100, got {options.ReservedMemoryPercent}");
        if (!double.IsFinite(options.Growth) || options.Growth < 0 || options.Growth > 1000)
            throw new PlanningException($"growth must be a fraction from 0 to 1000 (0.2 = 20 %), got {options.Growth}");
        if (options.RequestsPerSecond is { } rps && (!double.IsFinite(rps) || rps < 0))
            throw new PlanningException($"requests per second must be 0 or more, got {rps}");
        if (options.NodeFamilies.Count == 0 && !options.DataTiering)
            throw new PlanningException($"no node family given; known families: {string.Join(", ", catalog.Families)}");
        catalog.RequireRegion(options.Region);
        catalog.RequirePricingModel(options.PricingModel);
    }

    public static ModelEstimate EstimateFor(DatasetSummary summary, EngineModel engine)
    {
        var estimate = summary.Estimates.FirstOrDefault(e => e.Model == engine)
            ?? throw new PlanningException($"the analysis has no estimate for {engine.Name()}; it has: {string.Join(", ", summary.Estimates.Select(e => e.Model.Name()))}");
        if (estimate.SlotBytes.Length != SlotBalancer.SlotCount)
            throw new PlanningException($"the {engine.Name()} estimate has {estimate.SlotBytes.Length} slot sizes, expected {SlotBalancer.SlotCount}");
        if (estimate.StandaloneBytes < 0 || estimate.ClusterBytes < 0 || estimate.ClusterFixedBytes < 0 || estimate.EmptyClusterBytes < 0 || estimate.EmptyStandaloneBytes < 0)
            throw new PlanningException($"the {engine.Name()} estimate has a negative byte count");
        foreach (long b in estimate.SlotBytes)
        {
            if (b < 0) throw new PlanningException($"the {engine.Name()} estimate has a negative slot size");
        }
        return estimate;
    }

    /// <summary>Databases holding keys, from whichever of the two summary fields knows more.</summary>
    public static int DatabasesWithKeys(DatasetSummary summary)
        => Math.Max(summary.Readiness.DatabasesWithKeys, summary.Databases.Count(d => d.Value > 0));
}
