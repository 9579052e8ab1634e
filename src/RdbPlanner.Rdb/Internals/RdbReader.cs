using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace RdbPlanner.Rdb;

/// <summary>
/// The pull reader: one pooled, refillable, padded buffer over the input stream. Reads never allocate in steady state;
/// values longer than the buffer are skipped in chunks, and only compact blobs (which the walkers need whole) grow it.
/// The CRC64 runs over bytes as they leave the buffer, so skipped data is covered too.
/// This file: buffer management and primitive reads. Records, values, blobs, streams and modules are in the other parts.
/// </summary>
internal sealed partial class RdbReader : IDisposable
{
    private readonly Stream _input;
    private readonly RdbReaderOptions _options;
    private readonly IRdbVisitor _visitor;
    private long _inputLength; // -1 when unknown (pipes, gzip); an absolute end offset otherwise
    private readonly int _readChunk;
    private readonly bool _strict;
    private readonly IRdbBufferLender? _lender;

    private byte[] _buf;
    private bool _bufLent;  // _buf belongs to _lender (else to the array pool)
    private int _capacity;  // usable bytes of _buf; Padding zeroed bytes follow
    private int _pos;
    private int _end;
    private long _base;     // absolute offset of _buf[0]
    private bool _inputDone;

    private ulong _crc;
    private int _crcPos;    // bytes of _buf before this index are already in _crc
    private bool _crcActive = true;

    public RdbReader(Stream input, IRdbVisitor visitor, RdbReaderOptions options)
    {
        _input = input;
        _visitor = visitor;
        _options = options;
        _strict = options.Strict;
        if (options.BufferSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BufferSize must be at least 1");
        if (options.InlineKeyLimit < 0) throw new ArgumentOutOfRangeException(nameof(options), "InlineKeyLimit must not be negative");
        _readChunk = options.BufferSize;
        _inputLength = input.CanSeek ? Math.Max(0, input.Length - input.Position) : -1;
        _lender = input as IRdbBufferLender;
        _buf = ArrayPool<byte>.Shared.Rent(options.BufferSize + RdbDefaults.Padding);
        _capacity = _buf.Length - RdbDefaults.Padding;
    }

    /// <summary>Absolute offset of the next unread byte.</summary>
    public long Position => _base + _pos;

    public void Dispose()
    {
        ReleaseBuffer();
        _buf = [];
        ReturnBuffer(ref _blobScratch);
        ReturnBuffer(ref _auxKey);
        ReturnBuffer(ref _auxValue);
        ReturnBuffer(ref _keyScratch);
    }

    private static void ReturnBuffer(ref byte[] array)
    {
        if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
        array = [];
    }

    // ---- refill ----

    /// <summary>
    /// Makes at least <paramref name="need"/> bytes available from _pos, or throws at the end of the input.
    /// A need beyond the buffer (only blobs) grows it geometrically as data actually arrives, never to a claimed
    /// length up front: on a forward-only input a lying length prefix then costs at most twice the bytes really
    /// read (FINDINGS F2), while a genuine large blob still ends up whole.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fill(int need)
    {
        if (_end - _pos >= need) return;
        if (_lender is not null && !_inputDone && AdoptLentBuffer() && _end - _pos >= need)
        {
            _buf.AsSpan(_end, RdbDefaults.Padding).Clear();
            return;
        }
        FlushCrc();
        if (_pos > 0) _buf.AsSpan(_pos, _end - _pos).CopyTo(_buf);
        _base += _pos;
        _end -= _pos;
        _crcPos -= _pos; // after FlushCrc, _crcPos >= _pos: bytes still ahead may already be in _crc (lender's prefix)
        _pos = 0;
#if DEBUG
        // Poison the free space so a read of bytes that were never filled shows up as garbage in Debug tests.
        _buf.AsSpan(_end, _capacity - _end).Fill(0xCD);
#endif

        while (_end < need)
        {
            if (_end == _capacity) Grow(need);
            int n = 0;
            if (!_inputDone)
            {
                n = _input.Read(_buf, _end, Math.Min(_capacity - _end, _readChunk));
            }
            if (n <= 0)
            {
                _inputDone = true;
                RdbThrow.Truncated(_base + _end, need, _end);
            }
            _end += n;
        }
        _buf.AsSpan(_end, RdbDefaults.Padding).Clear();
    }

    /// <summary>
    /// Swaps in the lender's next filled buffer, with the unread bytes of the current one moved into its headroom, so
    /// the data is parsed where the lender put it. False, and nothing changed, when the lender declines. When the
    /// lender hashed everything before the new data (and counts bytes as this reader does), its CRC replaces the
    /// reader's, and the bytes of the buffer given up are never hashed here.
    /// </summary>
    private bool AdoptLentBuffer()
    {
        int keep = _end - _pos;
        if (!_lender!.TryLend(keep, out byte[] lent, out int start, out int length, out var before)) return false;
        long absolute = _base + _pos;
        bool lenderCrc = _crcActive && before.Known && before.Offset == absolute + keep;
        if (!lenderCrc) FlushCrc();
        // Of the kept bytes, those before _crcPos are in _crc already (a lender's figure taken for the previous buffer).
        int keptCounted = Math.Max(0, _crcPos - _pos);
        _buf.AsSpan(_pos, keep).CopyTo(lent.AsSpan(start - keep));
        ReleaseBuffer();
        _buf = lent;
        _bufLent = true;
        _capacity = lent.Length - RdbDefaults.Padding;
        _pos = start - keep;
        _base = absolute - _pos;
        _end = start + length;
        if (lenderCrc)
        {
            _crc = before.Crc;
            _crcPos = start;
        }
        else
        {
            _crcPos = _pos + keptCounted;
        }
        return true;
    }

    /// <summary>Gives _buf back to its owner: the lender or the array pool.</summary>
    private void ReleaseBuffer()
    {
        if (_buf.Length == 0) return;
        if (_bufLent) _lender!.Return(_buf);
        else ArrayPool<byte>.Shared.Return(_buf);
        _bufLent = false;
    }

    /// <summary>Doubles the (full) buffer, capped at <paramref name="need"/>; lengths were checked against the limits before.</summary>
    private void Grow(int need)
    {
        const int MaxSize = int.MaxValue - RdbDefaults.Padding - 64;
        int size = (int)Math.Min(Math.Min((long)_capacity * 2, need), MaxSize);
        var bigger = ArrayPool<byte>.Shared.Rent(size + RdbDefaults.Padding);
        _buf.AsSpan(0, _end).CopyTo(bigger);
        ReleaseBuffer();
        _buf = bigger;
        _capacity = bigger.Length - RdbDefaults.Padding;
    }

    /// <summary>Adds the bytes read since the last flush to the CRC. Bytes a lender already hashed lie before _crcPos.</summary>
    private void FlushCrc()
    {
        if (_pos <= _crcPos) return;
        if (_crcActive) _crc = Crc64.Update(_crc, _buf.AsSpan(_crcPos, _pos - _crcPos));
        _crcPos = _pos;
    }

    // ---- primitive reads ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadByte()
    {
        if (_pos >= _end) Fill(1);
        return _buf[_pos++];
    }

    /// <summary>The next <paramref name="count"/> bytes as a span into the buffer, valid until the next read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if (_end - _pos < count) Fill(count);
        var span = new ReadOnlySpan<byte>(_buf, _pos, count);
        _pos += count;
        return span;
    }

