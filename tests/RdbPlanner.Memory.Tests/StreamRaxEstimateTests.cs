using System.Buffers.Binary;
using RdbPlanner.Memory.Layout;
using RdbPlanner.Rdb;
using Xunit;

namespace RdbPlanner.Memory.Tests;

/// <summary>
/// A stream's rax keys, when the reader passes them (<see cref="IRdbValueSink.StreamRaxKey"/>), are sized as they are; without
/// them, or when they disagree with the counts, the estimate lays the keys out from the counts as before.
/// </summary>
public class StreamRaxEstimateTests
{
    private static readonly MemoryModelOptions Q8 = new(AllocatorKind.JemallocQ8, "none");

    [Theory]
    [InlineData(1UL)]      // a busy stream: pending entries 1 ms apart
    [InlineData(5000UL)]   // a quiet one
    public void PendingAndNodeIds_AreSizedExactly(ulong gapMs)
    {
        const int nodes = 30, pending = 400, consumerPending = 150;
        var withIds = Feed(nodes, pending, consumerPending, gapMs, ids: true);
        var countsOnly = Feed(nodes, pending, consumerPending, gapMs, ids: false);

        // Expected difference: every tree exact instead of laid out.
        double exact = Tree(nodes, 100 * gapMs) + Tree(pending, gapMs) + Tree(consumerPending, gapMs) + Tree(0, gapMs);
        double laidOut = StreamLayout.IndexRaxBytes(nodes, nodes * 100L, Last(nodes, 100 * gapMs), 0, Q8.Allocator)
            + StreamLayout.PelRaxBytes(pending, Q8.Allocator) + StreamLayout.PelRaxBytes(consumerPending, Q8.Allocator)
            + StreamLayout.PelRaxBytes(0, Q8.Allocator);
        foreach (var model in EngineModelNames.All)
        {
            double diff = withIds.Result(model).Standalone - countsOnly.Result(model).Standalone;
            Assert.Equal(Math.Round(exact - laidOut), diff, 0.0001);
        }
        if (gapMs == 1) Assert.NotEqual(Math.Round(exact), Math.Round(laidOut)); // the case where the layout guess is off
    }

    [Fact]
    public void IdsDisagreeingWithTheCount_FallBackToTheLayout()
    {
        // One pending ID reported for a group that declares two (a sink fed by something other than the reader).
        var k = new KeyEstimator(Q8);
        k.BeginKey(Events.Key(RdbValueType.StreamListpacks3, 8));
        k.BeginValue(RdbValueType.StreamListpacks3, 1);
        k.StreamRaxKey(RdbStreamRax.Index, Id(1000));
        k.StreamNode(100, 10);
        k.StreamRaxKey(RdbStreamRax.GroupPel, Id(1000));
        k.StreamGroup(5, 2, 0);
        k.Stream(new RdbStreamFacts { ListpackNodes = 1, Length = 10, Groups = 1, GroupPelEntries = 2, LastIdMs = 1000 });
        k.EndValue();
        var reference = new KeyEstimator(Q8);
        reference.BeginKey(Events.Key(RdbValueType.StreamListpacks3, 8));
        reference.BeginValue(RdbValueType.StreamListpacks3, 1);
        reference.StreamRaxKey(RdbStreamRax.Index, Id(1000));
        reference.StreamNode(100, 10);
        reference.StreamGroup(5, 2, 0);
        reference.Stream(new RdbStreamFacts { ListpackNodes = 1, Length = 10, Groups = 1, GroupPelEntries = 2, LastIdMs = 1000 });
        reference.EndValue();
        Assert.Equal(reference.Result(EngineModel.Valkey80).Standalone, k.Result(EngineModel.Valkey80).Standalone);
    }

    [Fact]
    public void GroupAndConsumerNames_AreSizedExactly()
    {
        // Names sharing a prefix (as groundtruth.py's grp:N / consumer:N): the length-only layout assumes they part at
        // their first byte, and over-counts.
        string[] groups = ["grp:0", "grp:1"], consumers = ["consumer:0", "consumer:1", "consumer:2"];
        var withNames = Named(groups, consumers, names: true);
        var lengthsOnly = Named(groups, consumers, names: false);
        long exact = NameTree(groups) + groups.Length * NameTree(consumers);
        long assumed = LengthTree(groups) + groups.Length * LengthTree(consumers);
        Assert.True(exact < assumed);
        foreach (var model in EngineModelNames.All)
            Assert.Equal(exact - assumed, withNames.Result(model).Standalone - lengthsOnly.Result(model).Standalone);
    }

