using System.CommandLine;
using RdbPlanner.Reports;

namespace RdbPlanner.Cli;

/// <summary>Progress on stderr while reading (only to a terminal; --quiet silences it). stdout is never touched.</summary>
internal sealed class Progress : IDisposable
{
    private readonly ProgressReporter _reporter;
    private long _done;

    private Progress(ProgressReporter reporter) => _reporter = reporter;

    public Action<long> Callback => bytesDone => { _done = bytesDone; _reporter.Report(bytesDone); };

    public static Progress? Create(ParseResult result, IReadOnlyList<string> paths, TextWriter error)
    {
        bool quiet = result.GetValue(CommonOptions.Quiet);
        // Only the real console gets progress: tests and pipes capture clean output.
        if (quiet || !ReferenceEquals(error, Console.Error)) return null;
        long total = 0;
        foreach (var p in paths)
        {
            if (p == "-" || !File.Exists(p)) { total = -1; break; }
            // Progress counts decompressed bytes: a gzip file's size says nothing about them.
            if (IsGzip(p)) { total = -1; break; }
            total += new FileInfo(p).Length;
        }
        var reporter = ProgressReporter.ForConsole(paths.Count == 1 ? Path.GetFileName(paths[0]) : $"{paths.Count} files", total, quiet);
        return reporter.Enabled ? new Progress(reporter) : null;
    }

    private static bool IsGzip(string path)
    {
        using var f = File.OpenRead(path);
        return f.ReadByte() == 0x1F && f.ReadByte() == 0x8B;
    }

    public void Dispose()
    {
        _reporter.Complete(_done);
        _reporter.Dispose();
    }
}
