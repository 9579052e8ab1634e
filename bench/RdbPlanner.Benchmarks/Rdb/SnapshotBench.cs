using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RdbPlanner.Analysis;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// A whole snapshot from memory (no disk, no page cache): parse only (a visitor that counts keys) and the full per-file
/// analysis (every model, slots, top-N, prefixes, TTLs). The file is bench/work/bench.rdb from bench/throughput.sh --build-only,
/// or the path in RDBPLANNER_BENCH_RDB.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class SnapshotBench : IThroughputBenchmark
{
    private static readonly Dictionary<string, long> s_keyCounts = [];
    private byte[] _file = [];

    public static string FilePath =>
        Environment.GetEnvironmentVariable("RDBPLANNER_BENCH_RDB") is { Length: > 0 } path
            ? path
            : Path.Combine(FixturePaths.RepoRoot, "bench", "work", "bench.rdb");

    public long BytesPerOperation => File.Exists(FilePath) ? new FileInfo(FilePath).Length : 0;

    public long ItemsPerOperation
    {
        get
        {
            if (!File.Exists(FilePath))
            {
                return 0;
            }
            lock (s_keyCounts)
            {
                if (!s_keyCounts.TryGetValue(FilePath, out long keys))
                {
                    var counter = new KeyCountingVisitor();
                    using var stream = File.OpenRead(FilePath);
                    RdbParser.Parse(stream, counter);
                    s_keyCounts[FilePath] = keys = counter.Keys;
                }
                return keys;
            }
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        if (!File.Exists(FilePath))
        {
            throw new FileNotFoundException($"{FilePath} not found: run bench/throughput.sh --build-only or set RDBPLANNER_BENCH_RDB");
        }
        _file = File.ReadAllBytes(FilePath);
    }

    [Benchmark]
    public long Parse()
    {
        var counter = new KeyCountingVisitor();
        RdbParser.Parse(new MemoryStream(_file, writable: false), counter);
        return counter.Keys;
    }

    [Benchmark]
    public long Analyze()
    {
        var analysis = new FileAnalysis(AnalysisOptions.Default, observerLock: null);
        RdbParser.Parse(new MemoryStream(_file, writable: false), analysis, AnalysisOptions.Default.Reader);
        return analysis.Aggregates.Keys;
    }

    /// <summary>Counts keys and ignores every value event: the reader's own cost.</summary>
    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(ThroughputColumn.MegabytesPerSecond, ThroughputColumn.MegaItemsPerSecond);
    }
}
