using System.Security.Cryptography;
using RdbPlanner.Fuzz;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Hostile.Tests;

/// <summary>A small, well-formed snapshot that mutations start from.</summary>
internal sealed record CorpusFile(string Name, byte[] Bytes)
{
    /// <summary>RDB version from a REDIS header, 0 when unknown.</summary>
    public int Version => Bytes.Length >= 9 && Bytes.AsSpan(0, 5).SequenceEqual("REDIS"u8)
        && int.TryParse(System.Text.Encoding.ASCII.GetString(Bytes, 5, 4), out int v) ? v : 0;

    /// <summary>How the unmutated file parses: its real end (files may carry bytes after the trailer) and checksum.</summary>
    private RdbFileInfo Baseline => field ??= RdbParser.Parse(new MemoryStream(Bytes, writable: false), new InvariantVisitor());

    /// <summary>Offset just past the CRC64 trailer (or the EOF opcode for versions below 5).</summary>
    public int End => (int)Baseline.Bytes;

    /// <summary>The file carries a verified, non-zero CRC64, so any change before <see cref="End"/> must be detected.</summary>
    public bool HasChecksum => Baseline.Checksum == RdbChecksumStatus.Ok;

    public override string ToString() => Name;
}

internal static class Corpus
{
    public const string Seeds = "seeds";
    public const string PeerDumps = "peer-dumps";
    public const string Builder = "builder";

    /// <summary>Peer dumps up to this size are mutated (truncation runs at every offset, so size is time).</summary>
    public const int MaxPeerDumpBytes = 2048;

    public static IReadOnlyList<CorpusFile> Load(string source) => source switch
    {
        Seeds => SeedFiles.All().Select(s => new CorpusFile("seed:" + s.Name, s.Bytes)).ToArray(),
        PeerDumps => LoadPeerDumps(),
        Builder => BuilderFiles(),
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>
    /// TestKit RdbBuilder output with LZF-compressed blobs of every kind: errors inside a decompressed blob must
    /// still be reported at a file offset (FINDINGS F1), and the seeds above store their blobs raw.
    /// </summary>
    private static CorpusFile[] BuilderFiles()
    {
        string a = new('a', 40);
        var modern = new RdbBuilder().Aux("redis-ver", "7.2.4")
            .BlobKey(RdbValueType.HashListpack, "h", RdbBlobs.Listpack("field:" + a, "value:" + a, "field2:" + a, "value:" + a), lzf: true)
            .BlobKey(RdbValueType.SetListpack, "s", RdbBlobs.Listpack("member:" + a, "member2:" + a, "member3:" + a), lzf: true)
            .BlobKey(RdbValueType.ZSetListpack, "z", RdbBlobs.Listpack("m:" + a, "1.5", "n:" + a, "2.5"), lzf: true)
            .BlobKey(RdbValueType.SetIntset, "i", RdbBlobs.Intset(4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14), lzf: true)
            .Build();
        var older = new RdbBuilder(9).Aux("redis-ver", "5.0.7")
            .BlobKey(RdbValueType.ListZiplist, "l", RdbBlobs.Ziplist("item:" + a, "item2:" + a, "item3:" + a), lzf: true)
            .BlobKey(RdbValueType.HashZiplist, "hz", RdbBlobs.Ziplist("f:" + a, "v:" + a, "g:" + a, "w:" + a), lzf: true)
            .Build();
        var zipmap = new RdbBuilder(3)
            .BlobKey(RdbValueType.HashZipmap, "zm", RdbBlobs.Zipmap([("k1:" + a, "v1:" + a), ("k2:" + a, "v2:" + a)]), lzf: true)
            .Build();
        return [new("builder:lzf-listpacks-intset", modern), new("builder:lzf-ziplists", older), new("builder:lzf-zipmap", zipmap)];
    }

    private static CorpusFile[] LoadPeerDumps()
    {
        string dir = HostilePaths.RequireShared("peer-dumps");
        // EXPECTED.csv: file,magic,version,checker,verdict,...; only files a real server loads are "valid" starting points.
        var ok = File.ReadLines(Path.Combine(dir, "EXPECTED.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f.Length > 4 && f[4] == "ok")
            .Select(f => f[0])
            .ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<CorpusFile>();
        foreach (var rel in ok.Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(dir, rel);
            if (!File.Exists(path) || new FileInfo(path).Length > MaxPeerDumpBytes) continue;
            var bytes = File.ReadAllBytes(path);
            if (seen.Add(Convert.ToHexString(SHA256.HashData(bytes)))) files.Add(new CorpusFile(rel, bytes));
        }
        Assert.True(files.Count >= 20, $"expected at least 20 small valid peer dumps, found {files.Count}");
        return [.. files];
    }
}
