using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace RdbPlanner.Rdb;

/// <summary>Cold-path throw helpers: keeps message formatting out of the hot read methods.</summary>
[StackTraceHidden]
internal static class RdbThrow
{
    [DoesNotReturn]
    public static void Format(long offset, string message) => throw new RdbFormatException(offset, message);

    [DoesNotReturn]
    public static T Format<T>(long offset, string message) => throw new RdbFormatException(offset, message);

    [DoesNotReturn]
    public static void Limit(long offset, string limit, long value, long max, string what) =>
        throw new RdbFormatException(offset, $"{what} of {value} exceeds the {limit} limit of {max}") { Limit = limit };

    [DoesNotReturn]
    public static void Truncated(long offset, int need, int have) =>
        throw new RdbFormatException(offset, $"unexpected end of input: needed {need} byte(s), only {have} left");

    [DoesNotReturn]
    public static void BeyondInput(long offset, string what, long value, long remaining) =>
        throw new RdbFormatException(offset, $"{what} of {value} cannot fit in the {remaining} byte(s) left in the input");

    /// <summary>
    /// An error at byte <paramref name="p"/> of a blob that starts at <paramref name="offset"/>. Positions inside an
    /// LZF-decompressed blob have no meaning in the file (and can exceed its length), so those report the LZF string's
    /// offset and keep the inner position in the message (FINDINGS F1).
    /// </summary>
    [DoesNotReturn]
    public static void InBlob(long offset, bool compressed, long p, string kind, string message) =>
        throw new RdbFormatException(compressed ? offset : offset + p,
            compressed ? $"{message} (at byte {p} of the decompressed {kind})" : message);

    [DoesNotReturn]
    public static T InBlob<T>(long offset, bool compressed, long p, string kind, string message) =>
        throw new RdbFormatException(compressed ? offset : offset + p,
            compressed ? $"{message} (at byte {p} of the decompressed {kind})" : message);

    [DoesNotReturn]
    public static void Expected(long offset, string what, byte expected, byte found) =>
        throw new RdbFormatException(offset, $"expected {what} 0x{expected:X2}, found 0x{found:X2}");
}
