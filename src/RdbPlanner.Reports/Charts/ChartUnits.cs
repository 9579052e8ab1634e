namespace RdbPlanner.Reports;

/// <summary>
/// The byte unit a chart's axis uses: GiB when the largest value reaches 1 GiB, else MiB, else KiB, so a small
/// sample and a 500 GiB cluster both give readable tick labels. The unit is always in the axis label.
/// </summary>
public readonly record struct ChartUnits(string Name, double Divisor)
{
    public static readonly ChartUnits GiB = new("GiB", ReportFormat.GiB);
    public static readonly ChartUnits MiB = new("MiB", ReportFormat.MiB);
    public static readonly ChartUnits KiB = new("KiB", 1024);

    public static ChartUnits For(long maxBytes) =>
        maxBytes >= ReportFormat.GiB ? GiB : maxBytes >= ReportFormat.MiB ? MiB : KiB;

    public double Of(long bytes) => bytes / Divisor;

    /// <summary>A bar's value label: 3 significant digits-ish, with the unit.</summary>
    public string Label(long bytes)
    {
        double v = Of(bytes);
        string format = v >= 100 ? "0" : v >= 10 ? "0.0" : "0.00";
        return v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) + " " + Name;
    }
}
