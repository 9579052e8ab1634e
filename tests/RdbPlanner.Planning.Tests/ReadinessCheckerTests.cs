using RdbPlanner.Memory;

namespace RdbPlanner.Planning.Tests;

public sealed class ReadinessCheckerTests
{
    [Fact]
    public void PlainV11Snapshot_IntoValkey81_HasNoBlockers_ButAChecklist()
    {
        var report = ReadinessChecker.Check(new SummaryBuilder().Build(), EngineModel.Valkey81, clusterMode: true);
        Assert.False(report.HasBlockers);
        Assert.Empty(report.Blockers);
        Assert.Equal(14, report.Checklist.Count);
        Assert.Contains(report.Checklist, c => c.Id == "source-no-auth" && c.Side == "source");
        Assert.Contains(report.Checklist, c => c.Id == "target-no-in-transit-encryption" && c.Side == "target");
        Assert.All(report.Checklist, c => Assert.Contains("SOURCES.md", c.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void V12Snapshot_WithHashFieldTtls_IsBlockedForValkey8()
    {
        var builder = new SummaryBuilder { MaxRdbVersion = 12, HashFieldTtlKeys = 3 };
        builder.Files.Clear();
        builder.Files.Add(SummaryBuilder.File("/data/redis-7.4.rdb", "REDIS", 12));
        var report = ReadinessChecker.Check(builder.Build(), EngineModel.Valkey80, clusterMode: false);
        Assert.True(report.HasBlockers);
        Assert.Equal(["rdb-version", "hash-field-ttl"], report.Blockers.Select(b => b.Code));
        Assert.Equal("RDB version 12 (written by Redis 7.4 or 8.x) in redis-7.4.rdb: valkey-8.0 loads versions 1–11 only and refuses the whole file", report.Blockers[0].Message);
        Assert.StartsWith("3 hash keys carry per-field TTLs (RDB types 22–25", report.Blockers[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValkeyMagic_IsBlockedForValkey8()
    {
        var report = ReadinessChecker.Check(ValkeyMagicFile("valkey9.rdb", 80).Build(), EngineModel.Valkey81, clusterMode: false);
        var blocker = Assert.Single(report.Blockers);
        Assert.Equal("valkey-magic", blocker.Code);
        Assert.Contains("valkey9.rdb", blocker.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valkey9Snapshot_WithItsOwnFieldTtls_LoadsIntoValkey91_Only()
    {
        var builder = ValkeyMagicFile("valkey9.rdb", 80);
        builder.HashFieldTtlKeys = 4;
        builder.ValkeyHashFieldTtlKeys = 4;
        var summary = builder.Build();
        Assert.Empty(ReadinessChecker.Check(summary, EngineModel.Valkey91, clusterMode: false).Blockers);
        var v81 = ReadinessChecker.Check(summary, EngineModel.Valkey81, clusterMode: false);
        Assert.Equal(["valkey-magic", "hash-field-ttl"], v81.Blockers.Select(b => b.Code));
    }

    [Fact]
    public void RedisFieldTtls_AndNewerValkeyMagic_AreBlockedForValkey91()
    {
        var builder = ValkeyMagicFile("valkey92.rdb", 81);
        builder.HashFieldTtlKeys = 5;
        builder.ValkeyHashFieldTtlKeys = 2;
        var report = ReadinessChecker.Check(builder.Build(), EngineModel.Valkey91, clusterMode: false);
        Assert.Equal(["valkey-magic", "hash-field-ttl"], report.Blockers.Select(b => b.Code));
        Assert.Contains("valkey92.rdb has a VALKEY-magic version above 80", report.Blockers[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("3 hash keys carry per-field TTLs in Redis 7.4+'s encoding", report.Blockers[1].Message, StringComparison.Ordinal);
    }

    private static SummaryBuilder ValkeyMagicFile(string name, int version)
    {
        var builder = new SummaryBuilder { MaxRdbVersion = version };
        builder.Magics.Clear();
        builder.Magics.Add("VALKEY");
        builder.Files.Clear();
        builder.Files.Add(SummaryBuilder.File(name, "VALKEY", version));
        return builder;
    }

    [Theory]
    [InlineData(EngineModel.Valkey91, 11, false)]
    [InlineData(EngineModel.Valkey91, 12, true)]
    [InlineData(EngineModel.Redis70, 11, true)]
    [InlineData(EngineModel.Redis70, 10, false)]
    [InlineData(EngineModel.Redis72, 11, false)]
    [InlineData(EngineModel.Valkey81, 11, false)]
    [InlineData(EngineModel.Valkey81, 12, true)]
    public void RdbVersion_AgainstWhatTheTargetLoads(EngineModel target, int version, bool blocked)
    {
        var builder = new SummaryBuilder { MaxRdbVersion = version };
        builder.Files.Clear();
        builder.Files.Add(SummaryBuilder.File("a.rdb", "REDIS", version));
        var report = ReadinessChecker.Check(builder.Build(), target, clusterMode: false);
        Assert.Equal(blocked, report.Blockers.Any(b => b.Code == "rdb-version"));
    }

    [Fact]
    public void ModulesFunctionsDatabasesAndHugeKeys_AreEachBlockers()
    {
        var builder = new SummaryBuilder { Functions = 2 };
        builder.ModuleKeys["ReJSON-RL"] = 7;
        builder.ModuleAuxNames.Add("ReJSON-RL");
        builder.ModuleAuxNames.Add("search");
        builder.Databases[2] = 5;
        builder.KeysOver512MB.Add("big:blob");
        var summary = builder.Build();

        var cluster = ReadinessChecker.Check(summary, EngineModel.Valkey81, clusterMode: true);
        Assert.Equal(["module-keys", "module-aux", "databases-cluster-mode", "functions", "key-over-512mb"], cluster.Blockers.Select(b => b.Code));
        Assert.Contains("module 'ReJSON-RL'", cluster.Blockers[0].Message, StringComparison.Ordinal);
        Assert.Contains("'search'", cluster.Blockers[1].Message, StringComparison.Ordinal);
        Assert.Contains("db0, db2", cluster.Blockers[2].Message, StringComparison.Ordinal);
        Assert.Contains("'big:blob'", cluster.Blockers[4].Message, StringComparison.Ordinal);
        Assert.All(cluster.Blockers, b => Assert.DoesNotContain('\n', b.Message));

        var standalone = ReadinessChecker.Check(summary, EngineModel.Valkey81, clusterMode: false);
        Assert.DoesNotContain(standalone.Blockers, b => b.Code == "databases-cluster-mode");
    }

    [Fact]
    public void PartialInputAndExpiredKeys_AreWarnings()
    {
        var builder = new SummaryBuilder { Partial = true, KeysExpiredAtSnapshot = 12 };
        var report = ReadinessChecker.Check(builder.Build(), EngineModel.Valkey81, clusterMode: false);
        Assert.False(report.HasBlockers);
        Assert.Equal(["partial-input", "expired-keys"], report.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void OneSnapshotGivenTwice_IsAWarningNamingTheCopies()
    {
        var builder = new SummaryBuilder();
        builder.DuplicateInputs.Add(["a.rdb", "b.rdb"]);
        builder.DuplicateInputs.Add(["c.rdb", "d.rdb", "e.rdb"]);
        var report = ReadinessChecker.Check(builder.Build(), EngineModel.Valkey81, clusterMode: true);
        Assert.False(report.HasBlockers);
        Assert.Equal(["duplicate-input", "duplicate-input"], report.Warnings.Select(w => w.Code));
        Assert.StartsWith("a.rdb and b.rdb are one snapshot (same content): its keys are counted twice", report.Warnings[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("c.rdb, d.rdb and e.rdb are one snapshot (same content): its keys are counted 3 times", report.Warnings[1].Message, StringComparison.Ordinal);

        Assert.Empty(ReadinessChecker.Check(new SummaryBuilder().Build(), EngineModel.Valkey81, clusterMode: true).Warnings);
    }
}
