using System.Globalization;
using RdbPlanner.Memory;
using RdbPlanner.Planning;

namespace RdbPlanner.Reports;

/// <summary>A few lines for stdout after `rdbplanner plan`: source vs target configuration, cost, savings, blockers.</summary>
public static class PlanSummaryText
{
    public static void Write(PlanResult plan, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var inv = CultureInfo.InvariantCulture;
        var o = plan.Options;
        writer.WriteLine(string.Format(inv, "plan: {0} file(s), {1:N0} keys, {2}, {3} prices ({4} catalog), growth {5:0.##}, reserved memory {6:0.##} %",
            plan.Inputs.Count, plan.Keys, o.Region, o.PricingModel, plan.CatalogSource == "built-in" ? "built-in" : "user", o.Growth, o.ReservedMemoryPercent));
        WriteEngine(writer, "source", o.SourceEngine, plan.Source);
        WriteEngine(writer, "target", o.TargetEngine, plan.Target);
        if (plan.Savings is { } s)
        {
            writer.WriteLine(string.Format(inv, "savings: {0} per month, {1} per year ({2:0.##} % of the source cost)",
                Usd(s.UsdPerMonthSaved), Usd(s.UsdPerYearSaved), s.PercentSaved));
        }
        foreach (var sl in plan.Serverless)
        {
            writer.WriteLine(string.Format(inv, "serverless {0}: {1} GB billed, {2} per month{3}",
                sl.Engine.Name(), sl.BilledGb, Usd(sl.UsdPerMonth), sl.RequestUsdPerMonth is null ? " (storage only)" : ""));
        }
        var r = plan.Readiness;
        writer.WriteLine(string.Format(inv, "readiness for {0}: {1} blocker(s){2}; {3} checklist item(s) to confirm",
            r.Target.Name(), r.Blockers.Count, r.HasBlockers ? " (" + string.Join(", ", r.Blockers.Select(b => b.Code).Distinct()) + ")" : "", r.Checklist.Count));
        foreach (var w in plan.Warnings) writer.WriteLine("warning: " + w);
    }

    private static void WriteEngine(TextWriter writer, string role, EngineModel engine, EngineRecommendation? rec)
    {
        if (rec is null)
        {
            writer.WriteLine($"{role} {engine.Name()}: no configuration fits and has a price (see the warnings)");
            return;
        }
        var c = rec.Recommended;
        writer.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "{0} {1}: {2}; busiest shard needs {3} of {4} usable ({5:0.#} %); {6} per month",
            role, engine.Name(), PlanCsvWriter.Describe(c), Size(c.PeakShardBytes), Size(c.UsableBytesPerNode),
            c.Utilization * 100, Usd(c.UsdPerMonth)));
    }

    /// <summary>MiB below 1 GiB, GiB above, so small datasets don't print as 0.</summary>
    private static string Size(long bytes) => bytes < NodeCatalog.BytesPerGib
        ? (bytes / 1048576m).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / NodeCatalog.BytesPerGib).ToString("0.00", CultureInfo.InvariantCulture) + " GiB";

    private static string Usd(decimal value) => value.ToString("$#,##0.00;-$#,##0.00", CultureInfo.InvariantCulture);
}
