using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit.Reference;

namespace RdbPlanner.TestKit;

/// <summary>How a length is written: the shortest form, or a forced width (every form must be accepted).</summary>
public enum LengthWidth
{
    Auto,
    Bits6,
    Bits14,
    Bits32,
    Bits64,
}

/// <summary>How the file ends.</summary>
public enum TrailerMode
{
    /// <summary>EOF + the correct CRC64 (version ≥ 5).</summary>
    Valid,
    /// <summary>EOF + eight zero bytes (rdbchecksum no).</summary>
    Zero,
    /// <summary>EOF + a CRC64 with one bit flipped.</summary>
    Corrupt,
    /// <summary>EOF only (what versions below 5 write).</summary>
    EofOnly,
}

/// <summary>
/// Test-only RDB writer for edge cases (memory-model.md §8): appends primitives and whole records in file order.
/// Encodings are written from the format description, never by calling the reader under test.
/// </summary>
public sealed class RdbBuilder
{
    private readonly MemoryStream _out = new();

    public RdbBuilder(int version = 11, string magic = "REDIS", bool writeHeader = true)
    {
        Magic = magic;
        Version = version;
        if (!writeHeader) return;
        string header = magic == "VALKEY"
            ? "VALKEY" + version.ToString("D3", CultureInfo.InvariantCulture)
            : magic + version.ToString("D4", CultureInfo.InvariantCulture);
        Raw(Encoding.ASCII.GetBytes(header));
    }

    public string Magic { get; }

    public int Version { get; }

    public long BytesWritten => _out.Length;

    public static RdbBuilder Valkey(int version = 80) => new(version, "VALKEY");

    /// <summary>A builder for a piece of a file (no header), e.g. to append records to a generated stream.</summary>
    public static RdbBuilder Fragment(int version = 11) => new(version, "REDIS", writeHeader: false);

    // ---- primitives ----

    public RdbBuilder Raw(params byte[] bytes)
    {
        _out.Write(bytes);
        return this;
    }

