namespace RdbPlanner.Memory.Layout;

/// <summary>
/// zset skiplist (memory-model.md §2.9, t_zset.c): node = 24 + 16·level bytes, level geometric with p = 1/4,
/// at most 32; the header node has 32 levels.
/// </summary>
public static class Skiplist
{
    public const int ZsetStructBytes = 16;
    public const int ListStructBytes = 32;
    public const int MaxLevel = 32;

    public static long HeaderNodeBytes(AllocatorKind kind) => Jemalloc.Size(24 + MaxLevel * 16, kind);

    /// <summary>E[J(node)] over the level distribution (≈ 45.84 B with q8, 53.34 B with q16).</summary>
    public static double ExpectedNodeBytes(AllocatorKind kind)
    {
        double expected = 0;
        double p = 1;
        for (int level = 1; level <= MaxLevel; level++)
        {
            double probability = level == MaxLevel ? p : p * 0.75;
            expected += probability * Jemalloc.Size(24 + 16 * level, kind);
            p *= 0.25;
        }
        return expected;
    }
}
