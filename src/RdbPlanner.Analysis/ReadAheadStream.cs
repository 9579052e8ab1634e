using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// Reads its input on a background thread, at most <see cref="ChunkCount"/> chunks of <see cref="ChunkBytes"/> ahead
/// of the parser, and feeds the optional SHA-256 and (when asked) the RDB's CRC-64 there: each lent chunk comes with
/// the CRC of everything before it (<see cref="RdbLentPrefix"/>), so the parser does not hash what it borrows. The
/// parser's core then spends no time in read(2), page-cache copies, gzip inflation or hashing: on a 2-core machine
/// those overlap with parsing instead of adding to it. Memory stays bounded (4 chunks of almost 2 MiB, each with 64 KiB of
/// headroom) whatever the input size. Input errors reach the consumer at the offset where they happened: the bytes
/// read before a failure are delivered first. The reader borrows whole chunks through <see cref="IRdbBufferLender"/>
/// and parses them in place; <see cref="Read(Span{byte})"/> copies for everyone else.
/// </summary>
internal sealed class ReadAheadStream : Stream, IRdbBufferLender
{
    /// <summary>
    /// As much as fits with the headroom in one 2 MiB huge page (<see cref="LargePageBlock.PinnedArrayWithWindow"/>): a
    /// chunk occupies a whole huge page anyway, and 1 MiB chunks meant twice the handovers (two cores, 14 alternating
    /// rounds: 0.335 against 0.325 s median).
    /// </summary>
    public const int ChunkBytes = (2 << 20) - Headroom - 4096;
    public const int ChunkCount = 4;
    /// <summary>Room before each chunk's data, where a borrowing reader puts the unread end of the previous chunk.</summary>
    public const int Headroom = 64 << 10;

    private readonly Stream _inner;
    private readonly IncrementalHash? _hash;
    private readonly bool _crc;
    // Producer thread only: CRC-64 and count of the bytes produced so far.
    private ulong _producedCrc;
    private long _produced;
    private readonly BlockingCollection<byte[]> _free = new(ChunkCount);
    // Where each chunk's data starts (after its headroom); set up before the producer starts, only read after.
    private readonly Dictionary<byte[], int> _chunkStarts = new(ReferenceEqualityComparer.Instance);
    private readonly BlockingCollection<Chunk> _filled = new(ChunkCount + 2);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _producer;
    private readonly bool _canSeek;
    private readonly long _length;
    private readonly long _startPosition;
    private Chunk _current;
    private int _offset;
    private long _consumed;
    private bool _ended;
    private ExceptionDispatchInfo? _error;
    private bool _disposed;

    /// <param name="crc">hash the data with the RDB CRC-64 here; worth it unless this thread is already the slower one (gzip)</param>
    public ReadAheadStream(Stream inner, IncrementalHash? hash, bool crc = true)
    {
        _inner = inner;
        _hash = hash;
        _crc = crc;
        _canSeek = inner.CanSeek;
        _length = _canSeek ? inner.Length : 0;
        _startPosition = _canSeek ? inner.Position : 0;
        for (int i = 0; i < ChunkCount; i++)
        {
            // Each chunk in a window of its own that Linux may back with one huge page: 4 KiB pages, each costing a
            // fault on first touch, were 1,024 faults of the read-ahead thread per run (LargePageBlock).
            var chunk = LargePageBlock.PinnedArrayWithWindow(Headroom + ChunkBytes + IRdbBufferLender.TrailingRoom, out int window);
            _chunkStarts.Add(chunk, window + Headroom);
            _free.Add(chunk);
        }
        _producer = new Thread(Produce) { IsBackground = true, Name = "rdbplanner read-ahead" };
        _producer.Start();
    }

    /// <summary>True once the consumer has seen the end of the input: every byte has then been hashed.</summary>
    public bool ReachedEnd => _ended && _error is null;

