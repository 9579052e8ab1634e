using System.Text;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class HeaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(11)]
    [InlineData(12)]
    public void Header_RedisVersions_AreAccepted(int version)
    {
        var file = new RdbBuilder(version).StringKey("k", "v").Build();
        var v = new CountingVisitor();
        var info = RdbParser.Parse(new MemoryStream(file), v);
        Assert.Equal("REDIS", info.Magic);
        Assert.Equal(version, info.Version);
        Assert.Equal(file.Length, info.Bytes);
        Assert.Equal(1, v.Keys);
        Assert.Equal(version >= 5 ? RdbChecksumStatus.Ok : RdbChecksumStatus.Absent, info.Checksum);
    }

    [Fact]
    public void Header_Valkey080_IsAccepted()
    {
        var info = RdbParser.Parse(new MemoryStream(RdbBuilder.Valkey().Build()), new CountingVisitor());
        Assert.Equal("VALKEY", info.Magic);
        Assert.Equal(80, info.Version);
        Assert.Equal(RdbChecksumStatus.Ok, info.Checksum);
    }

    [Theory]
    [InlineData("REDIS0099", "99")]
    [InlineData("REDIS0000", "0")]
    [InlineData("REDIS0013", "13")]
    [InlineData("VALKEY012", "12")]
    [InlineData("VALKEY099", "99")]
    public void Header_UnsupportedVersion_NamesTheVersion(string header, string version)
    {
        var file = Encoding.ASCII.GetBytes(header).Concat(new byte[] { 0xFF, 0, 0, 0, 0, 0, 0, 0, 0 }).ToArray();
        var e = Parse.Fails(file);
        Assert.Contains($"version {version}", e.Message, StringComparison.Ordinal);
        Assert.True(e.Offset <= 9);
    }

    [Theory]
    [InlineData("RADIS0011")]
    [InlineData("REDIS00x1")]
    [InlineData("\0\0\0\0\0\0\0\0\0")]
    public void Header_Garbage_IsRejectedAtTheStart(string header)
    {
        var file = Encoding.ASCII.GetBytes(header).Concat(new byte[] { 0xFF }).ToArray();
        var e = Parse.Fails(file);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Header_DisplayName_IsCopiedIntoTheException()
    {
        var file = Encoding.ASCII.GetBytes("REDIS0099");
        var e = Assert.Throws<RdbFormatException>(() => RdbParser.Parse(new MemoryStream(file), new CountingVisitor(), displayName: "dump.rdb"));
        Assert.Equal("dump.rdb", e.FileName);
    }
}
