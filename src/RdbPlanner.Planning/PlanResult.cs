using System.Text.Json.Serialization;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>
/// The capacity plan: what was read, what was assumed, every candidate configuration, the recommended one for the
/// source and the target engine, the savings between them, a serverless estimate and migration readiness.
/// Nothing in it depends on the clock or the machine, so the same inputs give the same plan.
/// </summary>
public sealed record PlanResult
{
    public required PlanOptions Options { get; init; }

    /// <summary>Where prices and node types came from: "built-in" or the --catalog directory.</summary>
    public required string CatalogSource { get; init; }

    public required IReadOnlyList<PlanInput> Inputs { get; init; }

    public required long Keys { get; init; }

    public required int DatabasesWithKeys { get; init; }

    /// <summary>True when an input was damaged and only part of it was analysed.</summary>
    public required bool PartialInput { get; init; }

    /// <summary>The model estimates the plan used: source engine first, then target.</summary>
    public required IReadOnlyList<PlanEstimate> Estimates { get; init; }

    /// <summary>Sizing and pricing assumptions in plain words, in the order they apply.</summary>
    public required IReadOnlyList<string> Assumptions { get; init; }

    /// <summary>Recommended configuration for the source engine; null when no candidate fits or has a price.</summary>
    public EngineRecommendation? Source { get; init; }

    public EngineRecommendation? Target { get; init; }

    /// <summary>Every configuration that fits and has a price, source engine first, each engine cheapest first.</summary>
    public required IReadOnlyList<NodeCandidate> Candidates { get; init; }

    /// <summary>Node types considered but not usable, with the reason (does not fit, no price in the region …).</summary>
    public required IReadOnlyList<RejectedCandidate> Rejected { get; init; }

    /// <summary>Target recommendation against source recommendation; null when either is missing.</summary>
    public Savings? Savings { get; init; }

    /// <summary>Serverless estimate for the source and target engine where the catalog has a serverless price.</summary>
    public required IReadOnlyList<ServerlessEstimate> Serverless { get; init; }

    public required ReadinessReport Readiness { get; init; }

    /// <summary>Things the reader of the plan should know (partial input, quota increase needed …).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The analysed dataset, for reports that chart it. Not written to plan.json.</summary>
    [JsonIgnore]
    public DatasetSummary? Summary { get; init; }
}

/// <summary>One input file with its hash, as the analyser reported it.</summary>
public sealed record PlanInput(
    string Path,
    long Bytes,
    string? Sha256,
    string Magic,
    int RdbVersion,
    string? Writer,
    string? WriterVersion,
    long Keys);

/// <summary>The memory model estimate a plan used, with the model's own description and assumptions.</summary>
public sealed record PlanEstimate
{
    public required EngineModel Engine { get; init; }

    public required string Description { get; init; }

    public required IReadOnlyList<string> Assumptions { get; init; }

    public required long StandaloneBytes { get; init; }

    public required long ClusterBytes { get; init; }

    public required long ClusterFixedBytes { get; init; }

    public required long EmptyStandaloneBytes { get; init; }

    public required long EmptyClusterBytes { get; init; }

    public required long LargestKeyBytes { get; init; }
}

/// <summary>
/// One fitting configuration of one node type for one engine. Memory figures are bytes; prices are USD for the whole
/// cluster (all shards and replicas) unless named per node. Month = 730 hours, year = 8760 hours.
/// </summary>
public sealed record NodeCandidate
{
    public required EngineModel Engine { get; init; }

    public required string NodeType { get; init; }

    public required string Family { get; init; }

    public required bool ClusterModeEnabled { get; init; }

    public required int Shards { get; init; }

    public required int Replicas { get; init; }

    /// <summary>Shards × (1 + replicas).</summary>
    public required int Nodes { get; init; }

    public required long MaxmemoryBytes { get; init; }

    /// <summary>Memory a node can give to data: maxmemory × (1 − reserved %), plus the SSD on data-tiering nodes.</summary>
    public required long UsableBytesPerNode { get; init; }

    /// <summary>DRAM part of <see cref="UsableBytesPerNode"/> (equal to it unless data tiering).</summary>
    public required long DramUsableBytesPerNode { get; init; }

