using RdbPlanner.Memory.Layout;
using RdbPlanner.Rdb;
using Xunit;

namespace RdbPlanner.Memory.Tests;

/// <summary>Building blocks against the values memory-model.md states (§1, §2).</summary>
public class LayoutTests
{
    private const AllocatorKind Q8 = AllocatorKind.JemallocQ8;
    private const AllocatorKind Q16 = AllocatorKind.JemallocQ16;

    [Theory]
    [InlineData(1, 8)]
    [InlineData(17, 24)]
    [InlineData(65, 80)]
    [InlineData(100, 112)]
    [InlineData(129, 160)]
    [InlineData(536, 640)]
    [InlineData(8193, 10240)]
    [InlineData(14337, 16384)]
    [InlineData(131080, 163840)]
    public void Jemalloc_q8_matches_section_1(long request, long expected) => Assert.Equal(expected, Jemalloc.Size(request, Q8));

    [Theory]
    [InlineData(8, 8)]
    [InlineData(24, 32)]
    [InlineData(40, 48)]
    [InlineData(56, 64)]
    [InlineData(100, 112)]
    [InlineData(129, 160)]
    public void Jemalloc_q16_matches_section_1(long request, long expected) => Assert.Equal(expected, Jemalloc.Size(request, Q16));

    [Theory]
    [InlineData(0, 3, 3)]
    [InlineData(31, 1, 1)]
    [InlineData(32, 3, 3)]
    [InlineData(252, 3, 3)]
    [InlineData(253, 3, 5)]
    [InlineData(255, 3, 5)]
    [InlineData(256, 5, 5)]
    [InlineData(65530, 5, 5)]
    [InlineData(65531, 5, 9)]
    [InlineData(65536, 9, 9)]
    public void Sds_headers_differ_between_redis_and_valkey(long length, int redis, int valkey)
    {
        Assert.Equal(redis, Sds.Header(length, valkey: false));
        Assert.Equal(valkey, Sds.Header(length, valkey: true));
    }

    [Fact]
    public void Sds_allocations()
    {
        Assert.Equal(8, Sds.Alloc(0, false, Q8));   // forced type 8: 3 + 0 + 1
        Assert.Equal(40, Sds.Alloc(36, false, Q8)); // J(3+36+1)
        Assert.Equal(112, Sds.Alloc(100, false, Q8));
        Assert.Equal(48, Sds.Alloc(36, false, Q16));
        Assert.Equal(3 + 8 + 1, Sds.MinBytesType8(8));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(127, 2)]
    [InlineData(128, 3)]
    [InlineData(-4096, 3)]
    [InlineData(4096, 4)]
    [InlineData(-32768, 4)]
    [InlineData(32768, 5)]
    [InlineData(8388607, 5)]
    [InlineData(8388608, 6)]
    [InlineData(2147483647, 6)]
    [InlineData(2147483648, 10)]
    public void Listpack_integer_entries(long value, long expected) => Assert.Equal(expected, Listpack.IntegerEntryBytes(value));

    [Theory]
    [InlineData(10, 12)]      // 1 + 10 + backlen 1
    [InlineData(63, 65)]
    [InlineData(64, 67)]      // str12: 2 + 64 + 1
    [InlineData(126, 130)]    // enc+data 128 > 127 → backlen 2
    [InlineData(4096, 4103)]  // str32: 5 + 4096 + 2
    public void Listpack_string_entries(long length, long expected) => Assert.Equal(expected, Listpack.StringEntryBytes(length));

