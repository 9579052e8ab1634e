using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RdbPlanner.Analysis;

/// <summary>
/// Copy and compare for key-sized spans (most keys are 10–60 bytes), inline: the runtime's <c>CopyTo</c> and
/// <c>SequenceEqual</c> call out of line for a length known only at run time, and those calls showed in the per-key
/// profile (key copies 1.0 %, prefix compares 1.2 % of the one-core native run). Up to 64 bytes (compares from 4 to 32),
/// overlapping loads (and stores) of 4, 8 or 16 bytes cover the span exactly; no access leaves either span. Longer spans, and
/// machines without vector hardware, take the runtime's methods, which are the reference the tests compare against.
/// </summary>
internal static class ShortSpans
{
    /// <summary>Copies <paramref name="source"/> to the start of <paramref name="destination"/> (at least as long; they must not overlap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = source.Length;
        if ((uint)n > (uint)destination.Length) ThrowTooShort();
        ref byte s = ref MemoryMarshal.GetReference(source);
        ref byte d = ref MemoryMarshal.GetReference(destination);
        if (n >= 16 && n <= 32 && Vector128.IsHardwareAccelerated)
        {
            var head = Vector128.LoadUnsafe(ref s);
            var tail = Vector128.LoadUnsafe(ref s, (nuint)(n - 16));
            head.StoreUnsafe(ref d);
            tail.StoreUnsafe(ref d, (nuint)(n - 16));
        }
        else if (n > 32 && n <= 64 && Vector128.IsHardwareAccelerated)
        {
            // 16-byte vectors, not 32: the native binary targets the portable x64 set, without 32-byte ones.
            var a = Vector128.LoadUnsafe(ref s);
            var b = Vector128.LoadUnsafe(ref s, 16);
            var c = Vector128.LoadUnsafe(ref s, (nuint)(n - 32));
            var e = Vector128.LoadUnsafe(ref s, (nuint)(n - 16));
            a.StoreUnsafe(ref d);
            b.StoreUnsafe(ref d, 16);
            c.StoreUnsafe(ref d, (nuint)(n - 32));
            e.StoreUnsafe(ref d, (nuint)(n - 16));
        }
        else if (n >= 8 && n < 16)
        {
            ulong head = Unsafe.ReadUnaligned<ulong>(ref s);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, n - 8));
            Unsafe.WriteUnaligned(ref d, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, n - 8), tail);
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    /// <summary>Whether the two spans hold the same bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = a.Length;
        if (n != b.Length) return false;
        ref byte x = ref MemoryMarshal.GetReference(a);
        ref byte y = ref MemoryMarshal.GetReference(b);
        if (n >= 8 && n <= 16)
        {
            ulong head = Unsafe.ReadUnaligned<ulong>(ref x) ^ Unsafe.ReadUnaligned<ulong>(ref y);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, n - 8)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, n - 8));
            return (head | tail) == 0;
        }
        if (n > 16 && n <= 32 && Vector128.IsHardwareAccelerated)
        {
            var head = Vector128.LoadUnsafe(ref x) ^ Vector128.LoadUnsafe(ref y);
            var tail = Vector128.LoadUnsafe(ref x, (nuint)(n - 16)) ^ Vector128.LoadUnsafe(ref y, (nuint)(n - 16));
            return (head | tail) == Vector128<byte>.Zero;
        }
        if (n >= 4 && n < 8)
        {
            // First-level prefixes ("user", "session") are this short.
            uint head = Unsafe.ReadUnaligned<uint>(ref x) ^ Unsafe.ReadUnaligned<uint>(ref y);
            uint tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, n - 4)) ^ Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref y, n - 4));
            return (head | tail) == 0;
        }
        return a.SequenceEqual(b);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooShort() => throw new ArgumentException("destination is shorter than source");
}
