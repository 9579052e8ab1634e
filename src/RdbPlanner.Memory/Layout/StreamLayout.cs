namespace RdbPlanner.Memory.Layout;

/// <summary>
/// Stream sizes (memory-model.md §2.10; stream.h, rax.h of redis 7.2.4 / valkey 8.1.1). Listpack nodes are kept
/// as the exact-size blobs of the file. The index and PEL raxes are sized from the IDs the file lists
/// (<see cref="RaxTreeSizer"/>); the methods here lay out IDs <see cref="EntryGapMs"/> apart for a rax whose keys were
/// not all given (<see cref="RaxLayout"/>), so a sink fed counts only still gets an estimate.
/// </summary>
public static class StreamLayout
{
    public const int StreamStructBytes = 80;
    public const int RaxStructBytes = 24;
    /// <summary>Valkey 8.1 adds alloc_size to the rax struct.</summary>
    public const int RaxStructBytes81 = 32;
    /// <summary>Head node of an empty rax.</summary>
    public const int EmptyRaxNodeBytes = 8;
    public const int ConsumerGroupBytes = 40;
    /// <summary>streamConsumer: seen_time, active_time, name, pel.</summary>
    public const int ConsumerBytes = 32;
    /// <summary>
    /// Redis 7.0's streamConsumer had no active_time: 24 bytes. (Redis 7.2 added it, and the stream RDB type 21 to save
    /// it; memory-model.md §8.5.) The same size class as 32 under jemalloc q16, one class smaller under q8.
    /// </summary>
    public const int ConsumerBytes70 = 24;
    /// <summary>streamNACK: delivery time, delivery count, consumer pointer.</summary>
    public const int NackBytes = 24;
    /// <summary>
    /// Assumed gap between consecutive entry IDs (ms) for laying out rax keys the snapshot does not list: the ground
    /// truth's generator adds entries 0–49 ms apart. Per-key cost moves little with the gap (q8, 2000 keys: 50.0 B at
    /// 1 ms, 50.8 at 25 ms, 55.1 at 100 ms) because it depends only on which key bytes differ.
    /// </summary>
    public const ulong EntryGapMs = 25;
    /// <summary>Nominal last ID for PEL keys (reported before the stream's last ID is known).</summary>
    public const ulong NominalMs = 1_700_000_000_000;

    /// <summary>Node bytes of the listpack-index rax: one key per node, its master ID, nodes entries-per-node apart.</summary>
    public static double IndexRaxBytes(long nodes, long entries, ulong lastMs, ulong lastSeq, AllocatorKind kind)
    {
        ulong perNode = nodes > 0 ? (ulong)Math.Max(1, entries / nodes) : 1;
        return RaxLayout.TreeBytes(nodes, lastMs, lastSeq, perNode * EntryGapMs, kind);
    }

    /// <summary>Node bytes of one PEL rax (a group's or a consumer's) of consecutive delivered entries.</summary>
    public static double PelRaxBytes(long pelEntries, AllocatorKind kind) =>
        RaxLayout.TreeBytes(pelEntries, NominalMs, 0, EntryGapMs, kind);
}
