namespace RdbPlanner.TestKit.Reference;

/// <summary>
/// A small greedy compressor producing the liblzf format (lzf_c.c's output format, written independently): literal runs
/// of up to 32 bytes (ctrl = n-1), and back references of 3..264 bytes within 8 KiB
/// (ctrl = (len-2) &lt;&lt; 5 | distance-1 high bits, [extra length byte when len-2 ≥ 7], distance-1 low byte).
/// Only for building test files: quality is irrelevant, correctness of the format is what matters.
/// </summary>
public static class LzfCompressor
{
    private const int MaxDistance = 8192;
    private const int MaxMatch = 264;
    private const int MaxLiteral = 32;

    public static byte[] Compress(ReadOnlySpan<byte> input)
    {
        var output = new List<byte>(input.Length + input.Length / 32 + 2);
        var last = new Dictionary<int, int>();
        int literalStart = 0;
        int i = 0;
        while (i < input.Length)
        {
            int bestLen = 0;
            int bestDist = 0;
            if (i + 3 <= input.Length)
            {
                int h = input[i] | (input[i + 1] << 8) | (input[i + 2] << 16);
                if (last.TryGetValue(h, out int cand) && i - cand <= MaxDistance)
                {
                    int len = 0;
                    while (i + len < input.Length && len < MaxMatch && input[cand + len] == input[i + len]) len++;
                    if (len >= 3)
                    {
                        bestLen = len;
                        bestDist = i - cand;
                    }
                }
                last[h] = i;
            }

            if (bestLen == 0)
            {
                i++;
                if (i - literalStart == MaxLiteral) FlushLiterals(output, input, ref literalStart, i);
                continue;
            }

            FlushLiterals(output, input, ref literalStart, i);
            int l = bestLen - 2;
            int d = bestDist - 1;
            if (l < 7)
            {
                output.Add((byte)((l << 5) | (d >> 8)));
            }
            else
            {
                output.Add((byte)((7 << 5) | (d >> 8)));
                output.Add((byte)(l - 7));
            }
            output.Add((byte)(d & 0xFF));
            i += bestLen;
            literalStart = i;
        }
        FlushLiterals(output, input, ref literalStart, input.Length);
        return [.. output];
    }

    private static void FlushLiterals(List<byte> output, ReadOnlySpan<byte> input, ref int start, int end)
    {
        while (start < end)
        {
            int n = Math.Min(MaxLiteral, end - start);
            output.Add((byte)(n - 1));
            for (int k = 0; k < n; k++) output.Add(input[start + k]);
            start += n;
        }
    }
}
