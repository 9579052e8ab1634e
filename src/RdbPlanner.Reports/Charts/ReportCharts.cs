using System.Globalization;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.Planning;
using ScottPlot;

namespace RdbPlanner.Reports;

/// <summary>One chart as written to DIR/charts/: NAME.png and NAME.svg, plus the SVG text for inlining.</summary>
public sealed record ChartFile(string Name, string Title, string Caption, string PngPath, string SvgPath, string Svg);

/// <summary>
/// The six report charts, rendered with ScottPlot at 1200×700 as PNG and SVG. Every chart has a title, axis labels
/// with units and a legend where there is more than one series; byte axes pick GiB/MiB/KiB by size
/// (<see cref="ChartUnits"/>). Chart text from the file (prefixes) is cut to 40 characters; ScottPlot escapes it in SVG.
/// </summary>
public static partial class ReportCharts
{
    public const int Width = 1200;
    public const int Height = 700;

    public const string MemoryByEngine = "memory-by-engine";
    public const string MemoryByType = "memory-by-type";
    public const string TopPrefixes = "top-prefixes";
    public const string MonthlyCost = "monthly-cost";
    public const string ShardMemory = "shard-memory";
    public const string TtlHistogram = "ttl-histogram";

    public static readonly IReadOnlyList<string> Names = [MemoryByEngine, MemoryByType, TopPrefixes, MonthlyCost, ShardMemory, TtlHistogram];

    private static readonly Color s_source = Color.FromHex("#D55E00");   // vermillion (Okabe–Ito, colour-blind safe)
    private static readonly Color s_target = Color.FromHex("#0072B2");   // blue
    private static readonly Color s_other = Color.FromHex("#999999");
    // One Okabe–Ito colour per model, in EngineModel order: orange, vermillion, sky blue, blue, bluish green.
    private static readonly Color[] s_engineColors = [Color.FromHex("#E69F00"), Color.FromHex("#D55E00"), Color.FromHex("#56B4E9"), Color.FromHex("#0072B2"), Color.FromHex("#009E73")];

    /// <summary>Renders every chart into <paramref name="chartsDir"/> (created if missing), in <see cref="Names"/> order.</summary>
    public static IReadOnlyList<ChartFile> WriteAll(DatasetSummary summary, PlanResult plan, string chartsDir)
    {
        Directory.CreateDirectory(chartsDir);
        var charts = new List<ChartFile>();
        foreach (var (name, title, caption, plot) in Build(summary, plan))
        {
            using (plot)
            {
                string png = Path.Combine(chartsDir, name + ".png");
                string svgPath = Path.Combine(chartsDir, name + ".svg");
                plot.SavePng(png, Width, Height);
                string svg = HtmlText.NormalizeSvgIds(plot.GetSvgXml(Width, Height), name);
                File.WriteAllText(svgPath, svg);
                charts.Add(new ChartFile(name, title, caption, png, svgPath, svg));
            }
        }
        return charts;
    }

    internal static IEnumerable<(string Name, string Title, string Caption, Plot Plot)> Build(DatasetSummary summary, PlanResult plan)
    {
        yield return EngineChart(summary, plan);
        yield return TypeChart(summary, plan);
        yield return PrefixChart(summary);
        yield return CostChart(plan);
        yield return ShardChart(plan);
        yield return TtlChart(summary);
    }

    private static (string, string, string, Plot) EngineChart(DatasetSummary summary, PlanResult plan)
    {
        var estimates = summary.Estimates.OrderBy(e => e.Model).ToList();
        var units = ChartUnits.For(estimates.Count == 0 ? 0 : estimates.Max(e => Math.Max(e.StandaloneBytes, e.ClusterBytes)));
        var plot = NewPlot();
        var standalone = new List<Bar>();
        var cluster = new List<Bar>();
        var ticks = new List<(double, string)>();
        for (int i = 0; i < estimates.Count; i++)
        {
            var e = estimates[i];
            double x = i * 3;
            standalone.Add(ValueBar(x, units.Of(e.StandaloneBytes), units.Label(e.StandaloneBytes), Lighten(EngineColor(e.Model, plan), 0.45)));
            cluster.Add(ValueBar(x + 1, units.Of(e.ClusterBytes), units.Label(e.ClusterBytes), EngineColor(e.Model, plan)));
            ticks.Add((x + 0.5, e.Model.Name() + Role(e.Model, plan)));
        }
        AddBars(plot, standalone);
        AddBars(plot, cluster);
        SetTicks(plot.Axes.Bottom, ticks);
        Legend(plot, Alignment.UpperRight,
            ("standalone (cluster mode disabled)", Color.FromHex("#BBBBBB")),
            ("cluster mode enabled", Color.FromHex("#555555")),
            ($"source: {plan.Options.SourceEngine.Name()}", s_source),
            ($"target: {plan.Options.TargetEngine.Name()}", s_target));
        Labels(plot, "Estimated memory by engine and mode", "Engine (memory model)", $"used_memory after load ({units.Name})");
        // Room above the tallest bar and its label for the four-line legend, which spans the last engines' bars.
        plot.Axes.Margins(bottom: 0, top: 0.4);
        return (MemoryByEngine, "Memory by engine and mode",
            "Predicted used_memory growth of an empty server after loading the snapshot, per engine model, without and with cluster mode.", plot);
    }

