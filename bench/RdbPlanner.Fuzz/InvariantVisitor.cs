using RdbPlanner.Rdb;

namespace RdbPlanner.Fuzz;

/// <summary>
/// A visitor that does the work a real consumer does (counts keys, sums element lengths) and checks every promise the
/// reader makes about its events. A broken promise throws <see cref="InvariantViolationException"/>, which the fuzz
/// harness and the hostile-input tests treat as a bug, like any exception other than <see cref="RdbFormatException"/>.
/// Shared by bench/RdbPlanner.Fuzz and tests/RdbPlanner.Hostile.Tests (linked source).
/// </summary>
public sealed class InvariantVisitor : IRdbVisitor, IRdbValueSink
{
    private bool _header;
    private bool _ended;
    private bool _inKey;
    private bool _inValue;
    private long _lastRecordOffset = -1;

    public int Version { get; private set; }
    public long Keys { get; private set; }
    public long Values { get; private set; }
    public long Elements { get; private set; }
    public long ElementBytes { get; private set; }
    public long AuxFields { get; private set; }
    public long ModuleValues { get; private set; }
    public long StreamEntries { get; private set; }
    public RdbChecksumStatus? Checksum { get; private set; }

    public void Header(string magic, int version)
    {
        Require(!_header, "Header reported twice");
        Require(magic is "REDIS" or "VALKEY", $"unexpected magic '{magic}'");
        Require(version >= 1, $"version {version} accepted");
        _header = true;
        Version = version;
    }

    public void Aux(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Record();
        AuxFields++;
    }

    public void SelectDb(int database)
    {
        Record();
        Require(database >= 0, $"negative database {database}");
    }

    public void ResizeDb(int database, long keys, long expires)
    {
        Record();
        Require(keys >= 0 && expires >= 0, $"negative RESIZEDB sizes {keys}/{expires}");
    }

    public void SlotInfo(int slot, long keys, long expires)
    {
        Record();
        Require(keys >= 0 && expires >= 0, $"negative slot sizes {keys}/{expires}");
    }

    public void Function(long sourceLength)
    {
        Record();
        Require(sourceLength >= 0, "negative function length");
    }

    public void ModuleAux(ulong moduleId, string moduleName) => Record();

    public IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
    {
        Record();
        Require(info.KeyLength >= key.Length, $"key span of {key.Length} bytes longer than KeyLength {info.KeyLength}");
        Require(info.RecordOffset >= 9, $"record offset {info.RecordOffset} inside the header");
        Require(info.RecordOffset > _lastRecordOffset, $"record offset {info.RecordOffset} not after the previous {_lastRecordOffset}");
        Require(info.IdleSeconds >= -1, $"idle {info.IdleSeconds}");
        Require(info.LfuFrequency is >= -1 and <= 255, $"LFU counter {info.LfuFrequency}");
        _lastRecordOffset = info.RecordOffset;
        _inKey = true;
        Keys++;
        return this;
    }

    public void EndKey()
    {
        Require(_inKey && !_inValue, "EndKey without an open key, or before EndValue");
        _inKey = false;
    }

    public void End(RdbChecksumStatus checksum, ulong storedChecksum, ulong computedChecksum)
    {
        Require(_header && !_inKey, "End before Header or inside a key");
        Require(!_ended, "End reported twice");
        if (checksum == RdbChecksumStatus.Ok) Require(storedChecksum == computedChecksum, "checksum Ok but values differ");
        if (checksum == RdbChecksumStatus.Mismatch) Require(storedChecksum != computedChecksum, "checksum Mismatch but values equal");
        _ended = true;
        Checksum = checksum;
    }

    // ---- value events ----

    public void BeginValue(RdbValueType type, long declaredCount)
    {
        Require(_inKey && !_inValue, "BeginValue outside a key");
        Require(declaredCount >= -1, $"declared count {declaredCount}");
        _inValue = true;
        Values++;
    }

    public void String(RdbScalar value, long compressedLength)
    {
        InValue();
        Scalar(value);
        Require(compressedLength >= -1, $"compressed length {compressedLength}");
    }

    public void Blob(RdbBlobKind kind, long bytes, int intsetWidth)
    {
        InValue();
        Require(bytes >= 0, $"blob of {bytes} bytes");
        Require(intsetWidth is 0 or 2 or 4 or 8, $"intset width {intsetWidth}");
    }

