namespace RdbPlanner.Analysis;

/// <summary>
/// The module names met in one file, numbered, so a <see cref="KeyFacts"/> record carries an int rather than a string:
/// an array of records without references is not scanned by the garbage collector (the 16,384-record batches were, at
/// every collection the batches' own allocation set off). Written on the parsing thread, read on the aggregating one.
/// At most <see cref="MaxNames"/> names are kept apart; the rest share <see cref="Others"/>. A real server has a
/// handful of modules, but a crafted file can give every key its own module id: a list searched per key made 80,000
/// such keys take 15 s (quadratic), and every name became a line of output.
/// </summary>
internal sealed class ModuleNames
{
    public const int MaxNames = 64;

    /// <summary>Stands for every module name past the first <see cref="MaxNames"/> (no module id decodes to it).</summary>
    public const string Others = "(further module types)";

    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>0 for null (no name seen), else the name's number from 1.</summary>
    public int IdOf(string? name)
    {
        if (name is null) return 0;
        lock (_lock)
        {
            if (_ids.TryGetValue(name, out int id)) return id;
            if (_names.Count >= MaxNames) name = Others;
            if (_ids.TryGetValue(name, out id)) return id;
            _names.Add(name);
            id = _names.Count;
            _ids.Add(name, id);
            return id;
        }
    }

    /// <summary>The name numbered <paramref name="id"/>; null for 0.</summary>
    public string? NameOf(int id)
    {
        if (id == 0) return null;
        lock (_lock) return _names[id - 1];
    }

    /// <summary>Adds <paramref name="name"/> to a list of distinct names, or <see cref="Others"/> once it holds <see cref="MaxNames"/>.</summary>
    public static void AddCapped(List<string> names, string name)
    {
        if (names.Contains(name)) return;
        if (names.Count >= MaxNames)
        {
            if (!names.Contains(Others)) names.Add(Others);
            return;
        }
        names.Add(name);
    }

    /// <summary>Adds <paramref name="count"/> keys of module <paramref name="name"/>, past <see cref="MaxNames"/> names under <see cref="Others"/>.</summary>
    public static void AddCapped(IDictionary<string, long> counts, string name, long count)
    {
        if (!counts.ContainsKey(name) && counts.Count >= MaxNames) name = Others;
        counts[name] = counts.TryGetValue(name, out long n) ? n + count : count;
    }
}
