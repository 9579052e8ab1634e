using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace RdbPlanner.Rdb;

// Length and string encodings (rdb.c rdbLoadLenByRef / rdbGenericLoadStringObject, redis 7.2.4; memory-model.md §8.2).
internal sealed partial class RdbReader
{
    private const int EncInt8 = 0;
    private const int EncInt16 = 1;
    private const int EncInt32 = 2;
    private const int EncLzf = 3;

    private byte[] _blobScratch = [];
    private byte[] _auxKey = [];
    private byte[] _auxValue = [];
    private byte[] _keyScratch = [];
    private byte[] _nameScratch = [];

    /// <summary>
    /// A length: 00xxxxxx (6 bit), 01xxxxxx yyyyyyyy (14 bit BE), 0x80 + u32 BE, 0x81 + u64 BE; or, with
    /// <paramref name="encoded"/> set, the special string encoding 11xxxxxx in the low six bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadLengthOrEncoding(out bool encoded)
    {
        // The two one-byte forms (short lengths, string encodings) inline in each caller, tested in turn: a switch on the
        // top two bits compiled to a jump table whose mispredicted jump and call prologue were most of this method's time.
        int pos = _pos;
        if (pos < _end)
        {
            byte b = _buf[pos];
            if (b < 0x40)
            {
                _pos = pos + 1;
                encoded = false;
                return b;
            }
            if (b >= 0xC0)
            {
                _pos = pos + 1;
                encoded = true;
                return (ulong)(b & 0x3F);
            }
        }
        return ReadLengthWide(out encoded);
    }

    /// <summary>The multi-byte length forms (and any form at the buffer's end).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong ReadLengthWide(out bool encoded)
    {
        encoded = false;
        if (_end - _pos < 9) return ReadLengthSlow(out encoded);
        var buf = _buf;
        byte b = buf[_pos];
        if (b < 0x80)
        {
            _pos += 2;
            return (ulong)(((b & 0x3F) << 8) | buf[_pos - 1]);
        }
        if (b == 0x80)
        {
            _pos += 5;
            return BinaryPrimitives.ReadUInt32BigEndian(buf.AsSpan(_pos - 4));
        }
        if (b == 0x81)
        {
            _pos += 9;
            return BinaryPrimitives.ReadUInt64BigEndian(buf.AsSpan(_pos - 8));
        }
        if (b >= 0xC0) return ReadLengthSlow(out encoded);
        return RdbThrow.Format<ulong>(Position, $"invalid length encoding 0x{b:X2}");
    }

    private ulong ReadLengthSlow(out bool encoded)
    {
        encoded = false;
        long at = Position;
        byte b = ReadByte();
        switch (b >> 6)
        {
            case 0:
                return b;
            case 1:
                return (ulong)(((b & 0x3F) << 8) | ReadByte());
            case 3:
                encoded = true;
                return (ulong)(b & 0x3F);
            default:
                if (b == 0x80) return BinaryPrimitives.ReadUInt32BigEndian(Take(4));
                if (b == 0x81) return BinaryPrimitives.ReadUInt64BigEndian(Take(8));
                return RdbThrow.Format<ulong>(at, $"invalid length encoding 0x{b:X2}");
        }
    }

    /// <summary>A plain length (no string encoding allowed), as an unsigned 64-bit number.</summary>
    private ulong ReadLength()
    {
        long at = Position;
        ulong value = ReadLengthOrEncoding(out bool encoded);
        if (encoded) RdbThrow.Format(at, $"expected a length, found string encoding {value}");
        return value;
    }

    /// <summary>A plain length that must fit in a signed 64-bit value (timestamps, counters, stream ids).</summary>
    private long ReadLengthInt64(string what)
    {
        long at = Position;
        ulong v = ReadLength();
        if (v > long.MaxValue) RdbThrow.Format(at, $"{what} {v} does not fit in 64 signed bits");
        return (long)v;
    }

    /// <summary>An element count, checked against the limits and the input left.</summary>
    private long ReadCount(string what, int minBytesEach = 1)
    {
        long at = Position;
        return CheckCount(at, ReadLength(), what, minBytesEach);
    }