    private static (string, string, string, Plot) TypeChart(DatasetSummary summary, PlanResult plan)
    {
        var estimates = summary.Estimates.OrderBy(e => e.Model).ToList();
        var source = estimates.FirstOrDefault(e => e.Model == plan.Options.SourceEngine) ?? estimates.FirstOrDefault();
        var types = estimates.SelectMany(e => e.ByTypeEncoding.Keys).Distinct()
            .OrderByDescending(t => source is null ? 0 : TypeBytes(source, t)).ThenBy(t => t, StringComparer.Ordinal).ToList();
        long max = estimates.Count == 0 || types.Count == 0 ? 0 : estimates.Max(e => types.Max(t => TypeBytes(e, t)));
        var units = ChartUnits.For(max);
        var plot = NewPlot();
        int groupWidth = estimates.Count + 1;
        var legend = new List<(string, Color)>();
        for (int m = 0; m < estimates.Count; m++)
        {
            var e = estimates[m];
            var color = s_engineColors[(int)e.Model % s_engineColors.Length];
            var bars = types.Select((t, ti) => new Bar
            {
                Position = (ti * groupWidth) + m,
                Value = units.Of(TypeBytes(e, t)),
                FillColor = color,
                LineWidth = 0,
            }).ToList();
            AddBars(plot, bars);
            legend.Add((e.Model.Name() + Role(e.Model, plan), color));
        }
        SetTicks(plot.Axes.Bottom, types.Select((t, ti) => ((ti * groupWidth) + ((estimates.Count - 1) / 2.0), t)));
        Legend(plot, Alignment.UpperRight, [.. legend]);
        string xLabel = types.Contains("keyspace") ? "Data type (\"keyspace\": the main and expires tables)" : "Data type";
        Labels(plot, "Memory by data type per engine (standalone)", xLabel, $"Memory ({units.Name})");
        plot.Axes.Margins(bottom: 0, top: 0.1);
        return (MemoryByType, "Memory by type per engine",
            "Standalone-mode bytes per data type for each engine model; bars of one type side by side compare the engines.", plot);
    }

    private static (string, string, string, Plot) PrefixChart(DatasetSummary summary)
    {
        var top = summary.Prefixes.OrderByDescending(p => p.Bytes).ThenBy(p => p.Prefix, StringComparer.Ordinal).Take(15).ToList();
        var units = ChartUnits.For(top.Count == 0 ? 0 : top.Max(p => p.Bytes));
        var plot = NewPlot();
        var bars = new List<Bar>();
        var ticks = new List<(double, string)>();
        for (int i = 0; i < top.Count; i++)
        {
            var p = top[i];
            double y = top.Count - 1 - i;   // biggest on top
            bars.Add(ValueBar(y, units.Of(p.Bytes), $"{units.Label(p.Bytes)} · {ReportFormat.Int(p.Keys)} {(p.Keys == 1 ? "key" : "keys")}", s_engineColors[p.Depth % s_engineColors.Length]));
            ticks.Add((y, Shorten(p.Prefix, 40)));
        }
        var barPlot = AddBars(plot, bars);
        barPlot.Horizontal = true;
        SetTicks(plot.Axes.Left, ticks);
        Legend(plot, Alignment.LowerRight, [.. top.Select(p => p.Depth).Distinct().Order().Select(d => ($"depth {d}", s_engineColors[d % s_engineColors.Length]))]);
        Labels(plot, $"Top {top.Count} key prefixes by memory", $"Memory ({units.Name}, analysed model)", "Key prefix");
        plot.Axes.Margins(left: 0, right: 0.25);
        if (top.Count == 0) NoData(plot, "no prefixes (no keys with the delimiter)");
        return (TopPrefixes, "Top prefixes",
            $"Biggest key prefixes by bytes; {ReportFormat.PrefixCountBound(summary.PrefixCountErrorBound)} (heavy-hitter sketch).", plot);
    }

