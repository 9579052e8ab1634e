using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace RdbPlanner.Rdb;

/// <summary>
/// Walks a ziplist blob (ziplist.c, redis 7.2.4; memory-model.md §8.3): u32 zlbytes, u32 zltail, u16 zllen
/// (65535 = unknown), entries, 0xFF. Entry = prevlen (1 byte, or 0xFE + u32 LE) + encoding + data.
/// Always checked: header size, terminator, entry bounds and the entry count (engines validate ziplists deeply on
/// load because they convert them). Strict adds prevlen and zltail consistency.
/// </summary>
internal ref struct RdbZiplistWalker : ICompactWalker
{
    public const int HeaderSize = 10;
    public const int UnknownCount = 65535;

    private readonly ReadOnlySpan<byte> _zl;
    private readonly long _offset;
    private readonly bool _compressed; // LZF blob: report _offset, keep the inner position in the message
    private readonly bool _strict;
    private readonly uint _tail;
    private int _pos;
    private int _count;
    private int _prevEntrySize;
    private int _lastEntryStart;

    public RdbZiplistWalker(ReadOnlySpan<byte> zl, long offset, bool strict, bool compressed = false)
    {
        _zl = zl;
        _offset = offset;
        _compressed = compressed;
        _strict = strict;
        if (zl.Length < HeaderSize + 1)
            Fail(0, $"ziplist of {zl.Length} bytes is shorter than its 11-byte minimum");
        uint total = BinaryPrimitives.ReadUInt32LittleEndian(zl);
        if (total != (uint)zl.Length)
            Fail(0, $"ziplist header says {total} bytes but the blob has {zl.Length}");
        if (zl[^1] != 0xFF)
            Fail(zl.Length - 1, $"expected ziplist terminator 0xFF, found 0x{zl[^1]:X2}");
        _tail = BinaryPrimitives.ReadUInt32LittleEndian(zl[4..]);
        if (_tail > (uint)zl.Length - 1)
            Fail(4, $"ziplist tail offset {_tail} is outside the {zl.Length}-byte blob");
        HeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(zl[8..]);
        _pos = HeaderSize;
        _lastEntryStart = HeaderSize;
    }

    public int HeaderCount { get; }

    public readonly long DeclaredCount => HeaderCount == UnknownCount ? -1 : HeaderCount;

    public readonly int Count => _count;

    public bool NextTextLength(out long textLength)
    {
        bool more = Next(out var entry);
        textLength = more ? entry.TextLength : 0;
        return more;
    }

    public bool Next(out RdbCompactEntry entry)
    {
        entry = default;
        var zl = _zl;
        int p = _pos;
        int last = zl.Length - 1;
        byte b = zl[p];
        if (b == 0xFF)
        {
            if (p != last)
                Fail(p, $"ziplist terminator at byte {p} of {zl.Length}");
            if (HeaderCount != UnknownCount && HeaderCount != _count)
                Fail(8, $"ziplist header count {HeaderCount} differs from its {_count} entries");
            if (_strict && _tail != (uint)_lastEntryStart)
                Fail(4, $"ziplist tail offset {_tail} does not point at its last entry ({_lastEntryStart})");
            return false;
        }

        int prevlenSize;
        long prevlen;
        if (b < 254)
        {
            prevlenSize = 1;
            prevlen = b;
        }
        else
        {
            // 0xFE: the real previous length follows as u32 LE.
            if (5 > last - p) Overrun(p, 5);
            prevlenSize = 5;
            prevlen = BinaryPrimitives.ReadUInt32LittleEndian(zl[(p + 1)..]);
        }
        if (_strict && prevlen != _prevEntrySize)
            Fail(p, $"ziplist prevlen {prevlen} differs from the previous entry's {_prevEntrySize} bytes");

        int e = p + prevlenSize;
        if (e >= last) Overrun(p, prevlenSize + 1);
        byte enc = zl[e];
        long headerSize; // prevlen + encoding
        long dataSize;
        switch (enc >> 6)
        {
            case 0:
                headerSize = prevlenSize + 1;
                dataSize = enc & 0x3F;
                break;
            case 1:
                if (2 > last - e) Overrun(p, prevlenSize + 2);
                headerSize = prevlenSize + 2;
                dataSize = ((enc & 0x3F) << 8) | zl[e + 1];
                break;
            case 2:
                if (_strict && enc != 0x80)
                    Fail(e, $"invalid ziplist string encoding 0x{enc:X2}");
                if (5 > last - e) Overrun(p, prevlenSize + 5);
                headerSize = prevlenSize + 5;
                dataSize = BinaryPrimitives.ReadUInt32BigEndian(zl[(e + 1)..]);
                break;
            default:
                headerSize = prevlenSize + 1;
                entry.IsInteger = true;
                dataSize = enc switch
                {
                    0xC0 => 2,
                    0xD0 => 4,
                    0xE0 => 8,
                    0xF0 => 3,
                    0xFE => 1,
                    >= 0xF1 and <= 0xFD => 0,
                    _ => Fail<long>(e, $"invalid ziplist entry encoding 0x{enc:X2}"),
                };
                break;
        }

        long size = headerSize + dataSize;
        if (size > last - p) Overrun(p, size);
        int d = p + (int)headerSize;
        if (entry.IsInteger)
        {
            entry.Integer = enc switch
            {
                0xC0 => BinaryPrimitives.ReadInt16LittleEndian(zl[d..]),
                0xD0 => BinaryPrimitives.ReadInt32LittleEndian(zl[d..]),
                0xE0 => BinaryPrimitives.ReadInt64LittleEndian(zl[d..]),
                0xF0 => (zl[d] | (zl[d + 1] << 8) | (zl[d + 2] << 16)) << 8 >> 8,
                0xFE => (sbyte)zl[d],
                _ => (enc & 0x0F) - 1,
            };
        }
        else
        {
            entry.String = zl.Slice(d, (int)dataSize);
        }
        _lastEntryStart = p;
        _prevEntrySize = (int)size;
        _pos = p + (int)size;
        _count++;
        return true;
    }

    private readonly void Overrun(int p, long size) =>
        Fail(p, $"ziplist entry of {size} bytes at byte {p} runs past the end of the {_zl.Length}-byte blob");

    [DoesNotReturn]
    private readonly void Fail(long p, string message) => RdbThrow.InBlob(_offset, _compressed, p, "ziplist", message);

    [DoesNotReturn]
    private readonly T Fail<T>(long p, string message) => RdbThrow.InBlob<T>(_offset, _compressed, p, "ziplist", message);
}
