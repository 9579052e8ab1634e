using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// Speed relative to one value of a [ParamsSource] kernel parameter (the shipped scalar kernel): baseline time / this time, for
/// the same method and the same other parameters, from the fastest iterations (Min) for the reason ThroughputColumn gives.
/// BenchmarkDotNet's own Ratio compares methods, not parameter values; running the baseline as a separate method would
/// repeat it once per kernel.
/// </summary>
public sealed class KernelRatioColumn(string parameterName, string baselineValue) : IColumn
{
    public string Id => $"KernelRatio.{parameterName}.{baselineValue}";

    public string ColumnName => $"vs {baselineValue}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 2;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Speed-up over {parameterName}={baselineValue} at the same other parameters (its fastest iteration / this one)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkCase? baseline = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Equals(benchmarkCase.Descriptor)
            && Equals(c.Parameters[parameterName]?.ToString(), baselineValue)
            && c.Parameters.Items.All(p => p.Name == parameterName || Equals(p.Value, benchmarkCase.Parameters[p.Name])));
        double? mine = summary[benchmarkCase]?.ResultStatistics?.Min;
        double? theirs = baseline is null ? null : summary[baseline]?.ResultStatistics?.Min;
        return mine is > 0 && theirs is > 0 ? (theirs.Value / mine.Value).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";
    }

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Parameters.Items.Any(p => p.Name == parameterName));

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
