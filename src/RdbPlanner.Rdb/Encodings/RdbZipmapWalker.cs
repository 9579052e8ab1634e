using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace RdbPlanner.Rdb;

/// <summary>
/// Walks a zipmap blob (zipmap.c, redis 2.x–7.2): 1-byte pair count (254 = unknown), then pairs of
/// len(key) key len(value) free-byte value padding, then 0xFF. A len is one byte below 254, else 254 + u32 LE.
/// The count is always checked because every engine validates zipmaps deeply before converting them
/// (zipmapValidateIntegrity).
/// </summary>
internal ref struct RdbZipmapWalker
{
    public const int UnknownCount = 254;

    private readonly ReadOnlySpan<byte> _zm;
    private readonly long _offset;
    private readonly bool _compressed; // LZF blob: report _offset, keep the inner position in the message
    private int _pos;
    private int _pairs;

    public RdbZipmapWalker(ReadOnlySpan<byte> zm, long offset, bool compressed = false)
    {
        _zm = zm;
        _offset = offset;
        _compressed = compressed;
        if (zm.Length < 2)
            Fail(0, $"zipmap of {zm.Length} bytes is shorter than its 2-byte minimum");
        if (zm[^1] != 0xFF)
            Fail(zm.Length - 1, $"expected zipmap terminator 0xFF, found 0x{zm[^1]:X2}");
        HeaderCount = zm[0];
        _pos = 1;
    }

    public int HeaderCount { get; }

    public readonly long DeclaredCount => HeaderCount >= UnknownCount ? -1 : HeaderCount;

    public bool Next(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        key = default;
        value = default;
        int last = _zm.Length - 1;
        if (_zm[_pos] == 0xFF)
        {
            if (_pos != last)
                Fail(_pos, $"zipmap terminator at byte {_pos} of {_zm.Length}");
            if (HeaderCount != UnknownCount && HeaderCount != _pairs)
                Fail(0, $"zipmap header count {HeaderCount} differs from its {_pairs} pairs");
            return false;
        }
        int start = _pos;
        long keyLen = ReadLen(ref _pos);
        if (keyLen > last - _pos) Overrun(start);
        key = _zm.Slice(_pos, (int)keyLen);
        _pos += (int)keyLen;
        long valueLen = ReadLen(ref _pos);
        if (_pos >= last) Overrun(start);
        int free = _zm[_pos++];
        if (valueLen + free > last - _pos) Overrun(start);
        value = _zm.Slice(_pos, (int)valueLen);
        _pos += (int)valueLen + free;
        _pairs++;
        return true;
    }

    private readonly long ReadLen(ref int p)
    {
        int last = _zm.Length - 1;
        if (p >= last) Overrun(p);
        byte b = _zm[p];
        if (b < 254)
        {
            p++;
            return b;
        }
        if (b == 255 || 5 > last - p)
            Fail(p, $"invalid zipmap length byte 0x{b:X2} at byte {p}");
        long len = BinaryPrimitives.ReadUInt32LittleEndian(_zm[(p + 1)..]);
        p += 5;
        return len;
    }

    private readonly void Overrun(int p) =>
        Fail(p, $"zipmap entry at byte {p} runs past the end of the {_zm.Length}-byte blob");

    [DoesNotReturn]
    private readonly void Fail(long p, string message) => RdbThrow.InBlob(_offset, _compressed, p, "zipmap", message);

    [DoesNotReturn]
    private readonly T Fail<T>(long p, string message) => RdbThrow.InBlob<T>(_offset, _compressed, p, "zipmap", message);
}
