using System.Buffers.Binary;

namespace RdbPlanner.Rdb;

/// <summary>
/// Finds where key records start in the middle of a snapshot, which has no sync marks: a reader that is to start a
/// segment at an offset guesses the first key record there by walking the records that would follow each candidate
/// byte by their lengths, and takes the first candidate from which enough of them are well formed. It is a guess: the
/// reader of the segment before confirms it by arriving there (and redoes the segment when not), so a wrong guess costs
/// time, never a wrong result. Nothing here throws or allocates; lengths are checked against the window and the file.
/// </summary>
public static class RdbResync
{
    /// <summary>Well-formed records after a candidate that make it the guess.</summary>
    public const int RecordsToConfirm = 32;

    /// <summary>What a candidate's walk found.</summary>
    public enum Verdict : byte
    {
        /// <summary>Not a record start (or records follow that are not well formed).</summary>
        No,
        /// <summary><see cref="RecordsToConfirm"/> records, or every record to the end of the file, are well formed.</summary>
        Yes,
        /// <summary>Well formed as far as the window goes: a larger window decides.</summary>
        NeedMore,
        /// <summary>
        /// The candidates took more than their budget of steps (a few times the window's bytes) without a verdict:
        /// content made of many small well-formed-looking strings, which could otherwise take time quadratic in the window.
        /// </summary>
        GaveUp,
    }

    /// <summary>The file as a resync reader knows it.</summary>
    /// <param name="Version">RDB version from the header</param>
    /// <param name="ValkeyMagic">VALKEY magic (type 22 is Valkey's hash)</param>
    /// <param name="FileLength">bytes in the file: no length may run past it</param>
    /// <param name="MaxElementLength">largest string accepted, as the reader's limit</param>
    public readonly record struct FileShape(int Version, bool ValkeyMagic, long FileLength, long MaxElementLength);

    /// <summary>
    /// Looks at every candidate in <paramref name="window"/> (the file's bytes from <paramref name="windowStart"/>) from
    /// <paramref name="from"/> on. Returns the first candidate's verdict that is not <see cref="Verdict.No"/>, with its
    /// offset, the first key record of its run in <paramref name="keyRecord"/> (after any SELECTDB or AUX records) and
    /// the database a SELECTDB before that key set, else -1; <see cref="Verdict.No"/> when no candidate in the window is.
    /// </summary>
    public static Verdict Find(ReadOnlySpan<byte> window, long windowStart, long from, in FileShape file, out long candidate, out long keyRecord, out int database)
    {
        // Candidates from a little before the offset: a record whose expiry or LRU opcodes start before it but whose type
        // byte is after it is a record of the segment before, which a walk from its type byte would take for the first.
        long budget = StepsPerWindowByte * (long)window.Length + RecordsToConfirm * 64L;
        for (long c = Math.Max(from - MaxPrefixBytes, windowStart); c < windowStart + window.Length; c++)
        {
            var verdict = Walk(window, windowStart, c, file, out keyRecord, out database, from, ref budget);
            if (budget < 0) verdict = Verdict.GaveUp;
            if (verdict != Verdict.No)
            {
                candidate = c;
                return verdict;
            }
        }
        candidate = keyRecord = -1;
        database = -1;
        return Verdict.No;
    }

    // EXPIRETIME_MS (9 bytes), IDLE (up to 10) and FREQ (2) before one type byte.
    private const int MaxPrefixBytes = 21;

    // Strings and bytes the walks of one window may take in all, per byte of the window.
    private const int StepsPerWindowByte = 16;

    /// <inheritdoc cref="Walk(ReadOnlySpan{byte}, long, long, in FileShape, out long, out int, long, ref long)"/>
    public static Verdict Walk(ReadOnlySpan<byte> window, long windowStart, long start, in FileShape file, out long keyRecord, out int database, long firstKeyFrom = 0)
    {
        long budget = long.MaxValue;
        return Walk(window, windowStart, start, file, out keyRecord, out database, firstKeyFrom, ref budget);
    }

    /// <summary>
    /// Walks the records from <paramref name="start"/> by their lengths. <paramref name="keyRecord"/>: the first key
    /// record of the walk that starts at or after <paramref name="firstKeyFrom"/>.
    /// </summary>
    /// <param name="budget">steps left (strings and bytes read); the walk stops with <see cref="Verdict.No"/> when spent</param>
    public static Verdict Walk(ReadOnlySpan<byte> window, long windowStart, long start, in FileShape file, out long keyRecord, out int database, long firstKeyFrom, ref long budget)
    {
        var w = new Walker(window, windowStart, start, file);
        try
        {
            return WalkRecords(ref w, window, windowStart, file, out keyRecord, out database, firstKeyFrom);
        }
        finally
        {
            budget -= w.Steps;
        }
    }

