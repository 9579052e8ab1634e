using System.IO.Compression;
using RdbPlanner.Fuzz;
using RdbPlanner.Rdb;

namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// Damaged gzip layers (snapshots are often shipped as .rdb.gz): a corrupt or truncated deflate stream must surface
/// as RdbFormatException like any other damage, never as InvalidDataException or EndOfStreamException.
/// </summary>
public sealed class GzipTests
{
    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    private static HostileOutcome ParseFile(byte[] fileBytes, string name)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rdbplanner-hostile-{Guid.NewGuid():N}.rdb.gz");
        File.WriteAllBytes(path, fileBytes);
        try
        {
            var visitor = new InvariantVisitor();
            RdbFormatException? error = null;
            Exception? bug = null;
            RdbFileInfo? info = null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                using var input = RdbInput.Open(path, out bool gzip, out _);
                Assert.True(gzip, "gzip magic not detected");
                info = RdbParser.Parse(input, visitor, RdbReaderOptions.Default, name);
            }
            catch (RdbFormatException e) { error = e; }
            catch (Exception e) { bug = e; }
            // Offsets of gzip input refer to the decompressed stream, so no bound by the file length here.
            return new HostileOutcome(name, int.MaxValue, info, visitor, error, bug, clock.Elapsed, 0, 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ValidGzip_Parses()
    {
        var seed = SeedFiles.All().First(s => s.Name == "listpacks").Bytes;
        var o = ParseFile(Gzip(seed), "valid.rdb.gz");
        Assert.Null(o.Violation());
        Assert.True(o.Clean, o.Describe());
    }

    [Fact]
    public void TruncatedAndCorruptGzip_IsAFormatError()
    {
        var seed = SeedFiles.All().First(s => s.Name == "list-set-hash-zset").Bytes;
        var gz = Gzip(seed);
        var problems = new Problems(nameof(TruncatedAndCorruptGzip_IsAFormatError));
        int runs = 0;
        // Every truncation past the 10-byte gzip header, and every byte of the deflate data and trailer inverted.
        for (int cut = 10; cut < gz.Length; cut++)
        {
            var input = gz[..cut];
            var o = ParseFile(input, $"gzip cut at {cut}");
            problems.Check(o, input);
            // The reader stops after the RDB's own trailer, so a cut in the gzip trailer (or in the final deflate bits)
            // can go unnoticed; that is harmless only if the whole RDB arrived and its CRC64 matched.
            if (o.Clean && o.Visitor.Checksum != RdbChecksumStatus.Ok) problems.Add("truncated gzip parsed without a verified CRC64", o.Input, input);
            runs++;
        }
        for (int at = 10; at < gz.Length; at++)
        {
            var input = (byte[])gz.Clone();
            input[at] ^= 0xFF;
            problems.Check(ParseFile(input, $"gzip byte {at} inverted"), input);
            runs++;
        }
        problems.AssertNone(runs);
    }
}
