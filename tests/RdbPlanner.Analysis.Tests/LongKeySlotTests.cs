using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>
/// Keys over the reader's 64 KiB inline limit reach the analysis as a prefix; their slot (per-key CSV, top keys, the
/// per-slot tables and the shard layout) is still that of the whole key. It was the prefix's before.
/// </summary>
public sealed class LongKeySlotTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rdbplanner-longslot-");

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed class Slots : IKeyObserver
    {
        public List<(long Length, int Slot)> Keys { get; } = [];

        public void OnKey(in KeyRecord key) => Keys.Add((key.KeyLength, key.Slot));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AKeyLongerThanTheInlineLimit_HasTheSlotOfAllOfIt(bool pipelined)
    {
        string[] keys =
        [
            new string('a', 70_000),
            new string('b', 65_600) + "{tag}",
            "{" + new string('c', 66_000) + "}",
            "user:1",
        ];
        var b = new RdbBuilder(11).SelectDb(0);
        foreach (var k in keys) b.StringKey(k, "v");
        string path = Path.Combine(_dir.FullName, "long.rdb");
        File.WriteAllBytes(path, b.Build());
        var slots = new Slots();

        var summary = SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default with
        {
            Observer = slots, PipelineAggregation = pipelined, MaxParallelFiles = 1,
        });

        Assert.Equal(keys.Select(k => ((long)k.Length, RedisSlot.Of(System.Text.Encoding.ASCII.GetBytes(k)))), slots.Keys);
        foreach (var (_, slot) in slots.Keys) Assert.True(summary.SlotKeys[slot] >= 1, $"slot {slot} has no key in the summary");
        Assert.All(summary.TopKeys, t => Assert.Contains(slots.Keys, k => k.Slot == t.Slot));
    }

    [Fact]
    public void ARankedKey_IsShownByItsFirstKilobyte_MarkedWhenCut()
    {
        string[] keys = [new string('x', 100), new string('y', 1024), new string('z', 5000), new string('w', 70_000)];
        var b = new RdbBuilder(11).SelectDb(0);
        foreach (var k in keys) b.StringKey(k, "v");
        string path = Path.Combine(_dir.FullName, "ranked.rdb");
        File.WriteAllBytes(path, b.Build());

        var top = SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default).TopKeys;

        Assert.Equal(4, top.Count);
        foreach (var k in keys)
        {
            var t = Assert.Single(top, t => t.Key[0] == k[0]);
            Assert.Equal(k.Length, t.KeyLength);
            Assert.Equal(k.Length <= 1024 ? k : k[..1024] + KeyText.TruncationMarker, t.Key);
        }
    }
}
