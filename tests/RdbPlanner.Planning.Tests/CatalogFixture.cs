namespace RdbPlanner.Planning.Tests;

/// <summary>Temporary copies of the built-in catalog that tests may edit.</summary>
internal static class CatalogFixture
{
    public static string CopyBuiltIn()
    {
        string dir = Directory.CreateTempSubdirectory("rdbplanner-catalog-").FullName;
        foreach (var file in Directory.GetFiles(NodeCatalog.DefaultDirectory)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }

    /// <summary>Replaces the on-demand price row of one node type (the built-in file has no quoted fields).</summary>
    public static void SetPrice(string dir, string region, string engine, string nodeType, string usdPerHour, string source, string asOf)
    {
        string path = Path.Combine(dir, NodeCatalog.PricesFile);
        string prefix = $"{region},{engine},{nodeType},";
        var lines = File.ReadAllLines(path);
        int index = Array.FindIndex(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(index > 0, $"no row {prefix}");
        lines[index] = $"{prefix}{usdPerHour},{source},{asOf}";
        File.WriteAllLines(path, lines);
    }

    public static void Edit(string dir, string file, Func<string, string> edit)
    {
        string path = Path.Combine(dir, file);
        File.WriteAllText(path, edit(File.ReadAllText(path)));
    }
}
