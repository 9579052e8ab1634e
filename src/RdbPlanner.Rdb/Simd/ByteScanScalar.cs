using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RdbPlanner.Rdb;

/// <summary>Byte-at-a-time scans: the scalar reference the vector kernels are tested against, and their short-input path.</summary>
internal sealed class ByteScanScalar : IByteScanKernel
{
    public static readonly ByteScanScalar Instance = new();

    private ByteScanScalar() { }

    public string Name => nameof(ByteScanScalar);

    public bool IsHardwareAccelerated => false;

    public int IndexOf(ReadOnlySpan<byte> data, byte value) => IndexOfCore(data, value);

    public bool TryFindHashTag(ReadOnlySpan<byte> key, out int start, out int length) => TryFindHashTagCore(key, out start, out length);

    internal static int IndexOfCore(ReadOnlySpan<byte> data, byte value)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        for (int i = 0; i < data.Length; i++)
        {
            if (Unsafe.Add(ref p, i) == value)
            {
                return i;
            }
        }
        return -1;
    }

    internal static bool TryFindHashTagCore(ReadOnlySpan<byte> key, out int start, out int length)
    {
        ref byte p = ref MemoryMarshal.GetReference(key);
        int open = 0;
        while (open < key.Length && Unsafe.Add(ref p, open) != (byte)'{')
        {
            open++;
        }
        int close = open + 1;
        while (close < key.Length && Unsafe.Add(ref p, close) != (byte)'}')
        {
            close++;
        }
        return ByteScanKernels.Tag(open, close, key.Length, out start, out length);
    }
}
