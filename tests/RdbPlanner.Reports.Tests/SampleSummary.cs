using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Reports.Tests;

/// <summary>A hand-built dataset summary with hostile keys and prefixes, for the report tests.</summary>
internal static class SampleSummary
{
    public const string ScriptKey = "<script>alert(1)</script>";
    public const string QuoteKey = "user:\"42\",x\nnext";

    /// <summary>Standalone bytes per model, in EngineModelNames.All order (Valkey 9.1 smallest, then 8.1).</summary>
    public static readonly long[] StandaloneBytes = [3_400_000_000, 3_350_000_000, 3_100_000_000, 2_700_000_000, 2_650_000_000];

    /// <param name="gzip">the input was a gzip file (its SHA-256 is then that of the decompressed snapshot)</param>
    public static DatasetSummary Create(bool gzip = false)
    {
        var slotKeys = new long[RedisSlot.Count];
        for (int s = 0; s < slotKeys.Length; s++) slotKeys[s] = 60 + (s % 7);
        slotKeys[866] = 5000; // a hot slot

        var estimates = new List<ModelEstimate>();
        for (int m = 0; m < EngineModelNames.All.Length; m++)
        {
            var model = EngineModelNames.All[m];
            long standalone = StandaloneBytes[m];
            long cluster = standalone + 60_000_000;
            const long fixedBytes = 1_048_576;
            var slotBytes = new long[RedisSlot.Count];
            long perSlot = (cluster - fixedBytes) / RedisSlot.Count;
            for (int s = 0; s < slotBytes.Length; s++) slotBytes[s] = perSlot;
            slotBytes[866] += (cluster - fixedBytes) - (perSlot * RedisSlot.Count);
            estimates.Add(new ModelEstimate
            {
                Model = model,
                Description = $"{model.Name()} model",
                Assumptions = ["jemalloc-q8", "volatile-lru"],
                StandaloneBytes = standalone,
                ClusterBytes = cluster,
                EmptyStandaloneBytes = 900_000,
                EmptyClusterBytes = 2_500_000,
                SlotBytes = slotBytes,
                ClusterFixedBytes = fixedBytes,
                ByTypeEncoding = new Dictionary<string, IReadOnlyDictionary<string, EncodingStat>>
                {
                    ["string"] = new Dictionary<string, EncodingStat>
                    {
                        ["embstr"] = new(700_000, standalone / 4),
                        ["raw"] = new(100_000, standalone / 4),
                    },
                    ["hash"] = new Dictionary<string, EncodingStat>
                    {
                        ["listpack"] = new(250_000, standalone / 5),
                        ["hashtable"] = new(1_000, standalone / 10),
                    },
                    ["zset"] = new Dictionary<string, EncodingStat> { ["skiplist"] = new(200, standalone / 10) },
                    ["keyspace"] = new Dictionary<string, EncodingStat> { ["tables"] = new(0, standalone - (standalone / 4 * 2) - (standalone / 5) - (standalone / 10 * 2)) },
                },
                LargestKeyBytes = 48_000_000,
            });
        }

        var ttl = new TtlHistogram();
        long[] ttlKeys = [600_000, 1_200, 40_000, 200_000, 100_000, 9_000, 1_000];
        for (int i = 0; i < 7; i++)
        {
            ttl.Keys[i] = ttlKeys[i];
            ttl.Bytes[i] = ttlKeys[i] * 3_000;
        }

        return new DatasetSummary
        {
            Files =
            [
                new FileSummary(gzip ? "/data/prod-<cache>.rdb.gz" : "/data/prod-<cache>.rdb", 1_234_567_890, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "REDIS", 11, "ok", "redis", "7.2.4",
                    new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero), gzip, 951_200, 12.5),
            ],
            Keys = 951_200,
            KeysWithExpiry = 351_200,
            KeysExpiredAtSnapshot = 1_200,
            Databases = new Dictionary<int, long> { [0] = 950_000, [3] = 1_200 },
            Types = new Dictionary<string, long> { ["string"] = 800_000, ["hash"] = 151_000, ["zset"] = 200 },
            FileEncodings = new Dictionary<string, long> { ["string/string"] = 800_000, ["hash/listpack"] = 150_000, ["hash/hashtable"] = 1_000, ["zset/skiplist"] = 200 },
            Estimates = estimates,
            ModelOptions = MemoryModelOptions.Default,
            SlotKeys = slotKeys,
            TopKeys =
            [
                new TopKey(0, "zset", "leaderboard:global", 18, 48_000_000, "skiplist", 400_000, 24, -1, 1234),
                new TopKey(0, "hash", ScriptKey, ScriptKey.Length, 12_000_000, "hashtable", 90_000, 300, 1_800_000_000_000, 866),
                new TopKey(3, "string", QuoteKey, 16, 5_000_000, "raw", 1, 5_000_000, 1_700_000_000_000, 12),
            ],
            Prefixes =
            [
                new PrefixStat("user:", 1, 600_000, 1_800_000_000),
                new PrefixStat("session:", 1, 300_000, 900_000_000),
                new PrefixStat("<b>evil</b>:", 1, 50_000, 150_000_000),
                new PrefixStat("user:42:", 2, 20_000, 60_000_000),
            ],
            PrefixCountErrorBound = 17,
            Ttl = ttl,
            Readiness = new ReadinessFacts
            {
                MaxRdbVersion = 11,
                Magics = ["REDIS"],
                HashFieldTtlKeys = 0,
                ModuleKeys = new Dictionary<string, long>(),
                DatabasesWithKeys = 2,
                Functions = 0,
                KeysOver512MB = [],
            },
        };
    }
}
