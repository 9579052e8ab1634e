using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class ModuleTests
{
    [Theory]
    [InlineData("ReJSON-RL", 3)]
    [InlineData("hellotype", 0)]
    [InlineData("graphdata", 1023)]
    [InlineData("_________", 7)]
    [InlineData("AAAAAAAAA", 0)]
    public void ModuleName_DecodesFromTheId(string name, int encver)
    {
        ulong id = RdbBuilder.ModuleId(name, encver);
        Assert.Equal(name, RdbParser.ModuleNameFromId(id));
        Assert.Equal(encver, (int)(id & 1023));
    }

    [Fact]
    public void ModuleValue_IsSkippedByItsOpcodes()
    {
        ulong id = RdbBuilder.ModuleId("hellotype", 0);
        var b = new RdbBuilder(9).ModuleKey("m", id, x => x
            .Length(1).Length(12345)               // SINT
            .Length(2).Length(ulong.MaxValue)      // UINT
            .Length(3).Raw(new byte[4])            // FLOAT
            .Length(4).DoubleLE(2.5)               // DOUBLE
            .Length(5).LzfString(new byte[200])    // STRING
            .Length(0));                           // EOF
        long before = b.BytesWritten;
        var file = b.StringKey("after", "v").Build();
        var e = Parse.ValueEvents(file);
        Assert.Equal("value Module2 -1", e[0]);
        Assert.StartsWith($"module {id:x} hellotype ", e[1], StringComparison.Ordinal);
        long bytes = long.Parse(e[1].Split(' ')[3]);
        Assert.True(bytes > 20 && bytes < before, $"module value size {bytes}");
        Assert.Equal(2, OpcodeTests.Counting(file).Keys);
    }

    [Fact]
    public void ModuleValue_UnknownOpcode_IsRejectedWithItsNumber()
    {
        var file = new RdbBuilder(9).ModuleKey("m", RdbBuilder.ModuleId("hellotype", 0), x => x.Length(9)).Build();
        Assert.Contains("unknown module opcode 9", Parse.Fails(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PreGaModuleType6_IsAClearError()
    {
        var b = new RdbBuilder(8);
        long at = b.BytesWritten;
        var e = Parse.Fails(b.Key((byte)6, "m").Length(RdbBuilder.ModuleId("hellotype", 0)).Build());
        Assert.Equal(at, e.Offset);
        Assert.Contains("type 6", e.Message, StringComparison.Ordinal);
    }
}
