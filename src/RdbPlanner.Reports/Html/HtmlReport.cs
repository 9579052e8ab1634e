using System.Globalization;
using System.Text;
using RdbPlanner.Analysis;
using RdbPlanner.Memory;
using RdbPlanner.Planning;

namespace RdbPlanner.Reports;

/// <summary>
/// report.html: one self-contained file for pre-migration sign-off. No network at all: CSS inline, charts inline as
/// SVG, no scripts, no fonts, and a Content-Security-Policy of default-src 'none' so even hostile text could not make
/// the browser fetch anything. Well-formed as XML too (tests parse it). Numbers a reader may check against plan.json
/// carry <c>data-field</c> (its path) and <c>data-value</c> (the raw invariant number). Nothing depends on the clock,
/// so the same inputs give the same bytes.
/// </summary>
public static partial class HtmlReport
{
    public const string FileName = "report.html";

    /// <summary>Section ids, in document order.</summary>
    public static readonly IReadOnlyList<string> SectionIds = ["summary", "inputs", "assumptions", "findings", "recommendation", "readiness", "signoff"];

    public static string Write(DatasetSummary summary, PlanResult plan, IReadOnlyList<ChartFile> charts, string path)
    {
        File.WriteAllText(path, Render(summary, plan, charts), new UTF8Encoding(false));
        return path;
    }

