namespace RdbPlanner.Rdb;

/// <summary>
/// Byte scans over key names: single-byte search (prefix delimiters such as ':') and the cluster hash tag. All kernels give
/// identical answers; <see cref="ByteScanKernels"/> ranks them and <see cref="ByteScan"/> is the facade.
/// </summary>
public interface IByteScanKernel
{
    /// <summary>Stable name, used by <c>RDBPLANNER_FORCE_KERNEL</c> and benchmarks.</summary>
    string Name { get; }

    /// <summary>True when the kernel runs on SIMD hardware rather than plain scalar code (or a software vector emulation).</summary>
    bool IsHardwareAccelerated { get; }

    /// <summary>Index of the first <paramref name="value"/> in <paramref name="data"/>, or -1.</summary>
    int IndexOf(ReadOnlySpan<byte> data, byte value);

    /// <summary>
    /// The cluster hash tag (cluster.c keyHashSlot, redis 7.2.4): the bytes between the first '{' and the first '}' after it,
    /// when there are any. False (and 0, 0) when there is no '{', no '}' after it, or the tag is empty ("{}").
    /// </summary>
    bool TryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length);
}
