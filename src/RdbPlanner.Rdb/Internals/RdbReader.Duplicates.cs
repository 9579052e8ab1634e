using System.Globalization;
using System.Text;

namespace RdbPlanner.Rdb;

// Strict only: duplicate fields/members inside one compact blob. Engines loading with sanitize-dump-payload refuse
// them (rdb.c lpValidateIntegrityAndDups / ziplistPairsConvertAndValidateIntegrity / zipmapValidateIntegrity keep a
// dict of each tuple's first element, redis 7.2.4), FINDINGS F5. Integers compare as their decimal text, as there.
internal sealed partial class RdbReader
{
    private HashSet<string>? _seen;

    /// <summary>The per-value set, emptied; the first element count is bounded by MaxCollectionElements (checked before).</summary>
    private HashSet<string> BeginDuplicateCheck()
    {
        _seen ??= new HashSet<string>(StringComparer.Ordinal);
        _seen.Clear();
        return _seen;
    }

    private static void CheckUnique(HashSet<string> seen, in RdbCompactEntry e, long offset, long index, string what)
    {
        string text = e.IsInteger ? e.Integer.ToString(CultureInfo.InvariantCulture) : Encoding.Latin1.GetString(e.String);
        if (!seen.Add(text))
            RdbThrow.Format(offset, $"{what} has a duplicate at entry {index} ({text.Length} bytes)");
    }

    private static void CheckUnique(HashSet<string> seen, ReadOnlySpan<byte> key, long offset, long index, string what)
    {
        string text = Encoding.Latin1.GetString(key);
        if (!seen.Add(text))
            RdbThrow.Format(offset, $"{what} has a duplicate key at pair {index} ({text.Length} bytes)");
    }

    /// <summary>Lists may repeat elements; every other compact blob is a set, hash or zset keyed by its first elements.</summary>
    private bool ChecksDuplicates(RdbValueType type) => _strict && type != RdbValueType.ListZiplist;
}
