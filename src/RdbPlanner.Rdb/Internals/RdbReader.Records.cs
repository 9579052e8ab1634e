using System.Buffers.Binary;
using System.Globalization;

namespace RdbPlanner.Rdb;

// The record loop: header, opcodes and key records (rdb.c rdbLoadRioWithLoadingCtx; memory-model.md §8.1).
internal sealed partial class RdbReader
{
    private string _magic = "";
    private int _version;
    private int _db;
    private bool _valkeyMagic;

    /// <summary>Reads the records to the end; null from a segment reader that stopped before the EOF opcode.</summary>
    public RdbFileInfo? Run()
    {
        if (!_inSegment || Position == 0) ReadHeader();
        long expireAtMs = -1;
        long idle = -1;
        int freq = -1;
        long recordStart = -1; // first byte of a key record's prefix opcodes

        while (true)
        {
            long at = Position;
            if (_inSegment && recordStart < 0 && SegmentEndsAt(at)) return null;
            byte op = ReadByte();
            switch (op)
            {
                case RdbOpcode.ExpireTimeMs:
                    if (recordStart < 0) recordStart = at;
                    expireAtMs = ReadInt64LE();
                    continue;
                case RdbOpcode.ExpireTime:
                    if (recordStart < 0) recordStart = at;
                    expireAtMs = ReadInt32LE() * 1000L;
                    continue;
                case RdbOpcode.Idle:
                    if (recordStart < 0) recordStart = at;
                    idle = ReadLengthInt64("idle time");
                    continue;
                case RdbOpcode.Freq:
                    if (recordStart < 0) recordStart = at;
                    freq = ReadByte();
                    continue;
                case RdbOpcode.SelectDb:
                {
                    ulong db = ReadLength();
                    if (db >= (ulong)_options.MaxDatabases)
                        RdbThrow.Limit(at, nameof(RdbReaderOptions.MaxDatabases), db > long.MaxValue ? long.MaxValue : (long)db, _options.MaxDatabases - 1, "database number");
                    _db = (int)db;
                    _visitor.SelectDb(_db);
                    continue;
                }
                case RdbOpcode.ResizeDb:
                {
                    long keys = ReadLengthInt64("RESIZEDB key count");
                    long expires = ReadLengthInt64("RESIZEDB expire count");
                    _visitor.ResizeDb(_db, keys, expires);
                    continue;
                }
                case RdbOpcode.Aux:
                    ReadAux();
                    continue;
                case RdbOpcode.ModuleAux:
                    ReadModuleAux();
                    continue;
                case RdbOpcode.Function2:
                    _visitor.Function(SkipString());
                    continue;
                case RdbOpcode.FunctionPreGa:
                    ReadFunctionPreGa();
                    continue;
                case RdbOpcode.SlotInfo:
                {
                    long slot = ReadLengthInt64("slot");
                    long keys = ReadLengthInt64("slot key count");
                    long expires = ReadLengthInt64("slot expire count");
                    if (slot >= RedisSlot.Count) RdbThrow.Format(at, $"SLOT_INFO slot {slot} is out of range");
                    _visitor.SlotInfo((int)slot, keys, expires);
                    continue;
                }
                case RdbOpcode.SlotImport:
                    SkipSlotImport();
                    continue;
                case RdbOpcode.Eof:
                    if (_inSegment) return EndSegmentAtEof(at);
                    return ReadTrailer();
                default:
                {
                    var type = MapType(op, at);
                    ReadKeyRecord(type, recordStart < 0 ? at : recordStart, expireAtMs, idle, freq);
                    expireAtMs = -1;
                    idle = -1;
                    freq = -1;
                    recordStart = -1;
                    continue;
                }
            }
        }
    }

    private void ReadHeader()
    {
        var head = Take(9);
        if (head.StartsWith("REDIS"u8))
        {
            _magic = "REDIS";
            _version = ParseDigits(head[5..], 0);
            if (_version is < 1 or > 12)
                RdbThrow.Format(5, $"unsupported RDB version {_version} (this reader handles REDIS 1..12 and VALKEY 80)");
        }
        else if (head.StartsWith("VALKEY"u8))
        {
            _magic = "VALKEY";
            _valkeyMagic = true;
            _version = ParseDigits(head[6..], 0);
            // Valkey 9.0/9.1 write 80 (rdb.h RDB_VERSION); 81 is reported for 9.2 by third-party notes only.
            if (_version is < 80 or > 81)
                RdbThrow.Format(6, $"unsupported VALKEY RDB version {_version} (this reader handles VALKEY 80 and 81)");
        }
        else
        {
            RdbThrow.Format(0, "not an RDB file: the header does not start with REDIS or VALKEY");
        }
        _visitor.Header(_magic, _version);
    }

