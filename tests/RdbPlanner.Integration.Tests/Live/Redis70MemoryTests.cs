using RdbPlanner.Memory;
using Xunit;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>
/// Issue 3: the redis-7.0 model (jemalloc quantum 16, no maxmemory) against Debian's redis-server 7.0 itself. Each
/// seeded dataset is written into a real server, saved, loaded into a fresh server; dataset_bytes = used_memory of
/// that server minus an empty twin's (groundtruth.py harness v2 rules, <see cref="MemoryProbe"/>). The model must be
/// within 1% of it, standalone and with cluster-enabled (all 16384 slots on the one node).
/// </summary>
public sealed class Redis70MemoryTests
{
    private static readonly LiveModelCheck Check = new("redis-server", EngineModel.Redis70, new MemoryModelOptions(AllocatorKind.JemallocQ16, "none"));

    public static TheoryData<string, bool> Cases() => LiveModelCheck.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Redis70Model_WithinOnePercentOfUsedMemory(string dataset, bool cluster) => Check.WithinTolerance(dataset, cluster);

    /// <summary>All cases in one table (also written to artifacts/live-redis70-memory.txt).</summary>
    [Fact]
    public Task Redis70Model_ErrorTable() => Check.ErrorTable("live-redis70-memory.txt");
}
