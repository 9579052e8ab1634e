using System.Buffers.Binary;
using System.Text;
using RdbPlanner.Rdb;

namespace RdbPlanner.Fuzz;

/// <summary>
/// Writes RDB bytes exactly as told, including lies: forced length widths, counts that disagree with the data, wrong
/// checksums. Used to craft hostile inputs and fuzz seeds; a well-formed writer lives in TestKit (RdbBuilder).
/// Encodings follow memory-model.md §8 (rdb.c rdbSaveLen, listpack.c, ziplist.c, intset.c, zipmap.c of redis 7.2.4).
/// </summary>
public sealed class HostileRdbWriter
{
    private readonly List<byte> _bytes = [];

    public int Version { get; }

    private HostileRdbWriter(string magic, int version, int digits)
    {
        Version = version;
        if (digits > 0) Ascii(magic + version.ToString("D" + digits, System.Globalization.CultureInfo.InvariantCulture));
    }

    public static HostileRdbWriter Redis(int version = 11) => new("REDIS", version, 4);

    public static HostileRdbWriter Valkey(int version = 80) => new("VALKEY", version, 3);

    /// <summary>No header at all: the caller writes whatever it wants.</summary>
    public static HostileRdbWriter Headerless() => new("", 0, 0);

    public int Length => _bytes.Count;

    public HostileRdbWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public HostileRdbWriter Ascii(string text) => Raw(Encoding.ASCII.GetBytes(text));

    /// <summary>A length in its shortest encoding (6-bit, 14-bit, 32-bit or 64-bit, big-endian).</summary>
    public HostileRdbWriter Len(ulong n)
    {
        if (n < 1 << 6) return Raw((byte)n);
        if (n < 1 << 14) return Raw((byte)(0x40 | (n >> 8)), (byte)n);
        return n <= uint.MaxValue ? Len32((uint)n) : Len64(n);
    }

    public HostileRdbWriter Len32(uint n)
    {
        var b = new byte[5];
        b[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(1), n);
        return Raw(b);
    }

    public HostileRdbWriter Len64(ulong n)
    {
        var b = new byte[9];
        b[0] = 0x81;
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(1), n);
        return Raw(b);
    }

    public HostileRdbWriter Str(string s) => Str(Encoding.UTF8.GetBytes(s));

    public HostileRdbWriter Str(byte[] s) => Len((ulong)s.Length).Raw(s);

    /// <summary>An LZF string whose header says what the caller wants (compressed and original lengths).</summary>
    public HostileRdbWriter Lzf(ulong declaredCompressed, ulong declaredOriginal, byte[] payload) =>
        Raw(0xC3).Len(declaredCompressed).Len(declaredOriginal).Raw(payload);

    /// <summary>An LZF string made of one literal run (liblzf: control byte n-1 then n bytes, n ≤ 32).</summary>
    public HostileRdbWriter LzfLiteral(byte[] literal)
    {
        var payload = new List<byte>();
        for (int i = 0; i < literal.Length; i += 32)
        {
            int n = Math.Min(32, literal.Length - i);
            payload.Add((byte)(n - 1));
            payload.AddRange(literal.AsSpan(i, n).ToArray());
        }
        return Lzf((ulong)payload.Count, (ulong)literal.Length, [.. payload]);
    }

    /// <summary>
    /// An LZF string of <paramref name="count"/> copies of one byte: a 1-byte literal, then back references of
    /// distance 1 (len 7 + extra byte, up to 264 bytes each, lzf_d.c), so the result is far larger than the payload.
    /// </summary>
    public HostileRdbWriter LzfRun(byte value, int count)
    {
        var payload = new List<byte> { 0, value };
        int left = count - 1;
        while (left > 0)
        {
            int len = Math.Min(left, 264);
            if (len < 3) { payload.Add((byte)(len - 1)); for (int i = 0; i < len; i++) payload.Add(value); }
            else if (len - 2 < 7) { payload.Add((byte)((len - 2) << 5)); payload.Add(0); }
            else { payload.Add(0xE0); payload.Add((byte)(len - 9)); payload.Add(0); }
            left -= len;
        }
        return Lzf((ulong)payload.Count, (ulong)count, [.. payload]);
    }

    public HostileRdbWriter Aux(string key, string value) => Raw(RdbOpcode.Aux).Str(key).Str(value);

    public HostileRdbWriter SelectDb(ulong db) => Raw(RdbOpcode.SelectDb).Len(db);

    public HostileRdbWriter ResizeDb(ulong keys, ulong expires) => Raw(RdbOpcode.ResizeDb).Len(keys).Len(expires);

    public HostileRdbWriter ExpireMs(long ms)
    {
        var b = new byte[9];
        b[0] = RdbOpcode.ExpireTimeMs;
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(1), ms);
        return Raw(b);
    }

    /// <summary>Type byte and key of a key record; the value follows.</summary>
    public HostileRdbWriter Key(RdbValueType type, string key) => Raw((byte)type).Str(key);

    public HostileRdbWriter StringKey(string key, string value) => Key(RdbValueType.String, key).Str(value);

    /// <summary>EOF opcode and, for version ≥ 5, the CRC64 trailer (correct unless <paramref name="crcXor"/> is non-zero).</summary>
    public byte[] Eof(ulong crcXor = 0)
    {
        Raw(RdbOpcode.Eof);
        if (Version is > 0 and < 5) return ToArray();
        ulong crc = Crc64.Compute(ToArray()) ^ crcXor;
        var t = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(t, crc);
        Raw(t);
        return ToArray();
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>Rewrites the trailing CRC64 of a complete file so that it matches its (possibly corrupted) content.</summary>
    public static byte[] Rechecksum(byte[] file)
    {
        var copy = (byte[])file.Clone();
        ulong crc = Crc64.Compute(copy.AsSpan(0, copy.Length - 8));
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(copy.Length - 8), crc);
        return copy;
    }
}
