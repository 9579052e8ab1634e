using System.Text;

namespace RdbPlanner.Reports;

/// <summary>
/// A key pattern with the semantics of Redis KEYS/SCAN MATCH (util.c stringmatchlen, redis 7.2.4), on raw bytes,
/// case-sensitive: <c>*</c> any run of bytes, <c>?</c> one byte, <c>[abc]</c> <c>[^abc]</c> <c>[a-z]</c> one byte of a set
/// (reversed ranges are swapped; bytes compare as signed chars, as in C on x86), <c>\c</c> a literal c, also inside a set.
/// Redis quirks kept on purpose: a set left open at the end of the pattern ends there; a lone trailing backslash
/// matches a backslash; in <c>[a-]</c> the range runs to <c>]</c>.
/// </summary>
/// <remarks>
/// The pattern is compiled to one token per byte of key it consumes, so matching is the classic greedy scan with one
/// backtrack point for the last <c>*</c>: O(pattern × key) in the worst case, never the exponential recursion of a
/// naive port, whatever the pattern.
/// </remarks>
public sealed class RedisGlob
{
    private enum Kind : byte { Literal, AnyByte, Set, Star }

    private readonly record struct Token(Kind Kind, byte Literal, int Set);

    private readonly Token[] _tokens;
    private readonly List<ulong[]> _sets = [];

    public RedisGlob(string pattern)
        : this(Encoding.UTF8.GetBytes(pattern))
    {
        Pattern = pattern;
    }

    public RedisGlob(ReadOnlySpan<byte> pattern)
    {
        Pattern = Encoding.UTF8.GetString(pattern);
        _tokens = Compile(pattern);
    }

    public string Pattern { get; }

    /// <summary>
    /// Whether <paramref name="key"/> matches. When <paramref name="truncated"/> is set the span is only the start of
    /// the key, and the answer is true when some continuation of it could match (the key is kept rather than lost).
    /// </summary>
    public bool IsMatch(ReadOnlySpan<byte> key, bool truncated = false)
    {
        var tokens = _tokens;
        int p = 0, s = 0;
        int starP = -1, starS = 0;
        while (true)
        {
            if (s == key.Length)
            {
                if (truncated) return true;
                while (p < tokens.Length && tokens[p].Kind == Kind.Star) p++;
                return p == tokens.Length;
            }
            if (p < tokens.Length)
            {
                var t = tokens[p];
                if (t.Kind == Kind.Star)
                {
                    starP = p++;
                    starS = s;
                    continue;
                }
                if (Accepts(t, key[s]))
                {
                    p++;
                    s++;
                    continue;
                }
            }
            if (starP < 0) return false;
            // Let the last star swallow one more byte and retry the rest of the pattern from there.
            p = starP + 1;
            s = ++starS;
        }
    }

    private bool Accepts(Token t, byte b) => t.Kind switch
    {
        Kind.Literal => t.Literal == b,
        Kind.AnyByte => true,
        _ => (_sets[t.Set][b >> 6] & (1UL << (b & 63))) != 0,
    };

    private Token[] Compile(ReadOnlySpan<byte> pattern)
    {
        var tokens = new List<Token>(pattern.Length);
        int i = 0;
        while (i < pattern.Length)
        {
            byte c = pattern[i];
            switch (c)
            {
                case (byte)'*':
                    if (tokens.Count == 0 || tokens[^1].Kind != Kind.Star) tokens.Add(new Token(Kind.Star, 0, 0));
                    i++;
                    break;
                case (byte)'?':
                    tokens.Add(new Token(Kind.AnyByte, 0, 0));
                    i++;
                    break;
                case (byte)'[':
                    i = CompileSet(pattern, i + 1, tokens);
                    break;
                case (byte)'\\' when i + 1 < pattern.Length:
                    tokens.Add(new Token(Kind.Literal, pattern[i + 1], 0));
                    i += 2;
                    break;
                default:
                    tokens.Add(new Token(Kind.Literal, c, 0));
                    i++;
                    break;
            }
        }
        return [.. tokens];
    }

    /// <summary>Parses a set starting after '['; returns the index after its ']' (or the pattern's end).</summary>
    private int CompileSet(ReadOnlySpan<byte> pattern, int i, List<Token> tokens)
    {
        var bits = new ulong[4];
        bool negate = i < pattern.Length && pattern[i] == (byte)'^';
        if (negate) i++;
        while (i < pattern.Length)
        {
            byte c = pattern[i];
            if (c == (byte)'\\' && i + 1 < pattern.Length)
            {
                Set(bits, pattern[i + 1]);
                i += 2;
            }
            else if (c == (byte)']')
            {
                i++;
                goto done;
            }
            else if (i + 2 < pattern.Length && pattern[i + 1] == (byte)'-')
            {
                // C compares these as (signed) char: bytes >= 0x80 sort before ASCII.
                int start = (sbyte)c, end = (sbyte)pattern[i + 2];
                if (start > end) (start, end) = (end, start);
                for (int v = 0; v < 256; v++)
                {
                    int sv = (sbyte)v;
                    if (sv >= start && sv <= end) Set(bits, (byte)v);
                }
                i += 3;
            }
            else
            {
                Set(bits, c);
                i++;
            }
        }
    done:
        if (negate)
        {
            for (int k = 0; k < 4; k++) bits[k] = ~bits[k];
        }
        _sets.Add(bits);
        tokens.Add(new Token(Kind.Set, 0, _sets.Count - 1));
        return i;
    }

    private static void Set(ulong[] bits, byte b) => bits[b >> 6] |= 1UL << (b & 63);
}