    private void Produce()
    {
        var token = _stop.Token;
        try
        {
            while (true)
            {
                byte[] buffer = _free.Take(token);
                int start = _chunkStarts[buffer];
                int filled = 0;
                try
                {
                    // Fill whole chunks (pipes and gzip return short reads) so the consumer changes chunk rarely.
                    while (filled < ChunkBytes)
                    {
                        int n = _inner.Read(buffer, start + filled, ChunkBytes - filled);
                        if (n <= 0) break;
                        filled += n;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (filled > 0) Deliver(buffer, start, filled, token);
                    _filled.Add(new Chunk(null, 0, 0, ExceptionDispatchInfo.Capture(e), default), token);
                    return;
                }
                if (filled == 0)
                {
                    _filled.Add(new Chunk(null, 0, 0, null, default), token);
                    return;
                }
                Deliver(buffer, start, filled, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed before the end: nobody waits for more.
        }
        catch (Exception e)
        {
            // Never let a background thread take the process down; hand the failure to the consumer instead.
            _filled.TryAdd(new Chunk(null, 0, 0, ExceptionDispatchInfo.Capture(e), default));
        }
    }

    private void Deliver(byte[] buffer, int start, int length, CancellationToken token)
    {
        _hash?.AppendData(buffer, start, length);
        var before = _crc ? new RdbLentPrefix(true, _produced, _producedCrc) : RdbLentPrefix.Unknown;
        if (_crc) _producedCrc = Crc64.Update(_producedCrc, buffer.AsSpan(start, length));
        _produced += length;
        _filled.Add(new Chunk(buffer, start, length, null, before), token);
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty) return 0;
        if (_current.Buffer is null || _offset == _current.Length)
        {
            if (!NextChunk()) return 0;
        }
        int count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.Buffer!.AsSpan(_current.Start + _offset, count).CopyTo(buffer);
        _offset += count;
        _consumed += count;
        return count;
    }

    public bool TryLend(int headroom, out byte[] buffer, out int start, out int length, out RdbLentPrefix before)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        buffer = [];
        start = length = 0;
        before = RdbLentPrefix.Unknown;
        if (headroom > Headroom || _current.Buffer is not null && _offset < _current.Length || !NextChunk()) return false;
        (buffer, start, length, before) = (_current.Buffer!, _current.Start, _current.Length, _current.Before);
        _consumed += length;
        _current = default;
        return true;
    }

    public void Return(byte[] buffer) => _free.Add(buffer);

    /// <summary>Makes the next filled chunk current (giving the spent one back); false at the end or after a failure, which Read then reports.</summary>
    private bool NextChunk()
    {
        while (true)
        {
            _error?.Throw();
            if (_ended) return false;
            if (_current.Buffer is not null)
            {
                _free.Add(_current.Buffer);
                _current = default;
            }
            var next = _filled.Take();
            if (next.Error is not null)
            {
                _error = next.Error;
                _ended = true;
                continue;
            }
            if (next.Buffer is null)
            {
                _ended = true;
                return false;
            }
            _current = next;
            _offset = 0;
            return true;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => !_disposed;
    public override bool CanSeek => _canSeek;
    public override bool CanWrite => false;
    public override long Length => _canSeek ? _length : throw new NotSupportedException();
    public override long Position { get => _startPosition + _consumed; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>
    /// Stops the producer and waits for it. A producer blocked in a read of a stalled pipe is given up on after
    /// <paramref name="wait"/> (it is a background thread); returns whether it stopped, i.e. the hash is settled.
    /// </summary>
    public bool Stop(TimeSpan wait)
    {
        _stop.Cancel();
        return _producer.Join(wait);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            // A producer still blocked in a read keeps its stream and token: only a stopped one gives them up.
            if (Stop(TimeSpan.FromSeconds(2)))
            {
                _inner.Dispose();
                _stop.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    private readonly record struct Chunk(byte[]? Buffer, int Start, int Length, ExceptionDispatchInfo? Error, RdbLentPrefix Before);
}
