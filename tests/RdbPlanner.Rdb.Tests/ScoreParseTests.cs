using System.Globalization;
using System.Text;
using RdbPlanner.Rdb;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class ScoreParseTests
{
    [Theory]
    [InlineData("0.5")]
    [InlineData("-12.25")]
    [InlineData("3.14")]
    [InlineData("0.1")]
    [InlineData("123456789012345")]
    [InlineData("1.23456789012345")]
    [InlineData("-0.000000000000001")]
    [InlineData("-0")]
    public void ShortDecimals_ParseExactlyLikeDoubleParse(string text)
    {
        Assert.True(RdbReader.TryParseShortDecimal(Encoding.ASCII.GetBytes(text), out double fast));
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), fast);
    }

    [Theory]
    [InlineData("1234567890123456")] // 16 digits: left to double.Parse
    [InlineData("1e5")]
    [InlineData("1.")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("inf")]
    public void OtherTexts_FallBack(string text)
    {
        Assert.False(RdbReader.TryParseShortDecimal(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void RandomShortestRoundTripScores_ParseExactly()
    {
        var rng = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            double d = Math.Round((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 9)), rng.Next(0, 8));
            string text = d.ToString("R", CultureInfo.InvariantCulture);
            if (RdbReader.TryParseShortDecimal(Encoding.ASCII.GetBytes(text), out double fast))
                Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), fast);
        }
    }
}
