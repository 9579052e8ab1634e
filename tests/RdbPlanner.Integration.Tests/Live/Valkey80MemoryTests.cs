using RdbPlanner.Memory;
using Xunit;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>
/// The valkey-8.0 model against a real Valkey 8.0: Debian 12's valkey-server 8.0.1 from bookworm-backports, which links
/// Debian's jemalloc (quantum 16, as its redis-server does). The same seeded datasets and harness as
/// <see cref="Redis70MemoryTests"/>, written by Valkey itself (so its RDB, and encodings such as listpack sets), loaded
/// standalone and with cluster-enabled, where Valkey 8.0 keeps one table per slot (memory-model.md §5). Within 1%.
/// </summary>
public sealed class Valkey80MemoryTests
{
    private static readonly LiveModelCheck Check = new("valkey-server", EngineModel.Valkey80, new MemoryModelOptions(AllocatorKind.JemallocQ16, "none"));

    public static TheoryData<string, bool> Cases() => LiveModelCheck.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Valkey80Model_WithinOnePercentOfUsedMemory(string dataset, bool cluster) => Check.WithinTolerance(dataset, cluster);

    /// <summary>All cases in one table (also written to artifacts/live-valkey80-memory.txt).</summary>
    [Fact]
    public Task Valkey80Model_ErrorTable() => Check.ErrorTable("live-valkey80-memory.txt");
}
