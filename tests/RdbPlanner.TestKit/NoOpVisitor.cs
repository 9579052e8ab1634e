using RdbPlanner.Rdb;

namespace RdbPlanner.TestKit;

/// <summary>
/// Visitor and value sink that ignore every event: test and benchmark visitors override only what they look at.
/// <see cref="BeginKey"/> returns this instance as the key's sink.
/// </summary>
public abstract class NoOpVisitor : IRdbVisitor, IRdbValueSink
{
    public virtual void Header(string magic, int version) { }
    public virtual void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) { }
    public virtual void SelectDb(int database) { }
    public virtual void ResizeDb(int database, long keys, long expires) { }
    public virtual void SlotInfo(int slot, long keys, long expires) { }
    public virtual void Function(long sourceLength) { }
    public virtual void ModuleAux(ulong moduleId, string moduleName) { }
    public virtual IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key) => this;
    public virtual void EndKey() { }
    public virtual void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) { }
    public virtual void BeginValue(RdbValueType type, long declaredCount) { }
    public virtual void String(RdbScalar value, long compressedLength) { }
    public virtual void Blob(RdbBlobKind kind, long bytes, int intsetWidth) { }
    public virtual void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount) { }
    public virtual void Element(RdbScalar element) { }
    public virtual void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) { }
    public virtual void ZSetEntry(RdbScalar member, double score) { }
    public virtual RdbItemDetail PairDetail(RdbValueType type, long declaredPairs, long blobBytes) => RdbItemDetail.Items;
    public virtual void PairSummary(long pairs, long longestFirst, long longestSecond) { }
    public virtual RdbItemDetail NodeDetail(RdbQuicklistContainer container, long blobBytes) => RdbItemDetail.Items;
    public virtual void NodeElementSummary(long elements, long longestElement) { }
    public virtual void StreamNode(long listpackBytes, long entries) { }
    public virtual void StreamGroup(long nameLength, long pelEntries, long consumers) { }
    public virtual void StreamConsumer(long nameLength, long pelEntries) { }
    public virtual void Stream(in RdbStreamFacts facts) { }
    public virtual void Module(ulong moduleId, string moduleName, long serializedBytes) { }
    public virtual void EndValue() { }
}
