using System.Globalization;
using CsvHelper;

namespace RdbPlanner.Reports;

/// <summary>Formatting rules shared by every report, so a number reads the same in CSV, charts and HTML.</summary>
public static class ReportFormat
{
    public const double GiB = 1024.0 * 1024 * 1024;

    public const double MiB = 1024.0 * 1024;

    /// <summary>
    /// CSV dialect of every file: RFC 4180 quoting, invariant culture, but LF line ends like redis-rdb-tools, so
    /// line-oriented tools (cut, awk) see no stray CR. Formula-looking fields are NOT altered: keys must read back exactly.
    /// </summary>
    public static readonly CsvWriterOptions Csv = CsvWriterOptions.Default with { NewLine = "\n" };

    /// <summary>Expiry text: ISO-8601 UTC with milliseconds ("2026-01-31T23:59:59.000Z"); empty for no TTL.</summary>
    public const string ExpiryFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>
    /// Writes the expiry of <paramref name="expireAtMs"/> (Unix ms, -1 = none) into <paramref name="destination"/> (32 chars).
    /// A value outside years 0001–9999, which only a damaged or hostile file holds, is written as its raw millisecond count.
    /// </summary>
    public static int FormatExpiry(long expireAtMs, Span<char> destination)
    {
        if (expireAtMs == -1) return 0;
        if (expireAtMs >= -62_135_596_800_000L && expireAtMs <= 253_402_300_799_999L)
        {
            var utc = DateTimeOffset.FromUnixTimeMilliseconds(expireAtMs).UtcDateTime;
            utc.TryFormat(destination, out int written, ExpiryFormat, CultureInfo.InvariantCulture);
            return written;
        }
        expireAtMs.TryFormat(destination, out int n, default, CultureInfo.InvariantCulture);
        return n;
    }

    public static string FormatExpiry(long expireAtMs)
    {
        Span<char> buffer = stackalloc char[32];
        return new string(buffer[..FormatExpiry(expireAtMs, buffer)]);
    }

    /// <summary>Bytes as GiB with 2 decimals (charts and HTML state the unit next to it).</summary>
    public static string GiBText(long bytes) => (bytes / GiB).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Human size: B, KiB, MiB, GiB, TiB with 1–2 decimals.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double v = bytes;
        int u = 0;
        while (Math.Abs(v) >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return u == 0
            ? bytes.ToString("N0", CultureInfo.InvariantCulture) + " B"
            : v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " " + units[u];
    }

    public static string Int(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>What a prefix count may be off by, as a sentence: exact when the sketch never evicted anything.</summary>
    public static string PrefixCountBound(long bound) => bound switch
    {
        0 => "every prefix fit in the sketch, so the counts are exact",
        1 => "each count may be high (never low) by up to 1 key",
        _ => $"each count may be high (never low) by up to {Int(bound)} keys",
    };

    public static string Usd(decimal value) => "$" + value.ToString("N2", CultureInfo.InvariantCulture);

    public static string Usd(double value) => "$" + value.ToString("N2", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>The column value redis-rdb-tools writes for a type: it calls sorted sets "sortedset".</summary>
    public static string RdbToolsTypeName(string type) => type == "zset" ? "sortedset" : type;
}
