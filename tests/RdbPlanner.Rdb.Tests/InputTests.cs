using System.IO.Compression;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class InputTests
{
    [Fact]
    public void Open_PlainFile_KnowsItsLength()
    {
        var path = Path.GetTempFileName();
        try
        {
            var file = SampleFiles.KitchenSink();
            File.WriteAllBytes(path, file);
            using var s = RdbInput.Open(path, out bool gzip, out long? length);
            Assert.False(gzip);
            Assert.Equal(file.Length, length);
            Assert.Equal(RdbChecksumStatus.Ok, RdbParser.Parse(s, new CountingVisitor()).Checksum);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Open_GzipFile_IsDetectedByMagic_AndOffsetsAreDecompressed()
    {
        var path = Path.GetTempFileName();
        try
        {
            var file = SampleFiles.KitchenSink();
            file[^3] ^= 0xFF; // corrupt the trailer: the error offset must be in RDB terms
            using (var fs = File.Create(path))
            using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
            {
                gz.Write(file);
            }
            using var s = RdbInput.Open(path, out bool gzip, out long? length);
            Assert.True(gzip);
            Assert.Null(length);
            var e = Assert.Throws<RdbFormatException>(() => RdbParser.Parse(s, new CountingVisitor(), displayName: path));
            Assert.Equal(file.Length - 8, e.Offset);
            Assert.Equal(path, e.FileName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Open_CorruptGzip_IsAFormatError()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF]);
            using var s = RdbInput.Open(path, out bool gzip, out _);
            Assert.True(gzip);
            Assert.Throws<RdbFormatException>(() => RdbParser.Parse(s, new CountingVisitor()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Open_PlainFile_StartsAtItsFirstByte_WhateverItsLength()
    {
        // The sniff is a positioned read: the stream must still deliver every byte, also of files shorter than the magic.
        foreach (byte[] content in new[] { Array.Empty<byte>(), [0x1F], [0x1F, 0x8C, 7], SampleFiles.KitchenSink() })
        {
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllBytes(path, content);
                using var s = RdbInput.Open(path, out bool gzip, out long? length);
                Assert.False(gzip);
                Assert.Equal(content.Length, length);
                var copy = new MemoryStream();
                s.CopyTo(copy);
                Assert.Equal(content, copy.ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_NamedPipe_IsSniffedWithoutLosingBytes(bool compress)
    {
        if (!OperatingSystem.IsLinux()) return;
        var dir = Directory.CreateTempSubdirectory("rdbplanner-fifo-");
        string path = Path.Combine(dir.FullName, "dump.rdb");
        try
        {
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path])) await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            var file = SampleFiles.KitchenSink();
            byte[] payload = file;
            if (compress)
            {
                var packed = new MemoryStream();
                using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(file);
                payload = packed.ToArray();
            }
            var writer = Task.Run(() => File.WriteAllBytes(path, payload));
            using (var s = RdbInput.Open(path, out bool gzip, out long? length))
            {
                Assert.Equal(compress, gzip);
                Assert.Null(length);
                Assert.Equal(RdbChecksumStatus.Ok, RdbParser.Parse(s, new CountingVisitor()).Checksum);
            }
            await writer.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