    private static Verdict WalkRecords(ref Walker w, ReadOnlySpan<byte> window, long windowStart, in FileShape file, out long keyRecord, out int database, long firstKeyFrom)
    {
        keyRecord = -1;
        database = -1;
        int records = 0;
        long recordStart = -1;
        while (records < RecordsToConfirm)
        {
            long at = w.Offset;
            if (!w.Byte(out byte op))
            {
                // A value longer than the window was skipped whole: the records so far are all there is to go by.
                if (w.Short && at > windowStart + window.Length && keyRecord >= 0 && recordStart < 0) return Verdict.Yes;
                return w.Short ? Verdict.NeedMore : Verdict.No;
            }
            switch (op)
            {
                case RdbOpcode.ExpireTimeMs:
                case RdbOpcode.ExpireTime:
                case RdbOpcode.Idle:
                case RdbOpcode.Freq:
                    if (recordStart < 0) recordStart = at;
                    bool ok = op switch
                    {
                        RdbOpcode.ExpireTimeMs => w.Skip(8),
                        RdbOpcode.ExpireTime => w.Skip(4),
                        RdbOpcode.Idle => w.Length(out _),
                        _ => w.Skip(1),
                    };
                    if (!ok) return w.Short ? Verdict.NeedMore : Verdict.No;
                    continue;
                case RdbOpcode.Eof:
                {
                    // Only the real end: the trailer, then nothing.
                    if (recordStart >= 0) return Verdict.No;
                    long end = at + 1 + (file.Version >= 5 ? 8 : 0);
                    return end == file.FileLength ? (keyRecord >= 0 ? Verdict.Yes : Verdict.No) : Verdict.No;
                }
                case RdbOpcode.SelectDb:
                    if (recordStart >= 0 || !w.Length(out ulong db) || db > int.MaxValue) return w.Short ? Verdict.NeedMore : Verdict.No;
                    if (keyRecord < 0) database = (int)db; // the database of the key record to come
                    records++;
                    continue;
                case RdbOpcode.ResizeDb:
                    if (recordStart >= 0 || !w.Length(out _) || !w.Length(out _)) return w.Short ? Verdict.NeedMore : Verdict.No;
                    records++;
                    continue;
                case RdbOpcode.Aux:
                    if (recordStart >= 0 || !w.String() || !w.String()) return w.Short ? Verdict.NeedMore : Verdict.No;
                    records++;
                    continue;
                case RdbOpcode.SlotInfo:
                    if (recordStart >= 0 || !w.Length(out _) || !w.Length(out _) || !w.Length(out _)) return w.Short ? Verdict.NeedMore : Verdict.No;
                    records++;
                    continue;
                case RdbOpcode.Function2:
                    if (recordStart >= 0 || !w.String()) return w.Short ? Verdict.NeedMore : Verdict.No;
                    records++;
                    continue;
            }
            if (!IsWalkableType(op, file.Version)) return Verdict.No;
            if (recordStart < 0) recordStart = at;
            if (keyRecord < 0 && recordStart >= firstKeyFrom) keyRecord = recordStart;
            var type = op == 22 && file.ValkeyMagic ? RdbValueType.ValkeyHash2 : (RdbValueType)op;
            // An empty key is legal but all but unknown, and runs of zero bytes (stream IDs, integers) read as records of
            // empty keys and values.
            if (!w.Key() || !Value(ref w, type)) return w.Short ? Verdict.NeedMore : Verdict.No;
            recordStart = -1;
            records++;
        }
        return keyRecord >= 0 ? Verdict.Yes : Verdict.No;
    }

    /// <summary>
    /// Types the engines that write this RDB version write (rdb.c rdbSaveObjectType of redis 3.2, 5.0, 7.0, 7.2, 7.4 and
    /// valkey 8, 9), whose values can be walked by lengths: not module values nor streams. A type only older writers
    /// use (a ziplist in a version-10 file) is as rare there as it is common as a byte inside a value.
    /// </summary>
    private static bool IsWalkableType(byte op, int version) => op switch
    {
        0 or 2 or 4 or 5 or 11 => true,
        1 or 3 or 9 => version < 7,
        10 or 12 or 13 => version is >= 2 and < 10,
        14 => version is >= 7 and < 10,
        16 or 17 or 18 => version >= 10,
        20 => version >= 11,
        22 or 23 or 24 or 25 => version >= 12,
        _ => false,
    };

