using RdbPlanner.Rdb;

namespace RdbPlanner.TestKit;

/// <summary>
/// A byte array served as a lender of buffers (<see cref="IRdbBufferLender"/>) in chunks of random size, each in a fresh
/// array with <c>headroom</c> bytes of garbage before its data and a random amount of garbage after the required room.
/// Declines a quarter of the requests at random, so the reader mixes lent buffers with copying reads. Returned buffers
/// are checked to have been lent and not returned before, then poisoned, so a reader that keeps using one sees garbage.
/// With <c>crc</c>, each lent buffer comes with the CRC-64 of the bytes before it, as a read-ahead stream gives it.
/// </summary>
public sealed class LendingStream(byte[] data, int seed, int maxChunk, int headroom, bool seekable = true, bool crc = false) : Stream, IRdbBufferLender
{
    private readonly Random _random = new(seed);
    private readonly HashSet<byte[]> _lent = new(ReferenceEqualityComparer.Instance);
    private long _pos;
    private long _crcPos;     // the CRC of data[.._crcPos] is _crcValue
    private ulong _crcValue;

    public int Lends { get; private set; }
    public int Outstanding => _lent.Count;

    /// <summary>Changes the CRC handed with each lent buffer (a lying lender, for tests).</summary>
    public Func<RdbLentPrefix, RdbLentPrefix>? AlterPrefix { get; init; }

    public bool TryLend(int wantedHeadroom, out byte[] buffer, out int start, out int length, out RdbLentPrefix before)
    {
        (buffer, start, length, before) = ([], 0, 0, RdbLentPrefix.Unknown);
        if (wantedHeadroom > headroom || _pos == data.Length || _random.Next(4) == 0) return false;
        length = (int)Math.Min(_random.Next(1, maxChunk + 1), data.Length - _pos);
        buffer = new byte[headroom + length + IRdbBufferLender.TrailingRoom + _random.Next(3)];
        _random.NextBytes(buffer);
        start = headroom;
        data.AsSpan((int)_pos, length).CopyTo(buffer.AsSpan(start));
        if (crc)
        {
            _crcValue = Crc64.Update(_crcValue, data.AsSpan((int)_crcPos, (int)(_pos - _crcPos)));
            _crcPos = _pos;
            before = new RdbLentPrefix(true, _pos, _crcValue);
            if (AlterPrefix is not null) before = AlterPrefix(before);
        }
        _pos += length;
        _lent.Add(buffer);
        Lends++;
        return true;
    }

    public void Return(byte[] buffer)
    {
        if (!_lent.Remove(buffer)) throw new InvalidOperationException("a buffer was returned that is not on loan");
        buffer.AsSpan().Fill(0xEE);
    }

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(Math.Min(buffer.Length, _random.Next(1, maxChunk + 1)), data.Length - _pos);
        if (n <= 0) return 0;
        data.AsSpan((int)_pos, n).CopyTo(buffer);
        _pos += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override bool CanRead => true;
    public override bool CanSeek => seekable;
    public override bool CanWrite => false;
    public override long Length => seekable ? data.Length : throw new NotSupportedException();
    public override long Position { get => seekable ? _pos : throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
