using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector512<ulong>;

namespace RdbPlanner.Rdb;

/// <summary>
/// <see cref="Crc64PclmulFold"/>'s folding on 512-bit registers (VPCLMULQDQ + AVX-512): each register is four 128-bit lanes at
/// consecutive 16-byte positions and the carry-less multiply works per lane, so the same per-lane constants apply, only the
/// distances change: four accumulators move 256 bytes per step (T = 2048), one accumulator 64 bytes (T = 512), and the last
/// four lanes fold onto the fourth by T = 384, 256 and 128. Crc64FoldConstantsTests recomputes every constant.
/// </summary>
internal sealed class Crc64VpclmulFold512 : ICrc64Kernel
{
    public static readonly Crc64VpclmulFold512 Instance = new();

    internal const ulong K2048Lo = 0x9a8908341a6d6d52UL; // reflect64(x^2111 mod P)
    internal const ulong K2048Hi = 0x9471a5389095fe44UL; // reflect64(x^2047 mod P)
    internal const ulong K384Lo = 0xa062b2319d66692fUL; // reflect64(x^447 mod P)
    internal const ulong K384Hi = 0x7b3211a760160db8UL; // reflect64(x^383 mod P)
    internal const ulong K256Lo = 0x6ba4d760ab38201eUL; // reflect64(x^319 mod P)
    internal const ulong K256Hi = 0xef3d1d18ed889ed2UL; // reflect64(x^255 mod P)

    // Four 64-byte accumulators need 256 bytes; shorter inputs go to the 128-bit kernel.
    internal const int MinFoldLength = 256;

    private Crc64VpclmulFold512() { }

    public static bool IsSupported => Pclmulqdq.V512.IsSupported && Avx512F.IsSupported;

    public string Name => nameof(Crc64VpclmulFold512);

    public bool IsHardwareAccelerated => true;

    public ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        if (data.Length < MinFoldLength || !IsSupported)
        {
            return Crc64PclmulFold.Instance.Update(crc, data);
        }
        return UpdateFold(crc, data);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong UpdateFold(ulong crc, ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;

        Vec x0 = Load(ref p, 0) ^ Vector512.CreateScalar(crc);
        Vec x1 = Load(ref p, 64);
        Vec x2 = Load(ref p, 128);
        Vec x3 = Load(ref p, 192);
        nuint i = 256;

        Vec k2048 = Vector512.Create(Vector128.Create(K2048Lo, K2048Hi));
        for (; length - i >= 256; i += 256)
        {
            x0 = Fold(x0, k2048) ^ Load(ref p, i);
            x1 = Fold(x1, k2048) ^ Load(ref p, i + 64);
            x2 = Fold(x2, k2048) ^ Load(ref p, i + 128);
            x3 = Fold(x3, k2048) ^ Load(ref p, i + 192);
        }

        Vec k512 = Vector512.Create(Vector128.Create(Crc64PclmulFold.K512Lo, Crc64PclmulFold.K512Hi));
        x0 = Fold(x0, k512) ^ x1;
        x0 = Fold(x0, k512) ^ x2;
        x0 = Fold(x0, k512) ^ x3;
        for (; length - i >= 64; i += 64)
        {
            x0 = Fold(x0, k512) ^ Load(ref p, i);
        }

        // Lane 0 is the oldest 16 bytes: it moves 48 bytes forward, lane 1 32, lane 2 16, onto lane 3.
        Vector128<ulong> folded =
            Crc64PclmulFold.Fold(x0.GetLower().GetLower(), Vector128.Create(K384Lo, K384Hi))
            ^ Crc64PclmulFold.Fold(x0.GetLower().GetUpper(), Vector128.Create(K256Lo, K256Hi))
            ^ Crc64PclmulFold.Fold(x0.GetUpper().GetLower(), Vector128.Create(Crc64PclmulFold.K128Lo, Crc64PclmulFold.K128Hi))
            ^ x0.GetUpper().GetUpper();
        return Crc64PclmulFold.Finish(folded, data, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vec Load(ref byte p, nuint offset) => Vector512.LoadUnsafe(ref p, offset).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vec Fold(Vec x, Vec k) => Pclmulqdq.V512.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(x, k, 0x11);
}
