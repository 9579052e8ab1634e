namespace RdbPlanner.Planning.Tests;

public sealed class SlotBalancerTests
{
    [Fact]
    public void MinShards_UniformSlots_IsCeilingOfTotalOverBudget()
    {
        var slots = Enumerable.Repeat(3_000_000L, 16384).ToArray();
        // 2923 slots fit a budget of 8_770_904_810 bytes; 16384 / 2923 → 6 ranges.
        Assert.Equal(6, SlotBalancer.MinShards(slots, 8_770_904_810, 500));
        Assert.Equal(1, SlotBalancer.MinShards(slots, 16384 * 3_000_000L, 500));
        Assert.Equal(2, SlotBalancer.MinShards(slots, 16384 * 3_000_000L - 1, 500));
    }

    [Fact]
    public void MinShards_SlotLargerThanBudget_OrTooManyShards_IsMinusOne()
    {
        var slots = new long[16384];
        slots[42] = 1001;
        Assert.Equal(-1, SlotBalancer.MinShards(slots, 1000, 500));
        Assert.Equal(1, SlotBalancer.MinShards(slots, 1001, 500));
        var uniform = Enumerable.Repeat(10L, 16384).ToArray();
        Assert.Equal(-1, SlotBalancer.MinShards(uniform, 100, 500));   // needs 1639 ranges
        Assert.Equal(-1, SlotBalancer.MinShards(uniform, -1, 500));
    }

    [Fact]
    public void Balance_UniformSlots_SplitsEvenly()
    {
        var slots = Enumerable.Repeat(3_000_000L, 16384).ToArray();
        int[] starts = SlotBalancer.Balance(slots, 6);
        Assert.Equal([0, 2731, 5462, 8193, 10924, 13655], starts);
        long[] sums = SlotBalancer.RangeSums(slots, starts);
        Assert.Equal(2731 * 3_000_000L, sums.Max());
        Assert.Equal(2729 * 3_000_000L, sums[5]);
    }

    [Fact]
    public void Balance_HotSlot_GetsAShardWithFewerSlots()
    {
        var slots = Enumerable.Repeat(1_000L, 16384).ToArray();
        slots[5000] = 4_000_000;   // a quarter of the other slots together
        int[] starts = SlotBalancer.Balance(slots, 4);
        long[] sums = SlotBalancer.RangeSums(slots, starts);
        int hotShard = Array.FindLastIndex(starts, s => s <= 5000);
        int hotSlots = (hotShard + 1 < starts.Length ? starts[hotShard + 1] : 16384) - starts[hotShard];
        Assert.True(hotSlots < 4096, $"hot shard has {hotSlots} slots");
        // By hand: shard 0 takes slots 0–4999 (5.000 MB); the hot shard holds slot 5000 (4 MB) plus m − 4000 − 1 more
        // 1000-byte slots; shards 2 and 3 split the rest. 5000 + (m − 3999) + 2m ≥ 16384 gives m ≥ 5127.67, so the
        // best busiest shard is 5128 × 1000 bytes, above the mean of 5_095_750.
        Assert.Equal(5_128_000, sums.Max());
        Assert.Equal(1, hotShard);
        Assert.Equal(5000, starts[1]);
    }

    [Fact]
    public void Balance_SingleGiantSlot_StaysWhole()
    {
        var slots = new long[16384];
        slots[100] = 1_000_000;
        slots[200] = 10;
        int[] starts = SlotBalancer.Balance(slots, 3);
        Assert.Equal(3, starts.Length);
        Assert.Equal(1_000_000, SlotBalancer.RangeSums(slots, starts).Max());
        Assert.All(starts.Zip(starts.Skip(1)), p => Assert.True(p.First < p.Second));   // every shard owns a slot
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Balance_MatchesBruteForceOptimum_OnSmallInputs(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            int n = random.Next(1, 9);
            var values = Enumerable.Range(0, n).Select(_ => (long)random.Next(0, 50)).ToArray();
            int k = random.Next(1, n + 1);
            long best = BruteForce(values, k);
            long[] sums = SlotBalancer.RangeSums(values, SlotBalancer.Balance(values, k));
            Assert.Equal(k, sums.Length);
            Assert.Equal(best, sums.Max());
        }
    }

    /// <summary>Smallest possible busiest range over every way of cutting <paramref name="v"/> into k non-empty ranges.</summary>
    private static long BruteForce(long[] v, int k)
    {
        long best = long.MaxValue;
        int n = v.Length;
        for (int mask = 0; mask < 1 << (n - 1); mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != k - 1) continue;
            long worst = 0, sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += v[i];
                if (i == n - 1 || (mask & (1 << i)) != 0)
                {
                    worst = Math.Max(worst, sum);
                    sum = 0;
                }
            }
            best = Math.Min(best, worst);
        }
        return best;
    }
}
