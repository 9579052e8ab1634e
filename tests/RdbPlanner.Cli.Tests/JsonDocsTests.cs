using System.Text.Json;
using System.Text.RegularExpressions;
using RdbPlanner.TestKit;

namespace RdbPlanner.Cli.Tests;

/// <summary>
/// docs/json.md names every field of `analyze --json` and plan.json: other programs read them, so a field added without
/// a line there fails here. Keys that come from the data (database numbers, model and type names, TTL buckets …) are
/// not field names and are skipped; what lies under them is checked.
/// </summary>
public class JsonDocsTests
{
    // Objects whose property names are data, with how many levels of such names they have.
    private static readonly Dictionary<string, int> s_dataKeyed = new(StringComparer.Ordinal)
    {
        ["databases"] = 1, ["types"] = 1, ["fileEncodings"] = 1, ["estimates"] = 1, ["estimateDetails"] = 1,
        ["byTypeEncoding"] = 2, ["ttl"] = 1, ["moduleKeys"] = 1,
    };

    private static readonly string s_docs = File.ReadAllText(Path.Combine(FixturePaths.RepoRoot, "docs", "json.md"));

    private static string Sample => Path.Combine(FixturePaths.RepoRoot, "fixtures", "sample", "sample.rdb");

    [Fact]
    public void AnalyzeJson_EveryFieldIsDocumented()
    {
        var (exit, stdout, stderr) = CliRunner.Run("analyze", "--json", "--sha256", Sample);
        Assert.True(exit == ExitCodes.Ok, stderr);
        var names = FieldNames(stdout);
        // A damaged copy read with --keep-going adds the partial-result field.
        var bytes = File.ReadAllBytes(Sample);
        string cut = CliRunner.TempFile(bytes[..(bytes.Length / 2)]);
        (exit, stdout, _) = CliRunner.Run("analyze", "--json", "--keep-going", cut);
        Assert.Equal(ExitCodes.PartialOrBlockers, exit);
        names.UnionWith(FieldNames(stdout));
        Assert.Contains("partialReason", names);
        Assert.Contains("sha256", names);
        AssertDocumented(names);
    }

    [Fact]
    public void PlanJson_EveryFieldIsDocumented()
    {
        string dir = Directory.CreateTempSubdirectory("rdbplanner-plan-json-").FullName;
        try
        {
            var (exit, _, stderr) = CliRunner.Run("plan", Sample, "--out", dir, "--quiet", "--requests-per-second", "1000");
            Assert.True(exit == ExitCodes.Ok, stderr);
            var names = FieldNames(File.ReadAllText(Path.Combine(dir, "plan.json")));
            Assert.Contains("millionEcpuPerMonth", names);
            AssertDocumented(names);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheCheck_FindsAFieldTheDocsDoNotName()
    {
        var names = FieldNames("""{"keys": 1, "databases": {"0": 1}, "noSuchFieldAnywhere": {"standalone": 2}}""");
        // "0" is a database number (data), skipped; what lies under a field is still walked.
        Assert.Equal(["databases", "keys", "noSuchFieldAnywhere", "standalone"], names.Order(StringComparer.Ordinal));
        Assert.Equal(["noSuchFieldAnywhere"], Undocumented(names));
    }

    private static void AssertDocumented(HashSet<string> names)
    {
        var missing = Undocumented(names);
        Assert.True(missing.Count == 0, "docs/json.md does not name: " + string.Join(", ", missing));
    }

    /// <summary>Names not written in docs/json.md as a field: in backticks, or after a '.' of a path there.</summary>
    private static List<string> Undocumented(IEnumerable<string> names) =>
        names.Where(n => !Regex.IsMatch(s_docs, "[`.]" + Regex.Escape(n) + "[`.\\[ ,]")).Order(StringComparer.Ordinal).ToList();

    private static HashSet<string> FieldNames(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var names = new HashSet<string>(StringComparer.Ordinal);
        Walk(doc.RootElement, 0, names);
        return names;
    }

    /// <param name="dataLevels">how many levels of property names below this object are data, not field names</param>
    private static void Walk(JsonElement e, int dataLevels, HashSet<string> names)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Walk(item, 0, names);
            return;
        }
        if (e.ValueKind != JsonValueKind.Object) return;
        foreach (var p in e.EnumerateObject())
        {
            if (dataLevels > 0)
            {
                Walk(p.Value, dataLevels - 1, names);
                continue;
            }
            names.Add(p.Name);
            Walk(p.Value, s_dataKeyed.GetValueOrDefault(p.Name), names);
        }
    }
}
