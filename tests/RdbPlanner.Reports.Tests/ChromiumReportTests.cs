using System.Text.Json;
using System.Text.RegularExpressions;

namespace RdbPlanner.Reports.Tests;

/// <summary>report.html opened in headless Chromium: no network, charts with size, a screenshot.</summary>
public partial class ChromiumReportTests
{
    private static string WriteReport(string name)
    {
        var summary = SampleSummary.Create();
        var plan = SamplePlan.Create(summary);
        return ReportOutput.WriteAll(summary, plan, TestOutput.Dir(name)).ReportHtml;
    }

    [Fact]
    public void Report_LoadsWithZeroNetworkRequests_AndScreenshotIsWritten()
    {
        Chromium.RequireOrSkip();
        string report = WriteReport("chromium-screenshot");
        string dir = Path.GetDirectoryName(report)!;
        string shot = Path.Combine(dir, "screenshot.png");
        string netLog = Path.Combine(dir, "net-log.json");

        var run = Chromium.Run(dir, "--screenshot=" + shot, "--window-size=1200,2000", "--log-net-log=" + netLog, new Uri(report).AbsoluteUri);

        Assert.True(run.ExitCode == 0, $"chromium exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal((1200, 2000), ChartTests.PngSize(File.ReadAllBytes(shot)));
        var (page, browser) = Chromium.NetLogRequests(netLog);
        TestContext.Current.TestOutputHelper?.WriteLine($"page requests: {page.Count}; Chromium's own background requests (blocked by the closed proxy): {browser.Count}");
        Assert.Empty(page);
    }

    [Fact]
    public void NetLogCheck_CatchesAPageThatFetches()
    {
        // The control: the same check must see the requests of a page that loads from the network.
        Chromium.RequireOrSkip();
        string dir = TestOutput.Dir("chromium-control");
        string bad = Path.Combine(dir, "bad.html");
        File.WriteAllText(bad, "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"https://cdn.example.invalid/x.css\"/></head>"
            + "<body><img src=\"http://example.invalid/a.png\"/></body></html>");
        string netLog = Path.Combine(dir, "net-log.json");

        var run = Chromium.Run(dir, "--dump-dom", "--log-net-log=" + netLog, new Uri(bad).AbsoluteUri);

        Assert.Equal(0, run.ExitCode);
        var (page, _) = Chromium.NetLogRequests(netLog);
        Assert.Contains("https://cdn.example.invalid/x.css", page);
        Assert.Contains("http://example.invalid/a.png", page);
    }

    /// <summary>
    /// A copy of the report with a check script added (the report itself has none, and its CSP forbids scripts, so the
    /// copy's CSP additionally allows inline script). After load, the script lists every img's natural size, every
    /// svg's rendered size, the resources the page fetched and any CSP violation, into a &lt;pre&gt; that --dump-dom prints.
    /// </summary>
    [Fact]
    public void Report_EveryChartHasSize_AndNothingIsFetched()
    {
        Chromium.RequireOrSkip();
        string report = WriteReport("chromium-dom");
        string dir = Path.GetDirectoryName(report)!;
        string html = File.ReadAllText(report);
        const string csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        Assert.Contains(csp, html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        string check = Path.Combine(dir, "report-check.html");
        File.WriteAllText(check, html.Replace(csp, csp + "; script-src 'unsafe-inline'", StringComparison.Ordinal)
            .Replace("</body>", CheckScript + "</body>", StringComparison.Ordinal));

        var run = Chromium.Run(dir, "--dump-dom", "--window-size=1200,2000", "--virtual-time-budget=5000", new Uri(check).AbsoluteUri);

        Assert.True(run.ExitCode == 0, $"chromium exit {run.ExitCode}: {run.Stderr}");
        var match = CheckOutput().Match(run.Stdout);
        Assert.True(match.Success, "the check script did not run; DOM starts: " + run.Stdout[..Math.Min(300, run.Stdout.Length)]);
        using var result = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value));
        var root = result.RootElement;
        Assert.Equal(HtmlReport.SectionIds.Count, root.GetProperty("sections").GetInt32());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(ReportCharts.Names.Count, items.Count(i => i.GetProperty("tag").GetString() == "svg"));
        foreach (var item in items)
        {
            Assert.True(item.GetProperty("w").GetDouble() > 0 && item.GetProperty("h").GetDouble() > 0, $"zero-size {item}");
        }
        Assert.Empty(root.GetProperty("resources").EnumerateArray());
        Assert.Empty(root.GetProperty("violations").EnumerateArray());
    }

    private const string CheckScript = """
        <script>
        var violations = [];
        document.addEventListener('securitypolicyviolation', function (e) { violations.push(e.blockedURI); });
        window.addEventListener('load', function () {
          var items = [];
          document.querySelectorAll('img').forEach(function (el) { items.push({ tag: 'img', w: el.naturalWidth, h: el.naturalHeight }); });
          document.querySelectorAll('svg').forEach(function (el) { var b = el.getBoundingClientRect(); items.push({ tag: 'svg', w: b.width, h: b.height }); });
          var out = document.createElement('pre');
          out.id = 'rdbplanner-check';
          out.textContent = JSON.stringify({ items: items, sections: document.querySelectorAll('section').length,
            resources: performance.getEntriesByType('resource').map(function (r) { return r.name; }), violations: violations });
          document.body.appendChild(out);
        });
        </script>
        """;

    [GeneratedRegex("<pre id=\"rdbplanner-check\">([^<]*)</pre>")]
    private static partial Regex CheckOutput();
}
