using System.Globalization;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.Planning;

namespace RdbPlanner.Reports;

public static partial class HtmlReport
{
    private const int TableRows = 25;

    private static void SummarySection(Context r)
    {
        var h = r.Html;
        var plan = r.Plan;
        h.Append("<section id=\"summary\"><h2>Summary</h2>\n");
        if (plan.PartialInput || r.Summary.Partial)
        {
            h.Append("<p class=\"banner bad\">Partial input: a file was damaged and only the part read before the damage is included. ")
                .Append(E(r.Summary.PartialReason)).Append("</p>");
        }
        var readiness = plan.Readiness;
        if (readiness.HasBlockers)
        {
            h.Append("<p class=\"banner bad\">").Append(readiness.Blockers.Count).Append(" blocker(s) must be resolved before migrating to ")
                .Append(E(readiness.Target.Name())).Append(": see <a href=\"#readiness\">Migration readiness</a>.</p>");
        }
        else
        {
            h.Append("<p class=\"banner ok\">No blockers found in the snapshot for ").Append(E(readiness.Target.Name()))
                .Append("; ").Append(readiness.Warnings.Count).Append(" warning(s) and ").Append(readiness.Checklist.Count)
                .Append(" checklist item(s) to confirm.</p>");
        }
        h.Append("<div class=\"cards\">");
        Card(h, "source", $"Today: {r.Source.Name()}", plan.Source);
        Card(h, "target", $"Target: {r.Target.Name()}", plan.Target);
        if (plan.Savings is { } s)
        {
            h.Append("<div class=\"card save\"><div class=\"label\">Saving per month</div><div class=\"value\" data-field=\"savings.usd_per_month_saved\" data-value=\"")
                .Append(Inv(s.UsdPerMonthSaved)).Append("\">").Append(E(ReportFormat.Usd(s.UsdPerMonthSaved))).Append("</div><div>")
                .Append(E(s.PercentSaved.ToString("0.##", CultureInfo.InvariantCulture))).Append(" % · ")
                .Append(E(ReportFormat.Usd(s.UsdPerYearSaved))).Append(" per year</div></div>");
        }
        h.Append("</div>\n");
        foreach (var w in plan.Warnings) h.Append("<p class=\"banner warn\">").Append(E(w)).Append("</p>");
        h.Append("</section>\n");
    }

    private static void Card(System.Text.StringBuilder h, string cls, string label, EngineRecommendation? rec)
    {
        h.Append("<div class=\"card ").Append(cls).Append("\"><div class=\"label\">").Append(E(label)).Append("</div>");
        if (rec is null)
        {
            h.Append("<div class=\"value\">no fit</div><div>no candidate fits or has a price</div></div>");
            return;
        }
        var c = rec.Recommended;
        h.Append("<div class=\"value\" data-field=\"").Append(cls).Append(".usd_per_month\" data-value=\"").Append(Inv(c.UsdPerMonth)).Append("\">")
            .Append(E(ReportFormat.Usd(c.UsdPerMonth))).Append("<small>/month</small></div><div>")
            .Append(E($"{c.NodeType} · {c.Shards} shard(s) × {1 + c.Replicas} node(s) · {(c.ClusterModeEnabled ? "cluster mode enabled" : "cluster mode disabled")}"))
            .Append("</div></div>");
    }

