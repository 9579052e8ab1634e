using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RdbPlanner.Rdb;

/// <summary>CRC16-XMODEM one table lookup per byte: the classic crc16.c loop (redis 7.2.4), and the short-key path of slice-by-8.</summary>
internal sealed class Crc16Table1 : ICrc16Kernel
{
    public static readonly Crc16Table1 Instance = new();

    private Crc16Table1() { }

    public string Name => nameof(Crc16Table1);

    public int Compute(ReadOnlySpan<byte> data) => Update(0, data);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Update(uint crc, ReadOnlySpan<byte> data)
    {
        ref ushort t = ref MemoryMarshal.GetArrayDataReference(Crc16Table8.Tables);
        ref byte p = ref MemoryMarshal.GetReference(data);
        for (int i = 0; i < data.Length; i++)
        {
            crc = (crc << 8) ^ Unsafe.Add(ref t, (nint)(((crc >> 8) ^ Unsafe.Add(ref p, i)) & 0xFF));
        }
        return (int)(crc & 0xFFFF);
    }
}
