namespace RdbPlanner.Rdb;

/// <summary>
/// Cluster slot of a key: CRC16-XMODEM (poly 0x1021, init 0) of the key, or of the text between the first '{' and the
/// next '}' when that text is non-empty, mod 16384 (cluster.c keyHashSlot, redis 7.2.4).
/// </summary>
public static class RedisSlot
{
    public const int Count = 16384;

    private static readonly ushort[] s_table = BuildTable();

    public static int Of(ReadOnlySpan<byte> key)
    {
        int open = key.IndexOf((byte)'{');
        if (open >= 0)
        {
            int close = key[(open + 1)..].IndexOf((byte)'}');
            if (close > 0)
            {
                key = key.Slice(open + 1, close);
            }
        }
        return Crc16(key) & (Count - 1);
    }

    public static int Crc16(ReadOnlySpan<byte> data)
    {
        var table = s_table;
        uint crc = 0;
        foreach (byte b in data)
        {
            crc = (uint)((crc << 8) ^ table[((crc >> 8) ^ b) & 0xFF]) & 0xFFFF;
        }
        return (int)crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            int c = i << 8;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 0x8000) != 0 ? (c << 1) ^ 0x1021 : c << 1;
            }
            table[i] = (ushort)(c & 0xFFFF);
        }
        return table;
    }
}
