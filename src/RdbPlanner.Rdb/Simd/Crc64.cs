namespace RdbPlanner.Rdb;

/// <summary>
/// CRC-64 "Jones" as Redis computes it over an RDB file (crc64.c, redis 7.2.4): polynomial 0xad93d23594c935a9,
/// reflected in and out, init 0, no final xor. Check value of "123456789" is 0xe9c6d914c4b8d9ca.
/// This facade dispatches to the best kernel (see Crc64Kernels); the table kernel is the shipped scalar variant.
/// </summary>
public static class Crc64
{
    // Reflected polynomial: the table constant of crc64.c.
    internal const ulong ReflectedPolynomial = 0x95AC9329AC4BC9B5UL;

    private static readonly ulong[] s_table = BuildTable();

    public static ulong Compute(ReadOnlySpan<byte> data) => Update(0, data);

    public static ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        var table = s_table;
        foreach (byte b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }
        return crc;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (uint i = 0; i < 256; i++)
        {
            ulong c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ ReflectedPolynomial : c >> 1;
            }
            table[i] = c;
        }
        return table;
    }
}
