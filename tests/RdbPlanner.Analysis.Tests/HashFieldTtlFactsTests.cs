using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>
/// Keys with hash-field TTLs are counted for the readiness check, and Valkey 9's own type (HASH_2, type 22 under the
/// VALKEY magic) apart from Redis 7.4's (type 22 under the REDIS magic, 24, 25): Valkey 9.1 loads only the former.
/// </summary>
public sealed class HashFieldTtlFactsTests
{
    [Fact]
    public void ValkeyHash2_And_RedisFieldTtlTypes_AreCountedApart()
    {
        var dir = Directory.CreateTempSubdirectory("rdbplanner-hfe-");
        try
        {
            string valkey = Path.Combine(dir.FullName, "valkey9.rdb");
            File.WriteAllBytes(valkey, RdbBuilder.Valkey().SelectDb(0)
                .Key((byte)22, "h1").Length(1).String("f").String("v").Int64LE(2_716_000_000_000)
                .Key((byte)22, "h2").Length(1).String("f").String("v").Int64LE(-1)
                .StringKey("s", "v").Build());
            string redis = Path.Combine(dir.FullName, "redis74.rdb");
            File.WriteAllBytes(redis, new RdbBuilder(12).SelectDb(0)
                .Key((byte)22, "h3").Length(1).Length(1_700_000_000_000).String("a").String("x").Build());

            var options = AnalysisOptions.Default with { ReadAhead = false, MaxParallelFiles = 1 };
            var both = SnapshotAnalyzer.Analyze([valkey, redis], options).Readiness;
            Assert.Equal((3, 2), (both.HashFieldTtlKeys, both.ValkeyHashFieldTtlKeys));
            var valkeyOnly = SnapshotAnalyzer.Analyze([valkey], options).Readiness;
            Assert.Equal((2, 2), (valkeyOnly.HashFieldTtlKeys, valkeyOnly.ValkeyHashFieldTtlKeys));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
