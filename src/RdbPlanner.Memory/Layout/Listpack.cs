using RdbPlanner.Rdb;

namespace RdbPlanner.Memory.Layout;

/// <summary>
/// listpack sizes (memory-model.md §2.6; listpack.c of redis 7.2.4 / valkey 8.1.1): 6-byte header + entries + 0xFF.
/// An entry is encoding+data followed by a backlen of 1–5 bytes. Canonical integers are stored as integers.
/// </summary>
public static class Listpack
{
    /// <summary>Header (u32 total bytes, u16 count) and terminator.</summary>
    public const int Overhead = 7;

    public static int IntegerEncodedBytes(long v)
    {
        if (v >= 0 && v <= 127) return 1;
        if (v >= -4096 && v <= 4095) return 2;
        if (v >= short.MinValue && v <= short.MaxValue) return 3;
        if (v >= -(1 << 23) && v <= (1 << 23) - 1) return 4;
        if (v >= int.MinValue && v <= int.MaxValue) return 5;
        return 9;
    }

    public static long StringEncodedBytes(long length) => length < 64 ? 1 + length : length < 4096 ? 2 + length : 5 + length;

    public static int BacklenBytes(long encodedBytes)
    {
        if (encodedBytes <= 127) return 1;
        if (encodedBytes < 16383) return 2;
        if (encodedBytes < 2097151) return 3;
        if (encodedBytes < 268435455) return 4;
        return 5;
    }

    public static long EntryBytes(in RdbScalar element)
    {
        long enc = element.IsInteger ? IntegerEncodedBytes(element.Integer) : StringEncodedBytes(element.Length);
        return enc + BacklenBytes(enc);
    }

    public static long IntegerEntryBytes(long v)
    {
        int enc = IntegerEncodedBytes(v);
        return enc + BacklenBytes(enc);
    }

    public static long StringEntryBytes(long length)
    {
        long enc = StringEncodedBytes(length);
        return enc + BacklenBytes(enc);
    }

    /// <summary>
    /// Entry for a zset score as zzlInsertAt writes it: d2string text, which lpAppend stores as an integer when it is
    /// a canonical int64. <see cref="ScoreText"/> selects the 7.2+ (grisu, integral |x| ≤ 2^62) or 7.0 (%.17g,
    /// integral |x| &lt; 2^52) rule.
    /// </summary>
    public static long ScoreEntryBytes(double score, ScoreText style)
    {
        if (ScoreFormat.TryInteger(score, style, out long integer)) return IntegerEntryBytes(integer);
        return StringEntryBytes(ScoreFormat.TextLength(score, style));
    }
}
