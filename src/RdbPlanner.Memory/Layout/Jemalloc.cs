namespace RdbPlanner.Memory.Layout;

/// <summary>
/// jemalloc 5.x usable size for a request (memory-model.md §1): q8 = bundled jemalloc (--with-lg-quantum=3),
/// q16 = a distro's system jemalloc. Above the quantum range both use four classes per power of two.
/// </summary>
public static class Jemalloc
{
    public static long Size(long n, AllocatorKind kind)
    {
        if (n <= 8) return 8;
        if (kind == AllocatorKind.JemallocQ8)
        {
            if (n <= 64) return (n + 7) & ~7L;
        }
        else if (n <= 128)
        {
            return (n + 15) & ~15L;
        }
        // Beyond 2^60 rounding no longer matters and would overflow; such requests never succeed anyway.
        if (n > 1L << 60) return n;
        // 2^k < n <= 2^(k+1): classes are spaced 2^(k-2) apart.
        int k = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1));
        long step = 1L << (k - 2);
        return (n + step - 1) & ~(step - 1);
    }
}
