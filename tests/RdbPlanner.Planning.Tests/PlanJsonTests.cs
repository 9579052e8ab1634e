using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using RdbPlanner.Memory;

namespace RdbPlanner.Planning.Tests;

public sealed class PlanJsonTests
{
    private static PlanResult SamplePlan()
    {
        var builder = new SummaryBuilder { MaxRdbVersion = 12, HashFieldTtlKeys = 1 }.All(e => { e.StandaloneBytes = 30_000_000_000; e.Uniform(30_000_000_000 / 16384); });
        builder.Files.Clear();
        builder.Files.Add(SummaryBuilder.File("/data/shard-0.rdb", "REDIS", 12));
        return CapacityPlanner.Plan(builder.Build(), PlanOptions.Default, NodeCatalog.Load());
    }

    [Fact]
    public void Write_HasStableCamelCaseNames_AndTheParts_TheIssueAsksFor()
    {
        var plan = SamplePlan();
        using var doc = JsonDocument.Parse(PlanJson.ToJson(plan));
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("redis-7.2", root.GetProperty("options").GetProperty("sourceEngine").GetString());
        Assert.Equal("valkey-8.1", root.GetProperty("options").GetProperty("targetEngine").GetString());
        Assert.Equal("auto", root.GetProperty("options").GetProperty("clusterMode").GetString());
        Assert.Equal("built-in", root.GetProperty("catalogSource").GetString());

        var input = root.GetProperty("inputs")[0];
        Assert.Equal("/data/shard-0.rdb", input.GetProperty("path").GetString());
        Assert.Equal(new string('a', 64), input.GetProperty("sha256").GetString());

        Assert.True(root.GetProperty("assumptions").GetArrayLength() >= 7);
        var estimate = root.GetProperty("estimates")[0];
        Assert.Equal("redis-7.2 test model", estimate.GetProperty("description").GetString());
        Assert.Equal("hand-made", estimate.GetProperty("assumptions")[0].GetString());

        foreach (var role in new[] { "source", "target" })
        {
            var rec = root.GetProperty(role);
            var c = rec.GetProperty("recommended");
            Assert.StartsWith("cache.", c.GetProperty("nodeType").GetString(), StringComparison.Ordinal);
            Assert.True(c.GetProperty("usdPerMonth").GetDecimal() > 0);
            Assert.False(string.IsNullOrEmpty(c.GetProperty("priceSource").GetString()));
            Assert.False(string.IsNullOrEmpty(c.GetProperty("priceAsOf").GetString()));
            Assert.Equal(JsonValueKind.Array, rec.GetProperty("alternatives").ValueKind);
            Assert.True(rec.GetProperty("shardLayout").GetArrayLength() >= 1);
            Assert.True(rec.GetProperty("balance").GetProperty("peakToMean").GetDouble() >= 1);
        }
        var savings = root.GetProperty("savings");
        Assert.Equal(plan.Savings!.PercentSaved, savings.GetProperty("percentSaved").GetDecimal());
        Assert.Equal(plan.Savings.UsdPerYearSaved, savings.GetProperty("usdPerYearSaved").GetDecimal());

        var readiness = root.GetProperty("readiness");
        Assert.True(readiness.GetProperty("hasBlockers").GetBoolean());
        Assert.Equal("rdb-version", readiness.GetProperty("blockers")[0].GetProperty("code").GetString());
        Assert.Equal(14, readiness.GetProperty("checklist").GetArrayLength());
        Assert.Equal(plan.Candidates.Count, root.GetProperty("candidates").GetArrayLength());
        Assert.False(root.TryGetProperty("summary", out _));
    }

    [Fact]
    public void Write_IsReproducible()
    {
        Assert.Equal(PlanJson.ToJson(SamplePlan()), PlanJson.ToJson(SamplePlan()));
    }

    [Fact]
    public void EveryEnumInThePlan_IsWrittenAsAWord()
    {
        // PlanJson registers one generic string converter per enum (the non-generic one needs run-time code
        // generation, which Native AOT lacks); an enum added to PlanResult without one would be written as a number.
        var enums = EnumsReachableFrom(typeof(PlanResult));
        Assert.Contains(typeof(EngineModel), enums);
        Assert.Contains(typeof(ClusterModeOption), enums);
        foreach (var type in enums)
        {
            var info = PlanJson.SerializerOptions.GetTypeInfo(type);
            foreach (var value in Enum.GetValues(type))
            {
                string json = JsonSerializer.Serialize(value, info);
                Assert.True(json.StartsWith('"') && json.Trim('"').All(c => char.IsLower(c) || char.IsDigit(c) || c is '-' or '.'), $"{type.Name}.{value} -> {json}");
            }
        }
    }

    /// <summary>Enum types of the members plan.json writes, through records, lists and nullables.</summary>
    private static HashSet<Type> EnumsReachableFrom(Type root)
    {
        var enums = new HashSet<Type>();
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>([root]);
        while (queue.TryDequeue(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type)) continue;
            if (type.IsEnum) { enums.Add(type); continue; }
            if (type.IsGenericType) foreach (var arg in type.GetGenericArguments()) queue.Enqueue(arg);
            if (type.Namespace?.StartsWith("RdbPlanner", StringComparison.Ordinal) != true) continue;
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.GetCustomAttribute<JsonIgnoreAttribute>() is null) queue.Enqueue(p.PropertyType);
            }
        }
        return enums;
    }
}
