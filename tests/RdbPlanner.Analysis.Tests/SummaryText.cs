namespace RdbPlanner.Analysis.Tests;

/// <summary>A dataset summary as text, every figure the reports print, so two analyses can be compared exactly.</summary>
internal static class SummaryText
{
    /// <summary>The analysis of one file as text: its summary, or the error that stopped it.</summary>
    public static string Outcome(string path, AnalysisOptions options)
    {
        try
        {
            return Of(SnapshotAnalyzer.Analyze([path], options));
        }
        catch (AnalysisException e)
        {
            return "error " + e.OneLine() + " limit=" + e.Limit;
        }
    }

    public static string Of(DatasetSummary s) => string.Join("\n",
    [
        $"keys {s.Keys} {s.KeysWithExpiry} {s.KeysExpiredAtSnapshot} partial={s.Partial} {s.PartialReason}",
        string.Join(",", s.Databases.Select(d => $"{d.Key}={d.Value}")),
        string.Join(",", s.Types.Select(t => $"{t.Key}={t.Value}")),
        string.Join(",", s.FileEncodings.Select(t => $"{t.Key}={t.Value}")),
        string.Join("\n", s.Estimates.Select(e =>
            $"{e.Model}={e.StandaloneBytes}/{e.ClusterBytes}/{e.LargestKeyBytes} slots {string.Join(",", e.SlotBytes.Select((b, i) => (b, i)).Where(x => x.b != 0).Select(x => $"{x.i}:{x.b}"))} " +
            string.Join(";", e.ByTypeEncoding.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{t.Key}/{v.Key}={v.Value.Keys}:{v.Value.Bytes}"))))),
        string.Join(",", s.TopKeys.Select(k => k.ToString())),
        string.Join(",", s.Prefixes.Select(p => $"{p.Prefix}/{p.Depth}={p.Keys}/{p.Bytes}")) + $" bound {s.PrefixCountErrorBound}",
        string.Join(",", s.Ttl.Keys) + " " + string.Join(",", s.Ttl.Bytes),
        string.Join(",", s.SlotKeys.Select((n, slot) => (n, slot)).Where(x => x.n > 0).Select(x => $"{x.slot}={x.n}")),
        string.Join(",", s.Files.Select(f => f with { Seconds = 0 })),
        $"readiness v{s.Readiness.MaxRdbVersion} {string.Join("/", s.Readiness.Magics)} hfe={s.Readiness.HashFieldTtlKeys}/{s.Readiness.ValkeyHashFieldTtlKeys} " +
        $"modules={string.Join(",", s.Readiness.ModuleKeys.Select(m => $"{m.Key}={m.Value}"))} aux={string.Join(",", s.Readiness.ModuleAuxNames)} " +
        $"dbs={s.Readiness.DatabasesWithKeys} functions={s.Readiness.Functions} over512={string.Join(",", s.Readiness.KeysOver512MB)}",
    ]);
}
