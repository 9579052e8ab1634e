using RdbPlanner.Rdb;

namespace RdbPlanner.Fuzz;

/// <summary>Small well-formed snapshots covering each value encoding: fuzz seeds and mutation-test inputs.</summary>
public static class SeedFiles
{
    public static IEnumerable<(string Name, byte[] Bytes)> All()
    {
        yield return ("strings", Header().StringKey("k1", "hello").StringKey("k2", "12345")
            .Key(RdbValueType.String, "int8").Raw(0xC0, 0x7F)
            .Key(RdbValueType.String, "int32").Raw(0xC2, 0x01, 0x02, 0x03, 0x04)
            .Key(RdbValueType.String, "lzf").LzfLiteral("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"u8.ToArray())
            .Key(RdbValueType.String, "lzfrun").LzfRun((byte)'z', 600)
            .Eof());
        yield return ("expiry-db", Header().SelectDb(3).ResizeDb(2, 1).ExpireMs(1_700_000_000_000).StringKey("ttl", "v")
            .Raw(RdbOpcode.Idle).Len(100).StringKey("idle", "v").Raw(RdbOpcode.Freq, 5).StringKey("lfu", "v").Eof());
        yield return ("list-set-hash-zset", Header()
            .Key(RdbValueType.List, "list").Len(3).Str("a").Str("bb").Str("123")
            .Key(RdbValueType.Set, "set").Len(2).Str("x").Str("y")
            .Key(RdbValueType.Hash, "hash").Len(2).Str("f1").Str("v1").Str("f2").Str("22")
            .Key(RdbValueType.ZSet2, "zset").Len(1).Str("m").Raw(0, 0, 0, 0, 0, 0, 0xF0, 0x3F)
            .Eof());
        yield return ("listpacks", Header()
            .Key(RdbValueType.HashListpack, "hlp").Str(HostileBlobs.Listpack("f1", "v1", "f2", 300L).Bytes)
            .Key(RdbValueType.ZSetListpack, "zlp").Str(HostileBlobs.Listpack("a", 1L, "b", -5000L).Bytes)
            .Key(RdbValueType.SetListpack, "slp").Str(HostileBlobs.Listpack("x", "y", 70000L).Bytes)
            .Eof());
        yield return ("quicklist2", Header()
            .Key(RdbValueType.ListQuicklist2, "ql").Len(2)
            .Len(2).Str(HostileBlobs.Listpack("a", "b", 7L).Bytes)
            .Len(1).Str("one plain element")
            .Eof());
        yield return ("intset-ziplist", Header(9)
            .Key(RdbValueType.SetIntset, "is16").Str(HostileBlobs.Intset(2, -3, 1, 9).Bytes)
            .Key(RdbValueType.SetIntset, "is64").Str(HostileBlobs.Intset(8, -1L << 40, 1L << 40).Bytes)
            .Key(RdbValueType.HashZiplist, "hzl").Str(HostileBlobs.Ziplist("f", "v", "n", 1000L).Bytes)
            .Key(RdbValueType.ListQuicklist, "qzl").Len(1).Str(HostileBlobs.Ziplist("a", 5L, 100000L).Bytes)
            .Eof());
        yield return ("zipmap", HostileRdbWriter.Redis(3)
            .Key(RdbValueType.HashZipmap, "zm").Str(HostileBlobs.Zipmap(("a", "1"), ("bb", "22")).Bytes).Eof());
        yield return ("stream", Header().Key(RdbValueType.StreamListpacks3, "s").Raw(Stream(StreamListpack()).ToArray()).Eof());
        yield return ("module", Header()
            .Key(RdbValueType.Module2, "mod").Len(0x0ABC_DEF0_1234_0005UL)
            .Len(2).Len(42)          // UINT
            .Len(5).Str("payload")   // STRING
            .Len(4).Raw(0, 0, 0, 0, 0, 0, 0xF0, 0x3F) // DOUBLE
            .Len(0)                  // EOF
            .Eof());
    }

    /// <summary>
    /// A stream listpack (t_stream.c): master entry [count, deleted, field count, fields…, 0], then entries
    /// [flags, ms-delta, seq-delta, values…, lp-count]. Here: fields f1, f2; entry 1 uses them (SAMEFIELDS, lp-count
    /// 2+3), entry 2 has its own field g (field count 1, g, value; lp-count 1+3+(1+1), t_stream.c streamAppendItem).
    /// </summary>
    public static byte[] StreamListpack(long count = 2, long deleted = 0, long lastLpCount = 6) =>
        HostileBlobs.Listpack(count, deleted, 2L, "f1", "f2", 0L,
            2L, 0L, 0L, "v1", "v2", 5L,
            0L, 1L, 0L, 1L, "g", "w", lastLpCount).Bytes;

    /// <summary>The value of a type 21 stream with one listpack node, no consumer groups.</summary>
    public static HostileRdbWriter Stream(byte[] listpack)
    {
        var id = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(id, 1_700_000_000_000);
        return HostileRdbWriter.Headerless().Len(1).Str(id).Str(listpack)
            .Len(2).Len(1_700_000_000_001).Len(0)              // length, last id
            .Len(1_700_000_000_000).Len(0).Len(0).Len(0).Len(2) // first id, max deleted id, entries added
            .Len(0);                                           // consumer groups
    }

    private static HostileRdbWriter Header(int version = 11) =>
        HostileRdbWriter.Redis(version).Aux("redis-ver", "7.2.4").Aux("redis-bits", "64");
}
