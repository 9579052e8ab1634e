using RdbPlanner.Rdb;

namespace RdbPlanner.Memory.Tests;

/// <summary>
/// Drives the estimators from the reader: BeginKey goes to the <see cref="KeyEstimator"/>, EndKey adds the key to one
/// <see cref="DatasetEstimator"/> (all models), sizing hints are forwarded.
/// </summary>
internal sealed class EstimatingVisitor : IRdbVisitor
{
    private readonly KeyEstimator _keys;
    private RdbKeyInfo _info;
    private int _slot;

    public EstimatingVisitor(MemoryModelOptions options)
    {
        _keys = new KeyEstimator(options);
        Dataset = new DatasetEstimator(options);
    }

    public DatasetEstimator Dataset { get; }

    public void Header(string magic, int version) { }
    public void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) { }
    public void SelectDb(int database) { }

    public void ResizeDb(int database, long keys, long expires)
    {
        Dataset.ResizeHint(database, keys, expires);
    }

    public void SlotInfo(int slot, long keys, long expires)
    {
        Dataset.SlotInfo(slot, keys, expires);
    }

    public void Function(long sourceLength) { }
    public void ModuleAux(ulong moduleId, string moduleName) { }

    public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        _info = info;
        _slot = info.FullKeySlot ?? RedisSlot.Of(key);
        _keys.BeginKey(info);
        return _keys;
    }

    public void EndKey()
    {
        Dataset.AddKey(_info.Database, _slot, _info.Kind, _info.HasExpiry, _keys.Results);
    }

    public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) { }

    public static DatasetEstimate[] EstimateFile(string path, MemoryModelOptions options)
    {
        var visitor = new EstimatingVisitor(options);
        using var stream = File.OpenRead(path);
        RdbParser.Parse(stream, visitor, displayName: path);
        return EngineModelNames.All.Select(visitor.Dataset.Complete).ToArray();
    }
}
