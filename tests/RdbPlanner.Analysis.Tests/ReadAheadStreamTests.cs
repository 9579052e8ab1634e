using System.Security.Cryptography;
using RdbPlanner.TestKit;
using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis.Tests;

public sealed class ReadAheadStreamTests
{
    /// <summary>Serves bytes in short, irregular reads (like a pipe), counts what was asked of it, can fail after N bytes.</summary>
    private sealed class PipeLikeStream(byte[] data, long failAfter = -1, bool seekable = false) : Stream
    {
        private readonly Random _rng = new(3);
        private long _position;
        public long Served => Interlocked.Read(ref _position);
        public bool Disposed { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (failAfter >= 0 && _position >= failAfter) throw new IOException("unexpected end of gzip data");
            long limit = failAfter >= 0 ? failAfter : data.Length;
            int n = (int)Math.Min(Math.Min(count, _rng.Next(1, 70_000)), limit - _position);
            if (n <= 0) return 0;
            data.AsSpan((int)_position, n).CopyTo(buffer.AsSpan(offset));
            Interlocked.Add(ref _position, n);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => seekable;
        public override bool CanWrite => false;
        public override long Length => seekable ? data.Length : throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ReadAheadStream.ChunkBytes)]
    [InlineData(3 * ReadAheadStream.ChunkBytes + 12_345)]
    [InlineData(9 * ReadAheadStream.ChunkBytes - 1)]
    public void DeliversEveryByteInOrder_AndHashesThemAll(int length)
    {
        var data = RandomBytes(length, length);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var inner = new PipeLikeStream(data, seekable: true);
        var copy = new MemoryStream();
        var rng = new Random(length);
        using (var ahead = new ReadAheadStream(inner, hash))
        {
            Assert.Equal(length, ahead.Length);
            var buffer = new byte[200_000];
            int n;
            while ((n = ahead.Read(buffer, 0, rng.Next(1, buffer.Length))) > 0)
            {
                copy.Write(buffer, 0, n);
                Assert.Equal(copy.Length, ahead.Position);
            }
            Assert.True(ahead.ReachedEnd);
            Assert.Equal(0, ahead.Read(buffer, 0, 10));
        }
        Assert.True(inner.Disposed);
        Assert.True(data.AsSpan().SequenceEqual(copy.ToArray()));
        Assert.Equal(SHA256.HashData(data), hash.GetHashAndReset());
    }

