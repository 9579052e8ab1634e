using CsvHelper;
using RdbPlanner.Memory;

namespace RdbPlanner.Reports.Tests;

public sealed class SummaryCsvWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rdbplanner-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<string[]> Read(string path, out IReadOnlyList<string> headers)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default);
        var rows = new List<string[]>();
        headers = [];
        while (csv.Read())
        {
            headers = csv.Headers;
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        }
        return rows;
    }

    [Fact]
    public void WriteAll_WritesFiveFiles_WithExpectedRows()
    {
        var summary = SampleSummary.Create();
        var files = SummaryCsvWriter.WriteAll(summary, _dir);
        Assert.Equal(5, files.Count);

        var top = Read(Path.Combine(_dir, SummaryCsvWriter.TopKeysFile), out var h);
        Assert.Equal(SummaryCsvWriter.TopKeysColumns, h);
        Assert.Equal(3, top.Count);
        Assert.Equal(["1", "0", "sortedset", "leaderboard:global", "18", "48000000", "skiplist", "400000", "24", "", "1234"], top[0]);
        Assert.Equal(SampleSummary.ScriptKey, top[1][3]);
        Assert.Equal("2027-01-15T08:00:00.000Z", top[1][9]);
        Assert.Equal(SampleSummary.QuoteKey, top[2][3]);   // quotes, comma and newline survive CSV quoting

        var prefixes = Read(Path.Combine(_dir, SummaryCsvWriter.PrefixesFile), out h);
        Assert.Equal(SummaryCsvWriter.PrefixesColumns, h);
        Assert.Equal(["user:", "session:", "<b>evil</b>:", "user:42:"], prefixes.Select(r => r[0]));
        Assert.All(prefixes, r => Assert.Equal("17", r[3]));
        Assert.Equal((600_000.0 / 951_200).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture), prefixes[0][5]);

        var ttl = Read(Path.Combine(_dir, SummaryCsvWriter.TtlFile), out h);
        Assert.Equal(SummaryCsvWriter.TtlColumns, h);
        Assert.Equal(["none", "expired", "<1h", "<1d", "<7d", "<30d", "later"], ttl.Select(r => r[0]));
        Assert.Equal(summary.Ttl.Keys, ttl.Select(r => long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));

        var slots = Read(Path.Combine(_dir, SummaryCsvWriter.SlotsFile), out h);
        Assert.Equal(["slot", "keys", "redis_7_0_bytes", "redis_7_2_bytes", "valkey_8_0_bytes", "valkey_8_1_bytes", "valkey_9_1_bytes"], h);
        Assert.Equal(16384, slots.Count);
        Assert.Equal("866", slots[866][0]);
        Assert.Equal("5000", slots[866][1]);
        for (int m = 0; m < EngineModelNames.Count; m++)
        {
            var e = summary.Estimates[m];
            long sum = slots.Sum(r => long.Parse(r[2 + m], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(e.ClusterBytes - e.ClusterFixedBytes, sum);
        }

        var byType = Read(Path.Combine(_dir, SummaryCsvWriter.MemoryByTypeFile), out h);
        Assert.Equal(SummaryCsvWriter.MemoryByTypeColumns, h);
        Assert.Equal(EngineModelNames.Count * 6, byType.Count);
        foreach (var model in EngineModelNames.All)
        {
            var rows = byType.Where(r => r[0] == model.Name()).ToList();
            Assert.Equal(summary.Estimate(model).StandaloneBytes, rows.Sum(r => long.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture)));
        }
        Assert.Equal(["redis-7.0", "hash", "hashtable"], byType[0][..3]);
    }

    [Fact]
    public void WriteAll_IsDeterministic()
    {
        var summary = SampleSummary.Create();
        var a = Path.Combine(_dir, "a");
        var b = Path.Combine(_dir, "b");
        SummaryCsvWriter.WriteAll(summary, a);
        SummaryCsvWriter.WriteAll(summary, b);
        foreach (var f in Directory.GetFiles(a))
        {
            Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(b, Path.GetFileName(f))));
        }
    }
}
