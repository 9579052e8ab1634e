using System.IO.Compression;
using System.Text.Json;
using RdbPlanner.Rdb;
using RdbPlanner.TestKit;

namespace RdbPlanner.Cli.Tests;

public class ProgramTests
{
    private static byte[] SmallSnapshot() => new RdbBuilder(11)
        .Aux("redis-ver", "7.2.4")
        .Aux("ctime", "1700000000")
        .SelectDb(0)
        .ResizeDb(3, 1)
        .StringKey("user:1", "alice")
        .ExpireMs(4_102_444_800_000).StringKey("session:abc", "token")
        .HashKey("user:1:profile", ("name", "alice"), ("age", "42"))
        .SelectDb(2)
        .SetKey("tags", "a", "b", "c")
        .Build();

    [Fact]
    public void Analyze_Json_HasTheContractNames()
    {
        string path = CliRunner.TempFile(SmallSnapshot());
        var (exit, stdout, stderr) = CliRunner.Run("analyze", "--json", path);
        Assert.True(exit == ExitCodes.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var file = root.GetProperty("files")[0];
        Assert.Equal(path, file.GetProperty("path").GetString());
        Assert.Equal(new FileInfo(path).Length, file.GetProperty("bytes").GetInt64());
        Assert.Equal("REDIS", file.GetProperty("magic").GetString());
        Assert.Equal(11, file.GetProperty("rdbVersion").GetInt32());
        Assert.Equal("ok", file.GetProperty("checksum").GetString());
        Assert.Equal("redis", file.GetProperty("writer").GetString());
        // The trailer's CRC-64 (little-endian), which it verified, as 16 hex digits.
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(BitConverter.ToUInt64(bytes, bytes.Length - 8).ToString("x16"), file.GetProperty("crc64").GetString());
        Assert.Equal(0, root.GetProperty("readinessFacts").GetProperty("duplicateInputs").GetArrayLength());
        Assert.Equal(4, root.GetProperty("keys").GetInt64());
        Assert.Equal(1, root.GetProperty("keysWithExpiry").GetInt64());
        Assert.Equal(3, root.GetProperty("databases").GetProperty("0").GetInt64());
        Assert.Equal(1, root.GetProperty("databases").GetProperty("2").GetInt64());
        var types = root.GetProperty("types");
        Assert.Equal(2, types.GetProperty("string").GetInt64());
        Assert.Equal(1, types.GetProperty("hash").GetInt64());
        Assert.Equal(1, types.GetProperty("set").GetInt64());
        Assert.Equal(0, types.GetProperty("stream").GetInt64());
        Assert.Equal(0, types.GetProperty("module").GetInt64());
        var estimates = root.GetProperty("estimates");
        foreach (var model in new[] { "redis-7.0", "redis-7.2", "valkey-8.0", "valkey-8.1" })
        {
            Assert.True(estimates.GetProperty(model).GetProperty("standalone").GetInt64() > 0, model);
            Assert.True(estimates.GetProperty(model).GetProperty("cluster").GetInt64() > 0, model);
        }
    }

    [Fact]
    public void Analyze_Text_SummarisesTheFile()
    {
        string path = CliRunner.TempFile(SmallSnapshot());
        var (exit, stdout, _) = CliRunner.Run("analyze", path);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Keys: 4", stdout);
        Assert.Contains("valkey-8.1", stdout);
        Assert.Contains("checksum ok", stdout);
    }

    [Fact]
    public void Analyze_OneSnapshotGivenTwice_WarnsAndNamesTheCopies()
    {
        var raw = SmallSnapshot();
        string plain = CliRunner.TempFile(raw);
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        string gzipped = CliRunner.TempFile(ms.ToArray(), ".rdb.gz");
        var (exit, stdout, stderr) = CliRunner.Run("analyze", "--json", plain, gzipped);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains($"rdbplanner: warning: {plain} and {gzipped} are one snapshot (same content): its keys are counted twice", stderr);
        using var doc = JsonDocument.Parse(stdout);
        var group = Assert.Single(doc.RootElement.GetProperty("readinessFacts").GetProperty("duplicateInputs").EnumerateArray());
        Assert.Equal([plain, gzipped], group.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(8, doc.RootElement.GetProperty("keys").GetInt64());
    }

    [Fact]
    public void Analyze_Threads_GiveTheSameFigures_AndABadCountIsAUsageError()
    {
        string path = CliRunner.TempFile(SmallSnapshot());
        var (exit, all, stderr) = CliRunner.Run("analyze", "--json", path);
        Assert.True(exit == ExitCodes.Ok, stderr);
        (exit, var one, stderr) = CliRunner.Run("analyze", "--json", "--threads", "1", path);
        Assert.True(exit == ExitCodes.Ok, stderr);
        static string WithoutTimes(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"seconds\": [0-9.]+", "");
        Assert.Equal(WithoutTimes(all), WithoutTimes(one));
        (exit, _, stderr) = CliRunner.Run("analyze", "--threads", "-2", path);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--threads: -2 is not between 1 and 1024", stderr);
    }

    [Fact]
    public void Analyze_ReadsGzipInput()
    {
        var raw = SmallSnapshot();
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        string path = CliRunner.TempFile(ms.ToArray(), ".rdb.gz");
        var (exit, stdout, stderr) = CliRunner.Run("analyze", "--json", path);
        Assert.True(exit == ExitCodes.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(4, doc.RootElement.GetProperty("keys").GetInt64());
        Assert.True(doc.RootElement.GetProperty("files")[0].GetProperty("gzip").GetBoolean());
    }

    [Fact]
    public void CorruptInput_ExitsTwo_WithOneLineNamingFileAndOffset()
    {
        var bytes = SmallSnapshot();
        string path = CliRunner.TempFile(bytes[..(bytes.Length / 2)]);
        var (exit, stdout, stderr) = CliRunner.Run("analyze", path);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", stdout);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"rdbplanner: {path}: offset ", line);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void TruncatedGzip_SaysTheOffsetCountsDecompressedBytes()
    {
        var raw = SmallSnapshot();
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw[..(raw.Length / 2)]);
        string path = CliRunner.TempFile(ms.ToArray(), ".rdb.gz");
        var (exit, _, stderr) = CliRunner.Run("analyze", path);
        Assert.Equal(ExitCodes.BadInput, exit);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($"^rdbplanner: {System.Text.RegularExpressions.Regex.Escape(path)}: offset [0-9]+ of the decompressed data: ", line);
    }

    [Fact]
    public void UnopenablePaths_SayWhyInTheirOwnWords()
    {
        string dir = Directory.CreateTempSubdirectory("rdbplanner-cli-").FullName;
        try
        {
            var (exit, _, stderr) = CliRunner.Run("analyze", dir);
            Assert.Equal(ExitCodes.BadInput, exit);
            Assert.Equal($"rdbplanner: {dir}: offset 0: is a directory; expected an RDB file (plain or gzip) or - for standard input", stderr.Trim());

            string missing = Path.Combine(dir, "absent.rdb");
            (exit, _, stderr) = CliRunner.Run("analyze", missing);
            Assert.Equal(ExitCodes.BadInput, exit);
            Assert.Equal($"rdbplanner: {missing}: offset 0: no such file", stderr.Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AReaderLimitHit_NamesTheOptionThatRaisesIt()
    {
        var far = new RdbBuilder(11).SelectDb(20_000).StringKey("k", "v").Build();
        string path = CliRunner.TempFile(far);
        var (exit, _, stderr) = CliRunner.Run("analyze", path);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.EndsWith("database number of 20000 exceeds the MaxDatabases limit of 16383 (raise it with --max-databases)", stderr.Trim());
        (exit, _, stderr) = CliRunner.Run("analyze", path, "--max-databases", "20001");
        Assert.True(exit == ExitCodes.Ok, stderr);

        (exit, _, stderr) = CliRunner.Run("analyze", CliRunner.TempFile(SmallSnapshot()), "--max-elements", "2");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.EndsWith("(raise it with --max-elements)", stderr.Trim());
    }

    [Fact]
    public void AnOutputPathThatCannotBeWritten_IsAUsageError_NamingTheOption_BeforeAnyReading()
    {
        string dir = Directory.CreateTempSubdirectory("rdbplanner-out-").FullName;
        try
        {
            string file = Path.Combine(dir, "a-file");
            File.WriteAllText(file, "");
            // A path to a snapshot that does not exist: the output is checked first, so the usage error comes out.
            string missing = Path.Combine(dir, "absent.rdb");
            var (exit, _, stderr) = CliRunner.Run("plan", missing, "--out", file);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Equal($"rdbplanner: --out {file}: a file is there; give a directory (it is created if missing)", stderr.Trim());

            (exit, _, stderr) = CliRunner.Run("plan", missing, "--out", Path.Combine(file, "sub"));
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.StartsWith($"rdbplanner: --out {Path.Combine(file, "sub")}: cannot create the directory (", stderr.Trim());

            (exit, _, stderr) = CliRunner.Run("analyze", missing, "--keys-csv", dir);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Equal($"rdbplanner: --keys-csv {dir}: is a directory; give a file name", stderr.Trim());

            (exit, _, stderr) = CliRunner.Run("analyze", missing, "--keys-csv", Path.Combine(dir, "no", "such", "k.csv"));
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.StartsWith($"rdbplanner: --keys-csv {Path.Combine(dir, "no", "such", "k.csv")}: cannot write it (", stderr.Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ASnapshotWithoutKeys_SaysNone_RatherThanLeavingLinesBlank()
    {
        string path = CliRunner.TempFile(new RdbBuilder(11).Aux("redis-ver", "7.2.4").Build());
        var (exit, stdout, stderr) = CliRunner.Run("analyze", path);
        Assert.True(exit == ExitCodes.Ok, stderr);
        Assert.Contains("Keys: 0 ", stdout);
        Assert.Contains("Databases: none" + Environment.NewLine, stdout);
        Assert.Contains("Types: none" + Environment.NewLine, stdout);
        Assert.Contains("File encodings: none" + Environment.NewLine, stdout);
    }

    [Fact]
    public void ChecksumMismatch_ExitsTwo_UnlessNoVerify()
    {
        var bytes = SmallSnapshot();
        bytes[^1] ^= 0x55;
        string path = CliRunner.TempFile(bytes);
        var (exit, _, stderr) = CliRunner.Run("analyze", path);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("offset", stderr);

        var (exit2, stdout2, _) = CliRunner.Run("analyze", "--json", "--no-verify", path);
        Assert.Equal(ExitCodes.Ok, exit2);
        using var doc = JsonDocument.Parse(stdout2);
        Assert.Equal("mismatch", doc.RootElement.GetProperty("files")[0].GetProperty("checksum").GetString());
    }

    [Fact]
    public void KeepGoing_OnDamage_ReportsPartialAndExitsThree()
    {
        var bytes = SmallSnapshot();
        string path = CliRunner.TempFile(bytes[..(bytes.Length - 30)]);
        var (exit, stdout, stderr) = CliRunner.Run("analyze", "--json", "--keep-going", path);
        Assert.Equal(ExitCodes.PartialOrBlockers, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("partial").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("keys").GetInt64() >= 1);
        Assert.Contains("partial", stderr);
    }

    [Fact]
    public void MissingFile_ExitsTwo()
    {
        var (exit, _, stderr) = CliRunner.Run("analyze", "/nonexistent/dump.rdb");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.StartsWith("rdbplanner: ", stderr);
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("analyze", "x.rdb", "--no-such-option")]
    [InlineData("frobnicate")]
    [InlineData("analyze", "x.rdb", "--allocator", "tcmalloc")]
    [InlineData("analyze", "x.rdb", "--maxmemory-policy", "sometimes")]
    [InlineData("analyze", "x.rdb", "--source-engine", "redis-9")]
    [InlineData("analyze", "x.rdb", "--type", "string")]
    [InlineData("analyze", "x.rdb", "--top", "100001")]
    [InlineData("analyze", "x.rdb", "--top", "-1")]
    public void UsageErrors_ExitOne(params string[] args)
    {
        var (exit, _, _) = CliRunner.Run(args);
        Assert.Equal(ExitCodes.Usage, exit);
    }

    [Fact]
    public void UsageErrors_AreOneLineEach_WithAPointerToTheHelp_NotTheWholeHelp()
    {
        var (exit, stdout, stderr) = CliRunner.Run("plan", "x.rdb", "--growth", "abc", "--replicas", "1.5", "--out", "o");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // The parser lists the problems in the options' order, not the command line's.
        Assert.Equal(
            ["rdbplanner: --growth: 'abc' is not a number", "rdbplanner: --replicas: '1.5' is not a whole number"],
            lines[..^1].Order(StringComparer.Ordinal));
        Assert.Equal("Run 'rdbplanner plan --help' for the options.", lines[^1]);

        (exit, _, stderr) = CliRunner.Run("analyze", "x.rdb", "--no-such-option");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.EndsWith("Run 'rdbplanner analyze --help' for the options.", stderr.Trim());
        Assert.DoesNotContain("Usage:", stderr);
    }

    [Fact]
    public void KeysCsv_HasRdbToolsColumnsFirst_OneRowPerKey()
    {
        string path = CliRunner.TempFile(SmallSnapshot());
        string csv = Path.ChangeExtension(path, ".csv");
        var (exit, _, stderr) = CliRunner.Run("analyze", path, "--keys-csv", csv);
        Assert.True(exit == ExitCodes.Ok, stderr);
        var lines = File.ReadAllLines(csv);
        Assert.StartsWith("database,type,key,size_in_bytes,encoding,num_elements,len_largest_element,expiry,", lines[0]);
        Assert.Equal(5, lines.Length);

        var (exit2, _, _) = CliRunner.Run("analyze", path, "--keys-csv", csv, "--type", "hash");
        Assert.Equal(ExitCodes.Ok, exit2);
        Assert.Equal(2, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void KeysCsv_Dash_WritesTheRowsToStdout_AndTheSummaryToStderr()
    {
        string path = CliRunner.TempFile(SmallSnapshot());
        var (exit, stdout, stderr) = CliRunner.Run("analyze", path, "--keys-csv", "-");
        Assert.True(exit == ExitCodes.Ok, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("database,type,key,size_in_bytes,", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains("Keys: 4", stderr);
        Assert.False(File.Exists("-"), "a file named - was written");

        (exit, stdout, stderr) = CliRunner.Run("analyze", path, "--keys-csv", "-", "--json");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--keys-csv - and --json both write to standard output", stderr);
    }

    [Fact]
    public void Check_ExitCodes_ReadyAndBlocked()
    {
        string ready = CliRunner.TempFile(SmallSnapshot());
        // db 0 and db 2 in cluster mode is a blocker; standalone it is fine.
        Assert.Equal(ExitCodes.PartialOrBlockers, CliRunner.Run("check", ready, "--cluster-mode", "enabled").Exit);
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("check", ready, "--cluster-mode", "disabled").Exit);

        var v12 = new RdbBuilder(12).Aux("redis-ver", "7.4.1").SelectDb(0).StringKey("a", "b").Build();
        var (exit, stdout, _) = CliRunner.Run("check", CliRunner.TempFile(v12));
        Assert.Equal(ExitCodes.PartialOrBlockers, exit);
        Assert.Contains("BLOCKER", stdout);
    }

    [Fact]
    public void Check_Auto_SaysWhichClusterModeItChecked_AndWhy()
    {
        // SmallSnapshot has keys in db 0 and db 2: auto checks one shard, since cluster mode holds db 0 only.
        var (exit, stdout, _) = CliRunner.Run("check", CliRunner.TempFile(SmallSnapshot()));
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("Migration readiness for valkey-8.1, cluster mode disabled (auto: several databases have keys", stdout);

        var oneDb = new RdbBuilder(11).Aux("redis-ver", "7.2.4").SelectDb(0).StringKey("a", "b").Build();
        (exit, stdout, _) = CliRunner.Run("check", CliRunner.TempFile(oneDb));
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("Migration readiness for valkey-8.1, cluster mode enabled (auto: the keys are in at most one database", stdout);

        (_, stdout, _) = CliRunner.Run("check", CliRunner.TempFile(oneDb), "--cluster-mode", "disabled");
        Assert.StartsWith("Migration readiness for valkey-8.1, cluster mode disabled:", stdout);
    }

    [Fact]
    public void Check_ValkeyNineSnapshot_LoadsIntoValkey91_NotInto81()
    {
        // A Valkey 9 save: the VALKEY080 magic and a hash with a field TTL (HASH_2).
        var v9 = RdbBuilder.Valkey().Aux("valkey-ver", "9.1.2").SelectDb(0).StringKey("a", "b")
            .Key((byte)22, "h").Length(1).String("f").String("v").Int64LE(2_716_000_000_000).Build();
        string path = CliRunner.TempFile(v9);
        var (exit91, stdout91, _) = CliRunner.Run("check", path, "--target-engine", "valkey-9.1");
        Assert.Equal(ExitCodes.Ok, exit91);
        Assert.Contains("no blockers found", stdout91);
        var (exit81, stdout81, _) = CliRunner.Run("check", path, "--target-engine", "valkey-8.1");
        Assert.Equal(ExitCodes.PartialOrBlockers, exit81);
        Assert.Contains("BLOCKER valkey-magic", stdout81);
        Assert.Contains("BLOCKER hash-field-ttl", stdout81);
    }

    [Fact]
    public void ForcedKernelProblem_InAStaticInitializer_IsAOneLineUsageError()
    {
        // Kernel selection runs when Crc64 is first used; the runtime wraps its exception in a TypeInitializationException.
        var error = new StringWriter();
        var wrapped = new TypeInitializationException("RdbPlanner.Rdb.Crc64",
            new RdbPlanner.Rdb.KernelSelectionException("RDBPLANNER_FORCE_KERNEL=Crc64VpclmulFold512: this CPU lacks it."));
        int exit = ErrorReporter.Report(error, wrapped);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("rdbplanner: RDBPLANNER_FORCE_KERNEL=Crc64VpclmulFold512: this CPU lacks it." + Environment.NewLine, error.ToString());
    }
}
