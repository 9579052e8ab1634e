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

    /// <summary>Random well-formed token streams: literal runs of 1–32 bytes and back references of every length and distance.</summary>
    private static byte[] RandomTokens(Random rng, int outputLength)
    {
        var tokens = new List<byte>();
        int produced = 0;
        while (produced < outputLength)
        {
            int left = outputLength - produced;
            if (produced == 0 || rng.Next(3) == 0)
            {
                int run = Math.Min(left, rng.Next(1, 33));
                tokens.Add((byte)(run - 1));
                for (int i = 0; i < run; i++) tokens.Add((byte)rng.Next(256));
                produced += run;
                continue;
            }
            if (left < 3) { tokens.Add(0); tokens.Add((byte)rng.Next(256)); produced++; continue; }
            int len = Math.Min(left, rng.Next(2) == 0 ? rng.Next(3, 40) : rng.Next(3, 265));
            // Short distances exercise the overlapping (pattern-repeating) copy.
            int back = rng.Next(3) == 0 ? rng.Next(1, Math.Min(produced, 20) + 1) : rng.Next(1, Math.Min(produced, 8192) + 1);
            int l = len - 2;
            int d = back - 1;
            if (l < 7)
            {
                tokens.Add((byte)((l << 5) | (d >> 8)));
            }
            else
            {
                tokens.Add((byte)((7 << 5) | (d >> 8)));
                tokens.Add((byte)(l - 7));
            }
            tokens.Add((byte)d);
            produced += len;
        }
        return [.. tokens];
    }

    [Fact]
    public void VectorDecoder_MatchesTheScalarReference_OnRandomTokenStreams()
    {
        var rng = new Random(20261127);
        for (int length = 0; length <= 600; length++)
        {
            for (int rep = 0; rep < 4; rep++) CompareWithReference(RandomTokens(rng, length), length, rng);
        }
        for (int rep = 0; rep < 40; rep++) CompareWithReference(RandomTokens(rng, 70_000), 70_000, rng);
    }

    [Fact]
    public void VectorDecoder_MatchesTheScalarReference_OnGarbageAndTruncations()
    {
        var rng = new Random(7);
        for (int rep = 0; rep < 3000; rep++)
        {
            var garbage = new byte[rng.Next(0, 200)];
            rng.NextBytes(garbage);
            CompareWithReference(garbage, rng.Next(0, 400), rng);
            var valid = RandomTokens(rng, rng.Next(1, 300));
            CompareWithReference(valid.AsSpan(0, rng.Next(0, valid.Length + 1)).ToArray(), 300, rng);
        }
    }

    /// <summary>Same result; same bytes up to it (the vector decoder may write past it). Input and output at every small offset in larger arrays.</summary>
    private static void CompareWithReference(byte[] input, int outputLength, Random rng)
    {
        int inOffset = rng.Next(0, 64), outOffset = rng.Next(0, 64);
        var inBuffer = new byte[inOffset + input.Length + rng.Next(0, 64)];
        input.CopyTo(inBuffer, inOffset);
        var src = inBuffer.AsSpan(inOffset, input.Length);
        var expected = new byte[outputLength];
        var actualBuffer = new byte[outOffset + outputLength + 64];
        var actual = actualBuffer.AsSpan(outOffset, outputLength);
        int r1 = Lzf.DecompressScalar(src, expected);
        int r2 = Lzf.Decompress(src, actual);
        Assert.Equal(r1, r2);
        if (r1 > 0) Assert.True(expected.AsSpan(0, r1).SequenceEqual(actual[..r1]), $"output differs (input {input.Length} B, output {outputLength} B)");
        Assert.All(actualBuffer.AsSpan(outOffset + outputLength).ToArray(), b => Assert.Equal(0, b)); // nothing past the span
    }

    [Fact]
    public void Scan_MatchesTheScalarReference_OnRandomTokenStreams()
    {
        var rng = new Random(20261128);
        for (int length = 0; length <= 400; length++)
        {
            for (int rep = 0; rep < 3; rep++)
            {
                var tokens = RandomTokens(rng, length);
                foreach (int outputLength in new[] { length, Math.Max(0, length - 1), length + 5 }) CompareScan(tokens, outputLength);
            }
        }
        for (int rep = 0; rep < 20; rep++) CompareScan(RandomTokens(rng, 70_000), 70_000);
    }

    [Fact]
    public void Scan_MatchesTheScalarReference_OnGarbageAndTruncations()
    {
        var rng = new Random(8);
        for (int rep = 0; rep < 3000; rep++)
        {
            var garbage = new byte[rng.Next(0, 200)];
            rng.NextBytes(garbage);
            CompareScan(garbage, rng.Next(0, 400));
            var valid = RandomTokens(rng, rng.Next(1, 300));
            CompareScan(valid.AsSpan(0, rng.Next(0, valid.Length + 1)).ToArray(), 300);
            // One byte changed: most often a length or distance that no longer fits.
            var flipped = (byte[])valid.Clone();
            flipped[rng.Next(flipped.Length)] = (byte)rng.Next(256);
            CompareScan(flipped, 300);
        }
    }

    /// <summary>Same result as decompressing it all, and the same first bytes, for heads of several sizes; Peek agrees.</summary>
    private static void CompareScan(byte[] input, int outputLength)
    {
        var expected = new byte[outputLength];
        int r1 = Lzf.DecompressScalar(input, expected);
        foreach (int headLength in new[] { 0, 1, 6, 7, 40 })
        {
            var head = new byte[headLength];
            int r2 = Lzf.Scan(input, outputLength, head);
            Assert.Equal(r1, r2);
            if (r1 > 0)
            {
                int n = Math.Min(r1, headLength);
                Assert.True(expected.AsSpan(0, n).SequenceEqual(head.AsSpan(0, n)), $"head differs (input {input.Length} B, output {outputLength} B, head {headLength} B)");
            }
            // Peek decodes the head alone: the same bytes, or the reference's error when it lies in the head's tokens.
            var peeked = new byte[headLength];
            int r3 = Lzf.Peek(input, outputLength, peeked);
            if (r1 >= 0)
            {
                Assert.Equal(Math.Min(r1, headLength), r3);
                Assert.True(expected.AsSpan(0, r3).SequenceEqual(peeked.AsSpan(0, r3)), "peeked head differs");
            }
            else
            {
                Assert.True(r3 == r1 || (r3 >= 0 && r3 <= headLength), $"peek {r3}, reference {r1}");
            }
        }
    }
}
