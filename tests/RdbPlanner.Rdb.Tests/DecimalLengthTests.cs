using System.Globalization;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class DecimalLengthTests
{
    [Fact]
    public void DecimalLength_MatchesTheDivisionLoopAndTheText_AtEveryPowerOfTenAndOnRandomValues()
    {
        var values = new List<long> { 0, 1, -1, 9, -9, long.MaxValue, long.MinValue, long.MinValue + 1 };
        for (long p = 1; p <= 1_000_000_000_000_000_000L; p *= 10)
        {
            values.AddRange([p - 1, p, p + 1, -(p - 1), -p, -(p + 1)]);
        }
        var random = new Random(20261127);
        for (int i = 0; i < 200_000; i++)
        {
            // Random bit lengths, so every digit count is hit often, not just the 19-digit values a uniform long gives.
            long v = random.NextInt64() >> random.Next(64);
            values.Add(random.Next(2) == 0 ? v : -v);
        }
        foreach (long v in values)
        {
            int expected = v.ToString(CultureInfo.InvariantCulture).Length;
            Assert.True(expected == RdbScalar.DecimalLength(v), $"{v}: {RdbScalar.DecimalLength(v)} != {expected}");
            Assert.Equal(expected, RdbScalar.DecimalLengthScalar(v));
        }
    }
}
