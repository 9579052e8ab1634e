namespace RdbPlanner.Analysis;

/// <summary>Buckets of <see cref="TtlHistogram"/>, relative to the snapshot time (AUX ctime).</summary>
internal static class TtlClassifier
{
    private const long Hour = 3_600_000, Day = 24 * Hour;

    public static int Bucket(long expireAtMs, long referenceMs)
    {
        if (expireAtMs < 0) return 0;
        long left = expireAtMs - referenceMs;
        if (left <= 0) return 1;
        if (left < Hour) return 2;
        if (left < Day) return 3;
        if (left < 7 * Day) return 4;
        if (left < 30 * Day) return 5;
        return 6;
    }
}
