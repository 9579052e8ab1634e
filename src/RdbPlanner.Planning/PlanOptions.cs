using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>--cluster-mode: auto picks cluster mode disabled when the data fits one shard (or must, with several databases).</summary>
public enum ClusterModeOption
{
    Auto,
    Enabled,
    Disabled,
}

/// <summary>Every option of `rdbplanner plan`, with the defaults of issue 4. Change with <c>with</c>.</summary>
public sealed record PlanOptions
{
    /// <summary>ElastiCache limits (SOURCES.md S8/S9): up to 500 shards with a raised quota, 0–5 replicas per shard.</summary>
    public const int ShardLimit = 500;

    public const int ReplicaLimit = 5;

    /// <summary>Default quota of nodes per cluster; more needs a quota increase (SOURCES.md S9).</summary>
    public const int DefaultNodeQuota = 90;

    /// <summary>Memory-optimised and general-purpose Graviton families; r8g is Valkey-only in the catalog.</summary>
    public static readonly IReadOnlyList<string> DefaultNodeFamilies = ["r7g", "r8g", "m7g", "r6g", "m6g"];

    public static PlanOptions Default { get; } = new();

    /// <summary>What runs today.</summary>
    public EngineModel SourceEngine { get; init; } = EngineModel.Redis72;

    /// <summary>What the data moves to.</summary>
    public EngineModel TargetEngine { get; init; } = EngineModel.Valkey81;

    public string Region { get; init; } = "us-east-1";

    /// <summary>Read replicas per shard, 0–5.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>ElastiCache reserved-memory-percent (default 25 since 2017-03-16, SOURCES.md S8).</summary>
    public double ReservedMemoryPercent { get; init; } = 25;

    /// <summary>Headroom for data growth as a fraction: 0.2 = 20 % more data than today.</summary>
    public double Growth { get; init; } = 0.2;

    public ClusterModeOption ClusterMode { get; init; } = ClusterModeOption.Auto;

    /// <summary>Families ("r7g") or single node types ("cache.r7g.large" or "r7g.large") to consider.</summary>
    public IReadOnlyList<string> NodeFamilies { get; init; } = DefaultNodeFamilies;

    public int MaxShards { get; init; } = ShardLimit;

    /// <summary>Also consider data-tiering nodes (r6gd).</summary>
    public bool DataTiering { get; init; }

    /// <summary>Average requests per second, for the request part of the serverless estimate; null leaves it out.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>Directory with the user's own catalog files; null uses the built-in copy.</summary>
    public string? CatalogDir { get; init; }

    /// <summary>Price column to use: "on-demand", or any other pricing model the catalog's price file offers.</summary>
    public string PricingModel { get; init; } = NodeCatalog.OnDemand;
}
