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

    /// <summary>
    /// The CRC of A followed by B from the CRCs of each (B's computed from 0), without the data: parts of a file hashed
    /// on different threads give the file's CRC. With init 0 and no final xor the CRC is linear, so
    /// crc(A‖B) = crc(A) advanced over |B| zero bytes, xor crc(B). The advance over 2^i zero bytes is a 64 × 64 matrix
    /// over GF(2), the one-zero-bit operator raised to 8 · 2^i by squaring (the method of zlib's crc32_combine, after
    /// Mark Adler); the 63 of them are built once, so a combination costs one matrix-vector product per bit of |B|.
    /// </summary>
    public static ulong Combine(ulong crcA, ulong crcB, long lengthB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthB);
        var powers = s_zeroBytePowers.Value;
        for (int i = 0; lengthB != 0; i++, lengthB >>= 1)
        {
            if ((lengthB & 1) != 0) crcA = Times(powers[i], crcA);
        }
        return crcA ^ crcB;
    }

    // [i]: the operator that advances a CRC over 2^i zero bytes.
    private static readonly Lazy<ulong[][]> s_zeroBytePowers = new(() =>
    {
        var bit = new ulong[64];
        // One zero bit: bit 0 shifts out and brings in the polynomial; every other bit moves down by one.
        bit[0] = ReflectedPolynomial;
        for (int i = 1; i < 64; i++) bit[i] = 1UL << (i - 1);
        var m = bit;
        for (int square = 0; square < 3; square++) m = Square(m); // 8 zero bits: one byte
        var powers = new ulong[63][];
        for (int i = 0; i < powers.Length; i++)
        {
            powers[i] = m;
            m = Square(m);
        }
        return powers;
    });

    private static ulong Times(ulong[] matrix, ulong vector)
    {
        ulong sum = 0;
        for (int i = 0; vector != 0; i++, vector >>= 1)
        {
            if ((vector & 1) != 0) sum ^= matrix[i];
        }
        return sum;
    }

    private static ulong[] Square(ulong[] matrix)
    {
        var square = new ulong[64];
        for (int i = 0; i < 64; i++) square[i] = Times(matrix, matrix[i]);
        return square;
    }
}
