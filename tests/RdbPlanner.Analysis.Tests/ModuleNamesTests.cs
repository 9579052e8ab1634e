using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>
/// A crafted file can give every key a module id of its own: the names kept apart are capped, the rest counted under
/// <see cref="ModuleNames.Others"/>, so neither the work per key nor the output grows with the number of ids.
/// </summary>
public sealed class ModuleNamesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rdbplanner-modules-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, Func<int, ulong> moduleOfKey, int keys, int auxRecords = 0)
    {
        var b = new RdbBuilder(11).SelectDb(0);
        for (int i = 0; i < auxRecords; i++) b.ModuleAux(ModuleOf(10_000 + i), 2, x => x.Length(0));
        for (int i = 0; i < keys; i++) b.ModuleKey("k" + i, moduleOfKey(i), x => x.Length(0));
        string path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, b.Build());
        return path;
    }

    /// <summary>A distinct valid module id per number: the name's first 54 bits from it, encoding version 1.</summary>
    private static ulong ModuleOf(int n) => ((ulong)(n + 1) << 10) | 1;

    [Fact]
    public void EveryKeyItsOwnModule_IsCountedUnderACappedSetOfNames()
    {
        const int keys = 3_000;
        string path = Write("many.rdb", ModuleOf, keys, auxRecords: 500);
        foreach (int parallel in new[] { 1, 2 })
        {
            // Two copies, so the merge of two files' names is capped too.
            var s = SnapshotAnalyzer.Analyze([path, path], AnalysisOptions.Default with { MaxParallelFiles = parallel });
            Assert.Equal(2 * keys, s.Types["module"]);
            Assert.InRange(s.Readiness.ModuleKeys.Count, 2, ModuleNames.MaxNames + 1);
            Assert.Equal(2L * keys, s.Readiness.ModuleKeys.Values.Sum());
            Assert.True(s.Readiness.ModuleKeys.ContainsKey(ModuleNames.Others));
            Assert.InRange(s.Readiness.ModuleAuxNames.Count, 2, ModuleNames.MaxNames + 1);
            Assert.Contains(ModuleNames.Others, s.Readiness.ModuleAuxNames);
        }
    }

    [Fact]
    public void AFewModules_KeepTheirOwnNames()
    {
        ulong json = RdbBuilder.ModuleId("ReJSON-RL", 3), bloom = RdbBuilder.ModuleId("MBbloom--", 0);
        string path = Write("few.rdb", i => i % 3 == 0 ? bloom : json, 30);
        var s = SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default);
        Assert.Equal(new Dictionary<string, long> { ["MBbloom--"] = 10, ["ReJSON-RL"] = 20 }, s.Readiness.ModuleKeys.OrderBy(m => m.Key).ToDictionary());
    }
}