    /// <summary>Takes the stream's bytes with lent chunks and copying reads mixed at random, giving every chunk back.</summary>
    private static byte[] Drain(ReadAheadStream ahead, int seed)
    {
        var copy = new MemoryStream();
        var rng = new Random(seed);
        var buffer = new byte[200_000];
        while (true)
        {
            if (rng.Next(3) > 0 && ahead.TryLend(rng.Next(0, ReadAheadStream.Headroom + 1), out byte[] lent, out int start, out int length, out var before))
            {
                Assert.True(start >= ReadAheadStream.Headroom, $"start {start}: less headroom than promised");
                // The CRC-64 of every byte delivered before this chunk, whether it was lent or read.
                Assert.True(before.Known);
                Assert.Equal(copy.Length, before.Offset);
                Assert.Equal(Crc64.Compute(copy.ToArray()), before.Crc);
                Assert.True(lent.Length >= start + length + Rdb.IRdbBufferLender.TrailingRoom);
                copy.Write(lent, start, length);
                lent.AsSpan().Fill(0xEE); // the borrower may overwrite it all
                ahead.Return(lent);
            }
            else
            {
                int n = ahead.Read(buffer, 0, rng.Next(1, buffer.Length));
                if (n == 0) break;
                copy.Write(buffer, 0, n);
            }
            Assert.Equal(copy.Length, ahead.Position);
        }
        return copy.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3 * ReadAheadStream.ChunkBytes + 12_345)]
    [InlineData(9 * ReadAheadStream.ChunkBytes - 1)]
    public void LentChunksAndReadsTogether_DeliverEveryByteInOrder(int length)
    {
        var data = RandomBytes(length, length + 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var ahead = new ReadAheadStream(new PipeLikeStream(data, seekable: true), hash);
        Assert.True(data.AsSpan().SequenceEqual(Drain(ahead, length)));
        Assert.True(ahead.ReachedEnd);
        Assert.False(ahead.TryLend(0, out _, out _, out _, out _));
        Assert.Equal(SHA256.HashData(data), hash.GetHashAndReset());
    }

    [Fact]
    public void ALenderWithUnreadBytes_OrAskedForTooMuchHeadroom_Declines()
    {
        var data = RandomBytes(3 * ReadAheadStream.ChunkBytes, 5);
        using var ahead = new ReadAheadStream(new PipeLikeStream(data), hash: null);
        Assert.False(ahead.TryLend(ReadAheadStream.Headroom + 1, out _, out _, out _, out _));
        Assert.Equal(10, ahead.Read(new byte[10], 0, 10));
        Assert.False(ahead.TryLend(0, out _, out _, out _, out _)); // the rest of the first chunk is for Read
        Assert.Equal(10, ahead.Position);
    }

    [Fact]
    public void AFailingInput_LendsTheBytesBeforeTheFailure_ThenThrows()
    {
        var data = RandomBytes(3 * ReadAheadStream.ChunkBytes, 4);
        const int failAfter = 2 * ReadAheadStream.ChunkBytes + 99;
        using var ahead = new ReadAheadStream(new PipeLikeStream(data, failAfter), hash: null);
        long got = 0;
        Assert.Throws<IOException>(() =>
        {
            while (ahead.TryLend(0, out byte[] lent, out _, out int length, out _))
            {
                got += length;
                ahead.Return(lent);
            }
        });
        Assert.Equal(failAfter, got);
        Assert.Throws<IOException>(() => ahead.Read(new byte[1], 0, 1));
    }

    [Fact]
    public void AFailingInput_DeliversTheBytesBeforeTheFailure_ThenTheError()
    {
        var data = RandomBytes(2 * ReadAheadStream.ChunkBytes, 1);
        const int failAfter = ReadAheadStream.ChunkBytes + 777;
        using var ahead = new ReadAheadStream(new PipeLikeStream(data, failAfter), hash: null);
        var buffer = new byte[4096];
        long got = 0;
        var error = Assert.Throws<IOException>(() =>
        {
            int n;
            while ((n = ahead.Read(buffer, 0, buffer.Length)) > 0) got += n;
        });
        Assert.Equal(failAfter, got);
        Assert.Contains("gzip", error.Message);
        Assert.Throws<IOException>(() => ahead.Read(buffer, 0, 1)); // stays failed
        Assert.False(ahead.ReachedEnd);
    }

    [Fact]
    public void StaysABoundedDistanceAhead_AndStopsWhenDisposed()
    {
        var data = RandomBytes(40 * ReadAheadStream.ChunkBytes, 2);
        var inner = new PipeLikeStream(data);
        var ahead = new ReadAheadStream(inner, hash: null);
        Assert.False(ahead.CanSeek);
        Assert.Equal(1, ahead.Read(new byte[1], 0, 1));
        Thread.Sleep(300);
        // The chunk being consumed plus ChunkCount - 1 filled ones (one buffer is held by the consumer).
        Assert.InRange(inner.Served, 1, (long)ReadAheadStream.ChunkCount * ReadAheadStream.ChunkBytes);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ahead.Dispose();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"dispose took {clock.Elapsed}");
        Assert.True(inner.Disposed);
        Assert.Throws<ObjectDisposedException>(() => ahead.Read(new byte[1], 0, 1));
    }

    [Fact]
    public void AnalysisWithAndWithoutReadAhead_IsIdentical()
    {
        var path = Path.Combine(FixturePaths.RepoRoot, "fixtures", "sample", "sample.rdb");
        var on = SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default with { ComputeSha256 = true, ReadAhead = true, MaxParallelFiles = 1 });
        var off = SnapshotAnalyzer.Analyze([path], AnalysisOptions.Default with { ComputeSha256 = true, ReadAhead = false });
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), on.Files[0].Sha256);
        Assert.Equal(off.Files[0].Sha256, on.Files[0].Sha256);
        Assert.Equal(off.Files[0].Keys, on.Files[0].Keys);
        Assert.Equal(off.Files[0].Checksum, on.Files[0].Checksum);
        Assert.Equal(
            off.Estimates.Select(m => (m.StandaloneBytes, m.ClusterBytes)),
            on.Estimates.Select(m => (m.StandaloneBytes, m.ClusterBytes)));
    }
}
