using System.Globalization;
using CsvHelper;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.Planning;

namespace RdbPlanner.Reports.Tests;

public sealed class PlanCsvWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rdbplanner-plan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>1 GB of data, r7g only, cluster mode disabled: r7g.large × 2 nodes for both engines.</summary>
    private static PlanResult SmallPlan(double? requestsPerSecond = null) => CapacityPlanner.Plan(
        PlanSummaries.Uniform(1_000_000_000, "REDIS", 11),
        PlanOptions.Default with { NodeFamilies = ["r7g"], ClusterMode = ClusterModeOption.Disabled, RequestsPerSecond = requestsPerSecond },
        NodeCatalog.Load());

    private static List<string[]> Read(string path, out IReadOnlyList<string> headers)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default);
        var rows = new List<string[]>();
        headers = [];
        while (csv.Read())
        {
            headers = csv.Headers;
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        }
        return rows;
    }

    private static decimal Dec(string s) => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture);

    [Fact]
    public void WriteAll_WritesPlanJsonNodesAndSavings()
    {
        var plan = SmallPlan();
        var files = PlanOutput.WriteAll(plan, Path.Combine(_dir, "out"));
        Assert.Equal(["plan.json", "nodes.csv", "savings.csv"], files.Select(Path.GetFileName));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 0));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(files[0]));
        Assert.Equal("cache.r7g.large", json.RootElement.GetProperty("target").GetProperty("recommended").GetProperty("nodeType").GetString());
    }

    [Fact]
    public void Nodes_ReadBack_OneRowPerCandidate_WithExactHeader()
    {
        var plan = SmallPlan();
        PlanOutput.WriteAll(plan, _dir);
        var rows = Read(Path.Combine(_dir, PlanCsvWriter.NodesFile), out var header);
        Assert.Equal("engine,node_type,shards,replicas,nodes,usable_gib_per_node,peak_shard_gib,utilization,usd_per_hour,usd_per_month,usd_per_year,price_source,price_as_of,pricing_model",
            string.Join(',', header));
        Assert.Equal(plan.Candidates.Count, rows.Count);
        Assert.Equal(14, rows.Count);   // 7 r7g sizes for each engine

        var large = rows.Single(r => r[0] == "redis-7.2" && r[1] == "cache.r7g.large");
        Assert.Equal(["1", "1", "2"], large[2..5]);
        Assert.Equal(9.805m, Dec(large[5]));            // 10_527_885_772 B / 2^30
        Assert.Equal(0.438m, Dec(large[8]));             // 2 × $0.219
        Assert.Equal("319.74", large[9]);              // no trailing zeros from the operands' scale
        Assert.Equal(3836.88m, Dec(large[10]));
        Assert.StartsWith("github:DefangLabs/pulumi-defang", large[11], StringComparison.Ordinal);   // source with commas/semicolons survives quoting
        Assert.Equal(plan.Candidates.First(c => c.NodeType == "cache.r7g.large").PriceSource, large[11]);
        Assert.Contains("2026-03-20", large[12], StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal("on-demand", r[13]));

        var valkey = rows.Single(r => r[0] == "valkey-8.1" && r[1] == "cache.r7g.large");
        Assert.Equal(Dec(large[9]) * 0.8m, Dec(valkey[9]));
        Assert.All(rows, r => Assert.InRange(double.Parse(r[7], CultureInfo.InvariantCulture), 0, 1));
    }

    [Fact]
    public void Savings_ReadBack_NodeBasedAndServerlessRows()
    {
        var plan = SmallPlan(requestsPerSecond: 1000);
        PlanOutput.WriteAll(plan, _dir);
        var rows = Read(Path.Combine(_dir, PlanCsvWriter.SavingsFile), out var header);
        Assert.Equal(PlanCsvWriter.SavingsColumns, header);
        Assert.All(header.Skip(5).Take(7), h => Assert.True(h.EndsWith("_usd_per_month", StringComparison.Ordinal)
            || h.EndsWith("_usd_per_year", StringComparison.Ordinal) || h == "saved_percent", h));
        Assert.Equal(2, rows.Count);

        var node = rows[0];
        Assert.Equal("node-based", node[0]);
        Assert.Equal("redis-7.2", node[1]);
        Assert.Equal("1 shard x 2 nodes of cache.r7g.large, cluster mode disabled", node[2]);
        Assert.Equal("valkey-8.1", node[3]);
        Assert.Equal(319.74m, Dec(node[5]));
        Assert.Equal(255.792m, Dec(node[6]));
        Assert.Equal(63.948m, Dec(node[7]));
        Assert.Equal(3836.88m, Dec(node[8]));
        Assert.Equal(3069.504m, Dec(node[9]));
        Assert.Equal(767.376m, Dec(node[10]));
        Assert.Equal(20m, Dec(node[11]));
        Assert.Equal("on-demand", node[12]);
        Assert.All(node[13..], v => Assert.False(string.IsNullOrEmpty(v)));

        var serverless = rows[1];
        Assert.Equal("serverless", serverless[0]);
        // 1.2 GB data: Redis 1.117587 GB × $0.125 × 730 = $101.98 + 2628 M ECPU × $0.0034 = $8.94.
        Assert.Equal(110.92m, Dec(serverless[5]));
        Assert.Equal(plan.Serverless.Single(s => s.Engine == EngineModel.Valkey81).UsdPerMonth, Dec(serverless[6]));
    }

    [Fact]
    public void Savings_WithoutRecommendation_IsHeaderOnly()
    {
        var plan = CapacityPlanner.Plan(
            PlanSummaries.Uniform(1_000_000_000, "REDIS", 11),
            PlanOptions.Default with { NodeFamilies = ["cache.r7g.large"], Region = "eu-west-1", PricingModel = NodeCatalog.OnDemand, MaxShards = 1, Growth = 100 },
            NodeCatalog.Load());
        Assert.Null(plan.Savings);
        var writer = new StringWriter();
        PlanCsvWriter.WriteSavings(plan, writer);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);   // header + serverless row (eu-west-1 has both serverless prices)
        Assert.StartsWith("serverless,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryText_NamesConfigurationsCostSavingsAndBlockers()
    {
        var plan = CapacityPlanner.Plan(PlanSummaries.Uniform(1_000_000_000, "REDIS", 12),
            PlanOptions.Default with { NodeFamilies = ["r7g"], ClusterMode = ClusterModeOption.Disabled }, NodeCatalog.Load());
        var text = new StringWriter();
        PlanSummaryText.Write(plan, text);
        string s = text.ToString();
        Assert.Contains("source redis-7.2: 1 shard x 2 nodes of cache.r7g.large, cluster mode disabled", s, StringComparison.Ordinal);
        Assert.Contains("$319.74 per month", s, StringComparison.Ordinal);
        Assert.Contains("target valkey-8.1: 1 shard x 2 nodes of cache.r7g.large", s, StringComparison.Ordinal);
        Assert.Contains("savings: $63.95 per month, $767.38 per year (20 % of the source cost)", s, StringComparison.Ordinal);
        Assert.Contains("readiness for valkey-8.1: 1 blocker(s) (rdb-version); 14 checklist item(s) to confirm", s, StringComparison.Ordinal);
    }
}

