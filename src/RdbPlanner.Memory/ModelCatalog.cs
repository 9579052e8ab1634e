namespace RdbPlanner.Memory;

/// <summary>What a model is, which build it was checked against and what it assumes; every report prints it.</summary>
public sealed record MemoryModelInfo(
    string Name,
    string EngineVersion,
    string ModelVersion,
    ClusterMode Mode,
    IReadOnlyList<string> Assumptions);

public static class ModelCatalog
{
    /// <summary>Bumped whenever a formula changes, so stored estimates can be told apart.</summary>
    public const string ModelVersion = "rdbplanner-mem/2";

    public static MemoryModelInfo Describe(EngineModel model, MemoryModelOptions options, ClusterMode mode)
    {
        ArgumentNullException.ThrowIfNull(options);
        var a = new List<string>
        {
            $"Predicts the growth of INFO used_memory when the snapshot is loaded into an empty {model.Name()} server ({mode.Name()}); not RSS, no fragmentation.",
            $"Allocator: {options.Allocator.Name()} size classes" + (options.Allocator == AllocatorKind.JemallocQ16
                ? " (a distro's system jemalloc, e.g. Debian's redis 7.0.15)." : " (jemalloc bundled with the official sources)."),
        };
        a.Add(options.MaxmemoryPolicy == "none"
            ? "maxmemory-policy: none (no maxmemory)."
            : $"maxmemory set, maxmemory-policy {options.MaxmemoryPolicy}.");
        if (model is EngineModel.Valkey81 or EngineModel.Valkey91)
        {
            a.Add("Integer string values each get a private object carrying the embedded key (no shared integers in any config).");
        }
        else
        {
            a.Add(options.NoSharedIntegers
                ? "String values 0..9999 are private 16-byte objects (LRU/LFU policy disables shared integers)."
                : "String values 0..9999 use the shared integer objects (0 bytes).");
        }
        a.Add("Default encoding limits: hash 512 entries / 64 B, set 512 intset / 128 listpack / 64 B, zset 128 / 64 B, list-max-listpack-size -2, list-compress-depth 0.");
        a.Add(model switch
        {
            EngineModel.Redis70 => "Keyspace and expires dicts pre-sized from RESIZEDB (P2 of the counts); sets are always dicts, lists always quicklists.",
            EngineModel.Redis72 => "Keyspace and expires dicts pre-sized from RESIZEDB (P2 of the counts).",
            EngineModel.Valkey80 => "Keyspace tables grow on insert (RESIZEDB and slot-info ignored on a cold start); the resize cron then doubles every exactly-full table.",
            EngineModel.Valkey81 => "Standalone: keyspace hashtables pre-sized from RESIZEDB; expected child buckets assume uniform hashing.",
            _ => "Standalone: keyspace hashtables pre-sized from RESIZEDB; expected child buckets assume uniform hashing; databases other than 0 are created when the load selects them. Strings embed values up to 128 bytes with the key; sorted-set members live in their skiplist nodes.",
        });
        if (mode == ClusterMode.Cluster)
        {
            a.Add(model switch
            {
                EngineModel.Redis70 or EngineModel.Redis72 => "Cluster: one keyspace dict per node, each entry +16 B slot-to-key metadata; the 256 KiB slot index is part of the empty node.",
                EngineModel.Valkey80 => "Cluster: one dict per non-empty slot (80 B + table), sized after the ~100 s cron pass; per-slot index arrays are part of the empty node.",
                EngineModel.Valkey81 => "Cluster: one hashtable per non-empty slot (96 B + buckets), grown on insert then doubled by the cron when exactly full; the node owns no slots at load (no pre-sizing of empty slots).",
                _ => "Cluster: one hashtable per non-empty slot (96 B + buckets), pre-sized from the file's slot-info counts when it has them, else grown on insert then doubled by the cron when exactly full; the node owns no slots at load.",
            });
        }
        a.Add("Skiplist levels and hashtable collisions are expectations, not the random outcome of one load.");
        a.Add("Stream radix trees are built node by node from the IDs and names the snapshot lists; where a tree's keys are missing, from their counts, assuming entry IDs 25 ms apart.");
        if (model == EngineModel.Valkey91)
        {
            a.Add("Hash fields with TTLs: the 8-byte expiry in each entry is counted; the per-db index of keys with volatile fields is not.");
        }
        a.Add("Keys already expired at the snapshot's time are left out, as a loading primary drops them, unless the analysis keeps them (--include-expired); keys that expire between the snapshot and the load are counted. Not modelled: module values (serialized size used as a stand-in), list compression, replication/AOF/client buffers, the transient peak during load.");
        string version = model switch
        {
            EngineModel.Redis70 => "Redis OSS 7.0.15 (Debian 12 build)",
            EngineModel.Redis72 => "Redis OSS 7.2.4",
            EngineModel.Valkey80 => "Valkey 8.0.1",
            EngineModel.Valkey81 => "Valkey 8.1.1",
            _ => "Valkey 9.1.2",
        };
        return new MemoryModelInfo(model.Name(), version, ModelVersion, mode, a);
    }
}