    public void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount)
    {
        InValue();
        Require(blobBytes >= 0 && elementCount >= 0, $"quicklist node {blobBytes} bytes / {elementCount} elements");
    }

    public void Element(RdbScalar element)
    {
        InValue();
        Scalar(element);
    }

    public void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs)
    {
        InValue();
        Scalar(field);
        Scalar(value);
    }

    public void ZSetEntry(RdbScalar member, double score)
    {
        InValue();
        Scalar(member);
    }

    // Asked how much of a pair blob or packed node it wants, the visitor gives each answer in turn (items first), so that
    // hostile input reaches every path of the reader: per item, summarized, and counted from the header unopened.
    private int _detailTurn;
    private RdbItemDetail _asked;

    private RdbItemDetail NextDetail() => _asked = (RdbItemDetail)(_detailTurn++ % 3);

    public RdbItemDetail PairDetail(RdbValueType type, long declaredPairs, long blobBytes)
    {
        Require(_inKey && !_inValue, "PairDetail asked outside a key or inside its value (it comes before BeginValue)");
        Require(declaredPairs >= 0 && blobBytes >= 0, $"pair blob of {declaredPairs} pairs / {blobBytes} bytes");
        return NextDetail();
    }

    public void PairSummary(long pairs, long longestFirst, long longestSecond)
    {
        InValue();
        Require(_asked != RdbItemDetail.Items, "a pair summary nobody asked for");
        Require(pairs >= 0, $"summary of {pairs} pairs");
        if (_asked == RdbItemDetail.Count) Require(longestFirst == -1 && longestSecond == -1, "a counted blob's longest entries measured");
        else Require(longestFirst >= 0 && longestSecond >= 0, $"longest entries {longestFirst} / {longestSecond}");
        Elements += 2 * pairs;
    }

    public RdbItemDetail NodeDetail(RdbQuicklistContainer container, long blobBytes)
    {
        InValue();
        Require(blobBytes >= 0, $"quicklist node of {blobBytes} bytes");
        return NextDetail();
    }

    public void NodeElementSummary(long elements, long longestElement)
    {
        InValue();
        Require(_asked != RdbItemDetail.Items, "a node summary nobody asked for");
        Require(elements >= 0, $"node summary of {elements} elements");
        // A Strict reader, or a header that does not know its count, walks a node even when asked for the count only.
        if (_asked == RdbItemDetail.Summary) Require(longestElement >= 0, $"longest element {longestElement}");
        else Require(longestElement >= -1, $"longest element {longestElement}");
        Elements += elements;
    }

    public void StreamNode(long listpackBytes, long entries)
    {
        InValue();
        Require(listpackBytes >= 0 && entries >= 0, $"stream node {listpackBytes} bytes / {entries} entries");
        StreamEntries += entries;
    }

    public void StreamGroup(long nameLength, long pelEntries, long consumers)
    {
        InValue();
        Require(nameLength >= 0 && pelEntries >= 0 && consumers >= 0, "negative stream group facts");
    }

    public void StreamConsumer(long nameLength, long pelEntries)
    {
        InValue();
        Require(nameLength >= 0 && pelEntries >= 0, "negative stream consumer facts");
    }

    public void Stream(in RdbStreamFacts facts)
    {
        InValue();
        Require(facts.ListpackNodes >= 0 && facts.ListpackBytes >= 0 && facts.Groups >= 0 && facts.Consumers >= 0,
            "negative stream facts");
    }

    public void Module(ulong moduleId, string moduleName, long serializedBytes)
    {
        InValue();
        Require(serializedBytes >= 0, $"module value of {serializedBytes} bytes");
        ModuleValues++;
    }

    public void EndValue()
    {
        InValue();
        _inValue = false;
    }

    private void Scalar(RdbScalar s)
    {
        Require(s.Length >= 0, $"element length {s.Length}");
        if (s.IsInteger)
        {
            Require(s.Length == RdbScalar.DecimalLength(s.Integer), $"integer {s.Integer} reported with length {s.Length}");
        }
        Elements++;
        ElementBytes += s.Length;
    }

    private void Record()
    {
        Require(_header, "record before Header");
        Require(!_ended, "record after End");
        Require(!_inKey, "record inside a key");
    }

    private void InValue() => Require(_inValue, "value event outside BeginValue/EndValue");

    private static void Require(bool condition, string what)
    {
        if (!condition) throw new InvariantViolationException(what);
    }
}

/// <summary>The reader broke a promise about its events: a bug in the reader, never a property of the input.</summary>
public sealed class InvariantViolationException(string message) : Exception("reader invariant broken: " + message);
