using RdbPlanner.Rdb;
using Xunit;

namespace RdbPlanner.Memory.Tests;

/// <summary>
/// <see cref="KeyEstimator.KeptBlobKeyBound"/> must exceed every model's bytes of a key whose value is a blob kept as it
/// is, or an analysis would skip measuring the largest element of a key that belongs among its top keys; and the
/// estimator must ask for the count alone only where that bound allows it.
/// </summary>
public sealed class KeptBlobBoundTests
{
    private static readonly MemoryModelOptions[] s_options =
    [
        new(AllocatorKind.JemallocQ8, "none"), new(AllocatorKind.JemallocQ16, "none"),
        new(AllocatorKind.JemallocQ8, "volatile-lru"), new(AllocatorKind.JemallocQ16, "allkeys-lfu"),
    ];

    /// <summary>Blob sizes from the 7-byte minimum, dense where size classes are dense, up to tens of megabytes.</summary>
    private static long RandomBlobBytes(Random r) => r.Next(3) switch
    {
        0 => r.Next(7, 200),
        1 => r.Next(200, 70_000),
        _ => r.NextInt64(70_000, 40_000_000),
    };

    [Fact]
    public void Bound_ExceedsEveryModel_ForEveryKeptBlob()
    {
        var r = new Random(2026);
        for (int i = 0; i < 20_000; i++)
        {
            var options = s_options[i % s_options.Length];
            long keyLength = r.Next(3) == 0 ? r.Next(0, 20) : r.Next(0, 70_000);
            bool ttl = r.Next(2) == 0;
            long blob = RandomBlobBytes(r);
            var k = new KeyEstimator(options);
            if (i % 3 == 2)
            {
                k.BeginKey(Events.Key(RdbValueType.ListQuicklist2, keyLength, ttl));
                k.BeginValue(RdbValueType.ListQuicklist2, 1);
                k.QuicklistNode(RdbQuicklistContainer.Packed, blob, r.Next(0, 10_000));
                k.NodeElementSummary(r.Next(0, 10_000), -1);
            }
            else
            {
                // A hash within hash-max-listpack-entries (512) or a sorted set within zset-max-listpack-entries (128).
                var (type, pairs) = i % 3 == 0 ? (RdbValueType.HashListpack, r.Next(0, 513)) : (RdbValueType.ZSetListpack, r.Next(0, 129));
                k.BeginKey(Events.Key(type, keyLength, ttl));
                k.BeginValue(type, pairs);
                k.Blob(RdbBlobKind.Listpack, blob, 0);
                k.PairSummary(pairs, -1, -1);
            }
            k.EndValue();
            long bound = KeyEstimator.KeptBlobKeyBound(keyLength, blob);
            foreach (var model in Enum.GetValues<EngineModel>())
            {
                var e = k.Result(model);
                Assert.True(e.Cluster < bound && e.Standalone < bound,
                    $"{model}, key {keyLength} B, blob {blob} B, ttl {ttl}: {e.Standalone} / {e.Cluster} B against the bound {bound}");
                Assert.Equal(-1, e.LargestElement);
            }
        }
    }

    [Fact]
    public void Count_IsAsked_OnlyForKeptBlobs_ThatTheBoundKeepsBelowTheThreshold()
    {
        var k = new KeyEstimator(MemoryModelOptions.Default);
        k.BeginKey(Events.Key(RdbValueType.HashListpack, 30));
        long bound = KeyEstimator.KeptBlobKeyBound(30, 500);
        Assert.Equal(RdbItemDetail.Summary, k.PairDetail(RdbValueType.HashListpack, 10, 500)); // default: always measured
        k.LargestElementWantedAbove = bound;
        Assert.Equal(RdbItemDetail.Count, k.PairDetail(RdbValueType.HashListpack, 10, 500));
        Assert.Equal(RdbItemDetail.Summary, k.PairDetail(RdbValueType.HashListpack, 10, 501));
        Assert.Equal(RdbItemDetail.Items, k.PairDetail(RdbValueType.HashListpack, 513, 500)); // converted: needs every pair
        Assert.Equal(RdbItemDetail.Items, k.PairDetail(RdbValueType.HashZiplist, 10, 500));

        k.BeginKey(Events.Key(RdbValueType.ListQuicklist2, 30));
        k.BeginValue(RdbValueType.ListQuicklist2, 1);
        Assert.Equal(RdbItemDetail.Count, k.NodeDetail(RdbQuicklistContainer.Packed, 500));
        Assert.Equal(RdbItemDetail.Summary, k.NodeDetail(RdbQuicklistContainer.Packed, 501));
        Assert.Equal(RdbItemDetail.Items, k.NodeDetail(RdbQuicklistContainer.Ziplist, 100));
        k.BeginValue(RdbValueType.ListQuicklist2, 2); // a node of several: the key's size is not bounded by one node
        Assert.Equal(RdbItemDetail.Summary, k.NodeDetail(RdbQuicklistContainer.Packed, 100));
    }
}