    [Theory]
    [InlineData(AllocatorKind.JemallocQ8, -8)]
    [InlineData(AllocatorKind.JemallocQ16, 0)]
    public void Redis70Consumers_HaveNoActiveTime(AllocatorKind allocator, long perConsumer)
    {
        // 7.0's streamConsumer is 24 bytes, 7.2's 32 (active_time): one size class apart under q8, the same under q16.
        var k = Named(["g"], ["a", "b", "c"], names: true, new MemoryModelOptions(allocator, "none"));
        Assert.Equal(3 * perConsumer, k.Result(EngineModel.Redis70).Standalone - k.Result(EngineModel.Redis72).Standalone);
    }

    private static KeyEstimator Named(string[] groups, string[] consumers, bool names, MemoryModelOptions? options = null)
    {
        var k = new KeyEstimator(options ?? Q8);
        k.BeginKey(Events.Key(RdbValueType.StreamListpacks3, 10));
        k.BeginValue(RdbValueType.StreamListpacks3, 1);
        k.StreamRaxKey(RdbStreamRax.Index, Id(Start));
        k.StreamNode(2000, 100);
        foreach (var g in groups)
        {
            if (names) k.StreamRaxKey(RdbStreamRax.Groups, System.Text.Encoding.ASCII.GetBytes(g));
            k.StreamGroup(g.Length, 0, consumers.Length);
            foreach (var c in consumers)
            {
                if (names) k.StreamRaxKey(RdbStreamRax.Consumers, System.Text.Encoding.ASCII.GetBytes(c));
                k.StreamConsumer(c.Length, 0);
            }
        }
        k.Stream(new RdbStreamFacts { ListpackNodes = 1, Length = 100, EntriesInListpacks = 100, Groups = groups.Length, Consumers = groups.Length * consumers.Length, LastIdMs = Start });
        k.EndValue();
        return k;
    }

    private static long NameTree(string[] names)
    {
        var sizer = new NameRaxSizer(Q8.Allocator);
        foreach (var n in names) sizer.Add(System.Text.Encoding.ASCII.GetBytes(n));
        return sizer.Bytes();
    }

    private static long LengthTree(string[] names)
    {
        var rax = default(NameRax);
        foreach (var n in names) rax.Add(n.Length, Q8.Allocator);
        return rax.Bytes(Q8.Allocator);
    }

    private static KeyEstimator Feed(int nodes, int pending, int consumerPending, ulong gapMs, bool ids)
    {
        var k = new KeyEstimator(Q8);
        k.BeginKey(Events.Key(RdbValueType.StreamListpacks3, 10));
        k.BeginValue(RdbValueType.StreamListpacks3, nodes);
        for (int n = 0; n < nodes; n++)
        {
            if (ids) k.StreamRaxKey(RdbStreamRax.Index, Id(Start + (ulong)n * 100 * gapMs));
            k.StreamNode(2000, 100);
        }
        if (ids) for (int i = 0; i < pending; i++) k.StreamRaxKey(RdbStreamRax.GroupPel, Id(Start + (ulong)i * gapMs));
        k.StreamGroup(7, pending, 2);
        if (ids) for (int i = 0; i < consumerPending; i++) k.StreamRaxKey(RdbStreamRax.ConsumerPel, Id(Start + (ulong)i * gapMs));
        k.StreamConsumer(5, consumerPending);
        k.StreamConsumer(3, 0);
        k.Stream(new RdbStreamFacts
        {
            ListpackNodes = nodes, Length = nodes * 100L, EntriesInListpacks = nodes * 100L, Groups = 1, Consumers = 2,
            GroupPelEntries = pending, ConsumerPelEntries = consumerPending, LastIdMs = Last(nodes, 100 * gapMs),
        });
        k.EndValue();
        return k;
    }

    private const ulong Start = 1_700_000_000_000;

    private static ulong Last(int nodes, ulong stepMs) => Start + (ulong)(nodes - 1) * stepMs;

    private static long Tree(int count, ulong stepMs)
    {
        var sizer = new RaxTreeSizer(Q8.Allocator);
        for (int i = 0; i < count; i++) sizer.Add(Id(Start + (ulong)i * stepMs));
        return sizer.Bytes();
    }

    private static byte[] Id(ulong ms)
    {
        var b = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(b, ms);
        return b;
    }
}
