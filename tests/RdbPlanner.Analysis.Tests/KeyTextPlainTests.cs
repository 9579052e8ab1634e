namespace RdbPlanner.Analysis.Tests;

/// <summary>The vectorised plain-key test must agree with its byte loop at every length and alignment.</summary>
public sealed class KeyTextPlainTests
{
    [Fact]
    public void IsPlain_MatchesTheScalarReference_OnRandomKeys()
    {
        var rng = new Random(20261128);
        var buffer = new byte[200];
        int plain = 0, escaped = 0;
        for (int round = 0; round < 20_000; round++)
        {
            // Mostly printable ASCII, so both answers occur; now and then a control, DEL, backslash or high byte.
            for (int i = 0; i < buffer.Length; i++)
            {
                int pick = rng.Next(400);
                buffer[i] = pick switch
                {
                    0 => (byte)rng.Next(0x20),
                    1 => 0x7F,
                    2 => (byte)'\\',
                    < 6 => (byte)rng.Next(0x80, 0x100),
                    _ => (byte)rng.Next(0x20, 0x7F),
                };
            }
            int start = rng.Next(64);
            int length = rng.Next(buffer.Length - start + 1);
            var key = buffer.AsSpan(start, length);
            bool expected = KeyText.IsPlainScalar(key);
            Assert.True(expected == KeyText.IsPlain(key), $"round {round}: start {start}, length {length}");
            if (expected) plain++;
            else escaped++;
        }
        Assert.True(plain > 1000 && escaped > 1000, $"{plain} plain, {escaped} escaped");
    }

    [Theory]
    [InlineData(new byte[] { 0x1F }, false)]
    [InlineData(new byte[] { 0x20 }, true)]
    [InlineData(new byte[] { 0x7E }, true)]
    [InlineData(new byte[] { 0x7F }, false)]
    [InlineData(new byte[] { (byte)'\\' }, false)]
    [InlineData(new byte[] { 0xC3, 0xA9 }, true)]
    [InlineData(new byte[] { 0xC3 }, false)]
    public void IsPlain_Boundaries(byte[] key, bool expected) => Assert.Equal(expected, KeyText.IsPlain(key));
}
