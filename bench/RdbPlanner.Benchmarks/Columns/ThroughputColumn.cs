using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// MB/s (10^6 bytes per second) or M items/s of a benchmark implementing <see cref="IThroughputBenchmark"/>, from its fastest
/// iteration (Min): the build machine is shared, so other processes only ever add time and the minimum is the most
/// reproducible estimate of the code's own speed (the Mean column beside it shows the disturbance). The amount per invocation
/// comes from a fresh instance with the case's [Params] applied, so the column never depends on state built in [GlobalSetup].
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    private readonly bool _items;

    private ThroughputColumn(bool items) => _items = items;

    public static readonly ThroughputColumn MegabytesPerSecond = new(items: false);

    public static readonly ThroughputColumn MegaItemsPerSecond = new(items: true);

    public string Id => _items ? "MItemsPerSecond" : "MBPerSecond";

    public string ColumnName => _items ? "Best M items/s" : "Best MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _items ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _items
        ? "Millions of items (keys, entries) per second: items per invocation / fastest iteration's time per invocation"
        : "Megabytes (10^6 bytes) of input per second: bytes per invocation / fastest iteration's time per invocation";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? minNs = summary[benchmarkCase]?.ResultStatistics?.Min;
        if (minNs is not > 0 || Amount(benchmarkCase) is not { } amount || amount <= 0)
        {
            return "-";
        }
        // amount per ns × 1000 = millions per second.
        return (amount / minNs.Value * 1000).ToString(amount / minNs.Value * 1000 >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Amount(c) is > 0);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;

    private long? Amount(BenchmarkCase benchmarkCase)
    {
        Type type = benchmarkCase.Descriptor.Type;
        if (!typeof(IThroughputBenchmark).IsAssignableFrom(type))
        {
            return null;
        }
        var instance = (IThroughputBenchmark)Activator.CreateInstance(type)!;
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance;
            if (type.GetProperty(parameter.Name, Flags) is { } property)
            {
                property.SetValue(instance, parameter.Value);
            }
            else
            {
                type.GetField(parameter.Name, Flags)?.SetValue(instance, parameter.Value);
            }
        }
        return _items ? instance.ItemsPerOperation : instance.BytesPerOperation;
    }
}
