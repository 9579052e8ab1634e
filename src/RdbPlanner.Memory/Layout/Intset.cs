namespace RdbPlanner.Memory.Layout;

/// <summary>intset: 8-byte header + n members of the widest width needed (memory-model.md §2.7).</summary>
public static class Intset
{
    public const int HeaderBytes = 8;

    public static int Width(long min, long max)
    {
        if (min >= short.MinValue && max <= short.MaxValue) return 2;
        if (min >= int.MinValue && max <= int.MaxValue) return 4;
        return 8;
    }

    public static long Bytes(long count, int width) => HeaderBytes + count * width;
}
