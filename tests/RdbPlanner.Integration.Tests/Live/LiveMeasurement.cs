using System.Collections.Concurrent;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>What one real server reported for one dataset: dataset_bytes = used_memory(loaded) - used_memory(empty twin).</summary>
public sealed record LiveMeasurement(
    string Dataset,
    bool Cluster,
    string RdbPath,
    long RdbBytes,
    long WrittenKeys,
    long WrittenExpires,
    long LoadedKeys,
    long LoadedExpires,
    long UsedMemoryLoaded,
    long UsedMemoryEmpty)
{
    public long DatasetBytes => UsedMemoryLoaded - UsedMemoryEmpty;
    public string Mode => Cluster ? "cluster" : "standalone";
}

/// <summary>
/// Runs every dataset of <see cref="LiveDatasets"/> through a real server (redis-server or valkey-server) once per
/// process, binary and mode: write it (seeded) into a fresh server, SAVE, load the RDB into another fresh server started
/// with <see cref="MemoryProbe.ServerArgs"/>, settle, read used_memory; the empty twin (same binary, mode and arguments,
/// no RDB, same commands) is measured once per binary and mode. Datasets run a few at a time; servers always stop.
/// </summary>
public static class LiveMeasurements
{
    public const int Seed = 20261127;
    private static readonly ConcurrentDictionary<(string Binary, bool Cluster), Lazy<Task<IReadOnlyList<LiveMeasurement>>>> s_byMode = new();
    private static readonly Lazy<string> s_workDir = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("rdbplanner-live-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, true); } catch (IOException) { } };
        return dir;
    });

    public static Task<IReadOnlyList<LiveMeasurement>> ForMode(string binary, bool cluster) =>
        s_byMode.GetOrAdd((binary, cluster), k => new Lazy<Task<IReadOnlyList<LiveMeasurement>>>(() => Task.Run(() => MeasureAll(k.Binary, k.Cluster)))).Value;

    private static async Task<IReadOnlyList<LiveMeasurement>> MeasureAll(string binary, bool cluster)
    {
        var twin = Task.Run(() => MeasureServer(binary, null, cluster).Used);
        using var gate = new SemaphoreSlim(3);
        var runs = LiveDatasets.Names.Select(async name =>
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try { return await Task.Run(() => MeasureDataset(binary, name, cluster)).ConfigureAwait(false); }
            finally { gate.Release(); }
        }).ToList();
        var measured = await Task.WhenAll(runs).ConfigureAwait(false);
        long empty = await twin.ConfigureAwait(false);
        return measured.Select(m => m with { UsedMemoryEmpty = empty }).ToList();
    }

    private static LiveMeasurement MeasureDataset(string binary, string name, bool cluster)
    {
        var rdb = Path.Combine(s_workDir.Value, $"{Path.GetFileName(binary)}-{name}-{(cluster ? "cluster" : "standalone")}.rdb");
        long keys, expires;
        using (var writer = RedisServerFixture.Start(binary))
        {
            using var c = writer.Connect();
            c.Execute(LiveDatasets.Build(name, Seed));
            (keys, expires) = MemoryProbe.Keyspace(c).GetValueOrDefault(0);
            writer.SaveTo(rdb);
        }
        var (used, loadedKeys, loadedExpires) = MeasureServer(binary, rdb, cluster);
        return new LiveMeasurement(name, cluster, rdb, new FileInfo(rdb).Length, keys, expires, loadedKeys, loadedExpires, used, 0);
    }

    /// <summary>The command sequence both the loaded server and its empty twin run.</summary>
    private static (long Used, long Keys, long Expires) MeasureServer(string binary, string? rdb, bool cluster)
    {
        using var server = RedisServerFixture.Start(binary, rdb, cluster, MemoryProbe.ServerArgs);
        if (cluster)
        {
            // Own connection, closed before measuring: the CLUSTER NODES reply of a loaded node lists every slot range
            // it claimed (tens of KB) and would sit in the measuring client's reply buffer.
            using var admin = server.Connect();
            MemoryProbe.ClaimAllSlots(admin);
            // Valkey's cron may still grow per-slot tables that loading left exactly full (harness v2's wait).
            Thread.Sleep(MemoryProbe.ClusterCronWait);
        }
        using var c = server.Connect();
        long used = MemoryProbe.SettledUsedMemory(c);
        var (keys, expires) = MemoryProbe.Keyspace(c).GetValueOrDefault(0);
        return (used, keys, expires);
    }
}
