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
    public static double ExpectedNodeBytes(AllocatorKind kind) => ExpectedNodeBytes(24, kind);

    /// <summary>
    /// Valkey 9.1's node, which embeds the member (memory-model.md §12, t_zset.c zslCreateNode): score, backward pointer,
    /// the levels, a 1-byte header-size prefix and the member sds, E[J(16 + 16·level + 1 + m(L))] over the levels.
    /// </summary>
    public static double ExpectedNodeBytes91(long memberLength, AllocatorKind kind) =>
        ExpectedNodeBytes(16 + 1 + Sds.MinBytes(memberLength, valkey: true), kind);

    /// <summary>E[J(fixed + 16·level)], level geometric with p = 1/4 and capped at <see cref="MaxLevel"/>.</summary>
    private static double ExpectedNodeBytes(long fixedBytes, AllocatorKind kind)
    {
        double expected = 0;
        double p = 1;
        for (int level = 1; level <= MaxLevel; level++)
        {
            double probability = level == MaxLevel ? p : p * 0.75;
            expected += probability * Jemalloc.Size(fixedBytes + 16 * level, kind);
            p *= 0.25;
        }
        return expected;
    }
}
