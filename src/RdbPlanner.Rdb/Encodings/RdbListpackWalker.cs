using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace RdbPlanner.Rdb;

/// <summary>
/// Walks a listpack blob entry by entry (listpack.c, redis 7.2.4 / valkey 8.1.1; memory-model.md §2.6, §8.3).
/// Layout: u32 total bytes, u16 count (65535 = unknown), entries, 0xFF. Entry = encoding + data + backlen,
/// backlen being the entry's encoding+data size as a right-to-left 7-bit varint.
/// Always checked: header size, terminator, every entry's bounds. Strict adds back-lengths and the header count.
/// </summary>
internal ref struct RdbListpackWalker : ICompactWalker
{
    public const int HeaderSize = 6;
    public const int UnknownCount = 65535;

    private readonly ReadOnlySpan<byte> _lp;
    private readonly long _offset;
    private readonly bool _compressed; // LZF blob: report _offset, keep the inner position in the message
    private readonly bool _strict;
    private int _pos;
    private int _count;

    public RdbListpackWalker(ReadOnlySpan<byte> lp, long offset, bool strict, bool compressed = false)
    {
        _lp = lp;
        _offset = offset;
        _compressed = compressed;
        _strict = strict;
        HeaderCount = CheckHeader(lp, lp.Length, offset, compressed);
        if (lp[^1] != 0xFF)
            Fail(lp.Length - 1, $"expected listpack terminator 0xFF, found 0x{lp[^1]:X2}");
        _pos = HeaderSize;
    }

    /// <summary>
    /// The checks of a blob of <paramref name="length"/> bytes that need only its first <see cref="HeaderSize"/> (in
    /// <paramref name="head"/>): its minimum size and the header's total. Returns the header's count. The constructor's
    /// first checks, and all there are for a blob left LZF-compressed (<see cref="RdbItemDetail.Count"/>), whose last
    /// byte, the terminator, is not known.
    /// </summary>
    public static int CheckHeader(ReadOnlySpan<byte> head, int length, long offset, bool compressed)
    {
        if (length < HeaderSize + 1)
            RdbThrow.InBlob(offset, compressed, 0, "listpack", $"listpack of {length} bytes is shorter than its 7-byte minimum");
        uint total = BinaryPrimitives.ReadUInt32LittleEndian(head);
        if (total != (uint)length)
            RdbThrow.InBlob(offset, compressed, 0, "listpack", $"listpack header says {total} bytes but the blob has {length}");
        return BinaryPrimitives.ReadUInt16LittleEndian(head[4..]);
    }

    /// <summary>Entry count from the header, or 65535 when the writer did not know it.</summary>
    public int HeaderCount { get; }

    /// <summary>Entries returned so far.</summary>
    public readonly int Count => _count;

    /// <summary>The declared count, or -1 when unknown.</summary>
    public readonly long DeclaredCount => HeaderCount == UnknownCount ? -1 : HeaderCount;

    // Inlined into each value loop: as a call, its prologue and the zeroing of the entry were a third of its time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(out RdbCompactEntry entry)
    {
        entry = default;
        var lp = _lp;
        int p = _pos;
        int last = lp.Length - 1; // index of the terminator
        byte b = lp[p];
        long size; // encoding + data bytes
        if (b == 0xFF)
        {
            if (p != last)
                Fail(p, $"listpack terminator at byte {p} of {lp.Length}");
            if (_strict && HeaderCount != UnknownCount && HeaderCount != _count)
                Fail(0, $"listpack header count {HeaderCount} differs from its {_count} entries");
            return false;
        }
        if ((b & 0x80) == 0)
        {
            entry.IsInteger = true;
            entry.Integer = b & 0x7F;
            size = 1;
        }
        else if ((b & 0xC0) == 0x80)
        {
            size = 1 + (b & 0x3F);
            if (size > last - p) Overrun(p, size);
            entry.String = lp.Slice(p + 1, (int)size - 1);
        }
        else if ((b & 0xE0) == 0xC0)
        {
            if (2 > last - p) Overrun(p, 2);
            int v = ((b & 0x1F) << 8) | lp[p + 1];
            entry.IsInteger = true;
            entry.Integer = v >= 1 << 12 ? v - (1 << 13) : v;
            size = 2;
        }
        else if ((b & 0xF0) == 0xE0)
        {
            if (2 > last - p) Overrun(p, 2);
            size = 2 + (((b & 0x0F) << 8) | lp[p + 1]);
            if (size > last - p) Overrun(p, size);
            entry.String = lp.Slice(p + 2, (int)size - 2);
        }
        else
        {
            switch (b)
            {
                case 0xF0:
                    if (5 > last - p) Overrun(p, 5);
                    size = 5L + BinaryPrimitives.ReadUInt32LittleEndian(lp[(p + 1)..]);
                    if (size > last - p) Overrun(p, size);
                    entry.String = lp.Slice(p + 5, (int)size - 5);
                    break;
                case 0xF1:
                    if (3 > last - p) Overrun(p, 3);
                    entry.IsInteger = true;
                    entry.Integer = BinaryPrimitives.ReadInt16LittleEndian(lp[(p + 1)..]);
                    size = 3;
                    break;
                case 0xF2:
                    if (4 > last - p) Overrun(p, 4);
                    entry.IsInteger = true;
                    entry.Integer = (lp[p + 1] | (lp[p + 2] << 8) | (lp[p + 3] << 16)) << 8 >> 8;
                    size = 4;
                    break;
                case 0xF3:
                    if (5 > last - p) Overrun(p, 5);
                    entry.IsInteger = true;
                    entry.Integer = BinaryPrimitives.ReadInt32LittleEndian(lp[(p + 1)..]);
                    size = 5;
                    break;
                case 0xF4:
                    if (9 > last - p) Overrun(p, 9);
                    entry.IsInteger = true;
                    entry.Integer = BinaryPrimitives.ReadInt64LittleEndian(lp[(p + 1)..]);
                    size = 9;
                    break;
                default:
                    Fail(p, $"invalid listpack entry encoding 0x{b:X2}");
                    size = 0;
                    break;
            }
        }

        int backlen = BacklenSize(size);
        if (size + backlen > last - p) Overrun(p, size + backlen);
        if (_strict) CheckBacklen(p, (int)size, backlen);
        _pos = p + (int)size + backlen;
        _count++;
        return true;
    }

    /// <summary>
    /// As <see cref="Next"/>, giving only the entry's text length. Every encoding small hashes use (integers up to 64 bits,
    /// strings up to 4095 bytes) is decoded here without building an entry. The 32-bit string form, the terminator, a
    /// Strict walk and any entry that would fail a check go through <see cref="Next"/>, so results and errors are the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NextTextLength(out long textLength)
    {
        var lp = _lp;
        int p = _pos;
        int room = lp.Length - 1 - p; // bytes after this one, before the terminator (≥ 1 unless this is the terminator)
        byte b = lp[p];
        if (!_strict && room >= 2)
        {
            int size; // encoding + data bytes
            long length;
            if (b < 0x80)
            {
                size = 1; // 0xxxxxxx: 7-bit unsigned integer
                length = b < 10 ? 1 : b < 100 ? 2 : 3;
            }
            else if (b < 0xC0)
            {
                size = 1 + (b & 0x3F); // 10xxxxxx: string of up to 63 bytes
                length = size - 1;
            }
            else if (b < 0xE0)
            {
                size = 2; // 110xxxxx yyyyyyyy: 13-bit signed integer
                int v = ((b & 0x1F) << 8) | lp[p + 1];
                length = RdbScalar.DecimalLength(v >= 1 << 12 ? v - (1 << 13) : v);
            }
            else if (b < 0xF0)
            {
                size = 2 + (((b & 0x0F) << 8) | lp[p + 1]); // 1110xxxx yyyyyyyy: string of up to 4095 bytes
                length = size - 2;
            }
            else if (b is >= 0xF1 and <= 0xF4)
            {
                size = b == 0xF4 ? 9 : b - 0xEE; // 16-, 24-, 32- or 64-bit signed integer
                if (size + 1 > room) goto Full;
                long v = b switch
                {
                    0xF1 => BinaryPrimitives.ReadInt16LittleEndian(lp[(p + 1)..]),
                    0xF2 => (lp[p + 1] | (lp[p + 2] << 8) | (lp[p + 3] << 16)) << 8 >> 8,
                    0xF3 => BinaryPrimitives.ReadInt32LittleEndian(lp[(p + 1)..]),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(lp[(p + 1)..]),
                };
                length = RdbScalar.DecimalLength(v);
            }
            else
            {
                goto Full;
            }
            int end = size + (size <= 127 ? 1 : 2); // with the back-length (these entries stay below 16383 bytes)
            if (end <= room)
            {
                textLength = length;
                _pos = p + end;
                _count++;
                return true;
            }
        }
    Full:
        bool more = Next(out var entry);
        textLength = more ? entry.TextLength : 0;
        return more;
    }

    /// <summary>Size of the back-length field for an entry of <paramref name="size"/> bytes (listpack.c lpEncodeBacklen).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BacklenSize(long size) =>
        size <= 127 ? 1 : size < 16383 ? 2 : size < 2097151 ? 3 : size < 268435455 ? 4 : 5;

    private readonly void CheckBacklen(int p, int size, int backlen)
    {
        // Read right to left: each byte holds 7 bits; a set high bit means another byte follows to the left.
        int q = p + size + backlen - 1;
        long value = 0;
        int shift = 0;
        int used = 0;
        while (true)
        {
            byte c = _lp[q - used];
            value |= (long)(c & 0x7F) << shift;
            used++;
            shift += 7;
            if ((c & 0x80) == 0 || used == backlen) break;
        }
        if (value != size || used != backlen)
            Fail(p + size, $"listpack back-length {value} ({used} bytes) does not match the entry size {size}");
    }

    private readonly void Overrun(int p, long size) =>
        Fail(p, $"listpack entry of {size} bytes at byte {p} runs past the end of the {_lp.Length}-byte blob");

    [DoesNotReturn]
    private readonly void Fail(long p, string message) => RdbThrow.InBlob(_offset, _compressed, p, "listpack", message);

    [DoesNotReturn]
    private readonly T Fail<T>(long p, string message) => RdbThrow.InBlob<T>(_offset, _compressed, p, "listpack", message);
}
