using System.Runtime.CompilerServices;
using Xunit.v3;

namespace RdbPlanner.TestKit;

/// <summary>Locates the repository and the shared reference data (repoRoot/../shared) from this source file's path.</summary>
public static class FixturePaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>repoRoot/../shared: design notes, ground truth, peer dumps, catalog.</summary>
    public static string SharedDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string PeerDumpsDir => Path.Combine(SharedDir, "peer-dumps");

    public static string GroundTruthDir => Path.Combine(SharedDir, "groundtruth");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Returns <paramref name="path"/> when it exists. Otherwise skips the test locally, and fails it under CI=true
    /// (a CI run must never pass by skipping its data).
    /// </summary>
    public static string RequireShared(string path)
    {
        if (File.Exists(path) || Directory.Exists(path)) return path;
        if (IsCi) throw new FileNotFoundException($"shared test data missing under CI=true: {path}", path);
        // What Assert.Skip throws: xunit v3 reports an exception with this message prefix as a skip.
        throw new InvalidOperationException(DynamicSkipToken.Value + $"shared test data not present: {path}");
    }

    private static string FindRepoRoot([CallerFilePath] string thisFile = "")
    {
        var dir = Path.GetDirectoryName(thisFile);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir, "RdbPlanner.sln"))) return dir;
            dir = Path.GetDirectoryName(dir);
        }
        throw new InvalidOperationException($"RdbPlanner.sln not found above {thisFile}");
    }
}
