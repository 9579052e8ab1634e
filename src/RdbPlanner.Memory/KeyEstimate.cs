namespace RdbPlanner.Memory;

/// <summary>
/// Predicted bytes one key adds to used_memory under one engine model, without the keyspace table shares (those are
/// per db or per slot: <see cref="DatasetEstimator"/>). For Valkey 8.1 the key and expire live inside the value
/// object: <see cref="KeyBytes"/> is then that object (robj + embedded key, and the value when EMBSTR),
/// <see cref="ValueBytes"/> what the object points to, and <see cref="ExpiryBytes"/> what the TTL adds.
/// </summary>
public struct KeyEstimate
{
    public long KeyBytes;
    public long ValueBytes;
    public long ExpiryBytes;
    /// <summary>Extra bytes per key in cluster mode (Redis 7.x slot-to-key entry metadata); per-slot tables are not here.</summary>
    public long ClusterExtraBytes;
    /// <summary>In-memory encoding as OBJECT ENCODING prints it.</summary>
    public string Encoding;
    public long Elements;
    public long LargestElement;

    public readonly long Standalone => KeyBytes + ValueBytes + ExpiryBytes;

    public readonly long Cluster => Standalone + ClusterExtraBytes;
}

/// <summary>OBJECT ENCODING names (server.c strEncoding), as static strings.</summary>
public static class EncodingNames
{
    public const string Int = "int";
    public const string Embstr = "embstr";
    public const string Raw = "raw";
    public const string Listpack = "listpack";
    public const string Quicklist = "quicklist";
    public const string Intset = "intset";
    public const string Hashtable = "hashtable";
    public const string Skiplist = "skiplist";
    public const string Stream = "stream";
    public const string Module = "module";

    public static readonly string[] All = [Int, Embstr, Raw, Listpack, Quicklist, Intset, Hashtable, Skiplist, Stream, Module];

    /// <summary>
    /// Index in <see cref="All"/>. Models only ever assign these constants (interned literals), so a reference test
    /// settles the hot path without comparing characters; anything else falls back to comparing text.
    /// </summary>
    public static int IndexOf(string encoding)
    {
        var all = All;
        for (int i = 0; i < all.Length; i++)
        {
            if (ReferenceEquals(all[i], encoding)) return i;
        }
        int index = Array.IndexOf(all, encoding);
        return index < 0 ? all.Length - 1 : index;
    }
}
