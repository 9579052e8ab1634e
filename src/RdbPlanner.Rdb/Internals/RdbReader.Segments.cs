namespace RdbPlanner.Rdb;

// One segment of a snapshot that several readers parse in parallel (RdbSegment): a reader that starts at a key record
// with the state the records before it left, and stops at the first key record past a given offset.
internal sealed partial class RdbReader
{
    private bool _inSegment;
    private long _stopAt = long.MaxValue;
    private long _segmentStart;

    /// <summary>Parses the records of <paramref name="segment"/> in full; the input is positioned at its start.</summary>
    public RdbSegmentEnd RunSegment(in RdbSegment segment)
    {
        _inSegment = true;
        _stopAt = segment.StopAt;
        _segmentStart = segment.Start;
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
        Run();
        return _segmentEnd;
    }

    private RdbSegmentEnd _segmentEnd;

    /// <summary>At a record boundary of a segment reader: true where the next key record is the next segment's.</summary>
    private bool SegmentEndsAt(long at)
    {
        if (at < _stopAt) return false;
        if (_pos >= _end) Fill(1); // the end of the input here is an error one pass would report too
        if (!StartsKeyRecord(_buf[_pos])) return false;
        FlushCrc();
        _segmentEnd = new RdbSegmentEnd(at, _db, _crc, at - _segmentStart, AtEof: false, 0, -1);
        return true;
    }

    /// <summary>Opcodes that stand on their own; any other byte begins a key record (its prefix opcodes or its type).</summary>
    internal static bool StartsKeyRecord(byte op) => op is not (RdbOpcode.SelectDb or RdbOpcode.ResizeDb or RdbOpcode.Aux
        or RdbOpcode.ModuleAux or RdbOpcode.Function2 or RdbOpcode.FunctionPreGa or RdbOpcode.SlotInfo or RdbOpcode.SlotImport
        or RdbOpcode.Eof);

    /// <summary>The segment reached the EOF opcode (at <paramref name="at"/>, already read): the trailer, without checking it.</summary>
    private RdbFileInfo EndSegmentAtEof(long at)
    {
        FlushCrc();
        _crcActive = false;
        ulong stored = _version >= 5 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Take(8)) : 0;
        _segmentEnd = new RdbSegmentEnd(at, _db, _crc, at + 1 - _segmentStart, AtEof: true, stored, Position);
        return new RdbFileInfo(_magic, _version, Position, RdbChecksumStatus.NotChecked, stored, 0);
    }
}