    private static int ParseDigits(ReadOnlySpan<byte> digits, long offset)
    {
        int value = 0;
        foreach (byte d in digits)
        {
            if (d < (byte)'0' || d > (byte)'9')
                RdbThrow.Format(offset, $"RDB version is not numeric: 0x{d:X2}");
            value = value * 10 + (d - '0');
        }
        return value;
    }

    private RdbValueType MapType(byte op, long at)
    {
        if (op == 6)
            RdbThrow.Format(at, "pre-GA module value (type 6) cannot be skipped without the module (rejected by Redis >= 7.2 and Valkey)");
        if (op <= 25 && op != 8)
        {
            if (op == 22 && _valkeyMagic) return RdbValueType.ValkeyHash2;
            return (RdbValueType)op;
        }
        return RdbThrow.Format<RdbValueType>(at, $"unknown record type {op} (0x{op:X2})");
    }

    private void ReadKeyRecord(RdbValueType type, long recordStart, long expireAtMs, long idle, int freq)
    {
        var key = ReadKey(out long keyLength, out int fullKeySlot);
        var info = new RdbKeyInfo(_db, type, expireAtMs, keyLength, recordStart, idle, freq);
        if (fullKeySlot >= 0) info = info with { FullKeySlot = fullKeySlot };
        var sink = _visitor.BeginKey(info, key);
        ReadValue(type, sink);
        _visitor.EndKey();
    }

    private void ReadAux()
    {
        var key = ReadAuxString(ref _auxKey, "AUX key");
        int keyLength = key.Length;
        var value = ReadAuxString(ref _auxValue, "AUX value");
        key = _auxKey.AsSpan(0, keyLength);
        _visitor.Aux(key, value);
        if (key.SequenceEqual("slot-info"u8)) ReportSlotInfoAux(value);
    }

    /// <summary>
    /// Valkey cluster saves: "slot,keys,expires" (8.x) or "slot,keys,expires,volatile" (9.x), memory-model.md §8.1.
    /// It is only a sizing hint: a value this reader does not understand is passed on as AUX and, unless Strict, ignored.
    /// </summary>
    private void ReportSlotInfoAux(ReadOnlySpan<byte> value)
    {
        Span<long> fields = stackalloc long[4];
        int n = 0;
        bool valid = true;
        while (true)
        {
            int comma = value.IndexOf((byte)',');
            var part = comma < 0 ? value : value[..comma];
            if (n == 4 || !long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out fields[n]))
            {
                valid = false;
                break;
            }
            n++;
            if (comma < 0) break;
            value = value[(comma + 1)..];
        }
        if (valid && n >= 3 && fields[0] < RedisSlot.Count)
        {
            _visitor.SlotInfo((int)fields[0], fields[1], fields[2]);
        }
        else if (_strict)
        {
            RdbThrow.Format(Position, "invalid slot-info AUX value (expected slot,keys,expires[,volatile])");
        }
    }

    /// <summary>
    /// Opcode 246, written by Redis 7.0-rc1/rc2 only: name, engine name, len(has description), [description], code
    /// (rdb.c rdbFunctionLoad of 7.0.0, the branch that still reads it).
    /// </summary>
    private void ReadFunctionPreGa()
    {
        SkipString();
        SkipString();
        if (ReadLength() != 0) SkipString();
        _visitor.Function(SkipString());
    }

    /// <summary>
    /// Opcode 243, Valkey >= 9.0: job name string, len(ranges), then len(start) len(end) per range
    /// (valkey src/cluster_migrateslots.c clusterRDBSaveSlotImports / clusterRDBLoadSlotImport). No visitor event.
    /// </summary>
    private void SkipSlotImport()
    {
        SkipString();
        long ranges = ReadCount("SLOT_IMPORT range count", 2);
        for (long i = 0; i < ranges; i++)
        {
            ReadLength();
            ReadLength();
        }
    }

    private RdbFileInfo ReadTrailer()
    {
        FlushCrc();        // the CRC covers everything through the EOF byte
        _crcActive = false;
        ulong computed = _crc;
        var status = RdbChecksumStatus.Absent;
        ulong stored = 0;
        long trailerAt = Position;
        if (_version >= 5)
        {
            stored = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
            if (stored != 0) status = stored == computed ? RdbChecksumStatus.Ok : RdbChecksumStatus.Mismatch;
        }
        _visitor.End(status, stored, computed);
        if (status == RdbChecksumStatus.Mismatch && _options.VerifyChecksum)
            RdbThrow.Format(trailerAt, $"CRC64 mismatch: trailer says 0x{stored:X16}, data gives 0x{computed:X16}");
        return new RdbFileInfo(_magic, _version, Position, status, stored, computed);
    }
}
