using RdbPlanner.Analysis;
using System.Text;

namespace RdbPlanner.Reports.Tests;

public class KeyTextTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'u', (byte)':', (byte)'1' }, "u:1")]
    [InlineData(new byte[] { 0xC3, 0xA9, (byte)'t', 0xC3, 0xA9 }, "été")]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, "😀")]
    [InlineData(new byte[] { (byte)'a', (byte)'\\', (byte)'b' }, "a\\\\b")]
    [InlineData(new byte[] { (byte)'a', 0x00, (byte)'\n', 0x7F }, "a\\x00\\x0a\\x7f")]
    [InlineData(new byte[] { 0xFF, 0xFE }, "\\xff\\xfe")]
    [InlineData(new byte[] { 0xC2, 0x85 }, "\u0085")]                 // valid UTF-8 without C0 control: as is
    [InlineData(new byte[] { 0xC3, 0xA9, (byte)'\n' }, "\\xc3\\xa9\\x0a")] // one bad byte escapes the whole key
    [InlineData(new byte[] { 0xC3, 0xA9, (byte)'\\' }, "\\xc3\\xa9\\\\")]
    [InlineData(new byte[] { (byte)'k', 0xE2, 0x82 }, "k\\xe2\\x82")] // cut in the middle of a character
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "\\xed\\xa0\\x80")]  // encoded surrogate: not valid UTF-8
    [InlineData(new byte[] { (byte)'\\', (byte)'x', (byte)'4', (byte)'1' }, "\\\\x41")]
    [InlineData(new byte[0], "")]
    public void Escape_Cases(byte[] key, string expected)
    {
        Assert.Equal(expected, KeyText.ToText(key, key.Length));
        var back = KeyText.Unescape(expected, out bool truncated);
        Assert.Equal(key, back);
        Assert.False(truncated);
    }

    [Fact]
    public void Escape_TruncatedKey_EndsWithMarker()
    {
        var prefix = "session:abc"u8.ToArray();
        string text = KeyText.ToText(prefix, 100_000);
        Assert.Equal("session:abc\\\u2026", text);
        Assert.Equal(prefix, KeyText.Unescape(text, out bool truncated));
        Assert.True(truncated);
    }

    [Fact]
    public void Escape_RoundTrips_RandomBytes()
    {
        var random = new Random(12345);
        for (int n = 0; n < 2000; n++)
        {
            var key = new byte[random.Next(0, 40)];
            random.NextBytes(key);
            string text = KeyText.ToText(key, key.Length);
            Assert.Equal(key, KeyText.Unescape(text, out _));
            Assert.DoesNotContain(text, c => c < 0x20 || c == 0x7F);
            Assert.True(Encoding.UTF8.GetByteCount(text) <= KeyText.MaxEscapedLength(key.Length));
        }
    }

    [Fact]
    public void Escape_LongKey_UsesPooledPath()
    {
        var key = Enumerable.Repeat((byte)0xFF, 1000).ToArray();
        string text = KeyText.ToText(key, key.Length);
        Assert.Equal(4000, text.Length);
        Assert.Equal(key, KeyText.Unescape(text, out _));
    }

    [Theory]
    [InlineData("a\\")]
    [InlineData("a\\q")]
    [InlineData("\\x4")]
    [InlineData("\\xzz")]
    [InlineData("\\\u2026tail")]
    public void Unescape_Rejects_Malformed(string text)
    {
        Assert.Throws<FormatException>(() => KeyText.Unescape(text, out _));
    }
}
