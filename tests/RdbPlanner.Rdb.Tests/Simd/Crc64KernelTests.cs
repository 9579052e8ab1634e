using System.Runtime.Intrinsics.X86;
using System.Text;

using RdbPlanner.TestKit.Reference;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class Crc64KernelTests
{
    public static TheoryData<string> Kernels => [.. Crc64Kernels.Available.Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_CheckValue(string name)
    {
        var kernel = Crc64Kernels.Get(name);
        Assert.Equal(0xe9c6d914c4b8d9caUL, kernel.Update(0, "123456789"u8));
        Assert.Equal(0UL, kernel.Update(0, []));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_EqualsBitwiseReference_EveryLengthAndOffset(string name)
    {
        var kernel = Crc64Kernels.Get(name);
        byte[] buffer = SimdTestData.RandomBytes(SimdTestData.MaxOffset + SimdTestData.MaxLength, seed: 6401);
        for (int offset = 0; offset <= SimdTestData.MaxOffset; offset++)
        {
            for (int length = 0; length <= SimdTestData.MaxLength; length++)
            {
                var data = buffer.AsSpan(offset, length);
                // A non-zero starting CRC too: the reader continues one CRC across many chunks.
                ulong seed = (ulong)length * 0x9E3779B97F4A7C15UL;
                Assert.True(Crc64Bitwise.Update(0, data) == kernel.Update(0, data), $"{name} offset {offset} length {length}");
                Assert.True(Crc64Bitwise.Update(seed, data) == kernel.Update(seed, data), $"{name} offset {offset} length {length} seeded");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_EqualsBitwiseReference_MultiMiB(string name)
    {
        var kernel = Crc64Kernels.Get(name);
        foreach (int length in new[] { (1 << 20) + 13, 3 << 20, (8 << 20) - 1 })
        {
            byte[] data = SimdTestData.RandomBytes(length, seed: length);
            Assert.Equal(Crc64Bitwise.Update(0, data), kernel.Update(0, data));
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_IncrementalAcrossAnySplit_EqualsOneShot(string name)
    {
        var kernel = Crc64Kernels.Get(name);
        byte[] data = SimdTestData.RandomBytes(1000, seed: 7);
        ulong oneShot = kernel.Update(0, data);
        for (int split = 0; split <= data.Length; split++)
        {
            ulong crc = kernel.Update(kernel.Update(0, data.AsSpan(0, split)), data.AsSpan(split));
            Assert.True(oneShot == crc, $"{name} split {split}");
        }
        var random = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            ulong crc = 0;
            for (int at = 0; at < data.Length;)
            {
                int take = Math.Min(data.Length - at, random.Next(0, 300));
                crc = kernel.Update(crc, data.AsSpan(at, take));
                at += take;
            }
            Assert.Equal(oneShot, crc);
        }
    }

    [Fact]
    public void Facade_MatchesReference()
    {
        byte[] data = Encoding.ASCII.GetBytes(new string('x', 5000));
        Assert.Equal(Crc64Bitwise.Update(0, data), Crc64.Compute(data));
        Assert.Equal(Crc64Bitwise.Update(42, data), Crc64.Update(42, data));
    }

    [Fact]
    public void Best_PicksExpectedKernel()
    {
        string? forced = KernelForce.ForcedName(Environment.GetEnvironmentVariable(KernelForce.VariableName), "Crc64");
        string expected = forced
            ?? (Pclmulqdq.V512.IsSupported && Avx512F.IsSupported ? "Crc64VpclmulFold512"
            : Pclmulqdq.IsSupported ? "Crc64PclmulFold" : "Crc64Table8");
        Assert.Equal(expected, Crc64Kernels.Best.Name, ignoreCase: true);
        Assert.Contains(Crc64Kernels.Available, k => k.Name == "Crc64Table8");
        Assert.All(Crc64Kernels.Accelerated, k => Assert.True(k.IsHardwareAccelerated));
    }

    [Fact]
    public void Get_UnknownName_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Crc64Kernels.Get("Crc64Nope"));
        Assert.Contains("Crc64Table8", error.Message);
    }
}
