namespace RdbPlanner.Rdb;

/// <summary>
/// Scans with the runtime's own vectorised <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, T)"/>: two calls for a hash
/// tag. The yardstick for the hand-written vector kernels (Sep keeps SepParserIndexOfAny for the same reason).
/// </summary>
internal sealed class ByteScanIndexOf : IByteScanKernel
{
    public static readonly ByteScanIndexOf Instance = new();

    private ByteScanIndexOf() { }

    public string Name => nameof(ByteScanIndexOf);

    public bool IsHardwareAccelerated => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated;

    public int IndexOf(ReadOnlySpan<byte> data, byte value) => data.IndexOf(value);

    public bool TryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length)
    {
        int open = key.IndexOf((byte)'{');
        if (open < 0)
        {
            start = length = 0;
            return false;
        }
        int close = key[(open + 1)..].IndexOf((byte)'}');
        return ByteScanKernels.Tag(open, close < 0 ? key.Length : open + 1 + close, key.Length, out start, out length);
    }
}
