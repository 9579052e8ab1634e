using RdbPlanner.Rdb;

namespace RdbPlanner.Memory;

/// <summary>Bytes and key count of one type → in-memory encoding pair, standalone, without table shares.</summary>
public readonly record struct TypeEncodingTotal(RdbObjectKind Kind, string Encoding, long Keys, long Bytes)
{
    public string Type => Kind.Name();
}

/// <summary>Predicted growth of used_memory when the dataset is loaded into an empty server of one engine.</summary>
public sealed class DatasetEstimate
{
    public required EngineModel Model { get; init; }

    public required MemoryModelOptions Options { get; init; }

    /// <summary>Predicted dataset_bytes in standalone mode: keys + values + expiry + keyspace tables.</summary>
    public required long StandaloneBytes { get; init; }

    /// <summary>Predicted dataset_bytes in cluster mode (one node owning every slot).</summary>
    public required long ClusterBytes { get; init; }

    /// <summary>Cluster bytes per slot, including that slot's share of (7.x) or own (8.x) keyspace tables.</summary>
    public required long[] SlotBytes { get; init; }

    /// <summary>Dataset-independent cluster overhead counted in dataset_bytes; 0 for every model (it is in the empty node).</summary>
    public required long ClusterFixedBytes { get; init; }

    /// <summary>used_memory of an empty instance (memory-model.md §5), for capacity planning; not part of the dataset.</summary>
    public required long EmptyStandaloneBytes { get; init; }

    public required long EmptyClusterBytes { get; init; }

    /// <summary>Standalone bytes by type and in-memory encoding; table shares are in <see cref="KeyspaceTableBytes"/>.</summary>
    public required IReadOnlyList<TypeEncodingTotal> ByTypeEncoding { get; init; }

    /// <summary>Standalone keyspace and expires tables (buckets and, for 8.x, table structs).</summary>
    public required long KeyspaceTableBytes { get; init; }

    /// <summary>Cluster-mode keyspace and expires tables (per db for 7.x, per slot for 8.x).</summary>
    public required long ClusterKeyspaceTableBytes { get; init; }

    public required long LargestKeyBytes { get; init; }

    public required long Keys { get; init; }

    public required long KeysWithExpiry { get; init; }
}
