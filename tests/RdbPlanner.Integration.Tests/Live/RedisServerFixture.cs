using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace RdbPlanner.Integration.Tests.Live;

/// <summary>
/// One throw-away redis-server: a free 127.0.0.1 port (and cluster bus port), its own temp dir, no persistence
/// except an explicit SAVE, optionally an RDB to load. Every wait is bounded; <see cref="Dispose"/> always stops
/// the process (SHUTDOWN NOSAVE, then kill) and deletes the dir.
/// </summary>
public sealed class RedisServerFixture : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(120);
    private Process? _process;

    private RedisServerFixture(string binary, string dir, bool cluster)
    {
        Binary = binary;
        Dir = dir;
        Cluster = cluster;
    }

    public string Binary { get; }
    public string Dir { get; }
    public bool Cluster { get; }
    public int Port { get; private set; }
    public string DumpPath => Path.Combine(Dir, "dump.rdb");
    public string LogPath => Path.Combine(Dir, "server.log");

    /// <summary>
    /// Path of a server binary on PATH (redis-server, or valkey-server: same options and protocol). When it is absent
    /// the test is skipped locally and fails under CI=true (tests/run.sh installs both).
    /// </summary>
    public static string RequireBinary(string name = "redis-server")
    {
        var path = FindOnPath(name);
        if (path is not null) return path;
        string why = name == "valkey-server"
            ? "valkey-server is not on PATH (Debian 12: apt-get install -y -t bookworm-backports valkey-server, with bookworm-backports in the apt sources; tests/run.sh does this)"
            : $"{name} is not on PATH (Debian: apt-get install -y {name})";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(why + "; CI=true requires it");
        Assert.Skip(why);
        return null!;
    }

    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>Starts the server and waits until it accepts commands and has finished loading <paramref name="rdb"/>.</summary>
    public static RedisServerFixture Start(string binary, string? rdb = null, bool cluster = false, IEnumerable<string>? extraArgs = null)
    {
        string lastLog = "";
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var dir = Directory.CreateTempSubdirectory("rdbplanner-redis-").FullName;
            var server = new RedisServerFixture(binary, dir, cluster);
            try
            {
                if (rdb is not null) File.Copy(rdb, server.DumpPath);
                if (server.TryStart(extraArgs ?? [], out lastLog)) return server;
            }
            catch
            {
                server.Dispose();
                throw;
            }
            server.Dispose();
            // another process took the port between our probe and the server's bind: try other ports
            if (!lastLog.Contains("Address already in use", StringComparison.Ordinal)) break;
        }
        throw new InvalidOperationException("redis-server did not start:\n" + lastLog);
    }

    public RespConnection Connect() => new(Port, TimeSpan.FromSeconds(60));

    /// <summary>Runs SAVE and copies the snapshot to <paramref name="destination"/>.</summary>
    public void SaveTo(string destination)
    {
        using (var c = Connect()) c.Call("SAVE");
        File.Copy(DumpPath, destination, overwrite: true);
    }

    public string LogTail(int lines = 20)
    {
        try { return string.Join('\n', File.ReadAllLines(LogPath).TakeLast(lines)); }
        catch (IOException) { return ""; }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                using var c = new RespConnection(Port, TimeSpan.FromSeconds(5));
                c.Pipeline([["SHUTDOWN", "NOSAVE"]]);
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or AggregateException)
            {
                // the connection drops on shutdown; a dead server is handled below
            }
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        _process?.Dispose();
        _process = null;
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }

    private bool TryStart(IEnumerable<string> extraArgs, out string log)
    {
        Port = FreePort();
        var args = new List<string>
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Dir,
            "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no", "--protected-mode", "yes",
            "--daemonize", "no", "--logfile", LogPath,
        };
        if (Cluster)
        {
            // explicit bus port: the default (port + 10000) may be taken or out of range
            args.AddRange(["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-port", FreePort().ToString(CultureInfo.InvariantCulture)]);
        }
        args.AddRange(extraArgs);
        var psi = new ProcessStartInfo(Binary) { WorkingDirectory = Dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Binary);
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout && !_process.HasExited)
        {
            try
            {
                using var c = new RespConnection(Port, TimeSpan.FromSeconds(5));
                WaitLoaded(c);
                log = "";
                return true;
            }
            catch (Exception e) when (e is SocketException or IOException or AggregateException or TimeoutException)
            {
                Thread.Sleep(50);
            }
        }
        log = LogTail();
        return false;
    }

    private void WaitLoaded(RespConnection c)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < LoadTimeout)
        {
            if (_process!.HasExited) throw new InvalidOperationException("redis-server exited while loading:\n" + LogTail());
            try
            {
                if (c.Info("persistence").GetValueOrDefault("loading") == "0") return;
            }
            catch (RespErrorException)
            {
                // -LOADING while the RDB is read
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException($"redis-server still loading after {LoadTimeout.TotalSeconds} s");
    }

    /// <summary>A port in 17000-17999 (like tools/groundtruth.py) that nothing listens on right now.</summary>
    private static int FreePort()
    {
        for (int i = 0; i < 500; i++)
        {
            int p = Random.Shared.Next(17000, 18000);
            try
            {
                using var l = new TcpListener(IPAddress.Loopback, p);
                l.Start();
                l.Stop();
                return p;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free port in 17000-17999");
    }
}
