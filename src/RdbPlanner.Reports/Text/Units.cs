using System.Globalization;

namespace RdbPlanner.Reports;

/// <summary>Number formatting shared by every human-readable output (binary units, invariant culture).</summary>
public static class Units
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static string Bytes(long bytes)
    {
        double b = bytes;
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        int u = 0;
        while (Math.Abs(b) >= 1024 && u < units.Length - 1) { b /= 1024; u++; }
        return u == 0 ? $"{bytes.ToString("N0", s_inv)} B" : $"{b.ToString(b >= 100 ? "F0" : b >= 10 ? "F1" : "F2", s_inv)} {units[u]}";
    }

    public static string Count(long n) => n.ToString("N0", s_inv);

    public static string Percent(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", s_inv) + "%";

    public static double GiB(long bytes) => bytes / (1024.0 * 1024 * 1024);
}
