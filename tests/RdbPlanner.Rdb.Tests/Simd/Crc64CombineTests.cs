using Xunit;

namespace RdbPlanner.Rdb.Tests.Simd;

/// <summary>Combining the CRCs of two parts must give the CRC of the whole, at any split point and length.</summary>
public sealed class Crc64CombineTests
{
    [Fact]
    public void CombinedParts_GiveTheWholeCrc()
    {
        var rng = new Random(64);
        foreach (int length in new[] { 0, 1, 2, 7, 8, 9, 63, 64, 65, 1000, 4096, 100_003 })
        {
            var data = new byte[length];
            rng.NextBytes(data);
            ulong whole = Crc64.Compute(data);
            for (int trial = 0; trial < 12; trial++)
            {
                int cut = length == 0 ? 0 : rng.Next(length + 1);
                ulong a = Crc64.Compute(data.AsSpan(0, cut)), b = Crc64.Compute(data.AsSpan(cut));
                Assert.Equal(whole, Crc64.Combine(a, b, length - cut));
            }
        }
    }

    [Fact]
    public void ManyParts_CombineLeftToRight()
    {
        var rng = new Random(65);
        var data = new byte[50_000];
        rng.NextBytes(data);
        ulong crc = 0;
        int at = 0;
        while (at < data.Length)
        {
            int n = Math.Min(data.Length - at, rng.Next(1, 3000));
            crc = Crc64.Combine(crc, Crc64.Compute(data.AsSpan(at, n)), n);
            at += n;
        }
        Assert.Equal(Crc64.Compute(data), crc);
        Assert.Equal(0xe9c6d914c4b8d9caUL, Crc64.Combine(Crc64.Compute("1234"u8), Crc64.Compute("56789"u8), 5));
    }
}
