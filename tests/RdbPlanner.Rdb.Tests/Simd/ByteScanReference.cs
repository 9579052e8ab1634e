namespace RdbPlanner.Rdb.Tests;

/// <summary>Naive scans written from the definitions (cluster.c keyHashSlot, redis 7.2.4), for checking the kernels.</summary>
internal static class ByteScanReference
{
    public static int IndexOf(ReadOnlySpan<byte> data, byte value)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>(start, length) of the hash tag, or null when the whole key is hashed.</summary>
    public static (int Start, int Length)? HashTag(ReadOnlySpan<byte> key)
    {
        int s;
        for (s = 0; s < key.Length; s++)
        {
            if (key[s] == '{')
            {
                break;
            }
        }
        if (s == key.Length)
        {
            return null;
        }
        int e;
        for (e = s + 1; e < key.Length; e++)
        {
            if (key[e] == '}')
            {
                break;
            }
        }
        if (e == key.Length || e == s + 1)
        {
            return null;
        }
        return (s + 1, e - s - 1);
    }
}
