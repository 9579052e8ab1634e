using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>RdbScalar keeps its integer flag in the length's sign bit: every field must come back as given.</summary>
public sealed class RdbScalarTests
{
    [Theory]
    [InlineData(0L, false, 0L)]
    [InlineData(0L, true, 0L)]
    [InlineData(1L, true, 7L)]
    [InlineData(20L, true, long.MinValue)]
    [InlineData(19L, true, long.MaxValue)]
    [InlineData(44L, false, 0L)]
    [InlineData(512L << 20, false, 0L)]
    [InlineData(long.MaxValue, false, 0L)]
    [InlineData(long.MaxValue, true, -1L)]
    public void Fields_RoundTrip(long length, bool isInteger, long integer)
    {
        var s = new RdbScalar(length, isInteger, integer);
        Assert.Equal((length, isInteger, integer), (s.Length, s.IsInteger, s.Integer));
        var (l, i, v) = s;
        Assert.Equal((length, isInteger, integer), (l, i, v));
        Assert.Equal(s, new RdbScalar(length, isInteger, integer));
        Assert.NotEqual(s, new RdbScalar(length, !isInteger, integer));
        Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<RdbScalar>());
    }

    [Fact]
    public void Factories_SetTheFlag()
    {
        var n = RdbScalar.FromInteger(-12345);
        Assert.Equal((6L, true, -12345L), (n.Length, n.IsInteger, n.Integer));
        var s = RdbScalar.FromString(300);
        Assert.Equal((300L, false, 0L), (s.Length, s.IsInteger, s.Integer));
        Assert.Contains("Length = 300", s.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345", true, 12345L)]
    [InlineData("-7", true, -7L)]
    [InlineData("0", true, 0L)]
    [InlineData("007", false, 0L)]
    [InlineData("-0", false, 0L)]
    [InlineData("+5", false, 0L)]
    [InlineData("12a", false, 0L)]
    [InlineData("", false, 0L)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("123456789012345678901", false, 0L)]
    public void FromText_AppliesTheCanonicalIntegerTest(string text, bool isInteger, long integer)
    {
        var s = RdbScalar.FromText(System.Text.Encoding.ASCII.GetBytes(text));
        Assert.Equal(((long)text.Length, isInteger, integer), (s.Length, s.IsInteger, s.Integer));
    }
}
