namespace RdbPlanner.Rdb;

/// <summary>
/// Ranks the byte-scan kernels. <see cref="Available"/> lists every variant, including vector widths this CPU only emulates in
/// software (they still give correct answers, so tests run them); <see cref="Best"/> is the first accelerated one, or the one
/// named by <c>RDBPLANNER_FORCE_KERNEL</c> (e.g. <c>ByteScanScalar</c>).
/// </summary>
public static class ByteScanKernels
{
    // Preference order, measured (bench/results/amd-epyc/ByteScanBench.md, AVX-512 CPU): the runtime's IndexOf wins on both
    // key sets, 1.2x the best hand-written kernel on gen_bench-like keys (10–60 bytes, where ours fall back to narrower
    // vectors or scalar code below 32 bytes) and 3x on 100–300-byte keys; the hand-written widths come next, scalar last.
    private static readonly IByteScanKernel[] s_all =
    [
        ByteScanIndexOf.Instance, ByteScanVector<ByteVector256>.Instance, ByteScanVector<ByteVector512>.Instance, ByteScanVector<ByteVector128>.Instance,
        ByteScanScalar.Instance,
    ];

    /// <summary>Every kernel, best first; all run on any CPU.</summary>
    public static IReadOnlyList<IByteScanKernel> Available { get; } = s_all;

    /// <summary>The kernels this CPU runs in SIMD hardware, best first.</summary>
    public static IReadOnlyList<IByteScanKernel> Accelerated { get; } = [.. s_all.Where(k => k.IsHardwareAccelerated)];

    /// <summary>The kernel <see cref="ByteScan"/> and <see cref="RedisSlot"/> use.</summary>
    public static IByteScanKernel Best { get; } = KernelForce.Select(
        "ByteScan", s_all, k => k.Name, _ => true, Accelerated.Count > 0 ? Accelerated[0] : ByteScanScalar.Instance);

    /// <summary>The kernel with this name, for tests and benchmarks.</summary>
    public static IByteScanKernel Get(string name) =>
        s_all.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"byte-scan kernel '{name}' is unknown; available: {string.Join(", ", s_all.Select(k => k.Name))}.");

    /// <summary>Shared end of every hash-tag search: '{' at <paramref name="open"/> (or none when ≥ length), first '}' after it at <paramref name="close"/> (or none when ≥ length).</summary>
    internal static bool Tag(int open, int close, int keyLength, out int start, out int length)
    {
        if (open < keyLength && close < keyLength && close > open + 1)
        {
            start = open + 1;
            length = close - open - 1;
            return true;
        }
        start = length = 0;
        return false;
    }
}
