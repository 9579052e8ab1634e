using System.Buffers;
using System.Text;

namespace RdbPlanner.Reports;

/// <summary>
/// The one way RdbPlanner prints a key's bytes as text (CSV, HTML, JSON). Reversible and unchanged for ordinary keys:
/// <list type="bullet">
/// <item>valid UTF-8 is copied as is, except control characters (U+0000–U+001F, U+007F–U+009F);</item>
/// <item>a backslash is doubled: <c>\\</c>;</item>
/// <item>every other byte (invalid UTF-8, the bytes of a control character) is written as <c>\xNN</c>, lower-case hex;</item>
/// <item>a key the reader handed over only in part (longer than its inline limit) ends with <see cref="TruncationMarker"/>.</item>
/// </list>
/// Because a literal backslash is always doubled, <c>\x</c> and the marker can never come from the key itself.
/// </summary>
public static class KeyText
{
    /// <summary>Backslash + HORIZONTAL ELLIPSIS: "the key goes on; only its first bytes are known".</summary>
    public const string TruncationMarker = "\\\u2026";

    private static ReadOnlySpan<byte> MarkerUtf8 => [(byte)'\\', 0xE2, 0x80, 0xA6];

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Largest output of <see cref="Escape(ReadOnlySpan{byte}, bool, Span{byte})"/> for a key of <paramref name="keyBytes"/> bytes.</summary>
    public static int MaxEscapedLength(int keyBytes) => checked((keyBytes * 4) + 4);

    /// <summary>Writes the escaped key as UTF-8 into <paramref name="destination"/> (at least <see cref="MaxEscapedLength"/> long); returns the byte count.</summary>
    public static int Escape(ReadOnlySpan<byte> key, bool truncated, Span<byte> destination)
    {
        int o = 0;
        int i = 0;
        while (i < key.Length)
        {
            byte b = key[i];
            if (b < 0x80)
            {
                if (b == (byte)'\\')
                {
                    destination[o++] = (byte)'\\';
                    destination[o++] = (byte)'\\';
                }
                else if (b < 0x20 || b == 0x7F)
                {
                    o += WriteHexEscape(b, destination[o..]);
                }
                else
                {
                    destination[o++] = b;
                }
                i++;
                continue;
            }

            var status = Rune.DecodeFromUtf8(key[i..], out Rune rune, out int consumed);
            if (status == OperationStatus.Done && !(rune.Value >= 0x80 && rune.Value <= 0x9F))
            {
                key.Slice(i, consumed).CopyTo(destination[o..]);
                o += consumed;
            }
            else
            {
                // Invalid, incomplete (a prefix cut mid-character) or a C1 control: escape each byte of that stretch.
                for (int k = 0; k < consumed; k++)
                {
                    o += WriteHexEscape(key[i + k], destination[o..]);
                }
            }
            i += consumed;
        }

        if (truncated)
        {
            MarkerUtf8.CopyTo(destination[o..]);
            o += MarkerUtf8.Length;
        }
        return o;
    }

    /// <summary>The escaped key as a string. <paramref name="keyLength"/> is the key's full length (more than the span when truncated).</summary>
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

    private static int WriteHexEscape(byte b, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        destination[1] = (byte)'x';
        destination[2] = Hex[b >> 4];
        destination[3] = Hex[b & 0xF];
        return 4;
    }
}
