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
    /// <summary>In-memory encoding (a byte: the models set it for every key of every model, so no string reference is stored).</summary>
    public ValueEncoding EncodingId;
    public long Elements;
    public long LargestElement;

    /// <summary>In-memory encoding as OBJECT ENCODING prints it.</summary>
    public readonly string Encoding => EncodingNames.Of(EncodingId);

    public readonly long Standalone => KeyBytes + ValueBytes + ExpiryBytes;

    public readonly long Cluster => Standalone + ClusterExtraBytes;

    /// <summary>
    /// Copies <paramref name="other"/> field by field. A plain struct assignment right after a model wrote the source
    /// reads it back 16 bytes at a time, which cannot be forwarded from the model's 8- and 1-byte stores and stalls
    /// (39 % of KeyEstimator.EndValue's samples in the native binary).
    /// </summary>
    public void CopyFrom(in KeyEstimate other)
    {
        KeyBytes = other.KeyBytes;
        ValueBytes = other.ValueBytes;
        ExpiryBytes = other.ExpiryBytes;
        ClusterExtraBytes = other.ClusterExtraBytes;
        EncodingId = other.EncodingId;
        Elements = other.Elements;
        LargestElement = other.LargestElement;
    }
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

    /// <summary>The OBJECT ENCODING name of <paramref name="encoding"/>.</summary>
    public static string Of(ValueEncoding encoding) => All[(int)encoding];
}

/// <summary>In-memory encodings, in the order of <see cref="EncodingNames.All"/>.</summary>
public enum ValueEncoding : byte
{
    Int,
    Embstr,
    Raw,
    Listpack,
    Quicklist,
    Intset,
    Hashtable,
    Skiplist,
    Stream,
    Module,
}