    public static string Render(DatasetSummary summary, PlanResult plan, IReadOnlyList<ChartFile> charts)
    {
        var r = new Context(summary, plan, charts.ToDictionary(c => c.Name, StringComparer.Ordinal));
        var h = r.Html;
        string title = $"Pre-migration sizing report: {plan.Options.SourceEngine.Name()} → {plan.Options.TargetEngine.Name()}";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        h.Append("<meta name=\"generator\" content=\"rdbplanner\"/>\n");
        h.Append("<title>").Append(E(title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<header><p class=\"kicker\">RdbPlanner · offline snapshot analysis</p><h1>").Append(E(title)).Append("</h1>");
        h.Append("<p class=\"sub\">").Append(E(InputsLine(summary))).Append("</p></header>\n");
        Toc(r);
        SummarySection(r);
        InputsSection(r);
        AssumptionsSection(r);
        FindingsSection(r);
        RecommendationSection(r);
        ReadinessSection(r);
        SignOffSection(r);
        h.Append("<footer><p>Written by rdbplanner from the snapshot alone; no server was contacted. Bytes are model estimates of ");
        h.Append("<code>used_memory</code> growth; 1 GiB = 2<sup>30</sup> bytes; a month is 730 hours, a year 8,760. ");
        h.Append("Keys are shown as the CSV files write them: non-UTF-8 bytes as \\xNN, a backslash doubled, \\… after a key only partly read.</p></footer>\n");
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private sealed class Context(DatasetSummary summary, PlanResult plan, Dictionary<string, ChartFile> charts)
    {
        public DatasetSummary Summary { get; } = summary;
        public PlanResult Plan { get; } = plan;
        public Dictionary<string, ChartFile> Charts { get; } = charts;
        public StringBuilder Html { get; } = new(256 * 1024);
        public EngineModel Source => Plan.Options.SourceEngine;
        public EngineModel Target => Plan.Options.TargetEngine;
    }

    private static string E(string? text) => HtmlText.Escape(text);

    private static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Inv(decimal v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string InputsLine(DatasetSummary s)
    {
        string files = s.Files.Count == 1 ? Path.GetFileName(s.Files[0].Path) : $"{s.Files.Count} files";
        return $"{files} · {ReportFormat.Int(s.Keys)} keys · {ReportFormat.Size(s.Files.Sum(f => f.Bytes))} on disk";
    }

    /// <summary>A table cell holding a number that must match the plan: shown formatted, raw in data-value.</summary>
    private static void NumCell(StringBuilder h, string field, string raw, string shown) =>
        h.Append("<td class=\"num\" data-field=\"").Append(E(field)).Append("\" data-value=\"").Append(E(raw)).Append("\">").Append(E(shown)).Append("</td>");

    private static void Cell(StringBuilder h, string? text, string? cls = null)
    {
        h.Append(cls is null ? "<td>" : $"<td class=\"{cls}\">").Append(E(text)).Append("</td>");
    }

    private static void HeadRow(StringBuilder h, params string[] columns)
    {
        h.Append("<thead><tr>");
        // A leading '>' marks a numeric column: its header is right-aligned like its cells.
        foreach (var c in columns)
        {
            bool num = c.StartsWith('>');
            h.Append(num ? "<th class=\"num\">" : "<th>").Append(E(num ? c[1..] : c)).Append("</th>");
        }
        h.Append("</tr></thead>");
    }

    private static void Chart(Context r, string name)
    {
        if (!r.Charts.TryGetValue(name, out var chart)) return;
        r.Html.Append("<figure class=\"chart\" id=\"chart-").Append(name).Append("\">");
        r.Html.Append(HtmlText.InlineSvg(chart.Svg, chart.Title));
        r.Html.Append("<figcaption>").Append(E(chart.Caption)).Append(" (also charts/").Append(E(name)).Append(".png and .svg)</figcaption></figure>\n");
    }

    private static void Toc(Context r)
    {
        var h = r.Html;
        string[] titles = ["Summary", "Inputs", "Assumptions", "Findings", "Recommendation and savings", "Migration readiness", "Sign-off"];
        h.Append("<nav class=\"toc\"><ol>");
        for (int i = 0; i < SectionIds.Count; i++) h.Append("<li><a href=\"#").Append(SectionIds[i]).Append("\">").Append(titles[i]).Append("</a></li>");
        h.Append("</ol></nav>\n");
    }

    private const string Css = """
        :root { --ink: #1b1f24; --muted: #5b6470; --line: #d8dde3; --band: #f4f6f8; --src: #D55E00; --tgt: #0072B2; --bad: #b00020; --warn: #8a5a00; --ok: #1b7f3b; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1180px; padding: 24px 32px 48px; color: var(--ink); background: #fff;
               font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        header { border-bottom: 3px solid var(--tgt); margin-bottom: 16px; }
        .kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: 12px; }
        h1 { font-size: 28px; margin: 4px 0 4px; }
        h2 { font-size: 22px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 17px; margin: 24px 0 6px; }
        .sub { color: var(--muted); margin: 0 0 12px; }
        nav.toc ol { display: flex; flex-wrap: wrap; gap: 4px 24px; list-style-position: inside; padding: 8px 12px; margin: 0; background: var(--band); border-radius: 6px; }
        a { color: var(--tgt); }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: var(--band); font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.key, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
        tr.source td:first-child { border-left: 4px solid var(--src); }
        tr.target td:first-child { border-left: 4px solid var(--tgt); }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 12px; margin: 12px 0; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
        .card .label { color: var(--muted); font-size: 13px; }
        .card .value { font-size: 24px; font-weight: 650; }
        .card.source { border-top: 4px solid var(--src); } .card.target { border-top: 4px solid var(--tgt); } .card.save { border-top: 4px solid var(--ok); }
        .banner { padding: 10px 14px; border-radius: 6px; margin: 10px 0; }
        .banner.bad { background: #fde7ea; color: var(--bad); } .banner.warn { background: #fff4d6; color: var(--warn); } .banner.ok { background: #e6f4ea; color: var(--ok); }
        ul.findings li { margin: 3px 0; }
        table.assumptions th, table.recommendation tbody th { width: 210px; white-space: nowrap; background: none; }
        table.models ul { margin: 4px 0 0; padding-left: 18px; color: var(--muted); font-size: 13px; }
        ul.plain { margin: 0; padding-left: 16px; }
        td.nowrap { white-space: nowrap; }
        .code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; color: var(--muted); }
        figure.chart { margin: 12px 0 20px; }
        svg.chart { display: block; width: 100%; height: auto; aspect-ratio: 1200 / 700; border: 1px solid var(--line); border-radius: 6px; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
        .box { display: inline-block; width: 14px; height: 14px; border: 1.5px solid var(--ink); border-radius: 2px; vertical-align: -2px; }
        table.signoff td { height: 46px; }
        footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
        @media print {
          @page { size: A4; margin: 14mm 12mm; }
          body { max-width: none; padding: 0; font-size: 11pt; }
          nav.toc { display: none; }
          a { color: inherit; text-decoration: none; }
          h2 { break-after: avoid; }
          section { break-inside: auto; }
          table, figure.chart, .card, tr { break-inside: avoid; }
          figure.chart { page-break-inside: avoid; }
          #signoff { break-before: page; }
          tbody tr:nth-child(even) { background: none; }
        }
        """;
}