    private long ReadEncodedInteger(int encoding, long at) => encoding switch
    {
        EncInt8 => (sbyte)ReadByte(),
        EncInt16 => BinaryPrimitives.ReadInt16LittleEndian(Take(2)),
        EncInt32 => BinaryPrimitives.ReadInt32LittleEndian(Take(4)),
        _ => RdbThrow.Format<long>(at, $"unknown string encoding {encoding}"),
    };

    /// <summary>An integer-encoded string as the engine keeps it, its decimal text, in <paramref name="scratch"/>.</summary>
    private ReadOnlySpan<byte> EncodedIntegerText(int encoding, long at, ref byte[] scratch)
    {
        long v = ReadEncodedInteger(encoding, at);
        EnsureScratch(ref scratch, 20);
        v.TryFormat(scratch, out int written, default, CultureInfo.InvariantCulture);
        return scratch.AsSpan(0, written);
    }

    /// <summary>Reads the two lengths of an LZF string and checks them; the compressed bytes follow.</summary>
    private void ReadLzfHeader(long at, out long compressed, out long uncompressed)
    {
        ulong c = ReadLength();
        ulong u = ReadLength();
        CheckByteLength(at, u, "LZF uncompressed length", inInput: false);
        CheckByteLength(at, c, "LZF compressed length");
        // Every liblzf token yields at least half its size and at most 88 times it, so both ratios are bounded.
        if (u > c * RdbDefaults.LzfMaxRatio || c > 2 * u + 1)
            RdbThrow.Format(at, $"LZF string claims {u} bytes from {c} compressed bytes, which liblzf cannot produce");
        compressed = (long)c;
        uncompressed = (long)u;
    }

    private void CheckMaterialisable(long at, ulong length, string what)
    {
        if (length > MaxMaterialised)
            RdbThrow.Limit(at, nameof(RdbReaderOptions.MaxElementLength), (long)length, MaxMaterialised, what + " held in memory");
    }

    /// <summary>Decompresses the next <paramref name="compressed"/> bytes into <paramref name="target"/> (grown as needed).</summary>
    private ReadOnlySpan<byte> Decompress(long at, long compressed, long uncompressed, ref byte[] target) =>
        // The compressed bytes first: on a forward-only input they must really arrive before the (at most 88 times
        // larger) output is rented (FINDINGS F2).
        Decompress(at, Take((int)compressed), uncompressed, ref target);

    private static ReadOnlySpan<byte> Decompress(long at, ReadOnlySpan<byte> src, long uncompressed, ref byte[] target)
    {
        EnsureScratch(ref target, (int)uncompressed);
        var dst = target.AsSpan(0, (int)uncompressed);
        CheckLzfResult(at, Lzf.Decompress(src, dst), uncompressed);
        return dst;
    }

    /// <summary>What <see cref="Lzf.Decompress"/> or <see cref="Lzf.Scan"/> returned, against the header's length.</summary>
    private static void CheckLzfResult(long at, int written, long uncompressed)
    {
        if (written < 0)
            RdbThrow.Format(at, $"corrupt LZF data: {Lzf.Describe(written)}");
        if (written != uncompressed)
            RdbThrow.Format(at, $"LZF data decompressed to {written} bytes, header says {uncompressed}");
    }

    private static void EnsureScratch(ref byte[] scratch, int size)
    {
        if (scratch.Length >= size) return;
        if (scratch.Length > 0) ArrayPool<byte>.Shared.Return(scratch);
        scratch = ArrayPool<byte>.Shared.Rent(Math.Max(size, 256));
    }

    /// <summary>
    /// A string element as the models need it: its length and integer-ness. Bytes are only looked at when short enough
    /// to be a canonical integer; long strings and LZF strings are skipped (still covered by the CRC).
    /// </summary>
    private RdbScalar ReadScalar(out long compressedLength)
    {
        // One construction at the end rather than one per branch: the native compiler then builds the scalar in
        // registers instead of copying it through stack temporaries (a store-forwarding stall per element).
        compressedLength = -1;
        long at = Position;
        ulong len = ReadLengthOrEncoding(out bool encoded);
        long length;
        bool isInteger = false;
        long integer = 0;
        if (!encoded)
        {
            // Checked before the short-string branch too, so a limit below 21 bytes holds (FINDINGS F3).
            CheckByteLength(at, len, "string length");
            length = (long)len;
            if (len <= 20) isInteger = RdbScalar.TryParseCanonical(Take((int)len), out integer);
            else Skip(length);
        }
        else if (len != EncLzf)
        {
            integer = ReadEncodedInteger((int)len, at);
            isInteger = true;
            length = RdbScalar.DecimalLength(integer);
        }
        else
        {
            ReadLzfHeader(at, out long c, out length);
            compressedLength = c;
            // Redis compresses only strings longer than 20 bytes; a short one must be looked at for the integer test.
            if (length <= 20) isInteger = RdbScalar.TryParseCanonical(Decompress(at, c, length, ref _blobScratch), out integer);
            else Skip(c);
        }
        return new RdbScalar(length, isInteger, integer);
    }

