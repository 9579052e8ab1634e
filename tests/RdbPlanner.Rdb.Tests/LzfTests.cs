using RdbPlanner.Rdb;
using RdbPlanner.TestKit.Reference;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class LzfTests
{
    public static TheoryData<int, int> Inputs() => new()
    {
        { 0, 1 }, { 1, 2 }, { 31, 3 }, { 32, 4 }, { 33, 5 }, { 300, 6 }, { 8192, 7 }, { 70_000, 8 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void RoundTrip_RandomAndRepetitive(int length, int seed)
    {
        var rng = new Random(seed);
        var random = new byte[length];
        rng.NextBytes(random);
        var repetitive = new byte[length];
        for (int i = 0; i < length; i++) repetitive[i] = (byte)"abcabcabd"[i % 9];
        foreach (var data in new[] { random, repetitive })
        {
            var compressed = LzfCompressor.Compress(data);
            var output = new byte[length];
            Assert.Equal(length, Lzf.Decompress(compressed, output));
            Assert.Equal(data, output);
        }
    }

    [Fact]
    public void LongMatches_UseTheExtraLengthByte()
    {
        var data = new byte[1000];
        var compressed = LzfCompressor.Compress(data);
        Assert.True(compressed.Length < 20, $"{compressed.Length} bytes");
        var output = new byte[1000];
        Assert.Equal(1000, Lzf.Decompress(compressed, output));
    }

    [Fact]
    public void LiteralRunPastTheInput_IsAnError() =>
        Assert.Equal(Lzf.ErrorInputOverrun, Lzf.Decompress(new byte[] { 5, 1, 2 }, new byte[10]));

    [Fact]
    public void BackReferenceBeforeTheStart_IsAnError() =>
        Assert.Equal(Lzf.ErrorBadReference, Lzf.Decompress(new byte[] { 0, (byte)'a', 0x20, 5 }, new byte[10]));

    [Fact]
    public void OutputOverrun_IsAnError()
    {
        var compressed = LzfCompressor.Compress(new byte[100]);
        Assert.Equal(Lzf.ErrorOutputOverrun, Lzf.Decompress(compressed, new byte[99]));
    }

    [Fact]
    public void TruncatedBackReference_IsAnError()
    {
        Assert.Equal(Lzf.ErrorInputOverrun, Lzf.Decompress(new byte[] { 0, 1, 0x20 }, new byte[10]));
        Assert.Equal(Lzf.ErrorInputOverrun, Lzf.Decompress(new byte[] { 0, 1, 0xE0 }, new byte[10]));
    }

    [Fact]
    public void EveryTruncationOfValidData_NeverCrashes()
    {
        var data = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hello lzf world ", 40)));
        var compressed = LzfCompressor.Compress(data);
        var output = new byte[data.Length];
        for (int cut = 0; cut < compressed.Length; cut++)
        {
            int r = Lzf.Decompress(compressed.AsSpan(0, cut), output);
            Assert.True(r < data.Length, $"cut {cut} decompressed fully");
        }
    }
}
