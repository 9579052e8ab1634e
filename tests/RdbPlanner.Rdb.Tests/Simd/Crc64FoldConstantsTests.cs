using RdbPlanner.TestKit.Reference;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>
/// Derives the folding constants of <see cref="Crc64PclmulFold"/> from the polynomial alone, in GF(2) arithmetic, and checks
/// the shipped values. The derivation (see the kernel's remarks): folding a reflected 128-bit register forward by T bits
/// multiplies its high-degree qword by reflect64(x^(T+63) mod P) and its low-degree qword by reflect64(x^(T-1) mod P).
/// </summary>
public sealed class Crc64FoldConstantsTests
{
    // Normal (non-reflected) Jones polynomial without its x^64 term (crc64.c, redis 7.2.4).
    private const ulong Polynomial = 0xad93d23594c935a9UL;

    /// <summary>x^n mod P, by multiplying by x n times and reducing whenever the x^64 term appears.</summary>
    internal static ulong XPowModP(int n)
    {
        ulong r = 1;
        for (int i = 0; i < n; i++)
        {
            bool carry = (r >> 63) != 0;
            r <<= 1;
            if (carry)
            {
                r ^= Polynomial;
            }
        }
        return r;
    }

    internal static ulong Reflect64(ulong v)
    {
        ulong r = 0;
        for (int i = 0; i < 64; i++)
        {
            r = (r << 1) | ((v >> i) & 1);
        }
        return r;
    }

    [Fact]
    public void ReflectedPolynomial_IsBitReversedPolynomial()
    {
        Assert.Equal(Crc64.ReflectedPolynomial, Reflect64(Polynomial));
    }

    [Theory]
    [InlineData(512, Crc64PclmulFold.K512Lo, Crc64PclmulFold.K512Hi)]
    [InlineData(128, Crc64PclmulFold.K128Lo, Crc64PclmulFold.K128Hi)]
    [InlineData(2048, Crc64VpclmulFold512.K2048Lo, Crc64VpclmulFold512.K2048Hi)]
    [InlineData(384, Crc64VpclmulFold512.K384Lo, Crc64VpclmulFold512.K384Hi)]
    [InlineData(256, Crc64VpclmulFold512.K256Lo, Crc64VpclmulFold512.K256Hi)]
    public void FoldConstants_AreDerivedFromPolynomial(int distanceBits, ulong shippedLo, ulong shippedHi)
    {
        Assert.Equal(Reflect64(XPowModP(distanceBits + 63)), shippedLo);
        Assert.Equal(Reflect64(XPowModP(distanceBits - 1)), shippedHi);
    }

    [Fact]
    public void XPowModP_AgreesWithBitwiseCrc()
    {
        // Cross-check of the arithmetic against the definition: in reflected order byte 0x01 is the message x^7,
        // so its CRC is x^7·x^64 mod P = x^71 mod P, reflected.
        Assert.Equal(Reflect64(XPowModP(71)), Crc64Bitwise.Update(0, [0x01]));
    }
}
