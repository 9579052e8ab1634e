using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace RdbPlanner.Rdb;

/// <summary>
/// Software prefetch for tables too large to stay in cache and hit at random, one line per key (the per-slot counters
/// of DatasetEstimator, the next victims of the prefix sketch's evictions). A hint only: without SSE (non-x86) it does
/// nothing, and results never depend on it.
/// </summary>
public static class CacheHint
{
    /// <summary>Asks for the cache line holding <paramref name="target"/> to be loaded into all cache levels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T target)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref target));
    }
}
