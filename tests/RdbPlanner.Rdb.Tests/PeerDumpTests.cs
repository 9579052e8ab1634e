using RdbPlanner.Rdb;
using RdbPlanner.TestKit;
using Xunit;

namespace RdbPlanner.Rdb.Tests;

/// <summary>
/// The 247 dumps other RDB tools test with (shared/peer-dumps), against what real engine checkers said
/// (EXPECTED.csv): key and expiry counts for files the checker accepted, an RdbFormatException for files it rejected.
/// </summary>
public sealed class PeerDumpTests(ITestOutputHelper output)
{
    internal sealed record ExpectedRow(string File, string Verdict, long Keys, long Expires, string Note)
    {
        public bool IsOk => Verdict == "ok";
    }

    internal static List<ExpectedRow> LoadExpected()
    {
        var path = FixturePaths.RequireShared(Path.Combine(FixturePaths.PeerDumpsDir, "EXPECTED.csv"));
        var rows = new List<ExpectedRow>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = SplitCsv(line);
            // file,magic,version,checker,verdict,keys,expires,already_expired,hdt_keys,note
            rows.Add(new ExpectedRow(f[0], f[4], long.Parse(f[5]), long.Parse(f[6]), f.Count > 9 ? f[9] : ""));
        }
        return rows;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cur.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cur.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(cur.ToString()); cur.Clear(); }
            else cur.Append(c);
        }
        fields.Add(cur.ToString());
        return fields;
    }

    [Fact]
    public void PeerDumps_MatchCheckerVerdicts()
    {
        var rows = LoadExpected();
        var failures = new List<string>();
        int matched = 0;
        foreach (var row in rows)
        {
            string path = Path.Combine(FixturePaths.PeerDumpsDir, row.File);
            string? problem = Check(row, path);
            if (problem is null) matched++;
            else failures.Add($"{row.File}: {problem}");
        }
        output.WriteLine($"peer dumps matching the checker: {matched} of {rows.Count}");
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(rows.Count == 247, $"EXPECTED.csv has {rows.Count} rows, expected 247");
        Assert.True(failures.Count == 0, $"{matched} of {rows.Count} match; first failures:\n" + string.Join('\n', failures.Take(20)));
    }

    /// <summary>Strict validation must accept every dump a real checker accepted (it only adds consistency checks).</summary>
    [Fact]
    public void PeerDumps_StrictModeAcceptsEveryValidDump()
    {
        var rows = LoadExpected();
        var failures = new List<string>();
        int matched = 0;
        foreach (var row in rows)
        {
            string? problem = Check(row, Path.Combine(FixturePaths.PeerDumpsDir, row.File), new RdbReaderOptions { Strict = true });
            if (problem is null) matched++;
            else failures.Add($"{row.File}: {problem}");
        }
        output.WriteLine($"peer dumps matching the checker in strict mode: {matched} of {rows.Count}");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    private static string? Check(ExpectedRow row, string path, RdbReaderOptions? options = null)
    {
        var counter = new CountingVisitor();
        try
        {
            using var stream = File.OpenRead(path);
            RdbParser.Parse(stream, counter, options, displayName: row.File);
        }
        catch (RdbFormatException e)
        {
            return row.IsOk ? $"unexpected RdbFormatException at {e.Offset}: {e.Message}" : null;
        }
        catch (Exception e)
        {
            return $"crashed with {e.GetType().Name}: {e.Message}";
        }
        if (!row.IsOk) return $"parsed ({counter.Keys} keys) but the checker said: {row.Verdict}";
        if (counter.Keys != row.Keys || counter.Expires != row.Expires)
            return $"keys/expires {counter.Keys}/{counter.Expires}, expected {row.Keys}/{row.Expires}";
        // Files accepted only with their module present must still report the module value.
        if (row.Note.Contains("module type", StringComparison.Ordinal) && counter.Modules.Count == 0)
            return "module key not reported";
        return null;
    }
}