    private static void InputsSection(Context r)
    {
        var h = r.Html;
        h.Append("<section id=\"inputs\"><h2>Inputs</h2>\n<table class=\"inputs\">");
        HeadRow(h, "File", ">Size", "SHA-256", "Format", "Writer", "Created", "Checksum", ">Keys");
        h.Append("<tbody>");
        for (int i = 0; i < r.Summary.Files.Count; i++)
        {
            var f = r.Summary.Files[i];
            h.Append("<tr>");
            Cell(h, f.Path, "key");
            NumCell(h, $"inputs[{i}].bytes", Inv(f.Bytes), ReportFormat.Size(f.Bytes));
            Cell(h, f.Sha256 ?? "not computed", "key");
            Cell(h, $"{f.Magic} RDB v{f.RdbVersion}{(f.Gzip ? " (gzip)" : "")}");
            Cell(h, string.Join(' ', new[] { f.Writer, f.WriterVersion }.Where(x => !string.IsNullOrEmpty(x))) is { Length: > 0 } w ? w : "unknown");
            Cell(h, f.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "unknown");
            Cell(h, f.Checksum);
            NumCell(h, $"inputs[{i}].keys", Inv(f.Keys), ReportFormat.Int(f.Keys));
            h.Append("</tr>");
        }
        h.Append("</tbody></table>\n<p>");
        var s = r.Summary;
        h.Append(E($"{ReportFormat.Int(s.Keys)} keys in {s.Databases.Count} database(s) ({string.Join(", ", s.Databases.OrderBy(d => d.Key).Select(d => $"db {d.Key}: {ReportFormat.Int(d.Value)}"))}); "
            + $"{ReportFormat.Int(s.KeysWithExpiry)} with a TTL, {ReportFormat.Int(s.KeysExpiredAtSnapshot)} already expired when the snapshot was written."));
        h.Append("</p>");
        // A reviewer checks the digest against the file they hold: for .gz that is not the digest shown here.
        if (s.Files.Any(f => f.Gzip && f.Sha256 is not null))
        {
            h.Append("<p>").Append(E("The SHA-256 of a gzip input is that of the decompressed snapshot (so a plain and a gzip copy of one snapshot match), not of the .gz file.")).Append("</p>");
        }
        h.Append("</section>\n");
    }

