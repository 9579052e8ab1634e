using System.Globalization;
using CsvHelper;
using RdbPlanner.Memory;
using RdbPlanner.Planning;

namespace RdbPlanner.Reports;

/// <summary>
/// The plan as CSV for finance: nodes.csv (one row per fitting candidate) and savings.csv (source vs target).
/// Invariant culture, a header row, one unit per column named in its header (gib = 2^30 bytes, usd, percent);
/// utilization is a fraction of usable memory. Every row that uses a price carries its source and as-of date.
/// </summary>
public static class PlanCsvWriter
{
    public const string NodesFile = "nodes.csv";
    public const string SavingsFile = "savings.csv";

    public static readonly IReadOnlyList<string> NodesColumns =
        ["engine", "node_type", "shards", "replicas", "nodes", "usable_gib_per_node", "peak_shard_gib", "utilization",
         "usd_per_hour", "usd_per_month", "usd_per_year", "price_source", "price_as_of", "pricing_model"];

    public static readonly IReadOnlyList<string> SavingsColumns =
        ["comparison", "source_engine", "source_configuration", "target_engine", "target_configuration",
         "source_usd_per_month", "target_usd_per_month", "saved_usd_per_month",
         "source_usd_per_year", "target_usd_per_year", "saved_usd_per_year", "saved_percent",
         "pricing_model", "source_price_source", "source_price_as_of", "target_price_source", "target_price_as_of"];

    /// <summary>RFC 4180 quoting, invariant culture, LF line ends (as the other report CSVs).</summary>
    private static readonly CsvWriterOptions s_options = CsvWriterOptions.Default with { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture };

    public static void WriteNodes(PlanResult plan, TextWriter writer)
    {
        using var csv = CsvWriter.Create(writer, s_options, leaveOpen: true);
        WriteHeader(csv, NodesColumns);
        foreach (var c in plan.Candidates)
        {
            csv.WriteField(c.Engine.Name());
            csv.WriteField(c.NodeType);
            csv.WriteField(c.Shards, default);
            csv.WriteField(c.Replicas, default);
            csv.WriteField(c.Nodes, default);
            csv.WriteField(Gib(c.UsableBytesPerNode), default);
            csv.WriteField(Gib(c.PeakShardBytes), default);
            csv.WriteField(c.Utilization, default);
            csv.WriteField(c.UsdPerHour, default);
            csv.WriteField(c.UsdPerMonth, default);
            csv.WriteField(c.UsdPerYear, default);
            csv.WriteField(c.PriceSource);
            csv.WriteField(c.PriceAsOf);
            // Last, after the columns pipelines already read by position: says which price column usd_per_hour came from.
            csv.WriteField(c.PricingModel);
            csv.EndRecord();
        }
    }

    /// <summary>Rows: "node-based" (the two recommended configurations) and "serverless" when both engines have an estimate.</summary>
    public static void WriteSavings(PlanResult plan, TextWriter writer)
    {
        using var csv = CsvWriter.Create(writer, s_options, leaveOpen: true);
        WriteHeader(csv, SavingsColumns);
        if (plan.Savings is { } s && plan.Source is { } src && plan.Target is { } tgt)
        {
            WriteSavingsRow(csv, "node-based", s.SourceEngine, Describe(src.Recommended), s.TargetEngine, Describe(tgt.Recommended),
                s.SourceUsdPerMonth, s.TargetUsdPerMonth, s.SourceUsdPerYear, s.TargetUsdPerYear, s.PricingModel,
                s.SourcePriceSource, s.SourcePriceAsOf, s.TargetPriceSource, s.TargetPriceAsOf);
        }
        var sourceServerless = plan.Serverless.FirstOrDefault(x => x.Engine == plan.Options.SourceEngine);
        var targetServerless = plan.Serverless.FirstOrDefault(x => x.Engine == plan.Options.TargetEngine);
        if (sourceServerless is not null && targetServerless is not null)
        {
            WriteSavingsRow(csv, "serverless", sourceServerless.Engine, Describe(sourceServerless), targetServerless.Engine, Describe(targetServerless),
                sourceServerless.UsdPerMonth, targetServerless.UsdPerMonth, sourceServerless.UsdPerYear, targetServerless.UsdPerYear, "serverless",
                sourceServerless.PriceSource, sourceServerless.PriceAsOf, targetServerless.PriceSource, targetServerless.PriceAsOf);
        }
    }

    public static void WriteNodes(PlanResult plan, string path) => WriteFile(path, w => WriteNodes(plan, w));

    public static void WriteSavings(PlanResult plan, string path) => WriteFile(path, w => WriteSavings(plan, w));

    /// <summary>"2 shards x 2 nodes of cache.r7g.large, cluster mode enabled".</summary>
    public static string Describe(NodeCandidate c) => string.Format(CultureInfo.InvariantCulture,
        "{0} shard{1} x {2} node{3} of {4}, cluster mode {5}{6}",
        c.Shards, c.Shards == 1 ? "" : "s", 1 + c.Replicas, c.Replicas == 0 ? "" : "s", c.NodeType,
        c.ClusterModeEnabled ? "enabled" : "disabled", c.DataTiering ? ", data tiering" : "");

    public static string Describe(ServerlessEstimate s) => string.Format(CultureInfo.InvariantCulture,
        "serverless, {0} GB billed{1}", s.BilledGb, s.RequestsPerSecond is { } rps ? $", {rps} requests/s" : ", storage only");

    private static void WriteSavingsRow(CsvWriter csv, string comparison, EngineModel source, string sourceConfig, EngineModel target, string targetConfig,
        decimal sourceMonth, decimal targetMonth, decimal sourceYear, decimal targetYear, string pricingModel,
        string sourcePriceSource, string sourceAsOf, string targetPriceSource, string targetAsOf)
    {
        decimal saved = sourceMonth - targetMonth;
        csv.WriteField(comparison);
        csv.WriteField(source.Name());
        csv.WriteField(sourceConfig);
        csv.WriteField(target.Name());
        csv.WriteField(targetConfig);
        csv.WriteField(sourceMonth, default);
        csv.WriteField(targetMonth, default);
        csv.WriteField(saved, default);
        csv.WriteField(sourceYear, default);
        csv.WriteField(targetYear, default);
        csv.WriteField(sourceYear - targetYear, default);
        csv.WriteField(sourceMonth == 0 ? 0m : Math.Round(saved / sourceMonth * 100m, 2, MidpointRounding.AwayFromZero), default);
        csv.WriteField(pricingModel);
        csv.WriteField(sourcePriceSource);
        csv.WriteField(sourceAsOf);
        csv.WriteField(targetPriceSource);
        csv.WriteField(targetAsOf);
        csv.EndRecord();
    }

    private static void WriteHeader(CsvWriter csv, IReadOnlyList<string> columns)
    {
        foreach (var column in columns) csv.WriteField(column);
        csv.EndRecord();
    }

    /// <summary>GiB with 3 decimals (about 1 MiB resolution).</summary>
    private static decimal Gib(long bytes) => Math.Round(bytes / NodeCatalog.BytesPerGib, 3, MidpointRounding.AwayFromZero);

    private static void WriteFile(string path, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        write(writer);
    }
}
