using System.Text;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class StringEncodingTests
{
    [Theory]
    [InlineData(0, LengthWidth.Auto)]
    [InlineData(1, LengthWidth.Auto)]
    [InlineData(63, LengthWidth.Auto)]     // last 6-bit length
    [InlineData(64, LengthWidth.Auto)]     // first 14-bit length
    [InlineData(16383, LengthWidth.Auto)]  // last 14-bit length
    [InlineData(16384, LengthWidth.Auto)]  // first 32-bit length
    [InlineData(5, LengthWidth.Bits14)]    // non-minimal forms are legal
    [InlineData(5, LengthWidth.Bits32)]
    [InlineData(70000, LengthWidth.Bits64)]
    public void Length_EveryEncodingBoundary_ReadsBack(int length, LengthWidth width)
    {
        var value = new byte[length];
        Array.Fill(value, (byte)'x');
        var file = new RdbBuilder().Key(RdbValueType.String, "k").RawString(value, width).Build();
        Assert.Equal(["value String -1", $"string str:{length} lzf=-1", "endvalue"], Parse.ValueEvents(file));
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(-128L, 0)]
    [InlineData(127L, 0)]
    [InlineData(-32768L, 1)]
    [InlineData(32767L, 1)]
    [InlineData(-2147483648L, 2)]
    [InlineData(2147483647L, 2)]
    [InlineData(5L, 2)]   // a wider encoding than needed is still the same integer
    public void IntEncodedStrings_AreIntegers(long value, int encoding)
    {
        var file = new RdbBuilder().Key(RdbValueType.String, "k").IntString(value, encoding).Build();
        Assert.Equal($"string int:{value} lzf=-1", Parse.ValueEvents(file)[1]);
    }

    [Theory]
    [InlineData("12345", "int:12345")]
    [InlineData("-1", "int:-1")]
    [InlineData("007", "str:3")]          // leading zeros are not canonical
    [InlineData("+1", "str:2")]
    [InlineData("-0", "str:2")]
    [InlineData("9223372036854775807", "int:9223372036854775807")]
    [InlineData("9223372036854775808", "str:19")]
    [InlineData("-9223372036854775808", "int:-9223372036854775808")]
    [InlineData("", "str:0")]
    public void RawStrings_GetTheCanonicalIntegerTest(string text, string expected)
    {
        var file = new RdbBuilder().StringKey("k", text).Build();
        Assert.Equal($"string {expected} lzf=-1", Parse.ValueEvents(file)[1]);
    }

    [Fact]
    public void LzfStrings_AreSkippedAndReportBothLengths()
    {
        var value = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcdefgh", 100)));
        var compressed = TestKit.Reference.LzfCompressor.Compress(value);
        var file = new RdbBuilder().Key(RdbValueType.String, "k").LzfString(value).Build();
        Assert.Equal($"string str:800 lzf={compressed.Length}", Parse.ValueEvents(file)[1]);
    }

    [Fact]
    public void LzfShortString_IsDecompressedForTheIntegerTest()
    {
        var file = new RdbBuilder().Key(RdbValueType.String, "k").LzfString("1234567"u8).Build();
        Assert.StartsWith("string int:1234567 lzf=", Parse.ValueEvents(file)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_IntAndLzfEncoded_AreMaterialised()
    {
        var longKey = string.Concat(Enumerable.Repeat("key:", 30));
        var file = new RdbBuilder()
            .Byte((byte)RdbValueType.String).IntString(-4711).String("v")
            .Byte((byte)RdbValueType.String).LzfString(Encoding.ASCII.GetBytes(longKey)).String("v")
            .Build();
        var keys = Parse.Events(file).Where(s => s.StartsWith("key ", StringComparison.Ordinal)).ToList();
        Assert.EndsWith("len=5 at=9 idle=-1 freq=-1 -4711", keys[0], StringComparison.Ordinal);
        Assert.EndsWith($"len=120 at=15 idle=-1 freq=-1 {longKey}", keys[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_LongerThanInlineLimit_ArePassedAsAPrefix()
    {
        var key = new string('k', 1000);
        var file = new RdbBuilder().StringKey(key, "v").StringKey("z", "v").Build();
        var keys = Parse.Events(file, new RdbReaderOptions { InlineKeyLimit = 10 }).Where(s => s.StartsWith("key ", StringComparison.Ordinal)).ToList();
        Assert.EndsWith("len=1000 at=9 idle=-1 freq=-1 kkkkkkkkkk", keys[0], StringComparison.Ordinal);
        Assert.EndsWith(" z", keys[1], StringComparison.Ordinal);
    }

    private sealed class SlotRecorder : NoOpVisitor
    {
        public List<(long Length, int Passed, int? Slot)> Keys { get; } = [];

        public override IRdbValueSink BeginKey(in RdbKeyInfo info, ReadOnlySpan<byte> key)
        {
            Keys.Add((info.KeyLength, key.Length, info.FullKeySlot));
            return this;
        }
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(7)]
    public void Keys_LongerThanInlineLimit_CarryTheWholeKeysSlot(int bufferSize)
    {
        // The slot of a key passed as a prefix can hang on bytes past it: a hash tag that closes there, or the CRC of
        // everything. Raw and LZF keys, tags closing before, across and after the limit.
        string[] keys =
        [
            new string('k', 1000),
            "{" + new string('t', 5) + "}" + new string('r', 500),
            new string('a', 30) + "{" + new string('t', 40) + "}rest",
            new string('a', 30) + "{}" + new string('b', 40) + "{c}",
            "{" + new string('t', 300),
            "short",
        ];
        var builder = new RdbBuilder();
        foreach (var k in keys) builder.StringKey(k, "v");
        foreach (var k in keys.Take(3)) builder.Byte((byte)RdbValueType.String).LzfString(Encoding.ASCII.GetBytes("z" + k)).String("v");
        var v = new SlotRecorder();
        var options = new RdbReaderOptions { InlineKeyLimit = 32, BufferSize = bufferSize };
        RdbParser.Parse(new MemoryStream(builder.Build()), v, options);

        var expected = keys.Concat(keys.Take(3).Select(k => "z" + k)).ToList();
        Assert.Equal(expected.Count, v.Keys.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var whole = Encoding.ASCII.GetBytes(expected[i]);
            Assert.Equal(whole.Length, v.Keys[i].Length);
            Assert.Equal(Math.Min(whole.Length, 32), v.Keys[i].Passed);
            Assert.Equal(whole.Length > 32 ? RedisSlot.Of(whole) : null, v.Keys[i].Slot);
        }
        // A prefix alone would have given another slot for most of them.
        Assert.Contains(Enumerable.Range(0, expected.Count), i => v.Keys[i].Slot is int s && s != RedisSlot.Of(Encoding.ASCII.GetBytes(expected[i])[..32]));
    }

    [Fact]
    public void BigString_StreamsThroughASmallBuffer()
    {
        var value = new byte[3 << 20];
        var file = new RdbBuilder().Key(RdbValueType.String, "k").RawString(value).Build();
        var stream = new ChunkedStream(file, int.MaxValue, seekable: false);
        var v = new RecordingVisitor();
        var info = RdbParser.Parse(stream, v, new RdbReaderOptions { BufferSize = 4096 });
        Assert.Contains($"string str:{3 << 20} lzf=-1", v.Events);
        Assert.Equal(RdbChecksumStatus.Ok, info.Checksum);
        Assert.True(stream.Reads >= (3 << 20) / 4096, $"only {stream.Reads} reads: the string was not streamed in chunks");
    }

    [Fact]
    public void ZeroLengthKey_IsAllowed()
    {
        var file = new RdbBuilder().StringKey("", "v").Build();
        Assert.Contains("len=0", Parse.Events(file)[1], StringComparison.Ordinal);
    }
}
