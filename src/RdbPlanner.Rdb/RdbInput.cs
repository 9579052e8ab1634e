using System.IO.Compression;

namespace RdbPlanner.Rdb;

/// <summary>Opens a snapshot for <see cref="RdbParser"/>: a file or stdin, gzip detected by its magic bytes.</summary>
public static class RdbInput
{
    private const int FileBufferSize = 1 << 20;

    /// <summary>
    /// Opens <paramref name="pathOrDash"/> ("-" = stdin). Gzip input (1f 8b) is wrapped in a <see cref="GZipStream"/>;
    /// error offsets then refer to the decompressed RDB. <paramref name="length"/> is the file size for plain files,
    /// null for stdin and gzip.
    /// </summary>
    public static Stream Open(string pathOrDash, out bool gzip, out long? length)
    {
        ArgumentNullException.ThrowIfNull(pathOrDash);
        Span<byte> head = stackalloc byte[2];
        Stream raw;
        if (pathOrDash == "-")
        {
            raw = Console.OpenStandardInput(FileBufferSize);
        }
        else
        {
            var handle = File.OpenHandle(pathOrDash, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            // Unbuffered: every reader of the stream asks for 1 MiB at a time into buffers of its own, so a stream
            // buffer only added a copy, and at the sniff below a wasted 1 MiB read into 256 freshly touched pages.
            var file = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            if (file.CanSeek)
            {
                // A positioned read leaves the stream where it starts.
                int got = 0;
                while (got < head.Length)
                {
                    int n = RandomAccess.Read(handle, head[got..], got);
                    if (n <= 0) break;
                    got += n;
                }
                gzip = IsGzip(head[..got]);
                length = gzip ? null : file.Length;
                return gzip ? Inflate(file) : file;
            }
            raw = file; // a pipe named by path: sniffed as stdin is
        }
        int read = ReadUpTo(raw, head);
        gzip = IsGzip(head[..read]);
        length = null;
        Stream rewound = new PrefixedStream(head[..read].ToArray(), raw);
        return gzip ? Inflate(rewound) : rewound;
    }

    private static bool IsGzip(ReadOnlySpan<byte> head) => head.Length == 2 && head[0] == 0x1F && head[1] == 0x8B;

    // The inflater reads its input in small steps: those go through a buffer.
    private static GZipStream Inflate(Stream compressed) =>
        new(new BufferedStream(compressed, FileBufferSize), CompressionMode.Decompress, leaveOpen: false);

    private static int ReadUpTo(Stream s, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = s.Read(buffer[total..]);
            if (n <= 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>A forward-only stream that replays the sniffed bytes of a pipe before the rest of it.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _prefixPos;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefixPos < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _prefixPos);
                prefix.AsSpan(_prefixPos, n).CopyTo(buffer);
                _prefixPos += n;
                return n;
            }
            return inner.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
