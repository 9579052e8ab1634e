using System.Security.Cryptography;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis;

/// <summary>
/// Read-only pass-through that counts bytes (for progress) and optionally hashes them (SHA-256 of the input as given).
/// Passes buffer lending through when the inner stream lends (<see cref="ReadAheadStream"/>), observing the lent bytes.
/// </summary>
internal sealed class ObservedStream : Stream, IRdbBufferLender
{
    private readonly Stream _inner;
    private readonly IncrementalHash? _hash;
    private readonly Action<long>? _progress;

    /// <param name="hash">fed with every byte read, when given (the caller owns it)</param>
    public ObservedStream(Stream inner, IncrementalHash? hash, Action<long>? progress)
    {
        _inner = inner;
        _hash = hash;
        _progress = progress;
    }

    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int n = _inner.Read(buffer);
        if (n > 0) Observe(buffer[..n]);
        return n;
    }

    public bool TryLend(int headroom, out byte[] buffer, out int start, out int length, out RdbLentPrefix before)
    {
        if (_inner is IRdbBufferLender lender && lender.TryLend(headroom, out buffer, out start, out length, out before))
        {
            Observe(buffer.AsSpan(start, length));
            return true;
        }
        (buffer, start, length, before) = ([], 0, 0, RdbLentPrefix.Unknown);
        return false;
    }

    public void Return(byte[] buffer) => ((IRdbBufferLender)_inner).Return(buffer);

    private void Observe(ReadOnlySpan<byte> data)
    {
        _hash?.AppendData(data);
        BytesRead += data.Length;
        _progress?.Invoke(data.Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => true;

    // Seekable when the input is, so the reader learns the length and rejects lengths beyond it at once
    // (fuzz finding F7). Nothing seeks: Seek stays unsupported, because it would bypass the hash and the count.
    public override bool CanSeek => _inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;
    public override long Position { get => _inner.CanSeek ? _inner.Position : BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
