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

    /// <summary>
    /// The slot of a key that arrives in pieces: the reader hands over at most its inline limit of a key (64 KiB) and
    /// streams the rest, whose bytes still decide the slot (the whole key's CRC, or a tag that closes further in). The
    /// same rule as <see cref="Of"/>, a byte at a time: keys this long are rare, and the tests compare the two.
    /// </summary>
    public struct Builder
    {
        private const byte NoBrace = 0, TagEmpty = 1, InTag = 2, TagClosed = 3, EmptyTag = 4;
        private uint _whole;   // CRC of every byte so far
        private uint _tag;     // CRC of the bytes after the first '{'
        private byte _state;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            ushort[] table = Crc16Table8.Tables; // table 0: crc16.c's
            uint whole = _whole, tag = _tag;
            byte state = _state;
            foreach (byte b in bytes)
            {
                whole = Step(table, whole, b);
                if (state == NoBrace)
                {
                    if (b == (byte)'{') state = TagEmpty;
                }
                else if (state is TagEmpty or InTag)
                {
                    if (b == (byte)'}') state = state == TagEmpty ? EmptyTag : TagClosed;
                    else
                    {
                        tag = Step(table, tag, b);
                        state = InTag;
                    }
                }
            }
            _whole = whole;
            _tag = tag;
            _state = state;
        }

        /// <summary>One byte of CRC16-XMODEM with crc16.c's table.</summary>
        private static uint Step(ushort[] table, uint crc, byte b) => ((crc << 8) ^ table[((crc >> 8) ^ b) & 0xFF]) & 0xFFFF;

        /// <summary>The slot of the bytes appended so far, taken as the whole key.</summary>
        public readonly int Slot => (int)((_state == TagClosed ? _tag : _whole) & (Count - 1));
    }
}
