using RdbPlanner.Memory.Layout;
using RdbPlanner.Rdb;

namespace RdbPlanner.Memory.Models;

/// <summary>
/// The in-memory encoding an engine picks when it loads a collection (memory-model.md §3, rdb.c rdbLoadObject of
/// redis 7.2.4 / valkey 8.1.1; Redis 7.0 differences §11). Compact blobs are kept or converted on their entry count
/// only; plain encodings and zipmaps also check element lengths. Default *-max-listpack-* limits.
/// </summary>
internal static class EncodingRules
{
    public const int HashMaxListpackEntries = 512;
    public const int HashMaxListpackValue = 64;
    public const int SetMaxIntsetEntries = 512;
    public const int SetMaxListpackEntries = 128;
    public const int SetMaxListpackValue = 64;
    public const int ZsetMaxListpackEntries = 128;
    public const int ZsetMaxListpackValue = 64;

    /// <summary>
    /// True when every model keeps a listpack of <paramref name="pairs"/> pairs of this type as it is (<see cref="Decide"/>:
    /// a listpack hash or sorted set within its entry limit), so its estimate needs no per-pair sums.
    /// </summary>
    public static bool KeepsPairBlob(RdbValueType type, long pairs) => pairs >= 0 && type switch
    {
        RdbValueType.HashListpack => pairs <= HashMaxListpackEntries,
        RdbValueType.ZSetListpack => pairs <= ZsetMaxListpackEntries,
        _ => false,
    };

    /// <summary>
    /// Encoding of a non-string value. <paramref name="compactBytes"/> is the listpack or intset size (before
    /// allocator rounding) for those encodings. <paramref name="valkey91"/>: the engine loads Valkey 9's field-TTL hashes
    /// (HASH_2) as hashtables whatever their size (memory-model.md §8.3, 9.1.2 rdb.c); the others see such a hash as the
    /// plain hash a logical migration would make of it.
    /// </summary>
    public static ValueEncoding Decide(ValueFacts f, bool redis70, out long compactBytes, bool valkey91 = false)
    {
        compactBytes = 0;
        long n = f.Count;
        switch (f.Kind)
        {
            case RdbObjectKind.List:
                if (redis70) return ValueEncoding.Quicklist; // 7.0 has no listpack-encoded lists
                if (f.Type == RdbValueType.List)
                {
                    if (f.Fill.SinglePackedNode) { compactBytes = f.Fill.TailBytes; return ValueEncoding.Listpack; }
                    return ValueEncoding.Quicklist;
                }
                if (f.Type == RdbValueType.ListZiplist) return ValueEncoding.Quicklist; // no conversion step for type 10
                if (f.StoredNodes == 1 && f.StoredPackedNodes == 1 && f.StoredLastPackedBytes <= Quicklist.NodeSizeLimit)
                {
                    compactBytes = f.StoredLastPackedBytes;
                    return ValueEncoding.Listpack;
                }
                return ValueEncoding.Quicklist;

            case RdbObjectKind.Set:
                if (f.Type == RdbValueType.SetIntset)
                {
                    if (n > SetMaxIntsetEntries) return ValueEncoding.Hashtable;
                    compactBytes = f.HasBlob ? f.BlobBytes : Intset.Bytes(n, Intset.Width(f.MinInteger, f.MaxInteger));
                    return ValueEncoding.Intset;
                }
                if (f.Type == RdbValueType.SetListpack)
                {
                    if (redis70 || n > SetMaxListpackEntries) return ValueEncoding.Hashtable;
                    compactBytes = f.HasBlob ? f.BlobBytes : f.ListpackBytes;
                    return ValueEncoding.Listpack;
                }
                if (f.AllIntegers && n <= SetMaxIntsetEntries)
                {
                    compactBytes = Intset.Bytes(n, Intset.Width(f.MinInteger, f.MaxInteger));
                    return ValueEncoding.Intset;
                }
                if (!redis70 && n <= SetMaxListpackEntries && f.MaxLength <= SetMaxListpackValue)
                {
                    compactBytes = f.ListpackBytes;
                    return ValueEncoding.Listpack;
                }
                return ValueEncoding.Hashtable;

            case RdbObjectKind.Hash:
                if (n > HashMaxListpackEntries || (valkey91 && f.Type == RdbValueType.ValkeyHash2)) return ValueEncoding.Hashtable;
                switch (f.Type)
                {
                    case RdbValueType.HashListpack:
                        compactBytes = f.HasBlob ? f.BlobBytes : f.ListpackBytes;
                        return ValueEncoding.Listpack;
                    case RdbValueType.HashZiplist:
                    case RdbValueType.HashListpackEx:
                    case RdbValueType.HashListpackExPreGa:
                        // Converted (field TTLs dropped) and shrunk to fit.
                        compactBytes = f.ListpackBytes;
                        return ValueEncoding.Listpack;
                    default:
                        // Plain hashes and zipmaps also apply hash-max-listpack-value.
                        if (f.MaxLength > HashMaxListpackValue) return ValueEncoding.Hashtable;
                        compactBytes = f.ListpackBytes;
                        return ValueEncoding.Listpack;
                }

            case RdbObjectKind.ZSet:
                if (n > ZsetMaxListpackEntries) return ValueEncoding.Skiplist;
                if (f.Type == RdbValueType.ZSetListpack)
                {
                    compactBytes = f.HasBlob ? f.BlobBytes : f.ListpackBytes;
                    return ValueEncoding.Listpack;
                }
                if (f.Type != RdbValueType.ZSetZiplist && f.MaxLength > ZsetMaxListpackValue) return ValueEncoding.Skiplist;
                compactBytes = redis70 ? f.ListpackBytes70 : f.ListpackBytes;
                return ValueEncoding.Listpack;

            case RdbObjectKind.Stream:
                return ValueEncoding.Stream;

            default:
                return ValueEncoding.Module;
        }
    }

    /// <summary>quicklist payload: struct + per node (node struct + its buffer).</summary>
    public static long QuicklistBytes(ValueFacts f, bool redis70, ModelContext c)
    {
        long nodes, alloc;
        if (f.IsPlainList)
        {
            ref readonly var fill = ref redis70 ? ref f.Fill70 : ref f.Fill;
            nodes = fill.Nodes;
            alloc = fill.NodeAllocBytes(c.Allocator);
        }
        else
        {
            nodes = f.StoredNodes;
            alloc = f.StoredNodeAlloc;
        }
        return c.J(Quicklist.StructBytes) + nodes * c.J(Quicklist.NodeBytes) + alloc;
    }
}
