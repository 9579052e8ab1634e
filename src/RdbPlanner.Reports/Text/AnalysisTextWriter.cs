using System.Globalization;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Reports;

/// <summary>The human summary `rdbplanner analyze` prints without --json.</summary>
public static class AnalysisTextWriter
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static void Write(DatasetSummary s, TextWriter o, double seconds, int topKeys = 10, int topPrefixes = 8)
    {
        if (s.Partial)
        {
            o.WriteLine($"WARNING: partial result — {s.PartialReason}");
            o.WriteLine();
        }
        o.WriteLine("Files");
        foreach (var f in s.Files)
        {
            string writer = f.Writer is null ? "unknown writer" : $"{f.Writer} {f.WriterVersion}";
            string created = f.CreatedAt is null ? "" : $", saved {f.CreatedAt.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z";
            o.WriteLine($"  {f.Path}: {Units.Bytes(f.Bytes)}{(f.Gzip ? " (gzip)" : "")}, {f.Magic} v{f.RdbVersion}, {writer}{created}, checksum {f.Checksum}, {Units.Count(f.Keys)} keys in {f.Seconds.ToString("F2", s_inv)} s");
        }
        o.WriteLine();
        o.WriteLine($"Keys: {Units.Count(s.Keys)}  with TTL: {Units.Count(s.KeysWithExpiry)}  already expired at snapshot time: {Units.Count(s.KeysExpiredAtSnapshot)}");
        o.WriteLine("Databases: " + Listing(s.Databases.OrderBy(d => d.Key).Select(d => $"db{d.Key} {Units.Count(d.Value)}")));
        o.WriteLine("Types: " + Listing(s.Types.Where(t => t.Value > 0).Select(t => $"{t.Key} {Units.Count(t.Value)}")));
        o.WriteLine("File encodings: " + Listing(s.FileEncodings.Select(t => $"{t.Key} {Units.Count(t.Value)}")));
        o.WriteLine();

        o.WriteLine($"Estimated memory: growth of used_memory when loaded into an empty server ({s.ModelOptions.Allocator.Name()}, maxmemory-policy {s.ModelOptions.MaxmemoryPolicy})");
        o.WriteLine($"  {"model",-12} {"standalone",14} {"cluster",14}  {"vs " + s.Estimates[(int)EngineModel.Redis72].Model.Name(),14}");
        long baseline = s.Estimate(EngineModel.Redis72).StandaloneBytes;
        foreach (var e in s.Estimates)
        {
            string delta = baseline > 0 ? Units.Percent((double)e.StandaloneBytes / baseline - 1) : "";
            o.WriteLine($"  {e.Model.Name(),-12} {Units.Bytes(e.StandaloneBytes),14} {Units.Bytes(e.ClusterBytes),14}  {delta,14}");
        }
        o.WriteLine("  models: " + string.Join("; ", s.Estimates.Select(e => e.Description)));
        o.WriteLine();

        if (s.TopKeys.Count > 0)
        {
            o.WriteLine($"Biggest keys (estimated bytes)");
            foreach (var k in s.TopKeys.Take(topKeys))
            {
                o.WriteLine($"  {Units.Bytes(k.Bytes),10}  db{k.Database} {k.Type,-6} {k.Encoding,-10} {Units.Count(k.Elements),9} el  {Truncate(k.Key, 60)}");
            }
            o.WriteLine();
        }
        var prefixes = s.Prefixes.Where(p => p.Depth == 1).Take(topPrefixes).ToList();
        if (prefixes.Count > 0)
        {
            o.WriteLine($"Top prefixes (depth 1{(s.PrefixCountErrorBound > 0 ? $"; counts may be high by up to {Units.Count(s.PrefixCountErrorBound)}" : "")})");
            foreach (var p in prefixes)
            {
                o.WriteLine($"  {Units.Bytes(p.Bytes),10}  {Units.Count(p.Keys),10} keys  {Truncate(p.Prefix, 60)}");
            }
            o.WriteLine();
        }
        o.WriteLine("TTL: " + string.Join("  ", TtlHistogram.BucketNames.Select((n, i) => $"{n} {Units.Count(s.Ttl.Keys[i])}")));
        o.WriteLine($"Time: {seconds.ToString("F2", s_inv)} s");
    }

    /// <summary>The items two spaces apart, or "none" (a snapshot without keys left the line blank).</summary>
    private static string Listing(IEnumerable<string> items)
    {
        string text = string.Join("  ", items);
        return text.Length > 0 ? text : "none";
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
