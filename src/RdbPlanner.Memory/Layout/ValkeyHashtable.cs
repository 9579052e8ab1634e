namespace RdbPlanner.Memory.Layout;

/// <summary>
/// Valkey 8.1 hashtable (memory-model.md §2.5, hashtable.c of valkey 8.1.1): 64-byte buckets of 7 entries; a full
/// bucket chains a 64-byte child that holds 6 more.
/// </summary>
public static class ValkeyHashtable
{
    public const int BucketBytes = 64;
    public const int EntriesPerBucket = 7;
    /// <summary>hashtable struct, 72 B → J 80.</summary>
    public const int StructBytes = 72;
    /// <summary>As a kvstore member: 72 + 16 bytes of kvstore metadata → J 96.</summary>
    public const int KvstoreStructBytes = 88;
    /// <summary>Largest hint taken as given (<see cref="BucketsForCapacity"/>).</summary>
    public const long MaxHintEntries = 1L << 56;

    /// <summary>
    /// Hint path (hashtableExpand(n)): nextpow2(ceil(5n/32)), ≤ 91.4% fill. A hint comes from the file (RESIZEDB,
    /// slot-info), so it is capped at 2^56 entries, far beyond any real keyspace, to keep the arithmetic in range; a
    /// table that large with few entries is shrunk back by <see cref="KeyspaceBuckets"/> anyway.
    /// </summary>
    public static long BucketsForCapacity(long n)
    {
        if (n <= 0) return 0;
        n = Math.Min(n, MaxHintEntries);
        long min = (5 * n + 31) / 32;
        return (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)min);
    }

    /// <summary>Growth path: expand on insert when used+1 &gt; 7·B, so B is the smallest power of two with 7·B ≥ n.</summary>
    public static long BucketsForGrowth(long n)
    {
        if (n <= 0) return 0;
        long min = (n + EntriesPerBucket - 1) / EntriesPerBucket;
        return (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)min);
    }

    /// <summary>
    /// Buckets of a keyspace or expires table once the cron has visited it: pre-sized by a hint (0 for none), grown
    /// on insert past it, doubled when exactly full (hashtableExpandIfNeeded tests used+1 &gt; 7·B), shrunk to the
    /// hint size at ≤ 13% fill.
    /// </summary>
    public static long KeyspaceBuckets(long entries, long hintBuckets)
    {
        long b = Math.Max(hintBuckets, BucketsForGrowth(entries));
        if (b == 0) return 0;
        if (entries == EntriesPerBucket * b) b *= 2;
        else if (entries * 100 <= EntriesPerBucket * b * 13) b = BucketsForCapacity(entries);
        return b;
    }

    /// <summary>
    /// Expected child buckets for n uniformly hashed entries over b buckets: b · Σ_{k&gt;7} P(X=k)·ceil((k−7)/6),
    /// X ~ Binomial(n, 1/b) (Poisson for large b).
    /// </summary>
    public static double ExpectedChildBuckets(long n, long b)
    {
        if (b <= 0 || n <= EntriesPerBucket) return 0;
        if (b == 1) return Children(n);
        double p = 1.0 / b;
        double lambda = (double)n / b;
        double sum = 0;
        // P(X=k) by recurrence from P(X=0); for large b this is the Poisson limit.
        double logP0 = b >= 1 << 20 ? -lambda : n * double.LogP1(-p);
        double ratio = p / (1 - p);
        double pk = Math.Exp(logP0);
        long kMax = Math.Min(n, (long)(lambda + 12 * Math.Sqrt(lambda) + 60));
        for (long k = 1; k <= kMax; k++)
        {
            pk *= b >= 1 << 20 ? lambda / k : (n - k + 1) / (double)k * ratio;
            if (k > EntriesPerBucket) sum += pk * Children(k);
        }
        return b * sum;
    }

    private static long Children(long k) => k <= EntriesPerBucket ? 0 : (k - EntriesPerBucket + 5) / 6;

    /// <summary>Bucket memory: 64·(B + expected children).</summary>
    public static double BucketBytes64(long n, long b) => BucketBytes * (b + ExpectedChildBuckets(n, b));
}
