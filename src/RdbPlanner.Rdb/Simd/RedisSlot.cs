namespace RdbPlanner.Rdb;

/// <summary>
/// Cluster slot of a key: CRC16-XMODEM (poly 0x1021, init 0) of the key, or of the text between the first '{' and the
/// next '}' when that text is non-empty, mod 16384 (cluster.c keyHashSlot, redis 7.2.4).
/// </summary>
public static class RedisSlot
{
    public const int Count = 16384;

    private static readonly IByteScanKernel s_scan = ByteScanKernels.Best;
    private static readonly ICrc16Kernel s_crc16 = Crc16Kernels.Best;

    public static int Of(ReadOnlySpan<byte> key)
    {
        if (s_scan.TryFindHashTag(key, out int start, out int length))
        {
            key = key.Slice(start, length);
        }
        return s_crc16.Compute(key) & (Count - 1);
    }

    public static int Crc16(ReadOnlySpan<byte> data) => s_crc16.Compute(data);
}
