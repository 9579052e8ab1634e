namespace RdbPlanner.Rdb;

/// <summary>
/// Byte scans over key names for the analyzer (prefix delimiters) and <see cref="RedisSlot"/> (hash tags), dispatched to
/// <see cref="ByteScanKernels.Best"/>.
/// </summary>
public static class ByteScan
{
    private static readonly IByteScanKernel s_kernel = ByteScanKernels.Best;

    /// <summary>
    /// Index (from the start of <paramref name="data"/>) of the first <paramref name="delimiter"/> at or after
    /// <paramref name="startAt"/>, or -1. <paramref name="startAt"/> may equal the length (then -1).
    /// </summary>
    public static int IndexOfDelimiter(ReadOnlySpan<byte> data, byte delimiter, int startAt = 0)
    {
        if ((uint)startAt > (uint)data.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(startAt), startAt, $"must be within 0..{data.Length}");
        }
        int found = s_kernel.IndexOf(data[startAt..], delimiter);
        return found < 0 ? -1 : startAt + found;
    }

    /// <inheritdoc cref="IByteScanKernel.TryFindHashTag"/>
    public static bool TryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length) =>
        s_kernel.TryFindHashTag(key, out start, out length);
}
