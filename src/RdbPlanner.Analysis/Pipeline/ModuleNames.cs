namespace RdbPlanner.Analysis;

/// <summary>
/// The module names met in one file, numbered, so a <see cref="KeyFacts"/> record carries an int rather than a string:
/// an array of records without references is not scanned by the garbage collector (the 16,384-record batches were, at
/// every collection the batches' own allocation set off). Written on the parsing thread, read on the aggregating one.
/// </summary>
internal sealed class ModuleNames
{
    private readonly List<string> _names = [];
    private readonly Lock _lock = new();

    /// <summary>0 for null (no name seen), else the name's number from 1.</summary>
    public int IdOf(string? name)
    {
        if (name is null) return 0;
        lock (_lock)
        {
            int i = _names.IndexOf(name);
            if (i < 0)
            {
                _names.Add(name);
                i = _names.Count - 1;
            }
            return i + 1;
        }
    }

    /// <summary>The name numbered <paramref name="id"/>; null for 0.</summary>
    public string? NameOf(int id)
    {
        if (id == 0) return null;
        lock (_lock) return _names[id - 1];
    }
}
