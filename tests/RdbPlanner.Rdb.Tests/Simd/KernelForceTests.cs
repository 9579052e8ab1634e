using Xunit;

namespace RdbPlanner.Rdb.Tests;

public sealed class KernelForceTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("Crc64Table8", "Crc64Table8")]
    [InlineData("ByteScanScalar, crc64pclmulfold", "crc64pclmulfold")]
    [InlineData("ByteScanScalar", null)]
    public void ForcedName_PicksOwnFamily(string? variable, string? expected)
    {
        Assert.Equal(expected, KernelForce.ForcedName(variable, "Crc64"));
    }

    [Fact]
    public void ForcedName_TwoOfOneFamily_Throws()
    {
        Assert.Throws<KernelSelectionException>(() => KernelForce.ForcedName("Crc64Table8,Crc64PclmulFold", "Crc64"));
    }
}
