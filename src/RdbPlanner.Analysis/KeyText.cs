using System.Buffers;
using System.Text;

namespace RdbPlanner.Analysis;

/// <summary>
/// The one way RdbPlanner prints a key's bytes as text (CSV, HTML, JSON), the same rule as the analyzer's
/// RdbPlanner.Analysis.KeyText (top keys, prefixes), so a key reads identically in every report:
/// <list type="bullet">
/// <item>a key that is valid UTF-8 and holds no C0 control, DEL or backslash is printed as is;</item>
/// <item>any other key is escaped whole: printable ASCII as is, a backslash doubled (<c>\\</c>), every other byte
/// (controls, DEL, every byte of a multi-byte or invalid sequence) as <c>\xNN</c>, lower-case hex;</item>
/// <item>a key the reader handed over only in part (longer than its inline limit) ends with <see cref="TruncationMarker"/>.</item>
/// </list>
/// Escaped text holds only printable ASCII, and a literal backslash is always doubled there, so <c>\x</c> and the
/// marker never come from the key itself: <see cref="Unescape"/> inverts it exactly.
/// </summary>
public static class KeyText
{
    /// <summary>Backslash + HORIZONTAL ELLIPSIS: "the key goes on; only its first bytes are known".</summary>
    public const string TruncationMarker = "\\\u2026";

    private static ReadOnlySpan<byte> MarkerUtf8 => [(byte)'\\', 0xE2, 0x80, 0xA6];

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Largest output of <see cref="Escape(ReadOnlySpan{byte}, bool, Span{byte})"/> for a key of <paramref name="keyBytes"/> bytes.</summary>
    public static int MaxEscapedLength(int keyBytes) => checked((keyBytes * 4) + 4);

    // C0 controls, DEL and backslash: a key holding any of them is escaped.
    private static readonly SearchValues<byte> s_escaped = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), 0x7F, (byte)'\\']);

    /// <summary>
    /// Whether the key prints as is: valid UTF-8 without C0 controls, DEL or backslash. The runtime's vectorised search
    /// replaced a byte loop that was 3.3 % of a per-key CSV export; <see cref="IsPlainScalar"/> is its reference.
    /// </summary>
    public static bool IsPlain(ReadOnlySpan<byte> key) => !key.ContainsAny(s_escaped) && System.Text.Unicode.Utf8.IsValid(key);

    /// <summary>The byte-by-byte reference of <see cref="IsPlain"/> (tests compare the two).</summary>
    internal static bool IsPlainScalar(ReadOnlySpan<byte> key)
    {
        foreach (byte b in key)
        {
            if (b < 0x20 || b == 0x7F || b == (byte)'\\') return false;
        }
        return System.Text.Unicode.Utf8.IsValid(key);
    }

    /// <summary>Writes the escaped key as UTF-8 into <paramref name="destination"/> (at least <see cref="MaxEscapedLength"/> long); returns the byte count.</summary>
    public static int Escape(ReadOnlySpan<byte> key, bool truncated, Span<byte> destination)
    {
        int o;
        if (IsPlain(key))
        {
            key.CopyTo(destination);
            o = key.Length;
        }
        else
        {
            o = 0;
            foreach (byte b in key)
            {
                if (b == (byte)'\\')
                {
                    destination[o++] = (byte)'\\';
                    destination[o++] = (byte)'\\';
                }
                else if (b >= 0x20 && b < 0x7F)
                {
                    destination[o++] = b;
                }
                else
                {
                    destination[o++] = (byte)'\\';
                    destination[o++] = (byte)'x';
                    destination[o++] = Hex[b >> 4];
                    destination[o++] = Hex[b & 0xF];
                }
            }
        }

        if (truncated)
        {
            MarkerUtf8.CopyTo(destination[o..]);
            o += MarkerUtf8.Length;
        }
        return o;
    }

    /// <summary>The escaped key as a string. <paramref name="keyLength"/> is the key's full length (more than the span when truncated).</summary>
    /// <summary>A complete key as text (the common case: every key shorter than the reader's inline limit).</summary>
    public static string Escape(ReadOnlySpan<byte> key) => ToText(key, key.Length);

    public static string ToText(ReadOnlySpan<byte> key, long keyLength)
    {
        int max = MaxEscapedLength(key.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        int n = Escape(key, keyLength > key.Length, buffer);
        string text = Encoding.UTF8.GetString(buffer[..n]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return text;
    }

    /// <summary>
    /// Inverse of <see cref="Escape(ReadOnlySpan{byte}, bool, Span{byte})"/>: the key's bytes and whether it was truncated.
    /// Throws <see cref="FormatException"/> on a backslash that starts neither <c>\\</c>, <c>\xNN</c> nor a final marker.
    /// </summary>
    public static byte[] Unescape(string text, out bool truncated)
    {
        truncated = false;
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    int n = new Rune(c, text[i + 1]).EncodeToUtf8(utf8);
                    for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    throw new FormatException($"unpaired surrogate at position {i}");
                }
                else
                {
                    int n = new Rune(c).EncodeToUtf8(utf8);
                    for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
                }
                continue;
            }
            if (i + 1 >= text.Length) throw new FormatException($"dangling backslash at position {i}");
            char next = text[i + 1];
            if (next == '\\')
            {
                bytes.Add((byte)'\\');
                i++;
            }
            else if (next == 'x' && i + 3 < text.Length)
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 2, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture));
                i += 3;
            }
            else if (next == '\u2026' && i + 2 == text.Length)
            {
                truncated = true;
                i++;
            }
            else
            {
                throw new FormatException($"unknown escape '\\{next}' at position {i}");
            }
        }
        return [.. bytes];
    }
}
