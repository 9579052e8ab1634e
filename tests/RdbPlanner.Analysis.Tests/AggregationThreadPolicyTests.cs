namespace RdbPlanner.Analysis.Tests;

public sealed class AggregationThreadPolicyTests
{
    private const long MiB = 1 << 20;

    [Theory]
    // No core to spare: never, even when asked.
    [InlineData(null, false, false, 4096 * MiB, false, false)]
    [InlineData(true, false, false, 4096 * MiB, false, false)]
    // Forced either way when a core is spare.
    [InlineData(true, true, true, 1L, true, true)]
    [InlineData(false, true, false, 4096 * MiB, false, false)]
    // Native process: plain files from 32 MiB, and pipes (length unknown).
    [InlineData(null, true, false, 325 * MiB, false, true)]
    [InlineData(null, true, false, 32 * MiB, false, true)]
    [InlineData(null, true, false, 32 * MiB - 1, false, false)]
    [InlineData(null, true, false, null, false, true)]
    // gzip: the read-ahead thread inflates on the spare core.
    [InlineData(null, true, true, 4096 * MiB, false, false)]
    [InlineData(null, true, true, null, false, false)]
    // JIT process: only files of 1 GiB and more, never a pipe of unknown length.
    [InlineData(null, true, false, 325 * MiB, true, false)]
    [InlineData(null, true, false, 1024 * MiB, true, true)]
    [InlineData(null, true, false, null, true, false)]
    public void Decide(bool? requested, bool spareCore, bool gzip, long? length, bool jit, bool expected)
    {
        Assert.Equal(expected, AggregationThreadPolicy.Decide(requested, spareCore, gzip, length, jit));
    }
}
