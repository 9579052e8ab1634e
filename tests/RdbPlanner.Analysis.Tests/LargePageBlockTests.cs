using System.Runtime.CompilerServices;

namespace RdbPlanner.Analysis.Tests;

public sealed unsafe class LargePageBlockTests
{
    private const nuint HugePage = 2 << 20;

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(2 << 20)]
    [InlineData((3 << 20) + 17)]
    public void A_block_is_zeroed_writable_and_on_Linux_a_huge_page_aligned_mapping(int length)
    {
        using var block = LargePageBlock.Allocate((nuint)length);
        Assert.Equal((nuint)length, block.Length);
        var bytes = new Span<byte>(block.Start, length);
        Assert.True(bytes.IndexOfAnyExcept((byte)0) < 0);
        bytes.Fill(0xA5);
        Assert.True(bytes.IndexOfAnyExcept((byte)0xA5) < 0);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(block.AskedForHugePages);
            Assert.Equal((nuint)0, (nuint)block.Start % HugePage);
        }
    }

    [Fact]
    public void A_disposed_block_refuses_access_and_disposes_again_quietly()
    {
        var block = LargePageBlock.Allocate(100);
        block.Dispose();
        Assert.Throws<ObjectDisposedException>(() => (nuint)block.Start);
        block.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ReadAheadStream.Headroom + ReadAheadStream.ChunkBytes + 64)]
    [InlineData((2 << 20) + 1)]
    public void A_pinned_array_holds_an_aligned_window_of_the_asked_size(int window)
    {
        var array = LargePageBlock.PinnedArrayWithWindow(window, out int start);
        Assert.InRange(start, 0, array.Length - window);
        nuint address = (nuint)Unsafe.AsPointer(ref array[start]);
        Assert.Equal((nuint)0, address % HugePage);
        // Pinned: the address must not move across a compacting collection.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Assert.Equal(address, (nuint)Unsafe.AsPointer(ref array[start]));
        array.AsSpan(start, window).Fill(7);
        Assert.Equal(7, array[start + window - 1]);
    }
}