    private long ReadInt64LE() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    private int ReadInt32LE() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    private double ReadDoubleLE() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Skips bytes without keeping them; any length is streamed through the buffer in chunks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Skip(long count)
    {
        // Most skipped values (long or compressed strings) lie within the buffer: that case inline in each caller.
        if ((ulong)count <= (ulong)(_end - _pos))
        {
            _pos += (int)count;
            return;
        }
        SkipAcross(count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SkipAcross(long count)
    {
        while (true)
        {
            int avail = _end - _pos;
            if (count <= avail)
            {
                _pos += (int)count;
                return;
            }
            count -= avail;
            _pos = _end;
            Fill((int)Math.Min(count, _capacity));
        }
    }

    // ---- length checks (before anything is skipped, rented or looped over) ----

    /// <summary>Largest blob that can be held in one array, whatever MaxElementLength says.</summary>
    private const long MaxMaterialised = int.MaxValue - RdbDefaults.Padding - 4096;

    private long Remaining
    {
        // Part of every string's length check (CheckByteLength), where the native compiler left it a call.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _inputLength < 0 ? long.MaxValue : _inputLength - Position;
    }

    /// <summary>
    /// A byte length of a string or blob that starts at <paramref name="offset"/>: within MaxElementLength and, when
    /// <paramref name="inInput"/> (not for decompressed sizes), within the input left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckByteLength(long offset, ulong length, string what, bool inInput = true)
    {
        // The passing case inline (every string is checked); CheckByteLengthFully says what is wrong.
        if (length <= (ulong)_options.MaxElementLength && (inInput ? (long)length <= Remaining : length <= MaxMaterialised)) return;
        CheckByteLengthFully(offset, length, what, inInput);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckByteLengthFully(long offset, ulong length, string what, bool inInput)
    {
        if (length > (ulong)_options.MaxElementLength || length > MaxMaterialised && !inInput)
            RdbThrow.Limit(offset, nameof(RdbReaderOptions.MaxElementLength), length > long.MaxValue ? long.MaxValue : (long)length, _options.MaxElementLength, what);
        if (inInput && (long)length > Remaining)
            RdbThrow.BeyondInput(offset, what, (long)length, Remaining);
    }

    /// <summary>An element count: each element takes at least <paramref name="minBytesEach"/> bytes of input.</summary>
    private long CheckCount(long offset, ulong count, string what, int minBytesEach = 1)
    {
        if (count > (ulong)_options.MaxCollectionElements)
            RdbThrow.Limit(offset, nameof(RdbReaderOptions.MaxCollectionElements), count > long.MaxValue ? long.MaxValue : (long)count, _options.MaxCollectionElements, what);
        long remaining = Remaining;
        if (remaining != long.MaxValue && (long)count > remaining / minBytesEach)
            RdbThrow.BeyondInput(offset, what, (long)count, remaining);
        return (long)count;
    }
}
