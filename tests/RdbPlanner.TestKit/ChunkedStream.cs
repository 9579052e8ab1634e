namespace RdbPlanner.TestKit;

/// <summary>
/// A read-only view of a byte array that returns at most <c>chunk</c> bytes per Read and can hide its length
/// (like a pipe or a gzip stream), so readers are exercised on short reads and on unknown input sizes.
/// </summary>
public sealed class ChunkedStream(byte[] data, int chunk = int.MaxValue, bool seekable = false) : Stream
{
    private long _pos;

    public int Reads { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => seekable;
    public override bool CanWrite => false;
    public override long Length => seekable ? data.Length : throw new NotSupportedException();

    public override long Position
    {
        get => seekable ? _pos : throw new NotSupportedException();
        set => _pos = seekable ? value : throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Reads++;
        int n = (int)Math.Min(Math.Min(buffer.Length, chunk), data.Length - _pos);
        if (n <= 0) return 0;
        data.AsSpan((int)_pos, n).CopyTo(buffer);
        _pos += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
