namespace RdbPlanner.Rdb;

/// <summary>
/// Ranks the CRC-64 kernels. <see cref="Best"/> is what <see cref="Crc64"/> uses: the first of <see cref="Accelerated"/>, the
/// table kernel when none is, or the kernel named by <c>RDBPLANNER_FORCE_KERNEL</c> (e.g. <c>Crc64Table8</c>).
/// </summary>
public static class Crc64Kernels
{
    // Preference order, measured on 1 MiB (bench/results/amd-epyc/Crc64Bench.md): 512-bit folding 28x slice-by-8, 128-bit
    // folding 9x; both fall back to the narrower path below their minimum length. The table kernel runs everywhere.
    private static readonly ICrc64Kernel[] s_all = [Crc64VpclmulFold512.Instance, Crc64PclmulFold.Instance, Crc64Table8.Instance];

    /// <summary>Every kernel that runs on this CPU, best first.</summary>
    public static IReadOnlyList<ICrc64Kernel> Available { get; } = [.. s_all.Where(IsSupported)];

    /// <summary>The available kernels that use SIMD or carry-less-multiply hardware, best first.</summary>
    public static IReadOnlyList<ICrc64Kernel> Accelerated { get; } = [.. Available.Where(k => k.IsHardwareAccelerated)];

    /// <summary>The kernel <see cref="Crc64"/> dispatches to.</summary>
    public static ICrc64Kernel Best { get; } = KernelForce.Select(
        "Crc64", s_all, k => k.Name, IsSupported, Accelerated.Count > 0 ? Accelerated[0] : Crc64Table8.Instance);

    /// <summary>The kernel with this name, for tests and benchmarks; throws when it is unknown or this CPU cannot run it.</summary>
    public static ICrc64Kernel Get(string name) =>
        Available.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"CRC-64 kernel '{name}' is unknown or unsupported here; available: {string.Join(", ", Available.Select(k => k.Name))}.");

    private static bool IsSupported(ICrc64Kernel kernel) => kernel switch
    {
        Crc64VpclmulFold512 => Crc64VpclmulFold512.IsSupported,
        Crc64PclmulFold => Crc64PclmulFold.IsSupported,
        _ => true,
    };
}
