using System.Buffers.Binary;
using System.Text;

namespace RdbPlanner.Fuzz;

/// <summary>
/// Encoders for the compact blobs an RDB embeds (memory-model.md §8.3; listpack.c, ziplist.c, intset.c, zipmap.c of
/// redis 7.2.4). Entries are strings or longs. Each encoder returns the blob plus where its parts are, so tests can
/// corrupt one precise field and re-checksum the file.
/// </summary>
public static class HostileBlobs
{
    public sealed record Blob(byte[] Bytes, int[] EntryOffsets, int TerminatorOffset);

    // ---- listpack ----

    public static Blob Listpack(params object[] entries)
    {
        var body = new List<byte>();
        var offsets = new List<int>();
        foreach (var e in entries)
        {
            offsets.Add(6 + body.Count);
            var enc = ListpackEntry(e);
            body.AddRange(enc);
            body.AddRange(ListpackBacklen(enc.Length));
        }
        int terminator = 6 + body.Count;
        body.Add(0xFF);
        var blob = new byte[6 + body.Count];
        body.CopyTo(blob, 6);
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)blob.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(4), (ushort)Math.Min(entries.Length, 65535));
        return new Blob(blob, [.. offsets], terminator);
    }

    private static byte[] ListpackEntry(object e)
    {
        if (e is long or int)
        {
            long v = Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture);
            if (v is >= 0 and <= 127) return [(byte)v];
            if (v is >= -4096 and <= 4095) return [(byte)(0xC0 | ((v >> 8) & 0x1F)), (byte)v];
            if (v is >= short.MinValue and <= short.MaxValue) { var b = new byte[3]; b[0] = 0xF1; BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(1), (short)v); return b; }
            if (v is >= int.MinValue and <= int.MaxValue) { var b = new byte[5]; b[0] = 0xF3; BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(1), (int)v); return b; }
            var l = new byte[9];
            l[0] = 0xF4;
            BinaryPrimitives.WriteInt64LittleEndian(l.AsSpan(1), v);
            return l;
        }
        var s = e as byte[] ?? Encoding.UTF8.GetBytes((string)e);
        if (s.Length <= 63) return [(byte)(0x80 | s.Length), .. s];
        if (s.Length <= 4095) return [(byte)(0xE0 | (s.Length >> 8)), (byte)s.Length, .. s];
        var h = new byte[5];
        h[0] = 0xF0;
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(1), (uint)s.Length);
        return [.. h, .. s];
    }

    /// <summary>Back-length: encoding+data size as a 7-bit varint read right to left (listpack.c lpEncodeBacklen).</summary>
    private static byte[] ListpackBacklen(int l)
    {
        if (l <= 127) return [(byte)l];
        if (l < 16383) return [(byte)(l >> 7), (byte)((l & 127) | 128)];
        if (l < 2097151) return [(byte)(l >> 14), (byte)(((l >> 7) & 127) | 128), (byte)((l & 127) | 128)];
        return [(byte)(l >> 21), (byte)(((l >> 14) & 127) | 128), (byte)(((l >> 7) & 127) | 128), (byte)((l & 127) | 128)];
    }

    // ---- ziplist ----

    public static Blob Ziplist(params object[] entries)
    {
        var body = new List<byte>();
        var offsets = new List<int>();
        int prevlen = 0;
        foreach (var e in entries)
        {
            offsets.Add(10 + body.Count);
            var entry = new List<byte>();
            if (prevlen < 254) entry.Add((byte)prevlen);
            else { entry.Add(0xFE); var p = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)prevlen); entry.AddRange(p); }
            entry.AddRange(ZiplistEncoding(e));
            body.AddRange(entry);
            prevlen = entry.Count;
        }
        int terminator = 10 + body.Count;
        body.Add(0xFF);
        var blob = new byte[10 + body.Count];
        body.CopyTo(blob, 10);
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)blob.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), (uint)(offsets.Count > 0 ? offsets[^1] : 10));
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(8), (ushort)Math.Min(entries.Length, 65535));
        return new Blob(blob, [.. offsets], terminator);
    }

    private static byte[] ZiplistEncoding(object e)
    {
        if (e is long or int)
        {
            long v = Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture);
            if (v is >= 0 and <= 12) return [(byte)(0xF1 + v)];
            if (v is >= sbyte.MinValue and <= sbyte.MaxValue) return [0xFE, (byte)v];
            if (v is >= short.MinValue and <= short.MaxValue) { var b = new byte[3]; b[0] = 0xC0; BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(1), (short)v); return b; }
            if (v is >= int.MinValue and <= int.MaxValue) { var b = new byte[5]; b[0] = 0xD0; BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(1), (int)v); return b; }
            var l = new byte[9];
            l[0] = 0xE0;
            BinaryPrimitives.WriteInt64LittleEndian(l.AsSpan(1), v);
            return l;
        }
        var s = e as byte[] ?? Encoding.UTF8.GetBytes((string)e);
        if (s.Length <= 63) return [(byte)s.Length, .. s];
        if (s.Length <= 16383) return [(byte)(0x40 | (s.Length >> 8)), (byte)s.Length, .. s];
        var h = new byte[5];
        h[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(1), (uint)s.Length);
        return [.. h, .. s];
    }

    // ---- intset ----

    public static Blob Intset(int width, params long[] values)
    {
        var blob = new byte[8 + width * values.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)width);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), (uint)values.Length);
        var offsets = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int at = 8 + i * width;
            offsets[i] = at;
            switch (width)
            {
                case 2: BinaryPrimitives.WriteInt16LittleEndian(blob.AsSpan(at), (short)values[i]); break;
                case 4: BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(at), (int)values[i]); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(at), values[i]); break;
            }
        }
        return new Blob(blob, offsets, blob.Length);
    }

    // ---- zipmap ----

    public static Blob Zipmap(params (string Key, string Value)[] pairs)
    {
        var body = new List<byte> { (byte)Math.Min(pairs.Length, 254) };
        var offsets = new List<int>();
        foreach (var (k, v) in pairs)
        {
            offsets.Add(body.Count);
            var kb = Encoding.UTF8.GetBytes(k);
            var vb = Encoding.UTF8.GetBytes(v);
            body.AddRange(ZipmapLen(kb.Length));
            body.AddRange(kb);
            body.AddRange(ZipmapLen(vb.Length));
            body.Add(0); // free bytes after the value
            body.AddRange(vb);
        }
        int terminator = body.Count;
        body.Add(0xFF);
        return new Blob([.. body], [.. offsets], terminator);
    }

    private static byte[] ZipmapLen(int n)
    {
        if (n < 254) return [(byte)n];
        var b = new byte[5];
        b[0] = 254;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(1), (uint)n);
        return b;
    }
}
