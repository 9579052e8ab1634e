namespace RdbPlanner.Rdb;

/// <summary>
/// One implementation of CRC-64 Jones (see <see cref="Crc64"/>). Every kernel gives bit-identical results; they differ only in speed
/// and in the instructions they need. <see cref="Crc64Kernels"/> ranks them.
/// </summary>
public interface ICrc64Kernel
{
    /// <summary>Stable name, used by <c>RDBPLANNER_FORCE_KERNEL</c> and benchmarks (the type name, e.g. <c>Crc64PclmulFold</c>).</summary>
    string Name { get; }

    /// <summary>True when the kernel runs on SIMD/carry-less-multiply hardware rather than plain scalar code.</summary>
    bool IsHardwareAccelerated { get; }

    /// <summary>Continues <paramref name="crc"/> (0 for a fresh computation) over <paramref name="data"/>.</summary>
    ulong Update(ulong crc, ReadOnlySpan<byte> data);
}
