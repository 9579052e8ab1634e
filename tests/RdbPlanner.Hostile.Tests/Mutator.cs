namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// Deterministic corruptions. The generator is SplitMix64 (Steele et al.), not System.Random, so a seed names the
/// same mutation on every runtime and a failure message is enough to reproduce it.
/// </summary>
internal sealed class Mutator(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Below(int n) => (int)(Next() % (ulong)n);

    public static byte[] FlipBit(byte[] data, int offset, int bit)
    {
        var copy = (byte[])data.Clone();
        copy[offset] ^= (byte)(1 << bit);
        return copy;
    }

    public static byte[] Truncate(byte[] data, int length) => data.AsSpan(0, length).ToArray();

    public static byte[] Zero(byte[] data, int offset, int length)
    {
        var copy = (byte[])data.Clone();
        copy.AsSpan(offset, Math.Min(length, data.Length - offset)).Clear();
        return copy;
    }

    /// <summary>Replaces <paramref name="removed"/> bytes at <paramref name="offset"/> with <paramref name="inserted"/>.</summary>
    public static byte[] Splice(byte[] data, int offset, int removed, ReadOnlySpan<byte> inserted)
    {
        removed = Math.Min(removed, data.Length - offset);
        var result = new byte[data.Length - removed + inserted.Length];
        data.AsSpan(0, offset).CopyTo(result);
        inserted.CopyTo(result.AsSpan(offset));
        data.AsSpan(offset + removed).CopyTo(result.AsSpan(offset + inserted.Length));
        return result;
    }

    /// <summary>Length prefixes claiming far more than any input holds (rdbLoadLen's 0x80 = 32-bit, 0x81 = 64-bit, big-endian).</summary>
    public static readonly byte[][] InflatedLengths =
    [
        [0x80, 0xFF, 0xFF, 0xFF, 0xFF],                          // 2^32 - 1
        [0x80, 0x7F, 0xFF, 0xFF, 0xF0],                          // just under 2^31: fits an int, not the input
        [0x81, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00],  // 2^32
        [0x81, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],  // 2^63 - 1
        [0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],  // 2^64 - 1: negative as a long
        [0x81, 0x00, 0x00, 0x00, 0x00, 0x1F, 0xFF, 0xFF, 0xF0],  // ~512 MiB, just under the default element limit
    ];

    public byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte)Next();
        return b;
    }
}
