using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Vec = System.Runtime.Intrinsics.Vector256<byte>;
using VecOps = System.Runtime.Intrinsics.Vector256;

namespace RdbPlanner.Rdb;

/// <summary>The <see cref="ByteScanVector128"/> algorithm on 32-byte vectors (AVX2).</summary>
internal sealed class ByteScanVector256 : IByteScanKernel
{
    public static readonly ByteScanVector256 Instance = new();

    private const int Width = 32;

    private ByteScanVector256() { }

    public string Name => nameof(ByteScanVector256);

    public bool IsHardwareAccelerated => VecOps.IsHardwareAccelerated;

    public int IndexOf(ReadOnlySpan<byte> data, byte value) => IndexOfCore(data, value);

    public bool TryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length) => TryFindHashTagCore(key, out start, out length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int IndexOfCore(ReadOnlySpan<byte> data, byte value)
    {
        if (data.Length < Width)
        {
            return ByteScanVector128.IndexOfCore(data, value);
        }
        ref byte p = ref MemoryMarshal.GetReference(data);
        Vec wanted = VecOps.Create(value);
        nuint last = (nuint)(data.Length - Width);
        for (nuint i = 0; ; i += Width)
        {
            if (i > last)
            {
                i = last; // bytes scanned twice held no match, or we would have returned
            }
            ulong mask = VecOps.Equals(VecOps.LoadUnsafe(ref p, i), wanted).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return (int)i + BitOperations.TrailingZeroCount(mask);
            }
            if (i == last)
            {
                return -1;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryFindHashTagCore(ReadOnlySpan<byte> key, out int start, out int length)
    {
        if (key.Length < Width)
        {
            return ByteScanVector128.TryFindHashTagCore(key, out start, out length);
        }
        ref byte p = ref MemoryMarshal.GetReference(key);
        Vec openByte = VecOps.Create((byte)'{');
        Vec closeByte = VecOps.Create((byte)'}');
        nuint last = (nuint)(key.Length - Width);
        nint open = -1;
        for (nuint i = 0; ; i += Width)
        {
            if (i > last)
            {
                i = last;
            }
            Vec block = VecOps.LoadUnsafe(ref p, i);
            if (open < 0)
            {
                ulong opens = VecOps.Equals(block, openByte).ExtractMostSignificantBits();
                if (opens != 0)
                {
                    open = (nint)i + BitOperations.TrailingZeroCount(opens);
                }
            }
            if (open >= 0)
            {
                ulong closes = VecOps.Equals(block, closeByte).ExtractMostSignificantBits();
                // Only a '}' after the '{' counts; this also drops bytes an overlapping last block scans twice.
                nint skip = open - (nint)i;
                if (skip >= 0)
                {
                    closes &= ~0UL << (int)skip << 1;
                }
                if (closes != 0)
                {
                    return ByteScanKernels.Tag((int)open, (int)i + BitOperations.TrailingZeroCount(closes), key.Length, out start, out length);
                }
            }
            if (i == last)
            {
                start = length = 0;
                return false;
            }
        }
    }
}
