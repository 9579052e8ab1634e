using RdbPlanner.Memory;

namespace RdbPlanner.Planning.Tests;

public sealed class NodeCatalogTests
{
    [Fact]
    public void Load_BuiltIn_HasNodeTypesPricesAndServerless()
    {
        var catalog = NodeCatalog.Load();
        Assert.True(catalog.IsBuiltIn);
        Assert.Equal(66, catalog.NodeTypes.Count);
        Assert.Equal(["t4g", "t3", "m5", "m6g", "m7g", "r5", "r6g", "r7g", "r6gd", "c7gn", "r8g"], catalog.Families);
        Assert.Equal([NodeCatalog.OnDemand], catalog.PricingModels);

        var large = catalog.GetNodeType("r7g.large");
        Assert.Equal("cache.r7g.large", large.Name);
        Assert.Equal(14_037_181_030, large.MaxmemoryBytes);
        Assert.Equal(2, large.Vcpu);
        Assert.Contains("0.937 Gbps", large.Network, StringComparison.Ordinal);
        Assert.False(large.DataTiering);

        var tiered = catalog.GetNodeType("cache.r6gd.xlarge");
        Assert.True(tiered.DataTiering);
        Assert.Equal(99.33, tiered.SsdGib);
        Assert.Equal(["valkey"], catalog.GetNodeType("cache.r8g.large").Engines);

        var price = catalog.GetPrice("us-east-1", "redis", "cache.r7g.large");
        Assert.Equal(0.219m, price.UsdPerHour);
        Assert.StartsWith("github:DefangLabs/pulumi-defang", price.Source, StringComparison.Ordinal);
        Assert.Contains("2026-03-20", price.AsOf, StringComparison.Ordinal);

        var serverless = catalog.FindServerlessPrice("us-east-1", "valkey")!;
        Assert.Equal(0.084m, serverless.UsdPerGbHour);
        Assert.Equal(0.1m, serverless.MinimumGb);
        Assert.Equal(1m, catalog.FindServerlessPrice("us-east-1", "redis")!.MinimumGb);
    }

    [Fact]
    public void BuiltInCopy_MatchesSharedCatalog()
    {
        string shared = TestPaths.SharedOrSkip("catalog");
        foreach (var file in Directory.GetFiles(shared))
        {
            string copy = Path.Combine(TestPaths.SourceCatalog, Path.GetFileName(file));
            Assert.True(File.Exists(copy), $"{copy} missing");
            Assert.Equal(File.ReadAllText(file), File.ReadAllText(copy));
        }
    }

    [Fact]
    public void ValkeyToRedisPriceRatio_IsPointEightWhereTheCatalogSaysSo()
    {
        var catalog = NodeCatalog.Load();
        int checkedTypes = 0;
        foreach (var valkey in catalog.Prices.Where(p => p.Region == "us-east-1" && p.Engine == "valkey"))
        {
            var redis = catalog.FindPrice("us-east-1", "redis", valkey.NodeType);
            if (redis is null) continue;   // r8g: Valkey only
            checkedTypes++;
            // Derived rows and the published r7g rows are Redis × 0.8, at the file's 4 decimals.
            Assert.Equal(Math.Round(redis.UsdPerHour * 0.8m, 4), valkey.UsdPerHour);
            if (valkey.NodeType.StartsWith("cache.r7g.", StringComparison.Ordinal)) Assert.Equal(redis.UsdPerHour * 0.8m, valkey.UsdPerHour);
        }
        Assert.Equal(59, checkedTypes);
    }