    [Fact]
    public void Listpack_entry_uses_integer_form_for_canonical_integers()
    {
        Assert.Equal(2, Listpack.EntryBytes(RdbScalar.FromInteger(5)));
        Assert.Equal(12, Listpack.EntryBytes(RdbScalar.FromString(10)));
    }

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(3.14, 4)]
    [InlineData(-2.5, 4)]
    [InlineData(123456.789, 10)]
    [InlineData(0.0001, 6)]
    [InlineData(1e-7, 4)]        // "1e-7"
    [InlineData(1.5e300, 8)]     // "1.5e+300"
    [InlineData(double.PositiveInfinity, 3)]
    [InlineData(double.NegativeInfinity, 4)]
    public void Score_text_grisu(double score, int length) => Assert.Equal(length, ScoreFormat.TextLength(score, ScoreText.Grisu));

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(0.1, 19)]        // 0.10000000000000001
    [InlineData(1e-7, 22)]       // 9.9999999999999995e-08
    public void Score_text_printf17g(double score, int length) => Assert.Equal(length, ScoreFormat.TextLength(score, ScoreText.Printf17g));

    [Fact]
    public void Integral_scores_become_integers_within_the_engine_range()
    {
        Assert.Equal(3, Listpack.ScoreEntryBytes(4000, ScoreText.Grisu)); // int13 + backlen
        Assert.Equal(4, Listpack.ScoreEntryBytes(5000, ScoreText.Grisu)); // int16 + backlen
        Assert.True(ScoreFormat.TryInteger(4611686018427387904.0, ScoreText.Grisu, out _));
        Assert.False(ScoreFormat.TryInteger(4611686018427387904.0 * 2, ScoreText.Grisu, out _));
        Assert.False(ScoreFormat.TryInteger(4503599627370496.0, ScoreText.Printf17g, out _));
        Assert.False(ScoreFormat.TryInteger(-0.0, ScoreText.Grisu, out _));
        Assert.Equal(4, Listpack.ScoreEntryBytes(-0.0, ScoreText.Grisu)); // "-0" string
    }

    [Fact]
    public void Intset_width_follows_the_widest_member()
    {
        Assert.Equal(2, Intset.Width(-32768, 32767));
        Assert.Equal(4, Intset.Width(0, 32768));
        Assert.Equal(8, Intset.Width(long.MinValue, 0));
        Assert.Equal(8 + 20 * 2, Intset.Bytes(20, 2));
    }

    [Fact]
    public void Quicklist_5000_elements_of_20_bytes_fill_14_nodes()
    {
        var fill = default(QuicklistFill);
        fill.Reset(redis70: false);
        long entry = Listpack.StringEntryBytes(20);
        for (int i = 0; i < 5000; i++) fill.Push(20, entry, Q8);
        Assert.Equal(14, fill.Nodes);
        Assert.Equal(13 * 8192 + 4096, fill.NodeAllocBytes(Q8)); // §2.8, measured
        Assert.False(fill.SinglePackedNode);
    }

    [Fact]
    public void Quicklist_large_elements_get_plain_nodes_since_7_2()
    {
        var fill = default(QuicklistFill);
        fill.Reset(redis70: false);
        fill.Push(10, 12, Q8);
        fill.Push(9000, 9008, Q8);
        fill.Push(10, 12, Q8);
        Assert.Equal(3, fill.Nodes);
        Assert.Equal(2, fill.PackedNodes);
        var old = default(QuicklistFill);
        old.Reset(redis70: true);
        old.Push(9000, 9008, Q8);
        Assert.Equal(1, old.PackedNodes);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 8)]
    [InlineData(100000, 131072)]
    public void Dict_table_is_p2_with_minimum_4(long n, long slots) => Assert.Equal(slots, Dict.TableSlots(n));

    [Fact]
    public void Valkey80_cron_doubles_exactly_full_dicts_above_4()
    {
        Assert.Equal(4, Dict.Valkey80KeyspaceSlots(4));
        Assert.Equal(8, Dict.Valkey80KeyspaceSlots(5));
        Assert.Equal(16, Dict.Valkey80KeyspaceSlots(8));
        Assert.Equal(16, Dict.Valkey80KeyspaceSlots(9));
        Assert.Equal(0, Dict.Valkey80KeyspaceSlots(0));
    }

    [Fact]
    public void Redis_keyspace_uses_the_hint_and_shrinks_below_10_percent()
    {
        Assert.Equal(4, Dict.RedisKeyspaceSlots(0, 0, hasHint: true)); // RESIZEDB with 0 expires still allocates 4 slots
        Assert.Equal(0, Dict.RedisKeyspaceSlots(0, 0, hasHint: false));
        Assert.Equal(1024, Dict.RedisKeyspaceSlots(1000, 1000, hasHint: true));
        Assert.Equal(128, Dict.RedisKeyspaceSlots(100, 10000, hasHint: true));
    }

    [Theory]
    [InlineData(3.2, 0.017)]
    [InlineData(4, 0.051)]
    [InlineData(5, 0.134)]
    [InlineData(6, 0.260)]
    [InlineData(6.4, 0.319)]
    [InlineData(7, 0.414)]
    public void Hashtable_child_bucket_ratios_of_section_2_5(double lambda, double ratio)
    {
        const long buckets = 1 << 22;
        long n = (long)(lambda * buckets);
        Assert.Equal(ratio, ValkeyHashtable.ExpectedChildBuckets(n, buckets) / buckets, 3);
    }

    [Fact]
    public void Hashtable_hint_path_can_be_twice_the_growth_path()
    {
        // n in (6.4·2^i, 7·2^i]: growth 2^i, hint 2^(i+1).
        Assert.Equal(16, ValkeyHashtable.BucketsForGrowth(112));
        Assert.Equal(32, ValkeyHashtable.BucketsForCapacity(112));
        Assert.Equal(16384, ValkeyHashtable.BucketsForCapacity(100000));
        // Cron: exactly full doubles, otherwise unchanged.
        Assert.Equal(32, ValkeyHashtable.KeyspaceBuckets(112, 0));
        Assert.Equal(16, ValkeyHashtable.KeyspaceBuckets(111, 0));
        Assert.Equal(0, ValkeyHashtable.ExpectedChildBuckets(7, 1));
        Assert.Equal(1, ValkeyHashtable.ExpectedChildBuckets(8, 1));
        Assert.Equal(2, ValkeyHashtable.ExpectedChildBuckets(14, 1));
    }

    [Fact]
    public void Hashtable_100k_keys_from_the_hint_match_section_6()
    {
        long b = ValkeyHashtable.BucketsForCapacity(100000);
        double children = ValkeyHashtable.ExpectedChildBuckets(100000, b);
        Assert.InRange(children, 4490, 4510); // §6: C ≈ 4499
    }

    [Fact]
    public void Skiplist_expected_node_sizes()
    {
        Assert.Equal(45.84, Skiplist.ExpectedNodeBytes(Q8), 2);
        Assert.Equal(53.34, Skiplist.ExpectedNodeBytes(Q16), 2);
        Assert.Equal(640, Skiplist.HeaderNodeBytes(Q8));
    }

    [Theory]
    [InlineData(AllocatorKind.JemallocQ8)]
    [InlineData(AllocatorKind.JemallocQ16)]
    public void ModelContext_size_tables_equal_the_formulas_below_and_above_their_end(AllocatorKind allocator)
    {
        var c = new RdbPlanner.Memory.Models.ModelContext(new MemoryModelOptions(allocator, "none"));
        for (long n = 0; n < 5_000; n++)
        {
            Assert.Equal(Jemalloc.Size(n, allocator), c.J(n));
            Assert.Equal(Sds.Alloc(n, valkey: false, allocator), c.SdsAlloc(n, valkey: false));
            Assert.Equal(Sds.Alloc(n, valkey: true, allocator), c.SdsAlloc(n, valkey: true));
        }
        foreach (long n in new[] { 65_535L, 65_536L, 1L << 32, long.MaxValue / 2 })
        {
            Assert.Equal(Jemalloc.Size(n, allocator), c.J(n));
            Assert.Equal(Sds.Alloc(n, valkey: true, allocator), c.SdsAlloc(n, valkey: true));
        }
    }

    [Fact]
    public void Valkey81_collection_table_cache_returns_the_computed_value_on_first_and_later_calls()
    {
        var c = new RdbPlanner.Memory.Models.ModelContext(MemoryModelOptions.Default);
        foreach (long n in new[] { 1L, 8, 129, 513, 4095, 4096, 100_000 })
        {
            long expected = RdbPlanner.Memory.Models.Valkey81Model.ComputeTable(n, c);
            Assert.Equal(expected, c.CollectionTable81(n));
            Assert.Equal(expected, c.CollectionTable81(n));
        }
    }
}
