using System.CommandLine;
using System.Globalization;
using RdbPlanner.Planning;

namespace RdbPlanner.Cli;

/// <summary>The options of `plan` (and the target/cluster options `check` shares) mapped onto <see cref="PlanOptions"/>.</summary>
internal static class PlanOptionsBinder
{
    public static readonly Option<string> TargetEngine = new("--target-engine") { Description = "engine to move to: valkey-8.1, valkey-9.1 or valkey-8.0 (any model name is accepted)", DefaultValueFactory = _ => "valkey-8.1" };
    public static readonly Option<string> Region = new("--region") { Description = "AWS region for prices", DefaultValueFactory = _ => "us-east-1" };
    public static readonly Option<int> Replicas = new("--replicas") { Description = "read replicas per shard, 0-5", DefaultValueFactory = _ => 1 };
    public static readonly Option<double> ReservedMemoryPercent = new("--reserved-memory-percent") { Description = "ElastiCache reserved-memory-percent", DefaultValueFactory = _ => 25 };
    public static readonly Option<double> Growth = new("--growth") { Description = "headroom for data growth as a fraction (0.2 = 20%)", DefaultValueFactory = _ => 0.2 };
    public static readonly Option<string> ClusterMode = new("--cluster-mode") { Description = "auto, enabled or disabled", DefaultValueFactory = _ => "auto" };
    public static readonly Option<string?> NodeFamily = new("--node-family") { Description = "comma-separated node families or types, e.g. r7g,m7g or cache.r7g.large" };
    public static readonly Option<int> MaxShards = new("--max-shards") { Description = "most shards to consider (ElastiCache allows up to 500)", DefaultValueFactory = _ => PlanOptions.ShardLimit };
    public static readonly Option<bool> DataTiering = new("--data-tiering") { Description = "also consider data-tiering nodes (r6gd)" };
    public static readonly Option<double?> RequestsPerSecond = new("--requests-per-second") { Description = "average requests/s, adds the request part of the serverless estimate" };
    public static readonly Option<string?> Catalog = new("--catalog") { Description = "directory with your own catalog files (same format as the built-in copy)" };
    public static readonly Option<string> Pricing = new("--pricing") { Description = "pricing model column of the catalog (on-demand, or reserved terms it offers)", DefaultValueFactory = _ => "on-demand" };

    public static void AddTo(Command command, bool all)
    {
        command.Add(TargetEngine);
        command.Add(ClusterMode);
        if (!all) return;
        command.Add(Region);
        command.Add(Replicas);
        command.Add(ReservedMemoryPercent);
        command.Add(Growth);
        command.Add(NodeFamily);
        command.Add(MaxShards);
        command.Add(DataTiering);
        command.Add(RequestsPerSecond);
        command.Add(Catalog);
        command.Add(Pricing);
    }

    public static ClusterModeOption ParseClusterMode(ParseResult result) => result.GetValue(ClusterMode)!.ToLowerInvariant() switch
    {
        "auto" => ClusterModeOption.Auto,
        "enabled" => ClusterModeOption.Enabled,
        "disabled" => ClusterModeOption.Disabled,
        var other => throw new UsageException($"--cluster-mode: unknown '{other}' (known: auto, enabled, disabled)"),
    };

    public static PlanOptions Bind(ParseResult result)
    {
        var families = result.GetValue(NodeFamily);
        return PlanOptions.Default with
        {
            SourceEngine = CommonOptions.ParseModel("--source-engine", result.GetValue(CommonOptions.SourceEngine)!),
            TargetEngine = CommonOptions.ParseModel("--target-engine", result.GetValue(TargetEngine)!),
            Region = result.GetValue(Region)!,
            Replicas = result.GetValue(Replicas),
            ReservedMemoryPercent = result.GetValue(ReservedMemoryPercent),
            Growth = result.GetValue(Growth),
            ClusterMode = ParseClusterMode(result),
            NodeFamilies = families is null
                ? PlanOptions.DefaultNodeFamilies
                : families.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            MaxShards = result.GetValue(MaxShards),
            DataTiering = result.GetValue(DataTiering),
            RequestsPerSecond = result.GetValue(RequestsPerSecond),
            CatalogDir = result.GetValue(Catalog),
            PricingModel = result.GetValue(Pricing)!,
        };
    }

    public static string Describe(double value) => value.ToString(CultureInfo.InvariantCulture);
}
