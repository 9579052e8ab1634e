using RdbPlanner.Analysis;
using RdbPlanner.Rdb;
using RdbPlanner.Analysis.Tests;
using SharpFuzz;

namespace RdbPlanner.Fuzz;

/// <summary>
/// Entry points of the fuzz harness (see bench/fuzz/README.md):
/// <c>fuzz [--strict] [--checksum] [--forward-only] [--analysis] [--split]</c> runs under afl-fuzz (SharpFuzz out-of-process);
/// <c>replay FILE|DIR...</c> parses inputs in-process and prints each outcome (triage of AFL findings);
/// <c>mutate COUNT SEED FILE|DIR...</c> checks COUNT random mutants of the inputs in-process (<see cref="RandomMutants"/>), as
/// <c>fuzz</c> with the same flags would, and prints each failure;
/// <c>seeds DIR</c> writes the built-in seed snapshots.
/// Only <see cref="RdbFormatException"/> is an accepted outcome: anything else escaping the parser is a crash for AFL.
/// With --analysis each input is also run through the whole analysis (SnapshotAnalyzer, keep-going on, so partial
/// results are merged and summarised too), where only <see cref="AnalysisException"/> is accepted.
/// With --split each input is analysed in one pass and split into small segments parsed on three threads
/// (<see cref="SegmentedFile"/>, whose segment starts are guessed in the middle of the mutated bytes): the two must give
/// the same summary or the same error, or the input is a crash.
/// </summary>
internal static class FuzzTarget
{
    public static int Run(string[] args)
    {
        try
        {
            return RunCommand(args);
        }
        finally
        {
            // Under afl-fuzz the process is killed instead and run-campaign.sh removes what its processes left.
            File.Delete(s_scratch);
        }
    }

    private static int RunCommand(string[] args)
    {
        if (args.Length == 0) return Usage();
        var flags = args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var paths = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        bool verify = flags.Contains("--checksum");
        bool strict = flags.Contains("--strict");
        bool forwardOnly = flags.Contains("--forward-only");
        bool analysis = flags.Contains("--analysis");
        bool split = flags.Contains("--split");
        // Options are built per input inside the callback: RdbReaderOptions lives in the instrumented assembly, and
        // instrumented code that runs before Fuzzer.OutOfProcess.Run has mapped AFL's shared memory crashes.
        // Without --checksum the CRC would reject nearly every mutation before the structural code runs.
        RdbReaderOptions Options() => new() { VerifyChecksum = verify, Strict = strict };
        switch (args[0])
        {
            case "fuzz":
                if (split)
                {
                    Fuzzer.OutOfProcess.Run(stream => CompareSplit(ReadAll(stream), Options()));
                }
                else if (analysis)
                {
                    Fuzzer.OutOfProcess.Run(stream =>
                    {
                        var bytes = ReadAll(stream);
                        ParseOne(new MemoryStream(bytes, writable: false), Options());
                        AnalyzeOne(bytes, Options());
                    });
                }
                else
                {
                    Fuzzer.OutOfProcess.Run(stream => ParseOne(forwardOnly ? new ForwardOnlyStream(stream) : stream, Options()));
                }
                return 0;
            case "replay":
                return Replay(paths, Options(), forwardOnly, analysis, split);
            case "mutate" when paths.Length >= 3 && int.TryParse(paths[0], out int count) && int.TryParse(paths[1], out int seed):
                return MutateAll(paths[2..], count, seed, bytes =>
                {
                    if (split)
                    {
                        CompareSplit(bytes, Options());
                        return;
                    }
                    Stream s = new MemoryStream(bytes, writable: false);
                    ParseOne(forwardOnly ? new ForwardOnlyStream(s) : s, Options());
                    if (analysis) AnalyzeOne(bytes, Options());
                });
            case "seeds" when paths.Length == 1:
                Directory.CreateDirectory(paths[0]);
                foreach (var (name, bytes) in SeedFiles.All()) File.WriteAllBytes(Path.Combine(paths[0], name + ".rdb"), bytes);
                return 0;
            default:
                return Usage();
        }
    }

    private static void ParseOne(Stream input, RdbReaderOptions options)
    {
        try
        {
            RdbParser.Parse(input, new InvariantVisitor(), options, "fuzz");
        }
        catch (RdbFormatException)
        {
            // The expected outcome for bad input.
        }
    }

    private static byte[] ReadAll(Stream s)
    {
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    // One scratch file per process: SnapshotAnalyzer takes paths, and a file is what users give it.
    private static readonly string s_scratch = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(),
        $"rdbplanner-fuzz-{Environment.ProcessId}.rdb");

