using System.Runtime.CompilerServices;

namespace RdbPlanner.Hostile.Tests;

/// <summary>Where the repository, its fixtures and the shared reference material (../shared) are.</summary>
internal static class HostilePaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string FuzzFixtures => Path.Combine(RepoRoot, "fixtures", "fuzz");

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The shared folder, or a skip when it is absent locally. Under CI=true absence is a failure.</summary>
    public static string RequireShared(string sub)
    {
        string dir = Path.Combine(Shared, sub);
        if (Directory.Exists(dir)) return dir;
        if (InCi) Assert.Fail($"{dir} is missing; CI must provide ../shared");
        Assert.Skip($"{dir} not present locally");
        return dir;
    }

    private static string FindRoot([CallerFilePath] string here = "")
    {
        var dir = Path.GetDirectoryName(here);
        while (dir is not null && !File.Exists(Path.Combine(dir, "RdbPlanner.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("RdbPlanner.sln not found above " + here);
    }
}
