using RdbPlanner.Analysis;

namespace RdbPlanner.Analysis.Tests;

public class TtlClassifierTests
{
    [Theory]
    [InlineData(-1, 0)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(1000 + 3_599_999, 2)]
    [InlineData(1000 + 3_600_000, 3)]
    [InlineData(1000 + 86_400_000L * 7 - 1, 4)]
    [InlineData(1000 + 86_400_000L * 29, 5)]
    [InlineData(1000 + 86_400_000L * 30, 6)]
    public void Buckets_AreRelativeToTheSnapshotTime(long expireAt, int bucket) => Assert.Equal(bucket, TtlClassifier.Bucket(expireAt, 1000));
}
