namespace RdbPlanner.Rdb;

/// <summary>
/// liblzf decompression (format of lzf_d.c as vendored by Redis): a control byte below 32 starts a literal run of
/// ctrl+1 bytes; otherwise its top 3 bits are a match length (7 = one more length byte follows, add it), the low 5 bits
/// the high part of the distance and the next byte its low part; copy len+2 bytes from distance+1 back.
/// Every read and write is bounds-checked; the caller learns of corrupt input through a negative result.
/// </summary>
internal static class Lzf
{
    public const int ErrorInputOverrun = -1;
    public const int ErrorOutputOverrun = -2;
    public const int ErrorBadReference = -3;

    /// <summary>Decompresses <paramref name="input"/> into <paramref name="output"/>; returns bytes written or a negative error.</summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0;
        int op = 0;
        while (ip < input.Length)
        {
            int ctrl = input[ip++];
            if (ctrl < 32)
            {
                int run = ctrl + 1;
                if (run > input.Length - ip) return ErrorInputOverrun;
                if (run > output.Length - op) return ErrorOutputOverrun;
                input.Slice(ip, run).CopyTo(output[op..]);
                ip += run;
                op += run;
                continue;
            }

            int len = ctrl >> 5;
            if (len == 7)
            {
                if (ip >= input.Length) return ErrorInputOverrun;
                len += input[ip++];
            }
            if (ip >= input.Length) return ErrorInputOverrun;
            int back = ((ctrl & 0x1F) << 8) + input[ip++] + 1;
            len += 2;
            if (back > op) return ErrorBadReference;
            if (len > output.Length - op) return ErrorOutputOverrun;
            int from = op - back;
            if (back >= len)
            {
                output.Slice(from, len).CopyTo(output[op..]);
                op += len;
            }
            else
            {
                // Overlapping copy repeats the last `back` bytes; it must go forward byte by byte.
                for (int i = 0; i < len; i++)
                {
                    output[op++] = output[from + i];
                }
            }
        }
        return op;
    }

    public static string Describe(int error) => error switch
    {
        ErrorInputOverrun => "compressed data ends inside a token",
        ErrorOutputOverrun => "decompressed data exceeds the declared length",
        ErrorBadReference => "back reference points before the start of the output",
        _ => "unknown error",
    };
}
