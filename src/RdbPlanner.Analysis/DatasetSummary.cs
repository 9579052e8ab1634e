using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// Everything later layers (planning, reports) know about a dataset: one or more RDB files (shards of one cluster)
/// merged. Bounded in size whatever the dataset: no per-key data except the top-N list.
/// </summary>
public sealed class DatasetSummary
{
    public required IReadOnlyList<FileSummary> Files { get; init; }

    /// <summary>True when a file was damaged and only what was read before the damage is included (--keep-going).</summary>
    public bool Partial { get; init; }

    public string? PartialReason { get; init; }

    /// <summary>Key records in the files, expired or not.</summary>
    public long Keys { get; init; }

    public long KeysWithExpiry { get; init; }

    /// <summary>Keys whose expiry is before the snapshot's ctime (a primary drops them on load).</summary>
    public long KeysExpiredAtSnapshot { get; init; }

    /// <summary>db number → key count.</summary>
    public required IReadOnlyDictionary<int, long> Databases { get; init; }

    /// <summary>type name (string, list, set, zset, hash, stream, module) → key count.</summary>
    public required IReadOnlyDictionary<string, long> Types { get; init; }

    /// <summary>"type/file-encoding" → key count, e.g. "hash/listpack".</summary>
    public required IReadOnlyDictionary<string, long> FileEncodings { get; init; }

    /// <summary>One entry per engine model, in <see cref="EngineModelNames.All"/> order.</summary>
    public required IReadOnlyList<ModelEstimate> Estimates { get; init; }

    public required MemoryModelOptions ModelOptions { get; init; }

    /// <summary>Keys per cluster slot (CRC16 of the key or its hash tag, mod 16384), all databases together.</summary>
    public required long[] SlotKeys { get; init; }

    public required IReadOnlyList<TopKey> TopKeys { get; init; }

    public required IReadOnlyList<PrefixStat> Prefixes { get; init; }

    /// <summary>Error bound of the prefix counts (Space-Saving sketch): a reported count is never low and is high by at most this many keys; 0 means exact.</summary>
    public long PrefixCountErrorBound { get; init; }

    public required TtlHistogram Ttl { get; init; }

    public required ReadinessFacts Readiness { get; init; }

    public ModelEstimate Estimate(EngineModel model) => Estimates.First(e => e.Model == model);
}

public sealed record FileSummary(
    string Path,
    long Bytes,
    string? Sha256,
    string Magic,
    int RdbVersion,
    string Checksum,
    string? Writer,
    string? WriterVersion,
    DateTimeOffset? CreatedAt,
    bool Gzip,
    long Keys,
    double Seconds)
{
    /// <summary>The CRC-64 of the whole RDB stream (16 hex digits) when its trailer verified it, else null.</summary>
    public string? Crc64 { get; init; }
}

/// <summary>Predicted growth of used_memory when the dataset is loaded into an empty server of one engine.</summary>
public sealed class ModelEstimate
{
    public required EngineModel Model { get; init; }

    /// <summary>Model description: name, engine version it was checked against, assumptions.</summary>
    public required string Description { get; init; }

    public required IReadOnlyList<string> Assumptions { get; init; }

    public required long StandaloneBytes { get; init; }

    public required long ClusterBytes { get; init; }

    /// <summary>Memory of an empty instance (not part of the dataset bytes), per mode, for sizing.</summary>
    public required long EmptyStandaloneBytes { get; init; }

    public required long EmptyClusterBytes { get; init; }

    /// <summary>Cluster-mode bytes per slot (keys, values, expiry and that slot's tables); sums to ClusterBytes minus fixed cluster overhead.</summary>
    public required long[] SlotBytes { get; init; }

    /// <summary>Fixed cluster-mode overhead that belongs to no slot (slot index arrays etc.).</summary>
    public required long ClusterFixedBytes { get; init; }

    /// <summary>Standalone bytes by type → in-memory encoding (e.g. "hash" → "listpack" → bytes). Table shares are in "keyspace".</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, EncodingStat>> ByTypeEncoding { get; init; }

    public required long LargestKeyBytes { get; init; }
}

public readonly record struct EncodingStat(long Keys, long Bytes);

public sealed record TopKey(int Database, string Type, string Key, long KeyLength, long Bytes, string Encoding, long Elements, long LargestElement, long ExpireAtMs, int Slot);

public sealed record PrefixStat(string Prefix, int Depth, long Keys, long Bytes);

public sealed class TtlHistogram
{
    public static readonly string[] BucketNames = ["none", "expired", "<1h", "<1d", "<7d", "<30d", "later"];

    public long[] Keys { get; } = new long[7];

    public long[] Bytes { get; } = new long[7];

    public void Add(TtlHistogram other)
    {
        for (int b = 0; b < Keys.Length; b++)
        {
            Keys[b] += other.Keys[b];
            Bytes[b] += other.Bytes[b];
        }
    }
}

/// <summary>Facts that decide whether the data can move to a target engine as-is.</summary>
public sealed class ReadinessFacts
{
    public int MaxRdbVersion { get; init; }

    public IReadOnlyList<string> Magics { get; init; } = [];

    public long HashFieldTtlKeys { get; init; }

    /// <summary>Of <see cref="HashFieldTtlKeys"/>, keys of Valkey 9's own HASH_2 type, which Valkey 9 loads.</summary>
    public long ValkeyHashFieldTtlKeys { get; init; }

    /// <summary>module name → key count.</summary>
    public IReadOnlyDictionary<string, long> ModuleKeys { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<string> ModuleAuxNames { get; init; } = [];

    public int DatabasesWithKeys { get; init; }

    public long Functions { get; init; }

    /// <summary>Keys whose serialized or estimated size exceeds 512 MB (the proto-max-bulk-len default).</summary>
    public IReadOnlyList<string> KeysOver512MB { get; init; } = [];

    /// <summary>
    /// Groups of two or more inputs that are one snapshot (the same verified CRC-64, or the same SHA-256, or the same
    /// path): given as shards, each copy's keys count again. Empty when every input is distinct.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> DuplicateInputs { get; init; } = [];

    /// <summary>"a.rdb and b.rdb are one snapshot (same content): its keys are counted twice", for one group of <see cref="DuplicateInputs"/>.</summary>
    public static string DescribeDuplicate(IReadOnlyList<string> copies)
    {
        string names = copies.Count <= 1 ? string.Join("", copies) : string.Join(", ", copies.Take(copies.Count - 1)) + " and " + copies[^1];
        return $"{names} are one snapshot (same content): its keys are counted {(copies.Count == 2 ? "twice" : $"{copies.Count} times")}";
    }
}