    private RdbScalar ReadScalar() => ReadScalar(out _);

    /// <summary>Skips a string of any encoding and returns its (uncompressed) length.</summary>
    private long SkipString() => ReadScalar(out _).Length;

    /// <summary>
    /// A blob the walkers need whole (listpack, ziplist, intset, zipmap, stream id): raw blobs are a span into the
    /// buffer, LZF blobs are decompressed into a pooled scratch buffer. Valid until the next read.
    /// </summary>
    private ReadOnlySpan<byte> ReadBlob(string what, out long offset) => ReadBlob(what, out offset, out _);

    /// <summary>As above; <paramref name="compressed"/> tells the walkers that blob positions are not file offsets.</summary>
    private ReadOnlySpan<byte> ReadBlob(string what, out long offset, out bool compressed)
    {
        var blob = TakeBlob(what);
        offset = blob.Offset;
        compressed = blob.Compressed;
        return Open(blob);
    }

    /// <summary>
    /// A blob as stored, not yet opened: an LZF one is decompressed only by <see cref="Open"/>, so a caller that needs no
    /// more than its header (<see cref="RdbItemDetail.Count"/>) can leave it compressed. Valid until the next read.
    /// </summary>
    private readonly ref struct StoredBlob(ReadOnlySpan<byte> stored, long offset, int length, bool compressed)
    {
        /// <summary>The bytes in the file: the blob itself, or its LZF stream.</summary>
        public readonly ReadOnlySpan<byte> Stored = stored;
        /// <summary>Where errors point: the blob's first byte, or for an LZF blob its length prefix (positions inside are not file offsets).</summary>
        public readonly long Offset = offset;
        /// <summary>The blob's own length (decompressed).</summary>
        public readonly int Length = length;
        public readonly bool Compressed = compressed;
    }

    private StoredBlob TakeBlob(string what)
    {
        long at = Position;
        ulong len = ReadLengthOrEncoding(out bool encoded);
        if (!encoded)
        {
            CheckByteLength(at, len, what);
            CheckMaterialisable(at, len, what);
            long offset = Position;
            return new StoredBlob(Take((int)len), offset, (int)len, compressed: false);
        }
        if (len != EncLzf)
            RdbThrow.Format(at, $"expected a {what}, found an integer-encoded string");
        ReadLzfHeader(at, out long c, out long u);
        return new StoredBlob(Take((int)c), at, (int)u, compressed: true);
    }

    /// <summary>The blob's bytes: a span into the buffer, or an LZF blob decompressed into a pooled scratch buffer.</summary>
    private ReadOnlySpan<byte> Open(StoredBlob blob) =>
        blob.Compressed ? Decompress(blob.Offset, blob.Stored, blob.Length, ref _blobScratch) : blob.Stored;

    /// <summary>
    /// An AUX field: integers as decimal text, raw strings up to <see cref="RdbDefaults.AuxPrefixLimit"/> bytes (the
    /// rest skipped), LZF strings decompressed when they fit that limit and skipped (empty) otherwise. The fields engines
    /// write are a few hundred bytes at most, so the bound loses nothing real and keeps a lying length from sizing a
    /// buffer (FINDINGS F2).
    /// </summary>
    private ReadOnlySpan<byte> ReadAuxString(ref byte[] scratch, string what)
    {
        long at = Position;
        ulong len = ReadLengthOrEncoding(out bool encoded);
        if (!encoded)
        {
            CheckByteLength(at, len, what);
            int kept = (int)Math.Min(len, (ulong)RdbDefaults.AuxPrefixLimit);
            EnsureScratch(ref scratch, kept);
            var dst = scratch.AsSpan(0, kept);
            Take(kept).CopyTo(dst);
            Skip((long)len - kept);
            return dst;
        }
        if (len != EncLzf)
        {
            return EncodedIntegerText((int)len, at, ref scratch);
        }
        ReadLzfHeader(at, out long c, out long u);
        if (u <= RdbDefaults.AuxPrefixLimit) return Decompress(at, c, u, ref scratch);
        Skip(c);
        return [];
    }

