using CsvHelper;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Reports;

/// <summary>
/// The dataset summary as CSV files for spreadsheets (plan --out DIR): top-keys.csv, prefixes.csv, ttl.csv,
/// slots.csv (16384 rows) and memory-by-type.csv. Bytes are standalone-mode estimates unless a column says otherwise.
/// Rows come in a fixed order, so the same summary always gives the same files.
/// </summary>
public static class SummaryCsvWriter
{
    public const string TopKeysFile = "top-keys.csv";
    public const string PrefixesFile = "prefixes.csv";
    public const string TtlFile = "ttl.csv";
    public const string SlotsFile = "slots.csv";
    public const string MemoryByTypeFile = "memory-by-type.csv";

    public static readonly IReadOnlyList<string> TopKeysColumns =
        ["rank", "database", "type", "key", "key_length", "size_in_bytes", "encoding", "num_elements", "len_largest_element", "expiry", "slot"];

    public static readonly IReadOnlyList<string> PrefixesColumns = ["prefix", "depth", "keys", "keys_error_bound", "bytes", "share_of_keys"];

    public static readonly IReadOnlyList<string> TtlColumns = ["bucket", "keys", "bytes", "share_of_keys"];

    public static readonly IReadOnlyList<string> SlotsColumns = ["slot", "keys", .. EngineModelNames.All.Select(m => m.ColumnStem() + "_bytes")];

    public static readonly IReadOnlyList<string> MemoryByTypeColumns = ["model", "type", "encoding", "keys", "bytes"];

    /// <summary>Writes all five files into <paramref name="dir"/> (created if missing); returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(DatasetSummary summary, string dir)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        written.Add(Write(Path.Combine(dir, TopKeysFile), csv => WriteTopKeys(summary, csv)));
        written.Add(Write(Path.Combine(dir, PrefixesFile), csv => WritePrefixes(summary, csv)));
        written.Add(Write(Path.Combine(dir, TtlFile), csv => WriteTtl(summary, csv)));
        written.Add(Write(Path.Combine(dir, SlotsFile), csv => WriteSlots(summary, csv)));
        written.Add(Write(Path.Combine(dir, MemoryByTypeFile), csv => WriteMemoryByType(summary, csv)));
        return written;
    }

    /// <summary>Biggest keys, largest first, as the analyzer ranked them (bytes of its source model).</summary>
    public static void WriteTopKeys(DatasetSummary summary, CsvWriter csv)
    {
        Header(csv, TopKeysColumns);
        int rank = 0;
        Span<char> expiry = stackalloc char[32];
        foreach (var k in summary.TopKeys)
        {
            csv.WriteField(++rank, default);
            csv.WriteField(k.Database, default);
            csv.WriteField(ReportFormat.RdbToolsTypeName(k.Type));
            csv.WriteField(k.Key);
            csv.WriteField(k.KeyLength, default);
            csv.WriteField(k.Bytes, default);
            csv.WriteField(k.Encoding);
            csv.WriteField(k.Elements, default);
            csv.WriteField(k.LargestElement, default);
            csv.WriteField(expiry[..ReportFormat.FormatExpiry(k.ExpireAtMs, expiry)]);
            csv.WriteField(k.Slot, default);
            csv.EndRecord();
        }
    }

    /// <summary>Prefix breakdown by depth, then bytes descending; keys_error_bound is the sketch's bound on each count.</summary>
    public static void WritePrefixes(DatasetSummary summary, CsvWriter csv)
    {
        Header(csv, PrefixesColumns);
        foreach (var p in OrderedPrefixes(summary))
        {
            csv.WriteField(p.Prefix);
            csv.WriteField(p.Depth, default);
            csv.WriteField(p.Keys, default);
            csv.WriteField(summary.PrefixCountErrorBound, default);
            csv.WriteField(p.Bytes, default);
            csv.WriteField(Share(p.Keys, summary.Keys), "0.######");
            csv.EndRecord();
        }
    }

    public static void WriteTtl(DatasetSummary summary, CsvWriter csv)
    {
        Header(csv, TtlColumns);
        var ttl = summary.Ttl;
        for (int i = 0; i < TtlHistogram.BucketNames.Length; i++)
        {
            csv.WriteField(TtlHistogram.BucketNames[i]);
            csv.WriteField(ttl.Keys[i], default);
            csv.WriteField(ttl.Bytes[i], default);
            csv.WriteField(Share(ttl.Keys[i], summary.Keys), "0.######");
            csv.EndRecord();
        }
    }

    /// <summary>One row per cluster slot: keys, and cluster-mode bytes of every model.</summary>
    public static void WriteSlots(DatasetSummary summary, CsvWriter csv)
    {
        Header(csv, SlotsColumns);
        var perModel = EngineModelNames.All.Select(m => summary.Estimates.FirstOrDefault(e => e.Model == m)?.SlotBytes).ToArray();
        for (int slot = 0; slot < RedisSlot.Count; slot++)
        {
            csv.WriteField(slot, default);
            csv.WriteField(At(summary.SlotKeys, slot), default);
            foreach (var bytes in perModel) csv.WriteField(bytes is null ? 0 : At(bytes, slot), default);
            csv.EndRecord();
        }
    }

    /// <summary>Standalone bytes by model, type and in-memory encoding; "keyspace" rows hold the tables' share.</summary>
    public static void WriteMemoryByType(DatasetSummary summary, CsvWriter csv)
    {
        Header(csv, MemoryByTypeColumns);
        foreach (var e in summary.Estimates.OrderBy(e => e.Model))
        {
            foreach (var type in e.ByTypeEncoding.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                foreach (var enc in type.Value.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    csv.WriteField(e.Model.Name());
                    csv.WriteField(type.Key);
                    csv.WriteField(enc.Key);
                    csv.WriteField(enc.Value.Keys, default);
                    csv.WriteField(enc.Value.Bytes, default);
                    csv.EndRecord();
                }
            }
        }
    }

    /// <summary>Prefixes in report order: depth, bytes descending, then the prefix text.</summary>
    public static IEnumerable<PrefixStat> OrderedPrefixes(DatasetSummary summary) =>
        summary.Prefixes.OrderBy(p => p.Depth).ThenByDescending(p => p.Bytes).ThenBy(p => p.Prefix, StringComparer.Ordinal);

    private static double Share(long part, long total) => total <= 0 ? 0 : (double)part / total;

    private static long At(long[] values, int index) => index < values.Length ? values[index] : 0;

    private static void Header(CsvWriter csv, IReadOnlyList<string> columns)
    {
        foreach (var c in columns) csv.WriteField(c);
        csv.EndRecord();
    }

    private static string Write(string path, Action<CsvWriter> body)
    {
        using (var csv = CsvWriter.ToFile(path, ReportFormat.Csv))
        {
            body(csv);
        }
        return path;
    }
}
