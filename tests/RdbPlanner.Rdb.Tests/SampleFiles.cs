using System.Text;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using static RdbPlanner.TestKit.RdbBlobs;

namespace RdbPlanner.Rdb.Tests;

/// <summary>Builder files that together touch every record kind, type and encoding; used by split and truncation tests.</summary>
internal static class SampleFiles
{
    public static byte[] KitchenSink()
    {
        var b = new RdbBuilder(11)
            .Aux("redis-ver", "7.2.4").Byte(RdbOpcode.Aux).String("ctime").IntString(1_700_000_000)
            .Aux("slot-info", "5,2,1")
            .Function2("#!lua name=lib\nreturn 1")
            .ModuleAux(RdbBuilder.ModuleId("test__rdb", 1), 2, x => x.Length(5).String("aux").Length(0))
            .SelectDb(0).ResizeDb(20, 2)
            .StringKey("plain", "value")
            .ExpireMs(1_800_000_000_000).Idle(10).StringKey("int", "12345")
            .ExpireSeconds(1_800_000_000).Freq(3).Key(RdbValueType.String, "enc").IntString(-300)
            .Key(RdbValueType.String, "lzf").LzfString(Encoding.ASCII.GetBytes(new string('z', 300)))
            .ListKey("list", "a", "1", new string('b', 70))
            .SetKey("set", "x", "y")
            .HashKey("hash", ("f", "v"), ("n", "7"))
            .ZSetKey("zset", false, ("a", 1.25), ("b", double.PositiveInfinity))
            .ZSetKey("zset2", true, ("c", -0.5))
            .BlobKey(RdbValueType.HashZipmap, "zipmap", Zipmap([("k", "v"), ("k2", "22")], free: 2))
            .BlobKey(RdbValueType.ListZiplist, "ziplist", Ziplist("a", 5L, -70000L, new string('q', 100)), lzf: true)
            .BlobKey(RdbValueType.SetIntset, "intset", Intset(4, -5, 70000))
            .BlobKey(RdbValueType.ZSetZiplist, "zsetzl", Ziplist("m", "2.5"))
            .BlobKey(RdbValueType.HashZiplist, "hashzl", Ziplist("f", "v"))
            .QuicklistKey("ql1", Ziplist("a", "b"), Ziplist(1L))
            .SelectDb(2)
            .BlobKey(RdbValueType.HashListpack, "hashlp", Listpack("f", "v", "g", 1000L))
            .BlobKey(RdbValueType.ZSetListpack, "zsetlp", Listpack("m", "0.5"))
            .BlobKey(RdbValueType.SetListpack, "setlp", Listpack("s", 1L), lzf: true)
            .Quicklist2Key("ql2", (2, Listpack("p", 2L)), (1, new byte[100]))
            .ModuleKey("mod", RdbBuilder.ModuleId("hellotype", 0), x => x.Length(2).Length(3).Length(5).String("abc").Length(0))
            .SlotInfo(9, 1, 0);
        b.Key(RdbValueType.StreamListpacks3, "stream").Length(1)
            .RawString(StreamId(1, 0)).RawString(StreamListpack(["f"], new StreamEntry(2, 0, 0, [], ["v"]), new StreamEntry(0, 1, 0, ["g", "h"], ["1", "2"])))
            .Length(2).Length(2).Length(0)
            .Length(1).Length(0).Length(0).Length(0).Length(2)
            .Length(1).String("grp").Length(1).Length(0).Length(1)
            .Length(1).Raw(StreamId(1, 0)).Int64LE(5).Length(1)
            .Length(1).String("c1").Int64LE(5).Int64LE(6).Length(1).Raw(StreamId(1, 0));
        return b.Build();
    }

    public static byte[] Valkey() => RdbBuilder.Valkey()
        .Aux("valkey-ver", "9.1.2").Aux("slot-info", "0,2,0,1")
        .SelectDb(0).ResizeDb(2, 0)
        .Key((byte)22, "h2").Length(1).String("f").String("v").Int64LE(1_900_000_000_000)
        .StringKey("s", "v")
        .Build();

    public static byte[] Redis74() => new RdbBuilder(12)
        .SelectDb(0)
        .Key(RdbValueType.HashMetadata, "hm").Int64LE(1_000).Length(1).Length(5).String("f").String("v")
        .Key(RdbValueType.HashListpackEx, "hx").Int64LE(1_000).RawString(Listpack("f", "v", 1_004L))
        .Key((byte)22, "hp").Length(1).Length(0).String("f").String("v")
        .Build();

    /// <summary>Every peer dump and ground-truth RDB under ../shared (more than 250), in ordinal order of their paths.</summary>
    public static List<string> SharedRdbPaths()
    {
        var files = Directory.EnumerateFiles(FixturePaths.RequireShared(FixturePaths.PeerDumpsDir), "*.rdb", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(FixturePaths.RequireShared(FixturePaths.GroundTruthDir), "*.rdb", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).ToList();
        Xunit.Assert.True(files.Count > 250, $"only {files.Count} files found");
        return files;
    }

    public static IEnumerable<(string Name, byte[] Data)> All()
    {
        yield return ("kitchen-sink", KitchenSink());
        yield return ("valkey", Valkey());
        yield return ("redis74", Redis74());
        yield return ("v3-zipmap", new RdbBuilder(3).BlobKey(RdbValueType.HashZipmap, "z", Zipmap([("a", "b")])).StringKey("k", "v").Build());
    }
}
