using System.Diagnostics;
using System.Globalization;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>
/// Reads a server's settled used_memory the way /work/shared/tools/groundtruth.py (harness v2) does, so the loaded
/// server and its empty twin are measured by the same command sequence.
/// </summary>
public static class MemoryProbe
{
    /// <summary>
    /// Server arguments of every measured server. latency-tracking off: each distinct command would otherwise allocate a
    /// latency histogram (~25 KB) the first time it runs, so the loaded server and the twin would differ by the commands
    /// each ran (Redis 7.0 has the setting: it introduced per-command latency tracking). hz 100: background work
    /// (rehashing) finishes sooner; steady-state memory is the same.
    /// </summary>
    public static readonly string[] ServerArgs = ["--latency-tracking", "no", "--hz", "100"];

    /// <summary>
    /// Cluster mode, after the slots are claimed: the cron visits 16 slot tables per run (hz 100 runs a second), so a
    /// table that loading left exactly full may be grown up to 16384 / (16 · 100) s later; wait that long and 3 s more,
    /// as groundtruth.py's CLUSTER_CRON_WAIT does, before settling.
    /// </summary>
    public static readonly TimeSpan ClusterCronWait = TimeSpan.FromSeconds(16384.0 / (16 * 100) + 3);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(0.5);
    private const int StableReads = 11; // 5 s of unchanged readings
    private static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Cluster mode: assigns every slot this single node does not own yet with one CLUSTER ADDSLOTSRANGE (after loading
    /// an RDB the node has already claimed the slots that hold keys) and waits for cluster_state:ok.
    /// </summary>
    public static void ClaimAllSlots(RespConnection c)
    {
        var owned = new bool[16384];
        string myId = c.CallString("CLUSTER", "MYID");
        foreach (var line in c.CallString("CLUSTER", "NODES").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 9 || parts[0] != myId) continue;
            foreach (var tok in parts.Skip(8).Where(t => !t.StartsWith('[')))
            {
                var ab = tok.Split('-');
                int a = int.Parse(ab[0], CultureInfo.InvariantCulture), b = int.Parse(ab[^1], CultureInfo.InvariantCulture);
                for (int s = a; s <= b; s++) owned[s] = true;
            }
        }
        var args = new List<object> { "CLUSTER", "ADDSLOTSRANGE" };
        for (int s = 0; s < 16384;)
        {
            if (owned[s]) { s++; continue; }
            int e = s;
            while (e + 1 < 16384 && !owned[e + 1]) e++;
            args.Add(s);
            args.Add(e);
            s = e + 1;
        }
        // Always one command, also when every slot is owned (then it fails as "busy"): same sequence on both servers.
        if (args.Count == 2) args.AddRange([0, 16383]);
        _ = c.Pipeline([args.ToArray()]);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (c.CallString("CLUSTER", "INFO").Contains("cluster_state:ok", StringComparison.Ordinal)) return;
            Thread.Sleep(100);
        }
        throw new TimeoutException("cluster_state did not become ok within 20 s");
    }

    /// <summary>
    /// used_memory once no table is rehashing and used_memory - mem_clients_normal has been unchanged for 5 s. The
    /// client term is left out of the test because the server shrinks the reply buffer every 5 s and the next INFO
    /// grows it again; the value returned is the most common used_memory of the stable window (the same client-buffer
    /// state on both servers), the last such reading. Redis 7.0 has no mem_overhead_db_hashtable_rehashing field (read
    /// as 0): the 5 s window covers its incremental rehashing, which hz 100 finishes within milliseconds.
    /// </summary>
    public static long SettledUsedMemory(RespConnection c)
    {
        var window = new List<(long Used, long Core)>();
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var info = c.Info("memory");
            long used = long.Parse(info["used_memory"], CultureInfo.InvariantCulture);
            long clients = long.Parse(info.GetValueOrDefault("mem_clients_normal", "0"), CultureInfo.InvariantCulture);
            long rehashing = long.Parse(info.GetValueOrDefault("mem_overhead_db_hashtable_rehashing", "0"), CultureInfo.InvariantCulture);
            var reading = (used, used - clients);
            if (rehashing != 0) window.Clear();
            else if (window.Count > 0 && window[^1].Core == reading.Item2) window.Add(reading);
            else window = [reading];
            if (window.Count >= StableReads) break;
            if (sw.Elapsed > MaxSettle)
                throw new TimeoutException($"used_memory did not settle within {MaxSettle.TotalSeconds} s (last {used})");
            Thread.Sleep(Interval);
        }
        return window.GroupBy(w => w.Used).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
    }

    /// <summary>Keys and expires per db from INFO keyspace.</summary>
    public static SortedDictionary<int, (long Keys, long Expires)> Keyspace(RespConnection c)
    {
        var result = new SortedDictionary<int, (long, long)>();
        foreach (var (name, value) in c.Info("keyspace"))
        {
            if (!name.StartsWith("db", StringComparison.Ordinal)) continue;
            var kv = value.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            result[int.Parse(name[2..], CultureInfo.InvariantCulture)] =
                (long.Parse(kv["keys"], CultureInfo.InvariantCulture), long.Parse(kv["expires"], CultureInfo.InvariantCulture));
        }
        return result;
    }
}
