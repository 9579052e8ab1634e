using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Benchmarks;

/// <summary>
/// The reader plus the memory models and nothing else: every key's four estimates are computed and summed, no
/// aggregate is kept. The difference to "parse" is the models' share; to "full analysis", the aggregators' share.
/// </summary>
internal sealed class EstimatingVisitor : IRdbVisitor
{
    private readonly KeyEstimator _estimator = new(MemoryModelOptions.Default);

    public long Keys { get; private set; }

    /// <summary>Sum of every estimate, so the models' work cannot be dropped as dead code.</summary>
    public long Bytes { get; private set; }

    public void Header(string magic, int version) { }
    public void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) { }
    public void SelectDb(int database) { }
    public void ResizeDb(int database, long keys, long expires) { }
    public void SlotInfo(int slot, long keys, long expires) { }
    public void Function(long sourceLength) { }
    public void ModuleAux(ulong moduleId, string moduleName) { }

    public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        Keys++;
        _estimator.BeginKey(in info);
        return _estimator;
    }

    public void EndKey()
    {
        foreach (ref readonly var estimate in _estimator.Results) Bytes += estimate.Standalone;
    }

    public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) { }
}
