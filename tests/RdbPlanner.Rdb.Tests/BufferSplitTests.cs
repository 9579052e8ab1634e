using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>Every buffer size and read size must give the same event stream as one large buffer.</summary>
public sealed class BufferSplitTests
{
    public static TheoryData<string> Samples()
    {
        var d = new TheoryData<string>();
        foreach (var (name, _) in SampleFiles.All()) d.Add(name);
        return d;
    }

    private static byte[] Sample(string name) => SampleFiles.All().First(s => s.Name == name).Data;

    [Theory]
    [MemberData(nameof(Samples))]
    public void BuilderFiles_BufferSizes1To64_GiveIdenticalEvents(string name)
    {
        var file = Sample(name);
        var reference = Parse.Record(file, new RdbReaderOptions { BufferSize = 1 << 20 }).Text;
        Assert.Contains("endkey", reference, StringComparison.Ordinal);
        for (int size = 1; size <= 64; size++)
        {
            Assert.Equal(reference, Parse.Record(file, new RdbReaderOptions { BufferSize = size }, seekable: size % 2 == 0).Text);
        }
        // Short reads from the stream, independent of the buffer size.
        for (int chunk = 1; chunk <= 9; chunk++)
        {
            Assert.Equal(reference, Parse.Record(file, new RdbReaderOptions { BufferSize = 4096 }, seekable: false, chunk: chunk).Text);
        }
    }

    [Fact]
    public void KitchenSink_CoversEveryValueType()
    {
        var text = Parse.Record(SampleFiles.KitchenSink()).Text;
        foreach (var t in new[] { "String", "List", "Set", "ZSet", "Hash", "ZSet2", "Module2", "HashZipmap", "ListZiplist", "SetIntset", "ZSetZiplist",
                     "HashZiplist", "ListQuicklist", "HashListpack", "ZSetListpack", "ListQuicklist2", "SetListpack", "StreamListpacks3" })
        {
            Assert.Contains($"type={t} ", text, StringComparison.Ordinal);
        }
        Assert.Contains("slotinfo 5 2 1", text, StringComparison.Ordinal);
        Assert.Contains("slotinfo 9 1 0", text, StringComparison.Ordinal);
        Assert.Matches(@"endkey\nend Ok ([0-9a-f]{16}) \1$", text);
    }

    [Fact]
    public void PeerDumps_SmallBuffers_GiveIdenticalEvents()
    {
        var rows = PeerDumpTests.LoadExpected().Where(r => r.IsOk).ToList();
        int compared = 0;
        foreach (var row in rows)
        {
            var file = File.ReadAllBytes(Path.Combine(FixturePaths.PeerDumpsDir, row.File));
            if (file.Length > 64 << 10) continue;
            var options = new RdbReaderOptions { VerifyChecksum = false };
            var reference = Parse.Record(file, options with { BufferSize = 1 << 20 }).Text;
            foreach (int size in new[] { 1, 2, 3, 7, 16, 61, 64 })
            {
                var text = Parse.Record(file, options with { BufferSize = size }, seekable: size != 7).Text;
                Assert.True(reference == text, $"{row.File}: buffer size {size} differs");
            }
            compared++;
        }
        Assert.True(compared > 200, $"only {compared} peer dumps compared");
    }

