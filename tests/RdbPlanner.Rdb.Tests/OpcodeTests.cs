using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class OpcodeTests
{
    [Fact]
    public void Opcodes_AuxSelectResize_AreReported()
    {
        var file = new RdbBuilder().Aux("redis-ver", "7.2.4").Byte(RdbOpcode.Aux).String("redis-bits").IntString(64)
            .SelectDb(3).ResizeDb(1, 0).StringKey("k", "v").Build();
        var e = Parse.Events(file);
        Assert.Equal("header REDIS 11", e[0]);
        Assert.Equal("aux redis-ver=7.2.4", e[1]);
        Assert.Equal("aux redis-bits=64", e[2]);
        Assert.Equal("selectdb 3", e[3]);
        Assert.Equal("resizedb 3 1 0", e[4]);
        Assert.StartsWith("key db=3 type=String", e[5], StringComparison.Ordinal);
    }

    [Fact]
    public void Opcodes_LzfCompressedAuxValue_IsDecompressed()
    {
        var text = new string('a', 100) + "lua";
        var file = new RdbBuilder().Byte(RdbOpcode.Aux).String("lua").LzfString(System.Text.Encoding.ASCII.GetBytes(text)).Build();
        Assert.Equal($"aux lua={text}", Parse.Events(file)[1]);
    }

    [Fact]
    public void Opcodes_ExpiryIdleFreq_FillTheKeyInfo()
    {
        var b = new RdbBuilder();
        long at1 = b.BytesWritten;
        b.ExpireMs(1_700_000_000_123).Idle(42).StringKey("a", "1");
        long at2 = b.BytesWritten;
        b.ExpireSeconds(1_700_000_000).Freq(7).StringKey("b", "2");
        long at3 = b.BytesWritten;
        b.StringKey("c", "3");
        var keys = Parse.Events(b.Build()).Where(s => s.StartsWith("key ", StringComparison.Ordinal)).ToList();
        Assert.Equal($"key db=0 type=String exp=1700000000123 len=1 at={at1} idle=42 freq=-1 a", keys[0]);
        Assert.Equal($"key db=0 type=String exp=1700000000000 len=1 at={at2} idle=-1 freq=7 b", keys[1]);
        Assert.Equal($"key db=0 type=String exp=-1 len=1 at={at3} idle=-1 freq=-1 c", keys[2]);
    }

    [Fact]
    public void Opcodes_SlotInfo244AndValkeySlotInfoAux_ReportSlots()
    {
        var file = new RdbBuilder(12).SlotInfo(866, 5, 1).Aux("slot-info", "16383,12,3").Aux("slot-info", "7,2,0,1").Build();
        var e = Parse.Events(file);
        Assert.Contains("slotinfo 866 5 1", e);
        Assert.Contains("slotinfo 16383 12 3", e);
        Assert.Contains("slotinfo 7 2 0", e);
        Assert.Contains("aux slot-info=7,2,0,1", e);
    }

    [Theory]
    [InlineData("1,2")]
    [InlineData("a,b,c")]
    [InlineData("16384,1,1")]
    [InlineData("1,2,3,4,5")]
    public void Opcodes_BadSlotInfoAux_IsIgnored_OrAnErrorWhenStrict(string value)
    {
        var file = new RdbBuilder().Aux("slot-info", value).Build();
        var e = Parse.Events(file);
        Assert.Contains($"aux slot-info={value}", e);
        Assert.DoesNotContain(e, s => s.StartsWith("slotinfo", StringComparison.Ordinal));
        Assert.Contains("slot-info", Parse.Fails(file, new RdbReaderOptions { Strict = true }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opcodes_SlotImport_IsSkipped()
    {
        var file = RdbBuilder.Valkey().Byte(RdbOpcode.SlotImport).String(new string('n', 40)).Length(2).Length(0).Length(99).Length(100).Length(16383)
            .StringKey("k", "v").Build();
        Assert.Equal(1, Counting(file).Keys);
    }

    [Fact]
    public void Opcodes_Functions_ReportTheSourceLength()
    {
        const string code = "#!lua name=x\nredis.register_function('f', function() return 1 end)";
        var file = new RdbBuilder(10).Function2(code)
            // 7.0-rc opcode 246: name, engine, has-description, description, code
            .Byte(RdbOpcode.FunctionPreGa).String("lib").String("LUA").Length(1).String("desc").String("return 2")
            .Byte(RdbOpcode.FunctionPreGa).String("lib2").String("LUA").Length(0).String("return 33")
            .Build();
        var e = Parse.Events(file).Where(s => s.StartsWith("function", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"function {code.Length}", "function 8", "function 9"], e);
    }

    [Fact]
    public void Opcodes_ModuleAux_IsWalkedAndNamed()
    {
        ulong id = RdbBuilder.ModuleId("test__rdb", 1);
        var file = new RdbBuilder(9).ModuleAux(id, 2, b => b.Length(5).String("hello").Length(1).Length(7).Length(3).Raw(new byte[4]).Length(4).DoubleLE(1.5).Length(0))
            .StringKey("k", "v").Build();
        var e = Parse.Events(file);
        Assert.Contains($"moduleaux {id:x} test__rdb", e);
        Assert.Equal(1, Counting(file).Keys);
    }

    [Fact]
    public void Opcodes_ModuleAuxWithoutUintWhen_IsRejected()
    {
        var file = new RdbBuilder(9).Byte(RdbOpcode.ModuleAux).Length(RdbBuilder.ModuleId("test__rdb", 1)).Length(1).Length(2).Length(0).Build();
        Assert.Contains("opcode 1", Parse.Fails(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opcodes_UnknownRecordType_NamesTheByteAndOffset()
    {
        var b = new RdbBuilder();
        long at = b.BytesWritten;
        var e = Parse.Fails(b.Byte(107).String("k").Build());
        Assert.Equal(at, e.Offset);
        Assert.Contains("107", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opcodes_Type8IsNotAType()
    {
        Parse.Fails(new RdbBuilder().Byte(8).String("k").String("v").Build());
    }

    internal static CountingVisitor Counting(byte[] file)
    {
        var v = new CountingVisitor();
        RdbParser.Parse(new MemoryStream(file), v);
        return v;
    }
}
