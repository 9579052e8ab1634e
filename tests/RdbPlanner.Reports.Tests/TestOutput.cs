namespace RdbPlanner.Reports.Tests;

/// <summary>A fresh folder per test under the test's output directory (artifacts/, not committed), kept for inspection.</summary>
internal static class TestOutput
{
    public static string Dir(string name)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "test-output", name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