    [Fact]
    public void LentBuffers_GiveIdenticalEvents_AndAreAllReturned()
    {
        // The reader parses lent buffers in place, moving the unread end of the previous one into the headroom; it
        // falls back to copying when the headroom is too small or the lender declines.
        var files = SampleFiles.All().Select(s => (s.Name, s.Data)).ToList();
        files.AddRange(PeerDumpTests.LoadExpected().Where(r => r.IsOk).Select(r => (r.File, File.ReadAllBytes(Path.Combine(FixturePaths.PeerDumpsDir, r.File))))
            .Where(f => f.Item2.Length <= 256 << 10));
        var options = new RdbReaderOptions { VerifyChecksum = false, BufferSize = 4096 };
        int seed = 0, lends = 0;
        foreach (var (name, file) in files)
        {
            var reference = Parse.Record(file, options with { BufferSize = 1 << 20 }).Text;
            foreach (var (maxChunk, headroom) in new[] { (1, 0), (7, 16), (64, 64), (4096, 100), (1 << 16, 1 << 12) })
            {
                // Every other run the lender hands over the CRC of the bytes before each buffer; the computed CRC in
                // the end event must not change.
                bool crc = seed % 4 < 2;
                var lender = new LendingStream(file, seed++, maxChunk, headroom, seekable: seed % 2 == 0, crc: crc);
                var visitor = new RecordingVisitor();
                RdbParser.Parse(lender, visitor, options);
                Assert.True(reference == visitor.Text, $"{name}: chunks up to {maxChunk}, headroom {headroom}, lender crc {crc} differ");
                Assert.Equal(0, lender.Outstanding);
                lends += lender.Lends;
            }
        }
        Assert.True(files.Count > 200 && lends > 10_000, $"{files.Count} files, {lends} buffers lent");
    }

    [Fact]
    public void LentBuffers_TruncatedFiles_FailAtTheSameOffset()
    {
        foreach (var (name, file) in SampleFiles.All())
        {
            for (int cut = 9; cut < file.Length; cut += Math.Max(1, file.Length / 23))
            {
                var truncated = file[..cut];
                var expected = Parse.Fails(truncated);
                var lender = new LendingStream(truncated, cut, 37, 64);
                var actual = Assert.Throws<RdbFormatException>(() => RdbParser.Parse(lender, new RecordingVisitor(), new RdbReaderOptions { BufferSize = 256 }));
                Assert.True((expected.Offset, expected.Message) == (actual.Offset, actual.Message), $"{name} cut at {cut}: {expected.Message} vs {actual.Message}");
                Assert.Equal(0, lender.Outstanding);
            }
        }
    }

    [Fact]
    public void ALendersCrc_IsTakenWhenItsOffsetMatches_AndIgnoredWhenNot()
    {
        // Files with a CRC trailer and enough bytes to be lent in several buffers.
        var files = SampleFiles.All().Select(s => (s.Name, s.Data))
            .Concat(PeerDumpTests.LoadExpected().Where(r => r.IsOk).Select(r => (r.File, File.ReadAllBytes(Path.Combine(FixturePaths.PeerDumpsDir, r.File)))))
            .Where(f => f.Item2.Length is > 400 and <= 256 << 10 && Parse.Record(f.Item2, new RdbReaderOptions { VerifyChecksum = false }).Text.Contains("end Ok "))
            .ToList();
        Assert.NotEmpty(files);
        int taken = 0;
        foreach (var (name, file) in files)
        {
            var options = new RdbReaderOptions { VerifyChecksum = false, BufferSize = 64 };
            // A lender that lies about the CRC is believed (the reader does not hash what it was told about): mismatch.
            var lying = new LendingStream(file, 1, 97, 64, crc: true) { AlterPrefix = p => p with { Crc = p.Crc ^ 1 } };
            var lied = new RecordingVisitor();
            RdbParser.Parse(lying, lied, options);
            if (lying.Lends > 1)
            {
                Assert.Contains("end Mismatch ", lied.Text);
                taken++;
            }
            // One counting from elsewhere (an offset the reader does not share) is ignored: the reader hashes itself.
            var shifted = new LendingStream(file, 1, 97, 64, crc: true) { AlterPrefix = p => p with { Offset = p.Offset + 1, Crc = p.Crc ^ 1 } };
            var own = new RecordingVisitor();
            RdbParser.Parse(shifted, own, options);
            Assert.True(own.Text.Contains("end Ok "), $"{name}: a lender's CRC at another offset was taken");
        }
        Assert.True(taken > 20, $"only {taken} files were lent more than one buffer");
    }
}
