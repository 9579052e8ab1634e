using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>
/// One snapshot given twice as shards (a primary's and its replica's copy, or a path repeated) is named in
/// <see cref="ReadinessFacts.DuplicateInputs"/>: by its verified CRC-64, else its SHA-256, else its path.
/// </summary>
public sealed class DuplicateInputsTests : IDisposable
{
    private static readonly AnalysisOptions Options = AnalysisOptions.Default with { ReadAhead = false, MaxParallelFiles = 1 };
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rdbplanner-dup-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Snapshot(string value, TrailerMode trailer = TrailerMode.Valid) =>
        new RdbBuilder(11).SelectDb(0).StringKey("k1", value).StringKey("k2", "v2").Build(trailer);

    [Fact]
    public void ACopyUnderAnotherName_IsFoundByItsCrc64()
    {
        string primary = Write("primary.rdb", Snapshot("v1"));
        string replica = Write("replica.rdb", Snapshot("v1"));
        string other = Write("other.rdb", Snapshot("v1-changed"));

        var summary = SnapshotAnalyzer.Analyze([primary, other, replica], Options);

        var group = Assert.Single(summary.Readiness.DuplicateInputs);
        Assert.Equal([primary, replica], group);
        Assert.All(summary.Files, f => Assert.Matches("^[0-9a-f]{16}$", f.Crc64!));
        Assert.Equal(summary.Files[0].Crc64, summary.Files[2].Crc64);
        Assert.NotEqual(summary.Files[0].Crc64, summary.Files[1].Crc64);
        Assert.Equal(6, summary.Keys);
    }

    [Fact]
    public void DistinctSnapshots_AreNoDuplicates()
    {
        string a = Write("a.rdb", Snapshot("v1"));
        string b = Write("b.rdb", Snapshot("v9"));

        Assert.Empty(SnapshotAnalyzer.Analyze([a, b], Options).Readiness.DuplicateInputs);
    }

    [Fact]
    public void WithoutAChecksum_TheSamePathOrTheSameSha256_StillCounts()
    {
        // rdbchecksum no: no CRC-64 to go by.
        string a = Write("a.rdb", Snapshot("v1", TrailerMode.Zero));
        string copy = Write("copy.rdb", Snapshot("v1", TrailerMode.Zero));

        var samePath = SnapshotAnalyzer.Analyze([a, Path.Combine(_dir.FullName, ".", "a.rdb")], Options);
        Assert.Null(samePath.Files[0].Crc64);
        Assert.Equal(2, Assert.Single(samePath.Readiness.DuplicateInputs).Count);

        Assert.Empty(SnapshotAnalyzer.Analyze([a, copy], Options).Readiness.DuplicateInputs);
        var hashed = SnapshotAnalyzer.Analyze([a, copy], Options with { ComputeSha256 = true });
        Assert.Equal([a, copy], Assert.Single(hashed.Readiness.DuplicateInputs));
    }
}
