using System.Globalization;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning;

/// <summary>A sized configuration and the slot ranges behind it (null starts: cluster mode disabled).</summary>
internal sealed record SizedCandidate(NodeCandidate Candidate, int[]? ShardStarts);

/// <summary>
/// Sizes one node type for one engine: usable = maxmemory × (1 − reserved %); needed = estimate × (1 + growth) +
/// empty instance; with cluster mode, the fewest shards whose busiest contiguous slot range fits.
/// </summary>
internal sealed class NodeSizer
{
    /// <summary>Data tiering never moves items larger than this to SSD (SOURCES.md S8, data-tiering.html).</summary>
    public const long TieringItemLimitBytes = 128L << 20;

    /// <summary>Eviction policies data-tiering nodes support (SOURCES.md S8).</summary>
    public static readonly string[] TieringPolicies = ["volatile-lru", "allkeys-lru", "noeviction"];

    private readonly PlanOptions _options;
    private readonly NodeCatalog _catalog;
    private readonly DatasetSummary _summary;
    private readonly int _databases;
    private readonly decimal _growthFactor;

    public NodeSizer(PlanOptions options, NodeCatalog catalog, DatasetSummary summary)
    {
        _options = options;
        _catalog = catalog;
        _summary = summary;
        _databases = PlanValidation.DatabasesWithKeys(summary);
        _growthFactor = 1m + (decimal)options.Growth;
    }

    public static long Usable(long maxmemory, double reservedPercent)
        => (long)Math.Floor(maxmemory * (1m - (decimal)reservedPercent / 100m));

    /// <summary>Bytes a node needs for <paramref name="dataBytes"/> of model estimate: data × (1 + growth) + empty instance.</summary>
    public long Needed(long dataBytes, long emptyBytes) => (long)Math.Ceiling(dataBytes * _growthFactor) + emptyBytes;

    public (SizedCandidate? Sized, string? Rejection) Size(NodeType type, EngineModel engine, ModelEstimate estimate)
    {
        string engineName = NodeCatalog.EngineName(engine);
        if (!type.Engines.Contains(engineName))
            return (null, $"{type.Name} does not run {engineName} on ElastiCache (catalog engines: {string.Join(';', type.Engines)})");
        var price = _catalog.FindPrice(_options.Region, engineName, type.Name, _options.PricingModel);
        if (price is null)
            return (null, $"the catalog has no {_options.PricingModel} {engineName} price for {type.Name} in {_options.Region}");
        if (type.DataTiering && !TieringPolicies.Contains(_summary.ModelOptions.MaxmemoryPolicy))
            return (null, $"data tiering supports only {string.Join(", ", TieringPolicies)}; the estimate assumes maxmemory-policy {_summary.ModelOptions.MaxmemoryPolicy}");

        long dram = Usable(type.MaxmemoryBytes, _options.ReservedMemoryPercent);
        long capacity = dram + type.SsdBytes;
        bool allowDisabled = _options.ClusterMode != ClusterModeOption.Enabled;
        bool allowEnabled = _options.ClusterMode != ClusterModeOption.Disabled && _databases <= 1;
        if (!allowEnabled && !allowDisabled)
            return (null, $"{_databases} databases have keys: cluster mode enabled serves db 0 only, so only cluster mode disabled can hold them");

        string? disabledReason = null;
        if (allowDisabled)
        {
            long needed = Needed(estimate.StandaloneBytes, estimate.EmptyStandaloneBytes);
            long pinned = Needed(PinnedDataBytes(estimate, null), estimate.EmptyStandaloneBytes);
            if (needed <= capacity && (!type.DataTiering || pinned <= dram))
                return (new SizedCandidate(Build(type, engine, price, false, 1, dram, capacity, needed), null), null);
            disabledReason = needed > capacity
                ? $"one node needs {Gib(needed)} GiB, more than the {Gib(capacity)} GiB usable on {type.Name}"
                : $"data that never leaves DRAM ({Gib(pinned)} GiB) exceeds {Gib(dram)} GiB of DRAM";
            if (!allowEnabled)
            {
                return (null, _databases > 1 && _options.ClusterMode != ClusterModeOption.Disabled
                    ? $"{disabledReason}; cluster mode (more shards) is not possible with {_databases} databases"
                    : disabledReason);
            }
        }

        return SizeCluster(type, engine, estimate, price, dram, capacity);
    }

