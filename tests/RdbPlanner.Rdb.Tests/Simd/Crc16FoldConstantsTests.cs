using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>Derives the constants of <see cref="Crc16ClmulFold"/> from the polynomial alone, in GF(2) arithmetic.</summary>
public sealed class Crc16FoldConstantsTests
{
    // x^16 + x^12 + x^5 + 1 (crc16.c, redis 7.2.4), with its x^16 term.
    private const ulong Polynomial = 0x11021;

    /// <summary>x^n mod P, by multiplying by x n times and reducing whenever the x^16 term appears.</summary>
    private static ulong XPowModP(int n)
    {
        ulong r = 1;
        for (int i = 0; i < n; i++)
        {
            r <<= 1;
            if ((r & 0x10000) != 0) r ^= Polynomial;
        }
        return r;
    }

    /// <summary>⌊x^80 / P⌋ by long division, one quotient bit per step from x^64 down (bit 64 is dropped: x^64 is implicit).</summary>
    private static ulong BarrettMuLow64()
    {
        // The remainder holds x^80 reduced so far; 17 bits of it are live at each step.
        UInt128 rest = UInt128.One << 80;
        ulong quotient = 0;
        for (int shift = 64; shift >= 0; shift--)
        {
            if (((rest >> (shift + 16)) & UInt128.One) != UInt128.Zero)
            {
                rest ^= (UInt128)Polynomial << shift;
                if (shift < 64) quotient |= 1UL << shift;
                else Assert.Equal(80, shift + 16); // the leading quotient term x^64
            }
        }
        Assert.True(rest < (UInt128)0x10000, "the remainder is below x^16");
        return quotient;
    }

    [Fact]
    public void FoldingConstants_AreThePowersOfXModP()
    {
        Assert.Equal(Crc16ClmulFold.K64, XPowModP(64));
        Assert.Equal(Crc16ClmulFold.K128, XPowModP(128));
        Assert.Equal(Crc16ClmulFold.K192, XPowModP(192));
    }

    [Fact]
    public void BarrettConstant_IsTheQuotientOfX80ByP() => Assert.Equal(Crc16ClmulFold.Mu, BarrettMuLow64());
}
