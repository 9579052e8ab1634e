using System.CommandLine;
using RdbPlanner.Analysis;
using RdbPlanner.Planning;
using RdbPlanner.Reports;

namespace RdbPlanner.Cli;

/// <summary>`rdbplanner plan FILE... --out DIR`: analyse, size source and target clusters, price them, write the report set.</summary>
internal static class PlanCommand
{
    private static readonly Option<string> Out = new("--out", "-o") { Description = "output directory (created if missing)", Required = true };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = CommonOptions.Files();
        var command = new Command("plan", "Recommend node types, shards and replicas for the source and target engine, price them, and write plan.json, CSVs, charts and report.html")
        {
            files, Out, CommonOptions.SourceEngine,
        };
        PlanOptionsBinder.AddTo(command, all: true);
        CommonOptions.AddTo(command);
        command.SetAction(result => ErrorReporter.Guard(error, () => Run(result, result.GetValue(files)!, output, error)));
        return command;
    }

    private static int Run(ParseResult result, string[] paths, TextWriter output, TextWriter error)
    {
        var planOptions = PlanOptionsBinder.Bind(result);
        // Load and validate the catalog first: a typo in --region should not cost a 20 GB read.
        var catalog = NodeCatalog.Load(planOptions.CatalogDir);
        PlanValidation.Validate(planOptions, catalog);

        var options = CommonOptions.ToAnalysisOptions(result, planOptions.SourceEngine) with { ComputeSha256 = true };
        string outDir = result.GetValue(Out)!;
        OutputPaths.PrepareDirectory("--out", outDir);
        DatasetSummary summary;
        using (var progress = Progress.Create(result, paths, error))
        {
            summary = SnapshotAnalyzer.Analyze(paths, options with { Progress = progress?.Callback });
        }
        var plan = CapacityPlanner.Plan(summary, planOptions, catalog);
        PlanOutput.WriteAll(plan, outDir);
        ReportOutput.WriteAll(summary, plan, outDir);
        PlanSummaryText.Write(plan, output);
        output.WriteLine($"Wrote {Path.Combine(outDir, "report.html")} and the CSV, JSON and chart files beside it.");
        if (summary.Partial)
        {
            error.WriteLine($"rdbplanner: partial result: {summary.PartialReason}");
            return ExitCodes.PartialOrBlockers;
        }
        return ExitCodes.Ok;
    }
}
