namespace RdbPlanner.Rdb;

/// <summary>
/// CRC-64 "Jones" as Redis computes it over an RDB file (crc64.c, redis 7.2.4): polynomial 0xad93d23594c935a9,
/// reflected in and out, init 0, no final xor. Check value of "123456789" is 0xe9c6d914c4b8d9ca.
/// This facade dispatches to <see cref="Crc64Kernels.Best"/>; call it with large chunks, the folding kernel needs 64+ bytes to pay off.
/// </summary>
public static class Crc64
{
    // Reflected polynomial: the table constant of crc64.c.
    internal const ulong ReflectedPolynomial = 0x95AC9329AC4BC9B5UL;

    private static readonly ICrc64Kernel s_kernel = Crc64Kernels.Best;

    public static ulong Compute(ReadOnlySpan<byte> data) => s_kernel.Update(0, data);

    public static ulong Update(ulong crc, ReadOnlySpan<byte> data) => s_kernel.Update(crc, data);
}
