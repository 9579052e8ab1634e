using System.Diagnostics;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>A file cut anywhere fails with RdbFormatException at or before the cut, quickly, and with nothing else.</summary>
public sealed class TruncationTests
{
    private static void CutEverywhere(string name, byte[] file, RdbReaderOptions options)
    {
        // Bytes after the trailer are ignored (as engines do; one peer dump has 40 trailing bytes), so only cuts
        // before the end of the RDB proper must fail.
        long end = RdbParser.Parse(new MemoryStream(file), new CountingVisitor(), options).Bytes;
        var sw = Stopwatch.StartNew();
        for (int cut = 0; cut < end; cut++)
        {
            var part = file.AsSpan(0, cut).ToArray();
            foreach (bool seekable in new[] { true, false })
            {
                try
                {
                    RdbParser.Parse(new ChunkedStream(part, 7, seekable), new CountingVisitor(), options);
                    Assert.Fail($"{name}: cut at {cut} parsed");
                }
                catch (RdbFormatException e)
                {
                    Assert.True(e.Offset <= cut, $"{name}: cut at {cut} reported offset {e.Offset}");
                }
            }
        }
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"{name}: {file.Length} cuts took {sw.Elapsed}");
    }

    [Fact]
    public void BuilderFiles_TruncatedAnywhere_FailCleanly()
    {
        foreach (var (name, data) in SampleFiles.All())
        {
            CutEverywhere(name, data, new RdbReaderOptions { BufferSize = 16 });
            CutEverywhere(name, data, new RdbReaderOptions { BufferSize = 1 << 16, Strict = true });
        }
    }

    [Fact]
    public void PeerDumps_TruncatedAnywhere_FailCleanly()
    {
        int files = 0;
        foreach (var row in PeerDumpTests.LoadExpected().Where(r => r.IsOk))
        {
            var file = File.ReadAllBytes(Path.Combine(FixturePaths.PeerDumpsDir, row.File));
            if (file.Length > 2048) continue;
            CutEverywhere(row.File, file, new RdbReaderOptions { VerifyChecksum = false, BufferSize = 32 });
            files++;
        }
        Assert.True(files > 100, $"only {files} small peer dumps");
    }

    [Fact]
    public void SeededByteFlips_OnlyEverThrowRdbFormatException()
    {
        var rng = new Random(20261127);
        foreach (var (name, data) in SampleFiles.All())
        {
            for (int round = 0; round < 400; round++)
            {
                var file = (byte[])data.Clone();
                int flips = 1 + rng.Next(3);
                for (int i = 0; i < flips; i++) file[9 + rng.Next(file.Length - 9)] ^= (byte)(1 << rng.Next(8));
                try
                {
                    RdbParser.Parse(new MemoryStream(file), new RecordingVisitor(), new RdbReaderOptions { VerifyChecksum = false, Strict = round % 2 == 0 });
                }
                catch (RdbFormatException)
                {
                }
            }
            Assert.NotEmpty(name);
        }
    }
}