    private static (string, string, string, Plot) CostChart(PlanResult plan)
    {
        var rows = new List<(NodeCandidate Candidate, bool Recommended)>();
        rows.AddRange(CostRows(plan, plan.Options.SourceEngine, plan.Source));
        rows.AddRange(CostRows(plan, plan.Options.TargetEngine, plan.Target));
        var plot = NewPlot();
        var bars = new List<Bar>();
        var ticks = new List<(double, string)>();
        for (int i = 0; i < rows.Count; i++)
        {
            var (c, recommended) = rows[i];
            double y = rows.Count - 1 - i;
            var color = c.Engine == plan.Options.TargetEngine ? s_target : s_source;
            bars.Add(ValueBar(y, (double)c.UsdPerMonth, ReportFormat.Usd(c.UsdPerMonth) + (recommended ? " (recommended)" : ""), recommended ? color : Lighten(color, 0.45)));
            ticks.Add((y, $"{c.Engine.Name()} · {c.NodeType} · {c.Shards} × {1 + c.Replicas} nodes"));
        }
        var barPlot = AddBars(plot, bars);
        barPlot.Horizontal = true;
        SetTicks(plot.Axes.Left, ticks);
        Legend(plot, Alignment.LowerRight,
            ($"source {plan.Options.SourceEngine.Name()}", s_source),
            ($"target {plan.Options.TargetEngine.Name()}", s_target));
        string pricing = plan.Options.PricingModel;
        Labels(plot, $"Monthly cost of candidate configurations ({plan.Options.Region}, {pricing})", "Cost (USD/month, 730 h)", "Configuration (node type · shards × nodes per shard)");
        plot.Axes.Margins(left: 0, right: 0.3);
        if (rows.Count == 0) NoData(plot, "no configuration fits or has a price");
        return (MonthlyCost, "Monthly cost, source vs target",
            "Recommended configuration and the cheapest fitting one of each other node family, for the source and the target engine.", plot);
    }

    private static IEnumerable<(NodeCandidate, bool)> CostRows(PlanResult plan, EngineModel engine, EngineRecommendation? rec)
    {
        if (rec is not null)
        {
            yield return (rec.Recommended, true);
            foreach (var a in rec.Alternatives.Take(5)) yield return (a, false);
            yield break;
        }
        foreach (var c in plan.Candidates.Where(c => c.Engine == engine).OrderBy(c => c.UsdPerMonth).Take(6)) yield return (c, false);
    }

