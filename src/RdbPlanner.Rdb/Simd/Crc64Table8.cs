using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RdbPlanner.Rdb;

/// <summary>
/// Slice-by-8 CRC-64 Jones: eight 256-entry tables let one step consume 8 bytes with 8 independent lookups instead of a chain of 8
/// dependent ones. Table k holds the CRC of a byte followed by k zero bytes. The shipped scalar kernel and the tail/reduction step
/// of the folding kernels.
/// </summary>
internal sealed class Crc64Table8 : ICrc64Kernel
{
    public static readonly Crc64Table8 Instance = new();

    // Flat [8 × 256]: table k starts at k * 256. One array keeps all lookups in one bounds-check-free ref.
    private static readonly ulong[] s_tables = BuildTables();

    private Crc64Table8() { }

    public string Name => nameof(Crc64Table8);

    public bool IsHardwareAccelerated => false;

    public ulong Update(ulong crc, ReadOnlySpan<byte> data) => UpdateCore(crc, data);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong UpdateCore(ulong crc, ReadOnlySpan<byte> data)
    {
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(s_tables);
        ref byte p = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint i = 0;
        for (; length - i >= 8; i += 8)
        {
            // Reflected CRC: the register lines up with the next 8 bytes read little-endian; byte 0 has 7 bytes after it.
            ulong v = crc ^ BinaryPrimitives.ReadUInt64LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, i), 8));
            crc = Unsafe.Add(ref t, (nint)(7 * 256 + (v & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(6 * 256 + ((v >> 8) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(5 * 256 + ((v >> 16) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(4 * 256 + ((v >> 24) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(3 * 256 + ((v >> 32) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(2 * 256 + ((v >> 40) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(1 * 256 + ((v >> 48) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(v >> 56));
        }
        for (; i < length; i++)
        {
            crc = Unsafe.Add(ref t, (nint)((crc ^ Unsafe.Add(ref p, i)) & 0xFF)) ^ (crc >> 8);
        }
        return crc;
    }

    private static ulong[] BuildTables()
    {
        var tables = new ulong[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            ulong c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Crc64.ReflectedPolynomial : c >> 1;
            }
            tables[i] = c;
        }
        for (int k = 1; k < 8; k++)
        {
            for (int i = 0; i < 256; i++)
            {
                ulong previous = tables[((k - 1) * 256) + i];
                tables[(k * 256) + i] = (previous >> 8) ^ tables[(int)(previous & 0xFF)];
            }
        }
        return tables;
    }
}
