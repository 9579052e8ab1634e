using System.Runtime.Intrinsics;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class ByteScanKernelTests
{
    public static TheoryData<string> Kernels => [.. ByteScanKernels.Available.Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void IndexOf_SingleTargetAtEveryPosition_EveryLength(string name)
    {
        var kernel = ByteScanKernels.Get(name);
        var buffer = new byte[SimdTestData.MaxOffset + SimdTestData.MaxLength];
        for (int length = 0; length <= SimdTestData.MaxLength; length++)
        {
            int offset = length % (SimdTestData.MaxOffset + 1);
            var data = buffer.AsSpan(offset, length);
            data.Fill((byte)'a');
            Assert.True(kernel.IndexOf(data, (byte)':') == -1, $"{name} length {length}: none");
            for (int at = 0; at < length; at++)
            {
                data[at] = (byte)':';
                Assert.True(kernel.IndexOf(data, (byte)':') == at, $"{name} length {length} at {at}");
                data[at] = (byte)'a';
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void IndexOf_RandomInput_EveryLengthAndOffset(string name)
    {
        var kernel = ByteScanKernels.Get(name);
        var random = new Random(6402);
        var buffer = new byte[SimdTestData.MaxOffset + SimdTestData.MaxLength];
        for (int offset = 0; offset <= SimdTestData.MaxOffset; offset++)
        {
            for (int length = 0; length <= SimdTestData.MaxLength; length++)
            {
                var data = buffer.AsSpan(offset, length);
                random.NextBytes(data);
                // Sparse targets so the first one lands anywhere, including past the first vector and in the overlapped tail.
                byte target = (byte)random.Next(256);
                Assert.True(ByteScanReference.IndexOf(data, target) == kernel.IndexOf(data, target), $"{name} offset {offset} length {length}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void HashTag_EveryOpenClosePair_EveryLength(string name)
    {
        var kernel = ByteScanKernels.Get(name);
        var buffer = new byte[SimdTestData.MaxOffset + SimdTestData.MaxLength];
        // Every length up to 2 widest vectors + 1 with every '{' and '}' position pair (and '}' before '{'); longer lengths sampled.
        for (int length = 0; length <= SimdTestData.MaxLength; length += length <= (2 * SimdTestData.WidestVector) + 1 ? 1 : 17)
        {
            int offset = (length * 7) % (SimdTestData.MaxOffset + 1);
            var key = buffer.AsSpan(offset, length);
            key.Fill((byte)'k');
            AssertSame(kernel, key, name);
            for (int open = 0; open < length; open++)
            {
                key[open] = (byte)'{';
                AssertSame(kernel, key, name);
                for (int close = 0; close < length; close++)
                {
                    if (close == open)
                    {
                        continue;
                    }
                    key[close] = (byte)'}';
                    AssertSame(kernel, key, name);
                    key[close] = (byte)'k';
                }
                key[open] = (byte)'k';
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void HashTag_RandomBraces_EveryLengthAndOffset(string name)
    {
        var kernel = ByteScanKernels.Get(name);
        var random = new Random(6403);
        ReadOnlySpan<byte> alphabet = "{}{}:ab"u8;
        var buffer = new byte[SimdTestData.MaxOffset + SimdTestData.MaxLength];
        for (int offset = 0; offset <= SimdTestData.MaxOffset; offset++)
        {
            for (int length = 0; length <= SimdTestData.MaxLength; length++)
            {
                var key = buffer.AsSpan(offset, length);
                // Mostly plain bytes with a brace density that varies per case, so braces fall both early and late.
                int density = random.Next(1, 200);
                for (int i = 0; i < length; i++)
                {
                    key[i] = random.Next(density) == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)'x';
                }
                AssertSame(kernel, key, name);
            }
        }
    }

    [Fact]
    public void Best_PicksExpectedKernel()
    {
        string? forced = KernelForce.ForcedName(Environment.GetEnvironmentVariable(KernelForce.VariableName), "ByteScan");
        string expected = forced ?? (Vector128.IsHardwareAccelerated ? "ByteScanIndexOf" : "ByteScanScalar");
        Assert.Equal(expected, ByteScanKernels.Best.Name, ignoreCase: true);
    }

    [Fact]
    public void IndexOfDelimiter_HonoursStartAt()
    {
        ReadOnlySpan<byte> key = "user:42:profile:and:more:segments:here"u8;
        Assert.Equal(4, ByteScan.IndexOfDelimiter(key, (byte)':'));
        Assert.Equal(7, ByteScan.IndexOfDelimiter(key, (byte)':', 5));
        Assert.Equal(7, ByteScan.IndexOfDelimiter(key, (byte)':', 7));
        Assert.Equal(-1, ByteScan.IndexOfDelimiter(key, (byte)':', key.Length));
        Assert.Equal(-1, ByteScan.IndexOfDelimiter(key, (byte)'/'));
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteScan.IndexOfDelimiter("ab"u8, (byte)':', 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteScan.IndexOfDelimiter("ab"u8, (byte)':', -1));
    }

    private static void AssertSame(IByteScanKernel kernel, ReadOnlySpan<byte> key, string name)
    {
        var expected = ByteScanReference.HashTag(key);
        bool found = kernel.TryFindHashTag(key, out int start, out int length);
        if (found != expected.HasValue || (found && (start, length) != expected!.Value))
        {
            Assert.Fail($"{name} key '{System.Text.Encoding.Latin1.GetString(key)}': expected {expected?.ToString() ?? "none"}, got {(found ? (start, length).ToString() : "none")}");
        }
    }
}
