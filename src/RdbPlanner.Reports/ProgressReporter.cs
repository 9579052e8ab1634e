using System.Globalization;
using System.Text;

namespace RdbPlanner.Reports;

/// <summary>
/// One self-overwriting status line on stderr for long work: bytes done, MB/s and, when the total is known, percent and
/// ETA. Silent unless enabled: <see cref="ForConsole"/> enables it only when stderr is a terminal (so logs and pipes
/// stay clean) and not --quiet. Updates are throttled (default 4 per second) so reporting costs nothing measurable;
/// <see cref="Report"/> is cheap to call per buffer refill. Never touches stdout. MB are 10^6 bytes.
/// </summary>
public sealed class ProgressReporter : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter? _error;
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly long _start;
    private readonly StringBuilder _line = new();
    private long _lastWrite;
    private int _lastLength;
    private bool _wroteAny;
    private bool _completed;

    /// <param name="error">Where to write (stderr); null disables the reporter.</param>
    /// <param name="label">Shown first, e.g. the file name.</param>
    /// <param name="totalBytes">Total to expect, or -1 when unknown (stdin, gzip).</param>
    /// <param name="time">Clock, for tests; the system clock by default.</param>
    /// <param name="interval">Least time between two updates.</param>
    public ProgressReporter(TextWriter? error, string label, long totalBytes, TimeProvider? time = null, TimeSpan? interval = null)
    {
        _error = error;
        Label = label;
        TotalBytes = totalBytes;
        _time = time ?? TimeProvider.System;
        _intervalTicks = (long)((interval ?? DefaultInterval).TotalSeconds * _time.TimestampFrequency);
        _start = _time.GetTimestamp();
        _lastWrite = _start;
    }

    /// <summary>
    /// The reporter the CLI uses: writes to <see cref="Console.Error"/> when stderr is a terminal and not
    /// <paramref name="quiet"/>; <paramref name="force"/> writes even when stderr is redirected (never when quiet).
    /// </summary>
    public static ProgressReporter ForConsole(string label, long totalBytes, bool quiet, bool force = false)
    {
        bool enabled = !quiet && (force || !Console.IsErrorRedirected);
        return new ProgressReporter(enabled ? Console.Error : null, label, totalBytes);
    }

    public string Label { get; }

    public long TotalBytes { get; }

    public bool Enabled => _error is not null;

    /// <summary>Status lines written so far (for tests and to decide whether a final newline is due).</summary>
    public int Updates { get; private set; }

    /// <summary>Notes progress; writes a line only when the interval has passed since the last one.</summary>
    public void Report(long bytesDone)
    {
        if (_error is null || _completed) return;
        long now = _time.GetTimestamp();
        if (now - _lastWrite < _intervalTicks) return;
        _lastWrite = now;
        Write(bytesDone, now, final: false);
    }

    /// <summary>Writes the final line (always, if enabled) and ends it with a newline.</summary>
    public void Complete(long bytesDone)
    {
        if (_error is null || _completed) return;
        _completed = true;
        Write(bytesDone, _time.GetTimestamp(), final: true);
    }

    /// <summary>Ends the status line if one is showing, so later messages start on a fresh line.</summary>
    public void Dispose()
    {
        if (_error is null || _completed) return;
        _completed = true;
        if (_wroteAny)
        {
            _error.WriteLine();
            _error.Flush();
        }
    }

    /// <summary>The status text for a state, without writing it.</summary>
    public string Format(long bytesDone, TimeSpan elapsed)
    {
        var ci = CultureInfo.InvariantCulture;
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        double rate = bytesDone / seconds;
        _line.Clear();
        _line.Append(Label).Append(": ").Append((bytesDone / 1e6).ToString("0.0", ci)).Append(" MB");
        if (TotalBytes > 0)
        {
            double fraction = Math.Clamp((double)bytesDone / TotalBytes, 0, 1);
            _line.Append(" / ").Append((TotalBytes / 1e6).ToString("0.0", ci)).Append(" MB (")
                .Append((fraction * 100).ToString("0.0", ci)).Append(" %)");
        }
        _line.Append(", ").Append((rate / 1e6).ToString("0.0", ci)).Append(" MB/s");
        if (TotalBytes > 0 && bytesDone < TotalBytes && rate > 0)
        {
            _line.Append(", ETA ").Append(Duration(TimeSpan.FromSeconds(Math.Min((TotalBytes - bytesDone) / rate, 359_999))));
        }
        else if (elapsed.TotalSeconds >= 1)
        {
            _line.Append(", ").Append(Duration(elapsed)).Append(" elapsed");
        }
        return _line.ToString();
    }

    private void Write(long bytesDone, long now, bool final)
    {
        string text = Format(bytesDone, _time.GetElapsedTime(_start, now));
        // \r returns to the start of the line; pad with spaces to wipe a longer previous line.
        _error!.Write('\r');
        _error.Write(text);
        if (text.Length < _lastLength) _error.Write(new string(' ', _lastLength - text.Length));
        _lastLength = text.Length;
        if (final) _error.WriteLine();
        _error.Flush();
        _wroteAny = true;
        Updates++;
    }

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
}
