using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RdbPlanner.Analysis;

/// <summary>
/// Where a byte occurs among a key's first 64 bytes, as a bit mask (bit i: <c>key[i] == value</c>), so the prefix sketch
/// finds every delimiter of a short key in one pass instead of one search per depth. No load leaves the span: each path
/// covers the bytes with overlapping loads, the last one ending at the key's end (or at byte 64). 32-byte vectors from 32
/// bytes, 16-byte vectors from 16, 8-byte words from 8, a loop below; <see cref="Scalar"/> is the reference they are
/// tested against. Each path finds two bytes at once (<see cref="Of(ReadOnlySpan{byte}, byte, byte, out ulong)"/>).
/// </summary>
internal static class DelimiterMask
{
    public const int Span = 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ReadOnlySpan<byte> key, byte value) => Of(key, value, value, out _);

    /// <summary>
    /// The masks of two bytes in one pass: each load serves both (the aggregates want '{' for the slot and the prefix
    /// delimiter for every key; two passes cost 2.4 % of the aggregating thread's samples).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ReadOnlySpan<byte> key, byte first, byte second, out ulong secondMask)
    {
        int n = key.Length;
        if (n >= 32 && Vector256.IsHardwareAccelerated) return Vector256Mask(key, first, second, out secondMask);
        if (n >= 16 && Vector128.IsHardwareAccelerated) return Vector128Mask(key, first, second, out secondMask);
        if (n >= 8) return WordMask(key, first, second, out secondMask);
        secondMask = Scalar(key, second);
        return Scalar(key, first);
    }

    /// <summary>The reference: one byte at a time.</summary>
    public static ulong Scalar(ReadOnlySpan<byte> key, byte value)
    {
        ulong mask = 0;
        int limit = Math.Min(key.Length, Span);
        for (int i = 0; i < limit; i++)
        {
            if (key[i] == value) mask |= 1UL << i;
        }
        return mask;
    }

    /// <summary>Keys of at least 32 bytes: two 32-byte loads.</summary>
    internal static ulong Vector256Mask(ReadOnlySpan<byte> key, byte first, byte second, out ulong secondMask)
    {
        ref byte p = ref MemoryMarshal.GetReference(key);
        var a = Vector256.Create(first);
        var b = Vector256.Create(second);
        int at = Math.Min(key.Length, Span) - 32;
        var low = Vector256.LoadUnsafe(ref p);
        var high = Vector256.LoadUnsafe(ref p, (nuint)at);
        secondMask = Vector256.Equals(low, b).ExtractMostSignificantBits() | (ulong)Vector256.Equals(high, b).ExtractMostSignificantBits() << at;
        return Vector256.Equals(low, a).ExtractMostSignificantBits() | (ulong)Vector256.Equals(high, a).ExtractMostSignificantBits() << at;
    }

    /// <summary>Keys of at least 16 bytes: 16-byte loads.</summary>
    internal static ulong Vector128Mask(ReadOnlySpan<byte> key, byte first, byte second, out ulong secondMask)
    {
        ref byte p = ref MemoryMarshal.GetReference(key);
        var a = Vector128.Create(first);
        var b = Vector128.Create(second);
        int last = Math.Min(key.Length, Span) - 16;
        ulong maskA = 0, maskB = 0;
        for (int at = 0; ; at += 16)
        {
            if (at > last) at = last;
            var bytes = Vector128.LoadUnsafe(ref p, (nuint)at);
            maskA |= (ulong)Vector128.Equals(bytes, a).ExtractMostSignificantBits() << at;
            maskB |= (ulong)Vector128.Equals(bytes, b).ExtractMostSignificantBits() << at;
            if (at == last) break;
        }
        secondMask = maskB;
        return maskA;
    }

    /// <summary>Keys of at least 8 bytes: 8-byte words (no vector hardware needed).</summary>
    internal static ulong WordMask(ReadOnlySpan<byte> key, byte first, byte second, out ulong secondMask)
    {
        int last = Math.Min(key.Length, Span) - 8;
        ulong patternA = first * 0x0101010101010101UL, patternB = second * 0x0101010101010101UL;
        ulong maskA = 0, maskB = 0;
        for (int at = 0; ; at += 8)
        {
            if (at > last) at = last;
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(key[at..]);
            maskA |= Bytes(word ^ patternA) << at;
            maskB |= Bytes(word ^ patternB) << at;
            if (at == last) break;
        }
        secondMask = maskB;
        return maskA;
    }

    /// <summary>
    /// Bit i set when byte i of the little-endian word is zero: an exact zero-byte test (no borrow runs into the next
    /// byte), then the eight high bits gathered by one multiplication (each lands on its own bit 56+i, without carries).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bytes(ulong x)
    {
        const ulong Low7 = 0x7F7F7F7F7F7F7F7FUL;
        ulong zero = ~(((x & Low7) + Low7) | x) & ~Low7; // 0x80 in each zero byte
        return (zero >> 7) * 0x0102040810204080UL >> 56;
    }
}
