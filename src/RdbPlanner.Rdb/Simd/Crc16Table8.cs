using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RdbPlanner.Rdb;

/// <summary>
/// CRC16-XMODEM slice-by-8: table k holds the CRC of a byte followed by k zero bytes, so 8 bytes cost 8 independent lookups. In
/// this non-reflected CRC the 16-bit register lines up with the first two bytes of the next 8 (or 4, or 2) read big-endian.
/// </summary>
internal sealed class Crc16Table8 : ICrc16Kernel
{
    public static readonly Crc16Table8 Instance = new();

    // Flat [8 × 256]; table 0 is crc16.c's table and also serves Crc16Table1.
    internal static readonly ushort[] Tables = BuildTables();

    private Crc16Table8() { }

    public string Name => nameof(Crc16Table8);

    public int Compute(ReadOnlySpan<byte> data)
    {
        ref ushort t = ref MemoryMarshal.GetArrayDataReference(Tables);
        ref byte p = ref MemoryMarshal.GetReference(data);
        uint crc = 0;
        int i = 0;
        for (; data.Length - i >= 8; i += 8)
        {
            ulong v = BinaryPrimitives.ReadUInt64BigEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, i), 8)) ^ ((ulong)crc << 48);
            crc = (uint)Unsafe.Add(ref t, (nint)(7 * 256 + (v >> 56)))
                ^ Unsafe.Add(ref t, (nint)(6 * 256 + ((v >> 48) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(5 * 256 + ((v >> 40) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(4 * 256 + ((v >> 32) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(3 * 256 + ((v >> 24) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(2 * 256 + ((v >> 16) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(1 * 256 + ((v >> 8) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(v & 0xFF));
        }
        // The tail (keys are short, so it is often half the key) in 4- and 2-byte steps with the same tables, rather than
        // a chain of up to 7 dependent single-byte lookups.
        if (data.Length - i >= 4)
        {
            uint v = BinaryPrimitives.ReadUInt32BigEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, i), 4)) ^ (crc << 16);
            crc = (uint)Unsafe.Add(ref t, (nint)(3 * 256 + (v >> 24)))
                ^ Unsafe.Add(ref t, (nint)(2 * 256 + ((v >> 16) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(1 * 256 + ((v >> 8) & 0xFF)))
                ^ Unsafe.Add(ref t, (nint)(v & 0xFF));
            i += 4;
        }
        if (data.Length - i >= 2)
        {
            uint v = BinaryPrimitives.ReadUInt16BigEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, i), 2)) ^ crc;
            crc = (uint)Unsafe.Add(ref t, (nint)(1 * 256 + (v >> 8))) ^ Unsafe.Add(ref t, (nint)(v & 0xFF));
            i += 2;
        }
        return Crc16Table1.Update(crc, data[i..]);
    }

    private static ushort[] BuildTables()
    {
        var tables = new ushort[8 * 256];
        for (int i = 0; i < 256; i++)
        {
            int c = i << 8;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 0x8000) != 0 ? (c << 1) ^ 0x1021 : c << 1;
            }
            tables[i] = (ushort)c;
        }
        for (int k = 1; k < 8; k++)
        {
            for (int i = 0; i < 256; i++)
            {
                int previous = tables[((k - 1) * 256) + i];
                tables[(k * 256) + i] = (ushort)((previous << 8) ^ tables[previous >> 8]);
            }
        }
        return tables;
    }
}
