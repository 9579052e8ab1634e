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
}
