using System.Buffers.Binary;
using System.Xml.Linq;

namespace RdbPlanner.Reports.Tests;

public class ChartTests
{
    /// <summary>Width and height from a PNG's signature and IHDR chunk (PNG spec §5.2, §11.2.2).</summary>
    internal static (int Width, int Height) PngSize(byte[] png)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.Length > 33, "PNG too short");
        Assert.Equal(signature, png[..8]);
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(8)));
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return ((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void WriteAll_WritesSixCharts_AsPngAndSvg()
    {
        var summary = SampleSummary.Create();
        var plan = SamplePlan.Create(summary);
        string dir = TestOutput.Dir("charts");
        var charts = ReportCharts.WriteAll(summary, plan, dir);

        Assert.Equal(ReportCharts.Names, charts.Select(c => c.Name));
        foreach (var chart in charts)
        {
            var png = File.ReadAllBytes(chart.PngPath);
            Assert.Equal((ReportCharts.Width, ReportCharts.Height), PngSize(png));
            Assert.True(png.Length > 10_000, $"{chart.Name}.png is only {png.Length} bytes");

            var svg = XDocument.Load(chart.SvgPath);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);
            Assert.Equal("1200", svg.Root.Attribute("width")!.Value);
            Assert.Equal("700", svg.Root.Attribute("height")!.Value);
            var texts = svg.Descendants(ns + "text").Select(t => t.Value.Trim()).ToList();
            Assert.Contains(texts, t => t.Length > 10);   // title present as text
            Assert.Equal(File.ReadAllText(chart.SvgPath), chart.Svg);
        }
    }

    [Fact]
    public void Charts_CarryTitlesUnitsAndEscapedLabels()
    {
        var summary = SampleSummary.Create();
        var plan = SamplePlan.Create(summary);
        var charts = ReportCharts.WriteAll(summary, plan, TestOutput.Dir("charts-text")).ToDictionary(c => c.Name);
        string Text(string name) => string.Join("\n", XDocument.Parse(charts[name].Svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()));

        Assert.Contains("Estimated memory by engine and mode", Text(ReportCharts.MemoryByEngine));
        Assert.Contains("(GiB)", Text(ReportCharts.MemoryByEngine));
        Assert.Contains("redis-7.2 (source)", Text(ReportCharts.MemoryByEngine));
        Assert.Contains("valkey-8.1 (target)", Text(ReportCharts.MemoryByEngine));
        Assert.Contains("USD/month", Text(ReportCharts.MonthlyCost));
        Assert.Contains("$1,224.06 (recommended)", Text(ReportCharts.MonthlyCost));   // 0.4192 $/node-h × 2 shards × 2 nodes × 730 h
        Assert.Contains("<b>evil</b>:", Text(ReportCharts.TopPrefixes)); // text, not markup: the SVG escapes it
        Assert.DoesNotContain("<b>", charts[ReportCharts.TopPrefixes].Svg);
        Assert.Contains("Keys (count)", Text(ReportCharts.TtlHistogram));
        Assert.Contains("usable per node", Text(ReportCharts.ShardMemory));
    }

    [Fact]
    public void TypeChart_GivesEveryModelItsOwnColour()
    {
        var summary = SampleSummary.Create();
        var charts = ReportCharts.WriteAll(summary, SamplePlan.Create(summary), TestOutput.Dir("charts-colours")).ToDictionary(c => c.Name);
        var fills = XDocument.Parse(charts[ReportCharts.MemoryByType].Svg).Descendants()
            .Select(e => (string?)e.Attribute("fill")).Where(f => f is not null && f.StartsWith('#') && f != "#010101")
            .Distinct().Count();
        Assert.Equal(RdbPlanner.Memory.EngineModelNames.Count, fills);
    }
}

public class ShardChartScaleTests
{
    private static string LegendText(RdbPlanner.Planning.PlanResult plan, RdbPlanner.Analysis.DatasetSummary summary)
    {
        var chart = ReportCharts.WriteAll(summary, plan, TestOutput.Dir("shard-scale-" + Guid.NewGuid().ToString("N")[..8]))
            .Single(c => c.Name == ReportCharts.ShardMemory);
        return string.Join("\n", System.Xml.Linq.XDocument.Parse(chart.Svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()));
    }

    [Fact]
    public void CapacityFarAboveShards_IsStatedOffScale()
    {
        var summary = SampleSummary.Create();
        var plan = SamplePlan.Create(summary);   // shards need ~1.9 GB of 18.4 GiB usable
        Assert.Contains("usable per node (18.4 GiB, off the scale)", LegendText(plan, summary));
    }

    [Fact]
    public void CapacityNearShards_IsDrawn()
    {
        var summary = SampleSummary.Create();
        var plan = SamplePlan.Create(summary);
        var layout = plan.Target!.ShardLayout.Select(s => s with { NeededBytes = 15_000_000_000 }).ToList();
        plan = plan with { Target = plan.Target with { ShardLayout = layout } };
        string text = LegendText(plan, summary);
        Assert.Contains("usable per node (18.4 GiB)", text);
        Assert.Contains("needs 14.0 GiB", text);
    }
}