    private (SizedCandidate?, string?) SizeCluster(NodeType type, EngineModel engine, ModelEstimate estimate, NodePrice price, long dram, long capacity)
    {
        long[] slots = estimate.SlotBytes;
        long room = capacity - estimate.EmptyClusterBytes;
        long budget = room < 0 ? -1 : (long)Math.Floor(room / _growthFactor) - estimate.ClusterFixedBytes;
        if (budget < 0)
        {
            long empty = Needed(estimate.ClusterFixedBytes, estimate.EmptyClusterBytes);
            return (null, $"an empty cluster-mode instance with its fixed overhead needs {Gib(empty)} GiB, more than the {Gib(capacity)} GiB usable on {type.Name}");
        }
        int shards = SlotBalancer.MinShards(slots, budget, _options.MaxShards);
        if (shards < 0)
        {
            int hottest = Hottest(slots);
            long slotNeeded = Needed(slots[hottest] + estimate.ClusterFixedBytes, estimate.EmptyClusterBytes);
            if (slotNeeded > capacity)
                return (null, $"slot {hottest} alone needs {Gib(slotNeeded)} GiB on one node, more than the {Gib(capacity)} GiB usable on {type.Name} (a slot cannot be split)");
            return (null, $"needs more than {_options.MaxShards} shards of {type.Name}");
        }
        int[] starts = SlotBalancer.Balance(slots, shards);
        long[] sums = SlotBalancer.RangeSums(slots, starts);
        long peakData = sums.Max();
        long peakNeeded = Needed(peakData + estimate.ClusterFixedBytes, estimate.EmptyClusterBytes);
        if (type.DataTiering)
        {
            for (int s = 0; s < starts.Length; s++)
            {
                long pinned = Needed(PinnedDataBytes(estimate, (starts, s)), estimate.EmptyClusterBytes);
                if (pinned > dram)
                    return (null, $"shard {s}: data that never leaves DRAM ({Gib(pinned)} GiB) exceeds {Gib(dram)} GiB of DRAM");
            }
        }
        var candidate = Build(type, engine, price, true, shards, dram, capacity, peakNeeded);
        return (new SizedCandidate(candidate, starts), null);
    }

    /// <summary>
    /// Data-tiering nodes keep keys and their tables in DRAM and never move items over 128 MiB (SOURCES.md S8).
    /// Pinned bytes = keyspace tables (the summary's "keyspace" share; all of it per shard, an upper bound) +
    /// known top keys over 128 MiB in the shard's slots + cluster fixed overhead.
    /// </summary>
    private long PinnedDataBytes(ModelEstimate estimate, (int[] Starts, int Shard)? range)
    {
        long keyspace = estimate.ByTypeEncoding.TryGetValue("keyspace", out var tables) ? tables.Values.Sum(t => t.Bytes) : 0;
        long giant = 0;
        foreach (var key in _summary.TopKeys)
        {
            if (key.Bytes <= TieringItemLimitBytes) continue;
            if (range is { } r)
            {
                int first = r.Starts[r.Shard];
                int end = r.Shard + 1 < r.Starts.Length ? r.Starts[r.Shard + 1] : SlotBalancer.SlotCount;
                if (key.Slot < first || key.Slot >= end) continue;
            }
            giant += key.Bytes;
        }
        return keyspace + giant + (range is null ? 0 : estimate.ClusterFixedBytes);
    }

    private NodeCandidate Build(NodeType type, EngineModel engine, NodePrice price, bool cluster, int shards, long dram, long capacity, long peakNeeded)
    {
        int nodes = shards * (1 + _options.Replicas);
        decimal perHour = PlanMath.Normalize(price.UsdPerHour * nodes);
        var notes = new List<string>();
        if (nodes > PlanOptions.DefaultNodeQuota)
            notes.Add($"{nodes} nodes: above the default quota of {PlanOptions.DefaultNodeQuota} nodes per cluster, ask AWS for an increase (up to 500)");
        if (type.DataTiering)
        {
            notes.Add($"data tiering: {Gib(dram)} GiB DRAM + {Gib(type.SsdBytes)} GiB SSD per node; least recently used values move to SSD, keys and items over 128 MiB stay in DRAM; suits workloads that touch at most ~20 % of their data");
            notes.Add("data tiering: no online migration, backups restore only to r6gd, no scaling to non-r6gd");
        }
        if (type.Name.EndsWith(".micro", StringComparison.Ordinal) || type.Name.EndsWith(".small", StringComparison.Ordinal))
            notes.Add("burstable micro/small node: AWS advises reserved-memory-percent 50 % (micro) or 30 % (small)");
        return new NodeCandidate
        {
            Engine = engine,
            NodeType = type.Name,
            Family = type.Family,
            ClusterModeEnabled = cluster,
            Shards = shards,
            Replicas = _options.Replicas,
            Nodes = nodes,
            MaxmemoryBytes = type.MaxmemoryBytes,
            UsableBytesPerNode = capacity,
            DramUsableBytesPerNode = dram,
            PeakShardBytes = peakNeeded,
            Utilization = capacity == 0 ? 0 : Math.Round((double)peakNeeded / capacity, 4),
            DataTiering = type.DataTiering,
            PricingModel = price.PricingModel,
            UsdPerNodeHour = price.UsdPerHour,
            UsdPerHour = perHour,
            UsdPerMonth = PlanMath.Normalize(perHour * CapacityPlanner.HoursPerMonth),
            UsdPerYear = PlanMath.Normalize(perHour * CapacityPlanner.HoursPerYear),
            PriceSource = price.Source,
            PriceAsOf = price.AsOf,
            Notes = notes,
        };
    }

    internal static int Hottest(long[] slots)
    {
        int best = 0;
        for (int i = 1; i < slots.Length; i++)
        {
            if (slots[i] > slots[best]) best = i;
        }
        return best;
    }

    internal static string Gib(long bytes) => (bytes / NodeCatalog.BytesPerGib).ToString("0.###", CultureInfo.InvariantCulture);
}
