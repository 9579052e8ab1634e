namespace RdbPlanner.Memory.Layout;

/// <summary>
/// Stream sizes (memory-model.md §2.10; stream.h, rax.h of redis 7.2.4 / valkey 8.1.1). Listpack nodes are kept
/// as the exact-size blobs of the file; the rax overheads are empirical (monotonic IDs, measured on 7.2.4).
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
    public const int ConsumerBytes = 32;
    /// <summary>Rax bytes per listpack node, measured ≈ 25.7 B (1000 nodes, monotonic IDs).</summary>
    public const double RaxBytesPerNode = 25.7;
    /// <summary>streamNACK: delivery time, delivery count, consumer pointer.</summary>
    public const int NackBytes = 24;
    /// <summary>
    /// Rax bytes per pending-entry key, in the group PEL and again in the owning consumer's PEL. memory-model.md §2.10
    /// gives ≈ 85 B per entry in total (NACK included) for its 10k-entry run; the ground-truth streams (7802 pending
    /// entries whose IDs are consecutive stream entries 0–50 ms apart, on 7.2.4, 8.0.1 and 8.1.1 alike) cost ≈ 129.5 B
    /// per entry, i.e. 24 + 2 × 52.75. Rax cost depends on how IDs share prefixes, which the snapshot's counts
    /// cannot tell, so this is the measured figure for typical XADD-generated IDs.
    /// </summary>
    public const double RaxBytesPerPendingKey = 52.75;

    /// <summary>
    /// The same with quantum-16 size classes: rax nodes of 17–24, 33–40 and 49–56 bytes cost 8 B more. Fitted on
    /// Debian's redis 7.0.15 (the only q16 build measured): the ground truth's crossload file (400 PEL rax keys,
    /// ≈ 3 KB above the q8 figure) and a streams-profile file generated and measured locally with tools/groundtruth.py
    /// at scale 0.02 (4466 PEL rax keys, ≈ 46 KB above it): ≈ 10.25 B more per key.
    /// </summary>
    public const double RaxBytesPerPendingKeyQ16 = 63.0;

    public static double PendingKeyBytes(AllocatorKind kind) =>
        kind == AllocatorKind.JemallocQ16 ? RaxBytesPerPendingKeyQ16 : RaxBytesPerPendingKey;
}
