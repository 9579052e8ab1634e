using RdbPlanner.TestKit;
using System.Diagnostics;
using RdbPlanner.Analysis;
using RdbPlanner.Rdb;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// Times the bench snapshot from memory with a Stopwatch, stage by stage, so the cost of each layer shows as a difference:
/// the CRC-64 alone over the file (the kernel in use), parse (reader, CRC included, a visitor that only counts keys), full
/// analysis. Forcing a kernel (RDBPLANNER_FORCE_KERNEL) shows its share end to end. Each stage runs RDBPLANNER_PROFILE_RUNS times
/// (default 3) and the fastest run is reported, with the bytes allocated per key in that run. RDBPLANNER_PROFILE_STAGE=crc|parse|models|analysis|layers|pipelined|product
/// runs one stage only, for a profiler (dotnet-trace collect -- RdbPlanner.Benchmarks).
/// </summary>
internal static class SnapshotProfile
{
    internal static ulong CrcSink { get; private set; }

    public static void Run(TextWriter output)
    {
        string path = SnapshotBench.FilePath;
        if (!File.Exists(path))
        {
            output.WriteLine($"{path} not found: run bench/throughput.sh --build-only or set RDBPLANNER_BENCH_RDB");
            return;
        }
        int runs = int.TryParse(Environment.GetEnvironmentVariable("RDBPLANNER_PROFILE_RUNS"), out int r) && r > 0 ? r : 3;
        byte[] file = File.ReadAllBytes(path);
        output.WriteLine($"{path}: {file.Length / 1e6:F1} MB; CRC-64 kernel {Crc64Kernels.Best.Name}, byte scan {ByteScanKernels.Best.Name}, CRC16 {Crc16Kernels.Best.Name}");

        string only = Environment.GetEnvironmentVariable("RDBPLANNER_PROFILE_STAGE") ?? "";
        bool Wanted(string stage) => only.Length == 0 || only == stage;
        long keys = Wanted("crc") ? Parse(file, AnalysisOptions.Default.Reader) : 0;
        if (Wanted("crc"))
        {
            // Kept in a field so the call cannot be dropped. (The CRC of a whole RDB, trailer included, is 0: a reflected CRC
            // with init 0 leaves no residue after its own little-endian value.)
            Stage(output, "CRC-64 alone", file, runs, () =>
            {
                CrcSink = Crc64.Compute(file);
                return keys;
            });
        }
        if (Wanted("parse"))
        {
            Stage(output, "parse (incl. CRC-64)", file, runs, () => Parse(file, AnalysisOptions.Default.Reader));
        }
        if (Wanted("analysis"))
        {
            Stage(output, "full analysis", file, runs, () => Analyze(file, pipelined: false));
        }
        if (Wanted("models"))
        {
            Stage(output, "parse + memory models only", file, runs, () => Estimate(file));
        }
        if (Wanted("layers"))
        {
            // Ablation: each aggregator's share is its line's distance to "full analysis" (the others stay on).
            Stage(output, "parse + memory models only", file, runs, () => Estimate(file));
            Stage(output, "analysis, prefixes depth 1", file, runs, () => Analyze(file, false, AnalysisOptions.Default with { PrefixDepth = 1 }));
            Stage(output, "analysis, top keys 1", file, runs, () => Analyze(file, false, AnalysisOptions.Default with { TopKeys = 1 }));
        }
        if (Wanted("pipelined"))
        {
            Stage(output, "full analysis, aggregating on a 2nd thread", file, runs, () => Analyze(file, pipelined: true));
        }
        if (Wanted("product"))
        {
            // What the CLI runs (the file from the page cache, read ahead on a 2nd thread), then the thread options varied.
            Stage(output, "SnapshotAnalyzer on the file", file, runs, () => SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default).Keys);
            Stage(output, "  the same, no read-ahead", file, runs, () => SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default with { ReadAhead = false }).Keys);
            Stage(output, "  the same, with an aggregation thread", file, runs, () => SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default with { PipelineAggregation = true }).Keys);
            Stage(output, "  the same, one thread", file, runs, () => SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default with { ReadAhead = false, PipelineAggregation = false }).Keys);
        }
    }

    private static long Analyze(byte[] file, bool pipelined, AnalysisOptions? options = null)
    {
        options ??= AnalysisOptions.Default;
        var analysis = new FileAnalysis(options, observerLock: null, pipelined);
        RdbParser.Parse(new MemoryStream(file, writable: false), analysis, options.Reader);
        analysis.Complete();
        return analysis.Aggregates.Keys;
    }

    private static long Estimate(byte[] file)
    {
        var visitor = new EstimatingVisitor();
        RdbParser.Parse(new MemoryStream(file, writable: false), visitor, AnalysisOptions.Default.Reader);
        return visitor.Bytes > 0 ? visitor.Keys : 0;
    }

    private static long Parse(byte[] file, RdbReaderOptions options)
    {
        var counter = new KeyCountingVisitor();
        RdbParser.Parse(new MemoryStream(file, writable: false), counter, options);
        return counter.Keys;
    }

    private static void Stage(TextWriter output, string name, byte[] file, int runs, Func<long> body)
    {
        double best = double.MaxValue;
        long keys = 0, allocated = 0;
        var all = new List<string>();
        for (int i = 0; i < runs; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            keys = body();
            double seconds = clock.Elapsed.TotalSeconds;
            all.Add((seconds * 1000).ToString("F0", System.Globalization.CultureInfo.InvariantCulture));
            if (seconds < best)
            {
                best = seconds;
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        output.WriteLine(
            $"{name,-26} {best * 1000,8:F0} ms  {file.Length / 1e6 / best,8:F0} MB/s  {keys / best / 1e6,6:F2} M keys/s  {(double)allocated / Math.Max(1, keys),7:F2} B allocated/key  (runs, ms: {string.Join(' ', all)})");
    }
}
