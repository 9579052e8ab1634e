using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class FixturePathsTests
{
    [Fact]
    public void RepoRoot_HoldsTheSolution() => Assert.True(File.Exists(Path.Combine(FixturePaths.RepoRoot, "RdbPlanner.sln")));

    [Fact]
    public void MissingSharedData_SkipsLocally_FailsUnderCi()
    {
        var missing = Path.Combine(FixturePaths.SharedDir, "no-such-file-" + Guid.NewGuid().ToString("N"));
        var e = Assert.ThrowsAny<Exception>(() => FixturePaths.RequireShared(missing));
        if (FixturePaths.IsCi) Assert.IsType<FileNotFoundException>(e);
        else Assert.StartsWith(Xunit.v3.DynamicSkipToken.Value, e.Message, StringComparison.Ordinal);
    }
}
