using System.Diagnostics;
using System.Text;

namespace RdbPlanner.Reports.Tests;

/// <summary>Cases follow util.c stringmatchlen (redis 7.2.4), including its quirks.</summary>
public class RedisGlobTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("h?llo", "hello", true)]
    [InlineData("h?llo", "hllo", false)]
    [InlineData("h*llo", "hllo", true)]
    [InlineData("h*llo", "heeeello", true)]
    [InlineData("h*llo", "hello!", false)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[ae]llo", "hillo", false)]
    [InlineData("h[^e]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-b]llo", "hbllo", true)]
    [InlineData("h[b-a]llo", "hallo", true)]   // reversed range is swapped
    [InlineData("h[a-b]llo", "hcllo", false)]
    [InlineData("\\*", "*", true)]
    [InlineData("\\*", "a", false)]
    [InlineData("a\\", "a\\", true)]            // lone trailing backslash is literal
    [InlineData("[\\]]", "]", true)]
    [InlineData("[abc", "b", true)]             // an open set ends with the pattern
    [InlineData("[abc", "ab", false)]
    [InlineData("[a-]", "_", true)]             // range a..']' (swapped), set left open
    [InlineData("[a-]", "b", false)]
    [InlineData("[]", "a", false)]              // empty set matches nothing
    [InlineData("user:*:profile", "user:42:profile", true)]
    [InlineData("user:*:profile", "user:42:profiles", false)]
    [InlineData("*a*b", "xaxxbxb", true)]
    [InlineData("a**b", "ab", true)]
    [InlineData("?", "", false)]
    [InlineData("*?", "", false)]
    [InlineData("a*", "a", true)]
    public void IsMatch_Cases(string pattern, string key, bool expected)
    {
        Assert.Equal(expected, new RedisGlob(pattern).IsMatch(Encoding.UTF8.GetBytes(key)));
    }

    [Fact]
    public void IsMatch_BinaryBytes()
    {
        var glob = new RedisGlob([0xFF, (byte)'*']);
        Assert.True(glob.IsMatch([0xFF, 0x00, 0x01]));
        Assert.False(glob.IsMatch([0xFE]));
        // '?' is one byte, not one character: é is two bytes.
        Assert.False(new RedisGlob("?").IsMatch("é"u8));
        Assert.True(new RedisGlob("??").IsMatch("é"u8));
    }

    [Fact]
    public void IsMatch_RangesCompareAsSignedChar()
    {
        // [\x01-\xff] is 1..-1 as signed char, swapped to -1..1: only 0xff, 0x00 and 0x01.
        var glob = new RedisGlob([(byte)'[', 0x01, (byte)'-', 0xFF, (byte)']']);
        Assert.True(glob.IsMatch([0xFF]));
        Assert.True(glob.IsMatch([0x00]));
        Assert.True(glob.IsMatch([0x01]));
        Assert.False(glob.IsMatch("a"u8));
        Assert.False(glob.IsMatch([0x80]));
    }

    [Theory]
    [InlineData("session:*", "sess", true)]    // could still become session:...
    [InlineData("*:end", "abc", true)]
    [InlineData("x*", "abc", false)]
    [InlineData("ab", "abc", false)]           // the key is longer than the pattern allows
    public void IsMatch_TruncatedKey_KeepsPossibleMatches(string pattern, string prefix, bool expected)
    {
        Assert.Equal(expected, new RedisGlob(pattern).IsMatch(Encoding.UTF8.GetBytes(prefix), truncated: true));
    }

    [Fact]
    public void IsMatch_PathologicalPattern_IsFast()
    {
        var glob = new RedisGlob(string.Concat(Enumerable.Repeat("a*", 30)) + "b");
        var key = Enumerable.Repeat((byte)'a', 20_000).ToArray();
        var sw = Stopwatch.StartNew();
        Assert.False(glob.IsMatch(key));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }
}
