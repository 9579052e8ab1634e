namespace RdbPlanner.Rdb.Tests;

/// <summary>
/// CRC-64 Jones one bit at a time, straight from the definition (reflected polynomial 0x95ac9329ac4bc9b5, init 0, no xorout;
/// crc64.c, redis 7.2.4). Deliberately naive: it shares no tables or tricks with the kernels it checks.
/// </summary>
internal static class Crc64BitwiseReference
{
    public static ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x95AC9329AC4BC9B5UL : crc >> 1;
            }
        }
        return crc;
    }
}
