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
        string? message = null;
        Type? type = null;
        try
        {
            FixturePaths.RequireShared(missing);
        }
        catch (Exception e)
        {
            message = e.Message;
            type = e.GetType();
        }
        Assert.NotNull(message);
        // Compare without the token itself: a failure message starting with it would be reported as a skip.
        if (FixturePaths.IsCi) Assert.Equal(typeof(FileNotFoundException), type);
        else Assert.True(message.StartsWith(Xunit.v3.DynamicSkipToken.Value, StringComparison.Ordinal) && message.Contains("not present", StringComparison.Ordinal), "not a dynamic skip");
    }
}
