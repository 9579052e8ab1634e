using System.CommandLine;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.Reports;

namespace RdbPlanner.Cli;

/// <summary>--keys-csv and its filters: the per-key CSV written while the file is parsed.</summary>
internal static class KeyCsvOptions
{
    public static readonly Option<string?> KeysCsv = new("--keys-csv") { Description = "write one CSV row per key to this file, or to standard output with - (redis-rdb-tools' columns first, then per-model bytes, slot, target encodings)" };
    public static readonly Option<int[]> Db = new("--db") { Description = "per-key CSV: only these databases", AllowMultipleArgumentsPerToken = true };
    public static readonly Option<string[]> Type = new("--type") { Description = "per-key CSV: only these types (string, list, set, zset, hash, stream, module)", AllowMultipleArgumentsPerToken = true };
    public static readonly Option<string?> KeyPattern = new("--key-pattern") { Description = "per-key CSV: only keys matching this Redis glob (* ? [a-z] \\x)" };
    public static readonly Option<long> MinBytes = new("--min-bytes") { Description = "per-key CSV: only keys whose source-model estimate is at least this many bytes" };

    public static void AddTo(Command command)
    {
        command.Add(KeysCsv);
        command.Add(Db);
        command.Add(Type);
        command.Add(KeyPattern);
        command.Add(MinBytes);
    }

    /// <summary>True for <c>--keys-csv -</c>: the rows go to standard output.</summary>
    public static bool ToStandardOutput(ParseResult result) => result.GetValue(KeysCsv) == "-";

    /// <summary>
    /// Opens the CSV when --keys-csv was given (<paramref name="output"/> for -); null otherwise. Dispose flushes it and
    /// closes a file.
    /// </summary>
    public static KeyCsvWriter? Open(ParseResult result, EngineModel source, TextWriter output)
    {
        string? path = result.GetValue(KeysCsv);
        var dbs = result.GetValue(Db);
        var types = result.GetValue(Type);
        string? pattern = result.GetValue(KeyPattern);
        long minBytes = result.GetValue(MinBytes);
        bool filtered = dbs is { Length: > 0 } || types is { Length: > 0 } || pattern is not null || minBytes > 0;
        if (path is null)
        {
            if (filtered) throw new UsageException("--db, --type, --key-pattern and --min-bytes filter the per-key CSV: give --keys-csv FILE (or - for standard output)");
            return null;
        }
        KeyFilter filter;
        try
        {
            filter = new KeyFilter(dbs is { Length: > 0 } ? dbs : null, types is { Length: > 0 } ? types : null, pattern, minBytes);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        if (path == "-")
        {
            // Buffered: the console stream writes through on every call, and a row is a dozen small fields.
            return new KeyCsvWriter(new BufferedStream(StandardOutput.Open(output), 1 << 16), source, filter);
        }
        return OutputPaths.OpenFile("--keys-csv", path, p => KeyCsvWriter.Create(p, source, filter));
    }
}
