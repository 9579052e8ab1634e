using RdbPlanner.Memory;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// The reader plus the memory models and nothing else: every key's four estimates are computed and summed, no
/// aggregate is kept. The difference to "parse" is the models' share; to "full analysis", the aggregators' share.
/// </summary>
internal sealed class EstimatingVisitor : NoOpVisitor
{
    private readonly KeyEstimator _estimator = new(MemoryModelOptions.Default);

    public long Keys { get; private set; }

    /// <summary>Sum of every estimate, so the models' work cannot be dropped as dead code.</summary>
    public long Bytes { get; private set; }

    public override IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        Keys++;
        _estimator.BeginKey(in info);
        return _estimator;
    }

    public override void EndKey()
    {
        foreach (ref readonly var estimate in _estimator.Results) Bytes += estimate.Standalone;
    }
}
