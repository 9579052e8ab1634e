using System.Diagnostics;
using System.Text.RegularExpressions;
using RdbPlanner.Fuzz;
using RdbPlanner.Rdb;

namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// The process-level contract of issue 7: on a damaged file `rdbplanner analyze` exits 2 with one line on stderr that
/// names the offset, within 5 s and 256 MB of peak memory; with --keep-going it exits 3 and marks the result partial.
/// Runs the built CLI (artifacts/bin/RdbPlanner.Cli/&lt;config&gt;/rdbplanner.dll); skips locally when it is not built,
/// fails under CI=true.
/// </summary>
[Collection(nameof(CliProcessTests))]
public sealed partial class CliProcessTests
{
    private const long PeakMemoryBudget = 256L << 20;

    [GeneratedRegex(@"^rdbplanner: .*offset (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetLine();

    public static TheoryData<string> Cases => new(HostileFiles().Keys.ToArray());

    private static Dictionary<string, byte[]> HostileFiles()
    {
        var seed = SeedFiles.All().First(s => s.Name == "listpacks").Bytes;
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["empty"] = [],
            ["header-only"] = HostileRdbWriter.Redis(11).ToArray(),
            ["future-version"] = HostileRdbWriter.Redis(99).Raw(RdbOpcode.Eof, 0, 0, 0, 0, 0, 0, 0, 0).ToArray(),
            ["truncated"] = seed[..(seed.Length / 2)],
            ["bit-flipped"] = Mutator.FlipBit(seed, seed.Length / 2, 3),
            ["string-2pow63"] = HostileRdbWriter.Redis(11).Key(RdbValueType.String, "k").Len64(1UL << 63).Raw("x"u8.ToArray()).Eof(),
            ["list-2pow32"] = HostileRdbWriter.Redis(11).Key(RdbValueType.List, "l").Len64(1UL << 32).Str("a").Eof(),
            ["lzf-1tb"] = HostileRdbWriter.Redis(11).Key(RdbValueType.String, "z").Lzf(5, 1UL << 40, [3, 1, 2, 3, 4]).Eof(),
            ["listpack-400mb"] = HostileRdbWriter.Redis(11).Key(RdbValueType.HashListpack, "h").Len32(400u << 20).Raw(new byte[64]).Eof(),
            ["resizedb-then-garbage"] = HostileRdbWriter.Redis(11).ResizeDb(ulong.MaxValue, ulong.MaxValue).Raw(0x63, 0x63).Eof(),
        };
    }

    private static string CliDll()
    {
#if DEBUG
        string[] configs = ["debug", "release"];
#else
        string[] configs = ["release", "debug"];
#endif
        foreach (var c in configs)
        {
            string dll = Path.Combine(HostilePaths.RepoRoot, "artifacts", "bin", "RdbPlanner.Cli", c, "rdbplanner.dll");
            if (File.Exists(dll)) return dll;
        }
        const string Why = "the CLI is not built (dotnet build src/RdbPlanner.Cli)";
        if (HostilePaths.InCi) Assert.Fail(Why);
        Assert.Skip(Why);
        return "";
    }

    private sealed record Run(int ExitCode, string StdOut, string[] StdErrLines, TimeSpan Elapsed, long PeakRss);

    private static Run RunCli(params string[] args) => RunCli(null, args);

    private static Run RunCli(byte[]? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false,
        };
        psi.ArgumentList.Add(CliDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Cap the managed heap at the budget: growing past it becomes an OutOfMemoryException ("internal error"), which fails below.
        psi.Environment["DOTNET_GCHeapHardLimit"] = PeakMemoryBudget.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (stdin is not null)
        {
            // The CLI may stop reading early (that is the point); a broken pipe is then expected.
            try { p.StandardInput.BaseStream.Write(stdin); } catch (IOException) { }
            try { p.StandardInput.Close(); } catch (IOException) { }
        }
        long peak = 0;
        // VmHWM is the process's peak resident set so far; poll it until exit (native memory included).
        while (!p.WaitForExit(5))
        {
            peak = Math.Max(peak, ReadPeakRss(p.Id));
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                p.Kill();
                Assert.Fail($"rdbplanner {string.Join(' ', args)} still running after 60 s");
            }
        }
        clock.Stop();
        var lines = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Run(p.ExitCode, stdout.Result, lines, clock.Elapsed, peak);
    }

