using RdbPlanner.Analysis;
using RdbPlanner.Planning;

namespace RdbPlanner.Cli;

/// <summary>Writes the report set (summary CSVs, charts, report.html) beside the plan outputs.</summary>
internal static class ReportHook
{
    public static void WriteAll(DatasetSummary summary, PlanResult plan, string outDir) =>
        RdbPlanner.Reports.SummaryCsvWriter.WriteAll(summary, outDir);
}
