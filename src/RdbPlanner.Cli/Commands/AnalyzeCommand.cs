using System.CommandLine;
using System.Diagnostics;
using RdbPlanner.Analysis;
using RdbPlanner.Reports;

namespace RdbPlanner.Cli;

/// <summary>`rdbplanner analyze FILE... [--json]`: read snapshots, estimate memory per engine, summarise.</summary>
internal static class AnalyzeCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "write a JSON document to stdout instead of the text summary" };
    private static readonly Option<bool> Sha256 = new("--sha256") { Description = "compute the SHA-256 of each input" };
    private const int MaxTop = 100_000;
    private static readonly string s_maxTopText = MaxTop.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly Option<int> Top = new("--top") { Description = $"how many of the biggest keys to report (at most {s_maxTopText})", DefaultValueFactory = _ => 100 };
    private static readonly Option<string> PrefixDelimiter = new("--prefix-delimiter") { Description = "key-prefix delimiter (one byte)", DefaultValueFactory = _ => ":" };
    private static readonly Option<int> PrefixDepth = new("--prefix-depth") { Description = "prefix depth 1 to 3", DefaultValueFactory = _ => 3 };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = CommonOptions.Files();
        var command = new Command("analyze", "Read RDB snapshots and estimate their memory on Redis 7.0/7.2 and Valkey 8.0/8.1/9.1")
        {
            files, Json, Sha256, Top, PrefixDelimiter, PrefixDepth, CommonOptions.SourceEngine,
        };
        KeyCsvOptions.AddTo(command);
        CommonOptions.AddTo(command);
        command.SetAction(result => ErrorReporter.Guard(error, () => Run(result, result.GetValue(files)!, output, error)));
        return command;
    }

    private static int Run(ParseResult result, string[] paths, TextWriter output, TextWriter error)
    {
        var source = CommonOptions.ParseModel("--source-engine", result.GetValue(CommonOptions.SourceEngine)!);
        string delimiter = result.GetValue(PrefixDelimiter)!;
        if (delimiter.Length != 1 || delimiter[0] > 0x7F) throw new UsageException("--prefix-delimiter must be one ASCII character");
        int depth = result.GetValue(PrefixDepth);
        if (depth is < 1 or > 3) throw new UsageException("--prefix-depth must be 1, 2 or 3");
        int top = result.GetValue(Top);
        // The ranked keys are held until the end (about 150 bytes each with their text): every key of a big snapshot
        // would hold gigabytes (--top 10000000 on the bench file: 1.5 GB). The per-key CSV streams them instead.
        if (top is < 0 or > MaxTop) throw new UsageException($"--top must be 0 to {s_maxTopText}; for every key, or every key over a size, use --keys-csv FILE [--min-bytes N]");

        var options = CommonOptions.ToAnalysisOptions(result, source) with
        {
            TopKeys = top,
            PrefixDelimiter = (byte)delimiter[0],
            PrefixDepth = depth,
            ComputeSha256 = result.GetValue(Sha256),
        };
        bool json = result.GetValue(Json);
        bool csvToStdout = KeyCsvOptions.ToStandardOutput(result);
        if (csvToStdout && json) throw new UsageException("--keys-csv - and --json both write to standard output: give --keys-csv a file name");
        // With the rows on stdout, the summary goes to stderr so that a pipe gets the CSV alone.
        var summaryOutput = csvToStdout ? error : output;
        var clock = Stopwatch.StartNew();
        DatasetSummary summary;
        using (var csv = KeyCsvOptions.Open(result, source, output))
        using (var progress = Progress.Create(result, paths, error))
        {
            summary = SnapshotAnalyzer.Analyze(paths, options with { Observer = csv, Progress = progress?.Callback });
        }
        double seconds = clock.Elapsed.TotalSeconds;
        if (json)
        {
            using var stdout = StandardOutput.Open(output);
            AnalysisJsonWriter.Write(summary, stdout, seconds);
            stdout.Flush();
            output.WriteLine();
        }
        else
        {
            AnalysisTextWriter.Write(summary, summaryOutput, seconds);
        }
        foreach (var group in summary.Readiness.DuplicateInputs)
        {
            error.WriteLine("rdbplanner: warning: " + ReadinessFacts.DescribeDuplicate(group));
        }
        if (summary.Partial)
        {
            error.WriteLine($"rdbplanner: partial result: {summary.PartialReason}");
            return ExitCodes.PartialOrBlockers;
        }
        return ExitCodes.Ok;
    }
}
