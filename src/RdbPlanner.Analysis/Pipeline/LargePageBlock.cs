using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RdbPlanner.Analysis;

/// <summary>
/// Memory that Linux is asked to back with transparent huge pages (madvise MADV_HUGEPAGE; the usual THP setting,
/// "madvise", grants them only on request): unmanaged blocks, each its own anonymous mapping, for the aggregation pipe's
/// batches; pinned arrays with an aligned window (<see cref="PinnedArrayWithWindow"/>) for the read-ahead chunks.
/// Why: on the project's VM the first touch of a 4 KiB page costs about 14 µs, and a pipelined run touched 3,250 new
/// pages of batches, all on the parsing thread (bench/results/amd-epyc/summary.md, tenth session); a 2 MiB page takes
/// one fault. Elsewhere, or when the kernel declines, it is ordinary zeroed memory. Freed by <see cref="Dispose"/>, or
/// by the finalizer if an owner never got that far.
/// </summary>
internal sealed unsafe class LargePageBlock : IDisposable
{
    private const nuint HugePage = 2 << 20;
    // Linux x86-64 and arm64 values (asm-generic/mman-common.h, mman.h).
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20, MadvHugepage = 14;

    private byte* _mapping;      // what mmap returned (null: NativeMemory)
    private nuint _mappingBytes;
    private byte* _start;

    private LargePageBlock(byte* start, nuint length, byte* mapping, nuint mappingBytes)
    {
        _start = start;
        Length = length;
        _mapping = mapping;
        _mappingBytes = mappingBytes;
    }

    /// <summary>Start of the block: 2 MiB-aligned when mapped, else as NativeMemory aligns it (at least 16 bytes).</summary>
    public byte* Start => _start != null ? _start : throw new ObjectDisposedException(nameof(LargePageBlock));

    public nuint Length { get; }

    /// <summary>True when the block is a mapping the kernel was asked to back with huge pages.</summary>
    public bool AskedForHugePages => _mapping != null;

    /// <summary>A zeroed block of at least <paramref name="length"/> bytes.</summary>
    public static LargePageBlock Allocate(nuint length)
    {
        ArgumentOutOfRangeException.ThrowIfZero(length);
        if (OperatingSystem.IsLinux() && TryMap(length, out var block)) return block!;
        return new LargePageBlock((byte*)NativeMemory.AllocZeroed(length), length, null, 0);
    }

    private static bool TryMap(nuint length, out LargePageBlock? block)
    {
        block = null;
        // Whole huge pages, plus one for aligning the start (mmap aligns to 4 KiB only).
        nuint rounded = AlignUp(length);
        nuint mappingBytes = rounded + HugePage;
        try
        {
            void* mapping = Mmap(null, mappingBytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            if (mapping == (void*)-1) return false;
            byte* start = (byte*)AlignUp((nuint)mapping);
            AdviseHugePages(start, rounded);
            block = new LargePageBlock(start, length, (byte*)mapping, mappingBytes);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// A pinned managed array holding a 2 MiB-aligned window of <paramref name="windowBytes"/> at
    /// <paramref name="windowStart"/>, advised for huge pages like a block (for buffers that must be arrays). The window's
    /// bytes are not zeroed; the rest of the array is slack.
    /// </summary>
    public static byte[] PinnedArrayWithWindow(int windowBytes, out int windowStart)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowBytes);
        nuint rounded = AlignUp((nuint)windowBytes);
        var array = GC.AllocateUninitializedArray<byte>(checked((int)(rounded + HugePage)), pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        nuint aligned = AlignUp(address);
        windowStart = (int)(aligned - address);
        // Only pages not touched yet become huge ones; any the runtime touched stay small.
        if (OperatingSystem.IsLinux()) AdviseHugePages((void*)aligned, rounded);
        return array;
    }

    private static nuint AlignUp(nuint value) => (value + HugePage - 1) & ~(HugePage - 1);

    /// <summary>A refusal (THP disabled, no libc) leaves ordinary pages: still correct, just the slower faults.</summary>
    private static void AdviseHugePages(void* start, nuint length)
    {
        try
        {
            _ = Madvise(start, length, MadvHugepage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~LargePageBlock() => Free();

    private void Free()
    {
        if (_start == null) return;
        if (_mapping != null) _ = Munmap(_mapping, _mappingBytes);
        else NativeMemory.Free(_start);
        _start = null;
        _mapping = null;
    }

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(void* address, nuint length, int advice);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int Munmap(void* address, nuint length);
}
