namespace RdbPlanner.Rdb;

// Cutting a snapshot into segments that other readers parse in parallel: the skim walks every record by its lengths
// only, hashing the file and reporting cuts and file-level records; a segment reader parses the key records between two
// cuts in full, without the CRC, which the skim owns.
internal sealed partial class RdbReader
{
    private Action<RdbCut>? _onCut;  // skim: where to report cuts
    private long _nextCut = long.MaxValue;
    private RdbSegmentation _segmentation;
    private bool _inSegment;         // segment reader: stop at _segmentEnd, no header, no trailer
    private long _segmentEnd = long.MaxValue;

    /// <summary>
    /// Walks the whole file like <see cref="Run"/>, but skips every key record by its lengths: the visitor sees the
    /// header, AUX, SELECTDB, RESIZEDB, slot-info, functions, MODULE_AUX and the end, never a key. Reports a cut at each
    /// segment boundary and one at the EOF opcode. Values are checked only as far as their lengths go: what lies inside
    /// them is for the segment readers to check.
    /// </summary>
    public RdbFileInfo Skim(RdbSegmentation segmentation, Action<RdbCut> onCut)
    {
        _onCut = onCut;
        _segmentation = segmentation;
        _nextCut = segmentation.NextCut(0);
        return Run();
    }

    /// <summary>
    /// Parses the records of <paramref name="segment"/> in full; the input is positioned at its start. No CRC: the
    /// skim of the same file computed it. Returns at the segment's end or at the EOF opcode.
    /// </summary>
    public RdbFileInfo RunSegment(in RdbSegment segment)
    {
        _inSegment = true;
        _crcActive = false;
        _segmentEnd = segment.End;
        if (segment.Start > 0)
        {
            // Offsets stay those of the file: the input starts at the segment, and its length counts from there.
            _base = segment.Start;
            if (_inputLength >= 0) _inputLength += segment.Start;
            _magic = segment.Magic;
            _valkeyMagic = segment.Magic == "VALKEY";
            _version = segment.Version;
            _db = segment.Database;
            _visitor.SelectDb(_db);
        }
        return Run();
    }

    /// <summary>
    /// At a record boundary of a segment reader: true at the segment's end. A boundary beyond it means this reader and
    /// the skim disagree on where records start, which only a file changed between the two reads can cause.
    /// </summary>
    private bool SegmentEndsAt(long at)
    {
        if (at < _segmentEnd) return false;
        if (at > _segmentEnd)
            RdbThrow.Format(_segmentEnd, $"no record starts at offset {_segmentEnd}, where an earlier pass over the file found one: was the file changed while it was read?");
        return true;
    }

    /// <summary>A key record in the skim: reports a cut where one falls due, then skips the key and the value.</summary>
    private void SkimKeyRecord(RdbValueType type, long recordStart)
    {
        if (recordStart >= _nextCut)
        {
            _onCut!(new RdbCut(recordStart, _db, AtEof: false));
            _nextCut = _segmentation.NextCut(recordStart);
        }
        SkimString("key length");
        SkimValue(type);
    }

    /// <summary>Skips a string of any encoding by its lengths: nothing is decompressed or parsed.</summary>
    private void SkimString(string what = "string length")
    {
        long at = Position;
        ulong len = ReadLengthOrEncoding(out bool encoded);
        if (!encoded)
        {
            CheckByteLength(at, len, what);
            Skip((long)len);
        }
        else if (len != EncLzf)
        {
            ReadEncodedInteger((int)len, at);
        }
        else
        {
            ReadLzfHeader(at, out long compressed, out _);
            Skip(compressed);
        }
    }

    /// <summary>A value skipped by its structure (rdb.c rdbLoadObject): compact encodings are one string each.</summary>
    private void SkimValue(RdbValueType type)
    {
        switch (type)
        {
            case RdbValueType.String:
            case RdbValueType.HashZipmap:
            case RdbValueType.ListZiplist:
            case RdbValueType.SetIntset:
            case RdbValueType.ZSetZiplist:
            case RdbValueType.HashZiplist:
            case RdbValueType.HashListpack:
            case RdbValueType.ZSetListpack:
            case RdbValueType.SetListpack:
            case RdbValueType.HashListpackExPreGa:
                SkimString();
                break;
            case RdbValueType.HashListpackEx:
                Skip(8); // minExpire
                SkimString();
                break;
            case RdbValueType.List:
            case RdbValueType.Set:
                SkimStrings(ReadCount("element count"));
                break;
            case RdbValueType.Hash:
                SkimStrings(2 * ReadCount("hash field count", 2));
                break;
            case RdbValueType.ZSet:
            {
                long count = ReadCount("zset entry count", 2);
                for (long i = 0; i < count; i++)
                {
                    SkimString();
                    byte len = ReadByte();
                    if (len < 253) Skip(len);
                }
                break;
            }
            case RdbValueType.ZSet2:
            {
                long count = ReadCount("zset entry count", 2);
                for (long i = 0; i < count; i++)
                {
                    SkimString();
                    Skip(8);
                }
                break;
            }
            case RdbValueType.HashMetadataPreGa:
            case RdbValueType.HashMetadata:
            {
                if (type == RdbValueType.HashMetadata) Skip(8);
                long count = ReadCount("hash field count", 3);
                for (long i = 0; i < count; i++)
                {
                    ReadLength();
                    SkimStrings(2);
                }
                break;
            }
            case RdbValueType.ValkeyHash2:
            {
                long count = ReadCount("hash field count", 10);
                for (long i = 0; i < count; i++)
                {
                    SkimStrings(2);
                    Skip(8);
                }
                break;
            }
            case RdbValueType.ListQuicklist:
                SkimStrings(ReadCount("quicklist node count", 2));
                break;
            case RdbValueType.ListQuicklist2:
            {
                long nodes = ReadCount("quicklist node count", 2);
                for (long n = 0; n < nodes; n++)
                {
                    ReadLength(); // container
                    SkimString();
                }
                break;
            }
            default:
                // Streams and module values are rare and have no length up front: walked as the full reader walks them.
                ReadValue(type, NullValueSink.Instance);
                break;
        }
    }

    private void SkimStrings(long count)
    {
        for (long i = 0; i < count; i++) SkimString();
    }

    /// <summary>Takes a value's events and drops them, asking for as little detail as the reader allows.</summary>
    private sealed class NullValueSink : IRdbValueSink
    {
        public static readonly NullValueSink Instance = new();
        public void BeginValue(RdbValueType type, long declaredCount) { }
        public void String(RdbScalar value, long compressedLength) { }
        public void Blob(RdbBlobKind kind, long bytes, int intsetWidth) { }
        public void QuicklistNode(RdbQuicklistContainer container, long blobBytes, long elementCount) { }
        public void Element(RdbScalar element) { }
        public void Pair(RdbScalar field, RdbScalar value, long fieldExpireAtMs) { }
        public void ZSetEntry(RdbScalar member, double score) { }
        public RdbItemDetail PairDetail(RdbValueType type, long declaredPairs, long blobBytes) => RdbItemDetail.Count;
        public RdbItemDetail NodeDetail(RdbQuicklistContainer container, long blobBytes) => RdbItemDetail.Count;
        public void StreamNode(long listpackBytes, long entries) { }
        public void StreamGroup(long nameLength, long pelEntries, long consumers) { }
        public void StreamConsumer(long nameLength, long pelEntries) { }
        public void Stream(in RdbStreamFacts facts) { }
        public void Module(ulong moduleId, string moduleName, long serializedBytes) { }
        public void EndValue() { }
    }
}
