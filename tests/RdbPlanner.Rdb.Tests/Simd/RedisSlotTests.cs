using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class RedisSlotTests
{
    public static TheoryData<string> Kernels => [.. Crc16Kernels.Available.Select(k => k.Name)];

    /// <summary>CRC16-XMODEM bit by bit from the definition (poly 0x1021, init 0, not reflected).</summary>
    private static int Crc16Bitwise(ReadOnlySpan<byte> data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            crc ^= b << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Crc16Kernel_EqualsBitwise_EveryLengthAndOffset(string name)
    {
        var kernel = Crc16Kernels.Get(name);
        // crc16.c's documented check value: "123456789" -> 0x31c3.
        Assert.Equal(0x31C3, kernel.Compute("123456789"u8));
        byte[] buffer = SimdTestData.RandomBytes(SimdTestData.MaxOffset + SimdTestData.MaxLength, seed: 1021);
        for (int offset = 0; offset <= SimdTestData.MaxOffset; offset++)
        {
            for (int length = 0; length <= SimdTestData.MaxLength; length++)
            {
                var data = buffer.AsSpan(offset, length);
                Assert.True(Crc16Bitwise(data) == kernel.Compute(data), $"{name} offset {offset} length {length}");
            }
        }
    }

    [Theory]
    // Slots as redis-cli CLUSTER KEYSLOT reports them (cluster spec examples and hash-tag rules).
    [InlineData("foo", 12182)]
    [InlineData("bar", 5061)]
    [InlineData("{user1000}.following", 3443)]
    [InlineData("{user1000}.followers", 3443)]
    [InlineData("user1000", 3443)]
    [InlineData("foo{}{bar}", 8363)]
    [InlineData("foo{{bar}}zap", 4015)]
    [InlineData("foo{bar}{zap}", 5061)]
    [InlineData("", 0)]
    public void Of_KnownSlots(string key, int slot)
    {
        Assert.Equal(slot, RedisSlot.Of(System.Text.Encoding.ASCII.GetBytes(key)));
    }

    [Fact]
    public void Of_AgreesWithReferenceOnRandomKeys()
    {
        var random = new Random(16384);
        ReadOnlySpan<byte> alphabet = "{}:abcdefgh0123456789"u8;
        var key = new byte[200];
        for (int trial = 0; trial < 20000; trial++)
        {
            var span = key.AsSpan(0, random.Next(key.Length));
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[random.Next(alphabet.Length)];
            }
            var tag = ByteScanReference.HashTag(span);
            var hashed = tag is { } t ? span.Slice(t.Start, t.Length) : span;
            Assert.Equal(Crc16Bitwise(hashed) & 16383, RedisSlot.Of(span));
        }
    }

    [Theory]
    [InlineData("foo{}{bar}")]
    [InlineData("foo{{bar}}zap")]
    [InlineData("{user1000}.following")]
    [InlineData("{")]
    [InlineData("}{")]
    [InlineData("")]
    public void Builder_FedAnyWay_GivesTheSlotOfTheWholeKey_KnownKeys(string text)
    {
        var key = System.Text.Encoding.ASCII.GetBytes(text);
        for (int cut = 0; cut <= key.Length; cut++)
        {
            var builder = new RedisSlot.Builder();
            builder.Append(key.AsSpan(0, cut));
            builder.Append(key.AsSpan(cut));
            Assert.Equal(RedisSlot.Of(key), builder.Slot);
        }
    }

    [Fact]
    public void Builder_AgreesWithOf_OnRandomKeysInRandomPieces()
    {
        // The streaming rule (for keys longer than the reader passes whole) against the one-span kernel path.
        var random = new Random(4096);
        ReadOnlySpan<byte> alphabet = "{}{}:ab01"u8;
        var key = new byte[3000];
        for (int trial = 0; trial < 3000; trial++)
        {
            var span = key.AsSpan(0, random.Next(key.Length));
            for (int i = 0; i < span.Length; i++) span[i] = alphabet[random.Next(alphabet.Length)];
            var builder = new RedisSlot.Builder();
            for (int at = 0; at < span.Length;)
            {
                int n = Math.Min(span.Length - at, random.Next(0, 300));
                builder.Append(span.Slice(at, n));
                at += n;
            }
            Assert.Equal(RedisSlot.Of(span), builder.Slot);
        }
    }
}
