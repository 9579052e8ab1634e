using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RdbPlanner.Rdb;

/// <summary>
/// One vector width of bytes for <see cref="ByteScanVector{TVec}"/>: the few operations its scans need (the runtime's own
/// generic vector interface is not public), and where an input shorter than one vector goes.
/// </summary>
internal interface IByteVector<TSelf>
    where TSelf : struct, IByteVector<TSelf>
{
    static abstract string KernelName { get; }
    static abstract int Width { get; }
    static abstract bool IsHardwareAccelerated { get; }
    static abstract TSelf Broadcast(byte value);
    static abstract TSelf Load(ref byte start, nuint offset);
    /// <summary>Bit i set where lane i of <paramref name="block"/> equals that of <paramref name="wanted"/>.</summary>
    static abstract ulong Matches(TSelf block, TSelf wanted);
    static abstract int NarrowerIndexOf(ReadOnlySpan<byte> data, byte value);
    static abstract bool NarrowerTryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length);
}

/// <summary>16-byte vectors (SSE2, NEON); shorter inputs go to the scalar kernel.</summary>
internal readonly struct ByteVector128 : IByteVector<ByteVector128>
{
    private readonly Vector128<byte> _v;

    private ByteVector128(Vector128<byte> v) => _v = v;

    public static string KernelName => "ByteScanVector128";
    public static int Width => Vector128<byte>.Count;
    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector128 Broadcast(byte value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector128 Load(ref byte start, nuint offset) => new(Vector128.LoadUnsafe(ref start, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Matches(ByteVector128 block, ByteVector128 wanted) => Vector128.Equals(block._v, wanted._v).ExtractMostSignificantBits();

    public static int NarrowerIndexOf(ReadOnlySpan<byte> data, byte value) => ByteScanScalar.IndexOfCore(data, value);

    public static bool NarrowerTryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length) =>
        ByteScanScalar.TryFindHashTagCore(key, out start, out length);
}

/// <summary>32-byte vectors (AVX2); shorter inputs go to <see cref="ByteVector128"/>.</summary>
internal readonly struct ByteVector256 : IByteVector<ByteVector256>
{
    private readonly Vector256<byte> _v;

    private ByteVector256(Vector256<byte> v) => _v = v;

    public static string KernelName => "ByteScanVector256";
    public static int Width => Vector256<byte>.Count;
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector256 Broadcast(byte value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector256 Load(ref byte start, nuint offset) => new(Vector256.LoadUnsafe(ref start, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Matches(ByteVector256 block, ByteVector256 wanted) => Vector256.Equals(block._v, wanted._v).ExtractMostSignificantBits();

    public static int NarrowerIndexOf(ReadOnlySpan<byte> data, byte value) => ByteScanVector<ByteVector128>.IndexOfCore(data, value);

    public static bool NarrowerTryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length) =>
        ByteScanVector<ByteVector128>.TryFindHashTagCore(key, out start, out length);
}

/// <summary>64-byte vectors (AVX-512BW); shorter inputs go to <see cref="ByteVector256"/>.</summary>
internal readonly struct ByteVector512 : IByteVector<ByteVector512>
{
    private readonly Vector512<byte> _v;

    private ByteVector512(Vector512<byte> v) => _v = v;

    public static string KernelName => "ByteScanVector512";
    public static int Width => Vector512<byte>.Count;
    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector512 Broadcast(byte value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector512 Load(ref byte start, nuint offset) => new(Vector512.LoadUnsafe(ref start, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Matches(ByteVector512 block, ByteVector512 wanted) => Vector512.Equals(block._v, wanted._v).ExtractMostSignificantBits();

    public static int NarrowerIndexOf(ReadOnlySpan<byte> data, byte value) => ByteScanVector<ByteVector256>.IndexOfCore(data, value);

    public static bool NarrowerTryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length) =>
        ByteScanVector<ByteVector256>.TryFindHashTagCore(key, out start, out length);
}
