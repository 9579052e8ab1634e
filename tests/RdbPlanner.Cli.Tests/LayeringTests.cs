using System.Reflection;

namespace RdbPlanner.Cli.Tests;

/// <summary>Dependencies point one way: Rdb ← Memory ← Analysis ← Planning ← Reports ← Cli. This test fails when they don't.</summary>
public class LayeringTests
{
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["RdbPlanner.Rdb"] = [],
        ["RdbPlanner.Memory"] = ["RdbPlanner.Rdb"],
        ["RdbPlanner.Analysis"] = ["RdbPlanner.Rdb", "RdbPlanner.Memory"],
        ["RdbPlanner.Planning"] = ["RdbPlanner.Rdb", "RdbPlanner.Memory", "RdbPlanner.Analysis"],
        ["RdbPlanner.Reports"] = ["RdbPlanner.Rdb", "RdbPlanner.Memory", "RdbPlanner.Analysis", "RdbPlanner.Planning"],
        ["rdbplanner"] = ["RdbPlanner.Rdb", "RdbPlanner.Memory", "RdbPlanner.Analysis", "RdbPlanner.Planning", "RdbPlanner.Reports"],
    };

    [Fact]
    public void Assemblies_ReferenceOnlyLowerLayers_AndOnlyTheEdgeTakesPackages()
    {
        var cli = typeof(RdbPlanner.Cli.Program).Assembly;
        var all = new Dictionary<string, Assembly> { ["rdbplanner"] = cli };
        foreach (var name in s_allowed.Keys.Where(n => n != "rdbplanner")) all[name] = Assembly.Load(name);

        foreach (var (name, assembly) in all)
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                string r = reference.Name!;
                bool framework = r.StartsWith("System", StringComparison.Ordinal) || r.StartsWith("Microsoft", StringComparison.Ordinal) || r == "netstandard" || r == "mscorlib";
                if (r.StartsWith("RdbPlanner", StringComparison.Ordinal) || r == "rdbplanner")
                {
                    Assert.True(s_allowed[name].Contains(r), $"{name} must not reference {r}");
                }
                else if (!framework)
                {
                    // Third-party packages only at the edge.
                    Assert.True(name is "RdbPlanner.Reports" or "rdbplanner", $"{name} references the package {r}");
                }
            }
        }
        // System.CommandLine is the CLI's alone.
        Assert.DoesNotContain(all["RdbPlanner.Reports"].GetReferencedAssemblies(), a => a.Name == "System.CommandLine");
    }
}
