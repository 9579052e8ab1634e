using RdbPlanner.Analysis;
using RdbPlanner.Rdb;
using SharpFuzz;

namespace RdbPlanner.Fuzz;

/// <summary>
/// Entry points of the fuzz harness (see bench/fuzz/README.md):
/// <c>fuzz [--strict] [--checksum] [--forward-only] [--analysis]</c> runs under afl-fuzz (SharpFuzz out-of-process);
/// <c>replay FILE|DIR...</c> parses inputs in-process and prints each outcome (triage of AFL findings);
/// <c>seeds DIR</c> writes the built-in seed snapshots.
/// Only <see cref="RdbFormatException"/> is an accepted outcome: anything else escaping the parser is a crash for AFL.
/// With --analysis each input is also run through the whole analysis (SnapshotAnalyzer, keep-going on, so partial
/// results are merged and summarised too), where only <see cref="AnalysisException"/> is accepted.
/// </summary>
internal static class FuzzTarget
{
    public static int Run(string[] args)
    {
        if (args.Length == 0) return Usage();
        var flags = args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var paths = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        bool verify = flags.Contains("--checksum");
        bool strict = flags.Contains("--strict");
        bool forwardOnly = flags.Contains("--forward-only");
        bool analysis = flags.Contains("--analysis");
        // Options are built per input inside the callback: RdbReaderOptions lives in the instrumented assembly, and
        // instrumented code that runs before Fuzzer.OutOfProcess.Run has mapped AFL's shared memory crashes.
        // Without --checksum the CRC would reject nearly every mutation before the structural code runs.
        RdbReaderOptions Options() => new() { VerifyChecksum = verify, Strict = strict };
        switch (args[0])
        {
            case "fuzz":
                if (analysis)
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
                return Replay(paths, Options(), forwardOnly, analysis);
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

    private static int Replay(string[] paths, RdbReaderOptions options, bool forwardOnly, bool analysis)
    {
        int bugs = 0;
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order(StringComparer.Ordinal).ToArray() : new[] { p });
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
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
        Console.Error.WriteLine("usage: RdbPlanner.Fuzz fuzz [--strict] [--checksum] [--forward-only] [--analysis] | replay [flags] FILE|DIR... | seeds DIR");
        return 1;
    }
}
