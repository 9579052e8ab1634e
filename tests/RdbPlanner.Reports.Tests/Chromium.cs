using System.Diagnostics;
using System.Text.Json;

namespace RdbPlanner.Reports.Tests;

/// <summary>
/// Headless Chromium (Debian's `chromium` package) for the report tests. Every run gets a fresh profile, no sandbox
/// (tests run as root), background services off, and a proxy on a closed local port so nothing can leave the machine
/// even if something tried. Runs are bounded by a timeout and killed (with their children) when it passes.
/// </summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);

    /// <summary>Skips when Chromium is missing locally; fails under CI=true, where the test command installs it.</summary>
    public static void RequireOrSkip()
    {
        if (File.Exists(Path)) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{Path} is missing; CI must install Debian's chromium package (apt-get install -y chromium).");
        }
        Assert.Skip($"{Path} is missing (apt-get install -y chromium); this test runs under CI.");
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string workDir, params string[] args)
    {
        string profile = System.IO.Path.Combine(workDir, "profile-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile,
            "--proxy-server=127.0.0.1:" + ClosedPort(),
        })
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start chromium");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
            Assert.Fail($"chromium did not finish within {Timeout.TotalSeconds} s and was killed");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A local port nothing listens on: bound once to get a free number, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// URL requests in a Chromium net log (--log-net-log) that a page made: URL_REQUEST_START_JOB events whose
    /// initiator is an origin, or whose isolation key or site-for-cookies is the file:// page. Chromium's own
    /// background requests (initiator "not an origin", no file:// site) are returned separately.
    /// </summary>
    public static (List<string> Page, List<string> Browser) NetLogRequests(string netLogPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(netLogPath));
        int startJob = doc.RootElement.GetProperty("constants").GetProperty("logEventTypes").GetProperty("URL_REQUEST_START_JOB").GetInt32();
        var page = new List<string>();
        var browser = new List<string>();
        foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
        {
            if (e.GetProperty("type").GetInt32() != startJob || !e.TryGetProperty("params", out var p)) continue;
            // The job's end event carries only net_error; the start event carries the URL.
            if (!p.TryGetProperty("url", out var u)) continue;
            string url = u.GetString() ?? "";
            string initiator = p.TryGetProperty("initiator", out var i) ? i.GetString() ?? "" : "";
            string nik = p.TryGetProperty("network_isolation_key", out var n) ? n.GetString() ?? "" : "";
            string site = p.TryGetProperty("site_for_cookies", out var s) ? s.GetString() ?? "" : "";
            bool fromPage = initiator != "not an origin" || nik.Contains("file:", StringComparison.Ordinal) || site.Contains("file:", StringComparison.Ordinal);
            (fromPage ? page : browser).Add(url);
        }
        return (page, browser);
    }
}
