namespace RdbPlanner.Reports.Tests;

public class ProgressReporterTests
{
    private sealed class ManualTime : TimeProvider
    {
        public long Ticks;
        public override long TimestampFrequency => 1000;
        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void Report_IsThrottled_AndShowsRateAndEta()
    {
        var time = new ManualTime();
        var error = new StringWriter();
        var p = new ProgressReporter(error, "dump.rdb", 100_000_000, time);
        p.Report(1_000_000);                 // t = 0: too early
        Assert.Equal(0, p.Updates);
        time.Ticks = 1000;                   // 1 s later
        p.Report(20_000_000);
        Assert.Equal(1, p.Updates);
        time.Ticks = 1100;                   // 0.1 s later: throttled
        p.Report(22_000_000);
        Assert.Equal(1, p.Updates);
        Assert.Equal("\rdump.rdb: 20.0 MB / 100.0 MB (20.0 %), 20.0 MB/s, ETA 0:04", error.ToString());
        time.Ticks = 5000;
        p.Complete(100_000_000);
        Assert.EndsWith("dump.rdb: 100.0 MB / 100.0 MB (100.0 %), 20.0 MB/s, 0:05 elapsed" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void UnknownTotal_HasNoEta()
    {
        var p = new ProgressReporter(new StringWriter(), "stdin", -1);
        Assert.Equal("stdin: 5.0 MB, 10.0 MB/s", p.Format(5_000_000, TimeSpan.FromMilliseconds(500)));
        Assert.Equal("stdin: 5.0 MB, 2.5 MB/s, 0:02 elapsed", p.Format(5_000_000, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Disabled_WritesNothing()
    {
        var time = new ManualTime();
        var p = new ProgressReporter(null, "x", 10, time);
        time.Ticks = 10_000;
        p.Report(5);
        p.Complete(10);
        p.Dispose();
        Assert.False(p.Enabled);
        Assert.Equal(0, p.Updates);
    }

    [Fact]
    public void ForConsole_Quiet_IsDisabled_EvenWhenForced()
    {
        Assert.False(ProgressReporter.ForConsole("x", 1, quiet: true, force: true).Enabled);
        Assert.True(ProgressReporter.ForConsole("x", 1, quiet: false, force: true).Enabled);
    }

    [Fact]
    public void ShorterLine_IsPaddedOverTheLongerOne()
    {
        var time = new ManualTime();
        var error = new StringWriter();
        var p = new ProgressReporter(error, "f", -1, time);
        time.Ticks = 1000;
        p.Report(123_456_789_000);
        int first = error.ToString().Length - 1;
        time.Ticks = 2000;
        p.Report(1);
        string second = error.ToString()[(first + 1)..];
        Assert.Equal(first + 1, second.Length);   // '\r' + text padded to the previous width
        p.Dispose();
        Assert.EndsWith(Environment.NewLine, error.ToString());
    }
}
