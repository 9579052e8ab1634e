using RdbPlanner.Rdb;

namespace RdbPlanner.TestKit;

/// <summary>Counts key records: totals, keys with a TTL, per database and per type. Ignores value events.</summary>
public sealed class CountingVisitor : IRdbVisitor, IRdbValueSink
{
    public long Keys { get; private set; }
    public long Expires { get; private set; }
    public Dictionary<int, long> KeysPerDb { get; } = [];
    public Dictionary<int, long> ExpiresPerDb { get; } = [];
    public Dictionary<RdbValueType, long> KeysPerType { get; } = [];
    public List<(ulong Id, string Name)> Modules { get; } = [];
    public List<(int Slot, long Keys, long Expires)> Slots { get; } = [];
    public int Functions { get; private set; }
    public RdbChecksumStatus? Checksum { get; private set; }
    public string Magic { get; private set; } = "";
    public int Version { get; private set; }

    public void Header(string magic, int version) { Magic = magic; Version = version; }
    public void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) { }
    public void SelectDb(int database) { }
    public void ResizeDb(int database, long keys, long expires) { }
    public void SlotInfo(int slot, long keys, long expires) => Slots.Add((slot, keys, expires));
    public void Function(long sourceLength) => Functions++;
    public void ModuleAux(ulong moduleId, string moduleName) { }

    public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        Keys++;
        KeysPerDb[info.Database] = KeysPerDb.GetValueOrDefault(info.Database) + 1;
        KeysPerType[info.Type] = KeysPerType.GetValueOrDefault(info.Type) + 1;
        if (info.HasExpiry)
        {
            Expires++;
            ExpiresPerDb[info.Database] = ExpiresPerDb.GetValueOrDefault(info.Database) + 1;
        }
        return this;
    }

    public void EndKey() { }
    public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) => Checksum = checksum;

    void IRdbValueSink.BeginValue(RdbValueType type, long declaredCount) { }
    void IRdbValueSink.String(RdbScalar value, long compressedLength) { }
    void IRdbValueSink.Blob(RdbBlobKind kind, long bytes, int intsetWidth) { }
    void IRdbValueSink.QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount) { }
    void IRdbValueSink.Element(RdbScalar element) { }
    void IRdbValueSink.Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) { }
    void IRdbValueSink.ZSetEntry(RdbScalar member, double score) { }
    void IRdbValueSink.StreamNode(long listpackBytes, long entries) { }
    void IRdbValueSink.StreamGroup(long nameLength, long pelEntries, long consumers) { }
    void IRdbValueSink.StreamConsumer(long nameLength, long pelEntries) { }
    void IRdbValueSink.Stream(in RdbStreamFacts facts) { }
    void IRdbValueSink.Module(ulong moduleId, string moduleName, long serializedBytes) => Modules.Add((moduleId, moduleName));
    void IRdbValueSink.EndValue() { }
}
