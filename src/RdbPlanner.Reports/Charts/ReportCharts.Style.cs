using ScottPlot;

namespace RdbPlanner.Reports;

/// <summary>Look shared by every chart: sans-serif text sized for 1200×700, manual ticks, manual legends.</summary>
public static partial class ReportCharts
{
    private const string FontName = "DejaVu Sans";

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal);
        plot.Axes.Title.Label.FontSize = 22;
        plot.Axes.Title.Label.Bold = true;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.Label.FontSize = 16;
            axis.TickLabelStyle.FontSize = 13;
        }
        plot.Legend.FontSize = 14;
        return plot;
    }

    private static Bar ValueBar(double position, double value, string label, Color color) => new()
    {
        Position = position,
        Value = value,
        Label = label,
        FillColor = color,
        LineWidth = 0,
        CenterLabel = false,
    };

    private static ScottPlot.Plottables.BarPlot AddBars(Plot plot, List<Bar> bars)
    {
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 14;
        return barPlot;
    }

    private static void SetTicks(IAxis axis, IEnumerable<(double Position, string Label)> ticks)
    {
        var list = ticks.ToList();
        axis.SetTicks([.. list.Select(t => t.Position)], [.. list.Select(t => t.Label)]);
        axis.MajorTickStyle.Length = 0;
    }

    private static void Legend(Plot plot, Alignment alignment, params (string Label, Color Color)[] items)
    {
        if (items.Length == 0) return;
        plot.ShowLegend(items.Select(i => new LegendItem { LabelText = i.Label, FillColor = i.Color }).ToList(), alignment);
    }

    private static void Labels(Plot plot, string title, string x, string y)
    {
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
    }

    private static void NoData(Plot plot, string message)
    {
        var note = plot.Add.Annotation(message, Alignment.MiddleCenter);
        note.LabelFontSize = 20;
    }

    /// <summary>Cuts a label from the file to <paramref name="max"/> characters (an ellipsis marks the cut).</summary>
    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