    /// <summary>Needed bytes of the busiest shard: its data × (1 + growth) + the empty instance.</summary>
    public required long PeakShardBytes { get; init; }

    /// <summary>PeakShardBytes ÷ UsableBytesPerNode, rounded to 4 decimals.</summary>
    public required double Utilization { get; init; }

    public required bool DataTiering { get; init; }

    public required string PricingModel { get; init; }

    public required decimal UsdPerNodeHour { get; init; }

    public required decimal UsdPerHour { get; init; }

    public required decimal UsdPerMonth { get; init; }

    public required decimal UsdPerYear { get; init; }

    public required string PriceSource { get; init; }

    public required string PriceAsOf { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>A node type that could not be used for an engine, and why (one line).</summary>
public sealed record RejectedCandidate(EngineModel Engine, string NodeType, string Reason);

/// <summary>The recommended configuration of one engine: cheapest that fits, ties to fewer nodes.</summary>
public sealed record EngineRecommendation
{
    public required EngineModel Engine { get; init; }

    public required NodeCandidate Recommended { get; init; }

    /// <summary>The cheapest fitting configuration of each other family, cheapest first.</summary>
    public required IReadOnlyList<NodeCandidate> Alternatives { get; init; }

    /// <summary>Slot ranges per shard of the recommended configuration (one range 0–16383 with cluster mode disabled).</summary>
    public required IReadOnlyList<ShardSlice> ShardLayout { get; init; }

    public required ShardBalance Balance { get; init; }
}

/// <summary>
/// A shard's contiguous slot range (ElastiCache's NodeGroupConfiguration takes one "first-last" range per shard),
/// its keys, its model bytes and what its node needs (data × (1 + growth) + empty instance).
/// </summary>
public sealed record ShardSlice(int Shard, int FirstSlot, int LastSlot, long Keys, long DataBytes, long NeededBytes);

/// <summary>How even the shards are: busiest vs mean data bytes, and the heaviest single slot (it cannot be split).</summary>
public sealed record ShardBalance(int Shards, long PeakShardDataBytes, long MeanShardDataBytes, double PeakToMean, int HottestSlot, long HottestSlotBytes);

/// <summary>Target recommendation against source recommendation. Saved = source − target; percent of source.</summary>
public sealed record Savings
{
    public required EngineModel SourceEngine { get; init; }

    public required EngineModel TargetEngine { get; init; }

    public required string PricingModel { get; init; }

    public required decimal SourceUsdPerMonth { get; init; }

    public required decimal TargetUsdPerMonth { get; init; }

    public required decimal UsdPerMonthSaved { get; init; }

    public required decimal SourceUsdPerYear { get; init; }

    public required decimal TargetUsdPerYear { get; init; }

    public required decimal UsdPerYearSaved { get; init; }

    /// <summary>UsdPerMonthSaved ÷ SourceUsdPerMonth × 100, rounded to 2 decimals.</summary>
    public required decimal PercentSaved { get; init; }

    public required string SourcePriceSource { get; init; }

    public required string SourcePriceAsOf { get; init; }

    public required string TargetPriceSource { get; init; }

    public required string TargetPriceAsOf { get; init; }
}

/// <summary>
/// ElastiCache Serverless cost from data stored (GB-hours, with the engine's minimum) and, only when a request rate
/// was given, ECPUs (1 ECPU per simple request of up to 1 KB).
/// </summary>
public sealed record ServerlessEstimate
{
    public required EngineModel Engine { get; init; }

    public required string Region { get; init; }

    /// <summary>Cluster-mode model bytes × (1 + growth); serverless always runs in cluster mode.</summary>
    public required long DataBytes { get; init; }

    /// <summary>GB billed per hour: max(data in GB, minimum), GB = 2^30 bytes.</summary>
    public required decimal BilledGb { get; init; }

    public required decimal MinimumGb { get; init; }

    public required decimal UsdPerGbHour { get; init; }

    public required decimal StorageUsdPerMonth { get; init; }

    public double? RequestsPerSecond { get; init; }

    public decimal? MillionEcpuPerMonth { get; init; }

    public decimal? RequestUsdPerMonth { get; init; }

    public required decimal UsdPerMonth { get; init; }

    public required decimal UsdPerYear { get; init; }

    public required string PriceSource { get; init; }

    public required string PriceAsOf { get; init; }
}
