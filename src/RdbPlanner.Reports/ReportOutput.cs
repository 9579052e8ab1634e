using RdbPlanner.Analysis;
using RdbPlanner.Planning;

namespace RdbPlanner.Reports;

/// <summary>What <see cref="ReportOutput.WriteAll"/> wrote.</summary>
public sealed record ReportFiles(IReadOnlyList<string> CsvFiles, IReadOnlyList<ChartFile> Charts, string ReportHtml);

/// <summary>
/// Everything `plan --out DIR` writes besides plan.json and the plan CSVs: the summary CSVs, DIR/charts/*.png|svg
/// and DIR/report.html. The CLI calls it after PlanOutput.WriteAll.
/// </summary>
public static class ReportOutput
{
    public const string ChartsDirectory = "charts";

    public static ReportFiles WriteAll(DatasetSummary summary, PlanResult plan, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var csv = SummaryCsvWriter.WriteAll(summary, outDir);
        var charts = ReportCharts.WriteAll(summary, plan, Path.Combine(outDir, ChartsDirectory));
        string html = HtmlReport.Write(summary, plan, charts, Path.Combine(outDir, HtmlReport.FileName));
        return new ReportFiles(csv, charts, html);
    }
}
