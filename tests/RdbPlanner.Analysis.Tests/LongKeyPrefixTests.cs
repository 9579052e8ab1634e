using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>
/// Keys of kilobytes with delimiters far in: the whole analysis once failed on the first key whose third-level prefix
/// was over 4 KiB (the prefix sketch read past its arena), a valid file ending in "internal error".
/// </summary>
public sealed class LongKeyPrefixTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rdbplanner-longkeys-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void KeysOfKilobytesWithDelimitersFarIn_AreAnalysed_AndShortPrefixesStillCounted()
    {
        var b = new RdbBuilder(11).SelectDb(0);
        for (int i = 0; i < 40; i++)
        {
            string segment = new string((char)('a' + i % 26), 1_400 + 97 * i);
            b.StringKey($"{segment}:{segment}:{segment}:x", "v");
            b.StringKey($"user:{i}:{segment}", "v");
        }
        string path = Path.Combine(_dir.FullName, "long.rdb");
        File.WriteAllBytes(path, b.Build());

        var summary = SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default);

        Assert.Equal(80, summary.Keys);
        Assert.Contains(summary.Prefixes, p => p.Prefix == "user" && p.Depth == 1 && p.Keys == 40);
        Assert.All(summary.Prefixes, p => Assert.True(p.Prefix.Length <= 256, $"a prefix of {p.Prefix.Length} bytes"));
    }
}
