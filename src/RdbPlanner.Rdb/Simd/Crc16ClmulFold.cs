using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RdbPlanner.Rdb;

/// <summary>
/// CRC16-XMODEM by carry-less multiplication: the message folded 16 bytes at a time into one 128-bit register, then reduced
/// to 16 bits by a Barrett step (the method of Gopal et al., "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ
/// Instruction", Intel 2009, for a non-reflected 16-bit polynomial). Keys shorter than 16 bytes go to
/// <see cref="Crc16Table8"/>, whose one or two steps are as quick.
/// </summary>
/// <remarks>
/// Non-reflected order: 16 message bytes, byte-reversed into a register, are the 128-bit number whose most significant bit
/// is the first bit of the message, X = H·x^64 + L. With init 0, leading zero bytes change nothing, so the first
/// n mod 16 bytes stand alone, zero-extended. Folding onto the next 16 bytes B: X·x^128 + B ≡ H·(x^192 mod P) +
/// L·(x^128 mod P) + B, each product under 80 bits. At the end X ≡ message (mod P) is reduced below 64 bits with
/// x^64 mod P (twice: the first product still has 16 bits over), and CRC = S·x^16 mod P by Barrett: q = ⌊S·µ / x^64⌋
/// with µ = ⌊x^80 / P⌋ = x^64 + Mu, and CRC = (q·P) mod x^16 (S·x^16 has no low bits). P = x^16 + x^12 + x^5 + 1.
/// Crc16FoldConstantsTests recomputes every constant from P.
/// </remarks>
internal sealed class Crc16ClmulFold : ICrc16Kernel
{
    public static readonly Crc16ClmulFold Instance = new();

    internal const ulong K64 = 0xb861;    // x^64 mod P
    internal const ulong K128 = 0xaefc;   // x^128 mod P
    internal const ulong K192 = 0x650b;   // x^192 mod P
    internal const ulong Mu = 0x11303471a041b343UL; // ⌊x^80 / P⌋ - x^64
    internal const int MinFoldLength = 16;

    private Crc16ClmulFold() { }

    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    public string Name => nameof(Crc16ClmulFold);

    public int Compute(ReadOnlySpan<byte> data)
    {
        int n = data.Length;
        if (n < MinFoldLength || !IsSupported) return Crc16Table8.Instance.Compute(data);
        ref byte p = ref MemoryMarshal.GetReference(data);
        ref byte masks = ref MemoryMarshal.GetReference(LeadMasks);
        var reverse = Vector128.LoadUnsafe(ref masks, 16 * 16);
        // The first n mod 16 bytes (or a whole block), byte-reversed and zero-extended: loaded as 16 bytes, shuffled.
        int lead = n & 15;
        var acc = Ssse3.Shuffle(Vector128.LoadUnsafe(ref p), lead == 0 ? reverse : Vector128.LoadUnsafe(ref masks, (nuint)(16 * lead)));
        var k = Vector128.Create(K128, K192);
        for (int at = lead == 0 ? 16 : lead; at < n; at += 16)
        {
            var x = acc.AsUInt64();
            var folded = Pclmulqdq.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, k, 0x11);
            acc = folded.AsByte() ^ Ssse3.Shuffle(Vector128.LoadUnsafe(ref p, (nuint)at), reverse);
        }
        var k64 = Vector128.CreateScalar(K64);
        var low = Vector128.Create(ulong.MaxValue, 0);
        var v = acc.AsUInt64();
        v = Pclmulqdq.CarrylessMultiply(v, k64, 0x01) ^ (v & low); // H·(x^64 mod P) + L: under 80 bits
        v = Pclmulqdq.CarrylessMultiply(v, k64, 0x01) ^ (v & low); // the 16 bits over 64, once more: under 64 bits
        ulong s = v.ToScalar();
        ulong q = s ^ Pclmulqdq.CarrylessMultiply(v, Vector128.CreateScalar(Mu), 0x00).GetElement(1);
        // (q·P) mod x^16: P's low terms are x^12 + x^5 + 1.
        return (int)((q ^ (q << 5) ^ (q << 12)) & 0xFFFF);
    }

    /// <summary>
    /// Shuffle masks: for r = 1..15 at 16·r, the first r bytes reversed into the low r bytes, the rest zero (0x80); at 16·16
    /// a whole block reversed. Row 0 is unused.
    /// </summary>
    private static ReadOnlySpan<byte> LeadMasks =>
    [
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        2, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        3, 2, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        4, 3, 2, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        5, 4, 3, 2, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        6, 5, 4, 3, 2, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        7, 6, 5, 4, 3, 2, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        8, 7, 6, 5, 4, 3, 2, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80,
        11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0x80, 0x80, 0x80, 0x80,
        12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0x80, 0x80, 0x80,
        13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0x80, 0x80,
        14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0x80,
        15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
    ];
}