    private static (string, string, string, Plot) ShardChart(PlanResult plan)
    {
        var rec = plan.Target ?? plan.Source;
        var plot = NewPlot();
        if (rec is null || rec.ShardLayout.Count == 0)
        {
            Labels(plot, "Slot memory across the recommended shards", "Shard", "Memory");
            NoData(plot, "no recommended configuration");
            return (ShardMemory, "Slot memory per shard", "No configuration fits, so there is no shard layout.", plot);
        }
        var layout = rec.ShardLayout;
        var node = rec.Recommended;
        long maxNeeded = layout.Max(s => Math.Max(s.NeededBytes, s.DataBytes));
        // A capacity line far above tiny shards would flatten them to nothing: then the axis fits the shards and the
        // legend states the capacity as off the scale.
        bool capacityOnScale = maxNeeded >= node.UsableBytesPerNode / 5;
        var units = ChartUnits.For(capacityOnScale ? Math.Max(maxNeeded, node.UsableBytesPerNode) : maxNeeded);
        var data = new List<Bar>();
        var headroom = new List<Bar>();
        var ticks = new List<(double, string)>();
        var headroomLabel = new List<string>();
        int every = Math.Max(1, (int)Math.Ceiling(layout.Count / 16.0));
        foreach (var s in layout)
        {
            double x = s.Shard;
            data.Add(new Bar { Position = x, Value = units.Of(s.DataBytes), FillColor = EngineColor(rec.Engine, plan), LineWidth = 0 });
            if (layout.Count <= 16) headroomLabel.Add(units.Label(s.NeededBytes));
            headroom.Add(new Bar { Position = x, ValueBase = units.Of(s.DataBytes), Value = units.Of(Math.Max(s.NeededBytes, s.DataBytes)), FillColor = Lighten(EngineColor(rec.Engine, plan), 0.55), LineWidth = 0 });
            if (s.Shard % every == 0 || layout.Count <= 16) ticks.Add((x, $"{s.Shard}\n{s.FirstSlot}-{s.LastSlot}"));
        }
        AddBars(plot, data);
        for (int i = 0; i < headroomLabel.Count; i++) headroom[i].Label = "needs " + headroomLabel[i];
        AddBars(plot, headroom);
        if (capacityOnScale) plot.Add.HorizontalLine(units.Of(node.UsableBytesPerNode), 2, Color.FromHex("#CC0000"), LinePattern.Dashed);
        SetTicks(plot.Axes.Bottom, ticks);
        Legend(plot, Alignment.UpperRight,
            ("slot data (model bytes)", EngineColor(rec.Engine, plan)),
            ("growth + empty instance", Lighten(EngineColor(rec.Engine, plan), 0.55)),
            ($"usable per node ({ChartUnits.For(node.UsableBytesPerNode).Label(node.UsableBytesPerNode)}{(capacityOnScale ? "" : ", off the scale")})", Color.FromHex("#CC0000")));
        Labels(plot, $"Slot memory across the {layout.Count} recommended shard(s): {rec.Engine.Name()} on {node.NodeType}",
            "Shard (first-last slot)", $"Memory per shard ({units.Name})");
        plot.Axes.Margins(bottom: 0, top: 0.2);
        return (ShardMemory, "Slot memory per shard",
            $"Bytes of the slots each shard holds (cluster-mode model), what the node needs with growth, and the usable memory per node; peak/mean {rec.Balance.PeakToMean.ToString("0.00", CultureInfo.InvariantCulture)}.", plot);
    }

    private static (string, string, string, Plot) TtlChart(DatasetSummary summary)
    {
        var ttl = summary.Ttl;
        string[] names = ["no TTL", "expired at snapshot", "< 1 h", "1 h – 1 d", "1 d – 7 d", "7 d – 30 d", "≥ 30 d"];
        var plot = NewPlot();
        var bars = new List<Bar>();
        long total = ttl.Keys.Sum();
        for (int i = 0; i < ttl.Keys.Length; i++)
        {
            double share = total == 0 ? 0 : (double)ttl.Keys[i] / total;
            var color = i == 0 ? s_other : i == 1 ? s_source : s_target;
            bars.Add(ValueBar(i, ttl.Keys[i], $"{ReportFormat.Int(ttl.Keys[i])} ({ReportFormat.Percent(share)})", color));
        }
        AddBars(plot, bars);
        SetTicks(plot.Axes.Bottom, names.Select((n, i) => ((double)i, n)));
        Legend(plot, Alignment.UpperRight, ("no TTL", s_other), ("already expired", s_source), ("expires later", s_target));
        Labels(plot, "Keys by time to live at snapshot time", "Time to live (from the snapshot's creation time)", "Keys (count)");
        plot.Axes.Margins(bottom: 0, top: 0.15);
        return (TtlHistogram, "TTL histogram",
            "Keys by remaining time to live when the snapshot was written; expired keys are dropped when a primary loads the file.", plot);
    }

    private static long TypeBytes(ModelEstimate e, string type) =>
        e.ByTypeEncoding.TryGetValue(type, out var encodings) ? encodings.Values.Sum(v => v.Bytes) : 0;

    private static string Role(EngineModel model, PlanResult plan) =>
        model == plan.Options.SourceEngine && model == plan.Options.TargetEngine ? " (source, target)"
        : model == plan.Options.SourceEngine ? " (source)"
        : model == plan.Options.TargetEngine ? " (target)"
        : "";

    private static Color EngineColor(EngineModel model, PlanResult plan) =>
        model == plan.Options.TargetEngine ? s_target : model == plan.Options.SourceEngine ? s_source : s_other;

    private static Color Lighten(Color c, double amount) => c.MixedWith(Colors.White, amount);
}
