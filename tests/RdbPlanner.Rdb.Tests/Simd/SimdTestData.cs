namespace RdbPlanner.Rdb.Tests;

/// <summary>Shared sizes and seeded inputs for the kernel tests.</summary>
internal static class SimdTestData
{
    /// <summary>Widest vector any kernel uses (Vector512), in bytes; lengths are tested up to 4× this + 1.</summary>
    public const int WidestVector = 64;

    public const int MaxLength = (4 * WidestVector) + 1;

    public const int MaxOffset = 63;

    /// <summary>Seeded random bytes, so a failure reproduces exactly.</summary>
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
