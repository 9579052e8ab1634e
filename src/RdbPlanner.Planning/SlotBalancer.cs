namespace RdbPlanner.Planning;

/// <summary>
/// Splits the 16384 cluster slots into contiguous ranges, one per shard. Ranges rather than arbitrary sets because
/// ElastiCache's NodeGroupConfiguration gives each shard one "first-last" slot range at creation. A slot is never
/// split: a huge key's slot goes whole to one shard. Both operations are exact for contiguous ranges:
/// greedy filling gives the fewest ranges under a byte budget, and a binary search over that budget gives the
/// smallest possible busiest range for a fixed number of shards.
/// </summary>
internal static class SlotBalancer
{
    public const int SlotCount = 16384;

    /// <summary>
    /// Fewest contiguous ranges whose sums are each at most <paramref name="budget"/>, or -1 when a single slot exceeds
    /// it or more than <paramref name="limit"/> ranges would be needed.
    /// </summary>
    public static int MinShards(ReadOnlySpan<long> slotBytes, long budget, int limit)
    {
        if (budget < 0) return -1;
        int shards = 1;
        long current = 0;
        foreach (long b in slotBytes)
        {
            if (b > budget) return -1;
            if (current + b > budget)
            {
                if (++shards > limit) return -1;
                current = 0;
            }
            current += b;
        }
        return shards;
    }

    /// <summary>
    /// First slot of each of <paramref name="shards"/> non-empty contiguous ranges, chosen so the busiest range is as
    /// light as possible. Shards ≤ slot count.
    /// </summary>
    public static int[] Balance(ReadOnlySpan<long> slotBytes, int shards)
    {
        if (shards < 1 || shards > slotBytes.Length) throw new ArgumentOutOfRangeException(nameof(shards));
        long total = 0, largest = 0;
        foreach (long b in slotBytes)
        {
            total += b;
            largest = Math.Max(largest, b);
        }
        // The busiest range is at least the largest slot and at least the mean; at most everything.
        long lo = Math.Max(largest, (total + shards - 1) / shards), hi = Math.Max(lo, total);
        while (lo < hi)
        {
            long mid = lo + (hi - lo) / 2;
            if (MinShards(slotBytes, mid, shards) > 0) hi = mid;
            else lo = mid + 1;
        }
        return Cut(slotBytes, shards, lo);
    }

    /// <summary>Greedy ranges under <paramref name="budget"/>, closing early only so every later shard keeps a slot.</summary>
    private static int[] Cut(ReadOnlySpan<long> slotBytes, int shards, long budget)
    {
        var starts = new int[shards];
        int pos = 0;
        for (int s = 0; s < shards; s++)
        {
            starts[s] = pos;
            if (s == shards - 1) break;
            long sum = slotBytes[pos++];
            while (pos < slotBytes.Length && sum + slotBytes[pos] <= budget && slotBytes.Length - pos > shards - 1 - s)
            {
                sum += slotBytes[pos++];
            }
        }
        return starts;
    }

    /// <summary>Sum of each range given its starts.</summary>
    public static long[] RangeSums(ReadOnlySpan<long> values, int[] starts)
    {
        var sums = new long[starts.Length];
        for (int s = 0; s < starts.Length; s++)
        {
            int end = s + 1 < starts.Length ? starts[s + 1] : values.Length;
            long sum = 0;
            for (int i = starts[s]; i < end; i++) sum += values[i];
            sums[s] = sum;
        }
        return sums;
    }
}
