using System.Runtime.CompilerServices;

namespace RdbPlanner.Planning.Tests;

/// <summary>Repository-relative paths found from this file's location.</summary>
internal static class TestPaths
{
    public static string RepoRoot([CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    /// <summary>../shared next to the repository, or a skip (a failure when CI=true).</summary>
    public static string SharedOrSkip(string relative)
    {
        string path = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", relative));
        if (Directory.Exists(path) || System.IO.File.Exists(path)) return path;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"{path} is missing and CI=true");
        Assert.Skip($"{path} not present");
        return path;
    }

    public static string SourceCatalog => Path.Combine(RepoRoot(), "src", "RdbPlanner.Planning", "Catalog");
}
