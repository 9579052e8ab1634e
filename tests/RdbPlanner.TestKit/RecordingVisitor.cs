using System.Globalization;
using System.Text;
using RdbPlanner.Rdb;

namespace RdbPlanner.TestKit;

/// <summary>
/// Records every visitor and sink event as one line of text, so two runs (e.g. different buffer sizes) can be compared
/// exactly and failures print readably. Key bytes are written as escaped text; scalars as len/int.
/// </summary>
public sealed class RecordingVisitor : IRdbVisitor, IRdbValueSink
{
    public List<string> Events { get; } = [];

    public string Text => string.Join('\n', Events);

    private void Add(string s) => Events.Add(s);

    private static string Bytes(ReadOnlySpan<byte> b)
    {
        var sb = new StringBuilder(b.Length);
        foreach (byte c in b)
        {
            if (c >= 0x20 && c < 0x7F && c != '\\') sb.Append((char)c);
            else sb.Append(CultureInfo.InvariantCulture, $"\\x{c:x2}");
        }
        return sb.ToString();
    }

    private static string S(RdbScalar s) => s.IsInteger ? FormattableString.Invariant($"int:{s.Integer}") : FormattableString.Invariant($"str:{s.Length}");

    private static string D(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    public void Header(string magic, int version) => Add($"header {magic} {version}");
    public void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Add($"aux {Bytes(key)}={Bytes(value)}");
    public void SelectDb(int database) => Add($"selectdb {database}");
    public void ResizeDb(int database, long keys, long expires) => Add($"resizedb {database} {keys} {expires}");
    public void SlotInfo(int slot, long keys, long expires) => Add($"slotinfo {slot} {keys} {expires}");
    public void Function(long sourceLength) => Add($"function {sourceLength}");
    public void ModuleAux(ulong moduleId, string moduleName) => Add($"moduleaux {moduleId:x} {moduleName}");

    public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        Add(FormattableString.Invariant($"key db={info.Database} type={info.Type} exp={info.ExpireAtMs} len={info.KeyLength} at={info.RecordOffset} idle={info.IdleSeconds} freq={info.LfuFrequency} {Bytes(key)}"));
        return this;
    }

    public void EndKey() => Add("endkey");
    public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum) => Add($"end {checksum} {storedChecksum:x16} {computedChecksum:x16}");

    public void BeginValue(RdbValueType type, long declaredCount) => Add($"value {type} {declaredCount}");
    public void String(RdbScalar value, long compressedLength) => Add($"string {S(value)} lzf={compressedLength}");
    public void Blob(RdbBlobKind kind, long bytes, int intsetWidth) => Add($"blob {kind} {bytes} w={intsetWidth}");
    public void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount) => Add($"qlnode {container} {blobBytes} n={elementCount}");
    public void Element(RdbScalar element) => Add($"elem {S(element)}");
    public void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) => Add($"pair {S(field)} {S(value)} ttl={fieldExpireAtMs}");
    public void ZSetEntry(RdbScalar member, double score) => Add($"zentry {S(member)} {D(score)}");
    public void StreamRaxKey(RdbStreamRax rax, ReadOnlySpan<byte> key) =>
        Add(rax is RdbStreamRax.Groups or RdbStreamRax.Consumers || key.Length != 16
            ? $"skey {rax} {Bytes(key)}"
            : FormattableString.Invariant($"skey {rax} {System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(key)}-{System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(key[8..])}"));
    public void StreamNode(long listpackBytes, long entries) => Add($"snode {listpackBytes} n={entries}");
    public void StreamGroup(long nameLength, long pelEntries, long consumers) => Add($"sgroup {nameLength} pel={pelEntries} consumers={consumers}");
    public void StreamConsumer(long nameLength, long pelEntries) => Add($"sconsumer {nameLength} pel={pelEntries}");

    public void Stream(in RdbStreamFacts f) => Add(FormattableString.Invariant(
        $"stream nodes={f.ListpackNodes} lpbytes={f.ListpackBytes} len={f.Length} walked={f.EntriesInListpacks} deleted={f.DeletedInListpacks} groups={f.Groups} consumers={f.Consumers} gpel={f.GroupPelEntries} cpel={f.ConsumerPelEntries} gname={f.GroupNameBytes} cname={f.ConsumerNameBytes} last={f.LastIdMs}-{f.LastIdSeq}"));

    public void Module(ulong moduleId, string moduleName, long serializedBytes) => Add($"module {moduleId:x} {moduleName} {serializedBytes}");
    public void EndValue() => Add("endvalue");
}
