using System.Buffers.Binary;
using System.Globalization;

namespace RdbPlanner.TestKit;

/// <summary>
/// A valid REDIS0011 snapshot generated on the fly and never held in memory: <c>keys</c> string keys "key:{i}" with
/// <c>valueLength</c>-byte values, then EOF and a zero (disabled) checksum. Allocation-free after construction, so
/// tests can attribute allocations to the reader. For constant-memory tests on large inputs.
/// </summary>
public sealed class SyntheticRdbStream : Stream
{
    private readonly long _keys;
    private readonly byte[] _record;   // one record, its key digits rewritten per key
    private readonly int _digitsAt;
    private long _next = -1;           // -1: header not yet produced
    private int _recordPos;
    private int _recordLen;
    private bool _ended;

    public SyntheticRdbStream(long keys, int valueLength)
    {
        _keys = keys;
        // type 0, len 24 (key "key:" + 20 zero-padded digits), key, 0x80 + u32 BE value length, value
        _record = new byte[1 + 1 + 24 + 5 + valueLength];
        _record[0] = 0;
        _record[1] = 24;
        "key:"u8.CopyTo(_record.AsSpan(2));
        _digitsAt = 6;
        _record[26] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(_record.AsSpan(27), (uint)valueLength);
        _record.AsSpan(31).Fill((byte)'x');
    }

    public long BytesProduced { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_recordPos == _recordLen && !Advance()) return 0;
        int n = Math.Min(buffer.Length, _recordLen - _recordPos);
        _record.AsSpan(_recordPos, n).CopyTo(buffer);
        _recordPos += n;
        BytesProduced += n;
        return n;
    }

    private bool Advance()
    {
        _recordPos = 0;
        if (_next < 0)
        {
            _next = 0;
            // The header goes out through a separate small record.
            _header.CopyTo(_record, 0);
            _recordLen = _header.Length;
            _headerPending = true;
            return true;
        }
        if (_headerPending)
        {
            // restore the bytes the header overwrote
            _record[0] = 0;
            _record[1] = 24;
            "key:"u8.CopyTo(_record.AsSpan(2));
            _headerPending = false;
        }
        if (_next < _keys)
        {
            _next.TryFormat(_record.AsSpan(_digitsAt, 20), out _, "D20", CultureInfo.InvariantCulture);
            _next++;
            _recordLen = _record.Length;
            return true;
        }
        if (_ended) return false;
        _ended = true;
        _trailer.CopyTo(_record, 0);
        _recordLen = _trailer.Length;
        return true;
    }

    private readonly byte[] _header = "REDIS0011"u8.ToArray();
    private readonly byte[] _trailer = [0xFF, 0, 0, 0, 0, 0, 0, 0, 0];
    private bool _headerPending;

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
