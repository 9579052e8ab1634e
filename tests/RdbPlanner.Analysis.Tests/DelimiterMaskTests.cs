namespace RdbPlanner.Analysis.Tests;

/// <summary>Every path of the delimiter mask must agree with its byte loop at every length and alignment.</summary>
public sealed class DelimiterMaskTests
{
    [Fact]
    public void EveryPath_MatchesTheScalarReference_OnRandomKeys()
    {
        var rng = new Random(20261128);
        var buffer = new byte[200];
        long bits = 0;
        for (int round = 0; round < 30_000; round++)
        {
            // Two bytes sought at once (the slot's '{' and the prefix delimiter), sometimes the same byte, each at random
            // density; the other bytes mostly near the first (a borrow or carry would show) or anything.
            byte delimiter = rng.Next(4) switch { 0 => (byte)':', 1 => 0x00, 2 => 0xFF, _ => (byte)rng.Next(256) };
            byte other = rng.Next(4) switch { 0 => (byte)'{', 1 => delimiter, 2 => (byte)(delimiter + 1), _ => (byte)rng.Next(256) };
            int density = rng.Next(1, 12);
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = rng.Next(density) == 0 ? delimiter
                    : rng.Next(density) == 0 ? other
                    : rng.Next(2) == 0 ? (byte)(delimiter + rng.Next(-2, 3)) : (byte)rng.Next(256);
            }
            int start = rng.Next(64);
            int length = rng.Next(Math.Min(110, buffer.Length - start) + 1);
            var key = buffer.AsSpan(start, length);
            ulong expected = DelimiterMask.Scalar(key, delimiter);
            ulong expectedOther = DelimiterMask.Scalar(key, other);
            bits += System.Numerics.BitOperations.PopCount(expected) + System.Numerics.BitOperations.PopCount(expectedOther);
            Assert.Equal(expected, DelimiterMask.Of(key, delimiter));
            Assert.Equal((expected, expectedOther), (DelimiterMask.Of(key, delimiter, other, out ulong second), second));
            if (length >= 8) Assert.Equal((expected, expectedOther), (DelimiterMask.WordMask(key, delimiter, other, out second), second));
            if (length >= 16) Assert.Equal((expected, expectedOther), (DelimiterMask.Vector128Mask(key, delimiter, other, out second), second));
            if (length >= 32) Assert.Equal((expected, expectedOther), (DelimiterMask.Vector256Mask(key, delimiter, other, out second), second));
        }
        Assert.True(bits > 200_000, "too few delimiters to test anything");
    }

    [Fact]
    public void OnlyTheFirst64Bytes_AreInTheMask()
    {
        var key = new byte[100];
        Array.Fill(key, (byte)':');
        Assert.Equal(ulong.MaxValue, DelimiterMask.Of(key, (byte)':'));
        Assert.Equal(0x7FUL, DelimiterMask.Of(key.AsSpan(0, 7), (byte)':'));
        Assert.Equal(0UL, DelimiterMask.Of([], (byte)':'));
    }
}
