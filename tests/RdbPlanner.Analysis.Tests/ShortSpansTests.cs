namespace RdbPlanner.Analysis.Tests;

/// <summary>The inline short-span copy and compare must do exactly what the runtime's CopyTo and SequenceEqual do.</summary>
public sealed class ShortSpansTests
{
    [Fact]
    public void Copy_WritesExactlyTheSourceBytes_AtEveryLengthAndAlignment()
    {
        var rng = new Random(20261128);
        var source = new byte[240];
        var destination = new byte[240];
        for (int length = 0; length <= 160; length++)
        {
            for (int from = 0; from < 16; from++)
            {
                for (int to = 0; to < 16; to += 3)
                {
                    rng.NextBytes(source);
                    Array.Fill(destination, (byte)0xA5);
                    var src = source.AsSpan(from, length);
                    ShortSpans.Copy(src, destination.AsSpan(to, length + rng.Next(3)));
                    Assert.True(src.SequenceEqual(destination.AsSpan(to, length)), $"length {length}, from {from}, to {to}");
                    // Nothing outside the copied range changes.
                    Assert.All(destination.AsSpan(0, to).ToArray(), b => Assert.Equal(0xA5, b));
                    Assert.All(destination.AsSpan(to + length).ToArray(), b => Assert.Equal(0xA5, b));
                }
            }
        }
    }

    [Fact]
    public void Copy_RejectsAShorterDestination()
    {
        var source = new byte[20];
        Assert.Throws<ArgumentException>(() => ShortSpans.Copy(source, new byte[19]));
    }

    [Fact]
    public void Equal_AgreesWithSequenceEqual_ForEveryLengthAndDifferingByte()
    {
        var rng = new Random(20261129);
        var a = new byte[200];
        var b = new byte[200];
        int unequal = 0;
        for (int length = 0; length <= 80; length++)
        {
            for (int offset = 0; offset < 8; offset++)
            {
                rng.NextBytes(a);
                a.CopyTo(b, 0);
                var x = a.AsSpan(offset, length);
                Assert.True(ShortSpans.Equal(x, b.AsSpan(offset, length)));
                // One byte differing anywhere in the span, by one bit or by any value.
                for (int at = 0; at < length; at++)
                {
                    b[offset + at] ^= (byte)(rng.Next(2) == 0 ? 1 << rng.Next(8) : rng.Next(1, 256));
                    var y = b.AsSpan(offset, length);
                    Assert.Equal(x.SequenceEqual(y), ShortSpans.Equal(x, y));
                    Assert.False(ShortSpans.Equal(x, y), $"length {length}, byte {at}");
                    unequal++;
                    b[offset + at] = a[offset + at];
                }
                // Bytes around the span do not count; lengths must match.
                b[offset + length] ^= 0xFF;
                Assert.True(ShortSpans.Equal(x, b.AsSpan(offset, length)));
                if (length > 0) Assert.False(ShortSpans.Equal(x, b.AsSpan(offset, length - 1)));
                Assert.False(ShortSpans.Equal(x, b.AsSpan(offset, length + 1)));
            }
        }
        Assert.True(unequal > 20_000);
    }
}
