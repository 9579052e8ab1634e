using RdbPlanner.Planning;

namespace RdbPlanner.Reports;

/// <summary>Writes the files of `rdbplanner plan --out DIR`: plan.json, nodes.csv and savings.csv.</summary>
public static class PlanOutput
{
    public const string PlanJsonFile = "plan.json";

    /// <summary>Creates <paramref name="outDir"/> if needed and returns the paths written, in order.</summary>
    public static IReadOnlyList<string> WriteAll(PlanResult plan, string outDir)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Directory.CreateDirectory(outDir);
        string json = Path.Combine(outDir, PlanJsonFile);
        using (var stream = new FileStream(json, FileMode.Create, FileAccess.Write))
        {
            PlanJson.Write(plan, stream);
        }
        string nodes = Path.Combine(outDir, PlanCsvWriter.NodesFile);
        PlanCsvWriter.WriteNodes(plan, nodes);
        string savings = Path.Combine(outDir, PlanCsvWriter.SavingsFile);
        PlanCsvWriter.WriteSavings(plan, savings);
        return [json, nodes, savings];
    }
}