/// <summary>Hand-built summaries for the plan writers: every model gets the same bytes, spread evenly over the slots.</summary>
internal static class PlanSummaries
{
    public static DatasetSummary Uniform(long bytes, string magic, int version)
    {
        var estimates = EngineModelNames.All.Select(m => new ModelEstimate
        {
            Model = m,
            Description = m.Name() + " test model",
            Assumptions = [],
            StandaloneBytes = bytes,
            ClusterBytes = bytes,
            EmptyStandaloneBytes = 0,
            EmptyClusterBytes = 0,
            SlotBytes = Enumerable.Repeat(bytes / 16384, 16384).ToArray(),
            ClusterFixedBytes = 0,
            ByTypeEncoding = new Dictionary<string, IReadOnlyDictionary<string, EncodingStat>>(),
            LargestKeyBytes = 0,
        }).ToList();
        return new DatasetSummary
        {
            Files = [new FileSummary("dump.rdb", 1000, null, magic, version, "ok", null, null, null, false, 10, 0)],
            Keys = 10,
            Databases = new Dictionary<int, long> { [0] = 10 },
            Types = new Dictionary<string, long>(),
            FileEncodings = new Dictionary<string, long>(),
            Estimates = estimates,
            ModelOptions = MemoryModelOptions.Default,
            SlotKeys = new long[16384],
            TopKeys = [],
            Prefixes = [],
            Ttl = new TtlHistogram(),
            Readiness = new ReadinessFacts { MaxRdbVersion = version, Magics = [magic], DatabasesWithKeys = 1 },
        };
    }
}
