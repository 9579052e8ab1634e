using System.Buffers.Binary;
using System.Text;

namespace RdbPlanner.TestKit;

/// <summary>
/// Writers for the compact blobs embedded in RDB values (memory-model.md §2.6, §8.3). Entries are given as
/// <see cref="long"/> (integer encodings) or <see cref="string"/>/<see cref="byte"/>[] (string encodings).
/// </summary>
public static class RdbBlobs
{
    private static byte[] Bytes(object o) => o switch
    {
        byte[] b => b,
        string s => Encoding.UTF8.GetBytes(s),
        _ => throw new ArgumentException($"not a string entry: {o}"),
    };

    // ---- listpack ----

    /// <summary>A listpack; <paramref name="headerCount"/> overrides the u16 count (65535 = unknown).</summary>
    public static byte[] Listpack(IEnumerable<object> entries, int? headerCount = null)
    {
        var body = new MemoryStream();
        int n = 0;
        foreach (var e in entries)
        {
            WriteListpackEntry(body, e);
            n++;
        }
        var lp = new byte[6 + body.Length + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(lp, (uint)lp.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(lp.AsSpan(4), (ushort)(headerCount ?? Math.Min(n, 65535)));
        body.ToArray().CopyTo(lp, 6);
        lp[^1] = 0xFF;
        return lp;
    }

    public static byte[] Listpack(params object[] entries) => Listpack((IEnumerable<object>)entries);

    private static void WriteListpackEntry(Stream s, object e)
    {
        var enc = new MemoryStream();
        if (e is long or int)
        {
            long v = Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture);
            if (v is >= 0 and <= 127) enc.WriteByte((byte)v);
            else if (v is >= -4096 and <= 4095)
            {
                int u = (int)v & 0x1FFF;
                enc.WriteByte((byte)(0xC0 | (u >> 8)));
                enc.WriteByte((byte)u);
            }
            else if (v is >= short.MinValue and <= short.MaxValue) { enc.WriteByte(0xF1); enc.Write(BitConverter.GetBytes((short)v)); }
            else if (v is >= -(1 << 23) and < 1 << 23) { enc.WriteByte(0xF2); enc.Write(BitConverter.GetBytes((int)v).AsSpan(0, 3)); }
            else if (v is >= int.MinValue and <= int.MaxValue) { enc.WriteByte(0xF3); enc.Write(BitConverter.GetBytes((int)v)); }
            else { enc.WriteByte(0xF4); enc.Write(BitConverter.GetBytes(v)); }
        }
        else
        {
            var b = Bytes(e);
            if (b.Length < 64) enc.WriteByte((byte)(0x80 | b.Length));
            else if (b.Length < 4096) { enc.WriteByte((byte)(0xE0 | (b.Length >> 8))); enc.WriteByte((byte)b.Length); }
            else { enc.WriteByte(0xF0); enc.Write(BitConverter.GetBytes((uint)b.Length)); }
            enc.Write(b);
        }
        var entry = enc.ToArray();
        s.Write(entry);
        s.Write(Backlen(entry.Length));
    }

    /// <summary>The back-length: the entry size as 7-bit groups, readable right to left (listpack.c lpEncodeBacklen).</summary>
    public static byte[] Backlen(long l)
    {
        if (l <= 127) return [(byte)l];
        if (l < 16383) return [(byte)(l >> 7), (byte)((l & 127) | 128)];
        if (l < 2097151) return [(byte)(l >> 14), (byte)(((l >> 7) & 127) | 128), (byte)((l & 127) | 128)];
        if (l < 268435455) return [(byte)(l >> 21), (byte)(((l >> 14) & 127) | 128), (byte)(((l >> 7) & 127) | 128), (byte)((l & 127) | 128)];
        return [(byte)(l >> 28), (byte)(((l >> 21) & 127) | 128), (byte)(((l >> 14) & 127) | 128), (byte)(((l >> 7) & 127) | 128), (byte)((l & 127) | 128)];
    }

    // ---- ziplist ----

    /// <summary>A ziplist; <paramref name="headerCount"/> overrides zllen (65535 = unknown).</summary>
    public static byte[] Ziplist(IEnumerable<object> entries, int? headerCount = null)
    {
        var body = new MemoryStream();
        int prev = 0;
        int n = 0;
        int lastOffset = 10;
        foreach (var e in entries)
        {
            lastOffset = 10 + (int)body.Length;
            var entry = new MemoryStream();
            if (prev < 254) entry.WriteByte((byte)prev);
            else { entry.WriteByte(0xFE); entry.Write(BitConverter.GetBytes((uint)prev)); }
            if (e is long or int)
            {
                long v = Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture);
                if (v is >= 0 and <= 12) entry.WriteByte((byte)(0xF1 + v));
                else if (v is >= sbyte.MinValue and <= sbyte.MaxValue) { entry.WriteByte(0xFE); entry.WriteByte((byte)(sbyte)v); }
                else if (v is >= short.MinValue and <= short.MaxValue) { entry.WriteByte(0xC0); entry.Write(BitConverter.GetBytes((short)v)); }
                else if (v is >= -(1 << 23) and < 1 << 23) { entry.WriteByte(0xF0); entry.Write(BitConverter.GetBytes((int)v).AsSpan(0, 3)); }
                else if (v is >= int.MinValue and <= int.MaxValue) { entry.WriteByte(0xD0); entry.Write(BitConverter.GetBytes((int)v)); }
                else { entry.WriteByte(0xE0); entry.Write(BitConverter.GetBytes(v)); }
            }
            else
            {
                var b = Bytes(e);
                if (b.Length <= 63) entry.WriteByte((byte)b.Length);
                else if (b.Length <= 16383) { entry.WriteByte((byte)(0x40 | (b.Length >> 8))); entry.WriteByte((byte)b.Length); }
                else
                {
                    entry.WriteByte(0x80);
                    var len = new byte[4];
                    BinaryPrimitives.WriteUInt32BigEndian(len, (uint)b.Length);
                    entry.Write(len);
                }
                entry.Write(b);
            }
            body.Write(entry.ToArray());
            prev = (int)entry.Length;
            n++;
        }
        var zl = new byte[10 + body.Length + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(zl, (uint)zl.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(zl.AsSpan(4), (uint)lastOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(zl.AsSpan(8), (ushort)(headerCount ?? Math.Min(n, 65535)));
        body.ToArray().CopyTo(zl, 10);
        zl[^1] = 0xFF;
        return zl;
    }

    public static byte[] Ziplist(params object[] entries) => Ziplist((IEnumerable<object>)entries);

    // ---- intset ----

    public static byte[] Intset(int width, params long[] members)
    {
        var b = new byte[8 + members.Length * width];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)width);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)members.Length);
        for (int i = 0; i < members.Length; i++)
        {
            var at = b.AsSpan(8 + i * width);
            switch (width)
            {
                case 2: BinaryPrimitives.WriteInt16LittleEndian(at, (short)members[i]); break;
                case 4: BinaryPrimitives.WriteInt32LittleEndian(at, (int)members[i]); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(at, members[i]); break;
            }
        }
        return b;
    }

    // ---- zipmap ----

    /// <summary>A zipmap; <paramref name="count"/> overrides the count byte (254 = unknown), <paramref name="free"/> adds padding.</summary>
    public static byte[] Zipmap(IEnumerable<(string Key, string Value)> pairs, int? count = null, byte free = 0)
    {
        var list = pairs.ToList();
        var s = new MemoryStream();
        s.WriteByte((byte)(count ?? Math.Min(list.Count, 254)));
        foreach (var (k, v) in list)
        {
            var kb = Encoding.UTF8.GetBytes(k);
            var vb = Encoding.UTF8.GetBytes(v);
            WriteZipmapLen(s, kb.Length);
            s.Write(kb);
            WriteZipmapLen(s, vb.Length);
            s.WriteByte(free);
            s.Write(vb);
            s.Write(new byte[free]);
        }
        s.WriteByte(0xFF);
        return s.ToArray();
    }

    private static void WriteZipmapLen(Stream s, int len)
    {
        if (len < 254) s.WriteByte((byte)len);
        else { s.WriteByte(254); s.Write(BitConverter.GetBytes((uint)len)); }
    }

    // ---- stream listpack ----

    /// <summary>One stream entry: flags (1 deleted, 2 same fields), ID deltas from the master, and its fields/values.</summary>
    public sealed record StreamEntry(int Flags, long MsDelta, long SeqDelta, string[] Fields, string[] Values);

    /// <summary>
    /// A stream node listpack (t_stream.c): master entry (count, deleted, field count, fields, 0), then per entry
    /// flags, ms delta, seq delta, [field count, field/value pairs | values], lp-count.
    /// </summary>
    public static byte[] StreamListpack(string[] masterFields, params StreamEntry[] entries)
    {
        var items = new List<object>();
        long deleted = entries.Count(e => (e.Flags & 1) != 0);
        items.Add((long)(entries.Length - deleted));
        items.Add(deleted);
        items.Add((long)masterFields.Length);
        items.AddRange(masterFields);
        items.Add(0L);
        foreach (var e in entries)
        {
            int before = items.Count;
            items.Add((long)e.Flags);
            items.Add(e.MsDelta);
            items.Add(e.SeqDelta);
            if ((e.Flags & 2) != 0)
            {
                items.AddRange(e.Values);
            }
            else
            {
                items.Add((long)e.Fields.Length);
                for (int i = 0; i < e.Fields.Length; i++)
                {
                    items.Add(e.Fields[i]);
                    items.Add(e.Values[i]);
                }
            }
            // lp-count: the entry's elements before it (t_stream.c streamAppendItem: fields + 3, plus fields + 1 without SAMEFIELDS).
            items.Add((long)(items.Count - before));
        }
        return Listpack(items);
    }

    /// <summary>A 16-byte stream ID as stored in node keys and PELs: ms then seq, big-endian.</summary>
    public static byte[] StreamId(ulong ms, ulong seq)
    {
        var b = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(b, ms);
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(8), seq);
        return b;
    }
}
