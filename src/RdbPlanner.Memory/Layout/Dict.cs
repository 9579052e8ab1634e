namespace RdbPlanner.Memory.Layout;

/// <summary>
/// The dict of Redis 7.0/7.2 and Valkey 8.0 (memory-model.md §2.3): power-of-two tables of 8-byte pointers,
/// minimum 4 slots, 24-byte entries.
/// </summary>
public static class Dict
{
    public const int StructBytes = 56;
    public const int EntryBytes = 24;
    /// <summary>Redis 7.x cluster mode: entry + {prev, next} slot-to-key metadata.</summary>
    public const int ClusterEntryBytes = 40;
    /// <summary>Valkey 8.0: dict struct + kvstore metadata (56 + 16 = 72 → J 80).</summary>
    public const int KvstoreDictBytes = 72;

    /// <summary>P2(n): the smallest power of two ≥ max(n, 4) (_dictNextExp).</summary>
    public static long TableSlots(long n)
    {
        if (n <= 4) return 4;
        return (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)n);
    }

    /// <summary>
    /// Slots of a Redis 7.x keyspace dict after load: pre-sized by the RESIZEDB hint when there is one, grown by
    /// doubling past it, then shrunk by the cron below 10% fill (htNeedsResize, HASHTABLE_MIN_FILL 10).
    /// </summary>
    public static long RedisKeyspaceSlots(long entries, long hint, bool hasHint)
    {
        if (!hasHint && entries == 0) return 0;
        long slots = TableSlots(Math.Max(entries, hasHint ? hint : 0));
        if (slots > 4 && entries * 100 / slots < 10) slots = TableSlots(entries);
        return slots;
    }

    /// <summary>
    /// Slots of a Valkey 8.0 keyspace dict after load and one cron pass: grown by doubling (the RESIZEDB and slot-info
    /// hints are ignored on a cold start), then an exactly full dict larger than 4 slots is doubled
    /// (kvstoreTryResizeDicts → dictExpandIfNeeded).
    /// </summary>
    public static long Valkey80KeyspaceSlots(long entries)
    {
        if (entries == 0) return 0;
        return entries <= 4 ? 4 : TableSlots(entries + 1);
    }

    /// <summary>
    /// Expected number of table slots holding no entry, for a Redis 7.2 / Valkey 8.0 set with keys_are_odd: the first
    /// member of a slot is stored bare and every further one needs a 16-byte entry. Uniform hashing assumed.
    /// </summary>
    public static double ExpectedCollidingMembers(long members, long slots)
    {
        if (members == 0) return 0;
        double occupied = slots * (1 - Math.Pow(1 - 1.0 / slots, members));
        return members - occupied;
    }
}
