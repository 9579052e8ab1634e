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
    /// <summary>One pending entry: 24-byte NACK + its share of the group and consumer PEL raxes, measured ≈ 85 B.</summary>
    public const double BytesPerPendingEntry = 85;
}