    private static void AnalyzeOne(byte[] bytes, RdbReaderOptions reader)
    {
        File.WriteAllBytes(s_scratch, bytes);
        try
        {
            var summary = SnapshotAnalyzer.Analyze([s_scratch], new AnalysisOptions { Reader = reader, KeepGoing = true, TopKeys = 10 });
            if (summary.Partial && summary.PartialReason is null)
                throw new InvalidOperationException("partial summary without a reason");
        }
        catch (AnalysisException)
        {
            // The expected outcome for bad input when the analysis cannot go on.
        }
    }

    /// <summary>
    /// One pass against a split into segments of 61 bytes and of a fifth of the input, on three threads: every figure
    /// (<see cref="SummaryText"/>), or the error, must be the same. Keep-going, so partial results are compared too.
    /// </summary>
    private static void CompareSplit(byte[] bytes, RdbReaderOptions reader)
    {
        File.WriteAllBytes(s_scratch, bytes);
        var options = AnalysisOptions.Default with
        {
            Reader = reader, KeepGoing = true, TopKeys = 5, PrefixCapacity = 8, ComputeSha256 = true, SegmentThreads = 3,
        };
        foreach (long segment in new[] { 61L, Math.Max(62, bytes.Length / 5) })
        {
            var segmented = options with { Segmentation = new RdbSegmentation(segment) };
            string onePass = SummaryText.Outcome(s_scratch, segmented with { SplitFiles = false });
            string split = SummaryText.Outcome(s_scratch, segmented with { SplitFiles = true });
            if (onePass != split)
                throw new InvalidOperationException($"{segment}-byte segments: split differs from one pass\n{onePass}\n---\n{split}");
        }
    }

    /// <summary>
    /// Checks <paramref name="count"/> mutants of the inputs (round robin, deterministic from <paramref name="seed"/>);
    /// each failure is printed and its mutant written beside the scratch file. Returns 1 when any failed.
    /// </summary>
    private static int MutateAll(string[] paths, int count, int seed, Action<byte[]> check)
    {
        var inputs = Inputs(paths).Select(File.ReadAllBytes).Where(b => b.Length > 0).ToArray();
        if (inputs.Length == 0) return Usage();
        var rng = new Random(seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int bugs = 0, slow = 0;
        double slowest = 0;
        for (int i = 0; i < count; i++)
        {
            var mutant = RandomMutants.Of(inputs[i % inputs.Length], rng);
            var one = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                check(mutant);
            }
            catch (Exception e)
            {
                bugs++;
                var path = $"{s_scratch}.bug{bugs}";
                File.WriteAllBytes(path, mutant);
                Console.WriteLine($"mutant {i} of input {i % inputs.Length}: BUG (saved as {path}) {e}");
            }
            double seconds = one.Elapsed.TotalSeconds;
            slowest = Math.Max(slowest, seconds);
            if (seconds > 5) slow++; // AFL's hang budget
        }
        Console.WriteLine($"{count} mutants of {inputs.Length} inputs in {clock.Elapsed.TotalSeconds:F0} s: {bugs} failed, " +
            $"{slow} over 5 s (slowest {slowest * 1000:F0} ms)");
        return bugs == 0 && slow == 0 ? 0 : 1;
    }

    private static IEnumerable<string> Inputs(string[] paths) =>
        paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order(StringComparer.Ordinal).ToArray() : new[] { p });

    private static int Replay(string[] paths, RdbReaderOptions options, bool forwardOnly, bool analysis, bool split)
    {
        int bugs = 0;
        var files = Inputs(paths);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                if (split) CompareSplit(bytes, options);
                Stream s = new MemoryStream(bytes, writable: false);
                var info = RdbParser.Parse(forwardOnly ? new ForwardOnlyStream(s) : s, new InvariantVisitor(), options, file);
                Console.WriteLine($"{file}: ok ({info.Bytes} bytes, checksum {info.Checksum}) in {clock.ElapsedMilliseconds} ms");
                if (analysis) AnalyzeOne(bytes, options);
            }
            catch (RdbFormatException e)
            {
                if (analysis) AnalyzeOne(bytes, options);
                if (e.Offset < 0 || e.Offset > bytes.Length)
                {
                    // An offset outside the input is useless to the user: a rule of issue 7, not a crash for AFL.
                    bugs++;
                    Console.WriteLine($"{file}: BAD OFFSET {e.Offset} for a {bytes.Length}-byte input: {e.Message}");
                    continue;
                }
                Console.WriteLine($"{file}: format error at offset {e.Offset}{(e.Limit is null ? "" : $" [limit {e.Limit}]")}: {e.Message} ({clock.ElapsedMilliseconds} ms)");
            }
            catch (Exception e)
            {
                bugs++;
                Console.WriteLine($"{file}: BUG {e}");
            }
        }
        return bugs == 0 ? 0 : 1;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: RdbPlanner.Fuzz fuzz [--strict] [--checksum] [--forward-only] [--analysis] [--split] | replay [flags] FILE|DIR... | mutate [flags] COUNT SEED FILE|DIR... | seeds DIR");
        return 1;
    }
}