    private static long ReadPeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException) { } // the process exited between the checks
        catch (UnauthorizedAccessException) { }
        return 0;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analyze_DamagedFile_ExitsTwoWithOneLineNamingTheOffset(string name)
    {
        var bytes = HostileFiles()[name];
        string dir = Directory.CreateTempSubdirectory("rdbplanner-hostile-").FullName;
        try
        {
            string file = Path.Combine(dir, name + ".rdb");
            File.WriteAllBytes(file, bytes);
            var run = RunCli("analyze", file);
            string all = string.Join(" | ", run.StdErrLines);
            Assert.True(run.ExitCode == 2, $"{name}: exit {run.ExitCode}, stderr: {all}");
            Assert.True(run.StdErrLines.Length == 1, $"{name}: expected one stderr line, got {run.StdErrLines.Length}: {all}");
            var m = OffsetLine().Match(run.StdErrLines[0]);
            Assert.True(m.Success, $"{name}: stderr does not name an offset: {all}");
            Assert.InRange(long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0, bytes.Length);
            Assert.DoesNotContain("internal error", run.StdErrLines[0], StringComparison.Ordinal);
            Assert.True(run.Elapsed < TimeSpan.FromSeconds(5), $"{name}: took {run.Elapsed.TotalSeconds:F2} s");
            Assert.True(run.PeakRss <= PeakMemoryBudget, $"{name}: peak RSS {run.PeakRss:N0} bytes");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("string-2pow63")]
    [InlineData("lzf-1tb")]
    [InlineData("listpack-400mb")]
    public void Analyze_DamagedStdin_ExitsTwoWithinTheBudgets(string name)
    {
        // From a pipe the reader cannot know how many bytes remain: only the limits and F2's fix bound memory.
        var bytes = HostileFiles()[name];
        var run = RunCli(bytes, "analyze", "-");
        string all = string.Join(" | ", run.StdErrLines);
        Assert.True(run.ExitCode == 2, $"{name}: exit {run.ExitCode}, stderr: {all}");
        Assert.True(run.StdErrLines.Length == 1 && OffsetLine().IsMatch(run.StdErrLines[0]), $"{name}: {all}");
        Assert.DoesNotContain("internal error", run.StdErrLines[0], StringComparison.Ordinal);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(5), $"{name}: took {run.Elapsed.TotalSeconds:F2} s");
        Assert.True(run.PeakRss <= PeakMemoryBudget, $"{name}: peak RSS {run.PeakRss:N0} bytes");
    }

    [Fact]
    public void Analyze_KeepGoing_OnTruncatedFile_ExitsThreeAndMarksPartial()
    {
        var seed = SeedFiles.All().First(s => s.Name == "list-set-hash-zset").Bytes;
        string dir = Directory.CreateTempSubdirectory("rdbplanner-hostile-").FullName;
        try
        {
            string file = Path.Combine(dir, "cut.rdb");
            File.WriteAllBytes(file, seed[..(seed.Length - 20)]);
            var run = RunCli("analyze", "--keep-going", "--json", file);
            Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}: {string.Join(" | ", run.StdErrLines)}");
            Assert.Contains("\"partial\": true", run.StdOut.Replace("\"partial\":true", "\"partial\": true", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains(run.StdErrLines, l => OffsetLine().IsMatch(l) || l.Contains("offset", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>The process tests time a whole process against a 5 s budget: they run alone, not beside the CPU-heavy mutation tests.</summary>
[CollectionDefinition(nameof(CliProcessTests), DisableParallelization = true)]
public sealed class CliProcessCollection;
