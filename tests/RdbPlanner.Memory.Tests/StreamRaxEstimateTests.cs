using System.Buffers.Binary;
using RdbPlanner.Memory.Layout;
using RdbPlanner.Rdb;
using Xunit;

namespace RdbPlanner.Memory.Tests;

/// <summary>
/// A stream's rax keys, when the reader passes them (<see cref="IRdbValueSink.StreamId"/>), are sized as they are; without
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
        k.StreamId(RdbStreamIdKind.Node, Id(1000));
        k.StreamNode(100, 10);
        k.StreamId(RdbStreamIdKind.GroupPel, Id(1000));
        k.StreamGroup(5, 2, 0);
        k.Stream(new RdbStreamFacts { ListpackNodes = 1, Length = 10, Groups = 1, GroupPelEntries = 2, LastIdMs = 1000 });
        k.EndValue();
        var reference = new KeyEstimator(Q8);
        reference.BeginKey(Events.Key(RdbValueType.StreamListpacks3, 8));
        reference.BeginValue(RdbValueType.StreamListpacks3, 1);
        reference.StreamId(RdbStreamIdKind.Node, Id(1000));
        reference.StreamNode(100, 10);
        reference.StreamGroup(5, 2, 0);
        reference.Stream(new RdbStreamFacts { ListpackNodes = 1, Length = 10, Groups = 1, GroupPelEntries = 2, LastIdMs = 1000 });
        reference.EndValue();
        Assert.Equal(reference.Result(EngineModel.Valkey80).Standalone, k.Result(EngineModel.Valkey80).Standalone);
    }

    private static KeyEstimator Feed(int nodes, int pending, int consumerPending, ulong gapMs, bool ids)
    {
        var k = new KeyEstimator(Q8);
        k.BeginKey(Events.Key(RdbValueType.StreamListpacks3, 10));
        k.BeginValue(RdbValueType.StreamListpacks3, nodes);
        for (int n = 0; n < nodes; n++)
        {
            if (ids) k.StreamId(RdbStreamIdKind.Node, Id(Start + (ulong)n * 100 * gapMs));
            k.StreamNode(2000, 100);
        }
        if (ids) for (int i = 0; i < pending; i++) k.StreamId(RdbStreamIdKind.GroupPel, Id(Start + (ulong)i * gapMs));
        k.StreamGroup(7, pending, 2);
        if (ids) for (int i = 0; i < consumerPending; i++) k.StreamId(RdbStreamIdKind.ConsumerPel, Id(Start + (ulong)i * gapMs));
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
