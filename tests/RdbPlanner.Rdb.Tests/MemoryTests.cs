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
        long a = AllocatedBy(() => RdbParser.Parse(new MemoryStream(small), new NullVisitor(), options));
        long b = AllocatedBy(() => RdbParser.Parse(new MemoryStream(large), new NullVisitor(), options));
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
        var visitor = new NullVisitor();
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

    private sealed class NullVisitor : IRdbVisitor, IRdbValueSink
    {
        public long Keys;
        public void Header(string magic, int version) { }
        public void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) { }
        public void SelectDb(int database) { }
        public void ResizeDb(int database, long keys, long expires) { }
        public void SlotInfo(int slot, long keys, long expires) { }
        public void Function(long sourceLength) { }
        public void ModuleAux(ulong moduleId, string moduleName) { }
        public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key) { Keys++; return this; }
        public void EndKey() { }
        public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) { }
        public void BeginValue(RdbValueType type, long declaredCount) { }
        public void String(RdbScalar value, long compressedLength) { }
        public void Blob(RdbBlobKind kind, long bytes, int intsetWidth) { }
        public void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount) { }
        public void Element(RdbScalar element) { }
        public void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) { }
        public void ZSetEntry(RdbScalar member, double score) { }
        public void StreamNode(long listpackBytes, long entries) { }
        public void StreamGroup(long nameLength, long pelEntries, long consumers) { }
        public void StreamConsumer(long nameLength, long pelEntries) { }
        public void Stream(in RdbStreamFacts facts) { }
        public void Module(ulong moduleId, string moduleName, long serializedBytes) { }
        public void EndValue() { }
    }
}