    private static bool Value(ref Walker w, RdbValueType type)
    {
        switch (type)
        {
            case RdbValueType.String:
                return w.String();
            case RdbValueType.HashZipmap:
                return w.Blob(RdbBlobKind.Zipmap);
            case RdbValueType.ListZiplist:
            case RdbValueType.ZSetZiplist:
            case RdbValueType.HashZiplist:
                return w.Blob(RdbBlobKind.Ziplist);
            case RdbValueType.SetIntset:
                return w.Blob(RdbBlobKind.Intset);
            case RdbValueType.HashListpack:
            case RdbValueType.ZSetListpack:
            case RdbValueType.SetListpack:
            case RdbValueType.HashListpackExPreGa:
                return w.Blob(RdbBlobKind.Listpack);
            case RdbValueType.HashListpackEx:
                return w.Skip(8) && w.Blob(RdbBlobKind.Listpack);
            case RdbValueType.List:
            case RdbValueType.Set:
                return w.Count(out long n, 1) && w.Strings(n);
            case RdbValueType.Hash:
                return w.Count(out n, 2) && w.Strings(2 * n);
            case RdbValueType.ZSet:
                if (!w.Count(out n, 2)) return false;
                for (long i = 0; i < n; i++)
                {
                    if (!w.String() || !w.Byte(out byte len) || len < 253 && !w.Skip(len)) return false;
                }
                return true;
            case RdbValueType.ZSet2:
                if (!w.Count(out n, 9)) return false;
                for (long i = 0; i < n; i++)
                {
                    if (!w.String() || !w.Skip(8)) return false;
                }
                return true;
            case RdbValueType.ListQuicklist:
                if (!w.Count(out n, 1)) return false;
                for (long i = 0; i < n; i++)
                {
                    if (!w.Blob(RdbBlobKind.Ziplist)) return false;
                }
                return true;
            case RdbValueType.ListQuicklist2:
                if (!w.Count(out n, 2)) return false;
                for (long i = 0; i < n; i++)
                {
                    if (!w.Length(out ulong container)) return false;
                    if (container == 1 ? !w.String() : container != 2 || !w.Blob(RdbBlobKind.Listpack)) return false;
                }
                return true;
            case RdbValueType.HashMetadata:
                if (!w.Skip(8)) return false;
                goto case RdbValueType.HashMetadataPreGa;
            case RdbValueType.HashMetadataPreGa:
                if (!w.Count(out n, 3)) return false;
                for (long i = 0; i < n; i++)
                {
                    if (!w.Length(out _) || !w.String() || !w.String()) return false;
                }
                return true;
            case RdbValueType.ValkeyHash2:
                if (!w.Count(out n, 10)) return false;
                for (long i = 0; i < n; i++)
                {
                    if (!w.String() || !w.String() || !w.Skip(8)) return false;
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A cursor over the window. A read that would pass the window's end fails with <see cref="Short"/> set (more bytes
    /// could decide), one that breaks the format or runs past the file fails without it. Long skips are taken on trust
    /// as far as the file goes: the window need not hold a large value whole, only the lengths.
    /// </summary>
    private ref struct Walker(ReadOnlySpan<byte> window, long windowStart, long start, RdbResync.FileShape file)
    {
        private readonly ReadOnlySpan<byte> _window = window;
        private readonly FileShape _file = file;
        private long _offset = start;
        public bool Short;
        public long Steps;

        public readonly long Offset => _offset;

        private readonly long Available => windowStart + _window.Length - _offset;

        public bool Byte(out byte b)
        {
            Steps++;
            if (Available < 1)
            {
                b = 0;
                Short = _offset < _file.FileLength;
                return false;
            }
            b = _window[(int)(_offset - windowStart)];
            _offset++;
            return true;
        }

        /// <summary>Skips <paramref name="n"/> bytes, which must lie in the file; beyond the window they are not looked at.</summary>
        public bool Skip(long n)
        {
            if (n < 0 || n > _file.FileLength - _offset) return false;
            _offset += n;
            return true;
        }

        private bool Take(int n, out ReadOnlySpan<byte> bytes)
        {
            if (Available < n)
            {
                bytes = default;
                Short = _offset + n <= _file.FileLength;
                return false;
            }
            bytes = _window.Slice((int)(_offset - windowStart), n);
            _offset += n;
            return true;
        }

        /// <summary>A length (6, 14, 32 or 64 bits) or, with <paramref name="encoded"/>, a string encoding (0-3).</summary>
        public bool LengthOrEncoding(out ulong value, out bool encoded)
        {
            value = 0;
            encoded = false;
            if (!Byte(out byte b)) return false;
            switch (b >> 6)
            {
                case 0:
                    value = b;
                    return true;
                case 1:
                    if (!Byte(out byte low)) return false;
                    value = (ulong)(((b & 0x3F) << 8) | low);
                    return true;
                case 3:
                    encoded = true;
                    value = (ulong)(b & 0x3F);
                    return value <= 3;
            }
            if (b == 0x80 && Take(4, out var four)) value = BinaryPrimitives.ReadUInt32BigEndian(four);
            else if (b == 0x81 && Take(8, out var eight)) value = BinaryPrimitives.ReadUInt64BigEndian(eight);
            else return false;
            return true;
        }

        public bool Length(out ulong value) => LengthOrEncoding(out value, out bool encoded) && !encoded;

        /// <summary>An element count: each element takes at least <paramref name="minBytesEach"/> bytes of the file.</summary>
        public bool Count(out long count, int minBytesEach)
        {
            count = 0;
            // Engines never save an empty collection.
            if (!Length(out ulong n) || n == 0 || n > (ulong)((_file.FileLength - _offset) / minBytesEach)) return false;
            count = (long)n;
            return true;
        }

        public bool String()
        {
            if (!LengthOrEncoding(out ulong len, out bool encoded)) return false;
            if (!encoded) return len <= (ulong)_file.MaxElementLength && Skip((long)len);
            switch (len)
            {
                case 0: return Skip(1);
                case 1: return Skip(2);
                case 2: return Skip(4);
            }
            return Lzf();
        }

        /// <summary>An LZF string after its encoding byte: the two lengths, in the ratios liblzf can produce (RdbReader.ReadLzfHeader).</summary>
        private bool Lzf()
        {
            if (!Length(out ulong c) || !Length(out ulong u) || c == 0 || u > (ulong)_file.MaxElementLength) return false;
            if (u > c * RdbDefaults.LzfMaxRatio || c > 2 * u + 1) return false;
            return Skip((long)c);
        }

        /// <summary>
        /// A compact blob: raw, its header must match its length and its last byte be the end mark (listpack.c,
        /// ziplist.c, intset.c, zipmap.c); LZF-compressed, only its lengths are checked. Parts past the window are
        /// taken on trust.
        /// </summary>
        public bool Blob(RdbBlobKind kind)
        {
            if (!LengthOrEncoding(out ulong len, out bool encoded)) return false;
            if (encoded) return len == 3 && Lzf(); // an integer is not a blob
            if (len > (ulong)_file.MaxElementLength || (long)len > _file.FileLength - _offset) return false;
            long start = _offset;
            var head = Peek(start, 8);
            var last = Peek(start + (long)len - 1, 1);
            bool ok = kind switch
            {
                RdbBlobKind.Listpack => len >= 7 && (head.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(head) == len) && (last.Length == 0 || last[0] == 0xFF),
                RdbBlobKind.Ziplist => len >= 11 && (head.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(head) == len && BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) < len) && (last.Length == 0 || last[0] == 0xFF),
                RdbBlobKind.Intset => len >= 8 && (head.Length < 8 || IntsetFits(head, len)),
                _ => len >= 2 && (last.Length == 0 || last[0] == 0xFF),
            };
            return ok && Skip((long)len);
        }

        private static bool IntsetFits(ReadOnlySpan<byte> head, ulong len)
        {
            uint width = BinaryPrimitives.ReadUInt32LittleEndian(head);
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
            return width is 2 or 4 or 8 && count > 0 && 8 + (ulong)width * count == len;
        }

        /// <summary>Up to <paramref name="n"/> bytes at <paramref name="offset"/>, as far as the window holds them.</summary>
        private readonly ReadOnlySpan<byte> Peek(long offset, int n)
        {
            long from = offset - windowStart;
            if (from < 0 || from >= _window.Length) return default;
            return _window.Slice((int)from, (int)Math.Min(n, _window.Length - from));
        }

        /// <summary>A key: a string of one byte or more.</summary>
        public bool Key()
        {
            if (Available >= 1 && _window[(int)(_offset - windowStart)] == 0) return false;
            return String();
        }

        public bool Strings(long n)
        {
            for (long i = 0; i < n; i++)
            {
                if (!String()) return false;
            }
            return true;
        }
    }
}
