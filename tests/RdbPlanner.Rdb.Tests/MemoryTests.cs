using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>Memory does not grow with the input: no per-key allocation, buffers bounded by the largest blob.</summary>
public sealed class MemoryTests(ITestOutputHelper output)
{
    private static long AllocatedBy(Action a)
    {
        a(); // warm up pools and JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        a();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static byte[] ManyKeys(int repeat)
    {
        var b = new RdbBuilder(11);
        for (int i = 0; i < repeat; i++)
        {
            b.StringKey("k" + i, "v" + i).ListKey("l" + i, "a", "12").HashKey("h" + i, ("f", "v"))
                .ZSetKey("z" + i, true, ("m", 1.5))
                .BlobKey(RdbValueType.SetListpack, "s" + i, RdbBlobs.Listpack("x", 1L), lzf: i % 2 == 0)
                .BlobKey(RdbValueType.ListZiplist, "zl" + i, RdbBlobs.Ziplist("x", 1L))
                .BlobKey(RdbValueType.SetIntset, "i" + i, RdbBlobs.Intset(2, 1, 2))
                .Quicklist2Key("q" + i, (2, RdbBlobs.Listpack("p")), (1, new byte[30]))
                .ModuleKey("m" + i, RdbBuilder.ModuleId("hellotype", 0), x => x.Length(2).Length(1).Length(0));
        }
        return b.Build();
    }

    [Fact]
    public void SteadyState_AllocatesNothingPerKey()
    {
        var small = ManyKeys(10);
        var large = ManyKeys(2000);
        var visitor = new CountingVisitor();
        var options = new RdbReaderOptions { BufferSize = 4096 };
        long a = AllocatedBy(() => RdbParser.Parse(new MemoryStream(small), new KeyCountingVisitor(), options));
        long b = AllocatedBy(() => RdbParser.Parse(new MemoryStream(large), new KeyCountingVisitor(), options));
        output.WriteLine($"allocated per parse: {a} B for 90 keys, {b} B for 18000 keys");
        Assert.True(b - a < 2048, $"{b - a} more bytes for 17910 more keys");
        RdbParser.Parse(new MemoryStream(large), visitor, options);
        Assert.Equal(18000, visitor.Keys);
    }

    [Fact]
    public void LargeInput_IsReadInConstantMemory()
    {
        const long keys = 40_000;
        var input = new SyntheticRdbStream(keys, 1000);
        var visitor = new KeyCountingVisitor();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var info = RdbParser.Parse(input, visitor, new RdbReaderOptions { BufferSize = 1 << 16 });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{info.Bytes / 1e6:F1} MB, {visitor.Keys} keys, {allocated} bytes allocated while reading");
        Assert.Equal(keys, visitor.Keys);
        Assert.Equal(input.BytesProduced, info.Bytes);
        Assert.Equal(RdbChecksumStatus.Absent, info.Checksum);
        // One 64 KiB pooled buffer (rented, so usually not even allocated) and the reader's few objects.
        Assert.True(allocated < 200_000, $"allocated {allocated} bytes for {info.Bytes} bytes of input");
    }
}
