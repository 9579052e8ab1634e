using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using RdbPlanner.TestKit.Reference;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class ChecksumTests
{
    [Fact]
    public void Crc64_CheckValue_ReferenceAndFacade()
    {
        Assert.Equal(0xe9c6d914c4b8d9caUL, Crc64Bitwise.Compute("123456789"u8));
        Assert.Equal(0xe9c6d914c4b8d9caUL, Crc64.Compute("123456789"u8));
    }

    private static byte[] Sample(TrailerMode mode) => new RdbBuilder().Aux("a", "b").StringKey("k", new string('v', 5000)).Build(mode);

    [Fact]
    public void Trailer_Valid_IsOk_AndCoversHeaderThroughEof()
    {
        var file = Sample(TrailerMode.Valid);
        var v = new RecordingVisitor();
        var info = RdbParser.Parse(new MemoryStream(file), v);
        ulong expected = Crc64Bitwise.Compute(file.AsSpan(0, file.Length - 8));
        Assert.Equal(RdbChecksumStatus.Ok, info.Checksum);
        Assert.Equal(expected, info.ComputedChecksum);
        Assert.Equal(expected, info.StoredChecksum);
        Assert.Equal($"end Ok {expected:x16} {expected:x16}", v.Events[^1]);
    }

    [Fact]
    public void Trailer_Zero_IsAbsent()
    {
        var info = RdbParser.Parse(new MemoryStream(Sample(TrailerMode.Zero)), new CountingVisitor());
        Assert.Equal(RdbChecksumStatus.Absent, info.Checksum);
        Assert.Equal(0UL, info.StoredChecksum);
    }

    [Fact]
    public void Trailer_Mismatch_ReportsThenThrowsAtTheTrailer()
    {
        var file = Sample(TrailerMode.Corrupt);
        var v = new RecordingVisitor();
        var e = Assert.Throws<RdbFormatException>(() => RdbParser.Parse(new MemoryStream(file), v));
        Assert.Equal(file.Length - 8, e.Offset);
        Assert.StartsWith("end Mismatch", v.Events[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Trailer_MismatchWithoutVerification_IsReportedOnly()
    {
        var info = RdbParser.Parse(new MemoryStream(Sample(TrailerMode.Corrupt)), new CountingVisitor(), new RdbReaderOptions { VerifyChecksum = false });
        Assert.Equal(RdbChecksumStatus.Mismatch, info.Checksum);
        Assert.NotEqual(info.StoredChecksum, info.ComputedChecksum);
    }

    [Fact]
    public void Trailer_OldVersionsHaveNone()
    {
        var file = new RdbBuilder(4).StringKey("k", "v").Build();
        var info = RdbParser.Parse(new MemoryStream(file), new CountingVisitor());
        Assert.Equal(RdbChecksumStatus.Absent, info.Checksum);
        Assert.Equal(file.Length, info.Bytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(4096)]
    public void Crc_IsTheSame_WhateverTheBufferSize(int bufferSize)
    {
        var file = Sample(TrailerMode.Valid);
        var info = RdbParser.Parse(new ChunkedStream(file, 13), new CountingVisitor(), new RdbReaderOptions { BufferSize = bufferSize });
        Assert.Equal(RdbChecksumStatus.Ok, info.Checksum);
    }
}