    private static void AssumptionsSection(Context r)
    {
        var h = r.Html;
        var o = r.Plan.Options;
        var m = r.Summary.ModelOptions;
        h.Append("<section id=\"assumptions\"><h2>Assumptions</h2>\n<table class=\"assumptions\"><tbody>");
        void Row(string name, string value, string? field = null, string? raw = null)
        {
            h.Append("<tr><th>").Append(E(name)).Append("</th>");
            if (field is null) Cell(h, value);
            else h.Append("<td data-field=\"").Append(E(field)).Append("\" data-value=\"").Append(E(raw)).Append("\">").Append(E(value)).Append("</td>");
            h.Append("</tr>");
        }
        Row("Source engine (today)", o.SourceEngine.Name(), "options.source_engine", o.SourceEngine.Name());
        Row("Target engine", o.TargetEngine.Name(), "options.target_engine", o.TargetEngine.Name());
        Row("Allocator", m.Allocator.Name());
        Row("maxmemory-policy", m.MaxmemoryPolicy + (m.NoSharedIntegers ? " (shared integers 0–9999 disabled, as with maxmemory and an LRU/LFU policy)" : ""));
        Row("Reserved memory", $"{o.ReservedMemoryPercent.ToString("0.##", CultureInfo.InvariantCulture)} % of maxmemory (reserved-memory-percent)", "options.reserved_memory_percent", Inv(o.ReservedMemoryPercent));
        Row("Growth headroom", $"{(o.Growth * 100).ToString("0.##", CultureInfo.InvariantCulture)} % more data than today", "options.growth", Inv(o.Growth));
        Row("Replicas per shard", o.Replicas.ToString(CultureInfo.InvariantCulture), "options.replicas", o.Replicas.ToString(CultureInfo.InvariantCulture));
        Row("Cluster mode", o.ClusterMode.ToString().ToLowerInvariant());
        Row("Node families", string.Join(", ", o.NodeFamilies) + (o.DataTiering ? " (+ data tiering)" : ""));
        Row("Region", o.Region, "options.region", o.Region);
        Row("Pricing", o.PricingModel);
        h.Append("<tr><th>Price source and date</th><td><ul class=\"plain\">");
        foreach (var source in PriceSources(r.Plan)) h.Append("<li>").Append(E(source)).Append("</li>");
        h.Append("</ul></td></tr>");
        Row("Catalog", r.Plan.CatalogSource);
        h.Append("</tbody></table>\n<h3>Memory models</h3><table class=\"models\">");
        HeadRow(h, "Model", "Description and assumptions");
        h.Append("<tbody>");
        foreach (var e in r.Summary.Estimates.OrderBy(e => e.Model))
        {
            h.Append(RowOpen(r, e.Model));
            Cell(h, e.Model.Name() + Role(r, e.Model), "nowrap");
            h.Append("<td>").Append(E(e.Description)).Append("<ul>");
            foreach (var a in e.Assumptions) h.Append("<li>").Append(E(a)).Append("</li>");
            h.Append("</ul></td></tr>");
        }
        h.Append("</tbody></table>\n");
        if (r.Plan.Assumptions.Count > 0)
        {
            h.Append("<h3>Sizing and pricing rules</h3><ol>");
            foreach (var a in r.Plan.Assumptions) h.Append("<li>").Append(E(a)).Append("</li>");
            h.Append("</ol>");
        }
        h.Append("</section>\n");
    }

    private static List<string> PriceSources(PlanResult plan)
    {
        var sources = new List<string>();
        foreach (var rec in new[] { plan.Source, plan.Target })
        {
            if (rec is null) continue;
            string s = $"{rec.Engine.Name()}: {rec.Recommended.PriceSource}, as of {rec.Recommended.PriceAsOf}";
            if (!sources.Contains(s)) sources.Add(s);
        }
        foreach (var sv in plan.Serverless)
        {
            sources.Add($"serverless {sv.Engine.Name()}: {sv.PriceSource}, as of {sv.PriceAsOf}");
        }
        return sources.Count == 0 ? ["no price used"] : sources;
    }

    private static void FindingsSection(Context r)
    {
        var h = r.Html;
        var s = r.Summary;
        h.Append("<section id=\"findings\"><h2>Findings</h2>\n<h3 id=\"estimates\">Estimated memory per engine and mode</h3><table class=\"estimates\">");
        HeadRow(h, "Engine", ">Standalone", ">Cluster mode", ">Empty instance (standalone / cluster)", ">Largest key", ">vs source");
        h.Append("<tbody>");
        long sourceBytes = s.Estimates.FirstOrDefault(e => e.Model == r.Source)?.StandaloneBytes ?? 0;
        foreach (var e in s.Estimates.OrderBy(e => e.Model))
        {
            string stem = $"estimates.{e.Model.Name()}";
            h.Append(RowOpen(r, e.Model));
            Cell(h, e.Model.Name() + Role(r, e.Model));
            NumCell(h, stem + ".standalone_bytes", Inv(e.StandaloneBytes), ReportFormat.Size(e.StandaloneBytes));
            NumCell(h, stem + ".cluster_bytes", Inv(e.ClusterBytes), ReportFormat.Size(e.ClusterBytes));
            Cell(h, $"{ReportFormat.Size(e.EmptyStandaloneBytes)} / {ReportFormat.Size(e.EmptyClusterBytes)}", "num");
            Cell(h, ReportFormat.Size(e.LargestKeyBytes), "num");
            Cell(h, sourceBytes > 0 ? ((e.StandaloneBytes - sourceBytes) * 100.0 / sourceBytes).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "", "num");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>\n");
        Chart(r, ReportCharts.MemoryByEngine);

        TypeTable(r);
        Chart(r, ReportCharts.MemoryByType);
        TopKeysTable(r);
        PrefixTable(r);
        Chart(r, ReportCharts.TopPrefixes);
        TtlTable(r);
        Chart(r, ReportCharts.TtlHistogram);
        SlotBalance(r);
        Chart(r, ReportCharts.ShardMemory);
        h.Append("</section>\n");
    }

    private static void TypeTable(Context r)
    {
        var h = r.Html;
        var src = r.Summary.Estimates.FirstOrDefault(e => e.Model == r.Source);
        var tgt = r.Summary.Estimates.FirstOrDefault(e => e.Model == r.Target);
        h.Append("<h3 id=\"by-type\">Memory by type and encoding (standalone)</h3><p>")
            .Append(E($"In-memory encodings each engine would choose; an encoding only one engine uses leaves the other's cells empty."))
            .Append("</p><table class=\"by-type\">");
        HeadRow(h, "Type", "Encoding", $">{r.Source.Name()} keys", $">{r.Source.Name()} bytes", $">{r.Target.Name()} keys", $">{r.Target.Name()} bytes");
        h.Append("<tbody>");
        foreach (var type in TypeOrder(src, tgt))
        {
            var a = Encodings(src, type);
            var b = Encodings(tgt, type);
            var names = a.Keys.Concat(b.Keys).Distinct()
                .OrderByDescending(n => a.TryGetValue(n, out var x) ? x.Bytes : -1).ThenBy(n => n, StringComparer.Ordinal).ToList();
            for (int i = 0; i < names.Count; i++)
            {
                h.Append("<tr>");
                Cell(h, i == 0 ? type : "");
                Cell(h, names[i]);
                EncodingCells(h, a, names[i]);
                EncodingCells(h, b, names[i]);
                h.Append("</tr>");
            }
        }
        h.Append("</tbody></table>\n");
    }

    private static IEnumerable<string> TypeOrder(ModelEstimate? src, ModelEstimate? tgt) =>
        new[] { src, tgt }.Where(e => e is not null).SelectMany(e => e!.ByTypeEncoding.Keys).Distinct()
            .OrderByDescending(t => Encodings(src, t).Values.Sum(x => x.Bytes)).ThenBy(t => t, StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, EncodingStat> Encodings(ModelEstimate? e, string type) =>
        e is not null && e.ByTypeEncoding.TryGetValue(type, out var enc) ? enc : new Dictionary<string, EncodingStat>();

    private static void EncodingCells(System.Text.StringBuilder h, IReadOnlyDictionary<string, EncodingStat> stats, string encoding)
    {
        if (!stats.TryGetValue(encoding, out var stat))
        {
            h.Append("<td></td><td></td>");
            return;
        }
        Cell(h, ReportFormat.Int(stat.Keys), "num");
        Cell(h, ReportFormat.Size(stat.Bytes), "num");
    }

    private static void TopKeysTable(Context r)
    {
        var h = r.Html;
        var top = r.Summary.TopKeys;
        h.Append("<h3 id=\"top-keys\">Biggest keys</h3>");
        h.Append("<p>").Append(E($"The {Math.Min(TableRows, top.Count)} biggest of {ReportFormat.Int(r.Summary.Keys)} keys (all {top.Count} ranked keys are in top-keys.csv).")).Append("</p>");
        h.Append("<table class=\"top-keys\">");
        HeadRow(h, ">#", "Key", ">DB", "Type", "Encoding", ">Elements", ">Size", "Expiry (UTC)", ">Slot");
        h.Append("<tbody>");
        for (int i = 0; i < Math.Min(TableRows, top.Count); i++)
        {
            var k = top[i];
            h.Append("<tr>");
            Cell(h, (i + 1).ToString(CultureInfo.InvariantCulture), "num");
            Cell(h, k.Key, "key");
            Cell(h, k.Database.ToString(CultureInfo.InvariantCulture), "num");
            Cell(h, k.Type);
            Cell(h, k.Encoding);
            Cell(h, ReportFormat.Int(k.Elements), "num");
            NumCell(h, $"top_keys[{i}].bytes", Inv(k.Bytes), ReportFormat.Size(k.Bytes));
            Cell(h, k.ExpireAtMs < 0 ? "none" : ReportFormat.FormatExpiry(k.ExpireAtMs));
            Cell(h, k.Slot.ToString(CultureInfo.InvariantCulture), "num");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>\n");
    }

    private static void PrefixTable(Context r)
    {
        var h = r.Html;
        var s = r.Summary;
        var rows = s.Prefixes.OrderByDescending(p => p.Bytes).ThenBy(p => p.Prefix, StringComparer.Ordinal).Take(TableRows).ToList();
        h.Append("<h3 id=\"prefixes\">Key prefixes</h3><p>")
            .Append(E($"Prefixes up to depth 3, biggest first. Counts come from a bounded heavy-hitter sketch: {ReportFormat.PrefixCountBound(s.PrefixCountErrorBound)}."))
            .Append("</p><table class=\"prefixes\">");
        HeadRow(h, "Prefix", ">Depth", ">Keys", ">Share of keys", ">Bytes");
        h.Append("<tbody>");
        foreach (var p in rows)
        {
            h.Append("<tr>");
            Cell(h, p.Prefix, "key");
            Cell(h, p.Depth.ToString(CultureInfo.InvariantCulture), "num");
            Cell(h, ReportFormat.Int(p.Keys), "num");
            Cell(h, s.Keys > 0 ? ReportFormat.Percent((double)p.Keys / s.Keys) : "", "num");
            Cell(h, ReportFormat.Size(p.Bytes), "num");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>\n");
    }

    private static void TtlTable(Context r)
    {
        var h = r.Html;
        var ttl = r.Summary.Ttl;
        string[] names = ["no TTL", "already expired at the snapshot", "under 1 hour", "1 hour to 1 day", "1 to 7 days", "7 to 30 days", "30 days or more"];
        long total = ttl.Keys.Sum();
        h.Append("<h3 id=\"ttl\">Time to live</h3><table class=\"ttl\">");
        HeadRow(h, "Remaining TTL", ">Keys", ">Share", ">Bytes");
        h.Append("<tbody>");
        for (int i = 0; i < ttl.Keys.Length; i++)
        {
            h.Append("<tr>");
            Cell(h, i < names.Length ? names[i] : TtlHistogram.BucketNames[i]);
            NumCell(h, $"ttl.{TtlHistogram.BucketNames[i]}.keys", Inv(ttl.Keys[i]), ReportFormat.Int(ttl.Keys[i]));
            Cell(h, total > 0 ? ReportFormat.Percent((double)ttl.Keys[i] / total) : "", "num");
            Cell(h, ReportFormat.Size(ttl.Bytes[i]), "num");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>\n");
    }

    private static void SlotBalance(Context r)
    {
        var h = r.Html;
        var slots = r.Summary.SlotKeys;
        int empty = slots.Count(k => k == 0);
        int hottest = slots.Length == 0 ? 0 : Array.IndexOf(slots, slots.Max());
        h.Append("<h3 id=\"slots\">Slot balance</h3><p>")
            .Append(E($"Keys per cluster slot: {ReportFormat.Int(slots.Length == 0 ? 0 : slots.Min())} to {ReportFormat.Int(slots.Length == 0 ? 0 : slots.Max())} (slot {hottest} has the most), {ReportFormat.Int(empty)} empty slot(s) of 16,384. All 16,384 rows are in slots.csv."))
            .Append("</p>");
        var rec = r.Plan.Target ?? r.Plan.Source;
        if (rec is null)
        {
            h.Append("<p>No recommended configuration, so no shard layout.</p>");
            return;
        }
        string role = rec.Engine == r.Target ? "target" : "source";
        var b = rec.Balance;
        h.Append("<p>").Append(E($"Recommended {rec.Engine.Name()} layout: {b.Shards} shard(s); busiest shard {ReportFormat.Size(b.PeakShardDataBytes)} vs mean {ReportFormat.Size(b.MeanShardDataBytes)} (peak/mean "))
            .Append("<span data-field=\"").Append(role).Append(".balance.peak_to_mean\" data-value=\"").Append(Inv(b.PeakToMean)).Append("\">")
            .Append(E(b.PeakToMean.ToString("0.000", CultureInfo.InvariantCulture))).Append("</span>")
            .Append(E($"); the heaviest slot, {b.HottestSlot}, holds {ReportFormat.Size(b.HottestSlotBytes)} and cannot be split.")).Append("</p>");
        h.Append("<table class=\"shards\">");
        HeadRow(h, ">Shard", "Slots", ">Keys", ">Data", ">Needed with growth", ">Use of usable memory");
        h.Append("<tbody>");
        long usable = rec.Recommended.UsableBytesPerNode;
        foreach (var sl in rec.ShardLayout.Take(64))
        {
            h.Append("<tr>");
            Cell(h, sl.Shard.ToString(CultureInfo.InvariantCulture), "num");
            Cell(h, $"{sl.FirstSlot}-{sl.LastSlot}");
            Cell(h, ReportFormat.Int(sl.Keys), "num");
            Cell(h, ReportFormat.Size(sl.DataBytes), "num");
            Cell(h, ReportFormat.Size(sl.NeededBytes), "num");
            Cell(h, usable > 0 ? ReportFormat.Percent((double)sl.NeededBytes / usable) : "", "num");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>");
        if (rec.ShardLayout.Count > 64) h.Append("<p>").Append(E($"First 64 of {rec.ShardLayout.Count} shards; plan.json has all.")).Append("</p>");
        h.Append('\n');
    }

    private static void RecommendationSection(Context r)
    {
        var h = r.Html;
        var plan = r.Plan;
        h.Append("<section id=\"recommendation\"><h2>Recommendation and savings</h2>\n<table class=\"recommendation\">");
        HeadRow(h, "", $"Source: {r.Source.Name()}", $"Target: {r.Target.Name()}");
        h.Append("<tbody>");
        void Row(string label, Func<NodeCandidate, string> shown, string? field = null, Func<NodeCandidate, string>? raw = null)
        {
            h.Append("<tr><th>").Append(E(label)).Append("</th>");
            foreach (var (role, rec) in new[] { ("source", plan.Source), ("target", plan.Target) })
            {
                if (rec is null) { Cell(h, "no candidate fits"); continue; }
                if (field is null || raw is null) Cell(h, shown(rec.Recommended));
                else NumCell(h, $"{role}.{field}", raw(rec.Recommended), shown(rec.Recommended));
            }
            h.Append("</tr>");
        }
        Row("Node type", c => c.NodeType);
        Row("Cluster mode", c => c.ClusterModeEnabled ? "enabled" : "disabled");
        Row("Shards", c => c.Shards.ToString(CultureInfo.InvariantCulture), "shards", c => c.Shards.ToString(CultureInfo.InvariantCulture));
        Row("Replicas per shard", c => c.Replicas.ToString(CultureInfo.InvariantCulture), "replicas", c => c.Replicas.ToString(CultureInfo.InvariantCulture));
        Row("Nodes", c => c.Nodes.ToString(CultureInfo.InvariantCulture), "nodes", c => c.Nodes.ToString(CultureInfo.InvariantCulture));
        Row("maxmemory per node", c => ReportFormat.Size(c.MaxmemoryBytes), "maxmemory_bytes", c => Inv(c.MaxmemoryBytes));
        Row("Usable per node", c => ReportFormat.Size(c.UsableBytesPerNode), "usable_bytes_per_node", c => Inv(c.UsableBytesPerNode));
        Row("Busiest shard needs", c => ReportFormat.Size(c.PeakShardBytes), "peak_shard_bytes", c => Inv(c.PeakShardBytes));
        Row("Utilization", c => ReportFormat.Percent(c.Utilization), "utilization", c => Inv(c.Utilization));
        Row("Price per node-hour", c => "$" + c.UsdPerNodeHour.ToString("0.0000", CultureInfo.InvariantCulture), "usd_per_node_hour", c => Inv(c.UsdPerNodeHour));
        Row("Cost per month", c => ReportFormat.Usd(c.UsdPerMonth), "usd_per_month", c => Inv(c.UsdPerMonth));
        Row("Cost per year", c => ReportFormat.Usd(c.UsdPerYear), "usd_per_year", c => Inv(c.UsdPerYear));
        Row("Price source", c => $"{c.PriceSource}, as of {c.PriceAsOf} ({c.PricingModel})");
        h.Append("</tbody></table>\n");

        if (plan.Savings is { } s)
        {
            h.Append("<p class=\"banner ok\">Moving from ").Append(E(s.SourceEngine.Name())).Append(" to ").Append(E(s.TargetEngine.Name())).Append(" saves ");
            h.Append("<strong data-field=\"savings.usd_per_month_saved\" data-value=\"").Append(Inv(s.UsdPerMonthSaved)).Append("\">").Append(E(ReportFormat.Usd(s.UsdPerMonthSaved))).Append("</strong> per month (");
            h.Append("<span data-field=\"savings.percent_saved\" data-value=\"").Append(Inv(s.PercentSaved)).Append("\">").Append(E(s.PercentSaved.ToString("0.##", CultureInfo.InvariantCulture))).Append(" %</span>), ");
            h.Append("<span data-field=\"savings.usd_per_year_saved\" data-value=\"").Append(Inv(s.UsdPerYearSaved)).Append("\">").Append(E(ReportFormat.Usd(s.UsdPerYearSaved))).Append("</span> per year, ");
            h.Append(E($"at {s.PricingModel} prices (sources in the table above).")).Append("</p>\n");
        }
        else
        {
            h.Append("<p class=\"banner warn\">No savings figure: the source or the target has no fitting, priced configuration.</p>\n");
        }
        Chart(r, ReportCharts.MonthlyCost);
        Alternatives(r);
        Serverless(r);
        if (plan.Rejected.Count > 0)
        {
            h.Append("<h3>Node types not used</h3><ul class=\"findings\">");
            foreach (var x in plan.Rejected.Take(TableRows)) h.Append("<li>").Append(E($"{x.Engine.Name()} {x.NodeType}: {x.Reason}")).Append("</li>");
            if (plan.Rejected.Count > TableRows) h.Append("<li>").Append(E($"… and {plan.Rejected.Count - TableRows} more in plan.json")).Append("</li>");
            h.Append("</ul>\n");
        }
        h.Append("</section>\n");
    }

    private static void Alternatives(Context r)
    {
        var h = r.Html;
        var rows = new[] { r.Plan.Source, r.Plan.Target }.Where(x => x is not null).SelectMany(x => x!.Alternatives).ToList();
        if (rows.Count == 0) return;
        h.Append("<h3>Alternatives (cheapest fitting configuration of each other family)</h3><table class=\"alternatives\">");
        HeadRow(h, "Engine", "Node type", ">Shards × nodes", ">Utilization", ">Per month", ">Per year");
        h.Append("<tbody>");
        foreach (var c in rows)
        {
            h.Append(RowOpen(r, c.Engine));
            Cell(h, c.Engine.Name());
            Cell(h, c.NodeType);
            Cell(h, $"{c.Shards} × {1 + c.Replicas}", "num");
            Cell(h, ReportFormat.Percent(c.Utilization), "num");
            Cell(h, ReportFormat.Usd(c.UsdPerMonth), "num");
            Cell(h, ReportFormat.Usd(c.UsdPerYear), "num");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>\n");
    }

    private static void Serverless(Context r)
    {
        var h = r.Html;
        if (r.Plan.Serverless.Count == 0) return;
        h.Append("<h3>ElastiCache Serverless</h3><table class=\"serverless\">");
        HeadRow(h, "Engine", ">Data with growth", ">Billed GB per hour", ">Storage per month", ">Requests per month", ">Total per month", "Price source");
        h.Append("<tbody>");
        for (int i = 0; i < r.Plan.Serverless.Count; i++)
        {
            var s = r.Plan.Serverless[i];
            h.Append(RowOpen(r, s.Engine));
            Cell(h, s.Engine.Name());
            Cell(h, ReportFormat.Size(s.DataBytes), "num");
            Cell(h, s.BilledGb.ToString("0.####", CultureInfo.InvariantCulture) + $" (min {s.MinimumGb.ToString("0.##", CultureInfo.InvariantCulture)})", "num");
            Cell(h, ReportFormat.Usd(s.StorageUsdPerMonth), "num");
            Cell(h, s.RequestUsdPerMonth is { } req ? ReportFormat.Usd(req) : "not estimated (no --rps)", "num");
            NumCell(h, $"serverless[{i}].usd_per_month", Inv(s.UsdPerMonth), ReportFormat.Usd(s.UsdPerMonth));
            Cell(h, $"{s.PriceSource}, as of {s.PriceAsOf}");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>\n");
    }

    private static void ReadinessSection(Context r)
    {
        var h = r.Html;
        var rd = r.Plan.Readiness;
        h.Append("<section id=\"readiness\"><h2>Migration readiness</h2>\n<p>")
            .Append(E($"Checked against {rd.Target.Name()} with cluster mode {(rd.ClusterMode ? "enabled" : "disabled")}.")).Append("</p>");
        h.Append("<h3>Blockers</h3>");
        Findings(h, rd.Blockers, "No blocker found in the snapshot.", "blocker");
        h.Append("<h3>Warnings</h3>");
        Findings(h, rd.Warnings, "No warning.", "warning");
        h.Append("<h3>Checklist</h3><p>Prerequisites a snapshot cannot show; tick each once confirmed.</p><table class=\"checklist\">");
        HeadRow(h, "Done", "Side", "Check", "Documented in");
        h.Append("<tbody>");
        foreach (var c in rd.Checklist)
        {
            h.Append("<tr data-id=\"").Append(E(c.Id)).Append("\"><td><span class=\"box\"></span></td>");
            Cell(h, c.Side);
            Cell(h, c.Text);
            Cell(h, c.Source);
            h.Append("</tr>");
        }
        h.Append("</tbody></table></section>\n");
    }

    private static void Findings(System.Text.StringBuilder h, IReadOnlyList<ReadinessFinding> list, string none, string cls)
    {
        if (list.Count == 0)
        {
            h.Append("<p>").Append(E(none)).Append("</p>");
            return;
        }
        h.Append("<ul class=\"findings ").Append(cls).Append("\">");
        foreach (var f in list) h.Append("<li><span class=\"code\">").Append(E(f.Code)).Append("</span> ").Append(E(f.Message)).Append("</li>");
        h.Append("</ul>");
    }

    private static void SignOffSection(Context r)
    {
        var h = r.Html;
        h.Append("<section id=\"signoff\"><h2>Sign-off</h2><p>")
            .Append(E($"Decision on moving {r.Summary.Files.Count} snapshot file(s) from {r.Source.Name()} to {r.Target.Name()} as recommended above: "))
            .Append("<span class=\"box\"></span> approved &#160; <span class=\"box\"></span> approved with changes &#160; <span class=\"box\"></span> rejected</p>");
        h.Append("<table class=\"signoff\">");
        HeadRow(h, "Role", "Name", "Signature", "Date");
        h.Append("<tbody>");
        foreach (var role in new[] { "Prepared by", "Reviewed by", "Approved by" })
        {
            h.Append("<tr><th>").Append(role).Append("</th><td></td><td></td><td></td></tr>");
        }
        h.Append("</tbody></table><p>Notes:</p><table class=\"signoff\"><tbody><tr><td></td></tr><tr><td></td></tr></tbody></table></section>\n");
    }

    private static string RowOpen(Context r, EngineModel model) =>
        model == r.Target ? "<tr class=\"target\">" : model == r.Source ? "<tr class=\"source\">" : "<tr>";

    private static string Role(Context r, EngineModel model) =>
        model == r.Source && model == r.Target ? " (source, target)" : model == r.Source ? " (source)" : model == r.Target ? " (target)" : "";
}
