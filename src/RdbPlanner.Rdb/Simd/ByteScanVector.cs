using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RdbPlanner.Rdb;

/// <summary>
/// Compare a whole vector against the wanted byte(s), move the lanes' top bits to a mask, take trailing zeros. The last block
/// is one overlapping load ending at the last byte instead of a scalar remainder loop (as Utf8JsonReader's helpers do); bytes it
/// scans twice are masked off where they could give a wrong answer. Inputs shorter than a vector go to the next narrower kernel.
/// One algorithm for every width: <typeparamref name="TVec"/> is a struct, so each width is compiled on its own with its
/// vector operations inlined, as the three hand-copied classes this replaced were.
/// </summary>
internal sealed class ByteScanVector<TVec> : IByteScanKernel
    where TVec : struct, IByteVector<TVec>
{
    public static readonly ByteScanVector<TVec> Instance = new();

    private ByteScanVector() { }

    public string Name => TVec.KernelName;

    public bool IsHardwareAccelerated => TVec.IsHardwareAccelerated;

    public int IndexOf(ReadOnlySpan<byte> data, byte value) => IndexOfCore(data, value);

    public bool TryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length) => TryFindHashTagCore(key, out start, out length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int IndexOfCore(ReadOnlySpan<byte> data, byte value)
    {
        if (data.Length < TVec.Width)
        {
            return TVec.NarrowerIndexOf(data, value);
        }
        ref byte p = ref MemoryMarshal.GetReference(data);
        var wanted = TVec.Broadcast(value);
        nuint last = (nuint)(data.Length - TVec.Width);
        for (nuint i = 0; ; i += (nuint)TVec.Width)
        {
            if (i > last)
            {
                i = last; // bytes scanned twice held no match, or we would have returned
            }
            ulong mask = TVec.Matches(TVec.Load(ref p, i), wanted);
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
        if (key.Length < TVec.Width)
        {
            return TVec.NarrowerTryFindHashTag(key, out start, out length);
        }
        ref byte p = ref MemoryMarshal.GetReference(key);
        var openByte = TVec.Broadcast((byte)'{');
        var closeByte = TVec.Broadcast((byte)'}');
        nuint last = (nuint)(key.Length - TVec.Width);
        nint open = -1;
        for (nuint i = 0; ; i += (nuint)TVec.Width)
        {
            if (i > last)
            {
                i = last;
            }
            var block = TVec.Load(ref p, i);
            if (open < 0)
            {
                ulong opens = TVec.Matches(block, openByte);
                if (opens != 0)
                {
                    open = (nint)i + BitOperations.TrailingZeroCount(opens);
                }
            }
            if (open >= 0)
            {
                ulong closes = TVec.Matches(block, closeByte);
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
