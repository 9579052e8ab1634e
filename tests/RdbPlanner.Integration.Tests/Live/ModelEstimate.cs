using RdbPlanner.Memory;
using RdbPlanner.Rdb;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>
/// Runs the memory models over an RDB the way the memory project's ground-truth test does (same visitor pattern as
/// tests/RdbPlanner.Memory.Tests/EstimatingVisitor.cs): the reader feeds one <see cref="KeyEstimator"/>, each key is
/// added to a <see cref="DatasetEstimator"/> per model, RESIZEDB and slot hints are forwarded.
/// </summary>
internal sealed class ModelEstimate : IRdbVisitor
{
    private readonly KeyEstimator _keys;
    private readonly DatasetEstimator[] _datasets;
    private RdbKeyInfo _info;
    private int _slot;

    private ModelEstimate(MemoryModelOptions options)
    {
        _keys = new KeyEstimator(options);
        _datasets = EngineModelNames.All.Select(m => new DatasetEstimator(m, options)).ToArray();
    }

    /// <summary>Estimate of <paramref name="model"/> for the snapshot at <paramref name="path"/>.</summary>
    public static DatasetEstimate Of(string path, EngineModel model, MemoryModelOptions options)
    {
        var visitor = new ModelEstimate(options);
        using var stream = File.OpenRead(path);
        RdbParser.Parse(stream, visitor, displayName: Path.GetFileName(path));
        return visitor._datasets[(int)model].Complete();
    }

    public void Header(string magic, int version) { }
    public void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) { }
    public void SelectDb(int database) { }

    public void ResizeDb(int database, long keys, long expires)
    {
        foreach (var d in _datasets) d.ResizeHint(database, keys, expires);
    }

    public void SlotInfo(int slot, long keys, long expires)
    {
        foreach (var d in _datasets) d.SlotInfo(slot, keys, expires);
    }

    public void Function(long sourceLength) { }
    public void ModuleAux(ulong moduleId, string moduleName) { }

    public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        _info = info;
        _slot = RedisSlot.Of(key);
        _keys.BeginKey(info);
        return _keys;
    }

    public void EndKey()
    {
        foreach (var d in _datasets) d.AddKey(_info.Database, _slot, _info.Kind, _info.HasExpiry, _keys.Result(d.Model));
    }

    public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) { }
}