    [Fact]
    public void UnknownRegion_ListsKnownRegions()
    {
        var summary = new SummaryBuilder().Build();
        var ex = Assert.Throws<PlanningException>(() => CapacityPlanner.Plan(summary, PlanOptions.Default with { Region = "mars-north-1" }, NodeCatalog.Load()));
        Assert.StartsWith("unknown region 'mars-north-1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("us-east-1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("eu-west-1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void UnknownNodeTypeOrFamily_ListsKnownOnes()
    {
        var catalog = NodeCatalog.Load();
        var ex = Assert.Throws<PlanningException>(() => catalog.GetNodeType("cache.r9z.large"));
        Assert.Contains("cache.r7g.large", ex.Message, StringComparison.Ordinal);

        var summary = new SummaryBuilder().Build();
        var family = Assert.Throws<PlanningException>(() => CapacityPlanner.Plan(summary, PlanOptions.Default with { NodeFamilies = ["r7g", "x9"] }, catalog));
        Assert.Equal("unknown node family or type 'x9'; known families: t4g, t3, m5, m6g, m7g, r5, r6g, r7g, r6gd, c7gn, r8g", family.Message);

        var price = Assert.Throws<PlanningException>(() => catalog.GetPrice("us-east-1", "redis", "cache.r8g.large"));
        Assert.Contains("us-east-1/valkey/on-demand", price.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPricingModel_ListsOffered()
    {
        var ex = Assert.Throws<PlanningException>(() => CapacityPlanner.Plan(new SummaryBuilder().Build(), PlanOptions.Default with { PricingModel = "reserved-1yr" }, NodeCatalog.Load()));
        Assert.Equal("unknown pricing model 'reserved-1yr'; the catalog offers: on-demand", ex.Message);
    }

    [Fact]
    public void BuiltInCatalog_PlanSaysItHasNoReservedPrices_AndHowToGiveThem()
    {
        var plan = CapacityPlanner.Plan(new SummaryBuilder().Build(), PlanOptions.Default, NodeCatalog.Load());
        string prices = Assert.Single(plan.Assumptions, a => a.StartsWith("prices: on-demand ", StringComparison.Ordinal));
        Assert.Contains("the catalog has no other pricing model (for reserved nodes", prices, StringComparison.Ordinal);
        Assert.Contains("--catalog", prices, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_WithModifiedPrice_IsUsedWithItsSourceAndDate()
    {
        string dir = CatalogFixture.CopyBuiltIn();
        try
        {
            CatalogFixture.SetPrice(dir, "us-east-1", "redis", "cache.r7g.large", "0.15", "negotiated contract 42", "2026-11-01");
            var catalog = NodeCatalog.Load(dir);
            Assert.False(catalog.IsBuiltIn);
            var plan = CapacityPlanner.Plan(new SummaryBuilder().Build(), PlanOptions.Default with { NodeFamilies = ["r7g"] }, catalog);
            var rec = plan.Source!.Recommended;
            Assert.Equal(0.15m, rec.UsdPerNodeHour);
            Assert.Equal("negotiated contract 42", rec.PriceSource);
            Assert.Equal("2026-11-01", rec.PriceAsOf);
            Assert.Equal(plan.CatalogSource, Path.GetFullPath(dir));
            Assert.Equal("negotiated contract 42", plan.Savings!.SourcePriceSource);

            // The same through PlanOptions.CatalogDir (what --catalog DIR sets).
            var viaOptions = CapacityPlanner.Plan(new SummaryBuilder().Build(), PlanOptions.Default with { NodeFamilies = ["r7g"], CatalogDir = dir });
            Assert.Equal(0.15m, viaOptions.Source!.Recommended.UsdPerNodeHour);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Override_ExtraPricingModelColumn_IsOffered()
    {
        string dir = CatalogFixture.CopyBuiltIn();
        try
        {
            // A user file with a reserved column (quoted source with a comma) and only two rows.
            File.WriteAllText(Path.Combine(dir, NodeCatalog.PricesFile),
                "region,engine,node_type,on_demand_usd_per_hour,reserved_1yr_usd_per_hour,source,as_of\n" +
                "eu-central-1,redis,cache.r7g.large,0.25,0.16,\"quote 7, signed\",2026-10\n" +
                "eu-central-1,valkey,cache.r7g.large,0.2,,\"quote 7, signed\",2026-10\n");
            var catalog = NodeCatalog.Load(dir);
            Assert.Equal(["on-demand", "reserved-1yr"], catalog.PricingModels);
            Assert.Contains("eu-central-1", catalog.Regions);
            var reserved = catalog.GetPrice("eu-central-1", "redis", "cache.r7g.large", "reserved-1yr");
            Assert.Equal(0.16m, reserved.UsdPerHour);
            Assert.Equal("quote 7, signed", reserved.Source);
            Assert.Null(catalog.FindPrice("eu-central-1", "valkey", "cache.r7g.large", "reserved-1yr"));

            var plan = CapacityPlanner.Plan(new SummaryBuilder().Build(), PlanOptions.Default with { Region = "eu-central-1", PricingModel = "reserved-1yr" }, catalog);
            Assert.Equal(0.32m, plan.Source!.Recommended.UsdPerHour);
            Assert.Null(plan.Target);
            Assert.Contains(plan.Rejected, r => r.Engine == EngineModel.Valkey81 && r.Reason.Contains("no reserved-1yr valkey price", StringComparison.Ordinal));
            Assert.Contains(plan.Assumptions, a => a.StartsWith("prices: reserved-1yr ", StringComparison.Ordinal) && a.EndsWith("; the catalog also offers: on-demand", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(NodeCatalog.PricesFile, "0.219,", "0.2x9,", "elasticache-prices.csv line 41: on_demand_usd_per_hour '0.2x9' is not a non-negative number")]
    [InlineData(NodeCatalog.PricesFile, "us-east-1,redis,cache.r7g.large,", "us-east-1,redis,cache.r7z.large,", "elasticache-prices.csv line 41: node type cache.r7z.large is not in elasticache-node-types.csv")]
    [InlineData(NodeCatalog.PricesFile, "us-east-1,redis,cache.r7g.large,", "us-east-1,memcached,cache.r7g.large,", "elasticache-prices.csv line 41: engine 'memcached' is not one of redis, valkey")]
    [InlineData(NodeCatalog.MaxmemoryFile, "cache.r7g.large,14037181030,", "cache.r7g.large,-5,", "elasticache-maxmemory.csv line 41: maxmemory_bytes '-5' is not a positive integer")]
    [InlineData(NodeCatalog.NodeTypesFile, "node_type,family,", "nodetype,family,", "elasticache-node-types.csv has no column 'node_type'")]
    public void Load_InvalidFile_NamesFileAndLine(string file, string find, string replace, string expected)
    {
        string dir = CatalogFixture.CopyBuiltIn();
        try
        {
            CatalogFixture.Edit(dir, file, text =>
            {
                int at = text.IndexOf(find, StringComparison.Ordinal);
                Assert.True(at >= 0);
                return text[..at] + replace + text[(at + find.Length)..];
            });
            var ex = Assert.Throws<PlanningException>(() => NodeCatalog.Load(dir));
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Load_MissingDirectoryOrFile_IsAClearError()
    {
        var ex = Assert.Throws<PlanningException>(() => NodeCatalog.Load("/nonexistent/catalog"));
        Assert.Contains("/nonexistent/catalog not found", ex.Message, StringComparison.Ordinal);

        string dir = CatalogFixture.CopyBuiltIn();
        try
        {
            File.Delete(Path.Combine(dir, NodeCatalog.PricesFile));
            Assert.Contains("elasticache-prices.csv not found", Assert.Throws<PlanningException>(() => NodeCatalog.Load(dir)).Message, StringComparison.Ordinal);
            // Serverless prices are optional.
            File.Copy(Path.Combine(NodeCatalog.DefaultDirectory, NodeCatalog.PricesFile), Path.Combine(dir, NodeCatalog.PricesFile));
            File.Delete(Path.Combine(dir, NodeCatalog.ServerlessFile));
            Assert.Empty(NodeCatalog.Load(dir).ServerlessPrices);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
