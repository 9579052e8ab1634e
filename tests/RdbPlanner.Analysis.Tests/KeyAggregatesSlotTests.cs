using RdbPlanner.Rdb;

namespace RdbPlanner.Analysis.Tests;

/// <summary>The aggregates' slot short cut (no '{' in a short key) must give <see cref="RedisSlot.Of"/>'s slot for every key.</summary>
public sealed class KeyAggregatesSlotTests
{
    [Fact]
    public void SlotOf_EqualsRedisSlot_ForKeysWithAndWithoutHashTags()
    {
        var rng = new Random(20261128);
        var buffer = new byte[160];
        int tagged = 0;
        for (int round = 0; round < 40_000; round++)
        {
            int length = rng.Next(0, 100);
            for (int i = 0; i < length; i++) buffer[i] = (byte)rng.Next('a', 'z' + 1);
            // Braces at random places, or none: before, at and after byte 64, empty tags, a '}' alone.
            int braces = rng.Next(4);
            for (int b = 0; b < braces && length > 0; b++) buffer[rng.Next(length)] = rng.Next(2) == 0 ? (byte)'{' : (byte)'}';
            var key = buffer.AsSpan(0, length);
            if (RedisSlot.Of(key) != (RedisSlot.Crc16(key) & (RedisSlot.Count - 1))) tagged++;
            Assert.Equal(RedisSlot.Of(key), KeyAggregates.SlotOf(key));
        }
        Assert.True(tagged > 3_000, $"only {tagged} keys had a hash tag that changed their slot");
        Assert.Equal(RedisSlot.Of("{user1000}.following"u8), KeyAggregates.SlotOf("{user1000}.following"u8));
        Assert.Equal(RedisSlot.Crc16("user1000"u8) & (RedisSlot.Count - 1), KeyAggregates.SlotOf("{user1000}.following"u8));
    }
}
