using System.Buffers.Binary;

namespace RdbPlanner.Rdb;

/// <summary>
/// Reads an intset blob (intset.c, redis 7.2.4): u32 encoding (2, 4 or 8 bytes per member), u32 length, then sorted
/// little-endian members. Always checked: encoding and exact size. Strict adds strictly ascending order.
/// </summary>
internal readonly ref struct RdbIntsetWalker
{
    private readonly ReadOnlySpan<byte> _blob;

    public RdbIntsetWalker(ReadOnlySpan<byte> blob, long offset, bool strict, bool compressed = false)
    {
        _blob = blob;
        if (blob.Length < 8)
            RdbThrow.InBlob(offset, compressed, 0, "intset", $"intset of {blob.Length} bytes is shorter than its 8-byte header");
        uint width = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (width is not (2 or 4 or 8))
            RdbThrow.InBlob(offset, compressed, 0, "intset", $"invalid intset encoding {width} (expected 2, 4 or 8)");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (8L + (long)count * width != blob.Length)
            RdbThrow.InBlob(offset, compressed, 0, "intset", $"intset of {count} x {width}-byte members needs {8L + (long)count * width} bytes, blob has {blob.Length}");
        Width = (int)width;
        Count = (int)count;
        if (strict)
        {
            for (int i = 1; i < Count; i++)
            {
                if (this[i] <= this[i - 1])
                    RdbThrow.InBlob(offset, compressed, 8 + (long)i * width, "intset", $"intset member {i} ({this[i]}) is not greater than the previous one ({this[i - 1]})");
            }
        }
    }

    public int Width { get; }

    public int Count { get; }

    public long this[int index]
    {
        get
        {
            var s = _blob[(8 + index * Width)..];
            return Width switch
            {
                2 => BinaryPrimitives.ReadInt16LittleEndian(s),
                4 => BinaryPrimitives.ReadInt32LittleEndian(s),
                _ => BinaryPrimitives.ReadInt64LittleEndian(s),
            };
        }
    }
}
