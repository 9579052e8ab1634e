namespace RdbPlanner.Memory;

/// <summary>The engine versions the estimator models. Names are stable: reports, JSON and CSV columns use them.</summary>
public enum EngineModel
{
    Redis70,
    Redis72,
    Valkey80,
    Valkey81,
    Valkey91,
}

/// <summary>Standalone (one keyspace table per db) or cluster mode (per-slot tables, slot-to-key index).</summary>
public enum ClusterMode
{
    Standalone,
    Cluster,
}

/// <summary>jemalloc size-class table: quantum 8 (bundled jemalloc, upstream builds) or 16 (Debian's system jemalloc).</summary>
public enum AllocatorKind
{
    JemallocQ8,
    JemallocQ16,
}

public static class EngineModelNames
{
    public static readonly EngineModel[] All = [EngineModel.Redis70, EngineModel.Redis72, EngineModel.Valkey80, EngineModel.Valkey81, EngineModel.Valkey91];

    /// <summary>Number of models, as a constant for fixed-size per-model storage (inline arrays); equals All.Length.</summary>
    public const int Count = 5;

    /// <summary>Model name as users type it: redis-7.0, redis-7.2, valkey-8.0, valkey-8.1, valkey-9.1.</summary>
    public static string Name(this EngineModel model) => model switch
    {
        EngineModel.Redis70 => "redis-7.0",
        EngineModel.Redis72 => "redis-7.2",
        EngineModel.Valkey80 => "valkey-8.0",
        EngineModel.Valkey81 => "valkey-8.1",
        EngineModel.Valkey91 => "valkey-9.1",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    /// <summary>CSV column stem: redis_7_0 …</summary>
    public static string ColumnStem(this EngineModel model) => model.Name().Replace('-', '_').Replace('.', '_');

    public static bool TryParse(string name, out EngineModel model)
    {
        foreach (var m in All)
        {
            if (string.Equals(m.Name(), name, StringComparison.OrdinalIgnoreCase)) { model = m; return true; }
        }
        model = default;
        return false;
    }

    public static string Name(this ClusterMode mode) => mode == ClusterMode.Cluster ? "cluster" : "standalone";

    public static string Name(this AllocatorKind allocator) => allocator == AllocatorKind.JemallocQ16 ? "jemalloc-q16" : "jemalloc-q8";

    public static bool TryParseAllocator(string name, out AllocatorKind allocator)
    {
        switch (name.ToLowerInvariant())
        {
            case "jemalloc-q8": allocator = AllocatorKind.JemallocQ8; return true;
            case "jemalloc-q16": allocator = AllocatorKind.JemallocQ16; return true;
            default: allocator = default; return false;
        }
    }
}

/// <summary>
/// Server configuration the estimate assumes. <see cref="MaxmemoryPolicy"/> "none" means no maxmemory is set;
/// with maxmemory and an LRU/LFU policy Redis 7.x and Valkey 8.0 stop sharing the integer objects 0..9999
/// (object.c, MAXMEMORY_FLAG_NO_SHARED_INTEGERS). Default volatile-lru: ElastiCache's default.
/// </summary>
public sealed record MemoryModelOptions(AllocatorKind Allocator = AllocatorKind.JemallocQ8, string MaxmemoryPolicy = "volatile-lru")
{
    public static readonly MemoryModelOptions Default = new();

    public static readonly string[] KnownPolicies =
        ["none", "noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"];

    /// <summary>True when shared integers are disabled: maxmemory set and an LRU or LFU policy.</summary>
    public bool NoSharedIntegers => MaxmemoryPolicy.Contains("lru", StringComparison.Ordinal) || MaxmemoryPolicy.Contains("lfu", StringComparison.Ordinal);
}
