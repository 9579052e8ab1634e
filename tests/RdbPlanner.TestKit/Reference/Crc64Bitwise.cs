namespace RdbPlanner.TestKit.Reference;

/// <summary>
/// Bit-at-a-time CRC-64 Jones as Redis defines it (crc64.c, redis 7.2.4): reflected polynomial 0x95AC9329AC4BC9B5
/// (0xad93d23594c935a9 reversed), init 0, no final xor. Deliberately slow and obvious: the reference for the kernels.
/// </summary>
public static class Crc64Bitwise
{
    private const ulong ReflectedPolynomial = 0x95AC9329AC4BC9B5UL;

    public static ulong Compute(ReadOnlySpan<byte> data) => Update(0, data);

    public static ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }
        }
        return crc;
    }
}
