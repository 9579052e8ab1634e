using RdbPlanner.Rdb;

namespace RdbPlanner.TestKit;

/// <summary>
/// Counts key records and ignores everything else, without allocating: the visitor for measuring the reader alone
/// (allocation tests, parse benchmarks). <see cref="CountingVisitor"/> keeps per-db/type tallies instead.
/// </summary>
public sealed class KeyCountingVisitor : IRdbVisitor, IRdbValueSink
{
    public long Keys { get; private set; }

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
        return this;
    }

    public void EndKey() { }
    public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) { }
    public void BeginValue(RdbValueType type, long declaredCount) { }
    public void String(RdbScalar value, long compressedLength) { }
    public void Blob(RdbBlobKind kind, long bytes, int intsetWidth) { }
    public void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount) { }
    public void Element(RdbScalar element) { }
    public void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) { }
    public void ZSetEntry(RdbScalar member, double score) { }
    public void StreamNode(long listpackBytes, long entries) { }
    public void StreamGroup(long nameLength, long pelEntries, long consumers) { }
    public void StreamConsumer(long nameLength, long pelEntries) { }
    public void Stream(in RdbStreamFacts facts) { }
    public void Module(ulong moduleId, string moduleName, long serializedBytes) { }
    public void EndValue() { }
}
