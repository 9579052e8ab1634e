using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector128<ulong>;

namespace RdbPlanner.Rdb;

/// <summary>
/// CRC-64 Jones by carry-less multiplication folding (the method of Gopal et al., "Fast CRC Computation for Generic Polynomials
/// Using PCLMULQDQ Instruction", Intel 2009), on 128-bit registers with four independent accumulators (64 bytes per step).
/// </summary>
/// <remarks>
/// Reflected bit order: in a 128-bit register loaded from 16 message bytes, bit i is the coefficient of x^(127-i), so the low
/// qword H is the high-degree half: X = H·x^64 + L. Moving X forward by T bits needs X·x^T mod P = H·(x^(T+64) mod P) + L·(x^T mod P).
/// A carry-less product of two reflected qwords lands one bit short of the register's x^(127-i) frame (it represents the product
/// divided by x), so each constant carries one power less: kLo = reflect64(x^(T+63) mod P), kHi = reflect64(x^(T-1) mod P).
/// P = x^64 + 0xad93d23594c935a9 (crc64.c, redis 7.2.4). Crc64FoldConstantsTests recomputes every constant below from P.
/// Once folded to one register X ≡ message (mod P), CRC = X·x^64 mod P, which is the table CRC of X's 16 bytes with init 0.
/// </remarks>
internal sealed class Crc64PclmulFold : ICrc64Kernel
{
    public static readonly Crc64PclmulFold Instance = new();

    // T = 512: one step of each of the four accumulators.
    internal const ulong K512Lo = 0xaf86efb16d9ab4fbUL; // reflect64(x^575 mod P)
    internal const ulong K512Hi = 0xf49784a634f014e4UL; // reflect64(x^511 mod P)

    // T = 128: folding one register onto the next 16 bytes.
    internal const ulong K128Lo = 0xd9d7be7d505da32cUL; // reflect64(x^191 mod P)
    internal const ulong K128Hi = 0x381d0015c96f4444UL; // reflect64(x^127 mod P)

    // Below this the setup and the final reduction cost more than slice-by-8 saves (measured: Crc64Bench, 64-byte input).
    internal const int MinFoldLength = 64;

    private Crc64PclmulFold() { }

    public static bool IsSupported => Pclmulqdq.IsSupported;

    public string Name => nameof(Crc64PclmulFold);

    public bool IsHardwareAccelerated => true;

    public ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        if (data.Length < MinFoldLength || !Pclmulqdq.IsSupported)
        {
            return Crc64Table8.UpdateCore(crc, data);
        }
        return UpdateFold(crc, data);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong UpdateFold(ulong crc, ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;

        // The running CRC is the first 64 bits of a reflected message: XOR it into the first block's high-degree half.
        Vec x0 = Load(ref p, 0) ^ Vector128.CreateScalar(crc);
        Vec x1 = Load(ref p, 16);
        Vec x2 = Load(ref p, 32);
        Vec x3 = Load(ref p, 48);
        nuint i = 64;

        Vec k512 = Vector128.Create(K512Lo, K512Hi);
        for (; length - i >= 64; i += 64)
        {
            x0 = Fold(x0, k512) ^ Load(ref p, i);
            x1 = Fold(x1, k512) ^ Load(ref p, i + 16);
            x2 = Fold(x2, k512) ^ Load(ref p, i + 32);
            x3 = Fold(x3, k512) ^ Load(ref p, i + 48);
        }

        // Four accumulators hold consecutive 16-byte positions: fold each into the next, then continue 16 bytes at a time.
        Vec k128 = Vector128.Create(K128Lo, K128Hi);
        x0 = Fold(x0, k128) ^ x1;
        x0 = Fold(x0, k128) ^ x2;
        x0 = Fold(x0, k128) ^ x3;
        return Finish(x0, data, i);
    }

    /// <summary>Folds the remaining whole 16-byte blocks from <paramref name="i"/> into <paramref name="x0"/>, reduces, and runs the tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong Finish(Vec x0, ReadOnlySpan<byte> data, nuint i)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        Vec k128 = Vector128.Create(K128Lo, K128Hi);
        for (; length - i >= 16; i += 16)
        {
            x0 = Fold(x0, k128) ^ Load(ref p, i);
        }

        // Table reduction: x0 is congruent to everything consumed, so its 16 bytes have the same CRC (init 0).
        Span<byte> folded = stackalloc byte[16];
        x0.AsByte().StoreUnsafe(ref MemoryMarshal.GetReference(folded));
        ulong crc = Crc64Table8.UpdateCore(0, folded);
        return Crc64Table8.UpdateCore(crc, data[(int)i..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vec Load(ref byte p, nuint offset) => Vector128.LoadUnsafe(ref p, offset).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vec Fold(Vec x, Vec k) => Pclmulqdq.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, k, 0x11);
}
