using System.Globalization;

namespace RdbPlanner.Memory.Layout;

/// <summary>How an engine turns a zset score into text (util.c d2string).</summary>
public enum ScoreText
{
    /// <summary>Redis 7.2+ and Valkey: integers when integral and |x| ≤ 2^62, else fpconv_dtoa (grisu2, shortest round trip).</summary>
    Grisu,
    /// <summary>Redis 7.0: integers when integral and |x| &lt; 2^52, else snprintf "%.17g".</summary>
    Printf17g,
}

/// <summary>Length of a score's text form, computed without allocating.</summary>
public static class ScoreFormat
{
    public static bool TryInteger(double score, ScoreText style, out long value)
    {
        value = 0;
        if (double.IsNaN(score) || double.IsInfinity(score)) return false;
        if (score == 0)
        {
            // "-0" is a string entry; "0" an integer one.
            return !double.IsNegative(score);
        }
        if (style == ScoreText.Grisu)
        {
            const double limit = 4611686018427387904.0; // (double)(LLONG_MAX/2) = 2^62
            if (score < -limit || score > limit) return false;
        }
        else
        {
            if (!(score > -4503599627370495.0 && score < 4503599627370496.0)) return false;
        }
        long truncated = (long)score;
        if (truncated != score) return false;
        value = truncated;
        return true;
    }

    public static int TextLength(double score, ScoreText style)
    {
        if (double.IsNaN(score)) return 3;
        if (double.IsInfinity(score)) return score > 0 ? 3 : 4;
        if (score == 0) return double.IsNegative(score) ? 2 : 1;
        int neg = score < 0 ? 1 : 0;
        Span<char> buffer = stackalloc char[40];
        if (style == ScoreText.Grisu)
        {
            // .NET's "R" is the shortest round-trip digit string, the same digits grisu2 produces in all but rare cases.
            score.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
            Digits(buffer[..written], out int ndigits, out int pointExponent);
            return neg + FpconvLength(ndigits, pointExponent - ndigits, neg);
        }
        else
        {
            score.TryFormat(buffer, out int written, "E16", CultureInfo.InvariantCulture);
            Digits(buffer[..written], out int ndigits, out int pointExponent);
            return neg + Printf17gLength(ndigits, pointExponent - 1);
        }
    }

    /// <summary>
    /// Significant digits (trailing zeros dropped) and the position of the decimal point relative to the first one:
    /// value = 0.d1d2… × 10^pointExponent.
    /// </summary>
    private static void Digits(ReadOnlySpan<char> text, out int ndigits, out int pointExponent)
    {
        int e = text.IndexOfAny('E', 'e');
        int exponent = 0;
        ReadOnlySpan<char> mantissa = text;
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = text[..e];
        }
        int digitsBeforePoint = 0;
        bool seenPoint = false;
        bool leading = true;
        int leadingZerosAfterPoint = 0;
        int count = 0;
        int lastNonZero = 0;
        foreach (char c in mantissa)
        {
            if (c == '-') continue;
            if (c == '.') { seenPoint = true; continue; }
            if (leading && c == '0')
            {
                if (seenPoint) leadingZerosAfterPoint++;
                continue;
            }
            leading = false;
            count++;
            if (c != '0') lastNonZero = count;
            if (!seenPoint) digitsBeforePoint++;
        }
        ndigits = lastNonZero;
        pointExponent = digitsBeforePoint - leadingZerosAfterPoint + exponent;
    }

    /// <summary>fpconv_dtoa's emit_digits: plain integer, plain decimal or d.ddde±x (digits capped at 18 − neg).</summary>
    private static int FpconvLength(int ndigits, int k, int neg)
    {
        int exp = Math.Abs(k + ndigits - 1);
        if (k >= 0 && exp < ndigits + 7) return ndigits + k;
        if (k < 0 && (k > -7 || exp < 4))
        {
            int offset = ndigits - Math.Abs(k);
            return offset <= 0 ? ndigits + 2 - offset : ndigits + 1;
        }
        int nd = Math.Min(ndigits, 18 - neg);
        int len = 1 + (nd > 1 ? nd : 0) + 2; // first digit, ".rest", 'e', sign
        len += exp > 99 ? 3 : exp > 9 ? 2 : 1;
        return len;
    }

    /// <summary>%.17g: fixed notation for exponents -4..16, else d.ddde±xx; trailing zeros removed.</summary>
    private static int Printf17gLength(int ndigits, int x)
    {
        if (x < -4 || x >= 17)
        {
            int ax = Math.Abs(x);
            return 1 + (ndigits > 1 ? ndigits : 0) + 2 + (ax >= 100 ? 3 : 2);
        }
        if (x >= 0)
        {
            int frac = Math.Max(0, ndigits - (x + 1));
            return x + 1 + (frac > 0 ? 1 + frac : 0);
        }
        return 2 + (-x - 1) + ndigits;
    }
}
