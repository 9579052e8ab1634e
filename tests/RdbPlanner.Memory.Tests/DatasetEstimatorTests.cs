using System.Text;
using RdbPlanner.Rdb;
using Xunit;

namespace RdbPlanner.Memory.Tests;

/// <summary>
/// Keyspace table sizing against memory-model.md §6 and §9: 100k string keys "k:&lt;i&gt;:" padded with x, one node
/// owning all slots in cluster mode. Expected values are bytes per key (model column; measurements agree to ≤ 0.07).
/// </summary>
public class DatasetEstimatorTests
{
    private const int N = 100_000;

    private static DatasetEstimate[] Run(MemoryModelOptions options, int keyLength, int valueLength, bool ttl, Func<int, bool>? filter = null, DatasetEstimator? into = null)
    {
        var k = new KeyEstimator(options);
        var dataset = into ?? new DatasetEstimator(options);
        dataset.ResizeHint(0, N, ttl ? N : 0);
        var key = new byte[keyLength];
        for (int i = 0; i < N; i++)
        {
            int len = Encoding.ASCII.GetBytes($"k:{i}:", key);
            key.AsSpan(len).Fill((byte)'x');
            int slot = RedisSlot.Of(key);
            if (filter is not null && !filter(slot)) continue;
            Events.String(k, keyLength, RdbScalar.FromString(valueLength), ttl);
            dataset.AddKey(0, slot, RdbObjectKind.String, ttl, k.Results);
        }
        return EngineModelNames.All.Select(dataset.Complete).ToArray();
    }

    private static void AssertPerKey(double expected, long bytes, double tolerance) =>
        Assert.InRange((double)bytes / N, expected - tolerance, expected + tolerance);

    [Fact]
    public void Key36_value100_ttl_q8()
    {
        var e = Run(new MemoryModelOptions(AllocatorKind.JemallocQ8, "none"), 36, 100, ttl: true);
        Assert.Equal(23_697_152, e[(int)EngineModel.Redis72].StandaloneBytes); // §6: 216·N + 2·8·131072
        AssertPerKey(236.97, e[(int)EngineModel.Valkey80].StandaloneBytes, 0.01);
        AssertPerKey(218.73, e[(int)EngineModel.Valkey81].StandaloneBytes, 0.02);
        AssertPerKey(252.97, e[(int)EngineModel.Redis72].ClusterBytes, 0.01);
        AssertPerKey(265.98, e[(int)EngineModel.Valkey80].ClusterBytes, 0.01);
        // Child buckets are an expectation: §9 calls residues up to 0.07 B/key bucket noise.
        AssertPerKey(253.11, e[(int)EngineModel.Valkey81].ClusterBytes, 0.05);
        foreach (var d in e) Assert.Equal(d.ClusterBytes, d.SlotBytes.Sum() + d.ClusterFixedBytes);
    }

    [Fact]
    public void Key36_value100_ttl_redis70_q16()
    {
        var e = Run(new MemoryModelOptions(AllocatorKind.JemallocQ16, "none"), 36, 100, ttl: true)[(int)EngineModel.Redis70];
        AssertPerKey(260.97, e.StandaloneBytes, 0.01);
        AssertPerKey(276.97, e.ClusterBytes, 0.01);
    }

    [Fact]
    public void Key16_value10_q8()
    {
        var e = Run(new MemoryModelOptions(AllocatorKind.JemallocQ8, "none"), 16, 10, ttl: false);
        AssertPerKey(90.49, e[(int)EngineModel.Redis72].StandaloneBytes, 0.01);
        AssertPerKey(82.49, e[(int)EngineModel.Valkey80].StandaloneBytes, 0.01);
        AssertPerKey(69.37, e[(int)EngineModel.Valkey81].StandaloneBytes, 0.02);
        AssertPerKey(106.49, e[(int)EngineModel.Redis72].ClusterBytes, 0.01);
        AssertPerKey(96.95, e[(int)EngineModel.Valkey80].ClusterBytes, 0.01);
        AssertPerKey(86.56, e[(int)EngineModel.Valkey81].ClusterBytes, 0.02);
        Assert.Equal(N, e[0].Keys);
        var strings = Assert.Single(e[(int)EngineModel.Valkey81].ByTypeEncoding);
        Assert.Equal((RdbObjectKind.String, EncodingNames.Embstr, (long)N), (strings.Kind, strings.Encoding, strings.Keys));
    }

