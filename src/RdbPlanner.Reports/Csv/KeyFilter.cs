using RdbPlanner.Analysis;
using RdbPlanner.Memory;

namespace RdbPlanner.Reports;

/// <summary>
/// Which keys go into the per-key CSV (the CLI's --db, --type, --key-pattern, --min-bytes). Every condition given must
/// hold; an empty filter keeps every key. Built once, then tested per key without allocating.
/// </summary>
public sealed class KeyFilter
{
    /// <summary>Type names --type accepts: the TYPE command's names, plus redis-rdb-tools' "sortedset" for zset.</summary>
    public static readonly IReadOnlyList<string> TypeNames = ["string", "list", "set", "zset", "hash", "stream", "module"];

    public static readonly KeyFilter All = new();

    private readonly int[]? _databases;
    private readonly string[]? _types;

    /// <param name="databases">Database numbers to keep; null or empty keeps all.</param>
    /// <param name="types">Type names (see <see cref="TypeNames"/>, case-insensitive); null or empty keeps all.</param>
    /// <param name="keyPattern">Redis glob on the key's bytes (see <see cref="RedisGlob"/>); null keeps all.</param>
    /// <param name="minBytes">Smallest size to keep, in the bytes of the model the caller tests against.</param>
    /// <exception cref="ArgumentException">An unknown type name, a negative database or size.</exception>
    public KeyFilter(IEnumerable<int>? databases = null, IEnumerable<string>? types = null, string? keyPattern = null, long minBytes = 0)
    {
        if (databases is not null)
        {
            _databases = databases.Distinct().Order().ToArray();
            if (_databases.Length == 0) _databases = null;
            else if (_databases[0] < 0) throw new ArgumentException($"database numbers are >= 0, got {_databases[0]}", nameof(databases));
        }
        if (types is not null)
        {
            var names = new List<string>();
            foreach (var raw in types)
            {
                string name = raw.Trim().ToLowerInvariant();
                if (name == "sortedset") name = "zset";
                string? known = TypeNames.FirstOrDefault(t => t == name);
                if (known is null)
                {
                    throw new ArgumentException($"unknown type '{raw}': expected one of {string.Join(", ", TypeNames)} (or sortedset)", nameof(types));
                }
                if (!names.Contains(known)) names.Add(known);
            }
            _types = names.Count == 0 ? null : [.. names];
        }
        if (minBytes < 0) throw new ArgumentException($"--min-bytes must be >= 0, got {minBytes}", nameof(minBytes));
        MinBytes = minBytes;
        Glob = string.IsNullOrEmpty(keyPattern) ? null : new RedisGlob(keyPattern);
    }

    public IReadOnlyList<int>? Databases => _databases;

    public IReadOnlyList<string>? Types => _types;

    public RedisGlob? Glob { get; }

    public long MinBytes { get; }

    public bool IsEmpty => _databases is null && _types is null && Glob is null && MinBytes == 0;

    /// <summary>Whether the key passes; --min-bytes compares with the standalone bytes of <paramref name="sizeModel"/>.</summary>
    public bool Matches(in KeyRecord key, EngineModel sizeModel)
    {
        if (_databases is not null && Array.BinarySearch(_databases, key.Database) < 0) return false;
        if (_types is not null && !ContainsType(_types, key.Type)) return false;
        if (MinBytes > 0 && key.Bytes[(int)sizeModel] < MinBytes) return false;
        if (Glob is not null && !Glob.IsMatch(key.Key, key.KeyLength > key.Key.Length)) return false;
        return true;
    }

    private static bool ContainsType(string[] types, string type)
    {
        foreach (var t in types)
        {
            if (string.Equals(t, type, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
