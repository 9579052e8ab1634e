using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RdbPlanner.Rdb;

/// <summary>
/// liblzf decompression (format of lzf_d.c as vendored by Redis): a control byte below 32 starts a literal run of
/// ctrl+1 bytes; otherwise its top 3 bits are a match length (7 = one more length byte follows, add it), the low 5 bits
/// the high part of the distance and the next byte its low part; copy len+2 bytes from distance+1 back.
/// Every token is bounds-checked before it is copied; the caller learns of corrupt input through a negative result.
/// <see cref="Decompress"/> copies with whole vectors where the spans have room to spare (over-copied bytes are
/// rewritten by the next tokens); <see cref="DecompressScalar"/> is the byte-exact reference it is tested against.
/// </summary>
internal static class Lzf
{
    public const int ErrorInputOverrun = -1;
    public const int ErrorOutputOverrun = -2;
    public const int ErrorBadReference = -3;

    /// <summary>Decompresses <paramref name="input"/> into <paramref name="output"/>; returns bytes written or a negative error.</summary>
    /// <remarks>Same result as <see cref="DecompressScalar"/>; may also write bytes of <paramref name="output"/> past the result.</remarks>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ref byte src = ref MemoryMarshal.GetReference(input);
        ref byte dst = ref MemoryMarshal.GetReference(output);
        int inLength = input.Length;
        int outLength = output.Length;
        int ip = 0;
        int op = 0;
        while (ip < inLength)
        {
            int ctrl = Unsafe.Add(ref src, ip++);
            if (ctrl < 32)
            {
                int run = ctrl + 1;
                if (run > inLength - ip) return ErrorInputOverrun;
                if (run > outLength - op) return ErrorOutputOverrun;
                if (inLength - ip >= 32 && outLength - op >= 32)
                {
                    // A literal run is at most 32 bytes: one 32-byte move instead of a memmove call per run.
                    Vector256.LoadUnsafe(ref src, (nuint)ip).StoreUnsafe(ref dst, (nuint)op);
                }
                else if (run <= 16 && inLength - ip >= 16 && outLength - op >= 16)
                {
                    // Near the end of a small blob: a short run still fits one 16-byte move.
                    Vector128.LoadUnsafe(ref src, (nuint)ip).StoreUnsafe(ref dst, (nuint)op);
                }
                else
                {
                    Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref dst, op), ref Unsafe.Add(ref src, ip), (uint)run);
                }
                ip += run;
                op += run;
                continue;
            }

            int len = ctrl >> 5;
            if (len == 7)
            {
                if (ip >= inLength) return ErrorInputOverrun;
                len += Unsafe.Add(ref src, ip++);
            }
            if (ip >= inLength) return ErrorInputOverrun;
            int back = ((ctrl & 0x1F) << 8) + Unsafe.Add(ref src, ip++) + 1;
            len += 2;
            if (back > op) return ErrorBadReference;
            if (len > outLength - op) return ErrorOutputOverrun;
            int from = op - back;
            if (back >= 16 && outLength - op >= len + 15)
            {
                // 16-byte steps: with the source at least 16 bytes behind, every step reads bytes already final.
                for (int i = 0; i < len; i += 16)
                {
                    Vector128.LoadUnsafe(ref dst, (nuint)(from + i)).StoreUnsafe(ref dst, (nuint)(op + i));
                }
            }
            else if (back >= 8 && outLength - op >= len + 7)
            {
                // 8-byte steps for sources 8 to 15 bytes behind (text repeating a short word), instead of a memmove call.
                for (int i = 0; i < len; i += 8)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, op + i), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref dst, from + i)));
                }
            }
            else if (back >= len)
            {
                Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref dst, op), ref Unsafe.Add(ref dst, from), (uint)len);
            }
            else
            {
                // Overlapping copy repeats the last `back` bytes; it must go forward byte by byte.
                for (int i = 0; i < len; i++)
                {
                    Unsafe.Add(ref dst, op + i) = Unsafe.Add(ref dst, from + i);
                }
            }
            op += len;
        }
        return op;
    }

    /// <summary>The reference decoder: byte-exact copies through bounds-checked spans, nothing written past the result.</summary>
    public static int DecompressScalar(ReadOnlySpan<byte> input, Span<byte> output)
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

    /// <summary>
    /// Checks a whole stream as <see cref="DecompressScalar"/> into <paramref name="outputLength"/> bytes would, with the
    /// same result (bytes produced or the same error), but keeps only the first <paramref name="head"/>.Length bytes of
    /// the output: a reader that needs only a blob's header still rejects every stream full decompression rejects,
    /// without the copies. Past the head only the tokens' bounds are followed.
    /// </summary>
    public static int Scan(ReadOnlySpan<byte> input, int outputLength, Span<byte> head)
    {
        int ip = 0, op = 0;
        int error = DecodeHead(input, outputLength, head, ref ip, ref op);
        return error < 0 ? error : ScanBounds(input, ip, op, outputLength);
    }

    /// <summary>
    /// The first <paramref name="head"/>.Length bytes of the output (fewer when the stream ends first), decoded from the
    /// first tokens only: returns how many, or the error the reference meets in those tokens. Says nothing of the rest.
    /// </summary>
    public static int Peek(ReadOnlySpan<byte> input, int outputLength, Span<byte> head)
    {
        int ip = 0, op = 0;
        int error = DecodeHead(input, outputLength, head, ref ip, ref op);
        return error < 0 ? error : Math.Min(op, head.Length);
    }

    /// <summary>Token by token as the reference, until the head is full or the input ends; 0 or the error.</summary>
    private static int DecodeHead(ReadOnlySpan<byte> input, int outputLength, Span<byte> head, ref int ip, ref int op)
    {
        while (op < head.Length && ip < input.Length)
        {
            int ctrl = input[ip++];
            if (ctrl < 32)
            {
                int run = ctrl + 1;
                if (run > input.Length - ip) return ErrorInputOverrun;
                if (run > outputLength - op) return ErrorOutputOverrun;
                input.Slice(ip, Math.Min(run, head.Length - op)).CopyTo(head[op..]);
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
            if (len > outputLength - op) return ErrorOutputOverrun;
            // The source lies behind op, so inside the head too; byte by byte, as the copy may overlap itself.
            for (int i = 0; i < len && op + i < head.Length; i++) head[op + i] = head[op - back + i];
            op += len;
        }
        return 0;
    }

    /// <summary>
    /// The rest of <see cref="Scan"/>, past the head: each token's bounds, in the reference decoder's order of checks,
    /// nothing copied. (A branch-free sum of the token lengths was slower: 6.6 against 4.5 % of the one-core profile, its
    /// chain from one token's first byte to the next one's position being longer than the mispredictions it saved.)
    /// </summary>
    private static int ScanBounds(ReadOnlySpan<byte> input, int ip, int op, int outputLength)
    {
        ref byte src = ref MemoryMarshal.GetReference(input);
        int inLength = input.Length;
        while (ip < inLength)
        {
            int ctrl = Unsafe.Add(ref src, ip++);
            if (ctrl < 32)
            {
                // A run is at most 32 bytes, so neither sum can overflow before the checks.
                ip += ctrl + 1;
                op += ctrl + 1;
                if (ip > inLength) return ErrorInputOverrun;
                if (op > outputLength) return ErrorOutputOverrun;
                continue;
            }
            int len = ctrl >> 5;
            if (len == 7)
            {
                if (ip >= inLength) return ErrorInputOverrun;
                len += Unsafe.Add(ref src, ip++);
            }
            if (ip >= inLength) return ErrorInputOverrun;
            int back = ((ctrl & 0x1F) << 8) + Unsafe.Add(ref src, ip++) + 1;
            if (back > op) return ErrorBadReference;
            op += len + 2;
            if (op > outputLength) return ErrorOutputOverrun;
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
