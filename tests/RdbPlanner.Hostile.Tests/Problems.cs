namespace RdbPlanner.Hostile.Tests;

/// <summary>
/// Collects violations across many mutated inputs, grouped by kind so one frequent fault cannot hide a rarer one;
/// saves the first inputs of each kind for triage (artifacts/hostile-failures/) and fails once at the end.
/// </summary>
internal sealed class Problems(string test)
{
    private const int SavedPerKind = 3;
    private readonly Dictionary<string, List<string>> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public static string FailureDir => Path.Combine(HostilePaths.RepoRoot, "artifacts", "hostile-failures");

    public void Check(HostileOutcome outcome, byte[] input)
    {
        if (outcome.Broken() is { } b) Add(b.Kind, b.Message, input);
    }

    public void Add(string kind, string message, byte[] input)
    {
        _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        if (!_byKind.TryGetValue(kind, out var examples)) _byKind[kind] = examples = [];
        if (examples.Count >= SavedPerKind) return;
        Directory.CreateDirectory(FailureDir);
        string slug = new(kind.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
        string file = Path.Combine(FailureDir, $"{test}-{slug}-{examples.Count}.rdb");
        File.WriteAllBytes(file, input);
        examples.Add($"{message} [saved as {Path.GetRelativePath(HostilePaths.RepoRoot, file)}]");
    }

    public void AssertNone(int runs)
    {
        Assert.True(runs > 0, "no mutated input was run");
        if (_counts.Count == 0) return;
        var report = _counts.OrderByDescending(k => k.Value).Select(k =>
            $"- {k.Key}: {k.Value} input(s), e.g.\n    " + string.Join("\n    ", _byKind[k.Key]));
        Assert.Fail($"{_counts.Values.Sum()} of {runs} mutated inputs broke the hostile-input rules:\n" + string.Join("\n", report));
    }
}