    /// <summary>
    /// A consumer group's or consumer's name: its full length, and its bytes when at most
    /// <see cref="RdbDefaults.AuxPrefixLimit"/> long (else empty, the rest skipped): an integer as decimal text, an LZF
    /// name decompressed only within that bound. Engines keep these names as sds strings of the same bytes.
    /// </summary>
    private ReadOnlySpan<byte> ReadStreamName(out long length)
    {
        long at = Position;
        ulong len = ReadLengthOrEncoding(out bool encoded);
        if (!encoded)
        {
            CheckByteLength(at, len, "stream name length");
            length = (long)len;
            if (len <= (ulong)RdbDefaults.AuxPrefixLimit) return Take((int)len);
            Skip(length);
            return [];
        }
        if (len != EncLzf)
        {
            var text = EncodedIntegerText((int)len, at, ref _nameScratch);
            length = text.Length;
            return text;
        }
        ReadLzfHeader(at, out long c, out length);
        if (length <= RdbDefaults.AuxPrefixLimit) return Decompress(at, c, length, ref _nameScratch);
        Skip(c);
        return [];
    }

    /// <summary>
    /// A key: its full length and the bytes to pass inline (a prefix for keys over InlineKeyLimit), read to its end.
    /// <paramref name="fullKeySlot"/> is the cluster slot of a key passed as a prefix, computed over all of it; else -1.
    /// </summary>
    private ReadOnlySpan<byte> ReadKey(out long keyLength, out int fullKeySlot)
    {
        long at = Position;
        fullKeySlot = -1;
        ulong len = ReadLengthOrEncoding(out bool encoded);
        if (!encoded)
        {
            CheckByteLength(at, len, "key length");
            keyLength = (long)len;
            if (keyLength > _options.InlineKeyLimit) return ReadLongKey(keyLength, out fullKeySlot);
            return Take((int)keyLength);
        }
        if (len != EncLzf)
        {
            var text = EncodedIntegerText((int)len, at, ref _keyScratch);
            keyLength = text.Length;
            return text;
        }
        ReadLzfHeader(at, out long c, out long u);
        keyLength = u;
        var key = Decompress(at, c, u, ref _keyScratch);
        if (u <= _options.InlineKeyLimit) return key;
        fullKeySlot = RedisSlot.Of(key);
        return key[.._options.InlineKeyLimit];
    }

    /// <summary>
    /// A key over the inline limit: its first InlineKeyLimit bytes, copied aside (streaming the rest refills the buffer
    /// under them), and the slot of the whole key, which the rest can change (a tag closing there, or the CRC of all).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ReadOnlySpan<byte> ReadLongKey(long keyLength, out int fullKeySlot)
    {
        int inline = _options.InlineKeyLimit;
        var slot = new RedisSlot.Builder();
        EnsureScratch(ref _keyScratch, inline);
        var head = Take(inline);
        head.CopyTo(_keyScratch);
        slot.Append(head);
        long rest = keyLength - inline;
        while (rest > 0)
        {
            if (_pos >= _end) Fill((int)Math.Min(rest, _capacity));
            int n = (int)Math.Min(rest, _end - _pos);
            slot.Append(new ReadOnlySpan<byte>(_buf, _pos, n));
            _pos += n;
            rest -= n;
        }
        fullKeySlot = slot.Slot;
        return _keyScratch.AsSpan(0, inline);
    }

    /// <summary>A type-3 zset score: length byte, then ASCII; 253 = NaN, 254 = +inf, 255 = -inf (rdbLoadDoubleValue).</summary>
    private double ReadAsciiDouble()
    {
        long at = Position;
        byte len = ReadByte();
        switch (len)
        {
            case 253: return double.NaN;
            case 254: return double.PositiveInfinity;
            case 255: return double.NegativeInfinity;
        }
        var text = Take(len);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            RdbThrow.Format(at, $"invalid score text of {len} bytes");
        return d;
    }
}