    [Theory]
    [InlineData(36, 100, true, 218.73, 253.17)] // §9, 9.1.2 column: 218.72 and 253.19 measured
    [InlineData(16, 10, false, 61.37, 78.57)]   // 61.38 and 78.58 measured
    public void Valkey91_tables_from_the_slot_info_a_cluster_save_writes(int keyLength, int valueLength, bool ttl, double standalone, double cluster)
    {
        var options = new MemoryModelOptions(AllocatorKind.JemallocQ8, "none");
        var counts = new int[RedisSlot.Count];
        var key = new byte[keyLength];
        for (int i = 0; i < N; i++)
        {
            int len = Encoding.ASCII.GetBytes($"k:{i}:", key);
            key.AsSpan(len).Fill((byte)'x');
            counts[RedisSlot.Of(key)]++;
        }
        var dataset = new DatasetEstimator(options);
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] > 0) dataset.SlotInfo(s, counts[s], ttl ? counts[s] : 0);
        }
        var e = Run(options, keyLength, valueLength, ttl, into: dataset)[(int)EngineModel.Valkey91];
        AssertPerKey(standalone, e.StandaloneBytes, 0.02);
        AssertPerKey(cluster, e.ClusterBytes, 0.05);
        Assert.Equal(e.ClusterBytes, e.SlotBytes.Sum());
    }

    [Fact]
    public void Valkey91_presizes_a_slot_from_slot_info_where_81_grows()
    {
        // 103 keys in one slot: grown on insert, 7·B ≥ 104 gives 16 buckets (8.1, and 9.1 without a hint); the hint path
        // gives nextpow2(ceil(5·103/32) = 17) = 32 (§5, §12).
        var options = new MemoryModelOptions(AllocatorKind.JemallocQ8, "none");
        DatasetEstimate Load(bool slotInfo, EngineModel model)
        {
            var dataset = new DatasetEstimator(options);
            if (slotInfo) dataset.SlotInfo(42, 103, 0);
            var k = new KeyEstimator(options);
            for (int i = 0; i < 103; i++)
            {
                Events.String(k, 16, RdbScalar.FromString(10));
                dataset.AddKey(0, 42, RdbObjectKind.String, false, k.Results);
            }
            return dataset.Complete(model);
        }
        long Table(long buckets) => 96 + (long)Math.Round(ValkeyHashtableBytes(103, buckets));
        Assert.Equal(Table(32), Load(slotInfo: true, EngineModel.Valkey91).ClusterKeyspaceTableBytes);
        Assert.Equal(Table(16), Load(slotInfo: false, EngineModel.Valkey91).ClusterKeyspaceTableBytes);
        Assert.Equal(Table(16), Load(slotInfo: true, EngineModel.Valkey81).ClusterKeyspaceTableBytes);
    }

    [Fact]
    public void Valkey91_creates_databases_other_than_0_when_the_load_selects_them()
    {
        var options = new MemoryModelOptions(AllocatorKind.JemallocQ8, "none");
        DatasetEstimator Load(params int[] dbs)
        {
            var dataset = new DatasetEstimator(options);
            var k = new KeyEstimator(options);
            foreach (int db in dbs)
            {
                dataset.ResizeHint(db, 10, 0);
                for (int i = 0; i < 10; i++)
                {
                    Events.String(k, 16, RdbScalar.FromString(10));
                    dataset.AddKey(db, i, RdbObjectKind.String, false, k.Results);
                }
            }
            return dataset;
        }
        // Standalone tables are sized alike in 8.1 and 9.1; 8.1 has all 16 databases from start-up, 9.1 only db 0.
        long Extra(DatasetEstimator d) => d.Complete(EngineModel.Valkey91).KeyspaceTableBytes - d.Complete(EngineModel.Valkey81).KeyspaceTableBytes;
        Assert.Equal(0, Extra(Load(0)));
        // 96 + 3 · (112 + 8 + J(72) = 80 + 48) + 4 · 56 = 1064 with q8; with q16 the dicts take 64 each: 1096.
        Assert.Equal(2 * 1064, Extra(Load(0, 1, 3)));
        Assert.Equal(1064, Extra(Load(5)));
        Assert.Equal(1096, DatasetEstimator.Valkey91DatabaseBytes(AllocatorKind.JemallocQ16));
    }

    [Theory]
    [InlineData(1L << 60, 1L << 59)]
    [InlineData(long.MaxValue, long.MaxValue)]
    [InlineData(1L << 40, 0)]
    public void Absurd_sizing_hints_from_a_file_give_sane_estimates(long keys, long expires)
    {
        // RESIZEDB and slot-info counts are read from the file: a damaged or hostile one must not overflow the table
        // arithmetic. Each engine pre-sizes to the hint, then its cron shrinks a nearly empty table back (§5).
        var options = new MemoryModelOptions(AllocatorKind.JemallocQ8, "none");
        var dataset = new DatasetEstimator(options);
        dataset.ResizeHint(0, keys, expires);
        dataset.SlotInfo(5, keys, expires);
        var k = new KeyEstimator(options);
        Events.String(k, 2, RdbScalar.FromString(2));
        dataset.AddKey(0, 5, RdbObjectKind.String, false, k.Results);
        foreach (var model in EngineModelNames.All)
        {
            var e = dataset.Complete(model);
            Assert.InRange(e.StandaloneBytes, 1, 4096);
            Assert.InRange(e.ClusterBytes, 1, 4096);
        }
    }

    private static double ValkeyHashtableBytes(long entries, long buckets) => Layout.ValkeyHashtable.BucketBytes64(entries, buckets);

    [Fact]
    public void Merging_shards_keeps_per_slot_tables()
    {
        var options = new MemoryModelOptions(AllocatorKind.JemallocQ8, "none");
        var whole = Run(options, 16, 10, ttl: false);
        var low = new DatasetEstimator(options);
        var high = new DatasetEstimator(options);
        Run(options, 16, 10, ttl: false, s => s < 8192, low);
        Run(options, 16, 10, ttl: false, s => s >= 8192, high);
        low.Merge(high);
        for (int m = 0; m < whole.Length; m++)
        {
            var merged = low.Complete((EngineModel)m);
            Assert.Equal(whole[m].Keys, merged.Keys);
            if (m >= (int)EngineModel.Valkey80) Assert.Equal(whole[m].ClusterBytes, merged.ClusterBytes);
        }
    }

    [Fact]
    public void A_cleared_estimator_gives_what_a_new_one_gives()
    {
        // Every kind of state: databases with hints, slot-info hints (first load only, on the slots both loads use), keys
        // with and without TTL (queued slot updates included), types and encodings. Then a second load into both.
        var options = new MemoryModelOptions(AllocatorKind.JemallocQ8, "none");
        var k = new KeyEstimator(options);
        void Load(DatasetEstimator d, int seed, int keys, bool slotInfo)
        {
            var rng = new Random(seed);
            d.ResizeHint(seed % 4, keys, keys / 3);
            for (int slot = 0; slotInfo && slot < 100; slot++) d.SlotInfo(slot, 400, 40);
            for (int i = 0; i < keys; i++)
            {
                bool ttl = rng.Next(3) == 0;
                if (rng.Next(2) == 0) Events.String(k, rng.Next(4, 60), RdbScalar.FromString(rng.Next(1, 300)), ttl);
                else Events.PlainSet(k, rng.Next(4, 60), rng.Next(1, 200), rng.Next(1, 40));
                d.AddKey(rng.Next(3), rng.Next(200), rng.Next(2) == 0 ? RdbObjectKind.String : RdbObjectKind.Set, ttl, k.Results);
            }
        }
        string Describe(DatasetEstimator d) => $"slot-info {d.SawSlotInfo}\n" + string.Join("\n", EngineModelNames.All.Select(d.Complete).Select(e =>
            $"{e.Model} {e.StandaloneBytes} {e.ClusterBytes} {e.KeyspaceTableBytes} {e.ClusterKeyspaceTableBytes} {e.LargestKeyBytes} {e.Keys} " +
            $"{e.KeysWithExpiry} {string.Join(",", e.SlotBytes)} {string.Join(";", e.ByTypeEncoding)}"));

        var used = new DatasetEstimator(options);
        Load(used, 1, 3000, slotInfo: true); // not completed: slot updates still queued
        used.Clear();
        Load(used, 2, 700, slotInfo: false);
        var fresh = new DatasetEstimator(options);
        Load(fresh, 2, 700, slotInfo: false);
        Assert.True(Describe(fresh) == Describe(used), "a cleared estimator differs from a new one");
        var first = new DatasetEstimator(options);
        Load(first, 1, 3000, slotInfo: true);
        Assert.False(Describe(first) == Describe(used), "the two loads should differ");
    }

    [Fact]
    public void Slot_totals_hold_each_keys_cluster_bytes_across_queued_batches()
    {
        // Slot updates are queued and applied in batches: 1000 keys on 40 slots cross several batches and a Merge.
        var options = new MemoryModelOptions(AllocatorKind.JemallocQ8, "none");
        var rng = new Random(42);
        var (first, second) = (new DatasetEstimator(options), new DatasetEstimator(options));
        var expected = new long[EngineModelNames.Count, RedisSlot.Count];
        var counts = new (int Keys, int Expires)[RedisSlot.Count];
        var estimates = new KeyEstimate[EngineModelNames.Count];
        for (int i = 0; i < 1000; i++)
        {
            int slot = rng.Next(40) * 401;
            bool ttl = rng.Next(3) == 0;
            for (int m = 0; m < estimates.Length; m++)
            {
                estimates[m] = new KeyEstimate { KeyBytes = rng.Next(16, 5000), ClusterExtraBytes = rng.Next(0, 17) };
                expected[m, slot] += estimates[m].Cluster;
            }
            counts[slot] = (counts[slot].Keys + 1, counts[slot].Expires + (ttl ? 1 : 0));
            (i < 700 ? first : second).AddKey(0, slot, RdbObjectKind.String, ttl, estimates);
        }
        first.Merge(second);
        foreach (var model in new[] { EngineModel.Valkey80, EngineModel.Valkey81 })
        {
            // Valkey's per-slot tables depend on the slot's key and expire counts only: the rest must be the keys' bytes.
            var estimate = first.Complete(model);
            var tableOf = new Dictionary<(int, int), long>();
            for (int s = 0; s < RedisSlot.Count; s++)
            {
                long table = estimate.SlotBytes[s] - expected[(int)model, s];
                if (counts[s].Keys == 0) Assert.Equal(0, estimate.SlotBytes[s]);
                else Assert.Equal(tableOf.TryAdd(counts[s], table) ? table : tableOf[counts[s]], table);
            }
            Assert.Equal(1000, estimate.Keys);
        }
    }

    [Fact]
    public void The_model_count_constant_matches_the_models()
    {
        // Fixed-size per-model storage (inline arrays) is sized by the constant.
        Assert.Equal(EngineModelNames.Count, EngineModelNames.All.Length);
        Assert.Equal(EngineModelNames.Count, Enum.GetValues<EngineModel>().Length);
    }

    [Fact]
    public void Empty_instance_sizes_come_from_section_5()
    {
        Assert.Equal((910_000, 1_730_000), DatasetEstimator.EmptyInstanceBytes(EngineModel.Redis72));
        Assert.Equal((940_000, 2_830_000), DatasetEstimator.EmptyInstanceBytes(EngineModel.Valkey80));
        Assert.Equal((960_000, 2_890_000), DatasetEstimator.EmptyInstanceBytes(EngineModel.Valkey91));
    }

    [Fact]
    public void Catalog_describes_every_model()
    {
        foreach (var m in EngineModelNames.All)
        {
            var info = ModelCatalog.Describe(m, MemoryModelOptions.Default, ClusterMode.Cluster);
            Assert.Equal(m.Name(), info.Name);
            Assert.Equal(ModelCatalog.ModelVersion, info.ModelVersion);
            Assert.Contains(info.Assumptions, a => a.Contains("jemalloc-q8", StringComparison.Ordinal));
            Assert.Contains(info.Assumptions, a => a.StartsWith("Cluster:", StringComparison.Ordinal));
        }
        Assert.Equal("Redis OSS 7.2.4", ModelCatalog.Describe(EngineModel.Redis72, MemoryModelOptions.Default, ClusterMode.Standalone).EngineVersion);
    }

    [Fact]
    public void Row_layout_constants_cover_every_encoding_and_kind()
    {
        Assert.Equal(DatasetEstimator.Encodings, EncodingNames.All.Length);
        Assert.Equal(DatasetEstimator.Encodings, Enum.GetValues<ValueEncoding>().Length);
        Assert.Equal(DatasetEstimator.Kinds, Enum.GetValues<RdbObjectKind>().Length);
        Assert.Equal(Enumerable.Range(0, DatasetEstimator.Kinds), Enum.GetValues<RdbObjectKind>().Select(k => (int)k));
        Assert.Equal(Enumerable.Range(0, DatasetEstimator.Encodings), Enum.GetValues<ValueEncoding>().Select(e => (int)e));
    }
}
