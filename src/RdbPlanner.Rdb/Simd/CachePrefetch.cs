using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace RdbPlanner.Rdb;

/// <summary>
/// Asks the CPU to start loading the cache line holding a value that will be updated soon. The per-key aggregates
/// update entries of tables indexed at random (slot counters, prefix hash tables) that do not fit in L1/L2 together;
/// issuing the load when the key is read lets it complete while the value is parsed. A hint only: it never changes a
/// result, cannot fault, and is a no-op where SSE is not available (the scalar path is the same code without it).
/// </summary>
public static class CachePrefetch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line<T>(ref T target)
    {
        // A stale address after a GC move only wastes the hint: PREFETCHT0 does not fault (Intel SDM vol. 2B, PREFETCHh).
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref target));
    }
}
