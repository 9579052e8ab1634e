using System.CommandLine;
using RdbPlanner.Analysis;
using RdbPlanner.Planning;

namespace RdbPlanner.Cli;

/// <summary>`rdbplanner check FILE...`: migration readiness. Exit 0 ready, 3 blockers found, 2 bad input.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = CommonOptions.Files();
        var command = new Command("check", "Check whether the snapshot can move to the target engine as is (exit 0 ready, 3 blockers, 2 bad input)")
        {
            files,
        };
        PlanOptionsBinder.AddTo(command, all: false);
        CommonOptions.AddTo(command);
        command.SetAction(result => ErrorReporter.Guard(error, () => Run(result, result.GetValue(files)!, output, error)));
        return command;
    }

    private static int Run(ParseResult result, string[] paths, TextWriter output, TextWriter error)
    {
        var target = CommonOptions.ParseModel("--target-engine", result.GetValue(PlanOptionsBinder.TargetEngine)!);
        var mode = PlanOptionsBinder.ParseClusterMode(result);
        DatasetSummary summary;
        using (var progress = Progress.Create(result, paths, error))
        {
            summary = SnapshotAnalyzer.Analyze(paths, CommonOptions.ToAnalysisOptions(result, Memory.EngineModel.Redis72) with { Progress = progress?.Callback, TopKeys = 0 });
        }
        // Auto: cluster mode is what a sharded target would use, unless the data needs several databases.
        bool cluster = mode == ClusterModeOption.Enabled || (mode == ClusterModeOption.Auto && summary.Readiness.DatabasesWithKeys <= 1);
        var report = ReadinessChecker.Check(summary, target, cluster);
        // Under auto, say why: plan's auto picks one shard when the data fits a node, so the two can differ.
        string why = mode != ClusterModeOption.Auto ? ""
            : cluster ? " (auto: the keys are in at most one database, so checked as a sharded target; --cluster-mode disabled checks one shard)"
            : " (auto: several databases have keys, which cluster mode cannot hold)";
        output.WriteLine($"Migration readiness for {Memory.EngineModelNames.Name(target)}, {(cluster ? "cluster mode enabled" : "cluster mode disabled")}{why}:");
        if (report.Blockers.Count == 0) output.WriteLine("  no blockers found");
        foreach (var b in report.Blockers) output.WriteLine($"  BLOCKER {b.Code}: {b.Message}");
        foreach (var w in report.Warnings) output.WriteLine($"  warning {w.Code}: {w.Message}");
        output.WriteLine("Confirm before an online migration:");
        foreach (var c in report.Checklist) output.WriteLine($"  [ ] ({c.Side}) {c.Text} [{c.Source}]");
        if (summary.Partial)
        {
            error.WriteLine($"rdbplanner: partial result: {summary.PartialReason}");
        }
        return report.HasBlockers || summary.Partial ? ExitCodes.PartialOrBlockers : ExitCodes.Ok;
    }
}