    public RdbBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _out.Write(bytes);
        return this;
    }

    public RdbBuilder Byte(byte b)
    {
        _out.WriteByte(b);
        return this;
    }

    public RdbBuilder Int32LE(int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, v);
        return Raw(b);
    }

    public RdbBuilder Int64LE(long v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, v);
        return Raw(b);
    }

    public RdbBuilder DoubleLE(double v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, v);
        return Raw(b);
    }

    /// <summary>A length: 6 bit, 14 bit (big-endian), 0x80 + u32 BE or 0x81 + u64 BE (rdbSaveLen).</summary>
    public RdbBuilder Length(ulong value, LengthWidth width = LengthWidth.Auto)
    {
        if (width == LengthWidth.Auto)
            width = value < 1 << 6 ? LengthWidth.Bits6 : value < 1 << 14 ? LengthWidth.Bits14 : value <= uint.MaxValue ? LengthWidth.Bits32 : LengthWidth.Bits64;
        switch (width)
        {
            case LengthWidth.Bits6:
                if (value >= 1 << 6) throw new ArgumentOutOfRangeException(nameof(value));
                return Byte((byte)value);
            case LengthWidth.Bits14:
                if (value >= 1 << 14) throw new ArgumentOutOfRangeException(nameof(value));
                return Byte((byte)(0x40 | (value >> 8))).Byte((byte)value);
            case LengthWidth.Bits32:
            {
                if (value > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(value));
                Span<byte> b = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(b, (uint)value);
                return Byte(0x80).Raw(b);
            }
            default:
            {
                Span<byte> b = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(b, value);
                return Byte(0x81).Raw(b);
            }
        }
    }

    public RdbBuilder Length(long value, LengthWidth width = LengthWidth.Auto) => Length((ulong)value, width);

    /// <summary>A raw (length-prefixed) string.</summary>
    public RdbBuilder RawString(ReadOnlySpan<byte> s, LengthWidth width = LengthWidth.Auto) => Length((ulong)s.Length, width).Raw(s);

    public RdbBuilder String(string s) => RawString(Encoding.UTF8.GetBytes(s));

    /// <summary>An integer-encoded string: 0xC0 int8, 0xC1 int16 LE, 0xC2 int32 LE; <paramref name="encoding"/> forces one.</summary>
    public RdbBuilder IntString(long v, int encoding = -1)
    {
        if (encoding < 0) encoding = v is >= sbyte.MinValue and <= sbyte.MaxValue ? 0 : v is >= short.MinValue and <= short.MaxValue ? 1 : 2;
        Byte((byte)(0xC0 | encoding));
        return encoding switch
        {
            0 => Byte((byte)(sbyte)v),
            1 => Raw(BitConverter.GetBytes((short)v)),
            _ => Int32LE(checked((int)v)),
        };
    }

    /// <summary>An LZF string (0xC3, len(compressed), len(original), data) compressed by the TestKit reference compressor.</summary>
    public RdbBuilder LzfString(ReadOnlySpan<byte> data)
    {
        var compressed = LzfCompressor.Compress(data);
        return LzfRaw(compressed, data.Length);
    }

    /// <summary>An LZF string with explicit (possibly lying) lengths.</summary>
    public RdbBuilder LzfRaw(ReadOnlySpan<byte> compressed, long claimedLength) =>
        Byte(0xC3).Length((ulong)compressed.Length).Length((ulong)claimedLength).Raw(compressed);

    // ---- records ----

    public RdbBuilder Aux(string key, string value) => Byte(RdbOpcode.Aux).String(key).String(value);

    public RdbBuilder SelectDb(int db) => Byte(RdbOpcode.SelectDb).Length((ulong)db);

    public RdbBuilder ResizeDb(long keys, long expires) => Byte(RdbOpcode.ResizeDb).Length(keys).Length(expires);

    public RdbBuilder ExpireMs(long unixMs) => Byte(RdbOpcode.ExpireTimeMs).Int64LE(unixMs);

    public RdbBuilder ExpireSeconds(int unixSeconds) => Byte(RdbOpcode.ExpireTime).Int32LE(unixSeconds);

    public RdbBuilder Idle(long seconds) => Byte(RdbOpcode.Idle).Length(seconds);

    public RdbBuilder Freq(byte counter) => Byte(RdbOpcode.Freq).Byte(counter);

    public RdbBuilder SlotInfo(int slot, long keys, long expires) => Byte(RdbOpcode.SlotInfo).Length(slot).Length(keys).Length(expires);

    public RdbBuilder Function2(string code) => Byte(RdbOpcode.Function2).String(code);

    /// <summary>Type byte and key: the start of every key record.</summary>
    public RdbBuilder Key(byte type, string key) => Byte(type).String(key);

    public RdbBuilder Key(RdbValueType type, string key) => Key((byte)type, key);

    public RdbBuilder StringKey(string key, string value) => Key(RdbValueType.String, key).String(value);

    public RdbBuilder ListKey(string key, params string[] items)
    {
        Key(RdbValueType.List, key).Length(items.Length);
        foreach (var s in items) String(s);
        return this;
    }

    public RdbBuilder SetKey(string key, params string[] members)
    {
        Key(RdbValueType.Set, key).Length(members.Length);
        foreach (var s in members) String(s);
        return this;
    }

    public RdbBuilder HashKey(string key, params (string Field, string Value)[] pairs)
    {
        Key(RdbValueType.Hash, key).Length(pairs.Length);
        foreach (var (f, v) in pairs) String(f).String(v);
        return this;
    }

    /// <summary>Type 3 (ASCII scores; NaN/±inf as 253/254/255) or type 5 (binary doubles).</summary>
    public RdbBuilder ZSetKey(string key, bool binaryScores, params (string Member, double Score)[] entries)
    {
        Key(binaryScores ? RdbValueType.ZSet2 : RdbValueType.ZSet, key).Length(entries.Length);
        foreach (var (m, score) in entries)
        {
            String(m);
            if (binaryScores) DoubleLE(score);
            else if (double.IsNaN(score)) Byte(253);
            else if (double.IsPositiveInfinity(score)) Byte(254);
            else if (double.IsNegativeInfinity(score)) Byte(255);
            else
            {
                var text = Encoding.ASCII.GetBytes(score.ToString("R", CultureInfo.InvariantCulture));
                Byte((byte)text.Length).Raw(text);
            }
        }
        return this;
    }

    /// <summary>A key whose value is one blob string (types 9–13, 16, 17, 20, 23), raw or LZF-compressed.</summary>
    public RdbBuilder BlobKey(RdbValueType type, string key, byte[] blob, bool lzf = false)
    {
        Key(type, key);
        return lzf ? LzfString(blob) : RawString(blob);
    }

    /// <summary>Type 14: ziplist nodes.</summary>
    public RdbBuilder QuicklistKey(string key, params byte[][] ziplists)
    {
        Key(RdbValueType.ListQuicklist, key).Length(ziplists.Length);
        foreach (var z in ziplists) RawString(z);
        return this;
    }

    /// <summary>Type 18: nodes as (container 1 PLAIN / 2 PACKED, bytes).</summary>
    public RdbBuilder Quicklist2Key(string key, params (int Container, byte[] Data)[] nodes) => Quicklist2Key(key, lzf: false, nodes);

    /// <summary>Type 18, with every PACKED node LZF-compressed when <paramref name="lzf"/> is set.</summary>
    public RdbBuilder Quicklist2Key(string key, bool lzf, params (int Container, byte[] Data)[] nodes)
    {
        Key(RdbValueType.ListQuicklist2, key).Length(nodes.Length);
        foreach (var (c, d) in nodes)
        {
            Length(c);
            if (lzf && c == 2) LzfString(d);
            else RawString(d);
        }
        return this;
    }

    /// <summary>Module value (type 7) with the opcode stream written by <paramref name="body"/> (must end with opcode 0).</summary>
    public RdbBuilder ModuleKey(string key, ulong moduleId, Action<RdbBuilder> body)
    {
        Key(RdbValueType.Module2, key).Length(moduleId);
        body(this);
        return this;
    }

    public RdbBuilder ModuleAux(ulong moduleId, ulong when, Action<RdbBuilder> body)
    {
        Byte(RdbOpcode.ModuleAux).Length(moduleId).Length(2).Length(when);
        body(this);
        return this;
    }

    /// <summary>Module type id from a 9-character name and an encoding version (module.c moduleTypeEncodeId).</summary>
    public static ulong ModuleId(string name, int encodingVersion)
    {
        const string charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        if (name.Length != 9) throw new ArgumentException("module type names have 9 characters", nameof(name));
        ulong id = 0;
        foreach (char c in name)
        {
            int i = charset.IndexOf(c, StringComparison.Ordinal);
            if (i < 0) throw new ArgumentException($"invalid module name character {c}", nameof(name));
            id = (id << 6) | (uint)i;
        }
        return (id << 10) | (uint)(encodingVersion & 1023);
    }

    /// <summary>Appends EOF and the trailer (default: a valid CRC64 from version 5 on, none before); returns the whole file.</summary>
    public byte[] Build(TrailerMode? mode = null)
    {
        var trailer = mode ?? (Version >= 5 || Magic == "VALKEY" ? TrailerMode.Valid : TrailerMode.EofOnly);
        var body = new MemoryStream();
        _out.Position = 0;
        _out.CopyTo(body);
        body.WriteByte(RdbOpcode.Eof);
        if (trailer != TrailerMode.EofOnly)
        {
            ulong crc = trailer switch
            {
                TrailerMode.Zero => 0,
                TrailerMode.Corrupt => Crc64Bitwise.Compute(body.ToArray()) ^ 0x10,
                _ => Crc64Bitwise.Compute(body.ToArray()),
            };
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(b, crc);
            body.Write(b);
        }
        _out.Position = _out.Length;
        return body.ToArray();
    }

    /// <summary>The bytes written so far, without EOF or trailer (for truncation tests and hand-made endings).</summary>
    public byte[] ToArrayWithoutEnd() => _out.ToArray();
}
