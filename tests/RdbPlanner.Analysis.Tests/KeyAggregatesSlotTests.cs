using System.Text;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Analysis.Tests;

/// <summary>The aggregates' slot short cut (no '{' in a short key) must give <see cref="RedisSlot.Of"/>'s slot for every key.</summary>
public sealed class KeyAggregatesSlotTests
{
    [Fact]
    public void SlotOf_EqualsRedisSlot_ForKeysWithAndWithoutHashTags()
    {
        var rng = new Random(20261128);
        var buffer = new byte[160];
        int tagged = 0;
        for (int round = 0; round < 40_000; round++)
        {
            int length = rng.Next(0, 100);
            for (int i = 0; i < length; i++) buffer[i] = (byte)rng.Next('a', 'z' + 1);
            // Braces at random places, or none: before, at and after byte 64, empty tags, a '}' alone.
            int braces = rng.Next(4);
            for (int b = 0; b < braces && length > 0; b++) buffer[rng.Next(length)] = rng.Next(2) == 0 ? (byte)'{' : (byte)'}';
            var key = buffer.AsSpan(0, length);
            if (RedisSlot.Of(key) != (RedisSlot.Crc16(key) & (RedisSlot.Count - 1))) tagged++;
            Assert.Equal(RedisSlot.Of(key), KeyAggregates.SlotOf(key));
        }
        Assert.True(tagged > 3_000, $"only {tagged} keys had a hash tag that changed their slot");
        Assert.Equal(RedisSlot.Of("{user1000}.following"u8), KeyAggregates.SlotOf("{user1000}.following"u8));
        Assert.Equal(RedisSlot.Crc16("user1000"u8) & (RedisSlot.Count - 1), KeyAggregates.SlotOf("{user1000}.following"u8));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void SlotKeys_CountEveryKey_ExpiredOnesToo_OverSeveralFiles(bool includeExpired, bool pipelined)
    {
        // The loaded keys are counted per slot by the dataset, the expired ones (dropped on load) beside it.
        const long ctimeMs = 1_700_000_000_000;
        string[] live1 = ["user:1", "user:2", "{user:1}:cart"], expired1 = ["gone:1", "{user:1}:old"];
        string[] live2 = ["user:2", "other"], expired2 = ["gone:1", "gone:2", "gone:3"];
        var dir = Directory.CreateTempSubdirectory("rdbplanner-slots-");
        try
        {
            string first = Write("a.rdb", live1, expired1), second = Write("b.rdb", live2, expired2);
            var options = AnalysisOptions.Default with
            {
                ReadAhead = false, MaxParallelFiles = 1, IncludeExpired = includeExpired, PipelineAggregation = pipelined,
            };
            var summary = SnapshotAnalyzer.Analyze([first, second], options);
            var expected = new long[RedisSlot.Count];
            foreach (var key in live1.Concat(expired1).Concat(live2).Concat(expired2)) expected[RedisSlot.Of(Encoding.UTF8.GetBytes(key))]++;
            Assert.Equal(expected, summary.SlotKeys);
            Assert.Equal(10, summary.Keys);
            Assert.Equal(5, summary.KeysExpiredAtSnapshot);
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        string Write(string name, string[] live, string[] expired)
        {
            var builder = new RdbBuilder(11).Aux("ctime", "1700000000").SelectDb(0);
            foreach (var key in live) builder.StringKey(key, "v");
            foreach (var key in expired) builder.ExpireMs(ctimeMs - 1000).StringKey(key, "v");
            var path = Path.Combine(dir.FullName, name);
            File.WriteAllBytes(path, builder.Build());
            return path;
        }
    }
}
