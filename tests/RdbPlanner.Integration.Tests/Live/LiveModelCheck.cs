using System.Globalization;
using System.Text;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>
/// One memory model against the real server it describes, on every <see cref="LiveDatasets"/> dataset, standalone and
/// with cluster-enabled (all 16384 slots on the one node): the product's estimate of dataset_bytes must be within 1% of
/// what the server reported (<see cref="LiveMeasurements"/>).
/// </summary>
public sealed class LiveModelCheck(string serverName, EngineModel model, MemoryModelOptions options)
{
    public const double Tolerance = 0.01;

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var cluster in new[] { false, true })
            foreach (var name in LiveDatasets.Names) data.Add(name, cluster);
        return data;
    }

    /// <summary>One dataset in one mode: every key reloads, and the estimate is within <see cref="Tolerance"/>.</summary>
    public async Task WithinTolerance(string dataset, bool cluster)
    {
        string binary = RedisServerFixture.RequireBinary(serverName);
        var m = (await LiveMeasurements.ForMode(binary, cluster)).Single(x => x.Dataset == dataset);
        var row = Compare(m);
        TestContext.Current.TestOutputHelper?.WriteLine(Header + "\n" + row.Line);
        Assert.Equal(m.WrittenKeys, m.LoadedKeys);
        Assert.True(Math.Abs(row.Error) <= Tolerance, $"{model.Name()} model off by {Percent(row.Error)}%:\n{Header}\n{row.Line}");
    }

    /// <summary>All cases in one table, also written to artifacts/<paramref name="artifactName"/>.</summary>
    public async Task ErrorTable(string artifactName)
    {
        string binary = RedisServerFixture.RequireBinary(serverName);
        var rows = new List<(LiveMeasurement M, double Error, string Line)>();
        foreach (var cluster in new[] { false, true })
            foreach (var m in await LiveMeasurements.ForMode(binary, cluster)) rows.Add(Compare(m));
        var text = new StringBuilder(Header).AppendLine();
        foreach (var r in rows) text.AppendLine(r.Line);
        text.AppendLine(CultureInfo.InvariantCulture, $"worst |error| {rows.Max(r => Math.Abs(r.Error)) * 100:0.000}% over {rows.Count} cases; server {ServerVersion(binary)}; model {ModelCatalog.ModelVersion}, {model.Name()}, {options.Allocator.Name()}, policy {options.MaxmemoryPolicy}");
        TestContext.Current.TestOutputHelper?.WriteLine(text.ToString());
        var artifacts = Path.Combine(FixturePaths.RepoRoot, "artifacts");
        Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(artifacts, artifactName), text.ToString());
        Assert.All(rows, r => Assert.True(Math.Abs(r.Error) <= Tolerance, r.Line));
    }

    private static readonly string Header = string.Create(CultureInfo.InvariantCulture,
        $"{"dataset",-14} {"mode",-10} {"keys",6} {"expires",7} {"rdb bytes",10} {"used empty",11} {"used loaded",11} {"dataset_bytes",13} {"model",11} {"error %",8}");

    private (LiveMeasurement M, double Error, string Line) Compare(LiveMeasurement m)
    {
        // The product's own pipeline (reader → every model → dataset tables), as `rdbplanner analyze` runs it.
        // The server loads every key (no TTL has passed), so nothing is left out as already expired.
        var summary = SnapshotAnalyzer.Analyze([m.RdbPath], AnalysisOptions.Default with { Models = options, IncludeExpired = true });
        var estimate = summary.Estimate(model);
        long predicted = m.Cluster ? estimate.ClusterBytes : estimate.StandaloneBytes;
        double error = (predicted - m.DatasetBytes) / (double)m.DatasetBytes;
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{m.Dataset,-14} {m.Mode,-10} {m.LoadedKeys,6} {m.LoadedExpires,7} {m.RdbBytes,10} {m.UsedMemoryEmpty,11} {m.UsedMemoryLoaded,11} {m.DatasetBytes,13} {predicted,11} {Percent(error),8}");
        return (m, error, line);
    }

    private static string Percent(double error) => (error >= 0 ? "+" : "") + (error * 100).ToString("0.000", CultureInfo.InvariantCulture);

    private static string ServerVersion(string binary)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true })!;
        string v = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit(10000);
        return v;
    }
}
