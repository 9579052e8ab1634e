using RdbPlanner.Rdb;

namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// Every input in fixtures/fuzz/ (fuzz crashes and hangs, hand-made hostile files; see its README.md) is replayed in
/// each reader mode and must satisfy the hostile-input rules. Expected outcomes, where a file has one, are pinned in
/// fixtures/fuzz/EXPECTED.tsv: file, mode, "ok" or "error".
/// </summary>
public sealed class FuzzRegressionTests
{
    public static TheoryData<string> Inputs => new(Directory.GetFiles(HostilePaths.FuzzFixtures, "*.rdb")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!);

    private static readonly (string Name, RdbReaderOptions Options, bool ForwardOnly)[] Modes =
    [
        ("default", RdbReaderOptions.Default, false),
        ("no-verify", HostileRun.NoChecksum, false),
        ("strict", new RdbReaderOptions { Strict = true, VerifyChecksum = false }, false),
        ("forward-only", HostileRun.NoChecksum, true),
    ];

    [Fact]
    public void FixtureDirectory_HoldsRegressionInputs() =>
        Assert.True(Directory.GetFiles(HostilePaths.FuzzFixtures, "*.rdb").Length >= 5, "fixtures/fuzz/ has lost its inputs");

    [Theory]
    [MemberData(nameof(Inputs))]
    public void FuzzFixture_ObeysTheRules_InEveryMode(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(HostilePaths.FuzzFixtures, file));
        var expected = LoadExpected();
        foreach (var (name, options, forwardOnly) in Modes)
        {
            var o = HostileRun.Check(bytes, options, $"{file} ({name})", forwardOnly);
            if (expected.TryGetValue((file, name), out var want))
                Assert.True(want == (o.Clean ? "ok" : "error"), $"{file} ({name}): expected {want}, got {o.Describe()}");
        }
    }

    private static Dictionary<(string File, string Mode), string> LoadExpected()
    {
        var path = Path.Combine(HostilePaths.FuzzFixtures, "EXPECTED.tsv");
        var map = new Dictionary<(string, string), string>();
        if (!File.Exists(path)) return map;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split('\t');
            map[(f[0], f[1])] = f[2];
        }
        return map;
    }
}
