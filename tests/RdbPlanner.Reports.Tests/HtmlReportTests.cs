using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using RdbPlanner.Memory;
using RdbPlanner.Planning;

namespace RdbPlanner.Reports.Tests;

public class HtmlReportTests
{
    internal static XDocument Parse(string html)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
        using var reader = XmlReader.Create(new StringReader(html), settings);
        return XDocument.Load(reader);
    }

    private static (ReportFiles Files, PlanResult Plan, XDocument Doc, string Html) Write(string name)
    {
        var summary = SampleSummary.Create();
        var plan = SamplePlan.Create(summary);
        var files = ReportOutput.WriteAll(summary, plan, TestOutput.Dir(name));
        string html = File.ReadAllText(files.ReportHtml);
        return (files, plan, Parse(html), html);
    }

    private static string Field(XDocument doc, string field) =>
        doc.Descendants().Where(e => (string?)e.Attribute("data-field") == field).Select(e => (string)e.Attribute("data-value")!).Distinct().Single();

    [Fact]
    public void Report_HasEverySection_InOrder()
    {
        var (_, _, doc, _) = Write("html-sections");
        var ids = doc.Descendants().Where(e => e.Name.LocalName == "section").Select(e => (string)e.Attribute("id")!).ToList();
        Assert.Equal(HtmlReport.SectionIds, ids);
        var h3 = doc.Descendants().Where(e => e.Name.LocalName == "h3").Select(e => e.Value).ToList();
        Assert.Contains("Biggest keys", h3);
        Assert.Contains("Key prefixes", h3);
        Assert.Contains("Time to live", h3);
        Assert.Contains("Slot balance", h3);
        Assert.Contains("Checklist", h3);
        var signoff = doc.Descendants().Single(e => (string?)e.Attribute("id") == "signoff").Value;
        Assert.Contains("Prepared by", signoff);
        Assert.Contains("Reviewed by", signoff);
        Assert.Contains("Date", signoff);
    }

    [Fact]
    public void Report_NumbersEqualThePlan()
    {
        var (_, plan, doc, _) = Write("html-numbers");
        string I(decimal v) => v.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(I(plan.Target!.Recommended.UsdPerMonth), Field(doc, "target.usd_per_month"));
        Assert.Equal(I(plan.Source!.Recommended.UsdPerMonth), Field(doc, "source.usd_per_month"));
        Assert.Equal(I(plan.Target.Recommended.UsdPerYear), Field(doc, "target.usd_per_year"));
        Assert.Equal(plan.Target.Recommended.Shards.ToString(CultureInfo.InvariantCulture), Field(doc, "target.shards"));
        Assert.Equal(plan.Source.Recommended.Nodes.ToString(CultureInfo.InvariantCulture), Field(doc, "source.nodes"));
        Assert.Equal(I(plan.Savings!.UsdPerMonthSaved), Field(doc, "savings.usd_per_month_saved"));
        Assert.Equal(I(plan.Savings.UsdPerYearSaved), Field(doc, "savings.usd_per_year_saved"));
        Assert.Equal(I(plan.Savings.PercentSaved), Field(doc, "savings.percent_saved"));
        Assert.Equal(I(plan.Serverless[0].UsdPerMonth), Field(doc, "serverless[0].usd_per_month"));
        foreach (var e in plan.Estimates)
        {
            Assert.Equal(e.StandaloneBytes.ToString(CultureInfo.InvariantCulture), Field(doc, $"estimates.{e.Engine.Name()}.standalone_bytes"));
            Assert.Equal(e.ClusterBytes.ToString(CultureInfo.InvariantCulture), Field(doc, $"estimates.{e.Engine.Name()}.cluster_bytes"));
        }
        Assert.Equal(plan.Options.Region, Field(doc, "options.region"));
        // The shown text is the formatted number, not something else.
        var cell = doc.Descendants().First(e => (string?)e.Attribute("data-field") == "target.usd_per_month" && e.Name.LocalName == "td");
        Assert.Equal("$1,224.06", cell.Value);
        Assert.Contains("saves $1,071.06 per month (46.67 %)", doc.Descendants().Single(e => (string?)e.Attribute("id") == "recommendation").Value);
    }

    [Fact]
    public void Report_SaysAGzipInputsDigestIsOfTheDecompressedSnapshot()
    {
        const string note = "The SHA-256 of a gzip input is that of the decompressed snapshot";
        var (_, _, _, plainHtml) = Write("html-digest-plain");
        Assert.DoesNotContain(note, plainHtml);

        var summary = SampleSummary.Create(gzip: true);
        var files = ReportOutput.WriteAll(summary, SamplePlan.Create(summary), TestOutput.Dir("html-digest-gzip"));
        Assert.Contains(note, File.ReadAllText(files.ReportHtml));
    }

    [Fact]
    public void Report_EscapesHostileText_AndIsSelfContained()
    {
        var (files, _, doc, html) = Write("html-escape");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>evil", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        var keys = doc.Descendants().Where(e => (string?)e.Attribute("class") == "key").Select(e => e.Value).ToList();
        Assert.Contains(SampleSummary.ScriptKey, keys);
        Assert.Contains("/data/prod-<cache>.rdb", keys);
        Assert.Contains("<b>evil</b>:", keys);

        // No reference to anything outside the file.
        foreach (var attr in doc.Descendants().SelectMany(e => e.Attributes()))
        {
            if (attr.Name.LocalName is "href" or "src" or "action" or "data")
            {
                Assert.StartsWith("#", attr.Value);
            }
        }
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(http", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html);

        // Six inline charts with unique ids; every url(#id) points at an id of the same page.
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal(6, doc.Descendants(svg + "svg").Count());
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).Where(i => i is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var reference in System.Text.RegularExpressions.Regex.Matches(html, @"url\(#([^)]+)\)").Select(m => m.Groups[1].Value))
        {
            Assert.Contains(reference, ids);
        }
        Assert.Equal(6, files.Charts.Count);
        Assert.Equal(5, files.CsvFiles.Count);
        Assert.All(files.Charts, c => Assert.True(File.Exists(c.PngPath) && File.Exists(c.SvgPath)));
    }

    [Fact]
    public void Report_IsDeterministic()
    {
        var summary = SampleSummary.Create();
        var plan = SamplePlan.Create(summary);
        var a = ReportOutput.WriteAll(summary, plan, TestOutput.Dir("html-det-a"));
        var b = ReportOutput.WriteAll(summary, plan, TestOutput.Dir("html-det-b"));
        Assert.Equal(File.ReadAllText(a.ReportHtml), File.ReadAllText(b.ReportHtml));
    }

    [Fact]
    public void Report_WithoutRecommendation_StillRenders()
    {
        var summary = SampleSummary.Create();
        var plan = SamplePlan.Create(summary) with { Source = null, Target = null, Savings = null, Candidates = [] };
        var files = ReportOutput.WriteAll(summary, plan, TestOutput.Dir("html-nofit"));
        var doc = Parse(File.ReadAllText(files.ReportHtml));
        Assert.Contains("no candidate fits", doc.Root!.Value);
        Assert.Contains("No savings figure", doc.Root.Value);
    }

    [Theory]
    [InlineData("a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#39;")]
    [InlineData("ok é 😀", "ok é 😀")]
    [InlineData("x\u0000y\u001bz", "x\uFFFDy\uFFFDz")]
    public void Escape_Cases(string text, string expected)
    {
        Assert.Equal(expected, HtmlText.Escape(text));
    }

    [Fact]
    public void Escape_LoneSurrogate_IsReplaced()
    {
        Assert.Equal("lone \uFFFD surrogate", HtmlText.Escape("lone \uD800 surrogate"));
        Assert.Equal("\uFFFD", HtmlText.Escape("\uDC00"));
    }
}
