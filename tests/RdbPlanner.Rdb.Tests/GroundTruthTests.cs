using System.Text.Json;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>The 15 snapshots real servers wrote for the ground-truth set: keys and expires per db equal their meta.json.</summary>
public sealed class GroundTruthTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        var dir = Path.Combine(FixturePaths.GroundTruthDir, "rdb");
        if (Directory.Exists(dir))
        {
            foreach (var f in Directory.GetFiles(dir, "*.rdb").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        }
        else
        {
            data.Add("(missing)");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void GroundTruth_CountsPerDbMatchMeta(string file)
    {
        var dir = FixturePaths.RequireShared(Path.Combine(FixturePaths.GroundTruthDir, "rdb"));
        var path = Path.Combine(dir, file);
        using var meta = JsonDocument.Parse(File.ReadAllText(path + ".meta.json"));
        var counter = new CountingVisitor();
        RdbFileInfo info;
        using (var stream = File.OpenRead(path))
        {
            info = RdbParser.Parse(stream, counter, new RdbReaderOptions { Strict = true }, displayName: file);
        }
        output.WriteLine($"{file}: {info.Magic} {info.Version}, {info.Bytes} bytes, checksum {info.Checksum}, {counter.Keys} keys, {counter.Expires} expires");
        Assert.Equal(new FileInfo(path).Length, info.Bytes);
        Assert.Equal(RdbChecksumStatus.Ok, info.Checksum);

        var header = meta.RootElement.GetProperty("rdb_header");
        Assert.Equal(header.GetProperty("magic").GetString(), info.Magic);
        Assert.Equal(header.GetProperty("rdb_version").GetInt32(), info.Version);
        foreach (var db in meta.RootElement.GetProperty("keys_per_db").EnumerateObject())
        {
            int n = int.Parse(db.Name.AsSpan(2));
            Assert.Equal(db.Value.GetInt64(), counter.KeysPerDb.GetValueOrDefault(n));
        }
        foreach (var db in meta.RootElement.GetProperty("expires_per_db").EnumerateObject())
        {
            int n = int.Parse(db.Name.AsSpan(2));
            Assert.Equal(db.Value.GetInt64(), counter.ExpiresPerDb.GetValueOrDefault(n));
        }
        Assert.Equal(meta.RootElement.GetProperty("keys_per_db").EnumerateObject().Count(), counter.KeysPerDb.Count);
    }
}
