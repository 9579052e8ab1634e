using System.Text;
using System.Xml.Linq;

namespace RdbPlanner.Reports;

/// <summary>
/// Escaping for report.html. Everything that came from a snapshot (keys, prefixes, writer strings, file names) is
/// hostile: it goes through <see cref="Escape"/>, which also drops what XML forbids, so the report stays well-formed
/// (it parses as XML as well as HTML) whatever the file held.
/// </summary>
public static class HtmlText
{
    /// <summary>Escapes &amp; &lt; &gt; " ' and replaces control characters, lone surrogates and U+FFFE/U+FFFF with U+FFFD.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (replacement is null)
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb?.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }
                bool bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF';
                if (!bad)
                {
                    sb?.Append(c);
                    continue;
                }
                replacement = "\uFFFD";
            }
            sb ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            sb.Append(replacement);
        }
        return sb?.ToString() ?? text;
    }

    /// <summary>
    /// Renames every id of an SVG to PREFIX-1, PREFIX-2 … in document order and rewrites the references to them.
    /// ScottPlot numbers clip paths from a process-wide counter: without this the same chart would differ between runs,
    /// and two charts inlined in one page could share an id and clip each other.
    /// </summary>
    public static string NormalizeSvgIds(string svg, string prefix)
    {
        var doc = XDocument.Parse(svg);
        var root = doc.Root ?? throw new InvalidDataException("SVG without a root element");
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in root.DescendantsAndSelf().Select(e => e.Attribute("id")).Where(a => a is not null).ToList())
        {
            string fresh = prefix + "-" + (renamed.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            renamed[id!.Value] = fresh;
            id.Value = fresh;
        }
        foreach (var attr in root.DescendantsAndSelf().SelectMany(e => e.Attributes()).ToList())
        {
            string v = attr.Value;
            if (!v.Contains('#', StringComparison.Ordinal)) continue;
            if (v.StartsWith("url(#", StringComparison.Ordinal) && v.EndsWith(')') && renamed.TryGetValue(v[5..^1], out var to))
            {
                attr.Value = "url(#" + to + ")";
            }
            else if (v.StartsWith('#') && renamed.TryGetValue(v[1..], out var to2))
            {
                attr.Value = "#" + to2;
            }
        }
        return doc.Declaration + "\n" + root.ToString(SaveOptions.None) + "\n";
    }

    /// <summary>
    /// Prepares an SVG for inlining in the page: drops the XML declaration, scales it with the page through a
    /// viewBox, and labels it for screen readers. Its ids must already be unique in the page (<see cref="NormalizeSvgIds"/>).
    /// </summary>
    public static string InlineSvg(string svg, string label)
    {
        var root = XDocument.Parse(svg).Root ?? throw new InvalidDataException("SVG without a root element");
        string width = root.Attribute("width")?.Value ?? ReportCharts.Width.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string height = root.Attribute("height")?.Value ?? ReportCharts.Height.ToString(System.Globalization.CultureInfo.InvariantCulture);
        root.SetAttributeValue("viewBox", $"0 0 {width} {height}");
        root.SetAttributeValue("width", null);
        root.SetAttributeValue("height", null);
        root.SetAttributeValue("class", "chart");
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-label", label);
        root.SetAttributeValue("preserveAspectRatio", "xMidYMid meet");
        return root.ToString(SaveOptions.DisableFormatting);
    }
}
