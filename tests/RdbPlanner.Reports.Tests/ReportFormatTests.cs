using Xunit;

namespace RdbPlanner.Reports.Tests;

public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(0, "every prefix fit in the sketch, so the counts are exact")]
    [InlineData(1, "each count may be high (never low) by up to 1 key")]
    [InlineData(17_000, "each count may be high (never low) by up to 17,000 keys")]
    public void PrefixCountBound_ReadsRight_ForExactSingleAndPluralBounds(long bound, string expected) =>
        Assert.Equal(expected, ReportFormat.PrefixCountBound(bound));
}
