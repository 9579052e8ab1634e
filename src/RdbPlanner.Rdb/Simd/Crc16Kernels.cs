namespace RdbPlanner.Rdb;

/// <summary>Ranks the CRC16 kernels; <see cref="Best"/> is what <see cref="RedisSlot"/> uses (or the one <c>RDBPLANNER_FORCE_KERNEL</c> names).</summary>
public static class Crc16Kernels
{
    // Carry-less folding first where the CPU has it (it hands keys under 16 bytes to slice-by-8), then slice-by-8: keys are
    // mostly 10–60 bytes, long enough for its 8-byte steps (bench/results: Crc16Bench).
    private static readonly ICrc16Kernel[] s_all = Crc16ClmulFold.IsSupported
        ? [Crc16ClmulFold.Instance, Crc16Table8.Instance, Crc16Table1.Instance]
        : [Crc16Table8.Instance, Crc16Table1.Instance];

    /// <summary>Every kernel this CPU runs, best first; the table ones are scalar and run everywhere.</summary>
    public static IReadOnlyList<ICrc16Kernel> Available { get; } = s_all;

    public static ICrc16Kernel Best { get; } = KernelForce.Select("Crc16", s_all, k => k.Name, _ => true, s_all[0]);

    public static ICrc16Kernel Get(string name) =>
        s_all.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"CRC16 kernel '{name}' is unknown; available: {string.Join(", ", s_all.Select(k => k.Name))}.");
}
