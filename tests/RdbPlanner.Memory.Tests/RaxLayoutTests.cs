using RdbPlanner.Memory.Layout;
using Xunit;

namespace RdbPlanner.Memory.Tests;

/// <summary>Rax node sizes worked out by hand from rax.c's layout (header 4 B, edge bytes, padding, pointers).</summary>
public class RaxLayoutTests
{
    private const AllocatorKind Q8 = AllocatorKind.JemallocQ8;
    private const AllocatorKind Q16 = AllocatorKind.JemallocQ16;

    [Theory]
    [InlineData(0, false, false, 8)]   // empty head
    [InlineData(0, false, true, 16)]   // key node with value pointer
    [InlineData(16, true, false, 32)]  // 16 bytes, no padding, one child
    [InlineData(3, false, false, 32)]  // 3 bytes + 1 padding + 3 children
    [InlineData(9, true, false, 24)]   // 9 bytes + 3 padding + one child
    public void NodeBytes_FollowsRaxLayout(int size, bool compressed, bool value, int expected) =>
        Assert.Equal(expected, RaxLayout.NodeBytes(size, compressed, value));

    [Fact]
    public void EmptyAndSingleKeyTrees()
    {
        Assert.Equal(8, RaxLayout.TreeBytes(0, 1_700_000_000_000, 0, 1, Q8));
        Assert.Equal(48, RaxLayout.TreeBytes(1, 1_700_000_000_000, 0, 1, Q8));
        Assert.Equal(48, RaxLayout.TreeBytes(1, 1_700_000_000_000, 0, 1, Q16));
    }

    [Fact]
    public void TwoKeysSplitAtTheirFirstDifferentByte()
    {
        // IDs 255-0 and 256-0 differ first in byte 6: compressed prefix (6 B) 24, branch of 2 24, then per key a
        // compressed 9-byte tail 24 and its key node 16.
        Assert.Equal(24 + 24 + 2 * (24 + 16), RaxLayout.TreeBytes(2, 256, 0, 1, Q8));
        Assert.Equal(32 + 32 + 2 * (32 + 16), RaxLayout.TreeBytes(2, 256, 0, 1, Q16));
    }

    [Fact]
    public void MatchesTheDebian70Measurement()
    {
        // 100 streams × 20 listpack nodes of 100 entries 1 ms apart on redis 7.0.15 (q16) used 807 B per stream more
        // than the former fitted 8 + 20 × 25.7 B; the walked tree should account for that growth within 1%.
        double measured = 8 + 20 * 25.7 + 806.96;
        double model = RaxLayout.TreeBytes(20, 1_700_000_002_000, 0, 100, Q16);
        Assert.InRange(model / measured, 0.99, 1.01);
    }

    [Fact]
    public void LargeTreesScaleFromABoundedWalk()
    {
        double walked = RaxLayout.TreeBytes(RaxLayout.SimulatedKeys, 1_700_000_000_000, 0, 25, Q8);
        Assert.Equal(walked * 1000, RaxLayout.TreeBytes(1000L * RaxLayout.SimulatedKeys, 1_700_000_000_000, 0, 25, Q8), 6);
        // Huge counts (an untrusted length) do not allocate or loop by the count.
        Assert.True(RaxLayout.TreeBytes(long.MaxValue / 1024, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, Q8) > 0);
    }

    [Fact]
    public void NameRaxes()
    {
        var one = default(NameRax);
        one.Add(7, Q8);
        Assert.Equal(24 + 16, one.Bytes(Q8)); // "workers": compressed 7 bytes + key node
        var two = one;
        two.Add(5, Q8);
        Assert.Equal(24 + (24 + 16) + (16 + 16), two.Bytes(Q8)); // branch of 2, tails of 6 and 4 bytes
        Assert.Equal(8, default(NameRax).Bytes(Q8));
    }
}
